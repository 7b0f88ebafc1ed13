"""What every service of a table does first: load the rows it works on, as whoever
asks may see them, and take the table's next sequence number."""
from sqlalchemy import and_, bindparam, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.orm.attributes import set_committed_value

from .errors import DomainError, NotFound
from .events import TableEvent
from .models import BudgetRound, DeliberationTable, Participant
from .prepared import Prepared
from .round_frame import RoundFrame, RoundTableShare, table_budget_cents
from .unit_of_work import UnitOfWork


def get_table(uow: UnitOfWork, table_id: int) -> DeliberationTable:
    table = uow.session.get(DeliberationTable, table_id)
    if table is None:
        raise NotFound("table")
    return table


def seats_in_round(session, round_id: int, seats) -> list[int]:
    """Which of a browser's `seats` (from its cookie: any table, any round) are at the
    round's tables, lowest first. Seats are numbered as they are made, so the first is the
    one the browser sat down with first: the person's, for the joint vote and its turnout."""
    candidates = sorted({seat for seat in seats if isinstance(seat, int)})
    if not candidates:
        return []
    return list(session.execute(select(Participant.id).join(
        DeliberationTable, DeliberationTable.id == Participant.table_id).where(
        Participant.id.in_(candidates), DeliberationTable.round_id == round_id)
        .order_by(Participant.id)).scalars().all())


def switch_table(uow: UnitOfWork, table: DeliberationTable, field: str, value: bool, *, event: str) -> list[TableEvent]:
    """One of the table's switches (input open, pre-moderation, the QR code on the wall):
    set it and tell everybody, under the table's next seq. Pressed twice, it changes nothing
    and tells nobody. The service that calls it commits."""
    if getattr(table, field) == value:
        return []
    setattr(table, field, value)
    uow.session.add(table)
    return [TableEvent(event, table.id, next_seq(uow, table.id), payload={field: value})]


def table_budget(uow: UnitOfWork, table: DeliberationTable) -> int:
    """The budget this table decides within (`round_frame.table_budget_cents`): every
    check of a table against its budget reads it here, in one statement."""
    row = uow.session.execute(_TABLE_BUDGET, {"round_id": table.round_id, "table_id": table.id}).one()
    return table_budget_cents(round_budget_cents=row[0], combination=row[1], share_cents=row[2])


_TABLE_BUDGET = (select(BudgetRound.budget_cents, RoundFrame.combination, RoundTableShare.budget_cents)
                 .select_from(BudgetRound)
                 .outerjoin(RoundFrame, RoundFrame.round_id == BudgetRound.id)
                 .outerjoin(RoundTableShare, and_(RoundTableShare.round_id == BudgetRound.id,
                                                  RoundTableShare.table_id == bindparam("table_id")))
                 .where(BudgetRound.id == bindparam("round_id")))


def lock_round_shares(uow: UnitOfWork, round_id: int) -> None:
    """Take the round's row lock (PostgreSQL; SQLite has one writer at a time anyway):
    a decision being recorded and a new split of the budget wait for each other, so a
    split never misses a decision it would put over a share."""
    uow.session.execute(select(BudgetRound.id).where(BudgetRound.id == round_id).with_for_update())


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


# Every change at a table passes here, so this is where a closed table stays closed.
# Built once, on the table itself rather than through the ORM: it runs with every event,
# and building it cost more than running it. The ORM's copy is dealt with below.
_table_row = DeliberationTable.__table__
_RAISE_SEQ = Prepared(update(_table_row)
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
    if not uow.has_session:  # a Core-only unit of work: nothing to flush, nothing held to reload
        return _raise_seq(uow.connection, table_id)
    uow.session.flush()
    seq = _raise_seq(uow.connection, table_id)
    if reload_after:
        uow.session.expire_all()  # the ORM copy's seq is stale now
    else:
        table = uow.session.identity_map.get(uow.session.identity_key(DeliberationTable, table_id))
        if table is not None:
            set_committed_value(table, "seq", seq)
    return seq


def _raise_seq(connection: Connection, table_id: int) -> int:
    raised = _RAISE_SEQ.first(connection, {"table_id": table_id})
    if raised is None:
        raise DomainError("table_closed")
    return raised[0]
