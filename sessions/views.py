"""Plain dicts for the wire and the pages, built inside a unit of work."""
from datetime import datetime
from typing import Any

from sqlmodel import Session, func, select

from .models import BudgetRound, DeliberationTable, Participant
from .phases import PHASE_ORDER


def timer_view(table: DeliberationTable, now: datetime) -> dict[str, Any]:
    return {
        "duration_s": table.timer_duration_s,
        "remaining_ms": table.timer_remaining_ms(now),
        "running": table.timer_running,
    }


def participant_view(participant: Participant, number: int) -> dict[str, Any]:
    """`number` counts from 1 within the table: "Participant 3" for someone without a name."""
    return {"id": participant.id, "number": number, "display_name": participant.display_name}


def participant_number(session: Session, participant: Participant) -> int:
    return session.exec(
        select(func.count()).select_from(Participant)
        .where(Participant.table_id == participant.table_id, Participant.id <= participant.id)
    ).one()


def participant_count(session: Session, table_id: int) -> int:
    return session.exec(
        select(func.count()).select_from(Participant).where(Participant.table_id == table_id)
    ).one()


def round_view(budget_round: BudgetRound) -> dict[str, Any]:
    return {
        "id": budget_round.id,
        "name": budget_round.name,
        "neighbourhood": budget_round.neighbourhood,
        "budget_cents": budget_round.budget_cents,
        "starts_on": budget_round.starts_on.isoformat(),
        "ends_on": budget_round.ends_on.isoformat(),
    }


def table_summary(table: DeliberationTable) -> dict[str, Any]:
    """What the organiser's pages show of a table, secrets included."""
    return {
        "id": table.id,
        "round_id": table.round_id,
        "title": table.title,
        "place": table.place,
        "starts_at": table.starts_at.isoformat(timespec="minutes"),
        "join_code": table.join_code,
        "facilitator_token": table.facilitator_token,
        "wall_token": table.wall_token,
        "phase": table.phase,
    }


def table_snapshot(
    session: Session, table: DeliberationTable, budget_round: BudgetRound, *, now: datetime,
    for_console: bool, participant: Participant | None = None,
) -> dict[str, Any]:
    """Everything a client needs to draw its screen from nothing."""
    snapshot: dict[str, Any] = {
        "table_id": table.id,
        "seq": table.seq,
        "title": table.title,
        "place": table.place,
        "starts_at": table.starts_at.isoformat(timespec="minutes"),
        "join_code": table.join_code,
        "round": round_view(budget_round),
        "phase": table.phase,
        "phases": [phase.value for phase in PHASE_ORDER],
        "timer": timer_view(table, now),
        "participant_count": participant_count(session, table.id),
    }
    if for_console:
        participants = session.exec(
            select(Participant).where(Participant.table_id == table.id).order_by(Participant.id)
        ).all()
        snapshot["participants"] = [participant_view(p, n) for n, p in enumerate(participants, start=1)]
    if participant is not None:
        snapshot["me"] = participant_view(participant, participant_number(session, participant))
    return snapshot
