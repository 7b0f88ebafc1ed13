"""Equal Shares with its completion at an older commit and now, next to plain pabutools MES.

The older `sessions/` is taken from git (`git archive`) into a temporary folder and imported
as `sessions_before`; then, in this one process and in turn, plain pabutools MES (one run,
no completion), the old `allocate(..., rule="mes")` and the current one, RUNS times each;
medians, ratios to plain MES, and whether old and new give the same funded list and the
same explanations. The old code on Mokotów takes minutes per run.

    .venv/bin/python -m bench.mes_before_after [--commit 7e6776b] [--only generated wesola ...]
"""
import argparse
import importlib
import io
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

from pabutools.election import Additive_Cardinal_Sat, Cost_Sat
from pabutools.election.pabulib import parse_pabulib_from_string
from pabutools.rules import method_of_equal_shares

from bench.allocation_bench import RUNS, elections
from sessions import allocation as after
from sessions.pabulib import read_pb

ROOT = Path(__file__).resolve().parents[1]


def load_before(commit: str, into: Path):
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", commit, "sessions"],
                             capture_output=True, check=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    (into / "sessions").rename(into / "sessions_before")
    sys.path.insert(0, str(into))
    return importlib.import_module("sessions_before.allocation")


def texts(outcome) -> dict:
    return {i: (e.nl, e.en) for i, e in outcome.explanations.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--commit", default="7e6776b", help="the commit before (default: before issue 18)")
    parser.add_argument("--only", nargs="*", help="elections whose name contains one of these words")
    args = parser.parse_args()
    before = load_before(args.commit, Path(tempfile.mkdtemp(prefix="buurttafel-mes-before-")))
    print(f"median of {RUNS} alternating runs, seconds; before = commit {args.commit}\n")
    print(f"{'election':46} {'plain MES':>10} {'before':>9} {'after':>8} {'bef/plain':>9} {'aft/plain':>9}  same")
    for name, text in elections(args.only):
        ours = read_pb(text)
        instance, profile = parse_pabulib_from_string(text)
        sat = Cost_Sat if instance.meta["vote_type"] in ("approval", "choose-1") else Additive_Cardinal_Sat
        actions = {
            "plain": lambda: method_of_equal_shares(instance, profile, sat_class=sat),
            "before": lambda: before.allocate(budget_cents=ours.budget_cents, options=ours.options,
                                              ballots=ours.ballots, rule="mes"),
            "after": lambda: after.allocate(budget_cents=ours.budget_cents, options=ours.options,
                                            ballots=ours.ballots, rule="mes"),
        }
        times = {key: [] for key in actions}
        results = {}
        for _ in range(RUNS):
            for key, action in actions.items():
                start = time.perf_counter()
                results[key] = action()
                times[key].append(time.perf_counter() - start)
        m = {key: statistics.median(values) for key, values in times.items()}
        same = (results["before"].funded == results["after"].funded
                and texts(results["before"]) == texts(results["after"]))
        print(f"{name[:46]:46} {m['plain']:10.3f} {m['before']:9.3f} {m['after']:8.3f} "
              f"{m['before'] / m['plain']:9.2f} {m['after'] / m['plain']:9.2f}  {'yes' if same else 'NO'}",
              flush=True)


if __name__ == "__main__":
    main()
