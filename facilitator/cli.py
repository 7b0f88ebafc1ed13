"""Command line for organisers: `flask --app facilitator create-organiser EMAIL`."""
import click
from flask import Flask

from sessions import services
from sessions.errors import DomainError

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
