"""Plain dicts of Verdelen and Besluiten: the ballot tally and the consensus rounds."""
import functools
import json
from typing import Any

from sqlalchemy import Integer, String, bindparam, cast, literal, null, true, union_all
from sqlalchemy.dialects.postgresql import JSONB
from sqlmodel import Session, func, select

from .ballots import POINTS_PER_BALLOT, Ballot, BallotRound
from .clusters import Option
from .consensus import ConsensusRound, ConsensusSignal, Decision
from .frame import BallotForm


# -- ballots --------------------------------------------------------------------

def option_costs(session: Session, table_id: int) -> dict[int, int]:
    """Option id -> cost in cents, for the options of one table."""
    return dict(session.execute(_OPTION_COSTS, {"table_id": table_id}).all())


# Read with every ballot: built once, as building it costs more than running it.
_OPTION_COSTS = select(Option.id, Option.cost_cents).where(Option.table_id == bindparam("table_id"))


def latest_ballot_round(session: Session, table_id: int) -> BallotRound | None:
    return session.exec(select(BallotRound).where(BallotRound.table_id == table_id)
                        .order_by(BallotRound.number.desc())).first()


def current_ballot_round(session: Session, table_id: int) -> BallotRound | None:
    return session.exec(select(BallotRound).where(BallotRound.table_id == table_id,
                                                  BallotRound.closed_at.is_(None))).first()


def ballot_tally(session: Session, table_id: int, *, ballot_round: BallotRound | None = None,
                 costs: dict[int, int] | None = None) -> dict[str, Any] | None:
    """The latest round: turnout and, per option, how many chose it (kiezen) or how
    many points it got (verdelen). Counts only: who voted how is never sent.

    A caller that has the latest round and the option costs loaded passes them. The
    database counts and sums the ballots, so a ballot costs the same in a round of
    300 as in a round of 3."""
    if ballot_round is None:
        ballot_round = latest_ballot_round(session, table_id)
    if ballot_round is None:
        return None
    if costs is None:
        costs = option_costs(session, table_id)
    # Whether the round is open is read afresh with the counts: it may have closed
    # since the caller loaded it.
    closed_at, results, turnout, paper = session.exec(_ROUND_COUNTS, params={"round_id": ballot_round.id}).one()
    return tally_view(ballot_round, closed_at=closed_at, results=results, turnout=turnout, paper=paper,
                      aggregate=ballot_support(session, ballot_round), costs=costs)


def tally_view(ballot_round: BallotRound, *, closed_at, results: str | None, turnout: int, paper: int,
               aggregate: dict[str, int], costs: dict[int, int]) -> dict[str, Any]:
    """`ballot_tally`'s dict from what was read: by an event, or by a snapshot in its own few statements."""
    return {
        "number": ballot_round.number,
        "ballot_form": ballot_round.ballot_form,
        "budget_cents": ballot_round.budget_cents,
        "points_per_ballot": POINTS_PER_BALLOT,
        "open": closed_at is None,
        "turnout": turnout,
        "paper": paper,
        "aggregate": aggregate,
        "ranked": ranked_against_budget(aggregate, costs, ballot_round.budget_cents),
        "results": json.loads(results) if results else None,
    }


def ballot_support(session: Session, ballot_round: BallotRound) -> dict[str, int]:
    """Option id (a string, as on the wire) -> ballots choosing it (kiezen) or points
    given to it (verdelen), in the order of the ids; counted by the database."""
    postgres = session.get_bind().dialect.name == "postgresql"
    # A round's ballots all have the round's form: {"approved": [ids]} or {"points": {id: points}}.
    rows = session.exec(_support_per_option(postgres, ballot_round.ballot_form == BallotForm.KIEZEN.value),
                        params={"round_id": ballot_round.id}).all()
    return support_view(rows)


def support_view(rows) -> dict[str, int]:
    """(option id, total) rows, in any order, as `ballot_support` answers."""
    return {str(option_id): int(total) for option_id, total in sorted(rows, key=lambda row: int(row[0]))}


# Built once: a ballot reads these on every cast, and building a query costs more than running it.
_ROUND_COUNTS = (
    select(BallotRound.closed_at, BallotRound.results, func.count(Ballot.id), func.count(Ballot.paper_label))
    .select_from(BallotRound).outerjoin(Ballot, Ballot.round_id == BallotRound.id)
    .where(BallotRound.id == bindparam("round_id"))
    .group_by(BallotRound.id, BallotRound.closed_at, BallotRound.results))


@functools.cache
def _support_per_option(postgres: bool, kiezen: bool, round_param: str = "round_id", *, labelled: bool = False):
    """(option id, ballots approving it (kiezen) or points given to it (verdelen)) per
    option, summed by the database from each ballot's JSON (`Ballot.content`).
    `labelled`: each row starts with "support" and has the option id as text, to be one
    part of a snapshot's union of tallies."""
    if kiezen:
        elements = (func.jsonb_array_elements_text(cast(Ballot.content, JSONB)["approved"]) if postgres
                    else func.json_each(Ballot.content, "$.approved")).table_valued("value")
        option, amount = elements.c.value, func.count()
    else:
        elements = (func.jsonb_each_text(cast(Ballot.content, JSONB)["points"]) if postgres
                    else func.json_each(Ballot.content, "$.points")).table_valued("key", "value")
        option, amount = elements.c.key, func.sum(cast(elements.c.value, Integer))
    columns = ((literal("support"), cast(option, String), amount, cast(null(), String)) if labelled
               else (option, amount))
    return (select(*columns).select_from(Ballot).join(elements, true())
            .where(Ballot.round_id == bindparam(round_param)).group_by(option))


def ranked_against_budget(aggregate: dict[str, int], costs: dict[int, int], budget_cents: int) -> list[dict]:
    """The options by support (ties: lower cost, then lower id), each marked whether it
    still fits the budget counting from the top, as a greedy count would go. A live
    indication while voting; the rules' outcomes come when the round closes."""
    def support(option_id: int) -> int:
        return aggregate.get(str(option_id), 0)

    ranked, spent = [], 0
    for option_id in sorted(costs, key=lambda i: (-support(i), costs[i], i)):
        fits = spent + costs[option_id] <= budget_cents
        spent += costs[option_id] if fits else 0
        ranked.append({"option_id": option_id, "support": support(option_id), "fits": fits})
    return ranked


# -- consensus and decision ----------------------------------------------------------

def current_consensus_round(session: Session, table_id: int) -> ConsensusRound | None:
    return session.exec(select(ConsensusRound).where(ConsensusRound.table_id == table_id,
                                                     ConsensusRound.closed_at.is_(None))).first()


def consensus_view(session: Session, table_id: int) -> dict[str, Any]:
    """The latest round with its anonymous tally and the reasons given (never who gave
    them), how many rounds there were, and the recorded decision."""
    rounds = session.execute(_ROUNDS, {"table_id": table_id}).scalars().all()
    last = rounds[-1] if rounds else None
    counts, reasons, paper = _signals_of(session, last.id) if last else ({}, [], 0)
    decision = session.get(Decision, table_id)
    return consensus_dict(
        round_count=len(rounds), last=last, counts=counts, reasons=reasons, paper=paper, decision=decision,
        decision_round_number=None if decision is None else next(
            (r.number for r in rounds if r.id == decision.consensus_round_id), None))


def consensus_dict(*, round_count: int, last: ConsensusRound | None, counts: dict[int, int],
                   reasons: list[tuple[int, str]], paper: int, decision: Decision | None,
                   decision_round_number: int | None) -> dict[str, Any]:
    """`consensus_view`'s dict from what was read: by an event, or by a snapshot in its own few statements."""
    latest = None if last is None else {
        "number": last.number, "option_ids": json.loads(last.option_ids), "based_on_rule": last.based_on_rule,
        "total_cost_cents": last.total_cost_cents, "consensus_rule": last.consensus_rule,
        "open": last.closed_at is None, "outcome": last.outcome,
        "tally": {str(level): counts.get(level, 0) for level in range(1, 6)},
        "objections": sorted(reason for level, reason in reasons if level == 5 and reason),
        "notes": sorted(reason for level, reason in reasons if level < 5 and reason),
        "paper": paper,
    }
    return {"consensus": {
        "rounds": round_count,
        "latest": latest,
        "decision": None if decision is None else {
            "outcome": decision.outcome, "computed_outcome": decision.computed_outcome,
            "override_reason": decision.override_reason, "option_ids": json.loads(decision.option_ids),
            "total_cost_cents": decision.total_cost_cents, "round_number": decision_round_number},
    }}


def _signals_of(session: Session, round_id: int) -> tuple[dict[int, int], list[tuple[int, str]], int]:
    return read_signal_rows(session.execute(_SIGNALS, {"round_id": round_id}).all())


def signal_parts(round_param: str = "round_id", *, model=ConsensusSignal,
                 labels: tuple[str, str, str] = ("count", "reason", "paper")):
    """The three selects of a round's signals, as rows (label, level as text, amount,
    reason): per level how many gave it, the signals with a reason, and how many came from
    paper. Parts of one union, read back by `read_signal_rows`. `model`: the signals of a
    proposal (ConsensusSignal) or of the frame (FrameSignal), which have the same columns."""
    of_round = model.round_id == bindparam(round_param)
    level = cast(model.level, String)
    counted = (select(literal(labels[0]), level, func.count(), cast(null(), String))
               .where(of_round).group_by(model.level))
    with_reason = select(literal(labels[1]), level, literal(0), model.reason).where(of_round, model.reason.is_not(None))
    paper = select(literal(labels[2]), cast(literal(0), String), func.count(model.paper_label),
                   cast(null(), String)).where(of_round)
    return counted, with_reason, paper


def read_signal_rows(rows) -> tuple[dict[int, int], list[tuple[int, str]], int]:
    """(level -> how many gave it, [(level, reason)], how many on paper) from the labelled
    rows of `signal_parts`: the counts come from the database, only the reasons one by one."""
    counts, reasons, paper = {}, [], 0
    for kind, level, amount, reason in rows:
        if kind == "paper":
            paper = int(amount)
        elif kind == "reason":
            reasons.append((int(level), reason))
        else:
            counts[int(level)] = int(amount)
    return counts, reasons, paper


# Built once, as the statements below: every signal a phone gives reads them.
# populate_existing: a round this session loaded earlier may have closed since.
_ROUNDS = (select(ConsensusRound).where(ConsensusRound.table_id == bindparam("table_id"))
           .order_by(ConsensusRound.number).execution_options(populate_existing=True))
_SIGNALS = union_all(*signal_parts())
