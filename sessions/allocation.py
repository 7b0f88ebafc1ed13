"""Which options a table's budget pays for: three allocation rules, computed by pabutools.

The rules themselves are pabutools' (GPL-3.0); this module only translates plain data into
pabutools objects and back, and writes a reason per option in Dutch and English. Nothing
outside this module and sessions/pabutools_election.py (where the rules run, imported on
the first allocation only) touches a pabutools object.

Ballots come in two forms:
- "kiezen" (approval): a set of options the participant supports;
- "verdelen" (points): points spread over options. A ballot with 0 points for an option
  does not support it.
All ballots of one allocation must be of one form (`DomainError("mixed_ballots")`).

The rules, with the pabutools settings used:
- "mes": Method of Equal Shares. Approval ballots use cost satisfaction (`Cost_Sat`, the
  equalshares.net default: a supporter values an option at its cost), points ballots use
  the points as satisfaction (`Additive_Cardinal_Sat`). MES alone often leaves money on
  the table, so it is completed as equalshares.net and the pabutools docs describe:
  1. MES's own iterated variant (`voter_budget_increment`): every voter's share of the
     budget grows by 1 % of the budget divided by the number of voters, until the outcome
     is exhaustive or would overspend the real budget (then the last feasible outcome is
     kept). This is pabutools' "Add1"-style completion, with a step of 1 % of the budget
     (the default step of `exhaustion_by_budget_increase`) rather than one currency unit,
     because a unit of cents would take thousands of rounds. The outcome is pabutools'
     exactly; it is computed by `sessions.equal_shares`, which proves in floats which
     projects the dozens of steps pick and runs MES exactly only for the outcome (see
     there how, and `tests/unit/test_equal_shares.py` for the comparison with pabutools).
  2. Whatever still fits is then added by the greedy rule below, with the same
     satisfaction (`completion_by_rule_combination` with [MES, greedy] does exactly this;
     we run the two steps ourselves so that MES's per-voter payments stay available for
     the explanations, and greedy from the supporters and points counted once: see
     `_greedy_completion`).
- "greedy": `greedy_utilitarian_welfare`. With approval ballots and `Cost_Sat` it ranks
  options by their number of supporters (the usual city rule, Pabulib's "greedy"); with
  points ballots and `Additive_Cardinal_Sat` it ranks them by points per euro. Down that
  ranking it funds every option that still fits, skipping those that do not.
- "phragmen": sequential Phragmén. It is defined for approval ballots only: a points
  ballot counts as approving every option that got more than 0 points. It stops at the
  first option that no longer fits (it does not skip).

Ties: every rule gets pabutools' `lexico_tie_breaking`, which orders projects by name. We
name each project "<cost in cents, 15 digits>:<option id, 12 digits>", so a tie goes to
the LOWER COST first and, at equal cost, to the LOWER OPTION ID. This is deterministic and
independent of the order in which options or ballots are given.

Money: costs and budget are integer cents and are given to pabutools as ints; pabutools
computes with exact rationals (gmpy2 `mpq`), so there is no float rounding anywhere. A
supporter's MES share is shown rounded to the cent.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from .errors import DomainError
from .money import format_euros

RULES = ("mes", "greedy", "phragmen")
# The share of the budget by which MES's completion raises the voters' money per round.
MES_BUDGET_STEP = Fraction(1, 100)

_COST_DIGITS = 15  # MAX_BUDGET_CENTS has 12 digits: room to spare
_ID_DIGITS = 12


@dataclass(frozen=True)
class OptionInput:
    id: int
    title: str
    cost_cents: int


@dataclass(frozen=True)
class BallotInput:
    """Exactly one of `approved` ("kiezen") or `points` ("verdelen") is given."""

    approved: frozenset[int] | None = None
    points: Mapping[int, int] | None = None

    def __post_init__(self) -> None:
        if (self.approved is None) == (self.points is None):
            raise DomainError("invalid_ballot")

    @property
    def is_points(self) -> bool:
        return self.points is not None

    def supported(self) -> frozenset[int]:
        if self.points is not None:
            return frozenset(option_id for option_id, p in self.points.items() if p > 0)
        return frozenset(self.approved)


@dataclass(frozen=True)
class Explanation:
    nl: str
    en: str


@dataclass(frozen=True)
class Outcome:
    rule: str
    funded: list[int]
    total_cost_cents: int
    left_cents: int
    explanations: dict[int, Explanation] = field(default_factory=dict)


def allocate(*, budget_cents: int, options: Sequence[OptionInput],
             ballots: Sequence[BallotInput], rule: str) -> Outcome:
    if rule not in RULES:
        raise DomainError("unknown_rule", rule=rule)
    from .pabutools_election import Election  # see the module's docstring: on first use only
    return Election(budget_cents, options, ballots).run(rule)


def allocate_all(*, budget_cents: int, options: Sequence[OptionInput],
                 ballots: Sequence[BallotInput]) -> dict[str, Outcome]:
    """The three rules side by side, on one translation of the input."""
    from .pabutools_election import Election
    election = Election(budget_cents, options, ballots)
    return {rule: election.run(rule) for rule in RULES}


def check_within_budget(*, budget_cents: int, funded_costs: Iterable[int]) -> int:
    """The invariant every outcome must meet; returns the total. A breach is a bug in a rule."""
    total = sum(funded_costs)
    if total > budget_cents:
        raise DomainError("over_budget", total_cents=total, budget_cents=budget_cents)
    return total


def project_name(*, option_id: int, cost_cents: int) -> str:
    """The pabutools project name; lexicographic order on it is our tie rule (cost, then id)."""
    return f"{cost_cents:0{_COST_DIGITS}d}:{option_id:0{_ID_DIGITS}d}"


def tie_order_key(*, option_id: int, cost_cents: int) -> tuple[int, int]:
    """What `project_name` sorts by, for callers who name projects differently (tests, bench)."""
    return (cost_cents, option_id)


def _validate_ballots(ballots: Sequence[BallotInput], options: Mapping[int, OptionInput]) -> bool:
    """True when the ballots are points ballots ("verdelen")."""
    forms = {b.is_points for b in ballots}
    if len(forms) > 1:
        raise DomainError("mixed_ballots")
    for ballot in ballots:
        named = ballot.points.keys() if ballot.points is not None else ballot.approved
        for option_id in named:
            if option_id not in options:
                raise DomainError("unknown_option", option_id=option_id)
        if ballot.points is not None and any(
                not isinstance(p, int) or p < 0 for p in ballot.points.values()):
            raise DomainError("invalid_ballot")
    return forms == {True}


def _cents(amount) -> int:
    """Rounded to the cent, half to even; `amount` a Fraction or one of pabutools' rationals."""
    return round(Fraction(int(amount.numerator), int(amount.denominator)))


def _nl(cents: int) -> str:
    return format_euros(cents, locale="nl_NL")


def _en(cents: int) -> str:
    return format_euros(cents, locale="en_GB")


def _ordinal_nl(n: int) -> str:
    return f"{n}e"


def _ordinal_en(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _amounts(shares: Sequence, fmt: Callable[[int], str], *, each: str, between: str) -> str:
    low, high = _cents(min(shares)), _cents(max(shares))
    if low == high:
        return f"{fmt(low)} {each}"
    return between.format(low=fmt(low), high=fmt(high))


def _mes_shared(shares: Sequence, *, points_form: bool) -> Explanation:
    """`shares`: what each paying supporter paid, exactly (Fractions or pabutools' rationals)."""
    n = len(shares)
    nl_amount = _amounts(shares, _nl, each="per persoon", between="tussen {low} en {high} per persoon")
    en_amount = _amounts(shares, _en, each="each", between="between {low} and {high} each")
    nl_why = " (naar verhouding van hun punten)" if points_form else ""
    en_why = " (in proportion to their points)" if points_form else ""
    if n == 1:
        return Explanation(
            nl=f"Gefinancierd met gelijke delen: de enige voorstander betaalt het uit eigen deel: {_nl(_cents(shares[0]))}.",
            en=f"Funded by equal shares: its only supporter pays it from their own share: {_en(_cents(shares[0]))}.")
    return Explanation(
        nl=f"Gefinancierd met gelijke delen: {n} voorstanders delen de kosten, {nl_amount}{nl_why}.",
        en=f"Funded by equal shares: {n} supporters share the cost, {en_amount}{en_why}.")


def _free_option() -> Explanation:
    return Explanation(nl="Gefinancierd: kost niets en heeft voorstanders.",
                       en="Funded: costs nothing and has supporters.")


def _mes_completed(supporters: int, cost: int) -> Explanation:
    return Explanation(
        nl=f"Gefinancierd bij het aanvullen: na de gelijke delen was er nog geld over, en deze optie "
           f"({supporters} {'voorstander' if supporters == 1 else 'voorstanders'}, {_nl(cost)}) paste er nog in.",
        en=f"Funded when topping up: after the equal shares money was left, and this option "
           f"({supporters} {'supporter' if supporters == 1 else 'supporters'}, {_en(cost)}) still fitted.")


def _greedy_reason(*, rank: int, of: int, support: Explanation, left_at_turn: int, cost: int,
                   funded: bool, points_form: bool) -> Explanation:
    nl_by = "punten per euro" if points_form else "aantal stemmen"
    en_by = "points per euro" if points_form else "number of votes"
    nl_head = f"{_ordinal_nl(rank)} van {of} op {nl_by} ({support.nl}, kost {_nl(cost)}); "
    en_head = f"{_ordinal_en(rank)} of {of} by {en_by} ({support.en}, costs {_en(cost)}); "
    if funded:
        return Explanation(nl=nl_head + f"toen het aan de beurt was, was er nog {_nl(left_at_turn)} over: gefinancierd.",
                           en=en_head + f"when its turn came, {_en(left_at_turn)} was left: funded.")
    return Explanation(
        nl=nl_head + f"niet gefinancierd: te duur voor wat er nog over was: {_nl(left_at_turn)} over, kost {_nl(cost)}.",
        en=en_head + f"not funded: too expensive for what was left: {_en(left_at_turn)} left, costs {_en(cost)}.")


def _phragmen_picked(position: int, supporters: int, cost: int) -> Explanation:
    return Explanation(
        nl=f"Gefinancierd als {_ordinal_nl(position)} gekozen optie: de {supporters} "
           f"{'voorstander had' if supporters == 1 else 'voorstanders hadden samen'} als eerste "
           f"genoeg gespaard voor {_nl(cost)}, terwijl de lasten zo gelijk mogelijk verdeeld bleven.",
        en=f"Funded as the {_ordinal_en(position)} option picked: its {supporters} "
           f"{'supporter was' if supporters == 1 else 'supporters were'} the first to have saved up "
           f"{_en(cost)} together, keeping everyone's load as even as possible.")


def _with_points_note(explanation: Explanation) -> Explanation:
    return Explanation(
        nl=explanation.nl + " (Phragmén kent alleen kiezen: elke optie met meer dan 0 punten telt als gekozen.)",
        en=explanation.en + " (Phragmén only knows approval: every option with more than 0 points counts as chosen.)")
