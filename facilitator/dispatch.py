"""The socket event registry: one command, one handler, one answer.

`table_event(Command, roles=...)` registers a handler under the command's wire name.
For every event it checks who sends it, turns the payload into the command (a payload
that does not fit is `invalid_payload`), runs the handler, publishes the outcome's
events to the table's rooms and answers with one acknowledgement:
`{"ok": true, "seq": …, **outcome.ack}`, or `{"ok": false, "error": code, "message": text}`."""
import logging
from typing import Callable

from flask import current_app, request

from sessions.command_fields import Command
from sessions.errors import DomainError
from sessions.events import Outcome

from .acks import database_unavailable, error_ack
from .connections import CONSOLE, PHONE, Connection, connection_of, console_link_still_valid
from .extensions import socketio
from .payloads import is_well_formed
from .rooms import publish

log = logging.getLogger("buurttafel.live")

# event name -> the roles that may send it; tests build their permission matrix from this.
EVENT_RULES: dict[str, frozenset[str]] = {}
# event name -> its command; the fields it accepts and their rules come from there.
EVENT_COMMANDS: dict[str, type[Command]] = {}

Handler = Callable[[Connection, Command], Outcome]


def table_event(command: type[Command], *, roles: tuple[str, ...]):
    def register(handler: Handler) -> Handler:
        name = command.wire_name
        EVENT_RULES[name] = frozenset(roles)
        EVENT_COMMANDS[name] = command

        def dispatch(payload=None):
            connection = connection_of(request.sid)
            if connection is None:
                return error_ack("not_connected")
            if connection.role not in roles:
                log.warning("refused %s from %s at table %s", name, connection.role, connection.table_id)
                return error_ack("not_allowed")
            try:
                if connection.role == CONSOLE and not console_link_still_valid(connection):
                    return error_ack("link_revoked")
                if connection.role == PHONE:
                    # Before anything else is read: a refused event costs (almost) nothing.
                    refusal = current_app.extensions["event_limits"].refusal(
                        name, table_id=connection.table_id, participant_id=connection.participant_id)
                    if refusal:
                        return error_ack(refusal)
                if not is_well_formed(payload):
                    return error_ack("invalid_payload")
                outcome = handler(connection, command.from_payload(payload))
            except DomainError as error:
                return error_ack(error.code)
            except Exception as error:
                if database_unavailable(error):
                    log.warning("event %s: database unavailable (%s)", name, type(error).__name__)
                    return error_ack("database_unavailable")
                log.exception("event %s failed", name)
                return error_ack("server_error")
            publish(outcome.events)
            return {"ok": True, "seq": outcome.seq, **outcome.ack}

        socketio.on_event(name, dispatch)
        return handler

    return register


@socketio.on("*")
def unknown_event(event, *_args):
    """Any event nobody registered: say so instead of staying silent."""
    return error_ack("invalid_payload")
