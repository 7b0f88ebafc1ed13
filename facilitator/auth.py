"""Organiser accounts: the one-time setup link, logging in and out."""
import logging
import time

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import UserMixin, current_user, login_required, login_user, logout_user

from limits import parse as parse_limit

from sessions import account_services, accounts
from sessions.accounts import password_matches
from sessions.errors import DomainError

from . import unit_of_work
from .extensions import limiter, login_manager
from .forms import ConfirmForm, LoginForm, SetupForm
from .i18n import error_message
from .offload import run_heavy

bp = Blueprint("auth", __name__)
log = logging.getLogger("buurttafel.auth")


class OrganiserUser(UserMixin):
    def __init__(self, organiser_id: int, email: str, session_version: int) -> None:
        self.id = organiser_id
        self.email = email
        self.session_version = session_version

    def get_id(self) -> str:
        # What the login cookie holds: the account and its session version (see load_organiser).
        return f"{self.id}:{self.session_version}"


def organiser_user(organiser_id: int) -> OrganiserUser | None:
    found = account_services.organiser_login(unit_of_work(), organiser_id)
    return OrganiserUser(organiser_id, *found) if found else None


@login_manager.user_loader
def load_organiser(user_id: str):
    """A cookie from before the last logout carries an older version: no login."""
    organiser_id, _, version = user_id.partition(":")
    if not organiser_id.isdigit() or not version.isdigit():
        return None
    user = organiser_user(int(organiser_id))
    return user if user is not None and user.session_version == int(version) else None


login_manager.login_view = "auth.login"
login_manager.login_message = None


def _account() -> str:
    return accounts.email_key(request.form.get("email"))


def _login_key() -> str:
    # Per address and account: a guesser at one address stops there, while the real
    # organiser elsewhere and colleagues at the same office (other accounts) go on.
    return f"login:{request.remote_addr}:{_account()}"


def _slow_down_failed_account() -> None:
    """Per account, from any address: after a few failures each further try waits,
    doubling up to LOGIN_SLOWDOWN_MAX_S. A wait, never a lock: the real organiser with
    the right password still gets in, an attacker gets few guesses an hour. The wait is
    a green sleep under eventlet, which holds up nobody else."""
    failures = _failures_of(_account())
    after, longest = current_app.config["LOGIN_SLOWDOWN_AFTER"], current_app.config["LOGIN_SLOWDOWN_MAX_S"]
    if failures >= after:
        wait = min(longest, 0.5 * 2 ** (failures - after))
        log.warning("slowing down logins for %s by %.1f s after %d failures — possible guessing",
                    _account(), wait, failures)
        time.sleep(wait)


ACCOUNT_FAILURES = parse_limit("1000000 per 15 minutes")  # a counter with a window, never reached


def _failures_of(account: str) -> int:
    stats = limiter.limiter.get_window_stats(ACCOUNT_FAILURES, "login-failures", account)
    return ACCOUNT_FAILURES.amount - stats.remaining


def _count_failure(account: str) -> None:
    limiter.limiter.hit(ACCOUNT_FAILURES, "login-failures", account)


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
            login_user(organiser_user(organiser_id), remember=False)
            flash(_("Your organiser account is ready."))
            return redirect(url_for("organiser.dashboard"))
    return render_template("auth/setup.html", form=form), 400 if form.errors else 200


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], key_func=_login_key, methods=["POST"],
               on_breach=_log_breach)
def login():
    form = LoginForm()
    if form.validate_on_submit():
        _slow_down_failed_account()
        organiser_id = account_services.authenticate_organiser(
            unit_of_work(), email=form.email.data, password=form.password.data,
            verify=lambda password_hash, password: run_heavy("password", password_matches, password_hash, password))
        if organiser_id is None:
            _count_failure(_account())
            log.info("failed login for %s", _account())
            form.password.errors.append(_("E-mail address or password is wrong."))
        else:
            login_user(organiser_user(organiser_id))
            return redirect(url_for("organiser.dashboard"))
    return render_template("auth/login.html", form=form), 400 if form.errors else 200


@bp.post("/logout")
@login_required
def logout():
    if ConfirmForm().validate_on_submit():
        account_services.end_sessions(unit_of_work(), current_user.id)
        logout_user()
        flash(_("You are logged out."))
    return redirect(url_for("public.home"))
