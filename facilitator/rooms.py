"""Socket.IO rooms, and publishing a table's domain events to them.

`table:<id>` holds the phones and the wall of a table, `console:<id>` its consoles,
`participant:<table id>:<participant id>` the phones of one participant (a person may
have the page open twice). Every domain event goes to the first two, the console
getting the richer payload; one the table must not see yet goes to the phones and the
wall as `unseen_change` (only its seq); what concerns one participant's own argument
follows to their room. A table's events never reach another table's rooms."""
from sessions.events import TableEvent

from .extensions import socketio


def public_room(table_id: int) -> str:
    return f"table:{table_id}"


def console_room(table_id: int) -> str:
    return f"console:{table_id}"


def participant_room(table_id: int, participant_id: int) -> str:
    return f"participant:{table_id}:{participant_id}"


# -- the plenary vote of a round --------------------------------------------------------
# `round:<id>` holds every phone and console of the round's tables and the round wall:
# a change to the round's vote (sessions/round_vote_services.RoundEvent) goes there.
def round_room(round_id: int) -> str:
    return f"round:{round_id}"


def publish(events: list[TableEvent]) -> None:
    for event in events:
        if getattr(event, "round_id", None) is not None:
            from .round_broadcast import publish_round_event  # at most two a second per round
            publish_round_event(event)
            continue
        if event.same_for_everybody:
            # One message to both rooms: encoded once, not once per room (a reaction, a
            # ballot: the busiest events of an evening).
            socketio.emit(event.name, event.wire(for_console=False),
                          to=[public_room(event.table_id), console_room(event.table_id)])
        else:
            if event.console_only:
                socketio.emit("unseen_change", {"table_id": event.table_id, "seq": event.seq},
                              to=public_room(event.table_id))
            else:
                socketio.emit(event.public_name or event.name, event.wire(for_console=False),
                              to=public_room(event.table_id))
            socketio.emit(event.name, event.wire(for_console=True), to=console_room(event.table_id))
        # After the public one: on the author's own socket it arrives second, and wins.
        if event.author_id is not None:
            socketio.emit("own_argument_changed", {"table_id": event.table_id, "seq": event.seq,
                                                   **event.author_payload},
                          to=participant_room(event.table_id, event.author_id))
