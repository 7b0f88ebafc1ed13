"""Events of any phase: catching up, the phase, the timer, closing the table."""
from sessions import commands, table_services
from sessions.events import Outcome

from .. import unit_of_work
from ..connections import CONSOLE, PHONE, WALL, Connection, snapshot_for
from ..dispatch import table_event


@table_event(commands.RequestSnapshot, roles=(PHONE, CONSOLE, WALL))
def request_snapshot(connection: Connection, _command: commands.RequestSnapshot) -> Outcome:
    """Any client, after it saw a gap in seq. Ack: {snapshot}."""
    return Outcome([], {"snapshot": snapshot_for(connection)})


@table_event(commands.SetPhase, roles=(CONSOLE,))
def set_phase(connection: Connection, command: commands.SetPhase) -> Outcome:
    """Console: {phase}. Everybody at the table receives `phase_changed`."""
    return table_services.set_phase(unit_of_work(), command, table_id=connection.table_id)


@table_event(commands.StartTimer, roles=(CONSOLE,))
def start_timer(connection: Connection, command: commands.StartTimer) -> Outcome:
    """Console. Everybody receives `timer_changed`."""
    return table_services.start_timer(unit_of_work(), command, table_id=connection.table_id)


@table_event(commands.PauseTimer, roles=(CONSOLE,))
def pause_timer(connection: Connection, command: commands.PauseTimer) -> Outcome:
    """Console. Everybody receives `timer_changed`."""
    return table_services.pause_timer(unit_of_work(), command, table_id=connection.table_id)


@table_event(commands.ResetTimer, roles=(CONSOLE,))
def reset_timer(connection: Connection, command: commands.ResetTimer) -> Outcome:
    """Console: {duration_s}. Everybody receives `timer_changed`."""
    return table_services.reset_timer(unit_of_work(), command, table_id=connection.table_id)


@table_event(commands.TurnWallPage, roles=(CONSOLE,))
def turn_wall_page(connection: Connection, command: commands.TurnWallPage) -> Outcome:
    """Console, in Afgerond: {direction: next|previous}. Everybody receives `wall_section_changed`."""
    return table_services.turn_wall_page(unit_of_work(), command, table_id=connection.table_id)


@table_event(commands.SetPhaseTimers, roles=(CONSOLE,))
def set_phase_timers(connection: Connection, command: commands.SetPhaseTimers) -> Outcome:
    """Console: {durations: {phase: seconds}}. Everybody receives `phase_timers_changed`."""
    return table_services.set_phase_timers(unit_of_work(), command, table_id=connection.table_id)


@table_event(commands.ShowJoinQr, roles=(CONSOLE,))
def show_join_qr(connection: Connection, command: commands.ShowJoinQr) -> Outcome:
    """Console: {shown}. Everybody receives `join_qr_changed`; the wall shows or hides the join QR code."""
    return table_services.show_join_qr(unit_of_work(), command, table_id=connection.table_id)


@table_event(commands.CloseTable, roles=(CONSOLE,))
def close_table(connection: Connection, command: commands.CloseTable) -> Outcome:
    """Console, in Afgerond, after the table checked the draft minutes on the wall: the
    record becomes final and nothing at the table changes any more. Everybody receives `table_closed`."""
    return table_services.close_table(unit_of_work(), command, table_id=connection.table_id)


@table_event(commands.ReopenTable, roles=(CONSOLE,))
def reopen_table(connection: Connection, command: commands.ReopenTable) -> Outcome:
    """Console: reopen a closed table for a correction; the minutes are a draft again."""
    return table_services.reopen_table(unit_of_work(), command, table_id=connection.table_id)
