"""Organiser accounts: the one-time setup link, logging in and out."""
import logging

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import UserMixin, login_required, login_user, logout_user

from sessions import account_services, accounts
from sessions.errors import DomainError

from . import unit_of_work
from .extensions import limiter, login_manager
from .forms import ConfirmForm, LoginForm, SetupForm
from .i18n import error_message

bp = Blueprint("auth", __name__)
log = logging.getLogger("buurttafel.auth")


class OrganiserUser(UserMixin):
    def __init__(self, organiser_id: int, email: str) -> None:
        self.id = organiser_id
        self.email = email


@login_manager.user_loader
def load_organiser(user_id: str):
    try:
        organiser_id = int(user_id)
    except ValueError:
        return None
    email = account_services.organiser_email(unit_of_work(), organiser_id)
    return OrganiserUser(organiser_id, email) if email else None


login_manager.login_view = "auth.login"
login_manager.login_message = None


def _login_key() -> str:
    # Per account, not per IP: a municipality's office shares one address.
    return "login:" + accounts.email_key(request.form.get("email"))


def _log_breach(limit) -> None:
    log.warning("rate limit reached (%s) on %s for key %s — possible guessing",
                limit.limit, request.path, limit.key)


@bp.route("/setup/<token>", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["JOIN_RATE_LIMIT"], methods=["POST"])
def setup(token: str):
    if not account_services.setup_token_is_valid(unit_of_work(), token):
        return render_template("errors/error.html", heading=_("Link no longer valid"),
                               message=error_message("setup_link_invalid")), 404
    form = SetupForm()
    if form.validate_on_submit():
        try:
            organiser_id = account_services.create_first_organiser(
                unit_of_work(), setup_token=token, email=form.email.data, password=form.password.data)
        except DomainError as error:
            form.email.errors.append(error_message(error.code))
        else:
            login_user(OrganiserUser(organiser_id, form.email.data), remember=False)
            flash(_("Your organiser account is ready."))
            return redirect(url_for("organiser.dashboard"))
    return render_template("auth/setup.html", form=form), 400 if form.errors else 200


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], key_func=_login_key, methods=["POST"],
               on_breach=_log_breach)
def login():
    form = LoginForm()
    if form.validate_on_submit():
        organiser_id = account_services.authenticate_organiser(
            unit_of_work(), email=form.email.data, password=form.password.data)
        if organiser_id is None:
            log.info("failed login for %s", accounts.email_key(form.email.data))
            form.password.errors.append(_("E-mail address or password is wrong."))
        else:
            login_user(OrganiserUser(organiser_id, form.email.data))
            return redirect(url_for("organiser.dashboard"))
    return render_template("auth/login.html", form=form), 400 if form.errors else 200


@bp.post("/logout")
@login_required
def logout():
    if ConfirmForm().validate_on_submit():
        logout_user()
        flash(_("You are logged out."))
    return redirect(url_for("public.home"))
