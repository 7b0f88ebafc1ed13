import pytest

from sessions.consensus import Outcome, clean_signal, consensus_outcome
from sessions.errors import DomainError

C, R, N = Outcome.CONSENSUS, Outcome.CONSENT_WITH_RESERVATIONS, Outcome.NO_CONSENSUS


@pytest.mark.parametrize("levels, consent, unanimity, three_quarters", [
    ([1, 1, 1], C, C, C),
    ([1, 2, 1], R, R, R),
    ([1, 3, 4], R, N, N),          # nobody objects, but only one of three agrees
    ([1, 1, 1, 4], R, N, R),       # three in four agree
    ([1, 1, 5], N, N, N),          # one objection blocks under every rule
    ([], N, N, N),
])
def test_each_consensus_rule_reads_the_signals_its_own_way(levels, consent, unanimity, three_quarters):
    assert consensus_outcome(levels, rule="consent") == consent
    assert consensus_outcome(levels, rule="unanimity") == unanimity
    assert consensus_outcome(levels, rule="three_quarters") == three_quarters


def test_an_objection_needs_a_reason_and_signals_are_one_to_five():
    assert clean_signal(5, "  Te duur voor  één zomer ") == (5, "Te duur voor één zomer")
    assert clean_signal(2, "") == (2, None)
    for level, reason, code in [(5, None, "objection_needs_reason"), (5, "   ", "objection_needs_reason"),
                                (0, None, "unknown_signal"), (6, None, "unknown_signal"), ("1", None, "unknown_signal"),
                                (True, None, "unknown_signal"), (3, "x" * 501, "reason_too_long"), (3, 5, "invalid_payload")]:
        with pytest.raises(DomainError) as refused:
            clean_signal(level, reason)
        assert refused.value.code == code
