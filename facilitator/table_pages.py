"""The facilitator's console and the projected wall, opened by their secret links.

Opening a link records it in the browser's session; the socket connection that
follows is authorised from that session (and, for the console, checked against
the current link at every event, so revoking takes effect at once)."""
from flask import Blueprint, render_template, session
from flask_babel import gettext as _

from sessions import services

from . import unit_of_work
from .i18n import js_strings
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
    return render_template(template, table=table, token=token, join_url=absolute("public.table", code=table.join_code),
                           live={"table": table.id, "role": role, "strings": js_strings()})


@bp.get("/console/<token>")
def console(token: str):
    return _open_live_page(services.table_by_facilitator_token(unit_of_work(), token), token=token,
                           session_key="console_tokens", role="console", template="table/console.html")


@bp.get("/wall/<token>")
def wall(token: str):
    return _open_live_page(services.table_by_wall_token(unit_of_work(), token), token=token,
                           session_key="wall_tokens", role="wall", template="table/wall.html")


@bp.get("/wall/<token>/qr.svg")
def wall_qr(token: str):
    table = services.table_by_wall_token(unit_of_work(), token)
    if table is None:
        return _link_invalid()
    return qr_svg_response(absolute("public.table", code=table.join_code),
                           title=_("Join code %(code)s", code=table.join_code))
