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

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
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
from sessions.equal_shares import Candidate, Result, _as_proved, _exhaustive, _filled, _Run, _Sweep, equal_shares


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


def stepped_exactly(candidates, *, voters, budget_limit, step, tie_breaking):
    """The completion by its definition: an exact MES run (`_Run`, checked against pabutools
    above) at every step of the share, until over budget (the one before) or exhaustive."""
    share = frac(budget_limit, voters)
    by_equal_price = sorted(candidates, key=lambda c: c.equal_price)
    previous = Result([], [], share)
    while True:
        run = _Run(by_equal_price, share, _filled(voters, share), np.full(voters, float(share)),
                   np.zeros(voters, dtype=bool), [], [])
        while run.round(tie_breaking):
            pass
        outcome = Result(run.picked, run.payments, share)
        if outcome.total_cost() > budget_limit:
            return previous
        if _exhaustive(outcome, candidates, budget_limit):
            return outcome
        previous = outcome
        share += step


@st.composite
def elections(draw):
    """Elections made for close calls: few distinct costs, ballots copied from a few
    templates (equal supporters, equal prices), sometimes points, voters up to 120."""
    options = draw(st.integers(2, 9))
    costs = draw(st.lists(st.sampled_from([100, 250, 300, 400, 600, 750, 1_000, 1_200, 2_000, 3_000]),
                          min_size=options, max_size=options))
    points = draw(st.booleans())
    templates = draw(st.lists(st.lists(st.integers(0, options - 1), min_size=1, max_size=options, unique=True),
                              min_size=1, max_size=4))
    voters = draw(st.integers(1, 120))
    ballots = []
    for _ in range(voters):
        if draw(st.booleans()):
            chosen = draw(st.sampled_from(templates))
        else:
            chosen = draw(st.lists(st.integers(0, options - 1), max_size=options, unique=True))
        ballots.append({i: (draw(st.integers(1, 3)) if points else 1) for i in chosen})
    budget = sum(costs) * draw(st.sampled_from([15, 30, 50, 70, 95])) // 100
    return costs, ballots, budget


@settings(max_examples=150, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(election=elections())
def test_the_fast_completion_is_the_exact_stepping_to_every_payment(election):
    """`equal_shares` proves the projects picked over ranges of steps with floats and runs
    exactly only where they cannot tell and for the outcome: the same result, exactly."""
    costs, ballots, budget = election
    candidates = []
    for i, cost in enumerate(costs):
        voters = tuple(v for v, ballot in enumerate(ballots) if i in ballot)
        if voters:
            sats = tuple(ballots[v][i] for v in voters)
            candidates.append(Candidate(project=f"{i:03d}", cost=cost, voters=voters, sats=sats) if any(s != 1 for s in sats)
                              else Candidate(project=f"{i:03d}", cost=cost, voters=voters, sat=cost))
    if not candidates or not ballots:
        return
    first = lambda tied: min(tied, key=lambda c: c.project)  # noqa: E731
    settings_ = dict(voters=len(ballots), budget_limit=budget, step=frac(budget, 100 * len(ballots)),
                     tie_breaking=first)
    fast, exact = equal_shares(candidates, **settings_), stepped_exactly(candidates, **settings_)
    assert [c.project for c in fast.picked] == [c.project for c in exact.picked]
    assert fast.payments == exact.payments
    assert fast.share == exact.share


def test_steps_no_sweep_can_tell_are_run_exactly(monkeypatch):
    budget, options, ballots = drawn_election(7)
    expected_funded, _ = pabutools_outcome(budget, options, ballots)
    monkeypatch.setattr(_Sweep, "run", lambda self: None)
    assert allocate(budget_cents=budget, options=options, ballots=ballots, rule="mes").funded == expected_funded


def test_an_exact_outcome_that_is_not_what_the_sweeps_proved_is_stepped_by_the_definition():
    a, b = (Candidate(project=name, cost=600, voters=(0, 1, 2), sat=600) for name in "ab")
    stepped = Result([b], [(200, 200, 200)], 300)
    assert _as_proved(Result([a], [(200, 200, 200)], 300), [a], lambda: stepped).picked == [a]
    assert _as_proved(Result([a], [(200, 200, 200)], 300), [b], lambda: stepped) is stepped
