"""Our Equal Shares with its completion against pabutools itself, on many small elections.

pabutools' `method_of_equal_shares` with `voter_budget_increment` (1 % of the budget per
voter) followed by greedy is the rule sessions/allocation.py documents; sessions/equal_shares.py
computes it its own way for speed. Here every outcome must be pabutools' to the letter: the
funded options in pabutools' order, and what each supporter paid for each option MES funded
(the explanations quote it). The elections are drawn so that they have ties (equal costs,
equal ballots), options that cost nothing, points ballots, voters without money, and budgets
that make the completion step many times, stop on an exhaustive outcome, or stop because
the next step would overspend.
"""
import random
from fractions import Fraction

import pytest
from pabutools.election import (
    Additive_Cardinal_Sat,
    ApprovalBallot,
    ApprovalProfile,
    Cost_Sat,
    CumulativeBallot,
    CumulativeProfile,
    Instance,
    Project,
)
from pabutools.fractions import frac
from pabutools.rules import greedy_utilitarian_welfare, method_of_equal_shares
from pabutools.tiebreaking import lexico_tie_breaking

from sessions.allocation import BallotInput, OptionInput, _mes_shared, allocate, project_name
from sessions.equal_shares import Candidate, equal_shares


def pabutools_outcome(budget, options, ballots):
    """MES stepped by pabutools, then greedy; with the payments of its MES part."""
    instance = Instance(budget_limit=budget)
    project = {}
    for option in options:
        project[option.id] = Project(project_name(option_id=option.id, cost_cents=option.cost_cents),
                                     option.cost_cents)
        instance.add(project[option.id])
    points = any(b.is_points for b in ballots)
    if points:
        profile = CumulativeProfile([CumulativeBallot({project[i]: p for i, p in b.points.items() if p > 0})
                                     for b in ballots], instance=instance)
    else:
        profile = ApprovalProfile([ApprovalBallot(project[i] for i in b.approved) for b in ballots],
                                  instance=instance)
    sat = Additive_Cardinal_Sat if points else Cost_Sat
    mes = method_of_equal_shares(instance, profile, sat_class=sat, tie_breaking=lexico_tie_breaking,
                                 voter_budget_increment=frac(budget, 100 * len(ballots)), analytics=True)
    completed = mes if instance.is_exhaustive(mes) else greedy_utilitarian_welfare(
        instance, profile, sat_class=sat, tie_breaking=lexico_tie_breaking, initial_budget_allocation=mes)
    option_of = {p.name: i for i, p in project.items()}
    paid = {}
    for iteration in mes.details.iterations:
        if iteration.selected_project is None:
            continue
        paid[option_of[iteration.selected_project.name]] = [
            Fraction(int(before.numerator), int(before.denominator)) - Fraction(int(after.numerator), int(after.denominator))
            for before, after in zip(iteration.voters_budget, iteration.voters_budget_after_selection)
            if before != after]
    return [option_of[p.name] for p in completed], paid


def drawn_election(seed: int):
    rng = random.Random(seed)
    costs = rng.sample([0, 100, 250, 250, 400, 400, 700, 1_000, 1_300, 2_000], rng.randint(2, 8))
    options = [OptionInput(i, f"optie {i}", cost * 100) for i, cost in enumerate(costs, start=1)]
    ids = [o.id for o in options]
    favourites = [frozenset(rng.sample(ids, rng.randint(1, len(ids)))) for _ in range(3)]
    ballots = []
    for _ in range(rng.randint(1, 40)):
        chosen = rng.choice(favourites) if rng.random() < 0.4 else frozenset(rng.sample(ids, rng.randint(0, len(ids))))
        if seed % 3 == 0:
            ballots.append(BallotInput(points={i: rng.randint(1, 4) for i in chosen}))
        else:
            ballots.append(BallotInput(approved=chosen))
    budget = sum(costs) * 100 * rng.choice([10, 25, 40, 60, 90]) // 100
    return budget, options, ballots


@pytest.mark.parametrize("seed", range(120))
def test_equal_shares_is_pabutools_stepping_completion_to_the_letter(seed):
    budget, options, ballots = drawn_election(seed)
    expected_funded, expected_paid = pabutools_outcome(budget, options, ballots)
    outcome = allocate(budget_cents=budget, options=options, ballots=ballots, rule="mes")
    assert outcome.funded == expected_funded
    points = any(b.is_points for b in ballots)
    for option_id, paid in expected_paid.items():
        assert outcome.explanations[option_id] == _mes_shared(paid, points_form=points)


def test_a_tie_between_equal_prices_goes_by_the_tie_rule_in_every_run():
    # Two options with the same cost and the same supporters: the lower name first, even
    # when an earlier run left the other one as the cheaper fit.
    tied = [Candidate(project=name, cost=600, voters=(0, 1, 2), sat=600) for name in ("b", "a")]
    result = equal_shares(tied, voters=3, budget_limit=900, step=frac(9, 1),
                          tie_breaking=lambda candidates: min(candidates, key=lambda c: c.project))
    assert [c.project for c in result.picked] == ["a"]
    assert result.payments == [(200, 200, 200)]
