"""Equal Shares with its budget-raising completion, computed the way pabutools defines it, fast.

pabutools' `method_of_equal_shares(..., voter_budget_increment=step)` runs MES with every
voter's share at B/n, then B/n + step, B/n + 2·step, ... and stops at the first outcome that
is exhaustive (returned) or over budget (the one before is returned). That definition is
what `sessions.allocation` promises; this module computes exactly the same outcome,
including the tie-breaking and every supporter's payment, with far fewer exact runs:

- Whether a step stops the stepping depends only on which projects MES picks there, and
  those change at a few shares only (on the generated 1,000 × 40 election about 20 times in
  100 steps; on Mokotów the order of the picks changes at every step, but each step is
  easy to tell). `_Sweep` runs MES for a whole range of steps at once in floats, keeping
  for every voter a budget below and one above what they have at any share of the range,
  rounded outward, and decides a round only when one project's factor is certainly the
  lowest at every share of the range (or it ties with another at exactly the same equal
  price and the tie rule picks it). The picks it returns are then the picks at every step
  of the range; where it cannot tell (a close call, a tie, a range too wide), it returns
  nothing, and a narrower range or the exact run at that step decides. Ranges grow while
  they are proved (1, 2, 4, ... steps) and start again at one step when one is not.
- Only the outcome returned (and a step no sweep could tell) is run exactly, with
  pabutools' rationals (`_Run`): what does not depend on the voters' share is prepared once
  as arrays; a project whose supporters can all pay the equal price is priced from one
  `min` over their budgets; otherwise floats guess which supporters pay all they have, the
  guess is checked exactly, and only a wrong guess costs pabutools' own exact sort and
  scan; the first rounds of an exact run that any larger share would repeat are not run
  again by the next exact run.

`tests/unit/test_equal_shares.py` checks the outcome and every payment against pabutools
itself on drawn elections, and against an exact run at every step on elections drawn by
Hypothesis for close calls; `tests/unit/test_pabulib_equivalence.py` on the real files.
"""
from __future__ import annotations

import math
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


_PATIENCE = 2  # the longest wait for a doubling (measured: 1, 2, 4 and 16 tried)
_U = 2.0 ** -53  # a float operation's relative rounding error is at most this


def _up(x: float, ops: int = 1) -> float:
    """A float above the true value of x, when computing x made at most `ops` roundings of
    relative size _U each (a sum of n non-negative floats: n − 1). The factor is a whole
    number of 2^-52 above 1, so it is a float itself; the product's own rounding is covered."""
    return x * (1 + (ops + 2) * 2 * _U) if x > 0 else x * (1 - (ops + 2) * 2 * _U)


def _down(x: float, ops: int = 1) -> float:
    """A float below the true value of x (see `_up`)."""
    return x * (1 - (ops + 2) * 2 * _U) if x > 0 else x * (1 + (ops + 2) * 2 * _U)


class _Sweep:
    """MES for every share between `low` and `high` at once, in floats, or None.

    Instead of exact budgets it keeps, per voter, a float below and a float above the
    budget that voter has at any share in between, and per project a factor below and one
    above its factor there (the factor only falls as budgets grow: Σ min(budget, ρ·sat)
    grows with the budgets). A round is decided when one project's factor above is below
    every other project's factor below (or they are the same equal price, exactly, and the
    tie rule picks it): then that project wins the round at every share in between, and
    what each supporter keeps lies between budget-below − price-above and budget-above −
    price-below. Every float is rounded outward (`_up`, `_down`), so the enclosures hold
    exactly. When a round cannot be decided so (a close call, a tie, a project that may or
    may not be affordable), the sweep gives up and returns None; the exact run then decides.

    What it returns is the sequence of projects MES picks at every share in [low, high].
    """

    def __init__(self, by_equal_price: Sequence[Candidate], voters: int, low, high,
                 tie_breaking: Callable[[list[Candidate]], Candidate]) -> None:
        self.tie_breaking = tie_breaking
        self.low = np.full(voters, _down(float(low)))
        self.high = np.full(voters, _up(float(high)))
        # With every budget at most the share, a project its supporters' shares cannot pay is out.
        self.remaining = [c for c in by_equal_price if len(c.voters) * high >= c.cost]
        self.floor = {c: c.equal_price for c in self.remaining}  # factor below, exact or float
        self.floor_is_exact = {c: True for c in self.remaining}

    def run(self) -> list[Candidate] | None:
        picked = []
        while True:
            decided = self.round()
            if decided is None:
                return None
            if decided is False:
                return picked
            picked.append(decided)

    def round(self):
        """The project picked at every share (False: none is, the run ends; None: unknown)."""
        best, best_ceiling, best_floor = None, math.inf, None
        unsure = []
        for c in sorted(self.remaining, key=self.floor.__getitem__):
            if best is not None and self.floor[c] > best_ceiling:
                break
            supporters = c.index
            if _up(float(self.high[supporters].sum()), len(supporters)) < c.cost:
                self.remaining.remove(c)  # out of reach at every share
                continue
            ceiling, poor = self._ceiling(c)
            if ceiling is c.equal_price:  # then it is its factor at every share
                floor, exact_floor = c.equal_price, True
            else:
                floor, exact_floor = self._floor(c, poor)
            if floor > self.floor[c]:
                self.floor[c], self.floor_is_exact[c] = floor, exact_floor
            if ceiling is None:
                unsure.append(c)
                continue
            if ceiling < best_ceiling or (ceiling == best_ceiling and best is not None
                                          and self.tie_breaking([best, c]) is c):
                best, best_ceiling, best_floor = c, ceiling, self.floor[c]
        if best is None:
            return False if not unsure else None
        for c in self.remaining:
            if c is best:
                continue
            floor = self.floor[c]
            if floor > best_ceiling:
                continue
            if (floor == best_ceiling and self.floor_is_exact[c] and isinstance(best_ceiling, type(floor))
                    and self.tie_breaking([best, c]) is best):
                continue
            return None
        self._pay(best, best_floor, best_ceiling)
        self.remaining.remove(best)
        return best

    def _floor(self, c: Candidate, poor: np.ndarray | None):
        """A factor at most c's at every share, so at most its factor at the budgets above.

        For any split of c's supporters into P and the rest, Σ min(budget, ρ·sat) is at
        most Σ_P budget + ρ·sat_rest, so a factor that pays c is at least
        (cost − Σ_P budget) / sat_rest; P is the split `poor` the ceiling came from, else
        the floats' split at these budgets; never below the equal price."""
        budgets = self.high[c.index]
        if poor is None:
            poor = self._split(c, budgets)
        if poor is None or not len(poor):
            return c.equal_price, True
        rich_sat = float(c.sat) * (len(c.voters) - len(poor)) if c.sats is None else (
            float(c.total_sat) - float(c.float_sats[poor].sum()))
        rich_sat = _up(rich_sat, len(poor) + 2)
        left = c.cost - _up(float(budgets[poor].sum()), len(poor))
        if left <= 0 or rich_sat <= 0:
            return c.equal_price, True
        floor = _down(_down(left, 1) / rich_sat)
        return (floor, False) if floor > c.equal_price else (c.equal_price, True)

    def _ceiling(self, c: Candidate):
        """A factor at least c's at every share (it pays c at the budgets below), or None;
        with the floats' split it came from (None: there was none)."""
        budgets = self.low[c.index]
        sats = float(c.sat) if c.sats is None else c.float_sats
        # Everyone can pay the equal price: the factor is exactly that.
        if c.sats is None:
            if budgets.min() >= _up(float(c.equal_price * c.sat), 2):
                return c.equal_price, None
        elif (budgets >= _up(float(c.equal_price), 2) * c.float_sats * (1 + 4 * _U)).all():  # ≥ e·sat
            return c.equal_price, None
        poor = self._split(c, budgets)
        if poor is None:
            return None, None
        rich = np.ones(len(c.voters), dtype=bool)
        rich[poor] = False
        rich_sat = float(c.sat) * int(rich.sum()) if c.sats is None else float(c.float_sats[rich].sum())
        if rich_sat <= 0:
            return None, poor
        guess = (c.cost - float(budgets[poor].sum())) / rich_sat
        n = len(c.voters)
        for margin in (1e-12, 1e-9):
            rho = guess * (1 + margin)
            paid = np.minimum(budgets, rho * sats * (1 - 4 * _U)).sum()  # at most ρ·sat each
            if _down(float(paid), n + 2) >= c.cost:
                return rho, poor
        return None, poor

    @staticmethod
    def _split(c: Candidate, budgets: np.ndarray):
        """Who pays all they have at the factor these budgets give (positions), by floats;
        None when the floats say they cannot pay c. Only a guess: used for bounds that
        hold for any split."""
        sats = np.full(len(budgets), float(c.sat)) if c.sats is None else c.float_sats
        per_sat = budgets / sats
        order = np.argsort(per_sat, kind="stable")
        paid_before = np.cumsum(budgets[order]) - budgets[order]
        sat_left = sats.sum() - (np.cumsum(sats[order]) - sats[order])
        can_pay = (c.cost - paid_before) <= per_sat[order] * sat_left
        if not can_pay.any():
            return None
        return order[:int(np.argmax(can_pay))]

    def _pay(self, c: Candidate, floor, ceiling) -> None:
        """What each supporter keeps: between budget-below − ceiling·sat and budget-above − floor·sat."""
        sats = float(c.sat) if c.sats is None else c.float_sats
        at = c.index
        most = _up(float(ceiling)) * sats * (1 + 4 * _U)  # at least ceiling·sat
        least = _down(float(floor)) * sats * (1 - 4 * _U)  # at most floor·sat
        low = self.low[at] - most
        self.low[at] = np.maximum(0.0, low * (1 - 4 * _U))  # a negative one becomes 0
        high = self.high[at] - least
        self.high[at] = np.maximum(0.0, high * (1 + 4 * _U))


def equal_shares(candidates: Sequence[Candidate], *, voters: int, budget_limit: int, step,
                 tie_breaking: Callable[[list[Candidate]], Candidate]) -> Result:
    """MES at a share of budget_limit / voters, raised by `step` as pabutools does (None: once).

    `candidates` are the projects with a positive cost and at least one satisfied voter;
    pabutools funds those that cost nothing and satisfy someone before MES: that is the caller's.
    """
    first = frac(budget_limit, voters)
    by_equal_price = sorted(candidates, key=lambda c: c.equal_price)

    def fresh():
        return (_filled(voters, first), np.full(voters, float(first)), np.zeros(voters, dtype=bool), [], []), first

    # Where an exact run may start: after the rounds of an earlier one, at a share no larger,
    # that any larger share would repeat (their budgets raised by the difference).
    begin = list(fresh())
    done: dict = {}

    def exact(share) -> Result:
        """MES at this share, exactly."""
        if share in done:
            return done[share]
        (budgets, hints, empty, picked, payments), start_share = begin if begin[1] <= share else fresh()
        if share != start_share:  # then nobody is without money
            raise_by = share - start_share
            budgets = budgets + raise_by if picked else _filled(voters, share)
            hints, empty = hints + float(raise_by), np.zeros_like(empty)
        run = _Run(by_equal_price, share, budgets, hints.copy(), empty.copy(), list(picked), list(payments))
        begin[:] = [run.snapshot(), share]
        while run.round(tie_breaking):
            if run.same_at_any_larger_share:
                begin[0] = run.snapshot()
        done[share] = Result(run.picked, run.payments, share)
        return done[share]

    if step is None:
        return exact(first)

    def share_at(k: int):
        return first + k * step if k else first

    def picks(low: int, high: int) -> list | None:
        """The projects MES picks at every step from `low` to `high`, if floats can tell."""
        return _Sweep(by_equal_price, voters, share_at(low), share_at(high), tie_breaking).run()

    def by_definition() -> Result:
        """pabutools' stepping, an exact run at every step."""
        k, previous = 0, Result([], [], first)
        while True:
            outcome = exact(share_at(k))
            if outcome.total_cost() > budget_limit:
                return previous
            if _exhaustive(outcome, candidates, budget_limit):
                return outcome
            k, previous = k + 1, outcome

    def stop(picked: list) -> str | None:
        outcome = Result(picked, [])
        if outcome.total_cost() > budget_limit:
            return "over"
        return "exhaustive" if _exhaustive(outcome, candidates, budget_limit) else None

    # pabutools steps the share and stops at the first outcome over budget (returning the
    # one before) or exhaustive. The outcome only changes where the projects picked change:
    # the sweeps find the projects picked over whole ranges of steps at once, in floats,
    # proved; where they cannot tell, the exact run at that step does. Only the outcome
    # returned is computed exactly, with its payments.
    # A range of `jump` steps is tried; it doubles after `patience` proved ranges in a row;
    # a range that could not be proved halves it and makes the next doubling wait twice as long.
    k, jump, patience, proved = 0, 1, 1, 0
    picked = picks(0, 0)
    if picked is None:
        picked = exact(first).picked
    before = None  # the projects picked one step below k
    while True:
        ended = stop(picked)
        if ended == "over":  # never at the first share: n·(budget/n) pays no more than the budget
            return _as_proved(exact(share_at(k - 1)), before, by_definition) if k else Result([], [], first)
        if ended == "exhaustive":
            return _as_proved(exact(share_at(k)), picked, by_definition)
        ahead = picks(k + 1, k + jump)
        if ahead is not None:
            if stop(ahead):
                jump = 1  # then it stops at k + 1
            before = ahead if jump > 1 else picked
            k, picked, proved = k + jump, ahead, proved + 1
            if proved >= patience:
                jump, proved = jump * 2, 0
        elif jump > 1:
            jump, patience, proved = jump // 2, min(2 * patience, _PATIENCE), 0
        else:
            before = picked
            k += 1
            picked = exact(share_at(k)).picked


def _as_proved(result: Result, picked: list, by_definition: Callable[[], Result]) -> Result:
    """The exact outcome, which picks what the sweeps proved; were it not so (a bug), the
    stepping by the definition, exactly, at every step."""
    if [id(c) for c in result.picked] == [id(c) for c in picked]:
        return result
    return by_definition()


def _filled(voters: int, share) -> np.ndarray:
    budgets = np.empty(voters, dtype=object)
    budgets.fill(share)
    return budgets


def _exhaustive(outcome: Result, candidates: Sequence[Candidate], budget_limit: int) -> bool:
    spent = outcome.total_cost()
    picked = set(map(id, outcome.picked))
    return all(id(c) in picked or c.cost + spent > budget_limit for c in candidates)
