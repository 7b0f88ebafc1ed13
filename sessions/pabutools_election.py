"""The allocation rules run in pabutools: `sessions.allocation`'s plain input translated into
pabutools objects once, each rule run on it, and the outcome translated back with a reason
per option (the rules, their settings and the tie rule are documented in
sessions/allocation.py).

A module of its own so that pabutools (with NumPy, PuLP and gmpy2, about 17 MB) is imported
on the first allocation only: the server does its allocations in worker processes
(facilitator/offload.py), so the process that serves the room never loads it."""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from fractions import Fraction
from functools import cached_property

from pabutools.election import (
    AdditiveSatisfaction,
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
from pabutools.rules import greedy_utilitarian_welfare, sequential_phragmen
from pabutools.tiebreaking import TieBreakingRule, lexico_tie_breaking

from .allocation import (
    MES_BUDGET_STEP, BallotInput, Explanation, OptionInput, Outcome, _en, _free_option, _greedy_reason,
    _mes_completed, _mes_shared, _nl, _phragmen_picked, _validate_ballots, _with_points_note,
    check_within_budget, project_name,
)
from .equal_shares import Candidate, Result, equal_shares
from .errors import DomainError
from .money import cents_in_range


class Election:
    """One input, validated and translated to pabutools once, run under any rule."""

    def __init__(self, budget_cents: int, options: Sequence[OptionInput],
                 ballots: Sequence[BallotInput]) -> None:
        self.budget = cents_in_range(budget_cents)
        self.options = {o.id: o for o in options}
        if len(self.options) != len(options):
            raise DomainError("duplicate_option")
        for option in options:
            if not isinstance(option.id, int) or option.id < 0:
                raise DomainError("invalid_option", option_id=option.id)
            cents_in_range(option.cost_cents)
        self.points_form = _validate_ballots(ballots, self.options)
        self.ballots = ballots

        self.instance = Instance(budget_limit=self.budget)
        self.project_of: dict[int, Project] = {}
        self.option_of: dict[str, int] = {}
        for option in options:
            project = Project(project_name(option_id=option.id, cost_cents=option.cost_cents),
                              option.cost_cents)
            self.instance.add(project)
            self.project_of[option.id] = project
            self.option_of[project.name] = option.id

        self.sat_class: type[AdditiveSatisfaction] = Additive_Cardinal_Sat if self.points_form else Cost_Sat
        self.supporters = {i: 0 for i in self.options}
        self.points = {i: 0 for i in self.options}
        self.voters_of: dict[int, list[int]] = {i: [] for i in self.options}
        self.points_of: dict[int, list[int]] = {i: [] for i in self.options}  # in voters_of's order
        for voter, ballot in enumerate(ballots):
            for option_id in ballot.supported():
                given = ballot.points[option_id] if ballot.points else 1
                self.supporters[option_id] += 1
                self.voters_of[option_id].append(voter)
                self.points_of[option_id].append(given)
                self.points[option_id] += given

    # pabutools' profiles, built when a rule asks (greedy, Phragmén); Equal Shares and its
    # completion work from the counts above.
    @cached_property
    def approval_profile(self) -> ApprovalProfile:
        return ApprovalProfile([ApprovalBallot(self.project_of[i] for i in b.supported()) for b in self.ballots],
                               instance=self.instance)

    @cached_property
    def profile(self):
        if not self.points_form:
            return self.approval_profile
        return CumulativeProfile(
            [CumulativeBallot({self.project_of[i]: p for i, p in b.points.items() if p > 0}) for b in self.ballots],
            instance=self.instance)

    def run(self, rule: str) -> Outcome:
        if rule == "mes":
            funded, explain = self._mes()
        elif rule == "greedy":
            funded, explain = self._greedy()
        else:
            funded, explain = self._phragmen()
        total = check_within_budget(budget_cents=self.budget,
                                    funded_costs=(self.options[i].cost_cents for i in funded))
        return Outcome(rule=rule, funded=funded, total_cost_cents=total,
                       left_cents=self.budget - total, explanations=explain(funded, self.budget - total))

    # --- the rules -------------------------------------------------------------------

    def _greedy_allocation(self, initial=None):
        return greedy_utilitarian_welfare(self.instance, self.profile, sat_class=self.sat_class,
                                          tie_breaking=lexico_tie_breaking,
                                          initial_budget_allocation=initial)

    def _ids(self, projects: Iterable[Project]) -> list[int]:
        return [self.option_of[p.name] for p in projects]

    def _equal_shares(self) -> tuple[list[Project], Result]:
        """The projects funded before MES (cost nothing, supported) and MES with its stepping."""
        voters = len(self.ballots)
        if not voters:
            return [], Result([], [])
        free, candidates = [], []
        for project in self.instance.difference(set()):  # the order in which pabutools adds them
            option_id = self.option_of[project.name]
            # MES leaves out what satisfies nobody; with cost satisfaction that includes
            # every option that costs nothing (greedy funds those afterwards).
            if self.supporters[option_id] == 0 or (project.cost == 0 and not self.points_form):
                continue
            if project.cost == 0:
                free.append(project)
            else:
                candidates.append(self._mes_candidate(option_id, project))
        step = Fraction(self.budget) * MES_BUDGET_STEP / voters
        return free, equal_shares(candidates, voters=voters, budget_limit=self.budget,
                                  step=_as_pabutools_number(step), tie_breaking=self._mes_tie_breaking)

    def _mes(self):
        free, result = self._equal_shares()
        by_equal_shares = self._ids(free + [c.project for c in result.picked])
        shares = {self.option_of[c.project.name]: paid for c, paid in zip(result.picked, result.payments)}
        funded = self._greedy_completion(by_equal_shares)

        def explain(funded_ids, left):
            out = {}
            for option_id, option in self.options.items():
                if option_id in shares:
                    out[option_id] = _mes_shared(shares[option_id], points_form=self.points_form)
                elif option_id in by_equal_shares:  # cost 0: funded before anyone pays
                    out[option_id] = _free_option()
                elif option_id in funded_ids:
                    out[option_id] = _mes_completed(self.supporters[option_id], option.cost_cents)
                else:
                    out[option_id] = self._not_funded(option, left)
            return out

        return funded, explain

    def _mes_candidate(self, option_id: int, project: Project) -> Candidate:
        voters = tuple(self.voters_of[option_id])
        if self.points_form:
            return Candidate(project, project.cost, voters, sats=tuple(self.points_of[option_id]))
        return Candidate(project, project.cost, voters, sat=project.cost)  # Cost_Sat

    def _mes_tie_breaking(self, tied: list[Candidate]) -> Candidate:
        first = lexico_tie_breaking.order(self.instance, None, [c.project for c in tied])[0]  # by name only
        return next(c for c in tied if c.project is first)

    def _greedy(self):
        allocation = self._greedy_allocation()
        funded = self._ids(allocation)
        ranking = self._greedy_ranking()

        def explain(funded_ids, left):
            funded_set = set(funded_ids)
            remaining = self.budget
            out = {}
            for rank, option_id in enumerate(ranking, start=1):
                option = self.options[option_id]
                out[option_id] = _greedy_reason(
                    rank=rank, of=len(ranking), support=self._support_text(option_id),
                    left_at_turn=remaining, cost=option.cost_cents, funded=option_id in funded_set,
                    points_form=self.points_form)
                if option_id in funded_set:
                    remaining -= option.cost_cents
            return out

        return funded, explain

    def _greedy_ranking(self) -> list[int]:
        """The order in which greedy looks at the options.

        It is the order `greedy_utilitarian_welfare` uses for additive satisfaction:
        satisfaction (the voters' total, `Cost_Sat` or points) per cent, highest first, an
        option that costs nothing and satisfies someone before all others, ties by the tie rule.
        """
        def key(option_id: int):
            cost = self.options[option_id].cost_cents
            weight = self.supporters[option_id] * cost if not self.points_form else self.points[option_id]
            if weight <= 0:
                return (1, Fraction(0), self.project_of[option_id].name)
            if cost == 0:
                return (0, Fraction(0), self.project_of[option_id].name)
            return (1, -Fraction(weight, cost), self.project_of[option_id].name)

        return sorted(self.options, key=key)

    def _greedy_completion(self, initial: list[int]) -> list[int]:
        """`greedy_utilitarian_welfare(..., initial_budget_allocation=initial)`, from the counts
        kept at the start instead of pabutools' satisfaction of every voter for every option:
        the options not yet funded in greedy's order, each funded if it still fits."""
        funded = list(initial)
        chosen = set(initial)
        left = self.budget - sum(self.options[i].cost_cents for i in initial)
        for option_id in self._greedy_ranking():
            cost = self.options[option_id].cost_cents
            if option_id not in chosen and cost <= left:
                funded.append(option_id)
                left -= cost
        return funded

    def _phragmen(self):
        recorder = _RecordingTieBreaking()
        allocation = sequential_phragmen(self.instance, self.approval_profile, tie_breaking=recorder)
        picked = self._ids(recorder.picked)
        if sorted(picked) != sorted(self._ids(allocation)):  # pabutools changed its internals
            picked = sorted(self._ids(allocation), key=lambda i: self.project_of[i].name)

        def explain(funded_ids, left):
            out = {}
            for option_id, option in self.options.items():
                if option_id in funded_ids:
                    out[option_id] = _phragmen_picked(funded_ids.index(option_id) + 1,
                                                      self.supporters[option_id], option.cost_cents)
                else:
                    out[option_id] = self._not_funded(option, left, stopped_early=True)
                if self.points_form:
                    out[option_id] = _with_points_note(out[option_id])
            return out

        return picked, explain

    # --- explanations ---------------------------------------------------------------

    def _support_text(self, option_id: int) -> Explanation:
        if self.points_form:
            p = self.points[option_id]
            return Explanation(nl=f"{p} {'punt' if p == 1 else 'punten'}",
                               en=f"{p} {'point' if p == 1 else 'points'}")
        n = self.supporters[option_id]
        return Explanation(nl=f"{n} {'stem' if n == 1 else 'stemmen'}",
                           en=f"{n} {'vote' if n == 1 else 'votes'}")

    def _not_funded(self, option: OptionInput, left: int, *, stopped_early: bool = False) -> Explanation:
        if self.supporters[option.id] == 0:
            return Explanation(nl="Niet gefinancierd: niemand koos deze optie.",
                               en="Not funded: nobody chose this option.")
        if option.cost_cents > left:
            return Explanation(
                nl=f"Niet gefinancierd: te duur voor wat er nog over was: {_nl(left)} over, "
                   f"kost {_nl(option.cost_cents)}.",
                en=f"Not funded: too expensive for what was left: {_en(left)} left, "
                   f"costs {_en(option.cost_cents)}.")
        if stopped_early:
            return Explanation(
                nl="Niet gefinancierd: Phragmén stopt bij de eerste optie die niet meer past, "
                   "en deze optie was toen nog niet aan de beurt.",
                en="Not funded: Phragmén stops at the first option that no longer fits, "
                   "and this option's turn had not come yet.")
        return Explanation(nl="Niet gefinancierd.", en="Not funded.")


class _RecordingTieBreaking(TieBreakingRule):
    """Lexicographic tie-breaking that also notes each pick.

    `sequential_phragmen` returns its allocation sorted by name, which loses the order of
    the picks; it asks the tie-breaking rule to order the candidates of every round (even
    a single one) and takes the first, so noting that first one recovers the order.
    """

    def __init__(self) -> None:
        super().__init__(lexico_tie_breaking.func)
        self.picked: list[Project] = []

    def order(self, instance, profile, projects, key=None):
        ordered = super().order(instance, profile, projects, key)
        if ordered:
            self.picked.append(ordered[0])
        return ordered


def _as_pabutools_number(value: Fraction | None):
    # pabutools computes with gmpy2 rationals (`frac`); handing the step over as one keeps
    # all of its arithmetic in a single exact type.
    if value is None:
        return None
    return frac(value.numerator, value.denominator)


