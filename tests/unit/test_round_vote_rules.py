"""The plenary vote's rules that need no database: who a voter is, the live tally, a
merge, and a decision that never goes over the round's budget."""
import json

import pytest

from sessions.errors import DomainError
from sessions.round_votes import (
    check_mergeable, clean_left_out_reason, decision_of, paper_key, person_key, tally,
)


def test_a_browser_is_one_person_by_its_earliest_seat_whichever_table_it_votes_through():
    # Seated at table A (seat 7), later at table B (seat 31): both pages vote as seat 7.
    assert person_key([7]) == person_key([31, 7]) == person_key([7, 31, 7]) == "seat:7"
    assert person_key([31]) != person_key([7])
    with pytest.raises(DomainError, match="not_allowed"):
        person_key([])


def test_a_paper_ballot_is_one_per_label_per_table():
    assert paper_key(3, "Kaart 1") == paper_key(3, "kaart 1")
    assert paper_key(3, "Kaart 1") != paper_key(4, "Kaart 1")


def test_the_tally_counts_approvals_or_points_and_paper_apart():
    votes = [(json.dumps({"approved": [1, 2]}), False), (json.dumps({"approved": [2]}), True),
             (json.dumps({"approved": []}), False)]
    counted = tally(votes, [1, 2, 3])
    assert (counted.voters, counted.on_paper) == (3, 1)
    assert counted.support == {"1": 1, "2": 2, "3": 0}
    points = tally([(json.dumps({"points": {"1": 60, "3": 40}}), False)], [1, 3])
    assert points.support == {"1": 60, "3": 40}


@pytest.mark.parametrize("ids, code", [([5], "merge_needs_two_options"), ([5, 5], "merge_needs_two_options"),
                                       ([5, 9], "unknown_option")])
def test_a_merge_takes_two_or_more_options_of_the_ballot(ids, code):
    with pytest.raises(DomainError, match=code):
        check_mergeable(ids, {5, 6})
    assert check_mergeable([6, 5, 6], {5, 6}) == [6, 5]


def test_the_round_decision_stays_within_the_budget():
    costs = {1: 1_200_000, 2: 300_000, 3: 800_000}
    assert decision_of([2, 1, 2], costs, 2_000_000) == {"funded": [1, 2], "total_cost_cents": 1_500_000}
    assert decision_of([], costs, 2_000_000)["total_cost_cents"] == 0
    with pytest.raises(DomainError, match="round_decision_over_budget"):
        decision_of([1, 3], costs, 1_999_999)
    with pytest.raises(DomainError, match="unknown_option"):
        decision_of([4], costs, 2_000_000)


@pytest.mark.parametrize("reason", ["", "   ", "\u200b", "x" * 301, None, 5])
def test_leaving_out_needs_a_real_reason(reason):
    with pytest.raises(DomainError, match="left_out_reason_required"):
        clean_left_out_reason(reason)
