"""The snapshot a client draws its screen from, read in a fixed number of statements
however many arguments, reactions, options and ballots the table has: a thousand
phones reconnecting after a restart each ask for one at once.

A phone's or the wall's snapshot is five statements: the table with everything there
is one of (its round, the round's frame and this table's share, its frame, decision, latest ballot and consensus rounds, the phone's
own seat, ballot and signal), the arguments with their counts and the phone's own
reactions, the groups, the options, and the tallies of the three rounds (ballots, consensus,
the frame) with the open frame suggestions. A console's adds
one: everybody at the table, numbered."""
import functools
import json
from collections import namedtuple
from datetime import datetime
from typing import Any

from sqlalchemy import String, and_, bindparam, case, cast, literal, union_all
from sqlalchemy.engine import Connection
from sqlalchemy.orm import aliased
from sqlmodel import func, select

from .arguments import Argument, ArgumentMerge, Reaction
from .ballots import Ballot, BallotRound
from .clusters import Cluster, Option
from .consensus import ConsensusRound, ConsensusSignal, Decision
from .deciding_views import _support_per_option, consensus_dict, read_signal_rows, signal_parts, support_view, tally_view
from .errors import NotFound
from .frame import BallotForm, TableFrame, frame_view
from .frame_consent import FrameRound, FrameSignal, FrameSuggestion, SuggestionStatus, tally_of
from .frame_consent_services import frame_consent_dict
from .models import BudgetRound, DeliberationTable, Participant
from .round_frame import RoundFrame, RoundTableShare
from .phases import PHASE_ORDER, PHASE_RULES
from .plain_rows import ArgumentRow, row_type
from .prepared import Prepared
from . import views

_TABLE = bindparam("table_id")
_PARTICIPANT = bindparam("participant_id")


def _latest_round_id(model):
    return (select(model.id).where(model.table_id == _TABLE)
            .order_by(model.number.desc()).limit(1).scalar_subquery())


# The snapshot reads plain rows (plain_rows.py) on the unit of work's connection, not ORM
# objects: after a restart a thousand phones each ask for one at once.
def _columns(model, alias=None):
    """The model's columns, in table order (of `alias` when given)."""
    return [getattr(alias if alias is not None else model, column.name) for column in model.__table__.c]


_HEAD_TYPES = tuple(row_type(model, *rules) for model, rules in (
    (DeliberationTable, ("timer_remaining_ms", "timer_running", "phase_timers")), (BudgetRound, ()),
    (TableFrame, ()), (Decision, ()), (Participant, ()), (BallotRound, ()), (ConsensusRound, ()),
    (RoundFrame, ()), (FrameRound, ()), (FrameRound, ())))
_HEAD_WIDTH = sum(len(head_type._fields) for head_type in _HEAD_TYPES)


def _plain_rows(values, types) -> list:
    """Cut a row that lists consecutive models' columns into one tuple per model: None for
    a model an outer join did not find (its key is NULL)."""
    rows, start = [], 0
    for plain in types:
        end = start + len(plain._fields)
        rows.append(None if values[start + plain.key_at] is None else plain._make(values[start:end]))
        start = end
    return rows


def _head_query():
    """One row: the table and all there is one of. Every subquery reads its own alias,
    so that none is tied by accident to a row of the outer query."""
    everybody, earlier = aliased(Participant), aliased(Participant)
    open_ballot_round, all_rounds, decided_round, open_consensus_round = (
        aliased(BallotRound), aliased(ConsensusRound), aliased(ConsensusRound), aliased(ConsensusRound))
    participant_count = select(func.count()).select_from(everybody).where(everybody.table_id == _TABLE)
    my_number = (select(func.count()).select_from(earlier)
                 .where(earlier.table_id == Participant.table_id, earlier.id <= Participant.id))
    turnout = select(func.count(Ballot.id)).where(Ballot.round_id == BallotRound.id)
    paper = select(func.count(Ballot.paper_label)).where(Ballot.round_id == BallotRound.id)
    my_ballot = (select(Ballot.content).join(open_ballot_round, open_ballot_round.id == Ballot.round_id)
                 .where(open_ballot_round.table_id == _TABLE, open_ballot_round.closed_at.is_(None),
                        Ballot.participant_id == _PARTICIPANT).limit(1))
    consensus_rounds = select(func.count()).select_from(all_rounds).where(all_rounds.table_id == _TABLE)
    decision_round_number = select(decided_round.number).where(
        decided_round.id == Decision.consensus_round_id, decided_round.table_id == _TABLE)
    my_signal = (select(ConsensusSignal.level, ConsensusSignal.reason)
                 .join(open_consensus_round, open_consensus_round.id == ConsensusSignal.round_id)
                 .where(open_consensus_round.table_id == _TABLE, open_consensus_round.closed_at.is_(None),
                        ConsensusSignal.participant_id == _PARTICIPANT).limit(1))
    latest_frame_round, agreed_frame_round, all_frame_rounds, open_frame_round = (
        aliased(FrameRound), aliased(FrameRound), aliased(FrameRound), aliased(FrameRound))
    frame_rounds = select(func.count()).select_from(all_frame_rounds).where(all_frame_rounds.table_id == _TABLE)
    my_frame_signal = (select(FrameSignal.level, FrameSignal.reason)
                       .join(open_frame_round, open_frame_round.id == FrameSignal.round_id)
                       .where(open_frame_round.table_id == _TABLE, open_frame_round.closed_at.is_(None),
                              FrameSignal.participant_id == _PARTICIPANT).limit(1))
    return (
        # The models first (their columns, in _HEAD_TYPES' order), then the single values.
        select(*_columns(DeliberationTable), *_columns(BudgetRound), *_columns(TableFrame), *_columns(Decision),
               *_columns(Participant), *_columns(BallotRound), *_columns(ConsensusRound), *_columns(RoundFrame),
               # The frame consent round: the latest and the agreed one.
               *_columns(FrameRound, latest_frame_round), *_columns(FrameRound, agreed_frame_round),
               RoundTableShare.budget_cents,
               participant_count.scalar_subquery(), my_number.scalar_subquery(), turnout.scalar_subquery(),
               paper.scalar_subquery(), my_ballot.scalar_subquery(), consensus_rounds.scalar_subquery(),
               decision_round_number.scalar_subquery(),
               my_signal.with_only_columns(ConsensusSignal.level).scalar_subquery(),
               my_signal.with_only_columns(ConsensusSignal.reason).scalar_subquery(),
               frame_rounds.scalar_subquery(),
               my_frame_signal.with_only_columns(FrameSignal.level).scalar_subquery(),
               my_frame_signal.with_only_columns(FrameSignal.reason).scalar_subquery())
        .select_from(DeliberationTable)
        .join(BudgetRound, BudgetRound.id == DeliberationTable.round_id)
        .outerjoin(TableFrame, TableFrame.table_id == DeliberationTable.id)
        .outerjoin(RoundFrame, RoundFrame.round_id == DeliberationTable.round_id)
        .outerjoin(RoundTableShare, RoundTableShare.table_id == DeliberationTable.id)
        .outerjoin(Decision, Decision.table_id == DeliberationTable.id)
        .outerjoin(Participant, Participant.id == _PARTICIPANT)
        .outerjoin(BallotRound, BallotRound.id == _latest_round_id(BallotRound))
        .outerjoin(ConsensusRound, ConsensusRound.id == _latest_round_id(ConsensusRound))
        .outerjoin(latest_frame_round, latest_frame_round.id == _latest_round_id(FrameRound))
        .outerjoin(agreed_frame_round, agreed_frame_round.id == TableFrame.agreed_round_id)
        .where(DeliberationTable.id == _TABLE))


_ARGUMENT_COLUMNS = tuple(Argument.__table__.c[name] for name in ArgumentRow._fields)


def _arguments_query():
    """Every argument of the table, in order, with its reaction counts, how many were
    merged into it, the asking phone's own reaction to it, and where its last recorded
    merge went (a merge can be undone only while the argument is still there)."""
    counted, merged, mine = aliased(Argument), aliased(Argument), aliased(Reaction)
    last_merge_target = (select(ArgumentMerge.target_id).where(ArgumentMerge.source_id == Argument.id)
                         .order_by(ArgumentMerge.id.desc()).limit(1).scalar_subquery())
    values = views.zero_reactions()
    counts = (select(Reaction.argument_id, *(func.sum(case((Reaction.value == value, 1), else_=0)).label(f"n_{value}")
                                             for value in values))
              .join(counted, counted.id == Reaction.argument_id).where(counted.table_id == _TABLE)
              .group_by(Reaction.argument_id).subquery())
    merged_into = (select(merged.merged_into_id.label("target"), func.count().label("merged"))
                   .where(merged.table_id == _TABLE, merged.merged_into_id.is_not(None))
                   .group_by(merged.merged_into_id).subquery())
    return (select(*_ARGUMENT_COLUMNS, counts.c.argument_id, *(counts.c[f"n_{value}"] for value in values),
                   merged_into.c.merged, mine.value, last_merge_target)
            .select_from(Argument)
            .outerjoin(counts, counts.c.argument_id == Argument.id)
            .outerjoin(merged_into, merged_into.c.target == Argument.id)
            .outerjoin(mine, and_(mine.argument_id == Argument.id, mine.participant_id == _PARTICIPANT))
            .where(Argument.table_id == _TABLE).order_by(Argument.id))


@functools.cache
def _tallies_query(postgres: bool, kiezen: bool):
    """The latest ballot round's support per option and the latest consensus round's
    signals, as rows (kind, key, amount, reason)."""
    return Prepared(union_all(_support_per_option(postgres, kiezen, "ballot_round_id", labelled=True),
                              *signal_parts("consensus_round_id"),
                              *signal_parts("frame_round_id", model=FrameSignal, labels=FRAME_LABELS),
                              _FRAME_SUGGESTIONS))


# The open frame round's answers and the table's open suggestions, as rows of the tallies.
FRAME_LABELS = ("frame_count", "frame_reason", "frame_paper")
_FRAME_SUGGESTIONS = (select(literal("suggestion"), cast(FrameSuggestion.id, String), literal(0),
                             FrameSuggestion.kind + ":" + FrameSuggestion.text)
                      .where(FrameSuggestion.table_id == _TABLE,
                             FrameSuggestion.status == SuggestionStatus.OPEN.value))


# Built once: building these costs more than running them. On the driver's cursor (prepared.py): after a restart a thousand phones ask for a snapshot
# at once, and SQLAlchemy's execution layer cost more than the statements.
_HEAD = Prepared(_head_query())
_ARGUMENTS = Prepared(_arguments_query())
_OPTIONS = Prepared(select(*(Option.__table__.c[name] for name in views.OPTION_VIEW_FIELDS))
                    .where(Option.table_id == _TABLE).order_by(Option.id))
_OptionRow = namedtuple("OptionRow", views.OPTION_VIEW_FIELDS)
_CLUSTERS = Prepared(select(Cluster.__table__.c.id, Cluster.__table__.c.name, Cluster.__table__.c.position)
                     .where(Cluster.table_id == _TABLE).order_by(Cluster.position, Cluster.id))
_ClusterRow = namedtuple("ClusterRow", "id name position")


def table_snapshot(connection: Connection, *, table_id: int, now: datetime, for_console: bool,
                   participant_id: int | None = None) -> dict[str, Any]:
    """Everything a client needs to draw its screen from nothing."""
    row = _HEAD.first(connection, {"table_id": table_id, "participant_id": participant_id})
    if row is None:
        raise NotFound("table")
    (table, budget_round, frame, decision, participant, ballot_round, consensus_round, round_frame, frame_round,
     agreed_frame_round) = _plain_rows(row, _HEAD_TYPES)
    (share_cents, participant_count, my_number, turnout, paper, my_ballot, consensus_rounds, decision_round_number,
     my_level, my_reason, frame_rounds, my_frame_level, my_frame_reason) = row[_HEAD_WIDTH:]

    arguments, my_reactions, members = _arguments(connection, table_id, participant_id, for_console)
    # The console names the author of every argument: number everybody once.
    authors = views.participant_numbers(connection, table_id) if for_console else None
    if authors is not None:
        for view, author_id in arguments:
            author = authors.get(author_id)
            view["author"] = dict(author) if author else None
    options = views.option_list_view([_OptionRow._make(option)
                                       for option in _OPTIONS.rows(connection, {"table_id": table_id})])
    open_frame_round = frame_round if frame_round is not None and frame_round.closed_at is None else None
    support, consensus_rows, frame_rows, suggestions = _tallies(connection, ballot_round, consensus_round,
                                                                open_frame_round, table_id)
    counts, reasons, consensus_paper = read_signal_rows(consensus_rows)

    snapshot: dict[str, Any] = {
        "table_id": table.id,
        "seq": table.seq,
        "title": table.title,
        "place": table.place,
        "starts_at": table.starts_at.isoformat(timespec="minutes"),
        "join_code": table.join_code,
        "round": views.table_round_view(budget_round, round_frame, share_cents),
        "phase": table.phase,
        "phases": [phase.value for phase in PHASE_ORDER],
        "phase_rules": PHASE_RULES,
        "timer": views.timer_view(table, now),
        "participant_count": participant_count,
        "input_open": table.input_open,
        "wall_section": table.wall_section,
        "premoderation": table.premoderation,
        "closed": table.closed_at is not None,
        "phase_timers": table.phase_timers(),
        "join_qr_shown": table.join_qr_shown,
        "arguments": [view for view, _author in arguments],
        "frame": frame_view(frame),
        **frame_consent_dict(
            round_count=frame_rounds, latest=frame_round, agreed=agreed_frame_round, suggestions=suggestions,
            live=None if open_frame_round is None else _frame_tally(frame_rows)),
        "ballots": None if ballot_round is None else tally_view(
            ballot_round, closed_at=ballot_round.closed_at, results=ballot_round.results, turnout=turnout,
            paper=paper, aggregate=support, costs={o["id"]: o["cost_cents"] for o in options["options"]}),
        **consensus_dict(round_count=consensus_rounds, last=consensus_round, counts=counts, reasons=reasons,
                         paper=consensus_paper, decision=decision, decision_round_number=decision_round_number),
        **views.cluster_layout_view([_ClusterRow._make(cluster)
                                     for cluster in _CLUSTERS.rows(connection, {"table_id": table_id})], members),
        **options,
    }
    if for_console:
        snapshot["participants"] = list(authors.values())
    if participant is not None:
        snapshot["me"] = {**views.participant_view(participant, my_number),
                          "reactions": my_reactions,
                          "ballot": json.loads(my_ballot) if my_ballot else None,
                          "signal": None if my_level is None else {"level": my_level, "reason": my_reason},
                          "frame_signal": None if my_frame_level is None else {"level": my_frame_level,
                                                                               "reason": my_frame_reason}}
    return snapshot


def _arguments(connection: Connection, table_id: int, participant_id: int | None, for_console: bool):
    """([(argument view, its author's participant id)], the phone's own reactions by
    argument id, cluster id -> its argument ids). Phones and the wall get only the
    visible arguments, and a phone also its own that wait or were hidden; the groups list
    every member, as `views.cluster_layout` does."""
    listed, my_reactions, members = [], {}, {}
    width = len(_ARGUMENT_COLUMNS)
    for row in _ARGUMENTS.rows(connection, {"table_id": table_id, "participant_id": participant_id}):
        argument = ArgumentRow._make(row[:width])
        counted, *reaction_counts, merged, my_reaction, last_merge_target = row[width:]
        if argument.cluster_id is not None:
            members.setdefault(argument.cluster_id, []).append(argument.id)
        if my_reaction is not None:
            my_reactions[str(argument.id)] = my_reaction
        reactions = None if counted is None else dict(zip(views.zero_reactions(), map(int, reaction_counts)))
        common = {"reactions": reactions, "merged": merged or 0}
        if participant_id is not None and argument.participant_id == participant_id:
            if argument.shown_to_author:
                listed.append((views.own_argument_view(argument, **common), argument.participant_id))
            continue
        if not for_console and not argument.visible:
            continue
        undoable = argument.merged_into_id is not None and last_merge_target == argument.merged_into_id
        view = views.argument_view(argument, for_console=for_console, merge_undoable=undoable, **common)
        if participant_id is not None:
            view["mine"] = False
        listed.append((view, argument.participant_id))
    return listed, my_reactions, members


def _tallies(connection: Connection, ballot_round: BallotRound | None, consensus_round: ConsensusRound | None,
             frame_round: FrameRound | None, table_id: int):
    """(support per option of the ballot round, the consensus round's signal rows (as
    `read_signal_rows` reads them), the open frame round's answer rows, the open frame
    suggestions), all in one statement."""
    support_rows, consensus_rows, frame_rows, suggestions = [], [], [], []
    postgres = connection.dialect.name == "postgresql"
    kiezen = ballot_round is None or ballot_round.ballot_form == BallotForm.KIEZEN.value
    for kind, key, amount, reason in _tallies_query(postgres, kiezen).rows(connection, {
            "ballot_round_id": ballot_round and ballot_round.id,
            "consensus_round_id": consensus_round and consensus_round.id,
            "frame_round_id": frame_round and frame_round.id, "table_id": table_id}):
        if kind == "support":
            support_rows.append((key, amount))
        elif kind in ("count", "reason", "paper"):
            consensus_rows.append((kind, key, amount, reason))
        elif kind == "suggestion":
            suggestion_kind, text = reason.split(":", 1)
            suggestions.append((int(key), suggestion_kind, SuggestionStatus.OPEN.value, text))
        else:
            frame_rows.append((kind.removeprefix("frame_"), key, amount, reason))
    return support_view(support_rows), consensus_rows, frame_rows, sorted(suggestions)


def _frame_tally(rows) -> dict[str, Any]:
    counts, reasons, paper = read_signal_rows(rows)
    return tally_of(counts, reasons, paper=paper)
