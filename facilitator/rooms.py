"""Socket.IO rooms, and publishing a table's domain events to them.

`table:<id>` holds the phones and the wall of a table, `console:<id>` its consoles.
Every domain event goes to both, the console getting the richer payload; a table's
events never reach another table's rooms."""
from sessions.events import TableEvent

from .extensions import socketio


def public_room(table_id: int) -> str:
    return f"table:{table_id}"


def console_room(table_id: int) -> str:
    return f"console:{table_id}"


def publish(events: list[TableEvent]) -> None:
    for event in events:
        socketio.emit(event.name, event.wire(for_console=False), to=public_room(event.table_id))
        socketio.emit(event.name, event.wire(for_console=True), to=console_room(event.table_id))
