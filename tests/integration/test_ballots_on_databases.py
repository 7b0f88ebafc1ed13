"""Ballots (Verdelen) on SQLite and PostgreSQL: the rules that hold whatever happens."""
import threading
import uuid

import pytest
from sqlmodel import select

from sessions import (
    argument_services, ballot_services as ballots, cluster_services, commands, frame_services, table_services,
)
from sessions.ballots import Ballot
from sessions.errors import DomainError
from sessions.unit_of_work import UnitOfWork

from .test_services_on_databases import make_table


def table_with_options(uow, *, ballot_form="kiezen"):
    _, _, table = make_table(uow)  # budget € 12.500
    table_services.set_phase(uow, commands.SetPhase(phase="inbreng"), table_id=table["id"])
    options = []
    for title, euros in (("Speeltuin", 8000), ("Bomen", 3000), ("Bankjes", 2000)):
        argument = argument_services.submit_argument(uow, commands.SubmitArgument(client_id=str(uuid.uuid4()), stance="voor", text=title), table_id=table["id"], participant_id=None).ack["argument_id"]
        cluster = cluster_services.create_cluster(uow, commands.CreateCluster(name=title, argument_ids=[argument]), table_id=table["id"]).ack
        options.append(cluster_services.save_option(uow, commands.SaveOption(cluster_id=cluster["cluster_id"], title=title, cost_euros=euros), table_id=table["id"]).ack["option_id"])
    frame_services.save_frame(uow, commands.SaveFrame(goals="", roles="", conditions="", ballot_form=ballot_form, rule="mes", consensus_rule="consent"), table_id=table["id"])
    phones = [table_services.join_table(uow, table_id=table["id"], display_name=None).ack["participant_id"] for _ in range(3)]
    return table, options, phones


def tally(uow, table):
    return table_services.snapshot(uow, table_id=table["id"], for_console=False)["ballots"]


def test_phones_choose_within_the_budget_and_may_change_their_mind_until_closing(uow):
    table, (speeltuin, bomen, bankjes), phones = table_with_options(uow)
    with pytest.raises(DomainError, match="ballot_round_closed"):
        ballots.cast_ballot(uow, commands.CastBallot(approved=[bomen]), table_id=table["id"], participant_id=phones[0])
    ballots.open_ballot_round(uow, commands.OpenBallotRound(), table_id=table["id"])
    ballots.cast_ballot(uow, commands.CastBallot(approved=[speeltuin, bankjes]), table_id=table["id"], participant_id=phones[0])
    ballots.cast_ballot(uow, commands.CastBallot(approved=[bomen, bankjes]), table_id=table["id"], participant_id=phones[1])
    ballots.cast_ballot(uow, commands.CastBallot(approved=[speeltuin, bomen]), table_id=table["id"], participant_id=phones[0])  # changed
    ballots.cast_paper_ballot(uow, commands.CastPaperBallot(paper_label="Kaart 1", approved=[bankjes]), table_id=table["id"])
    t = tally(uow, table)
    assert (t["turnout"], t["paper"], t["open"]) == (3, 1, True)
    assert t["aggregate"] == {str(speeltuin): 1, str(bomen): 2, str(bankjes): 2}
    me = table_services.snapshot(uow, table_id=table["id"], for_console=False, participant_id=phones[0])["me"]
    assert me["ballot"] == {"approved": sorted([speeltuin, bomen])}
    ballots.close_ballot_round(uow, commands.CloseBallotRound(), table_id=table["id"])
    with pytest.raises(DomainError, match="ballot_round_closed"):
        ballots.cast_ballot(uow, commands.CastBallot(approved=[bomen]), table_id=table["id"], participant_id=phones[2])
    assert tally(uow, table)["open"] is False and tally(uow, table)["turnout"] == 3


@pytest.mark.parametrize("approved, code", [
    (["1"], "invalid_ballot"), ("alles", "invalid_ballot"), ([999_999], "unknown_option"), (None, "invalid_ballot"),
])
def test_bad_kiezen_ballots_are_refused_and_nothing_changes(uow, approved, code):
    table, options, phones = table_with_options(uow)
    ballots.open_ballot_round(uow, commands.OpenBallotRound(), table_id=table["id"])
    ballots.cast_ballot(uow, commands.CastBallot(approved=[options[1]]), table_id=table["id"], participant_id=phones[0])
    before = tally(uow, table)
    with pytest.raises(DomainError) as refused:
        ballots.cast_ballot(uow, commands.CastBallot(approved=approved), table_id=table["id"], participant_id=phones[0])
    assert refused.value.code == code
    assert tally(uow, table) == before


def test_a_kiezen_ballot_over_the_budget_is_refused(uow):
    table, options, phones = table_with_options(uow)  # 8000 + 3000 + 2000 > 12.500
    ballots.open_ballot_round(uow, commands.OpenBallotRound(), table_id=table["id"])
    with pytest.raises(DomainError, match="ballot_over_budget"):
        ballots.cast_ballot(uow, commands.CastBallot(approved=options), table_id=table["id"], participant_id=phones[0])
    assert tally(uow, table)["turnout"] == 0


def test_verdelen_spreads_at_most_a_hundred_points(uow):
    table, (speeltuin, bomen, _), phones = table_with_options(uow, ballot_form="verdelen")
    ballots.open_ballot_round(uow, commands.OpenBallotRound(), table_id=table["id"])
    ballots.cast_ballot(uow, commands.CastBallot(points={str(speeltuin): 70, str(bomen): 30}), table_id=table["id"], participant_id=phones[0])
    ballots.cast_ballot(uow, commands.CastBallot(points={str(bomen): 100}), table_id=table["id"], participant_id=phones[1])
    assert tally(uow, table)["aggregate"] == {str(speeltuin): 70, str(bomen): 130}
    for points, code in [({str(bomen): 101}, "too_many_points"), ({str(bomen): -1}, "invalid_ballot"),
                         ({"x": 5}, "invalid_ballot"), ({"999999": 5}, "unknown_option"), ([5], "invalid_ballot")]:
        with pytest.raises(DomainError) as refused:
            ballots.cast_ballot(uow, commands.CastBallot(points=points), table_id=table["id"], participant_id=phones[2])
        assert refused.value.code == code
    assert tally(uow, table)["turnout"] == 2


def test_a_round_needs_options_and_only_one_round_is_open_at_a_time(uow):
    _, _, bare = make_table(uow, email="leeg@example.nl", title="Leeg")
    with pytest.raises(DomainError, match="no_options"):
        ballots.open_ballot_round(uow, commands.OpenBallotRound(), table_id=bare["id"])
    table, _, _ = table_with_options(uow)
    ballots.open_ballot_round(uow, commands.OpenBallotRound(), table_id=table["id"])
    with pytest.raises(DomainError, match="ballot_round_open"):
        ballots.open_ballot_round(uow, commands.OpenBallotRound(), table_id=table["id"])
    ballots.close_ballot_round(uow, commands.CloseBallotRound(), table_id=table["id"])
    ballots.open_ballot_round(uow, commands.OpenBallotRound(), table_id=table["id"])
    assert tally(uow, table)["number"] == 2 and tally(uow, table)["turnout"] == 0


def test_one_voter_casting_from_two_windows_at_once_has_one_ballot(engine):
    uow = UnitOfWork(engine)
    table, options, phones = table_with_options(uow)
    ballots.open_ballot_round(uow, commands.OpenBallotRound(), table_id=table["id"])
    errors = []

    def cast(choice):
        try:
            ballots.cast_ballot(UnitOfWork(engine), commands.CastBallot(approved=choice), table_id=table["id"], participant_id=phones[0])
        except Exception as error:  # pragma: no cover
            errors.append(error)

    threads = [threading.Thread(target=cast, args=([options[n % 3]],)) for n in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with UnitOfWork(engine) as check:
        assert len(check.session.exec(select(Ballot)).all()) == 1
    assert tally(uow, table)["turnout"] == 1


def test_closing_the_round_shows_each_rules_outcome_with_a_reason_per_option(uow):
    table, (speeltuin, bomen, bankjes), phones = table_with_options(uow)
    ballots.open_ballot_round(uow, commands.OpenBallotRound(), table_id=table["id"])
    ballots.cast_ballot(uow, commands.CastBallot(approved=[speeltuin]), table_id=table["id"], participant_id=phones[0])
    ballots.cast_ballot(uow, commands.CastBallot(approved=[speeltuin, bomen]), table_id=table["id"], participant_id=phones[1])
    ballots.cast_ballot(uow, commands.CastBallot(approved=[bomen, bankjes]), table_id=table["id"], participant_id=phones[2])
    ballots.close_ballot_round(uow, commands.CloseBallotRound(), table_id=table["id"])
    results = tally(uow, table)["results"]
    assert set(results) == {"mes", "greedy", "phragmen"}
    for outcome in results.values():
        assert outcome["total_cost_cents"] <= 1_250_000
        assert outcome["total_cost_cents"] + outcome["left_cents"] == 1_250_000
        assert set(outcome["explanations"]) == {str(speeltuin), str(bomen), str(bankjes)}
        assert all(e["nl"] and e["en"] for e in outcome["explanations"].values())
    # Greedy by supporters: Speeltuin (2) and Bomen (2) fit (€ 11.000), Bankjes (1) no longer does.
    assert results["greedy"]["funded"] == [bomen, speeltuin] or set(results["greedy"]["funded"]) == {speeltuin, bomen}


def test_a_round_closed_without_ballots_still_has_results(uow):
    table, _, _ = table_with_options(uow)
    ballots.open_ballot_round(uow, commands.OpenBallotRound(), table_id=table["id"])
    ballots.close_ballot_round(uow, commands.CloseBallotRound(), table_id=table["id"])
    results = tally(uow, table)["results"]
    assert all(outcome["total_cost_cents"] <= 1_250_000 for outcome in results.values())


def test_a_ballot_cast_while_the_rules_run_outside_the_transaction_is_counted(uow, engine):
    """Issue 16, finding 9: the rules run between two transactions (on the server, off its
    event loop). A ballot stored meanwhile makes them run again, so the outcome is always
    that of the ballots the closed round holds; if ballots keep coming, the last try runs
    the rules after closing."""
    table, (speeltuin, bomen, bankjes), phones = table_with_options(uow)
    ballots.open_ballot_round(uow, commands.OpenBallotRound(), table_id=table["id"])
    ballots.cast_ballot(uow, commands.CastBallot(approved=[speeltuin]), table_id=table["id"], participant_id=phones[0])
    seen = []

    def compute_while_phones_vote(function, *args):
        seen.append(len(args[-1]))  # the ballots the rules were given
        if len(seen) < len(phones):  # another phone votes while the rules run
            ballots.cast_ballot(UnitOfWork(engine), commands.CastBallot(approved=[bomen, bankjes]),
                                table_id=table["id"], participant_id=phones[len(seen)])
        return function(*args)

    ballots.close_ballot_round(uow, commands.CloseBallotRound(), table_id=table["id"], compute=compute_while_phones_vote)
    assert seen == [1, 2, 3]  # two tries outside, each overtaken; the last one after closing
    result = tally(uow, table)
    assert (result["open"], result["turnout"]) == (False, 3)
    # Bomen and Bankjes (2 supporters each, € 5.000) before Speeltuin (1): all three ballots counted.
    assert set(result["results"]["greedy"]["funded"]) == {bomen, bankjes}
