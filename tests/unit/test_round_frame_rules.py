"""The rules of a round of several tables: splitting its budget, a table's budget, and
the round's one allocation, which never exceeds the round budget."""
import random

import pytest

from sessions.errors import DomainError
from sessions.round_frame import (
    Combination,
    RoundFrame,
    check_decisions_fit,
    check_split,
    combined_allocation,
    round_frame_view,
    table_budget_cents,
)

EUR = 100


def test_shares_that_add_up_to_the_round_budget_are_the_split():
    assert check_split(round_budget_cents=50_000 * EUR, shares={1: 20_000 * EUR, 2: 20_000 * EUR, 3: 10_000 * EUR}) \
        == {1: 20_000 * EUR, 2: 20_000 * EUR, 3: 10_000 * EUR}


def test_a_split_short_of_the_budget_says_how_much_is_left():
    with pytest.raises(DomainError) as raised:
        check_split(round_budget_cents=50_000 * EUR, shares={1: 20_000 * EUR, 2: 25_000 * EUR})
    assert raised.value.code == "shares_do_not_add_up"
    assert raised.value.params["left_cents"] == 5_000 * EUR and raised.value.params["over_cents"] == 0


def test_a_split_above_the_budget_says_how_much_too_much():
    with pytest.raises(DomainError) as raised:
        check_split(round_budget_cents=50_000 * EUR, shares={1: 30_000 * EUR, 2: 20_000 * EUR + 1})
    assert raised.value.params == {"total_cents": 50_000 * EUR + 1, "budget_cents": 50_000 * EUR,
                                   "left_cents": 0, "over_cents": 1}


@pytest.mark.parametrize("bad", [-1, 1.5, "100", True, None])
def test_a_share_is_whole_cents_and_never_negative(bad):
    with pytest.raises(DomainError):
        check_split(round_budget_cents=100, shares={1: 100, 2: bad})


def test_a_table_decides_within_its_share_only_under_table_budgets():
    assert table_budget_cents(round_budget_cents=900, combination="table_budgets", share_cents=300) == 300
    # A table made after the split has no share: nothing to decide on until the organiser splits again.
    assert table_budget_cents(round_budget_cents=900, combination="table_budgets", share_cents=None) == 0
    for combination in ("separate", "plenary", None):  # None: a round without a frame, as before
        assert table_budget_cents(round_budget_cents=900, combination=combination, share_cents=300) == 900


def test_a_round_without_a_frame_keeps_each_table_on_its_own():
    view = round_frame_view(None, round_budget_cents=900)
    assert view["combination"] == Combination.SEPARATE.value and view["rule"] == "mes" and not view["recorded"]
    assert "share_cents" not in view
    shared = round_frame_view(RoundFrame(round_id=4, combination="table_budgets"), round_budget_cents=900,
                              share_cents=250)
    assert shared["recorded"] and shared["share_cents"] == 250


def test_a_new_split_may_not_leave_a_decision_above_its_share():
    check_decisions_fit({1: 500, 2: 400}, {1: 500, 2: 0})
    with pytest.raises(DomainError) as raised:
        check_decisions_fit({1: 300, 2: 600}, {1: 500})
    assert raised.value.code == "decision_above_share"
    assert raised.value.params == {"table_id": 1, "total_cents": 500, "budget_cents": 300, "over_cents": 200}


def test_table_budgets_combine_the_tables_decisions_into_one_allocation():
    combined = combined_allocation(combination="table_budgets", round_budget_cents=1000, decisions=[
        {"table_id": 1, "option_ids": [11, 12], "total_cost_cents": 400},
        {"table_id": 2, "option_ids": [21], "total_cost_cents": 350}])
    assert combined["combined"] and combined["total_cents"] == 750 and combined["left_cents"] == 250
    assert combined["funded"] == [{"table_id": 1, "option_id": 11}, {"table_id": 1, "option_id": 12},
                                  {"table_id": 2, "option_id": 21}]


def test_tables_on_their_own_asking_too_much_have_no_combined_allocation():
    combined = combined_allocation(combination="separate", round_budget_cents=1000, decisions=[
        {"table_id": 1, "option_ids": [11], "total_cost_cents": 800},
        {"table_id": 2, "option_ids": [21], "total_cost_cents": 700}])
    assert not combined["combined"] and combined["funded"] == [] and combined["total_cents"] == 0
    assert combined["over_cents"] == 500 and combined["asked_cents"] == 1500


def test_under_a_joint_vote_the_tables_decisions_are_not_combined():
    combined = combined_allocation(combination="plenary", round_budget_cents=1000, decisions=[
        {"table_id": 1, "option_ids": [11], "total_cost_cents": 800}])
    assert not combined["combined"] and combined["total_cents"] == 0


def test_decisions_within_a_valid_split_never_combine_above_the_round_budget():
    rng = random.Random(17)
    for _ in range(500):
        budget = rng.randint(0, 10_000_000)
        tables = rng.randint(1, 6)
        cuts = sorted(rng.randint(0, budget) for _ in range(tables - 1))
        shares = dict(enumerate((b - a for a, b in zip([0, *cuts], [*cuts, budget])), start=1))
        check_split(round_budget_cents=budget, shares=shares)
        decisions = [{"table_id": t, "option_ids": [t * 10], "total_cost_cents": rng.randint(0, share)}
                     for t, share in shares.items() if rng.random() < 0.8]
        check_decisions_fit(shares, {d["table_id"]: d["total_cost_cents"] for d in decisions})
        for combination in Combination:
            combined = combined_allocation(combination=combination.value, round_budget_cents=budget,
                                           decisions=decisions)
            assert combined["total_cents"] <= budget
            assert combined["total_cents"] + combined["left_cents"] == budget
