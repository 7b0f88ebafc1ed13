"""The frame agreed by the table: the rules of a frame consent round, without a database."""
import pytest

from sessions.consensus import Outcome, Signal
from sessions.errors import DomainError
from sessions.frame import TableFrame
from sessions.frame_consent import (
    FrameRound, check_can_propose, clean_suggestion_kind, clean_suggestion_text, deciding_rule, governing, is_agreed,
    proposal_of, round_outcome, tally_of, with_suggestion,
)


def draft(**values):
    return TableFrame(table_id=1, **{"goals": "Ontmoeten", "ballot_form": "verdelen", "rule": "greedy",
                                     "consensus_rule": "consent", **values})


def agreed_round(frame: TableFrame, **values) -> FrameRound:
    return FrameRound(table_id=1, number=1, decided_by="consent", outcome=Outcome.CONSENSUS,
                      **{**proposal_of(frame), **values})


def test_an_objection_blocks_the_frame_under_consent_and_a_doubt_does_not():
    assert round_outcome([Signal.FULLY_AGREE, Signal.OBJECTION], rule="consent") == Outcome.NO_CONSENSUS
    outcome = round_outcome([Signal.FULLY_AGREE, Signal.SERIOUS_DOUBTS], rule="consent")
    assert outcome == Outcome.CONSENT_WITH_RESERVATIONS and is_agreed(outcome)
    assert is_agreed(round_outcome([Signal.FULLY_AGREE] * 3, rule="unanimity"))
    assert not is_agreed(round_outcome([Signal.FULLY_AGREE, Signal.CAN_LIVE_WITH_IT], rule="unanimity"))


def test_a_round_without_answers_agrees_nothing():
    assert not is_agreed(round_outcome([], rule="consent"))
    assert not is_agreed(None)


def test_the_first_frame_is_judged_by_the_rule_it_proposes_later_ones_by_the_agreed_rule():
    first = proposal_of(draft(consensus_rule="unanimity"))
    assert deciding_rule(first, None) == "unanimity"
    agreed = agreed_round(draft(consensus_rule="three_quarters"))
    # A table cannot loosen its rule by proposing a looser one: the agreed rule judges the change.
    assert deciding_rule(proposal_of(draft(consensus_rule="consent")), agreed) == "three_quarters"


def test_the_agreed_frame_governs_and_the_draft_only_until_there_is_one():
    edited = draft(ballot_form="kiezen", rule="mes", consensus_rule="unanimity")
    assert governing(edited, None) == {**proposal_of(edited), "agreed": False}
    agreed = agreed_round(draft())
    ruling = governing(edited, agreed)
    assert ruling["agreed"] and ruling["ballot_form"] == "verdelen" and ruling["rule"] == "greedy"
    assert governing(None, None)["ballot_form"] == "kiezen" and governing(None, None)["rule"] == "mes"


def test_putting_the_agreed_frame_again_unchanged_is_refused_and_an_amendment_is_not():
    agreed = agreed_round(draft())
    with pytest.raises(DomainError) as refused:
        check_can_propose(proposal_of(draft()), agreed)
    assert refused.value.code == "frame_already_agreed"
    check_can_propose(proposal_of(draft(conditions="Niet boven de 5.000")), agreed)
    check_can_propose(proposal_of(draft()), None)


def test_the_tally_counts_every_step_and_keeps_reasons_without_names():
    tally = tally_of({1: 2, 5: 1}, [(5, "Te vaag"), (2, "Goed zo")], paper=1)
    assert tally == {"tally": {"1": 2, "2": 0, "3": 0, "4": 0, "5": 1}, "objections": ["Te vaag"],
                     "notes": ["Goed zo"], "paper": 1}


def test_a_taken_suggestion_becomes_a_line_of_its_own_within_the_limit():
    assert with_suggestion("", "Meer groen") == "Meer groen"
    assert with_suggestion("Ontmoeten", "Meer groen") == "Ontmoeten\nMeer groen"
    with pytest.raises(DomainError) as refused:
        with_suggestion("x" * 1995, "Meer groen")
    assert refused.value.code == "frame_text_too_long"


@pytest.mark.parametrize("text, code", [("", "suggestion_required"), ("   ", "suggestion_required"),
                                        (None, "suggestion_required"), ("x" * 501, "suggestion_too_long")])
def test_a_suggestion_needs_some_words_and_not_too_many(text, code):
    with pytest.raises(DomainError) as refused:
        clean_suggestion_text(text)
    assert refused.value.code == code


def test_a_suggestion_is_a_goal_or_a_condition():
    assert clean_suggestion_text("  Meer   groen ") == "Meer groen"
    assert clean_suggestion_kind("condition") == "condition"
    for kind in ("role", {"goal": 1}, ["goal"], None):
        with pytest.raises(DomainError):
            clean_suggestion_kind(kind)
