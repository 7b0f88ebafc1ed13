"""Besluiten on SQLite and PostgreSQL: proposals, signals, rounds and the decision."""
import threading

import pytest
from sqlmodel import select

from sessions import commands, consensus_services as consensus, frame_services, table_services
from sessions.consensus import ConsensusSignal
from sessions.errors import DomainError
from sessions.unit_of_work import UnitOfWork

from .test_ballots_on_databases import table_with_options


def view(uow, table, participant_id=None):
    snap = table_services.snapshot(uow, table_id=table["id"], for_console=False, participant_id=participant_id)
    return snap["consensus"], snap.get("me")


def test_two_rounds_the_first_with_an_objection_then_a_recorded_decision(uow):
    table, (speeltuin, bomen, bankjes), phones = table_with_options(uow)  # frame: consent
    consensus.propose(uow, commands.Propose(option_ids=[speeltuin, bomen], based_on_rule="greedy"), table_id=table["id"])
    consensus.give_signal(uow, commands.GiveSignal(level=1), table_id=table["id"], participant_id=phones[0])
    consensus.give_signal(uow, commands.GiveSignal(level=2, reason="Let op onderhoud"), table_id=table["id"], participant_id=phones[1])
    consensus.give_signal(uow, commands.GiveSignal(level=5, reason="Speeltuin te duur"), table_id=table["id"], participant_id=phones[2])
    state, me = view(uow, table, phones[2])
    assert state["latest"]["tally"] == {"1": 1, "2": 1, "3": 0, "4": 0, "5": 1}
    assert state["latest"]["objections"] == ["Speeltuin te duur"] and me["signal"]["level"] == 5
    consensus.close_consensus_round(uow, commands.CloseConsensusRound(), table_id=table["id"])
    assert view(uow, table)[0]["latest"]["outcome"] == "no_consensus"

    consensus.propose(uow, commands.Propose(option_ids=[bomen, bankjes], based_on_rule="mes"), table_id=table["id"])
    for phone, level in zip(phones, (1, 2, 3)):
        consensus.give_signal(uow, commands.GiveSignal(level=level), table_id=table["id"], participant_id=phone)
    consensus.close_consensus_round(uow, commands.CloseConsensusRound(), table_id=table["id"])
    consensus.record_decision(uow, commands.RecordDecision(), table_id=table["id"])
    state, _ = view(uow, table)
    assert state["rounds"] == 2 and state["latest"]["outcome"] == "consent_with_reservations"
    assert state["decision"] == {"outcome": "consent_with_reservations", "computed_outcome": "consent_with_reservations",
                                 "override_reason": None, "option_ids": sorted([bomen, bankjes]),
                                 "total_cost_cents": 500_000, "round_number": 2}


def test_overriding_the_computed_outcome_needs_a_written_reason(uow):
    table, options, phones = table_with_options(uow)
    consensus.propose(uow, commands.Propose(option_ids=[options[1]]), table_id=table["id"])
    consensus.give_signal(uow, commands.GiveSignal(level=5, reason="Nee"), table_id=table["id"], participant_id=phones[0])
    consensus.close_consensus_round(uow, commands.CloseConsensusRound(), table_id=table["id"])
    with pytest.raises(DomainError, match="override_needs_reason"):
        consensus.record_decision(uow, commands.RecordDecision(outcome="consensus", override_reason=" "), table_id=table["id"])
    consensus.record_decision(uow, commands.RecordDecision(outcome="consent_with_reservations", override_reason="Het bezwaar is in overleg weggenomen."), table_id=table["id"])
    decision = view(uow, table)[0]["decision"]
    assert (decision["outcome"], decision["computed_outcome"]) == ("consent_with_reservations", "no_consensus")


@pytest.mark.parametrize("attempt, code", [
    ("propose everything", "proposal_over_budget"), ("propose an unknown option", "unknown_option"),
    ("signal with no round open", "consensus_round_closed"), ("decide with no round", "no_closed_consensus_round"),
])
def test_bad_proposals_and_signals_out_of_turn_are_refused(uow, attempt, code):
    table, options, phones = table_with_options(uow)
    before = view(uow, table)[0]
    with pytest.raises(DomainError) as refused:
        if attempt == "propose everything":
            consensus.propose(uow, commands.Propose(option_ids=options), table_id=table["id"])  # € 13.000 > € 12.500
        elif attempt == "propose an unknown option":
            consensus.propose(uow, commands.Propose(option_ids=[999_999]), table_id=table["id"])
        elif attempt == "signal with no round open":
            consensus.give_signal(uow, commands.GiveSignal(level=1), table_id=table["id"], participant_id=phones[0])
        else:
            consensus.record_decision(uow, commands.RecordDecision(), table_id=table["id"])
    assert refused.value.code == code
    assert view(uow, table)[0] == before


def test_an_objection_without_a_reason_changes_nothing(uow):
    table, options, phones = table_with_options(uow)
    consensus.propose(uow, commands.Propose(option_ids=[options[1]]), table_id=table["id"])
    consensus.give_signal(uow, commands.GiveSignal(level=2), table_id=table["id"], participant_id=phones[0])
    before = view(uow, table)[0]
    with pytest.raises(DomainError, match="objection_needs_reason"):
        consensus.give_signal(uow, commands.GiveSignal(level=5, reason=""), table_id=table["id"], participant_id=phones[0])
    assert view(uow, table)[0] == before


def test_one_participant_signalling_from_two_windows_at_once_has_one_signal(engine):
    uow = UnitOfWork(engine)
    table, options, phones = table_with_options(uow)
    consensus.propose(uow, commands.Propose(option_ids=[options[1]]), table_id=table["id"])
    threads = [threading.Thread(target=consensus.give_signal, args=(UnitOfWork(engine),),
                                kwargs={"table_id": table["id"], "participant_id": phones[0], "level": 1 + n % 4})
               for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    with UnitOfWork(engine) as check:
        assert len(check.session.exec(select(ConsensusSignal)).all()) == 1


def test_the_table_rule_decides_what_counts(uow):
    table, options, phones = table_with_options(uow)
    frame_services.save_frame(uow, commands.SaveFrame(goals="", roles="", conditions="", ballot_form="kiezen", rule="mes", consensus_rule="unanimity"), table_id=table["id"])
    consensus.propose(uow, commands.Propose(option_ids=[options[1]]), table_id=table["id"])
    for phone, level in zip(phones, (1, 2, 3)):
        consensus.give_signal(uow, commands.GiveSignal(level=level), table_id=table["id"], participant_id=phone)
    consensus.close_consensus_round(uow, commands.CloseConsensusRound(), table_id=table["id"])
    assert view(uow, table)[0]["latest"]["outcome"] == "no_consensus"  # one "can live with it" is not agreement
