"""Command line for organisers who script: accounts, Pabulib import, allocation,
the minutes in every format, a demo round, and erasing expired personal data."""
from datetime import date
import secrets
from pathlib import Path

import click
from flask import Flask

from sessions import account_services, accounts, minutes, pabulib_services, privacy_services
from sessions.clock import utcnow
from sessions.errors import DomainError, NotFound
from sessions.money import format_euros

from . import demo

from . import unit_of_work
from .i18n import error_message
from .minutes_render import FORMATS, render_minutes


def register(app: Flask) -> None:
    @app.cli.command("create-organiser")
    @click.argument("email")
    @click.password_option(help="At least 10 characters; asked for when not given.")
    def create_organiser(email: str, password: str) -> None:
        """Create an organiser account."""
        try:
            account_services.create_organiser(unit_of_work(app), email=email, password=password)
        except DomainError as error:
            with app.test_request_context():
                raise click.ClickException(error_message(error.code)) from None
        click.echo(f"Organiser {accounts.email_key(email)} created. Log in at /login.")

    @app.cli.command("import-pb")
    @click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
    @click.option("--organiser", "email", help="Owner of the new table (default: the first organiser).")
    @click.option("--round", "round_id", type=int, help="Put the table in this round instead of a new one.")
    def import_pb(file: Path, email: str | None, round_id: int | None) -> None:
        """Import a Pabulib .pb file as a table; prints the new table's id."""
        with app.test_request_context():
            try:
                organiser_id = account_services.organiser_id_for_cli(unit_of_work(app), email=email)
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

    @app.cli.command("export-minutes")
    @click.argument("table_id", type=int)
    @click.option("--format", "fmt", type=click.Choice(FORMATS), default="pdf",
                  show_default=True)
    @click.option("--output", type=click.Path(dir_okay=False, path_type=Path),
                  help="File to write (default: the usual name, in this folder).")
    @click.option("--language", type=click.Choice(["nl", "en"]), default="nl", show_default=True)
    @click.option("--names", is_flag=True, help="Show display names instead of \"Deelnemer 1, 2, …\".")
    def export_minutes(table_id: int, fmt: str, output: Path | None, language: str, names: bool) -> None:
        """Write the minutes of a table; prints the path written."""
        with app.test_request_context():
            try:
                record = minutes.table_minutes(unit_of_work(app), table_id=table_id, with_names=names, now=utcnow())
            except NotFound:
                raise click.ClickException(f"No table {table_id}.") from None
            rendered = render_minutes(record, fmt, language=language)
        path = output or Path(rendered.filename)
        path.write_bytes(rendered.body)
        click.echo(path)

    @app.cli.command("demo")
    @click.option("--organiser", "email", help="Owner of the demo round (default: the first organiser; "
                                              "one is made when there is none).")
    def demo_round(email: str | None) -> None:
        """Create a Dutch demo round with two finished tables; prints each table's id."""
        with app.test_request_context():
            if email is None and not account_services.organiser_exists(unit_of_work(app)):
                password = secrets.token_urlsafe(12)
                email = "demo@example.org"
                account_services.create_organiser(unit_of_work(app), email=email, password=password)
                click.echo(f"Organiser {email} created with password {password}")
            try:
                organiser_id = account_services.organiser_id_for_cli(unit_of_work(app), email=email)
            except DomainError as error:
                raise click.ClickException(error_message(error.code)) from None
            created = demo.create_demo_round(unit_of_work(app), organiser_id=organiser_id, today=date.today())
        click.echo(f"Round {created['round_id']}: /organiser/rounds/{created['round_id']}")
        for table in created["tables"]:
            click.echo(f"Table {table['id']}: {table['title']} (/organiser/tables/{table['id']})")

    @app.cli.command("erase-expired")
    def erase_expired() -> None:
        """Erase the personal data of every round whose retention date has passed (for cron)."""
        erased = privacy_services.erase_expired_rounds(unit_of_work(app), today=date.today())
        click.echo(f"Erased the personal data of {len(erased)} round(s){': ' if erased else ''}"
                   f"{', '.join(map(str, erased))}")
