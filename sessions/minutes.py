"""The minutes of a table and of a round: one plain record, built from the database
inside a unit of work, that every format is rendered from (facilitator/minutes_render.py).

The record carries data, not wording: phase names, stances and outcomes stay codes,
so the renderers can write it in Dutch or English. Participants are numbers
("Deelnemer 3") unless the organiser asks for display names. Only what the table saw
is in it: hidden, withdrawn and merged arguments are left out (a merged one counts as
a supporter of the argument it went into), and so is one still waiting for the
facilitator's approval when the table ended: the table never saw it, as a hidden one, and consensus signals are never linked to
a person. Its shape is documented in docs/MINUTES.md.
"""
import json
from datetime import datetime
from typing import Any

from sqlmodel import Session, select

from .allocation import BallotInput, OptionInput
from .arguments import Argument
from .ballots import Ballot, BallotRound
from .clusters import Cluster, Option
from .consensus import ConsensusRound, ConsensusSignal, Decision
from . import frame_consent_services
from .frame import TableFrame, frame_view
from .models import BudgetRound, DeliberationTable, Participant, PhaseChange
from .pabulib import write_pb
from .round_frame import Combination, RoundFrame, RoundTableShare, combined_allocation, round_frame_view
from .round_votes import RoundBallot, RoundOptionSource
from . import round_vote_services
from .table_access import get_table, owned_round, owned_table
from .unit_of_work import UnitOfWork
from . import deciding_views, views

SCHEMA = "buurttafel-minutes/1"


def table_minutes(uow: UnitOfWork, *, table_id: int, organiser_id: int | None = None,
                  with_names: bool = False, author_numbers: bool = True, now: datetime) -> dict[str, Any]:
    """The minutes of one table. With `organiser_id`, only that organiser's table is found.
    Without `author_numbers` (the wall's copy, shown to the room) no argument says whose it is."""
    with uow:
        table = owned_table(uow, organiser_id, table_id) if organiser_id is not None else get_table(uow, table_id)
        budget_round = uow.session.get(BudgetRound, table.round_id)
        round_frame, shares = _round_frame_and_shares(uow.session, budget_round.id)
        return {"schema": SCHEMA, "generated_at": _iso(now), **_table_record(
            uow.session, table, budget_round, round_frame, shares.get(table.id), with_names=with_names,
            author_numbers=author_numbers)}


def round_minutes(uow: UnitOfWork, *, round_id: int, organiser_id: int, with_names: bool = False,
                  now: datetime) -> dict[str, Any]:
    """The minutes of every table of a round, the round's own frame, how the tables' work
    was combined, and the round's one allocation (never above the round budget)."""
    with uow:
        budget_round = owned_round(uow, organiser_id, round_id)
        tables = uow.session.exec(select(DeliberationTable).where(DeliberationTable.round_id == round_id)
                                  .order_by(DeliberationTable.starts_at, DeliberationTable.id)).all()
        round_frame, shares = _round_frame_and_shares(uow.session, round_id)
        records = [_table_record(uow.session, t, budget_round, round_frame, shares.get(t.id), with_names=with_names)
                   for t in tables]
        round_record = views.round_view(budget_round)
        frame = round_frame_view(round_frame, round_budget_cents=budget_round.budget_cents)
        joint_vote = _joint_vote(uow.session, round_id) if frame["combination"] == Combination.PLENARY.value else None
    decided = [r for r in records if r["decision"] is not None]
    combination = combined_allocation(combination=frame["combination"], round_budget_cents=round_record["budget_cents"],
                                      decisions=[{"table_id": r["table"]["id"], **r["decision"]} for r in decided])
    if joint_vote is not None and joint_vote["decision"] is not None:
        # The joint vote decided the round: its recorded decision is the round's allocation.
        total = joint_vote["decision"]["total_cost_cents"]
        combination.update(total_cents=total, left_cents=round_record["budget_cents"] - total, combined=True)
    decided_total = sum(r["decision"]["total_cost_cents"] for r in decided)
    return {
        "schema": SCHEMA,
        "generated_at": _iso(now),
        "round": round_record,
        "round_frame": frame,
        # Each table's budget (its share under table budgets) and what it decided, then
        # the round's one allocation from them (round_frame.combined_allocation).
        "combination": {
            "tables": [{"table_id": r["table"]["id"], "budget_cents": r["round"]["budget_cents"],
                        "share_cents": shares.get(r["table"]["id"]),
                        "decided_cents": r["decision"]["total_cost_cents"] if r["decision"] else None}
                       for r in records],
            **combination,
        },
        "joint_vote": joint_vote,
        "draft": any(r["draft"] for r in records) or not records,
        "summary": {
            "tables": len(records),
            "tables_decided": len(decided),
            "participants": sum(r["participants"]["count"] for r in records),
            "decided_total_cents": decided_total,
            "budget_cents": round_record["budget_cents"],
            "left_cents": round_record["budget_cents"] - decided_total,
        },
        "tables": records,
    }


def _joint_vote(session: Session, round_id: int) -> dict[str, Any] | None:
    """The round's joint vote as the minutes keep it: the round options with the table
    options they came from, what was left out and why, the turnout and the tally, the
    outcome under the round's rule with its reasons, and the organiser's decision. Nobody is
    named: paper ballots are only counted."""
    ballot = session.exec(select(RoundBallot).where(RoundBallot.round_id == round_id)).first()
    if ballot is None:
        return None
    view = round_vote_services.public_view(session, ballot)
    titles = {t.id: t.title for t in session.exec(select(DeliberationTable)
                                                  .where(DeliberationTable.round_id == round_id)).all()}
    left_out = session.exec(select(RoundOptionSource).where(RoundOptionSource.round_ballot_id == ballot.id,
                                                            RoundOptionSource.left_out_reason.is_not(None))
                            .order_by(RoundOptionSource.id)).all()
    results = json.loads(ballot.results) if ballot.results else {}
    return {
        "state": view["state"], "ballot_form": view["ballot_form"], "rule": view["rule"],
        "budget_cents": view["budget_cents"], "options": view["options"], "turnout": view["turnout"],
        "tally": view["tally"], "funded_by_rule": view.get("funded"),
        "explanations": results.get(ballot.rule, {}).get("explanations", {}),
        "left_out": [{"table": titles.get(s.table_id, ""), "title": s.title, "cost_cents": s.cost_cents,
                      "reason": s.left_out_reason} for s in left_out],
        "decision": view["decision"], "decided_at": _iso(ballot.decided_at),
    }


def _round_frame_and_shares(session: Session, round_id: int) -> tuple[RoundFrame | None, dict[int, int]]:
    shares = session.exec(select(RoundTableShare).where(RoundTableShare.round_id == round_id)).all()
    return session.get(RoundFrame, round_id), {s.table_id: s.budget_cents for s in shares}


def _table_record(session: Session, table: DeliberationTable, budget_round: BudgetRound,
                  round_frame: RoundFrame | None, share_cents: int | None, *,
                  with_names: bool, author_numbers: bool = True) -> dict[str, Any]:
    """`round` is the round as this table saw it: `budget_cents` the budget it decided
    within (its share under table budgets), `round_budget_cents` the round's."""
    participants = session.exec(select(Participant).where(Participant.table_id == table.id)
                                .order_by(Participant.id)).all()
    number_of = {p.id: n for n, p in enumerate(participants, start=1)}
    options = session.exec(select(Option).where(Option.table_id == table.id).order_by(Option.id)).all()
    return {
        "draft": table.closed_at is None,
        "table": {
            "id": table.id, "title": table.title, "place": table.place, "starts_at": _iso(table.starts_at),
            "facilitator": table.facilitator_name, "phase": table.phase, "closed_at": _iso(table.closed_at),
        },
        "round": views.table_round_view(budget_round, round_frame, share_cents),
        "participants": {
            "count": len(participants),
            "names_shown": with_names,
            "list": [{"number": number_of[p.id], "name": p.display_name if with_names else None}
                     for p in participants],
        },
        # The frame that governed the table (the agreed one, or the draft if none was
        # agreed), and every time it was put to the table.
        "frame": _frame(session, table.id),
        "frame_rounds": frame_consent_services.frame_rounds(session, table.id),
        "options": [{"id": o.id, "title": o.title, "description": o.description, "cost_cents": o.cost_cents,
                     "carried_by": o.carried_by, "cluster_id": o.cluster_id} for o in options],
        "total_cost_cents": sum(o.cost_cents for o in options),
        "groups": _groups(session, table.id, options),
        "arguments": _arguments(session, table.id, options, number_of if author_numbers else {}),
        "ballot_rounds": _ballot_rounds(session, table.id, number_of, with_names=with_names),
        "consensus_rounds": _consensus_rounds(session, table.id),
        "decision": _decision(session, table.id),
        "phases": [{"phase": c.phase, "at": _iso(c.changed_at)} for c in session.exec(
            select(PhaseChange).where(PhaseChange.table_id == table.id).order_by(PhaseChange.id)).all()],
    }


def _frame(session: Session, table_id: int) -> dict[str, Any]:
    draft = session.get(TableFrame, table_id)
    ruling = frame_consent_services.governing_frame(session, table_id)
    agreed = frame_consent_services.agreed_round(session, draft)
    return {**frame_view(draft), **ruling, "agreed_round": None if agreed is None else agreed.number}


def _groups(session: Session, table_id: int, options: list[Option]) -> list[dict[str, Any]]:
    """The groups the facilitator made, in board order, each with the option it became (if any)."""
    option_of_cluster = {o.cluster_id: o.id for o in options if o.cluster_id is not None}
    clusters = session.exec(select(Cluster).where(Cluster.table_id == table_id)
                            .order_by(Cluster.position, Cluster.id)).all()
    return [{"id": c.id, "name": c.name, "option_id": option_of_cluster.get(c.id)} for c in clusters]


def _arguments(session: Session, table_id: int, options: list[Option],
               number_of: dict[int, int]) -> list[dict[str, Any]]:
    option_of_cluster = {o.cluster_id: o.id for o in options if o.cluster_id is not None}
    reactions = views.reaction_counts(session, table_id)
    merged = views.merged_counts(session, table_id)
    arguments = session.exec(select(Argument).where(Argument.table_id == table_id).order_by(Argument.id)).all()
    return [{
        "id": a.id,
        "option_id": option_of_cluster.get(a.cluster_id),
        "group_id": a.cluster_id,
        "stance": a.stance,
        "text": a.text,
        "via_facilitator": a.via_facilitator,
        "participant_number": number_of.get(a.participant_id),
        "pinned": a.pinned,
        "supporters": 1 + merged.get(a.id, 0),
        "reactions": reactions.get(a.id) or views.zero_reactions(),
        "created_at": _iso(a.created_at),
    } for a in arguments if a.visible]


def _ballot_rounds(session: Session, table_id: int, number_of: dict[int, int], *,
                   with_names: bool) -> list[dict[str, Any]]:
    rounds = session.exec(select(BallotRound).where(BallotRound.table_id == table_id)
                          .order_by(BallotRound.number)).all()
    records = []
    for ballot_round in rounds:
        ballots = session.exec(select(Ballot).where(Ballot.round_id == ballot_round.id).order_by(Ballot.id)).all()
        paper_number = 0
        listed, secret = [], []
        for ballot in ballots:
            content = json.loads(ballot.content)
            given = {"approved": content.get("approved"), "points": content.get("points")}
            if ballot.paper_label is not None:
                paper_number += 1
                # A paper label may be a person's name: only shown when names are.
                listed.append({"paper": paper_number, "label": ballot.paper_label if with_names else None, **given})
            elif with_names:
                listed.append({"participant_number": number_of.get(ballot.participant_id), **given})
            else:
                secret.append(given)
        # Anonymous minutes reach the console, which knows which number is whose name:
        # there a ballot is numbered in an order of its content, never of who cast it
        # or when, so no list of who voted what can be rebuilt from it.
        secret.sort(key=lambda given: json.dumps(given, sort_keys=True))
        listed += [{"ballot": number, **given} for number, given in enumerate(secret, start=1)]
        records.append({
            "number": ballot_round.number, "ballot_form": ballot_round.ballot_form,
            "budget_cents": ballot_round.budget_cents, "opened_at": _iso(ballot_round.opened_at),
            "closed_at": _iso(ballot_round.closed_at), "turnout": len(ballots), "paper": paper_number,
            "ballots": listed,
            "support": deciding_views.ballot_support(session, ballot_round),
            "results": json.loads(ballot_round.results) if ballot_round.results else None,
        })
    return records


def _consensus_rounds(session: Session, table_id: int) -> list[dict[str, Any]]:
    rounds = session.exec(select(ConsensusRound).where(ConsensusRound.table_id == table_id)
                          .order_by(ConsensusRound.number)).all()
    records = []
    for consensus_round in rounds:
        signals = session.exec(select(ConsensusSignal.level, ConsensusSignal.reason)
                               .where(ConsensusSignal.round_id == consensus_round.id)
                               .order_by(ConsensusSignal.level, ConsensusSignal.id)).all()
        records.append({
            "number": consensus_round.number, "option_ids": json.loads(consensus_round.option_ids),
            "based_on_rule": consensus_round.based_on_rule, "total_cost_cents": consensus_round.total_cost_cents,
            "consensus_rule": consensus_round.consensus_rule, "opened_at": _iso(consensus_round.opened_at),
            "closed_at": _iso(consensus_round.closed_at), "outcome": consensus_round.outcome,
            "tally": {str(level): sum(1 for s, _ in signals if s == level) for level in range(1, 6)},
            # Never who: only the level and the reason, in a fixed order.
            "signals": [{"level": level, "reason": reason} for level, reason in signals],
        })
    return records


def _decision(session: Session, table_id: int) -> dict[str, Any] | None:
    decision = session.get(Decision, table_id)
    if decision is None:
        return None
    consensus_round = session.get(ConsensusRound, decision.consensus_round_id)
    return {
        "outcome": decision.outcome, "computed_outcome": decision.computed_outcome,
        "override_reason": decision.override_reason, "option_ids": json.loads(decision.option_ids),
        "total_cost_cents": decision.total_cost_cents, "round_number": consensus_round.number,
        "decided_at": _iso(decision.decided_at),
    }


def _iso(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat(timespec="seconds")


def minutes_as_pb(record: dict[str, Any]) -> str:
    """The table's options and its latest ballot round in the Pabulib format."""
    options = [OptionInput(id=o["id"], title=o["title"], cost_cents=o["cost_cents"]) for o in record["options"]]
    latest = record["ballot_rounds"][-1] if record["ballot_rounds"] else None
    ballots = [] if latest is None else [
        BallotInput(approved=frozenset(b["approved"])) if b["approved"] is not None
        else BallotInput(points={int(i): p for i, p in b["points"].items()}) for b in latest["ballots"]]
    return write_pb(description=record["table"]["title"], budget_cents=record["round"]["budget_cents"],
                    options=options, ballots=ballots, extra_meta=_pb_rule(record["frame"]))


# Pabulib's names of the counting rules (its `rule` key).
PB_RULES = {"mes": "equalshares", "greedy": "greedy", "phragmen": "phragmen"}


def _pb_rule(frame: dict[str, Any]) -> dict[str, str]:
    """The rule that decided: the agreed frame's, or the recorded frame's if the table
    agreed none; "unknown" (write_pb's default) when no frame was recorded at all."""
    return {"rule": PB_RULES[frame["rule"]]} if frame["agreed"] or frame["recorded"] else {}
