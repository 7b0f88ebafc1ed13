"""The unit of work opens only what a use case uses, and the Core connection and the
ORM Session it may both hand out are one transaction, on SQLite and PostgreSQL."""
import uuid

from sqlalchemy import select, update

from sessions import argument_services, commands, table_services
from sessions.models import DeliberationTable
from sessions.unit_of_work import UnitOfWork

from .test_services_on_databases import make_table


class WatchedUnitOfWork(UnitOfWork):
    """Remembers, for each block it ran, whether it built a Session."""

    def __init__(self, engine) -> None:
        super().__init__(engine)
        self.built_session: list[bool] = []

    def __exit__(self, *exc_info) -> None:
        self.built_session.append(self.has_session)
        super().__exit__(*exc_info)


def title_of(engine, table_id: int) -> str:
    with UnitOfWork(engine) as uow:
        return uow.connection.execute(select(DeliberationTable.title).where(DeliberationTable.id == table_id)).scalar_one()


def test_the_busiest_events_build_no_session(uow):
    # A reaction, a new argument and a reconnecting phone's snapshot are most of an
    # evening's work: their statements load no ORM object, so no Session is built.
    _, _, table = make_table(uow)
    table_id = table["id"]
    phone = table_services.join_table(uow, table_id=table_id, display_name="Ans").ack["participant_id"]
    table_services.set_phase(uow, commands.SetPhase(phase="inbreng"), table_id=table_id)
    watched = WatchedUnitOfWork(uow._engine)
    added = argument_services.submit_argument(
        watched, commands.SubmitArgument(client_id=str(uuid.uuid4()), stance="voor", text="Een bankje bij de school"),
        table_id=table_id, participant_id=phone, per_minute_limit=6)
    table_services.set_phase(uow, commands.SetPhase(phase="afwegen"), table_id=table_id)
    reacted = argument_services.react(watched, commands.React(argument_id=added.ack["argument_id"], value="agree"),
                                      table_id=table_id, participant_id=phone)
    snapshot = table_services.snapshot(watched, table_id=table_id, for_console=False, participant_id=phone)
    assert watched.built_session == [False, False, False]
    assert added.events[0].console_payload["argument"]["author"]["display_name"] == "Ans"
    assert reacted.events[0].payload["reactions"]["agree"] == 1
    assert snapshot["arguments"][0]["reactions"]["agree"] == 1 and snapshot["me"]["reactions"]


def test_a_session_opened_after_the_connection_is_in_its_transaction(uow):
    _, _, table = make_table(uow)
    engine, table_id = uow._engine, table["id"]
    before = title_of(engine, table_id)
    with UnitOfWork(engine) as work:
        work.connection.execute(update(DeliberationTable).where(DeliberationTable.id == table_id).values(title="Nieuw"))
        assert work.session.get(DeliberationTable, table_id).title == "Nieuw"  # sees the uncommitted change
        work.session.get(DeliberationTable, table_id).place = "Elders"
        # Not committed: both the Core write and the ORM's change are rolled back.
    assert title_of(engine, table_id) == before
    with UnitOfWork(engine) as work:
        work.connection.execute(update(DeliberationTable).where(DeliberationTable.id == table_id).values(title="Nieuw"))
        work.session.get(DeliberationTable, table_id).place = "Elders"
        work.commit()
    with UnitOfWork(engine) as work:
        stored = work.session.get(DeliberationTable, table_id)
        assert (stored.title, stored.place) == ("Nieuw", "Elders")


def test_a_rule_that_fails_after_a_core_write_keeps_nothing_of_it(uow):
    _, _, table = make_table(uow)
    engine, table_id = uow._engine, table["id"]
    before = title_of(engine, table_id)
    try:
        with UnitOfWork(engine) as work:
            work.connection.execute(update(DeliberationTable).where(DeliberationTable.id == table_id).values(title="Half"))
            raise ValueError("a rule failed")
    except ValueError:
        pass
    assert title_of(engine, table_id) == before
