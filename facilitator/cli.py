"""Command line for organisers who script: accounts, Pabulib import and allocation."""
from pathlib import Path

import click
from flask import Flask

from sessions import pabulib_services, services
from sessions.errors import DomainError
from sessions.money import format_euros

from . import unit_of_work
from .i18n import error_message


def register(app: Flask) -> None:
    @app.cli.command("create-organiser")
    @click.argument("email")
    @click.password_option(help="At least 10 characters; asked for when not given.")
    def create_organiser(email: str, password: str) -> None:
        """Create an organiser account."""
        try:
            services.create_organiser(unit_of_work(app), email=email, password=password)
        except DomainError as error:
            with app.test_request_context():
                raise click.ClickException(error_message(error.code)) from None
        click.echo(f"Organiser {email.strip().lower()} created. Log in at /login.")

    @app.cli.command("import-pb")
    @click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
    @click.option("--organiser", "email", help="Owner of the new table (default: the first organiser).")
    @click.option("--round", "round_id", type=int, help="Put the table in this round instead of a new one.")
    def import_pb(file: Path, email: str | None, round_id: int | None) -> None:
        """Import a Pabulib .pb file as a table; prints the new table's id."""
        with app.test_request_context():
            try:
                organiser_id = services.organiser_id_for_cli(unit_of_work(app), email=email)
                table_id = pabulib_services.import_pabulib(unit_of_work(app), organiser_id=organiser_id,
                                                           text=file.read_text(encoding="utf-8"), round_id=round_id)
            except DomainError as error:
                line = f" (line {error.params['line']}: {error.params.get('detail', '')})" if "line" in error.params else ""
                raise click.ClickException(error_message(error.code) + line) from None
        click.echo(table_id)

    @app.cli.command("allocate")
    @click.argument("table_id", type=int)
    @click.option("--rule", type=click.Choice(["mes", "greedy", "phragmen"]), default="mes", show_default=True)
    def allocate(table_id: int, rule: str) -> None:
        """Print the options the table's latest ballots fund under RULE, one per line, with their cost."""
        with app.test_request_context():
            try:
                outcome, options = pabulib_services.latest_outcome(unit_of_work(app), table_id=table_id, rule=rule)
            except DomainError as error:
                raise click.ClickException(error_message(error.code)) from None
        for option_id in outcome.funded:
            click.echo(f"{options[option_id].title}\t{format_euros(options[option_id].cost_cents, locale='nl_NL')}")
