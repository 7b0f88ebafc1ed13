"""Budget rounds and their tables, as the organiser makes them, and finding a table
by what a person holds: a join code, a console or wall link, a seat."""
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import bindparam
from sqlalchemy.exc import IntegrityError
from sqlmodel import func, select

from . import accounts, views
from .clock import utcnow
from .consensus import ConsensusRound, Decision
from .frame import AggregationRule, choice, frame_text
from .round_votes import RoundBallot, RoundBallotState
from .round_frame import (Combination, RoundFrame, RoundTableShare, check_decisions_fit, check_split,
                          combined_allocation, round_frame_view, table_budget_cents)
from .errors import DomainError
from .join_codes import generate_join_code, normalise_join_code
from .models import MAX_NAME, BudgetRound, DeliberationTable, Participant, PhaseChange, clean_text
from .money import cents_in_range
from .prepared import Prepared
from .events import Outcome, TableEvent
from .table_access import lock_round_shares, next_seq, owned_round, owned_table
from .unit_of_work import UnitOfWork


def create_round(
    uow: UnitOfWork, *, organiser_id: int, name: str, neighbourhood: str, budget_cents: int,
    starts_on: date, ends_on: date, retention_until: date | None = None,
) -> dict[str, Any]:
    if ends_on < starts_on:
        raise DomainError("round_dates_reversed")
    if retention_until is not None and retention_until < ends_on:
        raise DomainError("retention_before_round_ends")
    budget_round = BudgetRound(
        organiser_id=organiser_id,
        name=clean_text(name, code="name_required", max_length=MAX_NAME),
        neighbourhood=clean_text(neighbourhood, code="neighbourhood_required", max_length=MAX_NAME),
        budget_cents=cents_in_range(budget_cents),
        starts_on=starts_on,
        ends_on=ends_on,
        retention_until=retention_until,
    )
    with uow:
        uow.session.add(budget_round)
        uow.commit()
        return views.round_view(budget_round)


def rounds_of(uow: UnitOfWork, organiser_id: int) -> list[dict[str, Any]]:
    with uow:
        rounds = uow.session.exec(
            select(BudgetRound).where(BudgetRound.organiser_id == organiser_id)
            .order_by(BudgetRound.starts_on.desc(), BudgetRound.id.desc())
        ).all()
        return [views.round_view(r) for r in rounds]


def round_with_tables(uow: UnitOfWork, *, organiser_id: int, round_id: int) -> dict[str, Any]:
    with uow:
        budget_round = owned_round(uow, organiser_id, round_id)
        tables = uow.session.exec(
            select(DeliberationTable).where(DeliberationTable.round_id == round_id)
            .order_by(DeliberationTable.starts_at, DeliberationTable.id)
        ).all()
        frame, shares = _frame_and_shares(uow, round_id)
        result = views.round_view(budget_round)
        result["frame"] = round_frame_view(frame, round_budget_cents=budget_round.budget_cents)
        result["shares"] = {t.id: shares[t.id] for t in tables if t.id in shares}
        result["tables"] = [{**views.table_summary(t), **views.table_progress(uow.session, t),
                             "budget_cents": table_budget_cents(round_budget_cents=budget_round.budget_cents,
                                                                combination=result["frame"]["combination"],
                                                                share_cents=shares.get(t.id))}
                            for t in tables]
        decided = [t["decision"]["total_cost_cents"] for t in result["tables"] if t["decision"]]
        result["decided_total_cents"] = sum(decided)
        # Each table on its own decides on the round's budget, so together they may ask for more (negative).
        result["left_cents"] = budget_round.budget_cents - result["decided_total_cents"]
        result["combined"] = combined_allocation(
            combination=result["frame"]["combination"], round_budget_cents=budget_round.budget_cents,
            decisions=[{"table_id": t["id"], **t["decision"]} for t in result["tables"] if t["decision"]])
        return result


def _frame_and_shares(uow: UnitOfWork, round_id: int) -> tuple[RoundFrame | None, dict[int, int]]:
    shares = uow.session.exec(select(RoundTableShare).where(RoundTableShare.round_id == round_id)).all()
    return uow.session.get(RoundFrame, round_id), {s.table_id: s.budget_cents for s in shares}


def _committed_totals(uow: UnitOfWork, round_id: int) -> dict[int, int]:
    """Per table of the round, the most it has committed to: its recorded decision or the
    proposal last put to it, whichever costs more."""
    committed: dict[int, int] = {}
    for table_id, total in uow.session.exec(
            select(Decision.table_id, Decision.total_cost_cents)
            .join(DeliberationTable, DeliberationTable.id == Decision.table_id)
            .where(DeliberationTable.round_id == round_id)).all():
        committed[table_id] = max(committed.get(table_id, 0), total)
    latest = (select(func.max(ConsensusRound.id)).join(DeliberationTable, DeliberationTable.id == ConsensusRound.table_id)
              .where(DeliberationTable.round_id == round_id).group_by(ConsensusRound.table_id))
    for table_id, total in uow.session.exec(
            select(ConsensusRound.table_id, ConsensusRound.total_cost_cents)
            .where(ConsensusRound.id.in_(latest))).all():
        committed[table_id] = max(committed.get(table_id, 0), total)
    return committed


def save_round_frame(uow: UnitOfWork, *, organiser_id: int, round_id: int, goals: object, conditions: object,
                     rule: object, combination: object) -> dict[str, Any]:
    """The organiser's frame of the round. Choosing table budgets while a table has
    already decided (or has a proposal before it) above its share is refused
    (`decision_above_share`): the round's total could pass its budget."""
    goals = frame_text(goals, code="frame_text_too_long")
    conditions = frame_text(conditions, code="frame_text_too_long")
    rule = choice(rule, AggregationRule, code="unknown_rule")
    combination = choice(combination, Combination, code="unknown_combination")
    with uow:
        budget_round = owned_round(uow, organiser_id, round_id)
        lock_round_shares(uow, round_id)
        frame, shares = _frame_and_shares(uow, round_id)
        check_decisions_fit(_budgets(uow, budget_round, combination, shares), _committed_totals(uow, round_id))
        if combination != Combination.PLENARY.value and _joint_vote_opened(uow, round_id):
            raise DomainError("round_vote_under_way")
        frame = frame or RoundFrame(round_id=round_id)
        frame.goals, frame.conditions, frame.rule, frame.combination = goals, conditions, rule, combination
        frame.updated_at = utcnow()
        uow.session.add(frame)
        view = round_frame_view(frame, round_budget_cents=budget_round.budget_cents)
        events = _round_changed(uow, budget_round, frame, shares)
        uow.commit()
        return Outcome(events, view)


def _joint_vote_opened(uow: UnitOfWork, round_id: int) -> bool:
    """Once the joint vote has opened, the round decides by it: the tables' own decisions
    can no longer become the round's."""
    state = uow.session.exec(select(RoundBallot.state).where(RoundBallot.round_id == round_id)).first()
    return state is not None and state != RoundBallotState.BUILDING


def save_table_shares(uow: UnitOfWork, *, organiser_id: int, round_id: int,
                      shares: dict[int, int]) -> dict[int, int]:
    """The round budget split over the round's tables (table id -> cents, every table
    named, the shares adding up to exactly the round budget). A new split is checked
    against what the tables already decided or have before them: a share below it is
    refused (`decision_above_share`), so the round's total never passes its budget."""
    with uow:
        budget_round = owned_round(uow, organiser_id, round_id)
        lock_round_shares(uow, round_id)
        table_ids = set(uow.session.exec(select(DeliberationTable.id)
                                         .where(DeliberationTable.round_id == round_id)).all())
        if set(shares) != table_ids:
            raise DomainError("unknown_table")
        shares = check_split(round_budget_cents=budget_round.budget_cents,
                             shares={table_id: cents_in_range(cents) for table_id, cents in shares.items()})
        frame, existing = _frame_and_shares(uow, round_id)
        combination = frame.combination if frame else Combination.SEPARATE.value
        check_decisions_fit(_budgets(uow, budget_round, combination, shares), _committed_totals(uow, round_id))
        for row in uow.session.exec(select(RoundTableShare).where(RoundTableShare.round_id == round_id)).all():
            uow.session.delete(row)
        uow.session.flush()
        for table_id, cents in shares.items():
            uow.session.add(RoundTableShare(table_id=table_id, round_id=round_id, budget_cents=cents))
        events = _round_changed(uow, budget_round, frame, shares)
        uow.commit()
        return Outcome(events, shares)


def _round_changed(uow: UnitOfWork, budget_round: BudgetRound, frame: RoundFrame | None,
                   shares: dict[int, int]) -> list[TableEvent]:
    """Every open table of the round is told its new round view (`round_changed`), so
    pages show the round's frame and the table's budget without reloading. A closed
    table's record is final: it is not told."""
    uow.session.flush()
    views_by_table = {table_id: views.table_round_view(budget_round, frame, shares.get(table_id))
                      for table_id in uow.session.exec(
                          select(DeliberationTable.id).where(DeliberationTable.round_id == budget_round.id,
                                                             DeliberationTable.closed_at.is_(None))
                          .order_by(DeliberationTable.id)).all()}
    events = []
    for table_id, view in views_by_table.items():
        try:
            seq = next_seq(uow, table_id, reload_after=False)
        except DomainError:
            continue  # closed a moment ago
        events.append(TableEvent("round_changed", table_id, seq, payload={"round": view}))
    return events


def _budgets(uow: UnitOfWork, budget_round: BudgetRound, combination: str, shares: dict[int, int]) -> dict[int, int]:
    table_ids = uow.session.exec(select(DeliberationTable.id)
                                 .where(DeliberationTable.round_id == budget_round.id)).all()
    return {table_id: table_budget_cents(round_budget_cents=budget_round.budget_cents, combination=combination,
                                         share_cents=shares.get(table_id)) for table_id in table_ids}


def create_table(
    uow: UnitOfWork, *, organiser_id: int, round_id: int, title: str, place: str, starts_at: datetime,
    facilitator_name: str | None = None,
) -> dict[str, Any]:
    if not isinstance(starts_at, datetime) or starts_at.tzinfo is None:
        raise DomainError("starts_at_invalid")
    title = clean_text(title, code="title_required", max_length=MAX_NAME)
    place = clean_text(place, code="place_required", max_length=MAX_NAME)
    facilitator_name = clean_text(facilitator_name, code="facilitator_name_too_long", max_length=MAX_NAME,
                                  required=False)
    # A join code is random; a clash with an existing one is rare but possible,
    # and the unique constraint is what settles it.
    for _attempt in range(10):
        with uow:
            owned_round(uow, organiser_id, round_id)
            table = DeliberationTable(
                round_id=round_id, title=title, place=place, starts_at=starts_at,
                facilitator_name=facilitator_name, join_code=generate_join_code(),
                facilitator_token=accounts.new_secret_token(),
                wall_token=accounts.new_secret_token(),
            )
            uow.session.add(table)
            try:
                uow.session.flush()
            except IntegrityError:
                continue  # the unit of work rolls back; try another code
            uow.session.add(PhaseChange(table_id=table.id, phase=table.phase))
            uow.commit()
            return views.table_summary(table)
    raise DomainError("join_code_exhausted")


def table_for_organiser(uow: UnitOfWork, *, organiser_id: int, table_id: int) -> dict[str, Any]:
    with uow:
        table = owned_table(uow, organiser_id, table_id)
        budget_round = uow.session.get(BudgetRound, table.round_id)
        return {
            **views.table_summary(table),
            "round": views.round_view(budget_round),
            "participant_count": views.participant_count(uow.session, table.id),
        }


def revoke_facilitator_link(uow: UnitOfWork, *, organiser_id: int, table_id: int) -> str:
    """Replace the facilitator link; whoever holds the old one loses the console."""
    with uow:
        table = owned_table(uow, organiser_id, table_id)
        table.facilitator_token = accounts.new_secret_token()
        uow.session.add(table)
        uow.commit()
        return table.facilitator_token


@dataclass(frozen=True)
class TableRef:
    id: int
    title: str
    place: str
    join_code: str
    round_id: int
    organiser_id: int
    # The console shows the wall's link, for the facilitator to open it on the projector.
    wall_token: str


def table_by_join_code(uow: UnitOfWork, typed: str) -> TableRef | None:
    code = normalise_join_code(typed or "")
    if code is None:
        return None
    return _table_ref(uow, DeliberationTable.join_code == code)


def table_by_facilitator_token(uow: UnitOfWork, token: str) -> TableRef | None:
    return _table_ref(uow, DeliberationTable.facilitator_token == token) if token else None


def table_by_wall_token(uow: UnitOfWork, token: str) -> TableRef | None:
    return _table_ref(uow, DeliberationTable.wall_token == token) if token else None


def _table_ref(uow: UnitOfWork, condition) -> TableRef | None:
    with uow:
        row = uow.session.exec(
            select(DeliberationTable, BudgetRound)
            .join(BudgetRound, BudgetRound.id == DeliberationTable.round_id)
            .where(condition)
        ).first()
        if row is None:
            return None
        table, budget_round = row
        return TableRef(table.id, table.title, table.place, table.join_code, table.round_id,
                        budget_round.organiser_id, table.wall_token)


def participant_belongs_to(uow: UnitOfWork, *, table_id: int, participant_id: int) -> bool:
    """Whether a phone's seat is still good. Erasing a round's personal data ends every
    seat in it: the link between a phone and what it sent is gone."""
    with uow:
        row = _SEAT_STILL_GOOD.first(uow.connection, {"table_id": table_id, "participant_id": participant_id})
        return row is not None and row[0] is None  # the round's erased_at


# Built once, one query: every phone that (re)connects asks it, a thousand at once after a restart.
_SEAT_STILL_GOOD = Prepared(
    select(BudgetRound.erased_at)
    .join(DeliberationTable, DeliberationTable.round_id == BudgetRound.id)
    .join(Participant, Participant.table_id == DeliberationTable.id)
    .where(Participant.id == bindparam("participant_id"), DeliberationTable.id == bindparam("table_id")))
