"""How long the import and the allocation rules take, on the Pabulib fixture files and on a
generated election of 1,000 voters and 40 options.

Two tables, medians of 3 runs, baseline measured in the same run:

1. Import, greedy and Phragmén: ours (`read_pb`, `allocate`) next to pabutools doing the same
   thing directly on its own parse of the file, with the settings documented in
   sessions/allocation.py. Above 1 is the cost of our translation and explanations.
2. Equal Shares: ours, with its completion (the voters' share raised in steps of 1 % of the
   budget, then greedy), next to plain pabutools MES (`method_of_equal_shares`, cost
   satisfaction, one run, no completion), the two alternating. "same" says whether we fund
   exactly what pabutools' own stepping completion funds (`completion_by_rule_combination`
   with `voter_budget_increment`, run once per file, its time shown); it takes minutes on the
   largest file, `--quick` leaves it out.

No timing is asserted anywhere.

    .venv/bin/python -m bench.allocation_bench [--quick] [--mes] [--only WORD ...]
"""
import argparse
import statistics
import time
from pathlib import Path

from pabutools.election import (
    Additive_Cardinal_Sat,
    ApprovalBallot,
    ApprovalProfile,
    Cost_Sat,
)
from pabutools.election.ballot import AbstractCardinalBallot
from pabutools.election.pabulib import parse_pabulib_from_string
from pabutools.fractions import frac
from pabutools.rules import (
    completion_by_rule_combination,
    greedy_utilitarian_welfare,
    method_of_equal_shares,
    sequential_phragmen,
)
from pabutools.tiebreaking import TieBreakingRule

from tests.support.generated_election import generated_pb
from tests.support.pabutools_direct import RankedPointsSat

from sessions.allocation import allocate, tie_order_key
from sessions.pabulib import read_pb

FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "pabulib"
RUNS = 3


def elections(only: list[str] | None = None) -> list[tuple[str, str]]:
    """The fixture files and the generated election; with `only`, those whose name has one of its words."""
    named = [(path.stem, path) for path in sorted(FIXTURES.glob("*.pb"))]
    named.append(("generated 1,000 voters × 40 options", None))
    return [(name, generated_pb(voters=1_000, options=40) if path is None else path.read_text(encoding="utf-8-sig"))
            for name, path in named if not only or any(word in name for word in only)]


def median_seconds(action) -> tuple[float, object]:
    times, result = [], None
    for _ in range(RUNS):
        start = time.perf_counter()
        result = action()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def alternating_medians(first, second) -> tuple[float, float, object, object]:
    """Both actions RUNS times, taking turns, so that a change in the machine's load hits both."""
    times = ([], [])
    results = [None, None]
    for _ in range(RUNS):
        for which, action in enumerate((first, second)):
            start = time.perf_counter()
            results[which] = action()
            times[which].append(time.perf_counter() - start)
    return statistics.median(times[0]), statistics.median(times[1]), results[0], results[1]


class Direct:
    """pabutools on its own parse of the file, with our settings (the baseline)."""

    def __init__(self, text: str, option_id: dict[str, int]) -> None:
        self.instance, self.profile = parse_pabulib_from_string(text)
        self.sat = {"approval": Cost_Sat, "choose-1": Cost_Sat, "ordinal": RankedPointsSat}.get(
            self.instance.meta["vote_type"], Additive_Cardinal_Sat)
        self.tie = TieBreakingRule(lambda inst, prof, p: tie_order_key(option_id=option_id[p.name],
                                                                      cost_cents=p.cost * 100))
        self.option_id = option_id

    def funded(self, allocation) -> set[int]:
        return {self.option_id[p.name] for p in allocation}

    def greedy(self):
        return greedy_utilitarian_welfare(self.instance, self.profile, sat_class=self.sat, tie_breaking=self.tie)

    def phragmen(self):
        profile = self.profile if isinstance(self.profile, ApprovalProfile) else ApprovalProfile(
            [ApprovalBallot(p for p in b if not isinstance(b, AbstractCardinalBallot) or b[p] > 0)
             for b in self.profile], instance=self.instance)
        return sequential_phragmen(self.instance, profile, tie_breaking=self.tie)

    def plain_mes(self):
        return method_of_equal_shares(self.instance, self.profile, sat_class=self.sat, tie_breaking=self.tie)

    def mes_with_stepping_completion(self):
        step = frac(self.instance.budget_limit, 100 * self.profile.num_ballots())
        return completion_by_rule_combination(
            self.instance, self.profile, [method_of_equal_shares, greedy_utilitarian_welfare],
            [{"sat_class": self.sat, "tie_breaking": self.tie, "voter_budget_increment": step},
             {"sat_class": self.sat, "tie_breaking": self.tie}])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true",
                        help="do not run pabutools' own stepping completion to compare funded sets")
    parser.add_argument("--mes", action="store_true", help="only the Equal Shares table")
    parser.add_argument("--only", nargs="*", help="elections whose name contains one of these words")
    args = parser.parse_args()
    quick = args.quick
    loaded = [(name, text, read_pb(text)) for name, text in elections(args.only)]
    if not args.mes:
        rules_table(loaded)
    mes_table(loaded, quick)


def rules_table(loaded) -> None:
    print(f"1. import, greedy, Phragmén: median of {RUNS} runs, seconds; ratio = ours / pabutools directly\n")
    print(f"{'election':46} {'vote_type':10} {'voters':>6} {'proj':>4}  {'step':8} {'ours':>8} {'direct':>8} {'ratio':>6}  same")
    for name, text, ours in loaded:
        ours_read, _ = median_seconds(lambda: read_pb(text))
        direct_read, _ = median_seconds(lambda: parse_pabulib_from_string(text))
        head = f"{name[:46]:46} {ours.vote_type:10} {len(ours.ballots):>6} {len(ours.projects):>4}"
        print(f"{head}  {'import':8} {ours_read:8.3f} {direct_read:8.3f} {ours_read / direct_read:6.2f}")
        direct = Direct(text, {p.project_id: p.id for p in ours.projects})
        for rule, baseline in (("greedy", direct.greedy), ("phragmen", direct.phragmen)):
            ours_time, outcome = median_seconds(lambda: allocate(
                budget_cents=ours.budget_cents, options=ours.options, ballots=ours.ballots, rule=rule))
            direct_time, allocation = median_seconds(baseline)
            same = set(outcome.funded) == direct.funded(allocation)
            print(f"{'':{len(head)}}  {rule:8} {ours_time:8.3f} {direct_time:8.3f} "
                  f"{ours_time / direct_time:6.2f}  {'yes' if same else 'NO'}")



def mes_table(loaded, quick: bool) -> None:
    print(f"\n2. Equal Shares: median of {RUNS} alternating runs, seconds; ratio = ours (with completion) / "
          "plain pabutools MES (no completion)\n   same = we fund what pabutools' own stepping completion "
          "funds (its one run's time beside it)\n")
    print(f"{'election':46} {'voters':>6} {'proj':>4} {'plain MES':>10} {'ours':>8} {'ratio':>6}  same  "
          f"{'stepping':>8}")
    for name, text, ours in loaded:
        direct = Direct(text, {p.project_id: p.id for p in ours.projects})
        plain_time, ours_time, _, outcome = alternating_medians(direct.plain_mes, lambda: allocate(
            budget_cents=ours.budget_cents, options=ours.options, ballots=ours.ballots, rule="mes"))
        if quick:
            same, stepping = "n/a", ""
        else:
            start = time.perf_counter()
            reference = direct.mes_with_stepping_completion()
            stepping = f"{time.perf_counter() - start:8.1f}"
            same = "yes" if set(outcome.funded) == direct.funded(reference) else "NO"
        print(f"{name[:46]:46} {len(ours.ballots):>6} {len(ours.projects):>4} {plain_time:10.3f} "
              f"{ours_time:8.3f} {ours_time / plain_time:6.2f}  {same:4}  {stepping}", flush=True)


if __name__ == "__main__":
    main()
