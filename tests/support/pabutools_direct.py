"""What the equivalence tests and the allocation benchmark compare against: pabutools
computing directly on its own parse of a file."""
from pabutools.election import PositionalSatisfaction


class RankedPointsSat(PositionalSatisfaction):
    """Our documented reading of an ordinal ballot: of k ranked projects, k points for the
    first down to 1 for the last (pabutools' own Borda gives k - 1 ... 0)."""

    def __init__(self, instance, profile, ballot):
        super().__init__(instance, profile, ballot,
                         lambda b, p: len(b) - b.position(p) if p in b else 0, sum)
