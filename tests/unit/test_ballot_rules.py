import pytest

from sessions.ballots import POINTS_PER_BALLOT, clean_approval, clean_points
from sessions.errors import DomainError

COSTS = {1: 800_000, 2: 300_000, 3: 200_000}


def test_a_kiezen_ballot_is_distinct_options_of_this_table_within_the_budget():
    assert clean_approval([3, 2, 3], costs=COSTS, budget_cents=1_250_000) == [2, 3]
    assert clean_approval([], costs=COSTS, budget_cents=1_250_000) == []
    for ballot, code in [([1, 2, 3], "ballot_over_budget"), ([4], "unknown_option"), (["1"], "invalid_ballot"),
                         ([True], "invalid_ballot"), ({1: 1}, "invalid_ballot"), (None, "invalid_ballot")]:
        with pytest.raises(DomainError) as refused:
            clean_approval(ballot, costs=COSTS, budget_cents=1_250_000)
        assert refused.value.code == code


def test_a_verdelen_ballot_spreads_whole_points_up_to_a_hundred():
    assert clean_points({"1": 70, 2: 30, "3": 0}, costs=COSTS) == {"1": 70, "2": 30}
    assert POINTS_PER_BALLOT == 100
    for ballot, code in [({"1": 101}, "too_many_points"), ({"1": 60, "2": 41}, "too_many_points"),
                         ({"1": -1}, "invalid_ballot"), ({"1": 1.5}, "invalid_ballot"), ({"1": True}, "invalid_ballot"),
                         ({"x": 1}, "invalid_ballot"), ({"9": 1}, "unknown_option"), ([1], "invalid_ballot")]:
        with pytest.raises(DomainError) as refused:
            clean_points(ballot, costs=COSTS)
        assert refused.value.code == code


def test_the_live_ranking_counts_down_the_support_while_the_budget_lasts():
    from sessions.deciding_views import ranked_against_budget

    ranked = ranked_against_budget({"3": 2, "2": 1}, COSTS, 1_250_000)
    assert ranked == [{"option_id": 3, "support": 2, "fits": True}, {"option_id": 2, "support": 1, "fits": True},
                      {"option_id": 1, "support": 0, "fits": False}]
    assert [r["option_id"] for r in ranked_against_budget({}, COSTS, 1_250_000)] == [3, 2, 1]  # ties: cheaper first
