"""Equal Shares with its budget-raising completion, computed the way pabutools defines it, fast.

pabutools' `method_of_equal_shares(..., voter_budget_increment=step)` runs MES with every
voter's share at B/n, then B/n + step, B/n + 2·step, ... and stops at the first outcome that
is exhaustive (returned) or over budget (the one before is returned). That definition is
what `sessions.allocation` promises; this module computes exactly the same outcome,
including the tie-breaking, but each of the many MES runs costs a fraction of pabutools' one:

- what does not depend on the voters' share (who supports what, with which satisfaction,
  the projects that can take part) is prepared once for all runs, as arrays, instead of a
  satisfaction object per voter and project (most of the time of one pabutools run);
- a project whose supporters can all pay the equal price is priced from one `min` over their
  budgets; otherwise floats guess which supporters pay all they have, the guess is checked
  exactly (one pass), and only a wrong guess costs pabutools' own exact sort and scan;
- supporters with no money left are skipped, and so are projects their shares cannot pay;
- the first rounds of a run that any larger share would repeat (the project with the
  lowest equal price, paid at that price by all its supporters) are not run again: the next
  run starts after them, with every budget raised by the step.

The outcome does change at almost every step (on a city district every one of some forty
runs picks a different sequence), so the steps themselves cannot be skipped or searched
without computing a different rule.

All arithmetic is exact (pabutools' own rationals), so equality tests are equalities and
`tests/unit/test_equal_shares.py` checks every run against pabutools itself.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

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
    index: np.ndarray = field(init=False, repr=False)
    exact_sats: np.ndarray = field(init=False, repr=False)
    float_sats: np.ndarray = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.total_sat = self.sat * len(self.voters) if self.sats is None else sum(self.sats)
        self.equal_price = frac(self.cost, self.total_sat)  # the affordability if all can pay
        self.index = np.array(self.voters, dtype=np.int64)
        sats = self.sats if self.sats is not None else (self.sat,) * len(self.voters)
        self.exact_sats = np.array(sats, dtype=object)
        self.float_sats = np.array(sats, dtype=np.float64)


@dataclass
class Result:
    """The projects MES picked, in order, per project what each paying voter paid, and the
    share per voter of the run they come from."""

    picked: list
    payments: list[tuple]
    share: object = None

    def total_cost(self) -> int:
        return sum(c.cost for c in self.picked)


class _Run:
    """One MES run at a given share per voter.

    `budgets` are exact; `hints` hold the same budgets as floats, only to guess which
    supporters of a project are too poor to pay its price. Every guess is checked exactly
    (see `_checked`), and a wrong one falls back to pabutools' own exact scan.
    """

    def __init__(self, by_equal_price: Sequence[Candidate], share, budgets: list, hints: np.ndarray,
                 empty: np.ndarray, picked: list, payments: list) -> None:
        self.budgets = budgets
        self.hints = hints
        self.empty = empty  # exactly no money left: such a supporter pays nothing, whatever the price
        self.unpicked = [c for c in by_equal_price if c not in picked]
        # No budget is above the share: a project its supporters' shares cannot pay is out.
        self.remaining = [c for c in self.unpicked if len(c.voters) * share >= c.cost]
        # Never above the true affordability (budgets only go down), as in pabutools.
        self.afford = {c: c.equal_price for c in self.remaining}
        self.picked = picked
        self.payments = payments
        self.same_at_any_larger_share = True

    def snapshot(self):
        return self.budgets.copy(), self.hints.copy(), self.empty.copy(), self.picked[:], self.payments[:]

    def with_money(self, c: Candidate) -> np.ndarray:
        """Positions (in c.voters) of the supporters who have money left."""
        return np.flatnonzero(~self.empty[c.index])

    def affordability(self, c: Candidate):
        """Smallest factor ρ with Σ min(budget, ρ·sat) = cost over c's supporters, or None."""
        at = self.with_money(c)
        if len(at) == len(c.voters) and self._all_can_pay(c, np.arange(len(c.voters)), c.equal_price):
            return c.equal_price
        # Someone cannot pay their equal part.
        if len(at):
            poor = self._guess_poor(c, at)
            if poor is not None:
                rho = self._checked(c, poor)
                if rho is not None:
                    return rho
        return self._exact_scan(c)

    def _all_can_pay(self, c: Candidate, at: np.ndarray, rho) -> bool:
        """Whether every supporter at positions `at` has at least ρ·sat."""
        budgets = self.budgets[c.index[at]]
        if c.sats is None:
            return budgets.min() >= rho * c.sat
        return bool((budgets >= rho * c.exact_sats[at]).all())

    def _guess_poor(self, c: Candidate, at: np.ndarray):
        """Which of the supporters at `at` pay all they have, by float arithmetic.

        None when the floats say the project is unaffordable. The supporters without money
        are poor anyway; they only take their satisfaction out of the denominator.
        """
        budgets, sats = self.hints[c.index[at]], c.float_sats[at]
        per_sat = budgets / sats
        order = np.argsort(per_sat, kind="stable")
        paid_before = np.cumsum(budgets[order]) - budgets[order]
        sat_left = sats.sum() - (np.cumsum(sats[order]) - sats[order])
        can_pay = (c.cost - paid_before) <= per_sat[order] * sat_left
        if not can_pay.any():
            return None
        return at[order[:int(np.argmax(can_pay))]]

    def _checked(self, c: Candidate, poor: np.ndarray):
        """The factor for this split into poor and rich supporters, if the split is right.

        With P the poor (those without money among them), ρ = (cost − budgets of P) /
        (satisfaction of the others) solves Σ min(budget, ρ·sat) = cost exactly when every
        poor supporter has at most ρ·sat and every other at least ρ·sat; the solution is
        unique, so it is pabutools' factor.
        """
        is_rich = ~self.empty[c.index]
        is_rich[poor] = False
        rich = np.flatnonzero(is_rich)
        if not len(rich):
            return None
        poor_budgets = self.budgets[c.index[poor]]
        poor_budget = poor_budgets.sum() if len(poor) else 0
        if poor_budget > c.cost:
            return None
        rich_sat = c.sat * len(rich) if c.sats is None else c.exact_sats[rich].sum()
        rho = frac(c.cost - poor_budget, rich_sat)
        if len(poor):
            too_rich = (max(poor_budgets) > rho * c.sat if c.sats is None
                        else (poor_budgets > rho * c.exact_sats[poor]).any())
            if too_rich:
                return None
        return rho if self._all_can_pay(c, rich, rho) else None

    def _exact_scan(self, c: Candidate):
        """pabutools' computation: supporters by budget per satisfaction, the poor first."""
        budgets = self.budgets[c.index]
        if budgets.sum() < c.cost:
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

    def _same_at_any_larger_share(self, chosen: Candidate, best, tie_breaking) -> bool:
        """Whether this round, and all before it, would go the same way with more money each.

        With more money every voter who paid here still pays the equal price, so budgets stay
        the same plus the extra. No project can then do better than its equal price, so the
        choice stands if `chosen` paid its equal price and no unpicked project (even one
        found unaffordable now) has a lower one or an equal one that wins the tie.
        """
        if best != chosen.equal_price:
            return False
        if self.unpicked[0].equal_price < best:  # sorted by equal price
            return False
        rivals = [c for c in self.unpicked if c.equal_price == best]
        return len(rivals) == 1 or tie_breaking(rivals) is chosen

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
        if self.same_at_any_larger_share:
            self.same_at_any_larger_share = self._same_at_any_larger_share(chosen, best, tie_breaking)
        self.unpicked.remove(chosen)
        self._pay(chosen, best)
        return True

    def _pay(self, chosen: Candidate, rho) -> None:
        """Each supporter pays ρ·sat, or all they have if that is less (pabutools' rule)."""
        at = self.with_money(chosen)
        paying = chosen.index[at]
        budgets = self.budgets[paying]
        price = rho * chosen.sat if chosen.sats is None else rho * chosen.exact_sats[at]
        paid = np.minimum(budgets, price)
        left = budgets - paid
        self.budgets[paying] = left
        self.empty[paying] = left == 0
        self.hints[paying] = np.where(self.empty[paying], 0.0,
                                      self.hints[paying] - float(rho) * chosen.float_sats[at])
        self.picked.append(chosen)
        self.payments.append(tuple(paid))


def equal_shares(candidates: Sequence[Candidate], *, voters: int, budget_limit: int, step,
                 tie_breaking: Callable[[list[Candidate]], Candidate]) -> Result:
    """MES at a share of budget_limit / voters, raised by `step` as pabutools does (None: once).

    `candidates` are the projects with a positive cost and at least one satisfied voter;
    pabutools funds those that cost nothing and satisfy someone before MES: that is the caller's.
    """
    share = frac(budget_limit, voters)
    by_equal_price = sorted(candidates, key=lambda c: c.equal_price)
    # Where each run starts: after the rounds of the previous run that any larger share would
    # repeat (with that run's budgets, raised by one step), at first from nothing.
    start = (_filled(voters, share), np.full(voters, float(share)), np.zeros(voters, dtype=bool), [], [])
    raise_by = None
    previous = Result([], [], share)
    while True:
        budgets, hints, empty, picked, payments = start
        if raise_by is not None:  # then nobody is without money
            share += raise_by
            budgets = budgets + raise_by if picked else _filled(voters, share)
            hints, empty = hints + float(raise_by), np.zeros_like(empty)
        run = _Run(by_equal_price, share, budgets, hints.copy(), empty.copy(), list(picked), list(payments))
        start = run.snapshot()
        while run.round(tie_breaking):
            if run.same_at_any_larger_share:
                start = run.snapshot()
        outcome = Result(run.picked, run.payments, share)
        if step is None:
            return outcome
        if outcome.total_cost() > budget_limit:
            return previous
        if _exhaustive(outcome, candidates, budget_limit):
            return outcome
        previous = outcome
        raise_by = step


def _filled(voters: int, share) -> np.ndarray:
    budgets = np.empty(voters, dtype=object)
    budgets.fill(share)
    return budgets


def _exhaustive(outcome: Result, candidates: Sequence[Candidate], budget_limit: int) -> bool:
    spent = outcome.total_cost()
    picked = set(map(id, outcome.picked))
    return all(id(c) in picked or c.cost + spent > budget_limit for c in candidates)
