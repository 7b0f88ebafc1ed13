"""Events of Kaders: the table's frame."""
from sessions import commands, frame_services
from sessions.events import Outcome

from .. import unit_of_work
from ..connections import CONSOLE, Connection
from ..dispatch import table_event


@table_event(commands.SaveFrame, roles=(CONSOLE,))
def save_frame(connection: Connection, command: commands.SaveFrame) -> Outcome:
    """Console: the whole frame. Everybody receives `frame_changed`."""
    return frame_services.save_frame(unit_of_work(), command, table_id=connection.table_id)
