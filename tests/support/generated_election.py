"""A reproducible neighbourhood vote of any size, as a `.pb` text: for the equivalence tests
and the allocation benchmark, next to the real Pabulib files.

Some options are much more popular than others and a voter picks a handful, weighted by
popularity; costs run from a bench to a playground, and the budget pays for about a third
of them, so Equal Shares leaves money over and its completion has work to do.
"""
import random

from sessions.allocation import BallotInput, OptionInput
from sessions.pabulib import write_pb


def generated_pb(*, voters: int, options: int, seed: int = 0) -> str:
    rng = random.Random(seed)
    offered = [OptionInput(i, f"Optie {i}", rng.randrange(2_000, 150_000) * 100) for i in range(1, options + 1)]
    popularity = [rng.paretovariate(1.5) for _ in offered]
    ids = [o.id for o in offered]
    ballots = []
    for _ in range(voters):
        chosen = set()
        for _ in range(rng.randint(1, min(8, options))):
            chosen.add(rng.choices(ids, weights=popularity)[0])
        ballots.append(BallotInput(approved=frozenset(chosen)))
    budget = sum(o.cost_cents for o in offered) // 300 * 100  # about a third, whole euros
    return write_pb(description=f"Generated: {voters} voters, {options} options, seed {seed}",
                    budget_cents=budget, options=offered, ballots=ballots)
