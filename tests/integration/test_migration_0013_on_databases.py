"""Migration 0013 (the frame agreed by the table) on SQLite and PostgreSQL: a table whose
rows were written under the 0012 schema keeps working after the upgrade. The table is made
at head, the schema taken back to 0012 (which drops what 0013 added: the table's rows are
then exactly what 0012 knew) and brought up again."""
from alembic import command
from alembic.config import Config as AlembicConfig
from sqlalchemy import inspect, text

from facilitator.database import MIGRATIONS_DIR, make_engine, upgrade_schema
from sessions import cluster_services, commands, consensus_services, frame_consent_services, frame_services, table_services
from sessions.unit_of_work import UnitOfWork

from .test_services_on_databases import make_table

FRAME = {"goals": "Ontmoeten", "roles": "", "conditions": "", "ballot_form": "verdelen", "rule": "greedy",
         "consensus_rule": "unanimity"}


def migrate(engine, direction: str, revision: str) -> None:
    config = AlembicConfig()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        getattr(command, direction)(config, revision)


def test_a_table_of_the_0012_schema_keeps_working_after_the_upgrade(database_url):
    engine = make_engine(database_url)
    try:
        upgrade_schema(engine)
        uow = UnitOfWork(engine)
        _, _, table = make_table(uow)
        table_id = table["id"]
        anna = table_services.join_table(uow, table_id=table_id, display_name="Anna").ack["participant_id"]
        frame_services.save_frame(uow, commands.SaveFrame(**FRAME), table_id=table_id)
        cluster = cluster_services.create_cluster(uow, commands.CreateCluster(name="Bankjes"), table_id=table_id)
        option = cluster_services.save_option(uow, commands.SaveOption(
            cluster_id=cluster.ack["cluster_id"], title="Bankjes", cost_euros=100), table_id=table_id).ack["option_id"]
        consensus_services.propose(uow, commands.Propose(option_ids=[option]), table_id=table_id)
        consensus_services.give_signal(uow, commands.GiveSignal(level=2, reason="Prima"), table_id=table_id,
                                       participant_id=anna)
        engine.dispose()

        migrate(engine, "downgrade", "0012")
        columns = {c["name"] for c in inspect(engine).get_columns("table_frame")}
        assert "agreed_round_id" not in columns and "frame_round" not in inspect(engine).get_table_names()
        with engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM consensus_signal")).scalar_one() == 1
        engine.dispose()
        upgrade_schema(engine)

        # The frame recorded under 0012 still governs (no frame was agreed); everything goes on.
        with uow:
            assert frame_consent_services.governing_frame(uow.session, table_id) == {**FRAME, "agreed": False}
        snapshot = table_services.snapshot(uow, table_id=table_id, for_console=False, participant_id=anna)
        assert snapshot["frame"] == {**FRAME, "recorded": True} and snapshot["me"]["signal"]["level"] == 2
        assert snapshot["frame_consent"] == {"rounds": 0, "latest": None, "agreed": None, "suggestions": []}
        assert snapshot["consensus"]["latest"]["tally"]["2"] == 1
        consensus_services.give_paper_signal(uow, commands.GivePaperSignal(paper_label="Kaart 1", level=1, reason=None),
                                             table_id=table_id)
        frame_consent_services.propose_frame(uow, commands.ProposeFrame(), table_id=table_id)
        frame_consent_services.give_frame_signal(uow, commands.GiveFrameSignal(level=1, reason=None),
                                                 table_id=table_id, participant_id=anna)
        agreed = frame_consent_services.close_frame_round(uow, commands.CloseFrameRound(), table_id=table_id)
        assert agreed.events[0].payload["frame_consent"]["agreed"]["proposal"] == FRAME
    finally:
        engine.dispose()
