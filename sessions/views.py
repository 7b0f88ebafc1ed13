"""Plain dicts for the wire and the pages, built inside a unit of work."""
import json
from datetime import datetime
from typing import Any

from sqlmodel import Session, func, select

from .arguments import Argument, Reaction, ReactionValue
from .ballots import POINTS_PER_BALLOT, Ballot, BallotRound
from .clusters import Cluster, Option
from .consensus import ConsensusRound, ConsensusSignal, Decision
from .frame import TableFrame, frame_view
from .models import BudgetRound, DeliberationTable, Participant
from .phases import PHASE_ORDER


def timer_view(table: DeliberationTable, now: datetime) -> dict[str, Any]:
    return {
        "duration_s": table.timer_duration_s,
        "remaining_ms": table.timer_remaining_ms(now),
        "running": table.timer_running,
    }


def participant_view(participant: Participant, number: int) -> dict[str, Any]:
    """`number` counts from 1 within the table: "Participant 3" for someone without a name."""
    return {"id": participant.id, "number": number, "display_name": participant.display_name}


def participant_number(session: Session, participant: Participant) -> int:
    return session.exec(
        select(func.count()).select_from(Participant)
        .where(Participant.table_id == participant.table_id, Participant.id <= participant.id)
    ).one()


def participant_count(session: Session, table_id: int) -> int:
    return session.exec(
        select(func.count()).select_from(Participant).where(Participant.table_id == table_id)
    ).one()


def round_view(budget_round: BudgetRound) -> dict[str, Any]:
    return {
        "id": budget_round.id,
        "name": budget_round.name,
        "neighbourhood": budget_round.neighbourhood,
        "budget_cents": budget_round.budget_cents,
        "starts_on": budget_round.starts_on.isoformat(),
        "ends_on": budget_round.ends_on.isoformat(),
        "retention_until": budget_round.retention_until.isoformat() if budget_round.retention_until else None,
        "erased_at": budget_round.erased_at.isoformat(timespec="seconds") if budget_round.erased_at else None,
    }


def table_summary(table: DeliberationTable) -> dict[str, Any]:
    """What the organiser's pages show of a table, secrets included."""
    return {
        "id": table.id,
        "round_id": table.round_id,
        "title": table.title,
        "place": table.place,
        "starts_at": table.starts_at.isoformat(timespec="minutes"),
        "join_code": table.join_code,
        "facilitator_token": table.facilitator_token,
        "wall_token": table.wall_token,
        "phase": table.phase,
        "facilitator_name": table.facilitator_name,
        "closed": table.closed_at is not None,
    }


def table_snapshot(
    session: Session, table: DeliberationTable, budget_round: BudgetRound, *, now: datetime,
    for_console: bool, participant: Participant | None = None,
) -> dict[str, Any]:
    """Everything a client needs to draw its screen from nothing."""
    snapshot: dict[str, Any] = {
        "table_id": table.id,
        "seq": table.seq,
        "title": table.title,
        "place": table.place,
        "starts_at": table.starts_at.isoformat(timespec="minutes"),
        "join_code": table.join_code,
        "round": round_view(budget_round),
        "phase": table.phase,
        "phases": [phase.value for phase in PHASE_ORDER],
        "timer": timer_view(table, now),
        "participant_count": participant_count(session, table.id),
        "input_open": table.input_open,
        "closed": table.closed_at is not None,
        "arguments": table_arguments(session, table.id, for_console=for_console, participant=participant),
        "frame": frame_view(session.get(TableFrame, table.id)),
        "ballots": ballot_tally(session, table.id),
        **consensus_view(session, table.id),
        **cluster_layout(session, table.id),
        **option_list(session, table.id),
    }
    if for_console:
        participants = session.exec(
            select(Participant).where(Participant.table_id == table.id).order_by(Participant.id)
        ).all()
        snapshot["participants"] = [participant_view(p, n) for n, p in enumerate(participants, start=1)]
    if participant is not None:
        snapshot["me"] = {**participant_view(participant, participant_number(session, participant)),
                          "reactions": my_reactions(session, participant),
                          "ballot": my_ballot(session, table.id, participant.id),
                          "signal": my_signal(session, table.id, participant.id)}
    return snapshot


# -- arguments -----------------------------------------------------------------

def _zero_reactions() -> dict[str, int]:
    return {value.value: 0 for value in ReactionValue}


def reaction_counts(session: Session, table_id: int, argument_id: int | None = None) -> dict[int, dict[str, int]]:
    query = (select(Reaction.argument_id, Reaction.value, func.count())
             .join(Argument, Argument.id == Reaction.argument_id)
             .where(Argument.table_id == table_id).group_by(Reaction.argument_id, Reaction.value))
    if argument_id is not None:
        query = query.where(Reaction.argument_id == argument_id)
    counts: dict[int, dict[str, int]] = {}
    for arg_id, value, count in session.exec(query).all():
        counts.setdefault(arg_id, _zero_reactions())[value] = count
    return counts


def merged_counts(session: Session, table_id: int) -> dict[int, int]:
    rows = session.exec(select(Argument.merged_into_id, func.count())
                        .where(Argument.table_id == table_id, Argument.merged_into_id.is_not(None))
                        .group_by(Argument.merged_into_id)).all()
    return dict(rows)


def argument_view(argument: Argument, *, reactions: dict[str, int] | None, merged: int, for_console: bool,
                  author: dict | None = None) -> dict[str, Any]:
    """Phones and the wall see only visible arguments, without who wrote them; the
    console sees everything, hidden ones and their reasons included."""
    if not for_console and not argument.visible:
        return {"id": argument.id, "visible": False}
    view = {
        "id": argument.id,
        "client_id": argument.client_id,
        "stance": argument.stance,
        "text": argument.text,
        "via_facilitator": argument.via_facilitator,
        "pinned": argument.pinned,
        "visible": argument.visible,
        "supporters": 1 + merged,
        "reactions": reactions or _zero_reactions(),
    }
    if for_console:
        view.update(hidden_reason=argument.hidden_reason, withdrawn=argument.withdrawn,
                    merged_into_id=argument.merged_into_id, author=author)
    return view


def _author(session: Session, argument: Argument) -> dict | None:
    if argument.participant_id is None:
        return None
    participant = session.get(Participant, argument.participant_id)
    return participant_view(participant, participant_number(session, participant))


def argument_views(session: Session, argument: Argument) -> tuple[dict, dict]:
    """(public view, console view) of one argument, for an event."""
    reactions = reaction_counts(session, argument.table_id, argument.id).get(argument.id)
    merged = session.exec(select(func.count()).select_from(Argument)
                          .where(Argument.merged_into_id == argument.id)).one()
    common = {"reactions": reactions, "merged": merged}
    return (argument_view(argument, for_console=False, **common),
            argument_view(argument, for_console=True, author=_author(session, argument), **common))


def table_arguments(session: Session, table_id: int, *, for_console: bool,
                    participant: Participant | None = None) -> list[dict[str, Any]]:
    arguments = session.exec(select(Argument).where(Argument.table_id == table_id).order_by(Argument.id)).all()
    reactions = reaction_counts(session, table_id)
    merged = merged_counts(session, table_id)
    views = []
    for argument in arguments:
        if not for_console and not argument.visible:
            continue
        view = argument_view(argument, reactions=reactions.get(argument.id), merged=merged.get(argument.id, 0),
                             for_console=for_console, author=_author(session, argument) if for_console else None)
        if participant is not None:
            view["mine"] = argument.participant_id == participant.id
        views.append(view)
    return views


def my_reactions(session: Session, participant: Participant) -> dict[str, str]:
    rows = session.exec(select(Reaction.argument_id, Reaction.value)
                        .where(Reaction.participant_id == participant.id)).all()
    return {str(argument_id): value for argument_id, value in rows}


# -- clusters and options ---------------------------------------------------------

def cluster_layout(session: Session, table_id: int) -> dict[str, Any]:
    clusters = session.exec(select(Cluster).where(Cluster.table_id == table_id)
                            .order_by(Cluster.position, Cluster.id)).all()
    members: dict[int, list[int]] = {}
    for argument_id, cluster_id in session.exec(
            select(Argument.id, Argument.cluster_id).where(Argument.table_id == table_id,
                                                           Argument.cluster_id.is_not(None))
            .order_by(Argument.id)).all():
        members.setdefault(cluster_id, []).append(argument_id)
    return {"clusters": [{"id": c.id, "name": c.name, "position": c.position,
                          "argument_ids": members.get(c.id, [])} for c in clusters]}


def option_list(session: Session, table_id: int) -> dict[str, Any]:
    options = session.exec(select(Option).where(Option.table_id == table_id).order_by(Option.id)).all()
    return {
        "options": [{"id": o.id, "cluster_id": o.cluster_id, "title": o.title, "description": o.description,
                     "cost_cents": o.cost_cents, "carried_by": o.carried_by} for o in options],
        "total_cost_cents": sum(o.cost_cents for o in options),
    }


# -- ballots --------------------------------------------------------------------

def option_costs(session: Session, table_id: int) -> dict[int, int]:
    """Option id -> cost in cents, for the options of one table."""
    return dict(session.exec(select(Option.id, Option.cost_cents).where(Option.table_id == table_id)).all())


def latest_ballot_round(session: Session, table_id: int) -> BallotRound | None:
    return session.exec(select(BallotRound).where(BallotRound.table_id == table_id)
                        .order_by(BallotRound.number.desc())).first()


def current_ballot_round(session: Session, table_id: int) -> BallotRound | None:
    return session.exec(select(BallotRound).where(BallotRound.table_id == table_id,
                                                  BallotRound.closed_at.is_(None))).first()


def ballot_tally(session: Session, table_id: int) -> dict[str, Any] | None:
    """The latest round: turnout and, per option, how many chose it (kiezen) or how
    many points it got (verdelen). Counts only: who voted how is never sent."""
    ballot_round = latest_ballot_round(session, table_id)
    if ballot_round is None:
        return None
    aggregate: dict[str, int] = {}
    ballots = session.exec(select(Ballot.content, Ballot.paper_label).where(Ballot.round_id == ballot_round.id)).all()
    for content, _label in ballots:
        data = json.loads(content)
        for option_id in data.get("approved", []):
            aggregate[str(option_id)] = aggregate.get(str(option_id), 0) + 1
        for option_id, points in data.get("points", {}).items():
            aggregate[option_id] = aggregate.get(option_id, 0) + points
    return {
        "number": ballot_round.number,
        "ballot_form": ballot_round.ballot_form,
        "budget_cents": ballot_round.budget_cents,
        "points_per_ballot": POINTS_PER_BALLOT,
        "open": ballot_round.closed_at is None,
        "turnout": len(ballots),
        "paper": sum(1 for _content, label in ballots if label is not None),
        "aggregate": aggregate,
        "ranked": ranked_against_budget(aggregate, option_costs(session, table_id), ballot_round.budget_cents),
        "results": json.loads(ballot_round.results) if ballot_round.results else None,
    }


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


def my_ballot(session: Session, table_id: int, participant_id: int) -> dict | None:
    row = session.exec(select(Ballot.content).join(BallotRound, BallotRound.id == Ballot.round_id).where(
        BallotRound.table_id == table_id, BallotRound.closed_at.is_(None),
        Ballot.participant_id == participant_id)).first()
    return json.loads(row) if row else None


# -- consensus and decision ----------------------------------------------------------

def current_consensus_round(session: Session, table_id: int) -> ConsensusRound | None:
    return session.exec(select(ConsensusRound).where(ConsensusRound.table_id == table_id,
                                                     ConsensusRound.closed_at.is_(None))).first()


def consensus_view(session: Session, table_id: int) -> dict[str, Any]:
    """The latest round with its anonymous tally and the reasons given (never who gave
    them), how many rounds there were, and the recorded decision."""
    rounds = session.exec(select(ConsensusRound).where(ConsensusRound.table_id == table_id)
                          .order_by(ConsensusRound.number)).all()
    latest = None
    if rounds:
        last = rounds[-1]
        signals = session.exec(select(ConsensusSignal.level, ConsensusSignal.reason)
                               .where(ConsensusSignal.round_id == last.id)).all()
        latest = {
            "number": last.number, "option_ids": json.loads(last.option_ids), "based_on_rule": last.based_on_rule,
            "total_cost_cents": last.total_cost_cents, "consensus_rule": last.consensus_rule,
            "open": last.closed_at is None, "outcome": last.outcome,
            "tally": {str(level): sum(1 for s, _ in signals if s == level) for level in range(1, 6)},
            "objections": sorted(reason for level, reason in signals if level == 5 and reason),
            "notes": sorted(reason for level, reason in signals if level < 5 and reason),
        }
    decision = session.get(Decision, table_id)
    return {"consensus": {
        "rounds": len(rounds),
        "latest": latest,
        "decision": None if decision is None else {
            "outcome": decision.outcome, "computed_outcome": decision.computed_outcome,
            "override_reason": decision.override_reason, "option_ids": json.loads(decision.option_ids),
            "total_cost_cents": decision.total_cost_cents, "round_number": next(
                (r.number for r in rounds if r.id == decision.consensus_round_id), None)},
    }}


def my_signal(session: Session, table_id: int, participant_id: int) -> dict | None:
    current = current_consensus_round(session, table_id)
    if current is None:
        return None
    row = session.exec(select(ConsensusSignal).where(ConsensusSignal.round_id == current.id,
                                                     ConsensusSignal.participant_id == participant_id)).first()
    return None if row is None else {"level": row.level, "reason": row.reason}


# -- the organiser's round overview -------------------------------------------------

def table_progress(session: Session, table: DeliberationTable) -> dict[str, Any]:
    """How far a table is, for the organiser's live overview of a round."""
    arguments = session.exec(select(Argument).where(Argument.table_id == table.id)).all()
    costs = option_costs(session, table.id)
    decision = session.get(Decision, table.id)
    return {
        "participant_count": participant_count(session, table.id),
        "argument_count": sum(1 for a in arguments if a.visible),
        "option_count": len(costs),
        "options_total_cents": sum(costs.values()),
        "closed": table.closed_at is not None,
        "decision": None if decision is None else {
            "outcome": decision.outcome, "total_cost_cents": decision.total_cost_cents,
            "option_ids": json.loads(decision.option_ids),
            "option_titles": [session.get(Option, i).title for i in json.loads(decision.option_ids)
                              if session.get(Option, i) is not None]},
    }
