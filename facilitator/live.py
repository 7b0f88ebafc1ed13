"""Socket.IO: who is connected to which table, the events they may send, and
publishing domain events to the right rooms.

Rooms: `table:<id>` holds the phones and the wall of a table, `console:<id>` its
consoles. Every domain event goes to both, the console getting the richer
payload; a table's events never reach another table's rooms.

On every (re)connect a client receives `snapshot`; after that, events carry the
table's `seq`. A client that sees a gap sends `request_snapshot`.
"""
import logging
import threading
from dataclasses import dataclass
from typing import Any, Callable

from flask import current_app, request, session
from flask_babel import get_locale
from flask_socketio import ConnectionRefusedError, emit, join_room
from sqlalchemy.exc import DBAPIError, OperationalError, TimeoutError as PoolTimeout

from sessions import (
    argument_services, ballot_services, cluster_services, consensus_services, frame_services, services,
)
from sessions.errors import DomainError
from sessions.events import TableEvent

from . import unit_of_work
from .extensions import socketio
from .i18n import error_message
from .payloads import is_well_formed

log = logging.getLogger("buurttafel.live")

PHONE, CONSOLE, WALL = "phone", "console", "wall"
ROLES = (PHONE, CONSOLE, WALL)


@dataclass(frozen=True)
class Connection:
    table_id: int
    role: str
    participant_id: int | None = None
    console_token: str | None = None


# This process's sockets. Who is present across all processes is in facilitator/presence.py.
_connections: dict[str, Connection] = {}
_connections_lock = threading.Lock()
_renewal_started: set[int] = set()  # ids of the presences whose renewal task runs


def public_room(table_id: int) -> str:
    return f"table:{table_id}"


def console_room(table_id: int) -> str:
    return f"console:{table_id}"


def publish(events: list[TableEvent]) -> None:
    for event in events:
        socketio.emit(event.name, event.wire(for_console=False), to=public_room(event.table_id))
        socketio.emit(event.name, event.wire(for_console=True), to=console_room(event.table_id))


def error_ack(code: str) -> dict[str, Any]:
    return {"ok": False, "error": code, "message": error_message(code)}


def database_unavailable(error: Exception) -> bool:
    """The database is away for a moment (restarted, network gone): the client should
    try again, and nothing was half-written, as every service owns its transaction."""
    return isinstance(error, (OperationalError, PoolTimeout)) or (
        isinstance(error, DBAPIError) and error.connection_invalidated)


# -- connecting ---------------------------------------------------------------

def _authorise(auth: object) -> Connection:
    """Who is this socket, from what the Flask session says they opened over HTTP."""
    if not isinstance(auth, dict) or set(auth) - {"table", "role"}:
        raise DomainError("invalid_payload")
    table_id, role = auth.get("table"), auth.get("role")
    if isinstance(table_id, bool) or not isinstance(table_id, int) or role not in ROLES \
            or not is_well_formed(table_id):
        raise DomainError("invalid_payload")
    key = str(table_id)
    if role == PHONE:
        participant_id = session.get("participant_of", {}).get(key)
        if participant_id and services.participant_belongs_to(
                unit_of_work(), table_id=table_id, participant_id=participant_id):
            return Connection(table_id, PHONE, participant_id=participant_id)
    elif role == CONSOLE:
        token = session.get("console_tokens", {}).get(key)
        found = services.table_by_facilitator_token(unit_of_work(), token) if token else None
        if found is not None and found.id == table_id:
            return Connection(table_id, CONSOLE, console_token=token)
    elif role == WALL:
        token = session.get("wall_tokens", {}).get(key)
        found = services.table_by_wall_token(unit_of_work(), token) if token else None
        if found is not None and found.id == table_id:
            return Connection(table_id, WALL)
    raise DomainError("not_allowed")


def _snapshot(connection: Connection) -> dict[str, Any]:
    snapshot = services.snapshot(
        unit_of_work(), table_id=connection.table_id, for_console=connection.role == CONSOLE,
        participant_id=connection.participant_id)
    if connection.role == CONSOLE:
        snapshot["online"] = _online_participants(connection.table_id)
    return snapshot


def _online_participants(table_id: int) -> list[int]:
    return current_app.extensions["presence"].online(table_id)


def _publish_presence(table_id: int, presence=None) -> None:
    online = (presence or current_app.extensions["presence"]).online(table_id)
    socketio.emit("presence_changed", {"table_id": table_id, "online": online}, to=console_room(table_id))


def _keep_presence_fresh(presence) -> None:
    """Several processes: renew this process's phones in Redis, and tell the consoles
    when the phones of a process that died drop out."""
    while True:
        socketio.sleep(presence.renew_every_s)
        try:
            with _connections_lock:
                served = {c.table_id for c in _connections.values()}
            for table_id in presence.renew_and_sweep(served):
                _publish_presence(table_id, presence)
        except Exception:  # Redis away for a moment: try again at the next round
            log.exception("renewing presence failed")


def _start_presence_renewal(presence) -> None:
    with _connections_lock:
        if not presence.shared or id(presence) in _renewal_started:
            return
        _renewal_started.add(id(presence))
    socketio.start_background_task(_keep_presence_fresh, presence)


def _refuse(code: str):
    log.info("socket refused: %s", code)
    ack = error_ack(code)
    # The client sees err.message (text) and err.data (the usual error ack).
    raise ConnectionRefusedError(ack["message"], ack) from None


def _refuse_if_database_unavailable(error: Exception) -> None:
    if database_unavailable(error):
        log.warning("socket refused: database unavailable (%s)", type(error).__name__)
        _refuse("database_unavailable")


@socketio.on("connect")
def on_connect(auth=None):
    """A phone, console or wall connects with auth {table, role}; it receives `snapshot`."""
    try:
        connection = _authorise(auth)
    except DomainError as error:
        _refuse(error.code)
    except Exception as error:
        _refuse_if_database_unavailable(error)
        raise
    with _connections_lock:
        _connections[request.sid] = connection
    presence = current_app.extensions["presence"]
    _start_presence_renewal(presence)
    if connection.role == PHONE:
        presence.arrived(request.sid, table_id=connection.table_id, participant_id=connection.participant_id)
    join_room(console_room(connection.table_id) if connection.role == CONSOLE
              else public_room(connection.table_id))
    try:
        snapshot = _snapshot(connection)
    except Exception as error:
        on_disconnect()  # a refused socket never disconnects: undo what connecting did
        _refuse_if_database_unavailable(error)
        raise
    emit("snapshot", snapshot)
    if connection.role == PHONE:
        _publish_presence(connection.table_id)


@socketio.on("disconnect")
def on_disconnect(*_reason):
    with _connections_lock:
        _connections.pop(request.sid, None)
    table_id = current_app.extensions["presence"].left(request.sid)
    if table_id is not None:
        _publish_presence(table_id)


# -- events -------------------------------------------------------------------

# event name -> the roles that may send it; tests build their permission matrix from this.
EVENT_RULES: dict[str, frozenset[str]] = {}
# event name -> the payload fields it accepts; the property-based tests draw payloads from these.
EVENT_FIELDS: dict[str, tuple[str, ...]] = {}


def table_event(name: str, *, roles: tuple[str, ...], fields: tuple[str, ...] = ()):
    """Register a socket event: check the sender's role and the payload's shape,
    run the handler, publish the events it returns, and answer with an ack.

    A handler returns its events, a dict for the ack, or both as (events, dict)."""

    def register(handler: Callable[[Connection, dict], list[TableEvent] | dict | tuple[list[TableEvent], dict]]):
        EVENT_RULES[name] = frozenset(roles)
        EVENT_FIELDS[name] = tuple(fields)

        def dispatch(payload=None):
            connection = _connections.get(request.sid)
            if connection is None:
                return error_ack("not_connected")
            if connection.role not in roles:
                log.warning("refused %s from %s at table %s", name, connection.role, connection.table_id)
                return error_ack("not_allowed")
            try:
                if connection.role == CONSOLE and not _console_link_still_valid(connection):
                    return error_ack("link_revoked")
                payload = {} if payload is None else payload
                if not isinstance(payload, dict) or set(payload) - set(fields) or not is_well_formed(payload):
                    return error_ack("invalid_payload")
                result = handler(connection, payload)
            except DomainError as error:
                return error_ack(error.code)
            except Exception as error:
                if database_unavailable(error):
                    log.warning("event %s: database unavailable (%s)", name, type(error).__name__)
                    return error_ack("database_unavailable")
                log.exception("event %s failed", name)
                return error_ack("server_error")
            if isinstance(result, dict):
                events, data = [], result
            elif isinstance(result, tuple):
                events, data = result
            else:
                events, data = result, {}
            publish(events)
            return {"ok": True, "seq": events[-1].seq if events else None, **data}

        socketio.on_event(name, dispatch)
        return handler

    return register


def _console_link_still_valid(connection: Connection) -> bool:
    found = services.table_by_facilitator_token(unit_of_work(), connection.console_token)
    return found is not None and found.id == connection.table_id


@socketio.on("*")
def unknown_event(event, *_args):
    """Any event nobody registered: say so instead of staying silent."""
    return error_ack("invalid_payload")


@table_event("request_snapshot", roles=ROLES)
def request_snapshot(connection: Connection, _payload: dict) -> dict:
    """Any client, after it saw a gap in seq. Ack: {ok, snapshot}."""
    return {"snapshot": _snapshot(connection)}


@table_event("set_phase", roles=(CONSOLE,), fields=("phase",))
def set_phase(connection: Connection, payload: dict) -> list[TableEvent]:
    """Console: {phase}. Everybody at the table receives `phase_changed`."""
    return services.set_phase(unit_of_work(), table_id=connection.table_id, phase=payload.get("phase"))


@table_event("start_timer", roles=(CONSOLE,))
def start_timer(connection: Connection, _payload: dict) -> list[TableEvent]:
    """Console. Everybody receives `timer_changed`."""
    return services.start_timer(unit_of_work(), table_id=connection.table_id)


@table_event("pause_timer", roles=(CONSOLE,))
def pause_timer(connection: Connection, _payload: dict) -> list[TableEvent]:
    """Console. Everybody receives `timer_changed`."""
    return services.pause_timer(unit_of_work(), table_id=connection.table_id)


@table_event("reset_timer", roles=(CONSOLE,), fields=("duration_s",))
def reset_timer(connection: Connection, payload: dict) -> list[TableEvent]:
    """Console: {duration_s}. Everybody receives `timer_changed`."""
    return services.reset_timer(unit_of_work(), table_id=connection.table_id,
                                duration_s=payload.get("duration_s"))


# -- arguments (Inbreng, Afwegen) ------------------------------------------------

def _submit(connection: Connection, payload: dict, *, participant_id: int | None, limit: int | None):
    argument_id, repeat, events = argument_services.submit_argument(
        unit_of_work(), table_id=connection.table_id, participant_id=participant_id,
        client_id=payload.get("client_id"), stance=payload.get("stance"), text=payload.get("text"),
        per_minute_limit=limit, option_id=payload.get("option_id"))
    return events, {"argument_id": argument_id, "client_id": payload["client_id"], "repeat": repeat}


@table_event("submit_argument", roles=(PHONE,), fields=("client_id", "stance", "text", "option_id"))
def submit_argument(connection: Connection, payload: dict):
    """Phone: {client_id, stance, text, option_id?}. Ack {argument_id, client_id, repeat}; a resend of a
    client_id already stored is acknowledged again. Everybody receives `argument_added`."""
    return _submit(connection, payload, participant_id=connection.participant_id,
                   limit=current_app.config["ARGUMENTS_PER_MINUTE"])


@table_event("capture_argument", roles=(CONSOLE,), fields=("client_id", "stance", "text", "option_id"))
def capture_argument(connection: Connection, payload: dict):
    """Console, for someone without a phone: {client_id, stance, text}. Marked
    "via de gespreksleider". Everybody receives `argument_added`."""
    return _submit(connection, payload, participant_id=None, limit=None)


@table_event("edit_argument", roles=(PHONE,), fields=("argument_id", "stance", "text"))
def edit_argument(connection: Connection, payload: dict) -> list[TableEvent]:
    """Phone, its own argument while input is open. Everybody receives `argument_changed`."""
    return argument_services.edit_own_argument(
        unit_of_work(), table_id=connection.table_id, participant_id=connection.participant_id,
        argument_id=payload.get("argument_id"), text=payload.get("text"), stance=payload.get("stance"))


@table_event("withdraw_argument", roles=(PHONE,), fields=("argument_id",))
def withdraw_argument(connection: Connection, payload: dict) -> list[TableEvent]:
    """Phone, its own argument while input is open. Everybody receives `argument_changed`."""
    return argument_services.withdraw_own_argument(
        unit_of_work(), table_id=connection.table_id, participant_id=connection.participant_id,
        argument_id=payload.get("argument_id"))


@table_event("correct_argument", roles=(CONSOLE,), fields=("argument_id", "stance", "text"))
def correct_argument(connection: Connection, payload: dict) -> list[TableEvent]:
    """Console: fix a typo or the stance. Everybody receives `argument_changed`."""
    return argument_services.correct_argument(
        unit_of_work(), table_id=connection.table_id, argument_id=payload.get("argument_id"),
        text=payload.get("text"), stance=payload.get("stance"))


@table_event("hide_argument", roles=(CONSOLE,), fields=("argument_id", "reason"))
def hide_argument(connection: Connection, payload: dict) -> list[TableEvent]:
    """Console: {argument_id, reason}. Phones and wall drop it; the record keeps it."""
    return argument_services.hide_argument(unit_of_work(), table_id=connection.table_id,
                                           argument_id=payload.get("argument_id"), reason=payload.get("reason"))


@table_event("unhide_argument", roles=(CONSOLE,), fields=("argument_id",))
def unhide_argument(connection: Connection, payload: dict) -> list[TableEvent]:
    """Console: undo a hide. Everybody receives `argument_changed`."""
    return argument_services.unhide_argument(unit_of_work(), table_id=connection.table_id,
                                             argument_id=payload.get("argument_id"))


@table_event("pin_argument", roles=(CONSOLE,), fields=("argument_id", "pinned"))
def pin_argument(connection: Connection, payload: dict) -> list[TableEvent]:
    """Console: {argument_id, pinned: bool}. Pinned arguments lead on the wall."""
    return argument_services.pin_argument(unit_of_work(), table_id=connection.table_id,
                                          argument_id=payload.get("argument_id"), pinned=payload.get("pinned"))


@table_event("merge_arguments", roles=(CONSOLE,), fields=("source_id", "target_id"))
def merge_arguments(connection: Connection, payload: dict) -> list[TableEvent]:
    """Console: fold source into target. Two `argument_changed` events follow."""
    return argument_services.merge_arguments(unit_of_work(), table_id=connection.table_id,
                                             source_id=payload.get("source_id"), target_id=payload.get("target_id"))


@table_event("set_input_open", roles=(CONSOLE,), fields=("open",))
def set_input_open(connection: Connection, payload: dict) -> list[TableEvent]:
    """Console: {open: bool}. Everybody receives `input_changed`."""
    return argument_services.set_input_open(unit_of_work(), table_id=connection.table_id,
                                            open_=payload.get("open"))


@table_event("react", roles=(PHONE,), fields=("argument_id", "value"))
def react(connection: Connection, payload: dict) -> list[TableEvent]:
    """Phone, in Afwegen: {argument_id, value: agree|disagree|pass}. Everybody receives
    `reaction_changed` with the new counts."""
    return argument_services.react(unit_of_work(), table_id=connection.table_id,
                                   participant_id=connection.participant_id,
                                   argument_id=payload.get("argument_id"), value=payload.get("value"))


# -- clusters and options (Ordenen) -------------------------------------------------
# Console only. Each grouping change sends everybody `clusters_changed` with the whole
# layout; each option change `options_changed` with all options and their total.

@table_event("create_cluster", roles=(CONSOLE,), fields=("name", "argument_ids"))
def create_cluster(connection: Connection, payload: dict):
    """{name?, argument_ids?}: a new cluster, empty or of these arguments (also: split). Ack {cluster_id}."""
    return cluster_services.create_cluster(unit_of_work(), table_id=connection.table_id,
                                           name=payload.get("name", ""), argument_ids=payload.get("argument_ids"))


@table_event("rename_cluster", roles=(CONSOLE,), fields=("cluster_id", "name"))
def rename_cluster(connection: Connection, payload: dict) -> list[TableEvent]:
    return cluster_services.rename_cluster(unit_of_work(), table_id=connection.table_id,
                                           cluster_id=payload.get("cluster_id"), name=payload.get("name"))


@table_event("move_arguments", roles=(CONSOLE,), fields=("argument_ids", "cluster_id"))
def move_arguments(connection: Connection, payload: dict) -> list[TableEvent]:
    """{argument_ids, cluster_id}: cluster_id null takes them out of every cluster."""
    return cluster_services.move_arguments(unit_of_work(), table_id=connection.table_id,
                                           argument_ids=payload.get("argument_ids"),
                                           cluster_id=payload.get("cluster_id"))


@table_event("merge_clusters", roles=(CONSOLE,), fields=("source_id", "target_id"))
def merge_clusters(connection: Connection, payload: dict) -> list[TableEvent]:
    return cluster_services.merge_clusters(unit_of_work(), table_id=connection.table_id,
                                           source_id=payload.get("source_id"), target_id=payload.get("target_id"))


@table_event("delete_cluster", roles=(CONSOLE,), fields=("cluster_id",))
def delete_cluster(connection: Connection, payload: dict) -> list[TableEvent]:
    return cluster_services.delete_cluster(unit_of_work(), table_id=connection.table_id,
                                           cluster_id=payload.get("cluster_id"))


@table_event("reorder_clusters", roles=(CONSOLE,), fields=("cluster_ids",))
def reorder_clusters(connection: Connection, payload: dict) -> list[TableEvent]:
    """{cluster_ids}: every cluster of the table, in the new order."""
    return cluster_services.reorder_clusters(unit_of_work(), table_id=connection.table_id,
                                             cluster_ids=payload.get("cluster_ids"))


@table_event("undo_cluster_change", roles=(CONSOLE,))
def undo_cluster_change(connection: Connection, _payload: dict) -> list[TableEvent]:
    """Puts the grouping back as it was before the last change."""
    return cluster_services.undo_cluster_change(unit_of_work(), table_id=connection.table_id)


@table_event("suggest_clusters", roles=(CONSOLE,))
def suggest_clusters(connection: Connection, _payload: dict) -> dict:
    """Ack {suggestions: [{argument_ids, name}]} for the arguments not grouped yet, in the
    console's language. Nothing changes until the facilitator accepts one (create_cluster)."""
    language = "en" if str(get_locale()) == "en" else "nl"
    return cluster_services.suggest_clusters(unit_of_work(), table_id=connection.table_id, language=language)


@table_event("save_option", roles=(CONSOLE,), fields=("cluster_id", "title", "cost_euros", "description", "carried_by"))
def save_option(connection: Connection, payload: dict):
    """{cluster_id, title, cost_euros (whole euros), description?, carried_by?}. Ack {option_id}."""
    return cluster_services.save_option(
        unit_of_work(), table_id=connection.table_id, cluster_id=payload.get("cluster_id"),
        title=payload.get("title"), cost_euros=payload.get("cost_euros"),
        description=payload.get("description"), carried_by=payload.get("carried_by"))


@table_event("delete_option", roles=(CONSOLE,), fields=("option_id",))
def delete_option(connection: Connection, payload: dict) -> list[TableEvent]:
    return cluster_services.delete_option(unit_of_work(), table_id=connection.table_id,
                                          option_id=payload.get("option_id"))


# -- the frame (Kaders) ----------------------------------------------------------------

@table_event("save_frame", roles=(CONSOLE,),
             fields=("goals", "roles", "conditions", "ballot_form", "rule", "consensus_rule"))
def save_frame(connection: Connection, payload: dict) -> list[TableEvent]:
    """Console: the whole frame. Everybody receives `frame_changed`."""
    return frame_services.save_frame(
        unit_of_work(), table_id=connection.table_id, goals=payload.get("goals"), roles=payload.get("roles"),
        conditions=payload.get("conditions"), ballot_form=payload.get("ballot_form"), rule=payload.get("rule"),
        consensus_rule=payload.get("consensus_rule"))


# -- ballots (Verdelen) ----------------------------------------------------------------
# Every change sends everybody `ballots_changed`: turnout and the aggregate per option.

@table_event("open_ballot_round", roles=(CONSOLE,))
def open_ballot_round(connection: Connection, _payload: dict) -> list[TableEvent]:
    """Console: a new round on the current options, in the frame's ballot form."""
    return ballot_services.open_ballot_round(unit_of_work(), table_id=connection.table_id)


@table_event("close_ballot_round", roles=(CONSOLE,))
def close_ballot_round(connection: Connection, _payload: dict) -> list[TableEvent]:
    return ballot_services.close_ballot_round(unit_of_work(), table_id=connection.table_id)


@table_event("cast_ballot", roles=(PHONE,), fields=("approved", "points"))
def cast_ballot(connection: Connection, payload: dict):
    """Phone: {approved: [option ids]} (kiezen) or {points: {option id: points}} (verdelen).
    A new ballot replaces the previous one. Ack {ballot}."""
    return ballot_services.cast_ballot(unit_of_work(), table_id=connection.table_id,
                                       participant_id=connection.participant_id,
                                       approved=payload.get("approved"), points=payload.get("points"))


@table_event("cast_paper_ballot", roles=(CONSOLE,), fields=("paper_label", "approved", "points"))
def cast_paper_ballot(connection: Connection, payload: dict):
    """Console, for someone without a phone: {paper_label, approved | points}."""
    return ballot_services.cast_paper_ballot(unit_of_work(), table_id=connection.table_id,
                                             paper_label=payload.get("paper_label"),
                                             approved=payload.get("approved"), points=payload.get("points"))


# -- consensus (Besluiten) --------------------------------------------------------------
# Every change sends everybody `consensus_changed`: the latest round's anonymous tally,
# the reasons given (never by whom), and the decision once recorded.

@table_event("propose", roles=(CONSOLE,), fields=("option_ids", "based_on_rule"))
def propose(connection: Connection, payload: dict) -> list[TableEvent]:
    """Console: {option_ids, based_on_rule?}: a proposal within the budget opens a round."""
    return consensus_services.propose(unit_of_work(), table_id=connection.table_id,
                                      option_ids=payload.get("option_ids"), based_on_rule=payload.get("based_on_rule"))


@table_event("give_signal", roles=(PHONE,), fields=("level", "reason"))
def give_signal(connection: Connection, payload: dict) -> list[TableEvent]:
    """Phone: {level 1-5, reason?}; 5 (objection) needs a reason. A new signal replaces the old."""
    return consensus_services.give_signal(unit_of_work(), table_id=connection.table_id,
                                          participant_id=connection.participant_id,
                                          level=payload.get("level"), reason=payload.get("reason"))


@table_event("close_consensus_round", roles=(CONSOLE,))
def close_consensus_round(connection: Connection, _payload: dict) -> list[TableEvent]:
    return consensus_services.close_consensus_round(unit_of_work(), table_id=connection.table_id)


@table_event("record_decision", roles=(CONSOLE,), fields=("outcome", "override_reason"))
def record_decision(connection: Connection, payload: dict) -> list[TableEvent]:
    """Console: {outcome?, override_reason?}: the computed outcome, or another with a reason."""
    return consensus_services.record_decision(unit_of_work(), table_id=connection.table_id,
                                              outcome=payload.get("outcome"),
                                              override_reason=payload.get("override_reason"))


@table_event("close_table", roles=(CONSOLE,))
def close_table(connection: Connection, payload: dict) -> list[TableEvent]:
    """Console, in Afgerond, after the table checked the draft minutes on the wall: the
    record becomes final and nothing at the table changes any more."""
    return services.close_table(unit_of_work(), table_id=connection.table_id)


@table_event("reopen_table", roles=(CONSOLE,))
def reopen_table(connection: Connection, payload: dict) -> list[TableEvent]:
    """Console: reopen a closed table for a correction; the minutes are a draft again."""
    return services.reopen_table(unit_of_work(), table_id=connection.table_id)
