"""The budget-allocation rules on small tables whose outcome is known by hand."""
import random

import pytest

from sessions.allocation import (
    RULES,
    BallotInput,
    OptionInput,
    allocate,
    allocate_all,
    check_within_budget,
)
from sessions.errors import DomainError

EUR = 100  # cents
NBSP = "\u00a0"


def approve(*ids):
    return BallotInput(approved=frozenset(ids))


def spread(**points_by_id):
    return BallotInput(points={int(k[1:]): v for k, v in points_by_id.items()})


# Two neighbours want A, B and C; one wants only D. Every option costs € 1.000, the
# budget is € 3.000, so each of the three voters holds € 1.000 under equal shares.
MAJORITY_AND_MINORITY = dict(
    budget_cents=3_000 * EUR,
    options=[OptionInput(1, "A", 1_000 * EUR), OptionInput(2, "B", 1_000 * EUR),
             OptionInput(3, "C", 1_000 * EUR), OptionInput(4, "D", 1_000 * EUR)],
    ballots=[approve(1, 2, 3), approve(1, 2, 3), approve(4)],
)


def test_greedy_gives_the_majority_everything_that_fits():
    outcome = allocate(**MAJORITY_AND_MINORITY, rule="greedy")
    assert outcome.funded == [1, 2, 3]
    assert outcome.total_cost_cents == 3_000 * EUR
    assert outcome.left_cents == 0


def test_equal_shares_gives_the_minority_its_third_of_the_budget():
    outcome = allocate(**MAJORITY_AND_MINORITY, rule="mes")
    assert outcome.funded == [1, 2, 4]
    assert "2 voorstanders delen de kosten" in outcome.explanations[1].nl
    assert f"€{NBSP}500 per persoon" in outcome.explanations[1].nl
    assert f"€{NBSP}500 each" in outcome.explanations[1].en
    assert f"€{NBSP}1.000" in outcome.explanations[4].nl
    assert "te duur voor wat er nog over was" in outcome.explanations[3].nl


def test_phragmen_also_funds_the_minority():
    # Loads: A at 500 (tie A/B/C, all € 1.000 → lowest id); then B, C and D tie at 1.000
    # → B (lowest id); then D at 1.000 beats C at 1.500; C no longer fits and the rule stops.
    outcome = allocate(**MAJORITY_AND_MINORITY, rule="phragmen")
    assert outcome.funded == [1, 2, 4]
    assert "1e gekozen" in outcome.explanations[1].nl
    assert "3rd option picked" in outcome.explanations[4].en


def test_greedy_explains_rank_and_what_was_left_at_its_turn():
    outcome = allocate(**MAJORITY_AND_MINORITY, rule="greedy")
    assert outcome.explanations[3].nl.startswith("3e van 4 op aantal stemmen (2 stemmen")
    assert f"nog €{NBSP}1.000 over: gefinancierd" in outcome.explanations[3].nl
    assert outcome.explanations[4].nl.endswith(
        f"te duur voor wat er nog over was: €{NBSP}0 over, kost €{NBSP}1.000.")
    assert outcome.explanations[4].en.startswith("4th of 4 by number of votes (1 vote")


def test_equal_shares_is_completed_so_the_budget_is_used():
    # Equal shares alone funds A only (B's two supporters have too little left);
    # the completion adds B, which still fits.
    outcome = allocate(
        budget_cents=2_000 * EUR,
        options=[OptionInput(1, "A", 1_000 * EUR), OptionInput(2, "B", 1_000 * EUR),
                 OptionInput(3, "C", 1_000 * EUR)],
        ballots=[approve(1, 2), approve(1, 2), approve(3)],
        rule="mes")
    assert outcome.funded == [1, 2]
    assert outcome.explanations[1].nl.startswith("Gefinancierd met gelijke delen")
    assert outcome.explanations[2].nl.startswith("Gefinancierd bij het aanvullen")


def test_points_ballots_use_the_points():
    options = [OptionInput(1, "Bankjes", 1_000 * EUR), OptionInput(2, "Speeltuin", 3_000 * EUR),
               OptionInput(3, "Bomen", 2_000 * EUR)]
    ballots = [spread(o1=3, o2=2), spread(o3=5), spread(o2=5, o1=0)]
    outcomes = allocate_all(budget_cents=4_000 * EUR, options=options, ballots=ballots)
    # Points per euro: Bankjes 3/1000, Bomen 5/2000, Speeltuin 7/3000.
    assert outcomes["greedy"].funded == [1, 3]
    assert "punten per euro" in outcomes["greedy"].explanations[2].nl
    assert set(outcomes["mes"].funded) == {1, 3}
    assert "meer dan 0 punten telt als gekozen" in outcomes["phragmen"].explanations[1].nl
    assert "more than 0 points counts as chosen" in outcomes["phragmen"].explanations[1].en


@pytest.mark.parametrize("rule", RULES)
def test_ties_go_to_the_lower_cost_then_the_lower_id(rule):
    # Options 7 and 3 cost the same and have one vote each; option 5 is dearer with one vote.
    # Only one option fits: the tie rule decides, whatever the order of the input.
    options = [OptionInput(7, "Zeven", 1_000 * EUR), OptionInput(5, "Vijf", 1_500 * EUR),
               OptionInput(3, "Drie", 1_000 * EUR)]
    ballots = [approve(7), approve(5), approve(3)]
    first = allocate(budget_cents=1_500 * EUR, options=options, ballots=ballots, rule=rule)
    again = allocate(budget_cents=1_500 * EUR, options=list(reversed(options)),
                     ballots=list(reversed(ballots)), rule=rule)
    assert first.funded == again.funded == [3]


def test_a_tie_on_support_goes_to_the_cheaper_option_even_with_a_higher_id():
    options = [OptionInput(1, "Duur", 2_000 * EUR), OptionInput(9, "Goedkoop", 1_000 * EUR)]
    outcome = allocate(budget_cents=2_000 * EUR, options=options,
                       ballots=[approve(1, 9)], rule="greedy")
    assert outcome.funded == [9]


@pytest.mark.parametrize("rule", RULES)
def test_every_option_gets_a_reason_in_dutch_and_english(rule):
    outcome = allocate(**MAJORITY_AND_MINORITY, rule=rule)
    assert set(outcome.explanations) == {1, 2, 3, 4}
    for explanation in outcome.explanations.values():
        assert explanation.nl and explanation.en and explanation.nl != explanation.en


@pytest.mark.parametrize("rule", RULES)
def test_an_option_without_supporters_says_so(rule):
    outcome = allocate(budget_cents=1_000 * EUR,
                       options=[OptionInput(1, "A", 1_000 * EUR), OptionInput(2, "B", 500 * EUR)],
                       ballots=[approve(1)], rule=rule)
    assert outcome.funded == [1]
    assert "not funded" in outcome.explanations[2].en.lower()


def test_options_that_cost_nothing_are_fine():
    outcomes = allocate_all(budget_cents=1_000 * EUR,
                            options=[OptionInput(1, "Gratis", 0), OptionInput(2, "A", 1_000 * EUR)],
                            ballots=[approve(1, 2), approve(1)])
    for outcome in outcomes.values():
        assert set(outcome.funded) == {1, 2}
        assert outcome.total_cost_cents == 1_000 * EUR


@pytest.mark.parametrize("seed", range(12))
def test_the_funded_total_never_exceeds_the_budget(seed):
    rng = random.Random(seed)
    options = [OptionInput(i, f"optie {i}", rng.choice([0, 1, 250, 99_999, 400_000, 1_234_567]))
               for i in range(1, rng.randint(2, 7))]
    ids = [o.id for o in options]
    if seed % 2:
        ballots = [approve(*rng.sample(ids, rng.randint(0, len(ids)))) for _ in range(rng.randint(1, 9))]
    else:
        ballots = [BallotInput(points={i: rng.randint(0, 5) for i in rng.sample(ids, rng.randint(0, len(ids)))})
                   for _ in range(rng.randint(1, 9))]
    budget = rng.choice([0, 1, 500_000, 1_500_000, 3_000_000])
    for rule, outcome in allocate_all(budget_cents=budget, options=options, ballots=ballots).items():
        costs = {o.id: o.cost_cents for o in options}
        assert outcome.total_cost_cents == sum(costs[i] for i in outcome.funded) <= budget, rule
        assert outcome.left_cents == budget - outcome.total_cost_cents
        assert len(set(outcome.funded)) == len(outcome.funded)
        assert set(outcome.explanations) == set(ids)


def test_the_budget_check_refuses_an_overspent_allocation():
    assert check_within_budget(budget_cents=1_000, funded_costs=[400, 600]) == 1_000
    with pytest.raises(DomainError) as refused:
        check_within_budget(budget_cents=1_000, funded_costs=[400, 601])
    assert refused.value.code == "over_budget"


@pytest.mark.parametrize("ballot", [BallotInput(approved=frozenset({1, 99})),
                                    BallotInput(points={99: 1})])
def test_a_ballot_naming_an_unknown_option_is_refused(ballot):
    with pytest.raises(DomainError) as refused:
        allocate(budget_cents=1_000, options=[OptionInput(1, "A", 500)], ballots=[ballot], rule="mes")
    assert refused.value.code == "unknown_option"


def test_negative_points_are_refused():
    with pytest.raises(DomainError) as refused:
        allocate(budget_cents=1_000, options=[OptionInput(1, "A", 500), OptionInput(2, "B", 500)],
                 ballots=[BallotInput(points={1: 3, 2: -1})], rule="greedy")
    assert refused.value.code == "invalid_ballot"


def test_a_ballot_must_be_either_approval_or_points():
    with pytest.raises(DomainError) as refused:
        BallotInput()
    assert refused.value.code == "invalid_ballot"
    with pytest.raises(DomainError) as refused:
        BallotInput(approved=frozenset({1}), points={1: 1})
    assert refused.value.code == "invalid_ballot"


def test_approval_and_points_ballots_are_not_mixed():
    with pytest.raises(DomainError) as refused:
        allocate(budget_cents=1_000, options=[OptionInput(1, "A", 500)],
                 ballots=[approve(1), BallotInput(points={1: 2})], rule="greedy")
    assert refused.value.code == "mixed_ballots"


def test_an_unknown_rule_is_refused():
    with pytest.raises(DomainError) as refused:
        allocate(**MAJORITY_AND_MINORITY, rule="borda")
    assert refused.value.code == "unknown_rule"

