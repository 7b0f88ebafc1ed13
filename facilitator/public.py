"""What everybody reaches without an account: the home page, joining, the phone."""
from urllib.parse import urlsplit

from flask import Blueprint, abort, current_app, jsonify, redirect, render_template, request, session, url_for

from sessions import round_services, table_services
from sessions.errors import DomainError
from sessions.money import parse_euros

from . import unit_of_work
from .extensions import limiter
from .forms import JoinCodeForm, JoinForm
from .i18n import babel_locale, error_message, euros, js_strings
from .rooms import publish
from .security import log_breach

bp = Blueprint("public", __name__)


def _join_limit() -> str:
    return current_app.config["JOIN_RATE_LIMIT"]


def _join_failure_limit() -> str:
    return current_app.config["JOIN_FAILURE_GLOBAL_LIMIT"]


def _join_per_table_limit() -> str:
    return current_app.config["JOIN_PER_TABLE_LIMIT"]


def _is_failure(response) -> bool:
    return response.status_code == 404


def _joined(response) -> bool:
    return request.method == "POST" and response.status_code == 302


def _is_seated_here() -> bool:
    """A phone that already has a seat at the table of this link: it is never locked out
    by the caps on guessing or joining, since it guesses nothing and joins nobody."""
    seats = session.get("participant_of")
    code = (request.view_args or {}).get("code")
    if not seats or not code:
        return False
    found = round_services.table_by_join_code(unit_of_work(), code)
    return found is not None and str(found.id) in seats


def _table_key() -> str:
    return "join-table:" + (request.view_args or {}).get("code", "").strip().upper()


# Guessing join codes: each browser gets a few tries a minute, and all failed
# look-ups together, on both routes, are capped too (one count, shared by /join and
# /t/<code>), because a script can drop its cookies. Seats at one table are capped
# per minute as well, so a script cannot fill a table with made-up participants.
_failures_everywhere = limiter.shared_limit(
    _join_failure_limit, scope="join-failures", key_func=lambda: "join-failures", deduct_when=_is_failure,
    exempt_when=_is_seated_here, on_breach=log_breach)
_tries_per_browser = limiter.limit(_join_limit, methods=["POST"], exempt_when=_is_seated_here, on_breach=log_breach)
_seats_per_table = limiter.limit(_join_per_table_limit, methods=["POST"], key_func=_table_key, deduct_when=_joined,
                                 exempt_when=_is_seated_here, on_breach=log_breach)


def _rate_limited(view):
    for decorate in (_tries_per_browser, _failures_everywhere):
        view = decorate(view)
    return view


@bp.get("/")
def home():
    return render_template("public/home.html", form=JoinCodeForm())


@bp.post("/join")
@_rate_limited
def join_by_code():
    form = JoinCodeForm()
    if form.validate_on_submit():
        table = round_services.table_by_join_code(unit_of_work(), form.code.data)
        if table is not None:
            return redirect(url_for("public.table", code=table.join_code))
        form.code.errors.append(error_message("join_code_unknown"))
        return render_template("public/home.html", form=form), 404
    return render_template("public/home.html", form=form), 400


@bp.route("/t/<code>", methods=["GET", "POST"])
@_rate_limited
@_seats_per_table
def table(code: str):
    found = round_services.table_by_join_code(unit_of_work(), code)
    if found is None:
        form = JoinCodeForm(data={"code": code})
        form.code.errors = [error_message("join_code_unknown")]  # not validated, so no list yet
        return render_template("public/home.html", form=form), 404
    if found.join_code != code:
        return redirect(url_for("public.table", code=found.join_code))

    seats = session.get("participant_of", {})
    participant_id = seats.get(str(found.id))
    if participant_id and round_services.participant_belongs_to(
            unit_of_work(), table_id=found.id, participant_id=participant_id):
        return render_template("public/phone.html", table=found, live={
            "table": found.id, "role": "phone", "participant": participant_id, "strings": js_strings()})

    form = JoinForm()
    if form.validate_on_submit():
        try:
            joined = table_services.join_table(unit_of_work(), table_id=found.id, display_name=form.display_name.data,
                                               earlier_seats=list(seats.values()))
        except DomainError as error:
            form.display_name.errors.append(error_message(error.code))
        else:
            session["participant_of"] = {**seats, str(found.id): joined.ack["participant_id"]}
            session.permanent = True
            publish(joined.events)
            return redirect(url_for("public.table", code=found.join_code))
    return render_template("public/join.html", table=found, form=form), 400 if form.errors else 200


@bp.get("/lang/<language>")
def choose_language(language: str):
    if language not in current_app.config["LANGUAGES"]:
        abort(404)
    session["lang"] = language
    target = request.args.get("next", "/")
    # Only paths on this site, so the switch cannot send anybody elsewhere.
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        target = "/"
    return redirect(target)


@bp.get("/money/preview")
def money_preview():
    """What an amount typed into a money field will be saved as, read by the parser that
    saves it (sessions/money.py) in the page's language: the field's preview ("= € 3.000")
    and the save cannot disagree. Reads nothing stored, so it needs no account."""
    try:
        cents = parse_euros(request.args.get("amount", ""), locale=babel_locale())
    except DomainError as error:
        return jsonify({"ok": False, "error": error.code, "message": error_message(error.code)})
    return jsonify({"ok": True, "cents": cents, "shown": euros(cents)})
