"""Who is connected to which table, as what, and who is present.

A phone, console or wall connects with auth {table, role}; who it is comes from what
the Flask session says it opened over HTTP. On every (re)connect a client receives
`snapshot`; after that, events carry the table's `seq`, and a client that sees a gap
sends `request_snapshot`. Who is present across all processes is in presence.py."""
import logging
import threading
from dataclasses import dataclass
from typing import Any

from flask import current_app, request, session
from flask_socketio import ConnectionRefusedError, emit, join_room

from sessions import round_services, round_vote_services, table_services
from sessions.errors import DomainError

from . import unit_of_work
from .acks import database_unavailable, error_ack
from .extensions import socketio
from .payloads import is_well_formed
from .rooms import console_room, participant_room, public_room, round_room

log = logging.getLogger("buurttafel.live")

PHONE, CONSOLE, WALL = "phone", "console", "wall"
ROLES = (PHONE, CONSOLE, WALL)


@dataclass(frozen=True)
class Connection:
    table_id: int
    role: str
    participant_id: int | None = None
    console_token: str | None = None


# This process's sockets, by sid.
_connections: dict[str, Connection] = {}
_connections_lock = threading.Lock()
_renewal_started: set[int] = set()  # ids of the presences whose renewal task runs


def connection_of(sid: str) -> Connection | None:
    return _connections.get(sid)


def console_link_still_valid(connection: Connection) -> bool:
    found = round_services.table_by_facilitator_token(unit_of_work(), connection.console_token)
    return found is not None and found.id == connection.table_id


def snapshot_for(connection: Connection) -> dict[str, Any]:
    snapshot = table_services.snapshot(
        unit_of_work(), table_id=connection.table_id, for_console=connection.role == CONSOLE,
        participant_id=connection.participant_id)
    # The page draws itself for its role: no page guesses it from what the snapshot holds.
    snapshot["role"] = connection.role
    if connection.role == CONSOLE:
        snapshot["online"] = current_app.extensions["presence"].online(connection.table_id)
    return snapshot


def _authorise(auth: object) -> Connection:
    if not isinstance(auth, dict) or set(auth) - {"table", "role"}:
        raise DomainError("invalid_payload")
    table_id, role = auth.get("table"), auth.get("role")
    if isinstance(table_id, bool) or not isinstance(table_id, int) or role not in ROLES \
            or not is_well_formed(table_id):
        raise DomainError("invalid_payload")
    key = str(table_id)
    if role == PHONE:
        participant_id = session.get("participant_of", {}).get(key)
        if participant_id and round_services.participant_belongs_to(
                unit_of_work(), table_id=table_id, participant_id=participant_id):
            return Connection(table_id, PHONE, participant_id=participant_id)
    elif role == CONSOLE:
        token = session.get("console_tokens", {}).get(key)
        found = round_services.table_by_facilitator_token(unit_of_work(), token) if token else None
        if found is not None and found.id == table_id:
            return Connection(table_id, CONSOLE, console_token=token)
    elif role == WALL:
        token = session.get("wall_tokens", {}).get(key)
        found = round_services.table_by_wall_token(unit_of_work(), token) if token else None
        if found is not None and found.id == table_id:
            return Connection(table_id, WALL)
    raise DomainError("not_allowed")


# -- ending access ----------------------------------------------------------------

def end_access(table_id: int, roles: tuple[str, ...] = ROLES) -> None:
    """The sockets of these roles at this table stop at once: a revoked console link,
    an erased round. Through the message queue every process takes them out of the
    table's rooms, so they hear nothing more; this process also disconnects its own. A
    socket that connects again is authorised afresh, and the old link or seat no longer is."""
    if CONSOLE in roles:
        socketio.close_room(console_room(table_id))
    if PHONE in roles and WALL in roles:
        socketio.close_room(public_room(table_id))
    with _connections_lock:
        ended = [sid for sid, c in _connections.items() if c.table_id == table_id and c.role in roles]
    for sid in ended:
        socketio.server.disconnect(sid, namespace="/")
    if ended:
        log.info("ended %d %s sockets at table %s", len(ended), "/".join(roles), table_id)


# -- presence -------------------------------------------------------------------

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


# -- connecting -----------------------------------------------------------------

def _refuse(code: str):
    log.info("socket refused: %s", code)
    ack = error_ack(code)
    # The client sees err.message (text) and err.data (the usual error ack).
    raise ConnectionRefusedError(ack["message"], ack) from None


def _refuse_if_database_unavailable(error: Exception) -> None:
    if database_unavailable(error):
        log.warning("socket refused: database unavailable (%s)", type(error).__name__)
        _refuse("database_unavailable")


# -- the plenary vote of a round -------------------------------------------------------
ROUND_WALL = "round_wall"


def _join_round_vote(connection: Connection) -> None:
    """Phones and consoles hear their round's plenary vote: they join its room and get
    its state now (a phone also whether this person voted already, through any seat)."""
    if connection.role == WALL:
        return
    seats = [s for s in session.get("participant_of", {}).values() if isinstance(s, int)] \
        if connection.role == PHONE else None
    round_id, state = round_vote_services.on_connect(unit_of_work(), table_id=connection.table_id, seats=seats)
    if round_id is None:
        return
    join_room(round_room(round_id))
    if state is not None:
        emit("round_vote_changed", state)


def _join_round_vote_safely(connection: Connection) -> None:
    """The table's snapshot went out: a failure here must not undo the connection."""
    try:
        _join_round_vote(connection)
    except Exception:
        log.exception("joining the round's vote failed for table %s", connection.table_id)


def _connect_round_wall(auth: dict) -> None:
    """The round wall connects with auth {round, role: "round_wall"}, holding the wall
    token its page put in the session. It only listens: it is no table's connection, so
    every event it sends is refused (`not_connected`)."""
    round_id = auth.get("round")
    if set(auth) - {"round", "role"} or isinstance(round_id, bool) or not isinstance(round_id, int):
        _refuse("invalid_payload")
    token = session.get("round_wall_tokens", {}).get(str(round_id))
    try:
        view = round_vote_services.wall_by_token(unit_of_work(), token)
    except Exception as error:
        _refuse_if_database_unavailable(error)
        raise
    if view is None or view["round_id"] != round_id:
        _refuse("not_allowed")
    join_room(round_room(round_id))
    emit("round_vote_changed", view)


@socketio.on("connect")
def on_connect(auth=None):
    """A phone, console or wall connects with auth {table, role}; it receives `snapshot`."""
    if isinstance(auth, dict) and auth.get("role") == ROUND_WALL:
        return _connect_round_wall(auth)
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
    if connection.role == PHONE:
        join_room(participant_room(connection.table_id, connection.participant_id))
    try:
        snapshot = snapshot_for(connection)
    except Exception as error:
        on_disconnect()  # a refused socket never disconnects: undo what connecting did
        _refuse_if_database_unavailable(error)
        raise
    emit("snapshot", snapshot)
    _join_round_vote_safely(connection)
    if connection.role == PHONE:
        _publish_presence(connection.table_id)


@socketio.on("disconnect")
def on_disconnect(*_reason):
    with _connections_lock:
        _connections.pop(request.sid, None)
    table_id = current_app.extensions["presence"].left(request.sid)
    if table_id is not None:
        _publish_presence(table_id)
