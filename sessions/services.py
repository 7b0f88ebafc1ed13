"""One function per use case. Each opens nothing itself: it receives a unit of
work, applies the rule, commits, and returns what the caller needs — the domain
events it caused, for the delivery layer to publish after the commit."""
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Callable

from sqlalchemy import bindparam, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import select

from . import accounts, views
from .clock import utcnow
from .errors import DomainError, NotFound
from .events import TableEvent
from .join_codes import generate_join_code, normalise_join_code
from .models import (
    MAX_DISPLAY_NAME, MAX_NAME, BudgetRound, DeliberationTable, Organiser, Participant,
    PhaseChange, SetupToken, clean_text,
)
from .money import cents_in_range
from .phases import Phase, parse_phase
from .unit_of_work import UnitOfWork


# -- organisers ---------------------------------------------------------------

def organiser_exists(uow: UnitOfWork) -> bool:
    with uow:
        return uow.session.exec(select(Organiser.id).limit(1)).first() is not None


def issue_setup_token(uow: UnitOfWork) -> str | None:
    """A fresh one-time setup token while no organiser exists, else None.

    Each start replaces the previous token, so a link printed in an old log
    stops working.
    """
    with uow:
        if uow.session.exec(select(Organiser.id).limit(1)).first() is not None:
            return None
        for old in uow.session.exec(select(SetupToken)).all():
            uow.session.delete(old)
        token = accounts.new_secret_token()
        uow.session.add(SetupToken(token_hash=accounts.token_digest(token)))
        uow.commit()
        return token


def setup_token_is_valid(uow: UnitOfWork, token: str) -> bool:
    with uow:
        return _setup_token_row(uow, token) is not None


def create_first_organiser(uow: UnitOfWork, *, setup_token: str, email: str, password: str) -> int:
    with uow:
        row = _setup_token_row(uow, setup_token)
        if row is None or uow.session.exec(select(Organiser.id).limit(1)).first() is not None:
            raise DomainError("setup_link_invalid")
        uow.session.delete(row)
        organiser_id = _add_organiser(uow, email=email, password=password)
        uow.commit()
        return organiser_id


def create_organiser(uow: UnitOfWork, *, email: str, password: str) -> int:
    with uow:
        organiser_id = _add_organiser(uow, email=email, password=password)
        for token in uow.session.exec(select(SetupToken)).all():
            uow.session.delete(token)  # the setup link has no purpose any more
        uow.commit()
        return organiser_id


def authenticate_organiser(uow: UnitOfWork, *, email: str, password: str,
                           verify: Callable[[str | None, str], bool] = accounts.password_matches) -> int | None:
    """`verify` is how the caller runs the slow Argon2 check (the web app runs it off its
    event loop); it runs after the transaction, so no database connection waits on it."""
    with uow:
        try:
            address = accounts.normalise_email(email)
        except DomainError:
            address = ""
        organiser = uow.session.exec(select(Organiser).where(Organiser.email == address)).first()
        organiser_id, password_hash = (organiser.id, organiser.password_hash) if organiser else (None, None)
    return organiser_id if verify(password_hash, password) and organiser_id is not None else None


def organiser_id_for_cli(uow: UnitOfWork, *, email: str | None) -> int:
    """The organiser named by e-mail address, or the first one."""
    with uow:
        query = select(Organiser.id).order_by(Organiser.id)
        if email:
            query = query.where(Organiser.email == accounts.normalise_email(email))
        organiser_id = uow.session.exec(query).first()
        if organiser_id is None:
            raise NotFound("organiser")
        return organiser_id


def _setup_token_row(uow: UnitOfWork, token: str) -> SetupToken | None:
    if not isinstance(token, str) or not token:
        return None
    digest = accounts.token_digest(token)
    return uow.session.exec(select(SetupToken).where(SetupToken.token_hash == digest)).first()


def _add_organiser(uow: UnitOfWork, *, email: str, password: str) -> int:
    address = accounts.normalise_email(email)
    if uow.session.exec(select(Organiser.id).where(Organiser.email == address)).first() is not None:
        raise DomainError("email_taken")
    organiser = Organiser(email=address, password_hash=accounts.hash_password(password))
    uow.session.add(organiser)
    uow.session.flush()
    return organiser.id


# -- budget rounds and tables -------------------------------------------------

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
        result = views.round_view(budget_round)
        result["tables"] = [{**views.table_summary(t), **views.table_progress(uow.session, t)} for t in tables]
        decided = [t["decision"]["total_cost_cents"] for t in result["tables"] if t["decision"]]
        result["decided_total_cents"] = sum(decided)
        # Each table decides on the round's budget, so together they may ask for more (negative).
        result["left_cents"] = budget_round.budget_cents - result["decided_total_cents"]
        return result


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


def owned_round(uow: UnitOfWork, organiser_id: int, round_id: int) -> BudgetRound:
    budget_round = uow.session.get(BudgetRound, round_id)
    # Another organiser's round is "not found", so ids reveal nothing.
    if budget_round is None or budget_round.organiser_id != organiser_id:
        raise NotFound("round")
    return budget_round


def owned_table(uow: UnitOfWork, organiser_id: int, table_id: int) -> DeliberationTable:
    table = uow.session.get(DeliberationTable, table_id)
    if table is None:
        raise NotFound("table")
    owned_round(uow, organiser_id, table.round_id)
    return table


# -- finding a table by what a person holds ------------------------------------

@dataclass(frozen=True)
class TableRef:
    id: int
    title: str
    place: str
    join_code: str
    round_id: int
    organiser_id: int


def table_by_join_code(uow: UnitOfWork, typed: str) -> TableRef | None:
    code = normalise_join_code(typed or "")
    if code is None:
        return None
    return _table_ref(uow, DeliberationTable.join_code == code)


def table_by_facilitator_token(uow: UnitOfWork, token: str) -> TableRef | None:
    return _table_ref(uow, DeliberationTable.facilitator_token == token) if token else None


def table_by_wall_token(uow: UnitOfWork, token: str) -> TableRef | None:
    return _table_ref(uow, DeliberationTable.wall_token == token) if token else None


def table_by_id(uow: UnitOfWork, table_id: int) -> TableRef | None:
    return _table_ref(uow, DeliberationTable.id == table_id)


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
                        budget_round.organiser_id)


def participant_belongs_to(uow: UnitOfWork, *, table_id: int, participant_id: int) -> bool:
    """Whether a phone's seat is still good. Erasing a round's personal data ends every
    seat in it: the link between a phone and what it sent is gone."""
    with uow:
        participant = uow.session.get(Participant, participant_id)
        if participant is None or participant.table_id != table_id:
            return False
        table = uow.session.get(DeliberationTable, table_id)
        return uow.session.get(BudgetRound, table.round_id).erased_at is None


# -- joining and the live table -----------------------------------------------

def join_table(uow: UnitOfWork, *, table_id: int, display_name: str | None) -> tuple[int, list[TableEvent]]:
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
        return participant.id, [event]


def set_phase(uow: UnitOfWork, *, table_id: int, phase: object) -> list[TableEvent]:
    new_phase = parse_phase(phase)
    with uow:
        table = get_table(uow, table_id)
        if table.phase == new_phase.value:
            return []  # pressing the button twice changes nothing and tells nobody
        table.phase = new_phase.value
        uow.session.add(table)
        uow.session.add(PhaseChange(table_id=table.id, phase=new_phase.value))
        seq = next_seq(uow, table.id)
        uow.commit()
        return [TableEvent("phase_changed", table.id, seq, payload={"phase": new_phase.value})]


def start_timer(uow: UnitOfWork, *, table_id: int) -> list[TableEvent]:
    return _change_timer(uow, table_id, lambda table, now: table.start_timer(now))


def pause_timer(uow: UnitOfWork, *, table_id: int) -> list[TableEvent]:
    return _change_timer(uow, table_id, lambda table, now: table.pause_timer(now))


def reset_timer(uow: UnitOfWork, *, table_id: int, duration_s: object) -> list[TableEvent]:
    return _change_timer(uow, table_id, lambda table, now: table.reset_timer(duration_s))


def _change_timer(uow: UnitOfWork, table_id: int, change) -> list[TableEvent]:
    with uow:
        table = get_table(uow, table_id)
        now = utcnow()
        change(table, now)
        uow.session.add(table)
        seq = next_seq(uow, table.id)
        uow.commit()
        return [TableEvent("timer_changed", table.id, seq, payload={"timer": views.timer_view(table, now)})]


def snapshot(
    uow: UnitOfWork, *, table_id: int, for_console: bool, participant_id: int | None = None,
) -> dict[str, Any]:
    with uow:
        table = get_table(uow, table_id)
        budget_round = uow.session.get(BudgetRound, table.round_id)
        participant = uow.session.get(Participant, participant_id) if participant_id else None
        return views.table_snapshot(
            uow.session, table, budget_round, now=utcnow(), for_console=for_console,
            participant=participant,
        )


def close_table(uow: UnitOfWork, *, table_id: int) -> list[TableEvent]:
    """The table has checked its draft minutes: the record becomes final."""
    with uow:
        table = get_table(uow, table_id)
        if table.phase != Phase.AFGEROND.value:
            raise DomainError("close_only_when_finished")
        seq = next_seq(uow, table.id)  # refuses a table that is already closed
        table.closed_at = utcnow()
        uow.session.add(table)
        uow.commit()
        return [TableEvent("table_closed", table.id, seq, payload={"closed": True})]


def reopen_table(uow: UnitOfWork, *, table_id: int) -> list[TableEvent]:
    """For a correction after closing; the minutes are a draft again until closed anew."""
    with uow:
        table = get_table(uow, table_id)
        if table.closed_at is None:
            raise DomainError("table_not_closed")
        table.closed_at = None
        uow.session.add(table)
        seq = next_seq(uow, table.id)
        uow.commit()
        return [TableEvent("table_closed", table.id, seq, payload={"closed": False})]


def get_table(uow: UnitOfWork, table_id: int) -> DeliberationTable:
    table = uow.session.get(DeliberationTable, table_id)
    if table is None:
        raise NotFound("table")
    return table


# Every change at a table passes here, so this is where a closed table stays closed.
# Built once, on the table itself rather than through the ORM: it runs with every event,
# and building it cost more than running it. The ORM's copy is dealt with below.
_table_row = DeliberationTable.__table__
_RAISE_SEQ = (update(_table_row)
              .where(_table_row.c.id == bindparam("table_id"), _table_row.c.closed_at.is_(None))
              .values(seq=_table_row.c.seq + 1).returning(_table_row.c.seq))


def next_seq(uow: UnitOfWork, table_id: int, *, reload_after: bool = True) -> int:
    """Raise the table's sequence number in the database, atomically.

    An UPDATE ... SET seq = seq + 1 takes the row lock (PostgreSQL) or the write
    lock (SQLite), so two concurrent changes never share a number.

    By default everything the session holds is expired, so what is read after the
    lock is what other changes committed before it. A hot path whose views query
    afresh what may have changed passes reload_after=False: it keeps its rows (only
    the table's seq is brought up to date) and saves reloading each of them.
    """
    uow.session.flush()
    seq = uow.session.execute(_RAISE_SEQ, {"table_id": table_id}).scalar_one_or_none()
    if seq is None:
        raise DomainError("table_closed")
    if reload_after:
        uow.session.expire_all()  # the ORM copy's seq is stale now
    else:
        table = uow.session.identity_map.get(uow.session.identity_key(DeliberationTable, table_id))
        if table is not None:
            set_committed_value(table, "seq", seq)
    return seq
