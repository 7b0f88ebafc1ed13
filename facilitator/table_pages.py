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


def _remember(key: str, table_id: int, token: str) -> None:
    session[key] = {**session.get(key, {}), str(table_id): token}
    session.permanent = True


@bp.get("/console/<token>")
def console(token: str):
    table = services.table_by_facilitator_token(unit_of_work(), token)
    if table is None:
        return render_template("table/link_invalid.html"), 404
    _remember("console_tokens", table.id, token)
    return render_template("table/console.html", table=table,
                           join_url=absolute("public.table", code=table.join_code),
                           live={"table": table.id, "role": "console", "strings": js_strings()})


@bp.get("/wall/<token>")
def wall(token: str):
    table = services.table_by_wall_token(unit_of_work(), token)
    if table is None:
        return render_template("table/link_invalid.html"), 404
    _remember("wall_tokens", table.id, token)
    return render_template("table/wall.html", table=table, token=token,
                           join_url=absolute("public.table", code=table.join_code),
                           live={"table": table.id, "role": "wall", "strings": js_strings()})


@bp.get("/wall/<token>/qr.svg")
def wall_qr(token: str):
    table = services.table_by_wall_token(unit_of_work(), token)
    if table is None:
        return render_template("table/link_invalid.html"), 404
    return qr_svg_response(absolute("public.table", code=table.join_code),
                           title=_("Join code %(code)s", code=table.join_code))
