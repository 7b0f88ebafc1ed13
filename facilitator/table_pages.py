"""The facilitator's console and the projected wall, opened by their secret links.

Opening a link records it in the browser's session; the socket connection that
follows is authorised from that session (and, for the console, checked against
the current link at every event, so revoking takes effect at once)."""
from flask import Blueprint, abort, jsonify, render_template, request, session
from flask_babel import get_locale, gettext as _

from sessions import minutes, round_services
from sessions.clock import utcnow

from . import unit_of_work
from .forms import MinutesForm
from .i18n import js_strings
from .minutes_render import minutes_blocks, minutes_response
from .links import absolute
from .qr import qr_svg_response

bp = Blueprint("tables", __name__)


def _link_invalid():
    return render_template("errors/error.html", heading=_("Link no longer valid"), message=_(
        "This link does not work (any more). Ask the organiser of the round for the current link.")), 404


def _open_live_page(table, *, token: str, session_key: str, role: str, template: str):
    """Record the opened link in the browser's session, for the socket to be authorised by."""
    if table is None:
        return _link_invalid()
    session[session_key] = {**session.get(session_key, {}), str(table.id): token}
    session.permanent = True
    # The console shows the wall's link, for the facilitator to open it on the projector.
    wall_url = absolute("tables.wall", token=table.wall_token) if role == "console" else None
    return render_template(template, table=table, token=token, join_url=absolute("public.table", code=table.join_code),
                           wall_url=wall_url, live={"table": table.id, "role": role, "strings": js_strings()})


@bp.get("/console/<token>")
def console(token: str):
    return _open_live_page(round_services.table_by_facilitator_token(unit_of_work(), token), token=token,
                           session_key="console_tokens", role="console", template="table/console.html")


@bp.get("/wall/<token>")
def wall(token: str):
    return _open_live_page(round_services.table_by_wall_token(unit_of_work(), token), token=token,
                           session_key="wall_tokens", role="wall", template="table/wall.html")


@bp.get("/wall/<token>/qr.svg")
def wall_qr(token: str):
    table = round_services.table_by_wall_token(unit_of_work(), token)
    if table is None:
        return _link_invalid()
    return qr_svg_response(absolute("public.table", code=table.join_code),
                           title=_("Join code %(code)s", code=table.join_code))


@bp.get("/wall/<token>/minutes.json")
def wall_minutes(token: str):
    """The draft minutes, laid out, for the wall to show the table before people leave.
    Anonymous always: the wall is projected in the room."""
    table = round_services.table_by_wall_token(unit_of_work(), token)
    if table is None:
        return _link_invalid()
    # The wall is shown to the room: no argument carries its author's number there.
    record = minutes.table_minutes(unit_of_work(), table_id=table.id, author_numbers=False, now=utcnow())
    heading = _("Draft minutes: check them together before you leave") if record["draft"] \
        else _("The minutes are confirmed")
    return jsonify({"draft": record["draft"], "heading": heading,
                    "blocks": minutes_blocks(record, language=str(get_locale()))})


@bp.get("/console/<token>/minutes")
def console_minutes(token: str):
    """The facilitator's own copy of the minutes (anonymous), in any format."""
    table = round_services.table_by_facilitator_token(unit_of_work(), token)
    if table is None:
        return _link_invalid()
    form = MinutesForm(request.args)
    if not form.validate():
        abort(400)
    record = minutes.table_minutes(unit_of_work(), table_id=table.id, now=utcnow())
    return minutes_response(record, fmt=form.format.data, language=form.language.data)
