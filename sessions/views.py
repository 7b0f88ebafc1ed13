"""Plain dicts for the wire and the pages, built inside a unit of work."""
import json
from collections import namedtuple
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, bindparam
from sqlalchemy.orm import aliased
from sqlmodel import Session, func, select

from .arguments import Argument, ArgumentMerge, Reaction, ReactionValue
from .clusters import Cluster, Option
from .consensus import Decision
from .models import BudgetRound, DeliberationTable, Participant
from .prepared import Prepared
from .round_frame import RoundFrame, round_frame_view, table_budget_cents


def timer_view(table: DeliberationTable, now: datetime) -> dict[str, Any]:
    return {
        "duration_s": table.timer_duration_s,
        "remaining_ms": table.timer_remaining_ms(now),
        "running": table.timer_running,
    }


def participant_view(participant: Participant, number: int) -> dict[str, Any]:
    """`number` counts from 1 within the table: "Participant 3" for someone without a name.
    `participant` may also be a row with its id and display_name."""
    return {"id": participant.id, "number": number, "display_name": participant.display_name}


def _connection_of(session: Session | Connection) -> Connection:
    return session.connection() if isinstance(session, Session) else session


def participant_number(session: Session, participant: Participant) -> int:
    return session.exec(
        select(func.count()).select_from(Participant)
        .where(Participant.table_id == participant.table_id, Participant.id <= participant.id)
    ).one()


def participant_with_number(session: Session | Connection, participant_id: int) -> dict[str, Any] | None:
    """`participant_view` of one participant, its id, name and number read in one query.
    It loads no ORM object, so it is a Prepared statement on the connection, as a
    reaction's statements are: every new argument reads it."""
    row = _PARTICIPANT_WITH_NUMBER.first(_connection_of(session), {"participant_id": participant_id})
    return None if row is None else participant_view(_Seat(*row[:2]), row[2])


def _participant_with_number_query():
    earlier = aliased(Participant)
    number = (select(func.count()).select_from(earlier)
              .where(earlier.table_id == Participant.table_id, earlier.id <= Participant.id).scalar_subquery())
    return (select(Participant.id, Participant.display_name, number.label("number"))
            .where(Participant.id == bindparam("participant_id")))


# Built once: every argument a phone sends reads it, and building it costs more than running it.
_PARTICIPANT_WITH_NUMBER = Prepared(_participant_with_number_query())
_Seat = namedtuple("_Seat", "id display_name")


def participant_numbers(session: Session | Connection, table_id: int) -> dict[int, dict[str, Any]]:
    """Participant id -> `participant_view`, for everybody at the table at once."""
    participants = _connection_of(session).execute(_PARTICIPANT_NAMES, {"table_id": table_id}).all()
    return {p.id: participant_view(p, n) for n, p in enumerate(participants, start=1)}


# Plain rows of what participant_view shows: a console's snapshot names everybody at the table.
_PARTICIPANT_NAMES = (select(Participant.__table__.c.id, Participant.__table__.c.display_name)
                      .where(Participant.__table__.c.table_id == bindparam("table_id"))
                      .order_by(Participant.__table__.c.id))


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


def table_round_view(budget_round: BudgetRound, round_frame: "RoundFrame | None",
                     share_cents: int | None) -> dict[str, Any]:
    """The round as one table sees it: `budget_cents` is the budget this table decides
    within (its share under table budgets, see round_frame.table_budget_cents), so every
    bar, check and "fits no more" of the table's pages follows it; `round_budget_cents`
    is the whole round's, and `frame` the round's frame, read-only at the table."""
    frame = round_frame_view(round_frame, round_budget_cents=budget_round.budget_cents, share_cents=share_cents)
    return {**round_view(budget_round), "budget_cents": table_budget_cents(
        round_budget_cents=budget_round.budget_cents, combination=frame["combination"], share_cents=share_cents),
        "round_budget_cents": budget_round.budget_cents, "frame": frame}


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
        "phase_timers": table.phase_timers(),
        "join_qr_shown": table.join_qr_shown,
    }


# -- arguments -----------------------------------------------------------------

_REACTION_VALUES = tuple(value.value for value in ReactionValue)


def zero_reactions() -> dict[str, int]:
    return dict.fromkeys(_REACTION_VALUES, 0)


_REACTION_COUNTS = (select(Reaction.argument_id, Reaction.value, func.count())
                    .join(Argument, Argument.id == Reaction.argument_id)
                    .where(Argument.table_id == bindparam("table_id")).group_by(Reaction.argument_id, Reaction.value))
# One argument's counts, after every reaction: built once, as building it costs more than running it.
_ONE_ARGUMENTS_REACTION_COUNTS = Prepared(_REACTION_COUNTS.where(Reaction.argument_id == bindparam("argument_id")))


def reaction_counts(session: Session | Connection, table_id: int,
                    argument_id: int | None = None) -> dict[int, dict[str, int]]:
    """Argument id -> its counts per reaction value. Its statements load no ORM object, so a
    hot path may pass its unit of work's connection; one argument's counts, read after
    every reaction, run on the driver's cursor (prepared.py)."""
    if argument_id is None:
        rows = session.execute(_REACTION_COUNTS, {"table_id": table_id})
    else:
        rows = _ONE_ARGUMENTS_REACTION_COUNTS.rows(_connection_of(session), {"table_id": table_id,
                                                                          "argument_id": argument_id})
    counts: dict[int, dict[str, int]] = {}
    for arg_id, value, count in rows:
        counts.setdefault(arg_id, zero_reactions())[value] = count
    return counts


def merged_counts(session: Session, table_id: int) -> dict[int, int]:
    rows = session.exec(select(Argument.merged_into_id, func.count())
                        .where(Argument.table_id == table_id, Argument.merged_into_id.is_not(None))
                        .group_by(Argument.merged_into_id)).all()
    return dict(rows)


def argument_view(argument: Argument, *, reactions: dict[str, int] | None, merged: int, for_console: bool,
                  author: dict | None = None, merge_undoable: bool = False) -> dict[str, Any]:
    """Phones and the wall see only visible arguments, without who wrote them; the
    console sees everything, hidden ones and their reasons included."""
    if not for_console and not argument.visible:
        return {"id": argument.id, "visible": False}
    view = _argument_body(argument, reactions=reactions, merged=merged)
    if for_console:
        view.update(hidden_reason=argument.hidden_reason, withdrawn=argument.withdrawn,
                    merged_into_id=argument.merged_into_id, author=author,
                    waiting=argument.awaiting_approval and argument.hidden_reason is None,
                    merge_undoable=merge_undoable)
    return view


def own_argument_view(argument: Argument, *, reactions: dict[str, int] | None, merged: int) -> dict[str, Any]:
    """What its author's phone shows of their own argument: also while it waits for the
    facilitator, and after it was hidden, with the facilitator's reason. Withdrawn, or
    merged into another (which stands for it on the wall), it leaves their list."""
    if not argument.shown_to_author:
        return {"id": argument.id, "visible": False, "mine": True}
    return {**_argument_body(argument, reactions=reactions, merged=merged), "mine": True,
            "waiting": argument.awaiting_approval and argument.hidden_reason is None,
            "hidden_reason": argument.hidden_reason}


def _argument_body(argument: Argument, *, reactions: dict[str, int] | None, merged: int) -> dict[str, Any]:
    return {
        "id": argument.id,
        "client_id": argument.client_id,
        "stance": argument.stance,
        "text": argument.text,
        "via_facilitator": argument.via_facilitator,
        "pinned": argument.pinned,
        "visible": argument.visible,
        "supporters": 1 + merged,
        "reactions": reactions or zero_reactions(),
    }


def argument_views(session: Session | Connection, argument: Argument, *, new: bool = False,
                   ) -> tuple[dict, dict, dict]:
    """(public view, console view, its author's view) of one argument, for an event. A
    `new` argument has no reactions and nothing merged into it yet: there is nothing to count,
    and a connection will do (the others need a Session)."""
    if new:
        reactions, merged, undoable = None, 0, False
    else:
        reactions = reaction_counts(session, argument.table_id, argument.id).get(argument.id)
        merged = session.exec(select(func.count()).select_from(Argument)
                              .where(Argument.merged_into_id == argument.id)).one()
        undoable = argument.merged_into_id is not None and argument.merged_into_id == session.exec(
            select(ArgumentMerge.target_id).where(ArgumentMerge.source_id == argument.id)
            .order_by(ArgumentMerge.id.desc())).first()
    common = {"reactions": reactions, "merged": merged}
    author = None if argument.participant_id is None else participant_with_number(session, argument.participant_id)
    return (argument_view(argument, for_console=False, **common),
            argument_view(argument, for_console=True, author=author, merge_undoable=undoable, **common),
            own_argument_view(argument, **common))


# -- clusters and options ---------------------------------------------------------

def table_clusters(session: Session, table_id: int) -> list[Cluster]:
    return session.exec(select(Cluster).where(Cluster.table_id == table_id)
                        .order_by(Cluster.position, Cluster.id)).all()


def cluster_layout(session: Session, table_id: int) -> dict[str, Any]:
    members: dict[int, list[int]] = {}
    for argument_id, cluster_id in session.exec(
            select(Argument.id, Argument.cluster_id).where(Argument.table_id == table_id,
                                                           Argument.cluster_id.is_not(None))
            .order_by(Argument.id)).all():
        members.setdefault(cluster_id, []).append(argument_id)
    return cluster_layout_view(table_clusters(session, table_id), members)


def cluster_layout_view(clusters: list[Cluster], members: dict[int, list[int]]) -> dict[str, Any]:
    """`members`: cluster id -> its argument ids, in the order of the ids."""
    # An unnamed group is called by its number in the order the groups were made, so
    # moving it keeps its name: "Groep 2" on the wall and the console alike.
    numbers = {cluster_id: n for n, cluster_id in enumerate(sorted(c.id for c in clusters), start=1)}
    return {"clusters": [{"id": c.id, "name": c.name, "position": c.position, "number": numbers[c.id],
                          "argument_ids": members.get(c.id, [])} for c in clusters]}


def option_list(session: Session, table_id: int) -> dict[str, Any]:
    return option_list_view(session.exec(select(Option).where(Option.table_id == table_id).order_by(Option.id)).all())


# What every page shows of an option (the snapshot reads just these columns).
OPTION_VIEW_FIELDS = ("id", "cluster_id", "title", "description", "cost_cents", "carried_by")


def option_list_view(options: list[Option]) -> dict[str, Any]:
    return {
        "options": [{field: getattr(o, field) for field in OPTION_VIEW_FIELDS} for o in options],
        "total_cost_cents": sum(o.cost_cents for o in options),
    }


# -- the organiser's round overview -------------------------------------------------

def table_progress(session: Session, table: DeliberationTable) -> dict[str, Any]:
    """How far a table is, for the organiser's live overview of a round."""
    arguments = session.exec(select(Argument).where(Argument.table_id == table.id)).all()
    options = {option_id: (title, cost) for option_id, title, cost in session.exec(
        select(Option.id, Option.title, Option.cost_cents).where(Option.table_id == table.id)).all()}
    decision = session.get(Decision, table.id)
    funded = json.loads(decision.option_ids) if decision else []
    return {
        "participant_count": participant_count(session, table.id),
        "argument_count": sum(1 for a in arguments if a.visible),
        "option_count": len(options),
        "options_total_cents": sum(cost for _title, cost in options.values()),
        "closed": table.closed_at is not None,
        "phase_timers": table.phase_timers(),
        "join_qr_shown": table.join_qr_shown,
        "decision": None if decision is None else {
            "outcome": decision.outcome, "total_cost_cents": decision.total_cost_cents, "option_ids": funded,
            "option_titles": [options[i][0] for i in funded if i in options]},
    }


# -- pictures -----------------------------------------------------------------------

def budget_bar(budget_cents: int, segments: list[dict[str, Any]]) -> dict[str, Any]:
    """The budget as one bar: each segment ({"label", "cents"}, optionally the "number" it
    has elsewhere on the page, else its place from 1; in the order given) gets
    its place `x` and `width` as fractions of the bar, which is the budget or, when the
    segments cost more, their total (then `budget_x` marks where the budget ends). The
    Jinja macro (templates/_budget_bar.html) and static/js/budget_bar.js only draw this;
    budget_bar.js computes the same for live pages (tests/fixtures/budget_bars.json
    holds both to one set of answers)."""
    total = sum(segment["cents"] for segment in segments)
    scale = max(budget_cents, total, 1)
    placed, start = [], 0
    for number, segment in enumerate(segments, start=1):
        placed.append({"number": segment.get("number", number), "label": segment["label"], "cents": segment["cents"],
                       "x": start / scale, "width": segment["cents"] / scale})
        start += segment["cents"]
    return {
        "budget_cents": budget_cents,
        "total_cents": total,
        "left_cents": max(budget_cents - total, 0),
        "over_cents": max(total - budget_cents, 0),
        "budget_x": budget_cents / scale,
        "segments": placed,
    }
