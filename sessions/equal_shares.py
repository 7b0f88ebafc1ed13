"""Equal Shares with its budget-raising completion, computed the way pabutools defines it, fast.

pabutools' `method_of_equal_shares(..., voter_budget_increment=step)` runs MES with every
voter's share at B/n, then B/n + step, B/n + 2·step, ... and stops at the first outcome that
is exhaustive (returned) or over budget (the one before is returned). That definition is
what `sessions.allocation` promises; this module computes exactly the same outcome,
including the tie-breaking, but each of the many MES runs costs a fraction of pabutools' one:

- what does not depend on the voters' share (who supports what, with which satisfaction,
  the projects that can take part) is prepared once for all runs, from plain lists instead
  of a satisfaction object per voter and project (most of the time of one pabutools run);
- a project whose supporters can all pay the equal price is priced from one `min` over their
  budgets instead of a sort of all of them (almost every round of a real election);
- the rounds of a run that no voter's share could have changed are not run again: up to the
  first round in which some budget, affordability or removal depended on how much money the
  voters had, a run at a larger share makes the same choices, so the next run starts from
  there with every budget raised by the step.

All arithmetic is exact (pabutools' own rationals), so equality tests are equalities and
`tests/unit/test_equal_shares.py` checks every run against pabutools itself.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from operator import itemgetter

import numpy as np
from pabutools.fractions import frac


@dataclass(eq=False)
class Candidate:
    """A project that can take part in MES: it costs something and someone is satisfied by it.

    `sats` is None when every supporter gets the same satisfaction `sat` (approval ballots
    with cost satisfaction), which lets a price be compared with budgets directly.
    """

    project: object
    cost: int
    voters: tuple[int, ...]
    sat: object = None
    sats: tuple | None = None
    total_sat: object = field(init=False)
    budgets_of: Callable = field(init=False, repr=False)
    index: np.ndarray = field(init=False, repr=False)
    float_sats: np.ndarray = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.total_sat = self.sat * len(self.voters) if self.sats is None else sum(self.sats)
        self.budgets_of = _getter(self.voters)
        self.index = np.array(self.voters, dtype=np.int64)
        self.float_sats = np.array(self.sats if self.sats is not None else (self.sat,) * len(self.voters),
                                   dtype=np.float64)

    def sats_in_order(self):
        return self.sats if self.sats is not None else (self.sat,) * len(self.voters)


def _getter(indices):
    pick = itemgetter(*indices)
    return pick if len(indices) > 1 else (lambda values: (pick(values),))


@dataclass
class Result:
    """The projects MES picked, in order, and per project what each paying voter paid."""

    picked: list
    payments: list[list]

    def total_cost(self) -> int:
        return sum(c.cost for c in self.picked)


class _Run:
    """One MES run at a given share per voter.

    `budgets` are exact; `hints` hold the same budgets as floats, only to guess which
    supporters of a project are too poor to pay its price. Every guess is checked exactly
    (see `_checked`), and a wrong one falls back to pabutools' own exact scan.
    """

    def __init__(self, candidates: Sequence[Candidate], budgets: list, hints: np.ndarray,
                 picked: list, payments: list, lowest_afford: dict) -> None:
        self.budgets = budgets
        self.hints = hints
        self.remaining = list(candidates)
        self.afford = lowest_afford  # never above the true affordability, as in pabutools
        self.picked = picked
        self.payments = payments
        self.depends_on_share = False

    def snapshot(self):
        return (self.budgets[:], self.hints.copy(), self.picked[:],
                [list(p) for p in self.payments], dict(self.afford))

    def affordability(self, c: Candidate):
        """Smallest factor ρ with Σ min(budget, ρ·sat) = cost over c's supporters, or None."""
        equal_price = frac(c.cost, c.total_sat)
        if c.sats is None:
            if min(c.budgets_of(self.budgets)) >= equal_price * c.sat:
                return equal_price
        elif all(b >= equal_price * s for b, s in zip(c.budgets_of(self.budgets), c.sats)):
            return equal_price
        # Someone cannot pay their equal part: what happens next depends on the budgets.
        self.depends_on_share = True
        poor = self._guess_poor(c)
        if poor is not None:
            rho = self._checked(c, poor)
            if rho is not None:
                return rho
        return self._exact_scan(c)

    def _guess_poor(self, c: Candidate):
        """The supporters who pay all they have, by float arithmetic; None if unaffordable."""
        budgets = self.hints[c.index]
        per_sat = budgets / c.float_sats
        order = np.argsort(per_sat, kind="stable")
        paid_before = np.cumsum(budgets[order]) - budgets[order]
        sat_left = float(c.total_sat) - (np.cumsum(c.float_sats[order]) - c.float_sats[order])
        can_pay = (c.cost - paid_before) <= per_sat[order] * sat_left
        if not can_pay.any():
            return None
        return order[:int(np.argmax(can_pay))]

    def _checked(self, c: Candidate, poor: np.ndarray):
        """The factor for this split into poor and rich supporters, if the split is right.

        With P the poor, ρ = (cost − their budgets) / (satisfaction of the others) solves
        Σ min(budget, ρ·sat) = cost exactly when every poor supporter has at most ρ·sat and
        every other at least ρ·sat; the solution is unique, so it is pabutools' factor.
        """
        is_poor = np.zeros(len(c.voters), dtype=bool)
        is_poor[poor] = True
        voters, sats = c.voters, c.sats_in_order()
        poor_at = poor.tolist()
        poor_budget = sum(self.budgets[voters[k]] for k in poor_at)
        poor_sat = c.sat * len(poor_at) if c.sats is None else sum(sats[k] for k in poor_at)
        if poor_sat == c.total_sat or poor_budget > c.cost:
            return None
        rho = frac(c.cost - poor_budget, c.total_sat - poor_sat)
        rich_at = np.flatnonzero(~is_poor).tolist()
        if c.sats is None:
            price = rho * c.sat
            if max(self.budgets[voters[k]] for k in poor_at) > price:
                return None
            if min(_getter([voters[k] for k in rich_at])(self.budgets)) < price:
                return None
            return rho
        if any(self.budgets[voters[k]] > rho * sats[k] for k in poor_at):
            return None
        if any(self.budgets[voters[k]] < rho * sats[k] for k in rich_at):
            return None
        return rho

    def _exact_scan(self, c: Candidate):
        """pabutools' computation: supporters by budget per satisfaction, the poor first."""
        budgets = c.budgets_of(self.budgets)
        if sum(budgets) < c.cost:
            return None
        if c.sats is None:
            by_budget_per_sat = zip(sorted(budgets), (c.sat,) * len(budgets))
        else:
            by_budget_per_sat = sorted(zip(budgets, c.sats), key=lambda bs: frac(bs[0], bs[1]))
        paid, denominator = 0, c.total_sat
        for b, s in by_budget_per_sat:
            factor = frac(c.cost - paid, denominator)
            if factor * s <= b:
                return factor
            paid += b
            denominator -= s
        return None  # unreachable: the sum check above guarantees a factor

    def round(self, tie_breaking: Callable[[list[Candidate]], Candidate]) -> bool:
        """Picks one project; False when none can be afforded any more."""
        best, tied = None, []
        for c in sorted(self.remaining, key=self.afford.__getitem__):
            if best is not None and self.afford[c] > best:
                break
            rho = self.affordability(c)
            if rho is None:
                self.remaining.remove(c)
                continue
            self.afford[c] = rho
            if best is None or rho < best:
                best, tied = rho, [c]
            elif rho == best:
                tied.append(c)
        if not tied:
            return False
        chosen = tied[0] if len(tied) == 1 else tie_breaking(tied)
        self.remaining.remove(chosen)
        paid_by = []
        budgets = self.budgets
        for i, s in zip(chosen.voters, chosen.sats_in_order()):
            pay = min(budgets[i], best * s)
            if pay:
                budgets[i] -= pay
                paid_by.append(pay)
        self.hints[chosen.index] = np.fromiter(map(float, chosen.budgets_of(budgets)), dtype=np.float64,
                                               count=len(chosen.voters))
        self.picked.append(chosen)
        self.payments.append(paid_by)
        return True


def equal_shares(candidates: Sequence[Candidate], *, voters: int, budget_limit: int, step,
                 tie_breaking: Callable[[list[Candidate]], Candidate]) -> Result:
    """MES at a share of budget_limit / voters, raised by `step` as pabutools does (None: once).

    `candidates` are the projects with a positive cost and at least one satisfied voter
    (projects that cost nothing and have supporters are funded before MES, by the caller).
    """
    share = frac(budget_limit, voters)
    # Where each run starts: after the rounds of the previous run that did not depend on the
    # share (with its budgets, which the new run raises by one step), at first from nothing.
    start = ([share] * voters, np.full(voters, float(share)), [], [],
             {c: frac(c.cost, c.total_sat) for c in candidates})
    raise_by = None
    previous = Result([], [])
    while True:
        budgets, hints, picked, payments, afford = start
        if raise_by is not None:
            budgets, hints = [b + raise_by for b in budgets], hints + float(raise_by)
        run = _Run([c for c in candidates if c not in picked], budgets, hints.copy(),
                   list(picked), [list(p) for p in payments], dict(afford))
        start = run.snapshot()
        while run.round(tie_breaking):
            if not run.depends_on_share:
                start = run.snapshot()
        outcome = Result(run.picked, run.payments)
        if step is None:
            return outcome
        if outcome.total_cost() > budget_limit:
            return previous
        if _exhaustive(outcome, candidates, budget_limit):
            return outcome
        previous = outcome
        raise_by = step


def _exhaustive(outcome: Result, candidates: Sequence[Candidate], budget_limit: int) -> bool:
    spent = outcome.total_cost()
    picked = set(map(id, outcome.picked))
    return all(id(c) in picked or c.cost + spent > budget_limit for c in candidates)
