"""Equal Shares' fast completion against its definition, exactly, on every fixture file and
the generated election: the same projects in the same order, every supporter's payment and
the share per voter equal to those of an exact MES run at every step of the share
(`sessions.equal_shares._Run`, itself checked against pabutools by the unit tests), until
the stepping stops. Prints the times too; the exact stepping takes a minute or more on
Mokotów.

    .venv/bin/python -m bench.mes_exact_check [--only WORD ...]
"""
import argparse
import time

import numpy as np
from pabutools.fractions import frac

from bench.allocation_bench import elections
from sessions import allocation, pabutools_election
from sessions.equal_shares import Result, _exhaustive, _filled, _Run, equal_shares
from sessions.pabulib import read_pb


def stepped_exactly(candidates, *, voters, budget_limit, step, tie_breaking):
    share = frac(budget_limit, voters)
    by_equal_price = sorted(candidates, key=lambda c: c.equal_price)
    previous, runs = Result([], [], share), 0
    while True:
        run = _Run(by_equal_price, share, _filled(voters, share), np.full(voters, float(share)),
                   np.zeros(voters, dtype=bool), [], [])
        while run.round(tie_breaking):
            pass
        runs += 1
        outcome = Result(run.picked, run.payments, share)
        if outcome.total_cost() > budget_limit:
            return previous, runs
        if _exhaustive(outcome, candidates, budget_limit):
            return outcome, runs
        previous = outcome
        share += step


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", nargs="*", help="elections whose name contains one of these words")
    args = parser.parse_args()
    calls = []
    original = pabutools_election.equal_shares
    pabutools_election.equal_shares = lambda candidates, **kw: calls.append((candidates, kw)) or original(candidates, **kw)
    print(f"{'election':46} {'fast':>7} {'exact':>8} {'runs':>5}  same picks, payments and share")
    for name, text in elections(args.only):
        ours = read_pb(text)
        calls.clear()
        allocation.allocate(budget_cents=ours.budget_cents, options=ours.options, ballots=ours.ballots, rule="mes")
        (candidates, kw), = calls
        start = time.perf_counter()
        fast = original(candidates, **kw)
        fast_time = time.perf_counter() - start
        start = time.perf_counter()
        exact, runs = stepped_exactly(candidates, **kw)
        exact_time = time.perf_counter() - start
        same = (fast.picked == exact.picked and fast.payments == exact.payments and fast.share == exact.share)
        print(f"{name[:46]:46} {fast_time:7.2f} {exact_time:8.2f} {runs:5}  {'yes' if same else 'NO'}", flush=True)


if __name__ == "__main__":
    main()
