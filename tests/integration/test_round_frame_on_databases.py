"""A round of several tables on SQLite and PostgreSQL: the round's own frame, its budget
split over the tables, each table deciding within its share, and the round's one
allocation never above the round budget."""
from datetime import datetime, timezone

import pytest
from alembic import command
from alembic.config import Config as AlembicConfig
from sqlalchemy import text

from facilitator.database import MIGRATIONS_DIR, make_engine
from sessions import ballot_services as ballots, commands, consensus_services as consensus, round_services, \
    table_services
from sessions.errors import DomainError, NotFound
from sessions.unit_of_work import UnitOfWork

from .test_ballots_on_databases import table_with_options

STARTS = datetime(2027, 1, 14, 18, 30, tzinfo=timezone.utc)


def round_of_two(uow):
    """Table one has Speeltuin € 8.000, Bomen € 3.000, Bankjes € 2.000; the round € 12.500."""
    one, options, phones = table_with_options(uow)
    organiser = _organiser_of(uow, one)
    two = round_services.create_table(uow, organiser_id=organiser, round_id=one["round_id"], title="Tafel twee",
                                      place="Buurthuis", starts_at=STARTS)
    return organiser, one, two, options, phones


def _organiser_of(uow, table):
    from sessions.models import BudgetRound
    with uow:
        return uow.session.get(BudgetRound, table["round_id"]).organiser_id


def table_budget(uow, table):
    return table_services.snapshot(uow, table_id=table["id"], for_console=False)["round"]


def frame(uow, organiser, round_id, combination, **texts):
    return round_services.save_round_frame(uow, organiser_id=organiser, round_id=round_id,
                                           goals=texts.get("goals", ""), conditions=texts.get("conditions", ""),
                                           rule=texts.get("rule", "mes"), combination=combination)


def decide(uow, table, option_ids, phones):
    consensus.propose(uow, commands.Propose(option_ids=option_ids), table_id=table["id"])
    for phone in phones:
        consensus.give_signal(uow, commands.GiveSignal(level=1), table_id=table["id"], participant_id=phone)
    consensus.close_consensus_round(uow, commands.CloseConsensusRound(), table_id=table["id"])
    consensus.record_decision(uow, commands.RecordDecision(), table_id=table["id"])


def test_a_round_without_a_frame_keeps_every_table_on_the_whole_budget(uow):
    organiser, one, two, _options, _phones = round_of_two(uow)
    seen = table_budget(uow, one)
    assert seen["budget_cents"] == seen["round_budget_cents"] == 1_250_000
    assert seen["frame"] == {"goals": "", "conditions": "", "rule": "mes", "combination": "separate",
                             "recorded": False, "round_budget_cents": 1_250_000}
    # Shares saved while the tables are on their own change nothing yet.
    round_services.save_table_shares(uow, organiser_id=organiser, round_id=one["round_id"],
                                     shares={one["id"]: 500_000, two["id"]: 750_000})
    assert table_budget(uow, one)["budget_cents"] == 1_250_000


def test_under_table_budgets_each_table_proposes_votes_and_decides_within_its_share(uow):
    organiser, one, two, (speeltuin, bomen, bankjes), phones = round_of_two(uow)
    round_services.save_table_shares(uow, organiser_id=organiser, round_id=one["round_id"],
                                     shares={one["id"]: 500_000, two["id"]: 750_000})
    saved = frame(uow, organiser, one["round_id"], "table_budgets", goals="Een groenere buurt\nvoor iedereen",
                  conditions="Alleen eenmalige kosten", rule="greedy")
    assert saved.ack["combination"] == "table_budgets" and saved.ack["goals"] == "Een groenere buurt\nvoor iedereen"
    # Both tables are told at once, each its own budget, under its next seq.
    told = {e.table_id: e for e in saved.events}
    assert set(told) == {one["id"], two["id"]} and {e.name for e in saved.events} == {"round_changed"}
    assert told[one["id"]].payload["round"]["budget_cents"] == 500_000
    assert told[two["id"]].payload["round"]["budget_cents"] == 750_000
    assert told[one["id"]].seq == table_services.snapshot(uow, table_id=one["id"], for_console=False)["seq"]

    seen = table_budget(uow, one)
    assert (seen["budget_cents"], seen["round_budget_cents"]) == (500_000, 1_250_000)
    assert seen["frame"]["share_cents"] == 500_000 and seen["frame"]["rule"] == "greedy"
    assert table_budget(uow, two)["budget_cents"] == 750_000

    ballots.open_ballot_round(uow, commands.OpenBallotRound(), table_id=one["id"])
    assert table_services.snapshot(uow, table_id=one["id"], for_console=False)["ballots"]["budget_cents"] == 500_000
    with pytest.raises(DomainError, match="ballot_over_budget"):  # Speeltuin alone "past niet meer"
        ballots.cast_ballot(uow, commands.CastBallot(approved=[speeltuin]), table_id=one["id"],
                            participant_id=phones[0])
    ballots.cast_ballot(uow, commands.CastBallot(approved=[bomen, bankjes]), table_id=one["id"],
                        participant_id=phones[0])
    ballots.close_ballot_round(uow, commands.CloseBallotRound(), table_id=one["id"])
    results = table_services.snapshot(uow, table_id=one["id"], for_console=False)["ballots"]["results"]
    assert all(outcome["total_cost_cents"] <= 500_000 for outcome in results.values())

    with pytest.raises(DomainError, match="proposal_over_budget"):
        consensus.propose(uow, commands.Propose(option_ids=[speeltuin]), table_id=one["id"])
    decide(uow, one, [bomen, bankjes], phones)

    overview = round_services.round_with_tables(uow, organiser_id=organiser, round_id=one["round_id"])
    assert [t["budget_cents"] for t in overview["tables"]] == [500_000, 750_000]
    assert overview["combined"]["combined"] and overview["combined"]["total_cents"] == 500_000
    assert overview["combined"]["funded"] == [{"table_id": one["id"], "option_id": bomen},
                                              {"table_id": one["id"], "option_id": bankjes}]


def test_a_new_split_is_checked_against_what_the_tables_decided_or_proposed(uow):
    organiser, one, two, (_speeltuin, bomen, bankjes), phones = round_of_two(uow)
    round_id = one["round_id"]
    round_services.save_table_shares(uow, organiser_id=organiser, round_id=round_id,
                                     shares={one["id"]: 500_000, two["id"]: 750_000})
    frame(uow, organiser, round_id, "table_budgets")
    consensus.propose(uow, commands.Propose(option_ids=[bomen]), table_id=one["id"])  # € 3.000 before the table
    with pytest.raises(DomainError) as refused:
        round_services.save_table_shares(uow, organiser_id=organiser, round_id=round_id,
                                         shares={one["id"]: 200_000, two["id"]: 1_050_000})
    assert refused.value.code == "decision_above_share" and refused.value.params["over_cents"] == 100_000
    assert table_budget(uow, one)["budget_cents"] == 500_000  # nothing changed

    for phone in phones:
        consensus.give_signal(uow, commands.GiveSignal(level=1), table_id=one["id"], participant_id=phone)
    consensus.close_consensus_round(uow, commands.CloseConsensusRound(), table_id=one["id"])
    consensus.record_decision(uow, commands.RecordDecision(), table_id=one["id"])
    round_services.save_table_shares(uow, organiser_id=organiser, round_id=round_id,
                                     shares={one["id"]: 300_000, two["id"]: 950_000})
    assert table_budget(uow, one)["budget_cents"] == 300_000
    with pytest.raises(DomainError, match="proposal_over_budget"):
        consensus.propose(uow, commands.Propose(option_ids=[bomen, bankjes]), table_id=one["id"])


@pytest.mark.parametrize("shares, left, over", [((500_000, 700_000), 50_000, 0), ((600_000, 700_000), 0, 50_000)])
def test_shares_that_do_not_add_up_are_refused_with_what_is_left_or_too_much(uow, shares, left, over):
    organiser, one, two, _options, _phones = round_of_two(uow)
    with pytest.raises(DomainError) as refused:
        round_services.save_table_shares(uow, organiser_id=organiser, round_id=one["round_id"],
                                         shares=dict(zip((one["id"], two["id"]), shares)))
    assert refused.value.code == "shares_do_not_add_up"
    assert (refused.value.params["left_cents"], refused.value.params["over_cents"]) == (left, over)
    assert round_services.round_with_tables(uow, organiser_id=organiser, round_id=one["round_id"])["shares"] == {}


def test_every_table_of_the_round_gets_a_share_and_no_other(uow):
    organiser, one, two, _options, _phones = round_of_two(uow)
    for shares in ({one["id"]: 1_250_000}, {one["id"]: 1_250_000, two["id"]: 0, 999_999: 0}):
        with pytest.raises(DomainError, match="unknown_table"):
            round_services.save_table_shares(uow, organiser_id=organiser, round_id=one["round_id"], shares=shares)


def test_choosing_table_budgets_after_a_table_decided_above_its_share_is_refused(uow):
    organiser, one, two, (speeltuin, bomen, _bankjes), phones = round_of_two(uow)
    decide(uow, one, [speeltuin, bomen], phones)  # € 11.000 on the whole budget, each table on its own
    round_services.save_table_shares(uow, organiser_id=organiser, round_id=one["round_id"],
                                     shares={one["id"]: 500_000, two["id"]: 750_000})
    with pytest.raises(DomainError, match="decision_above_share"):
        frame(uow, organiser, one["round_id"], "table_budgets")
    assert table_budget(uow, one)["frame"]["combination"] == "separate"
    frame(uow, organiser, one["round_id"], "plenary")  # a joint vote decides anew: allowed
    assert table_budget(uow, one)["frame"]["combination"] == "plenary"


@pytest.mark.parametrize("field, value, code", [
    ("combination", "everybody", "unknown_combination"), ("rule", "dice", "unknown_rule"),
    ("goals", "x" * 2001, "frame_text_too_long"), ("conditions", 7, "frame_text_too_long"),
    ("goals", "bel\x07", "invalid_characters"),
])
def test_a_bad_round_frame_is_refused_and_nothing_is_stored(uow, field, value, code):
    organiser, one, _two, _options, _phones = round_of_two(uow)
    values = {"goals": "", "conditions": "", "rule": "mes", "combination": "separate", field: value}
    with pytest.raises(DomainError) as refused:
        round_services.save_round_frame(uow, organiser_id=organiser, round_id=one["round_id"], **values)
    assert refused.value.code == code
    assert table_budget(uow, one)["frame"]["recorded"] is False


def test_another_organiser_can_neither_see_nor_change_the_round_frame(uow):
    from sessions import account_services
    _organiser, one, two, _options, _phones = round_of_two(uow)
    stranger = account_services.create_organiser(uow, email="ander@example.nl", password="lang genoeg wachtwoord")
    with pytest.raises(NotFound):
        frame(uow, stranger, one["round_id"], "table_budgets")
    with pytest.raises(NotFound):
        round_services.save_table_shares(uow, organiser_id=stranger, round_id=one["round_id"],
                                         shares={one["id"]: 1_250_000, two["id"]: 0})


def migrate(engine, verb, revision):
    config = AlembicConfig()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        getattr(command, verb)(config, revision)


def test_the_migration_keeps_a_round_made_before_it_on_its_own(database_url):
    """A database made by the schema before 0014, with a round in it, is upgraded:
    nothing is lost, and its tables still decide on the whole round budget; and back."""
    engine = make_engine(database_url)
    try:
        migrate(engine, "upgrade", "0012")
        with engine.begin() as connection:
            connection.execute(text(
                "INSERT INTO organiser (email, password_hash, created_at, session_version) "
                "VALUES ('o@example.nl', 'x', '2027-01-01 00:00:00', 0)"))
            connection.execute(text(
                "INSERT INTO budget_round (name, neighbourhood, budget_cents, starts_on, ends_on, organiser_id, "
                "created_at) VALUES ('Ronde', 'Noord', 900000, '2027-01-01', '2027-02-01', "
                "(SELECT id FROM organiser), '2027-01-01 00:00:00')"))
        organiser, round_id = _scalar(engine, "SELECT id FROM organiser"), _scalar(engine, "SELECT id FROM budget_round")
        migrate(engine, "upgrade", "head")
        uow = UnitOfWork(engine)
        table = round_services.create_table(uow, organiser_id=organiser, round_id=round_id, title="Oud",
                                            place="Hier", starts_at=STARTS)
        seen = table_budget(uow, table)
        assert seen["budget_cents"] == 900_000 and seen["frame"]["combination"] == "separate"
        round_services.save_table_shares(uow, organiser_id=organiser, round_id=round_id, shares={table["id"]: 900_000})
        frame(uow, organiser, round_id, "table_budgets")
        migrate(engine, "downgrade", "0012")
        with engine.connect() as connection:
            assert connection.execute(text("SELECT budget_cents FROM budget_round")).scalar_one() == 900_000
            assert connection.execute(text("SELECT count(*) FROM deliberation_table")).scalar_one() == 1
    finally:
        engine.dispose()


def _scalar(engine, sql):
    with engine.connect() as connection:
        return connection.execute(text(sql)).scalar_one()


@pytest.mark.postgres
def test_recording_a_decision_waits_for_a_split_being_saved(database_url):
    """The round's row lock orders a decision and a new split: while the organiser's split
    holds it, a table's decision waits, then is checked against the new share."""
    if not database_url.startswith("postgresql"):
        pytest.skip("SQLite has one writer at a time anyway")
    import threading

    engine = make_engine(database_url)
    try:
        from facilitator.database import upgrade_schema
        upgrade_schema(engine)
        uow = UnitOfWork(engine)
        organiser, one, two, (_speeltuin, bomen, _bankjes), phones = round_of_two(uow)
        round_services.save_table_shares(uow, organiser_id=organiser, round_id=one["round_id"],
                                         shares={one["id"]: 500_000, two["id"]: 750_000})
        frame(uow, organiser, one["round_id"], "table_budgets")
        consensus.propose(uow, commands.Propose(option_ids=[bomen]), table_id=one["id"])
        for phone in phones:
            consensus.give_signal(uow, commands.GiveSignal(level=1), table_id=one["id"], participant_id=phone)
        consensus.close_consensus_round(uow, commands.CloseConsensusRound(), table_id=one["id"])

        outcome = {}

        def record():
            try:
                consensus.record_decision(UnitOfWork(engine), commands.RecordDecision(), table_id=one["id"])
                outcome["result"] = "recorded"
            except DomainError as error:
                outcome["result"] = error.code

        with engine.connect() as held:
            transaction = held.begin()
            held.execute(text("SELECT id FROM budget_round WHERE id = :id FOR UPDATE"), {"id": one["round_id"]})
            # What a split saved under the lock does: table one's share below its € 3.000.
            held.execute(text("UPDATE round_table_share SET budget_cents = 200000 WHERE table_id = :t"),
                         {"t": one["id"]})
            held.execute(text("UPDATE round_table_share SET budget_cents = 1050000 WHERE table_id = :t"),
                         {"t": two["id"]})
            worker = threading.Thread(target=record)
            worker.start()
            worker.join(1.0)
            assert worker.is_alive(), "the decision did not wait for the round's lock"
            transaction.commit()
        worker.join(10)
        assert outcome["result"] == "over_budget"  # checked against the new share, not the one it read before
    finally:
        engine.dispose()
