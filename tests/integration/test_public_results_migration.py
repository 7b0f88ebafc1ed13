"""Migration 0016 on a database the previous schema made: a round held from before gets its
results page and status history, and the migration goes down and up again."""
from datetime import date, datetime, timezone

from alembic import command
from alembic.config import Config as AlembicConfig
from sqlalchemy import inspect, text

from facilitator.database import MIGRATIONS_DIR, make_engine
from sessions import public_results
from sessions.unit_of_work import UnitOfWork


def migrate(engine, revision: str, *, down: bool = False) -> None:
    config = AlembicConfig()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        (command.downgrade if down else command.upgrade)(config, revision)


def test_a_round_from_before_gets_a_results_page_after_the_migration(database_url):
    engine = make_engine(database_url)
    try:
        migrate(engine, "0012")
        assert "round_publication" not in inspect(engine).get_table_names()
        now = datetime(2026, 11, 1, 12, tzinfo=timezone.utc)
        with engine.begin() as connection:
            connection.execute(text(
                "INSERT INTO organiser (id, email, password_hash, created_at, session_version) "
                "VALUES (1, 'org@example.nl', 'x', :now, 0)"), {"now": now})
            connection.execute(text(
                "INSERT INTO budget_round (id, name, neighbourhood, budget_cents, starts_on, ends_on, organiser_id, "
                "created_at) VALUES (1, 'Buurtbudget van vroeger', 'Noord', 100000, :start, :end, 1, :now)"),
                {"start": date(2026, 10, 1), "end": date(2026, 10, 31), "now": now})

        migrate(engine, "head")
        tables = inspect(engine).get_table_names()
        assert {"round_publication", "option_status_update"} <= set(tables)
        uow = UnitOfWork(engine)
        published = public_results.set_published(uow, organiser_id=1, round_id=1, published=True)
        page = public_results.public_page(uow, code=published["code"])
        assert page["round"]["name"] == "Buurtbudget van vroeger" and page["results"]["funded"] == []

        migrate(engine, "0012", down=True)
        assert "round_publication" not in inspect(engine).get_table_names()
        with engine.connect() as connection:
            assert connection.execute(text("SELECT name FROM budget_round")).scalar_one() == "Buurtbudget van vroeger"
        migrate(engine, "head")
        assert "option_status_update" in inspect(engine).get_table_names()
    finally:
        engine.dispose()
