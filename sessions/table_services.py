"""The live table, in any phase: joining, the phase, the timer, the snapshot a client
starts from, closing and reopening. Each function owns its transaction and returns an
Outcome: the events it caused, for the delivery layer to publish after the commit,
and what the sender's acknowledgement carries."""
from typing import Any

from . import views
from .clock import utcnow
from .errors import DomainError
from .commands import CloseTable, PauseTimer, ReopenTable, ResetTimer, SetPhase, StartTimer
from .events import Outcome, TableEvent
from .models import MAX_DISPLAY_NAME, Participant, PhaseChange, clean_text
from .phases import Phase
from .snapshot import table_snapshot
from .table_access import get_table, next_seq
from .unit_of_work import UnitOfWork


def join_table(uow: UnitOfWork, *, table_id: int, display_name: str | None) -> Outcome:
    """A new seat at the table (from the join page, over HTTP). Ack: {participant_id}."""
    name = clean_text(display_name, code="display_name_too_long", max_length=MAX_DISPLAY_NAME, required=False)
    with uow:
        table = get_table(uow, table_id)
        participant = Participant(table_id=table.id, display_name=name)
        uow.session.add(participant)
        uow.session.flush()
        seq = next_seq(uow, table.id)
        count = views.participant_count(uow.session, table.id)
        uow.commit()
        event = TableEvent(
            "participant_joined", table.id, seq,
            payload={"participant_count": count},
            console_payload={"participant_count": count,
                             "participant": views.participant_view(
                                 participant, views.participant_number(uow.session, participant))},
        )
        return Outcome([event], {"participant_id": participant.id})


def set_phase(uow: UnitOfWork, command: SetPhase, *, table_id: int) -> Outcome:
    new_phase = command.phase
    with uow:
        table = get_table(uow, table_id)
        if table.phase == new_phase.value:
            return Outcome()  # pressing the button twice changes nothing and tells nobody
        table.phase = new_phase.value
        uow.session.add(table)
        uow.session.add(PhaseChange(table_id=table.id, phase=new_phase.value))
        seq = next_seq(uow, table.id)
        uow.commit()
        return Outcome([TableEvent("phase_changed", table.id, seq, payload={"phase": new_phase.value})])


def start_timer(uow: UnitOfWork, _command: StartTimer, *, table_id: int) -> Outcome:
    return _change_timer(uow, table_id, lambda table, now: table.start_timer(now))


def pause_timer(uow: UnitOfWork, _command: PauseTimer, *, table_id: int) -> Outcome:
    return _change_timer(uow, table_id, lambda table, now: table.pause_timer(now))


def reset_timer(uow: UnitOfWork, command: ResetTimer, *, table_id: int) -> Outcome:
    return _change_timer(uow, table_id, lambda table, now: table.reset_timer(command.duration_s))


def _change_timer(uow: UnitOfWork, table_id: int, change) -> Outcome:
    with uow:
        table = get_table(uow, table_id)
        now = utcnow()
        change(table, now)
        uow.session.add(table)
        seq = next_seq(uow, table.id)
        uow.commit()
        return Outcome([TableEvent("timer_changed", table.id, seq, payload={"timer": views.timer_view(table, now)})])


def snapshot(
    uow: UnitOfWork, *, table_id: int, for_console: bool, participant_id: int | None = None,
) -> dict[str, Any]:
    with uow:
        return table_snapshot(uow.session, table_id=table_id, now=utcnow(), for_console=for_console,
                              participant_id=participant_id)


def close_table(uow: UnitOfWork, _command: CloseTable, *, table_id: int) -> Outcome:
    """The table has checked its draft minutes: the record becomes final."""
    with uow:
        table = get_table(uow, table_id)
        if table.phase != Phase.AFGEROND.value:
            raise DomainError("close_only_when_finished")
        seq = next_seq(uow, table.id)  # refuses a table that is already closed
        table.closed_at = utcnow()
        uow.session.add(table)
        uow.commit()
        return Outcome([TableEvent("table_closed", table.id, seq, payload={"closed": True})])


def reopen_table(uow: UnitOfWork, _command: ReopenTable, *, table_id: int) -> Outcome:
    """For a correction after closing; the minutes are a draft again until closed anew."""
    with uow:
        table = get_table(uow, table_id)
        if table.closed_at is None:
            raise DomainError("table_not_closed")
        table.closed_at = None
        uow.session.add(table)
        seq = next_seq(uow, table.id)
        uow.commit()
        return Outcome([TableEvent("table_closed", table.id, seq, payload={"closed": False})])
