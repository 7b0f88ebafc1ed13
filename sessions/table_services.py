"""The live table, in any phase: joining, the phase, the timer, the snapshot a client
starts from, closing and reopening. Each function owns its transaction and returns an
Outcome: the events it caused, for the delivery layer to publish after the commit,
and what the sender's acknowledgement carries."""
from collections.abc import Iterable
from typing import Any

from . import views
from .clock import utcnow
from .errors import DomainError
from .commands import (
    CloseTable, PauseTimer, ReopenTable, ResetTimer, SetPhase, SetPhaseTimers, ShowJoinQr, StartTimer, TurnWallPage,
)
from .events import Outcome, TableEvent
from .models import MAX_DISPLAY_NAME, Participant, PhaseChange, clean_text
from .phases import Phase
from .snapshot import table_snapshot
from .table_access import get_table, next_seq, seats_in_round, switch_table
from .unit_of_work import UnitOfWork


def join_table(uow: UnitOfWork, *, table_id: int, display_name: str | None,
               earlier_seats: Iterable[int] = ()) -> Outcome:
    """A new seat at the table (from the join page, over HTTP). `earlier_seats` are the
    seats the browser holds already, at any table. Ack: {participant_id}."""
    name = clean_text(display_name, code="display_name_too_long", max_length=MAX_DISPLAY_NAME, required=False)
    with uow:
        table = get_table(uow, table_id)
        already_here = seats_in_round(uow.session, table.round_id, earlier_seats)
        participant = Participant(table_id=table.id, display_name=name,
                                  same_person_as=already_here[0] if already_here else None)
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
        timer_reset = table.enter_phase(new_phase)
        table.wall_section = 0  # arriving in Afgerond, the wall starts with the summary
        uow.session.add(table)
        uow.session.add(PhaseChange(table_id=table.id, phase=new_phase.value))
        seq = next_seq(uow, table.id)
        payload: dict[str, Any] = {"phase": new_phase.value}
        if timer_reset:  # in the same event: one change, one seq, no moment with the old time
            payload["timer"] = views.timer_view(table, utcnow())
        uow.commit()
        return Outcome([TableEvent("phase_changed", table.id, seq, payload=payload)])


def set_phase_timers(uow: UnitOfWork, command: SetPhaseTimers, *, table_id: int) -> Outcome:
    """The time each phase starts with; the timer itself changes at the next phase change."""
    with uow:
        table = get_table(uow, table_id)
        table.set_phase_timers(command.durations)
        uow.session.add(table)
        seq = next_seq(uow, table.id)
        uow.commit()
        return Outcome([TableEvent("phase_timers_changed", table.id, seq,
                                   payload={"phase_timers": table.phase_timers()})])


def show_join_qr(uow: UnitOfWork, command: ShowJoinQr, *, table_id: int) -> Outcome:
    """The join QR code large on the wall, over any phase, until the console hides it."""
    with uow:
        table = get_table(uow, table_id)
        events = switch_table(uow, table, "join_qr_shown", command.shown, event="join_qr_changed")
        uow.commit()
        return Outcome(events)


def start_timer(uow: UnitOfWork, _command: StartTimer, *, table_id: int) -> Outcome:
    return _change_timer(uow, table_id, lambda table, now: table.start_timer(now))


def pause_timer(uow: UnitOfWork, _command: PauseTimer, *, table_id: int) -> Outcome:
    return _change_timer(uow, table_id, lambda table, now: table.pause_timer(now))


def reset_timer(uow: UnitOfWork, command: ResetTimer, *, table_id: int) -> Outcome:
    return _change_timer(uow, table_id, lambda table, now: table.reset_timer(command.duration_s))


def _change_timer(uow: UnitOfWork, table_id: int, change) -> Outcome:
    with uow:
        table = get_table(uow, table_id)
        if table.closed_at is not None:
            raise DomainError("timer_table_closed")  # before the timer's own rules, which would say less
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
        # Plain rows on the connection: no Session is built (a thousand phones reconnect at once).
        return table_snapshot(uow.connection, table_id=table_id, now=utcnow(), for_console=for_console,
                              participant_id=participant_id)


# Far more pages than minutes have sections: the wall counts round, this only bounds the number.
MAX_WALL_SECTION = 999


def turn_wall_page(uow: UnitOfWork, command: TurnWallPage, *, table_id: int) -> Outcome:
    """The facilitator pages the wall through the closing summary and the draft minutes.
    A closed table keeps the page it had: its record no longer changes (next_seq refuses)."""
    with uow:
        table = get_table(uow, table_id)
        if table.phase != Phase.AFGEROND.value:
            raise DomainError("wall_pages_only_when_finished")
        step = 1 if command.direction == "next" else -1
        section = min(max(table.wall_section + step, 0), MAX_WALL_SECTION)
        if section == table.wall_section:
            return Outcome()
        table.wall_section = section
        uow.session.add(table)
        seq = next_seq(uow, table.id)
        uow.commit()
        return Outcome([TableEvent("wall_section_changed", table.id, seq, payload={"wall_section": section})])


def close_table(uow: UnitOfWork, _command: CloseTable, *, table_id: int) -> Outcome:
    """The table has checked its draft minutes: the record becomes final."""
    with uow:
        table = get_table(uow, table_id)
        if table.phase != Phase.AFGEROND.value:
            raise DomainError("close_only_when_finished")
        seq = next_seq(uow, table.id)  # refuses a table that is already closed
        now = utcnow()
        table.closed_at = now
        table.stop_timer(now)  # the evening is over: no countdown goes on in the minutes' name
        uow.session.add(table)
        timer = views.timer_view(table, now)
        uow.commit()
        return Outcome([TableEvent("table_closed", table.id, seq, payload={"closed": True, "timer": timer})])


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
