"""Public results on SQLite and PostgreSQL: migration 0016 on a database the previous schema
made (a round held from before gets its results page and status history; the migration goes
down and up again), and status updates of one plan at the same moment."""
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


def test_status_updates_at_once_on_one_plan_are_all_kept_in_order(uow):
    """SQLite and PostgreSQL: many updates of one plan at the same moment each get their own
    number (a unique constraint and a retry), none is lost."""
    import threading

    from facilitator import demo
    from sessions import account_services, round_services

    organiser = account_services.create_organiser(uow, email="org@example.nl", password="lang genoeg wachtwoord")
    budget_round = round_services.create_round(uow, organiser_id=organiser, name="Ronde", neighbourhood="Noord",
                                               budget_cents=50_000_00, starts_on=date(2026, 11, 1),
                                               ends_on=date(2026, 12, 31))
    demo._finished_table(uow, organiser, budget_round["id"], demo.TABLES[0],
                         datetime(2026, 11, 20, 18, tzinfo=timezone.utc))
    with uow:
        option_id = public_results.round_results(uow.session, uow.session.get(
            public_results.BudgetRound, budget_round["id"]))["funded"][0]["option_id"]
    start, errors = threading.Barrier(6), []

    def record(n):
        start.wait()
        try:
            public_results.record_status(UnitOfWork(uow._engine), organiser_id=organiser, round_id=budget_round["id"],
                                         option_id=option_id, status="in_uitvoering", on_date=f"{n + 1}-12-2026",
                                         note=f"update {n}")
        except Exception as error:  # noqa: BLE001 - any failure is the finding
            errors.append(error)

    threads = [threading.Thread(target=record, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    page = public_results.organiser_page(uow, organiser_id=organiser, round_id=budget_round["id"])
    plan = next(o for o in page["results"]["funded"] if o["option_id"] == option_id)
    assert sorted(u["number"] for u in plan["history"]) == [1, 2, 3, 4, 5, 6]
    assert sorted(u["note"] for u in plan["history"]) == [f"update {n}" for n in range(6)]
    assert plan["status"]["on_date"] == date(2026, 12, 6)
