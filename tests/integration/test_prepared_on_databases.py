"""Statements run on the driver's cursor (sessions/prepared.py) behave as SQLAlchemy's
own execution would, on SQLite and PostgreSQL: in the unit of work's transaction, seen
by the statement counters, their constants bound, and a driver's error raised as
SQLAlchemy's."""
from datetime import datetime, timezone

import pytest
from sqlalchemy import bindparam, event, exc, select, update

from sessions.models import DeliberationTable
from sessions.prepared import Prepared
from sessions.unit_of_work import UnitOfWork

from .test_services_on_databases import make_table

_table = DeliberationTable.__table__
RENAME = Prepared(update(_table).where(_table.c.id == bindparam("table_id"))
                  .values(title=bindparam("title"), seq=_table.c.seq + 1).returning(_table.c.seq, _table.c.title))
TITLE = Prepared(select(_table.c.title, _table.c.premoderation).where(_table.c.id == bindparam("table_id")))


def stored(engine, table_id: int) -> tuple:
    with UnitOfWork(engine) as uow:
        return TITLE.first(uow.connection, {"table_id": table_id})


def test_a_prepared_write_is_in_the_unit_of_works_transaction(uow):
    _, _, table = make_table(uow)
    engine, table_id = uow._engine, table["id"]
    before = stored(engine, table_id)
    with UnitOfWork(engine) as work:
        seq, title = RENAME.first(work.connection, {"table_id": table_id, "title": "Nieuw"})
        assert title == "Nieuw"
    assert stored(engine, table_id) == before  # not committed: rolled back
    with UnitOfWork(engine) as work:
        raised, _ = RENAME.first(work.connection, {"table_id": table_id, "title": "Nieuw"})
        work.commit()
    assert raised == seq  # the first raise was rolled back with the rest: the constant 1 is bound
    assert stored(engine, table_id)[0] == "Nieuw"
    assert stored(engine, table_id)[1] is False  # SQLite's 0 comes back as a boolean
    with engine.connect() as connection:
        assert TITLE.first(connection, {"table_id": table_id + 1000}) is None


def test_the_statement_counters_see_prepared_statements(uow):
    _, _, table = make_table(uow)
    seen = []
    event.listen(uow._engine, "before_cursor_execute", lambda _c, _cur, sql, *_rest: seen.append(sql))
    stored(uow._engine, table["id"])
    assert len(seen) == 1 and "deliberation_table" in seen[0]


def test_a_drivers_error_is_raised_as_sqlalchemys_and_changes_nothing(uow):
    _, _, table = make_table(uow)
    engine, table_id = uow._engine, table["id"]
    before = stored(engine, table_id)
    with pytest.raises(exc.IntegrityError):  # the title may not be empty (NOT NULL)
        with UnitOfWork(engine) as work:
            RENAME.first(work.connection, {"table_id": table_id, "title": None})
            work.commit()
    assert stored(engine, table_id) == before


def test_a_datetime_goes_in_and_comes_back_as_sqlalchemy_would_keep_it(uow):
    _, _, table = make_table(uow)
    engine, table_id = uow._engine, table["id"]
    started = datetime(2027, 1, 14, 19, 30, 5, 120, tzinfo=timezone.utc)
    start = Prepared(update(_table).where(_table.c.id == bindparam("table_id"))
                     .values(timer_started_at=bindparam("at")).returning(_table.c.timer_started_at))
    with UnitOfWork(engine) as work:
        assert start.first(work.connection, {"table_id": table_id, "at": started}) == (started,)
        work.commit()
    with UnitOfWork(engine) as work:  # read back through the ORM: stored as it would have stored it
        assert work.session.get(DeliberationTable, table_id).timer_started_at == started
