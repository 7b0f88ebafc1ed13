"""How long the import and the three allocation rules take on the Pabulib fixture files.

For each file: the time of `read_pb` and of `allocate` under greedy, MES (with its
completion) and Phragmén — the median of 3 runs — next to the baseline, pabutools doing
the same thing directly on its own parse of the file in the same run (parse, and each rule
with the settings documented in sessions/allocation.py). The ratio is ours / baseline;
above 1 is the cost of our translation and explanations. No timing is asserted anywhere.

    .venv/bin/python -m bench.allocation_bench
"""
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

from tests.support.pabutools_direct import RankedPointsSat

from sessions.allocation import RULES, allocate, tie_order_key
from sessions.pabulib import read_pb

FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "pabulib"
RUNS = 3


def median_seconds(action) -> tuple[float, object]:
    times, result = [], None
    for _ in range(RUNS):
        start = time.perf_counter()
        result = action()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def direct_rules(text: str, option_id: dict[str, int]):
    """The baseline: each rule as a pabutools call on pabutools' own parse."""
    instance, profile = parse_pabulib_from_string(text)
    sat = {"approval": Cost_Sat, "choose-1": Cost_Sat, "ordinal": RankedPointsSat}.get(
        instance.meta["vote_type"], Additive_Cardinal_Sat)
    tie = TieBreakingRule(lambda inst, prof, p: tie_order_key(option_id=option_id[p.name], cost_cents=p.cost * 100))
    approvals = profile if isinstance(profile, ApprovalProfile) else ApprovalProfile(
        [ApprovalBallot(p for p in b if not isinstance(b, AbstractCardinalBallot) or b[p] > 0) for b in profile],
        instance=instance)
    step = frac(instance.budget_limit, 100 * profile.num_ballots())
    return {
        "greedy": lambda: greedy_utilitarian_welfare(instance, profile, sat_class=sat, tie_breaking=tie),
        "mes": lambda: completion_by_rule_combination(
            instance, profile, [method_of_equal_shares, greedy_utilitarian_welfare],
            [{"sat_class": sat, "tie_breaking": tie, "voter_budget_increment": step},
             {"sat_class": sat, "tie_breaking": tie}]),
        "phragmen": lambda: sequential_phragmen(instance, approvals, tie_breaking=tie),
    }


def main() -> None:
    print(f"median of {RUNS} runs, seconds; ratio = ours / pabutools directly (same run)\n")
    print(f"{'file':46} {'vote_type':10} {'voters':>6} {'proj':>4}  {'step':8} {'ours':>8} {'direct':>8} {'ratio':>6}  same")
    for path in sorted(FIXTURES.glob("*.pb")):
        text = path.read_text(encoding="utf-8-sig")
        ours_read, ours = median_seconds(lambda: read_pb(text))
        direct_read, _ = median_seconds(lambda: parse_pabulib_from_string(text))
        head = f"{path.stem[:46]:46} {ours.vote_type:10} {len(ours.ballots):>6} {len(ours.projects):>4}"
        print(f"{head}  {'import':8} {ours_read:8.3f} {direct_read:8.3f} {ours_read / direct_read:6.2f}")
        option_id = {p.project_id: p.id for p in ours.projects}
        direct = direct_rules(text, option_id)
        for rule in RULES:
            ours_time, outcome = median_seconds(lambda: allocate(
                budget_cents=ours.budget_cents, options=ours.options, ballots=ours.ballots, rule=rule))
            direct_time, allocation = median_seconds(direct[rule])
            same = set(outcome.funded) == {option_id[p.name] for p in allocation}
            print(f"{'':{len(head)}}  {rule:8} {ours_time:8.3f} {direct_time:8.3f} "
                  f"{ours_time / direct_time:6.2f}  {'yes' if same else 'NO'}")


if __name__ == "__main__":
    main()
