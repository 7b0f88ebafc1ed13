"""Use cases of the plenary vote of a round (see round_votes.py for its rules).

The organiser builds the round ballot, opens the vote, closes it and records the round
decision; phones vote and facilitators enter paper ballots over the socket. Every change
to the vote sends the round's room (every phone and console of its tables, and the round
wall) `round_vote_changed` with the ballot, the turnout and the live tally."""
import json
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import bindparam, func, update
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from . import accounts
from .allocation import BallotInput, OptionInput
from .arguments import Argument
from .ballot_services import _outcomes as outcomes_under_every_rule
from .ballots import POINTS_PER_BALLOT, ballot_input, clean_approval, clean_points
from .clock import utcnow
from .clusters import Option, check_cost
from .commands import CastRoundPaperVote, CastRoundVote
from .computing import Compute, run_here
from .errors import DomainError
from .events import Outcome
from .frame import BallotForm, choice
from .models import BudgetRound, DeliberationTable, Participant
from .pabulib import write_pb
from .prepared import Prepared
from .round_frame import Combination, RoundFrame
from .round_votes import (
    RoundBallot, RoundBallotState, RoundBallotVote, RoundOption, RoundOptionSource, Tally, check_mergeable,
    clean_left_out_reason, clean_round_option_title, decision_of, paper_key, person_key, tally,
)
from .table_access import get_table, owned_round, seats_in_round
from .unit_of_work import UnitOfWork

DEFAULT_ROUND_RULE = "mes"


@dataclass(frozen=True)
class RoundEvent:
    """A change to a round's plenary vote: goes to the round's room, not to one table.
    It carries no table seq (`seq` None), so no table's sequence is touched."""

    name: str
    round_id: int
    payload: dict[str, Any] = field(default_factory=dict)
    seq: None = None


def round_counting_rule(session: Session, round_id: int) -> str:
    """The counting rule the round's frame names; "mes" for a round without a frame."""
    rule = session.exec(select(RoundFrame.rule).where(RoundFrame.round_id == round_id)).first()
    return rule or DEFAULT_ROUND_RULE


def _check_plenary(session: Session, round_id: int) -> None:
    """Only a round whose frame says the tables' work becomes one decision by a joint vote
    builds a round ballot: under table budgets the tables decide, each within its share."""
    combination = session.exec(select(RoundFrame.combination).where(RoundFrame.round_id == round_id)).first()
    if combination != Combination.PLENARY.value:
        raise DomainError("round_not_plenary")


# -- reading ------------------------------------------------------------------------------

def _ballot_of_round(session: Session, round_id: int) -> RoundBallot | None:
    return session.exec(select(RoundBallot).where(RoundBallot.round_id == round_id)).first()


def _round_options(session: Session, ballot_id: int) -> list[RoundOption]:
    return list(session.exec(select(RoundOption).where(RoundOption.round_ballot_id == ballot_id)
                             .order_by(RoundOption.position, RoundOption.id)).all())


def _sources(session: Session, ballot_id: int) -> list[RoundOptionSource]:
    return list(session.exec(select(RoundOptionSource).where(RoundOptionSource.round_ballot_id == ballot_id)
                             .order_by(RoundOptionSource.id)).all())


def _round_tables(session: Session, round_id: int) -> list[DeliberationTable]:
    return list(session.exec(select(DeliberationTable).where(DeliberationTable.round_id == round_id)
                             .order_by(DeliberationTable.starts_at, DeliberationTable.id)).all())


def _tally(session: Session, ballot: RoundBallot, option_ids: list[int]) -> Tally:
    rows = session.exec(select(RoundBallotVote.content, RoundBallotVote.paper_label)
                        .where(RoundBallotVote.round_ballot_id == ballot.id)).all()
    return tally(((content, label is not None) for content, label in rows), option_ids)


def _seat_count(session: Session, round_id: int) -> int:
    """The people seated at the round's tables: a browser seated at two tables once."""
    return session.exec(select(func.count(Participant.id)).join(
        DeliberationTable, DeliberationTable.id == Participant.table_id).where(
        DeliberationTable.round_id == round_id, Participant.same_person_as.is_(None))).one()


def public_view(session: Session, ballot: RoundBallot) -> dict[str, Any]:
    """What every phone, console and the round wall see of the vote."""
    options = _round_options(session, ballot.id)
    titles = {t.id: t.title for t in _round_tables(session, ballot.round_id)}
    sources: dict[int, list[dict]] = {}
    for source in _sources(session, ballot.id):
        if source.round_option_id is not None:
            sources.setdefault(source.round_option_id, []).append(
                {"table": titles.get(source.table_id, ""), "title": source.title, "cost_cents": source.cost_cents})
    counted = _tally(session, ballot, [o.id for o in options])
    # Paper voters have no seat: they count among the round's participants too.
    participants = _seat_count(session, ballot.round_id) + counted.on_paper
    view = {
        "round_id": ballot.round_id, "version": ballot.version, "state": ballot.state,
        "open": ballot.state == RoundBallotState.OPEN, "ballot_form": ballot.ballot_form,
        "budget_cents": ballot.budget_cents, "points_per_ballot": POINTS_PER_BALLOT,
        "options": [{"id": o.id, "title": o.title, "cost_cents": o.cost_cents, "sources": sources.get(o.id, [])}
                    for o in options],
        "turnout": {"voters": counted.voters, "on_paper": counted.on_paper, "participants": participants},
        "tally": counted.support,
        "rule": ballot.rule, "decision": json.loads(ballot.decision) if ballot.decision else None,
    }
    if ballot.results:
        view["funded"] = json.loads(ballot.results)[ballot.rule]["funded"]
    return view


def _changed(session: Session, ballot: RoundBallot) -> list[RoundEvent]:
    """Raise the vote's version in the database, atomically (as table_access.next_seq does a
    table's seq): two votes at the same moment never share a number, and the view read after
    it (which takes the write lock) includes every vote committed before."""
    session.add(ballot)
    session.flush()
    raise_version = (update(RoundBallot).where(RoundBallot.id == ballot.id)
                     .values(version=RoundBallot.version + 1).returning(RoundBallot.version))
    version = session.execute(raise_version).scalar_one()
    set_committed_value(ballot, "version", version)
    return [RoundEvent("round_vote_changed", ballot.round_id, public_view(session, ballot))]


def builder_view(uow: UnitOfWork, *, organiser_id: int, round_id: int) -> dict[str, Any]:
    """The organiser's page: the ballot as built, each round option with the table options
    it came from and their arguments, what was left out and why, options not taken in yet."""
    with uow:
        budget_round = owned_round(uow, organiser_id, round_id)
        tables = _round_tables(uow.session, round_id)
        titles = {t.id: t.title for t in tables}
        ballot = _ballot_of_round(uow.session, round_id)
        table_options = list(uow.session.exec(select(Option).where(Option.table_id.in_(titles))
                                              .order_by(Option.table_id, Option.id)).all())
        clusters = {o.id: o.cluster_id for o in table_options}
        arguments: dict[int, list[dict]] = {}
        cluster_ids = [c for c in clusters.values() if c is not None]
        for argument in uow.session.exec(select(Argument).where(Argument.cluster_id.in_(cluster_ids))
                                         .order_by(Argument.id)).all():
            if argument.visible:
                arguments.setdefault(argument.cluster_id, []).append({"stance": argument.stance, "text": argument.text})
        view: dict[str, Any] = {"round": {"id": round_id, "name": budget_round.name,
                                          "budget_cents": budget_round.budget_cents},
                                "rule": round_counting_rule(uow.session, round_id), "ballot": None}
        taken = set()
        if ballot is not None:
            sources = _sources(uow.session, ballot.id)
            taken = {s.option_id for s in sources}

            def source_view(s: RoundOptionSource) -> dict:
                return {"option_id": s.option_id, "table": titles.get(s.table_id, ""), "title": s.title,
                        "cost_cents": s.cost_cents, "reason": s.left_out_reason,
                        "arguments": arguments.get(clusters.get(s.option_id), [])}
            public = public_view(uow.session, ballot)
            view["ballot"] = {
                **public, "wall_token": ballot.wall_token,
                "results": json.loads(ballot.results) if ballot.results else None,
                "options": [{**o, "sources": [source_view(s) for s in sources if s.round_option_id == o["id"]]}
                            for o in public["options"]],
                "left_out": [source_view(s) for s in sources if s.left_out_reason is not None],
            }
        view["not_taken_in"] = [{"table": titles[o.table_id], "title": o.title, "cost_cents": o.cost_cents}
                                for o in table_options if o.id not in taken]
        return view


# -- building the ballot -------------------------------------------------------------------

def _building(uow: UnitOfWork, organiser_id: int, round_id: int) -> RoundBallot:
    owned_round(uow, organiser_id, round_id)
    ballot = _ballot_of_round(uow.session, round_id)
    if ballot is None:
        raise DomainError("round_ballot_not_built")
    if ballot.state != RoundBallotState.BUILDING:
        raise DomainError("round_ballot_fixed")
    return ballot


def take_in_options(uow: UnitOfWork, *, organiser_id: int, round_id: int) -> int:
    """Starts the round ballot, or takes in the table options that came since: each one
    becomes a round option of its own. Returns how many were taken in."""
    with uow:
        budget_round = owned_round(uow, organiser_id, round_id)
        _check_plenary(uow.session, round_id)
        ballot = _ballot_of_round(uow.session, round_id)
        if ballot is None:
            ballot = RoundBallot(round_id=round_id, budget_cents=budget_round.budget_cents,
                                 wall_token=accounts.new_secret_token())
            uow.session.add(ballot)
            uow.session.flush()
        elif ballot.state != RoundBallotState.BUILDING:
            raise DomainError("round_ballot_fixed")
        taken = {s.option_id for s in _sources(uow.session, ballot.id)}
        table_ids = [t.id for t in _round_tables(uow.session, round_id)]
        new = [o for o in uow.session.exec(select(Option).where(Option.table_id.in_(table_ids))
                                           .order_by(Option.table_id, Option.id)).all() if o.id not in taken]
        if not new and not taken:
            raise DomainError("no_options")
        position = len(_round_options(uow.session, ballot.id))
        for option in new:
            position += 1
            round_option = RoundOption(round_ballot_id=ballot.id, title=option.title, cost_cents=option.cost_cents,
                                       position=position)
            uow.session.add(round_option)
            uow.session.flush()
            uow.session.add(RoundOptionSource(round_ballot_id=ballot.id, option_id=option.id,
                                              table_id=option.table_id, title=option.title,
                                              cost_cents=option.cost_cents, round_option_id=round_option.id))
        uow.commit()
        return len(new)


def merge_round_options(uow: UnitOfWork, *, organiser_id: int, round_id: int, round_option_ids: list[int],
                        title: str, cost_cents: int) -> int:
    """Several round options become one, under a new title and cost: their table options
    (with their arguments and costs) are its sources. Returns the new round option's id."""
    title = clean_round_option_title(title)
    with uow:
        ballot = _building(uow, organiser_id, round_id)
        check_cost(cost_cents, budget_cents=ballot.budget_cents)
        options = {o.id: o for o in _round_options(uow.session, ballot.id)}
        chosen = check_mergeable(round_option_ids, set(options))
        merged = RoundOption(round_ballot_id=ballot.id, title=title, cost_cents=cost_cents,
                             position=min(options[i].position for i in chosen), merged_at=utcnow())
        uow.session.add(merged)
        uow.session.flush()
        for source in uow.session.exec(select(RoundOptionSource).where(
                RoundOptionSource.round_option_id.in_(chosen))).all():
            source.round_option_id = merged.id
            uow.session.add(source)
        uow.session.flush()
        for option_id in chosen:
            uow.session.delete(options[option_id])
        uow.commit()
        return merged.id


def leave_out(uow: UnitOfWork, *, organiser_id: int, round_id: int, round_option_id: int, reason: str) -> None:
    """A round option is not on the ballot; its table options keep the reason."""
    reason = clean_left_out_reason(reason)
    with uow:
        ballot = _building(uow, organiser_id, round_id)
        option = uow.session.get(RoundOption, round_option_id)
        if option is None or option.round_ballot_id != ballot.id:
            raise DomainError("unknown_option")
        for source in uow.session.exec(select(RoundOptionSource).where(
                RoundOptionSource.round_option_id == option.id)).all():
            source.round_option_id, source.left_out_reason = None, reason
            uow.session.add(source)
        uow.session.flush()
        uow.session.delete(option)
        uow.commit()


# -- the vote -----------------------------------------------------------------------------

def open_round_vote(uow: UnitOfWork, *, organiser_id: int, round_id: int, ballot_form: str) -> Outcome:
    ballot_form = choice(ballot_form, BallotForm, code="unknown_ballot_form")
    with uow:
        ballot = _building(uow, organiser_id, round_id)
        if not _round_options(uow.session, ballot.id):
            raise DomainError("no_options")
        ballot.state, ballot.ballot_form, ballot.opened_at = RoundBallotState.OPEN, ballot_form, utcnow()
        events = _changed(uow.session, ballot)
        uow.commit()
        return Outcome(events)


def _open_ballot_of_table(uow: UnitOfWork, table_id: int) -> tuple[DeliberationTable, RoundBallot]:
    table = get_table(uow, table_id)
    ballot = _ballot_of_round(uow.session, table.round_id)
    if ballot is None or ballot.state != RoundBallotState.OPEN:
        raise DomainError("round_vote_not_open")
    return table, ballot


def _content(ballot: RoundBallot, costs: dict[int, int], command: CastRoundVote) -> dict:
    if ballot.ballot_form == BallotForm.KIEZEN.value:
        return {"approved": clean_approval(command.approved, costs=costs, budget_cents=ballot.budget_cents)}
    return {"points": clean_points(command.points, costs=costs)}


def _store(uow: UnitOfWork, ballot: RoundBallot, vote: RoundBallotVote, *,
           taken: str = "round_vote_already_cast") -> Outcome:
    uow.session.add(vote)
    try:
        uow.session.flush()
    except IntegrityError:
        # This person (or paper label) voted already: perhaps through another seat this very moment.
        raise DomainError(taken) from None
    events = _changed(uow.session, ballot)
    uow.commit()
    return Outcome(events, {"round_vote": json.loads(vote.content)})


def cast_round_vote(uow: UnitOfWork, command: CastRoundVote, *, table_id: int, participant_id: int,
                    seats: list[int]) -> Outcome:
    """A phone's vote in the plenary, once per person: `seats` are every seat the browser
    holds (its own one included); those at tables of this round make the person. Ack {round_vote}."""
    with uow:
        table, ballot = _open_ballot_of_table(uow, table_id)
        in_round = seats_in_round(uow.session, table.round_id, [participant_id, *seats])
        own_seat = uow.session.get(Participant, participant_id)
        if own_seat is None or own_seat.table_id != table_id or participant_id not in in_round:
            raise DomainError("not_allowed")
        voted = uow.session.exec(select(RoundBallotVote.id).where(
            RoundBallotVote.round_ballot_id == ballot.id, RoundBallotVote.participant_id.in_(in_round))).first()
        if voted is not None:
            raise DomainError("round_vote_already_cast")
        costs = {o.id: o.cost_cents for o in _round_options(uow.session, ballot.id)}
        content = _content(ballot, costs, command)
        return _store(uow, ballot, RoundBallotVote(
            round_ballot_id=ballot.id, voter_key=person_key(in_round), table_id=table_id,
            participant_id=participant_id, content=json.dumps(content)))


def cast_round_paper_vote(uow: UnitOfWork, command: CastRoundPaperVote, *, table_id: int) -> Outcome:
    """A facilitator's paper ballot, once per label at this table. Ack {round_vote}."""
    with uow:
        _table, ballot = _open_ballot_of_table(uow, table_id)
        costs = {o.id: o.cost_cents for o in _round_options(uow.session, ballot.id)}
        content = _content(ballot, costs, command)
        return _store(uow, ballot, RoundBallotVote(
            round_ballot_id=ballot.id, voter_key=paper_key(table_id, command.paper_label), table_id=table_id,
            paper_label=command.paper_label, content=json.dumps(content)), taken="round_paper_label_used")


def _allocation_input(session: Session, ballot: RoundBallot) -> tuple[int, list[OptionInput], list[str]]:
    options = [OptionInput(id=o.id, title=o.title, cost_cents=o.cost_cents)
               for o in sorted(_round_options(session, ballot.id), key=lambda o: o.id)]
    contents = list(session.exec(select(RoundBallotVote.content).where(
        RoundBallotVote.round_ballot_id == ballot.id).order_by(RoundBallotVote.id)).all())
    return ballot.budget_cents, options, contents


def close_round_vote(uow: UnitOfWork, *, organiser_id: int, round_id: int, compute: Compute = run_here) -> Outcome:
    """Stops the vote, then counts every vote of the round under every rule (the round's
    rule is the one that counts), where `compute` says: the server runs it off its loop.
    The vote is closed first, so the count is of a fixed set; closing again after a
    failed count counts again."""
    with uow:
        owned_round(uow, organiser_id, round_id)
        ballot = _ballot_of_round(uow.session, round_id)
        if ballot is None or ballot.state == RoundBallotState.BUILDING:
            raise DomainError("round_vote_not_open")
        if ballot.results is not None:
            raise DomainError("round_vote_closed")
        ballot.state, ballot.closed_at = RoundBallotState.CLOSED, ballot.closed_at or utcnow()
        ballot.rule = round_counting_rule(uow.session, round_id)
        read = _allocation_input(uow.session, ballot)
        uow.session.add(ballot)
        uow.commit()
    results = compute(outcomes_under_every_rule, *read)
    with uow:
        ballot = _ballot_of_round(uow.session, round_id)
        ballot.results = json.dumps(results)
        events = _changed(uow.session, ballot)
        uow.commit()
        return Outcome(events)


def record_round_decision(uow: UnitOfWork, *, organiser_id: int, round_id: int, funded: list[int]) -> Outcome:
    """The round options the round funds: as computed or otherwise, never above the budget."""
    with uow:
        owned_round(uow, organiser_id, round_id)
        ballot = _ballot_of_round(uow.session, round_id)
        if ballot is None or ballot.results is None:
            raise DomainError("round_vote_not_closed")
        costs = {o.id: o.cost_cents for o in _round_options(uow.session, ballot.id)}
        ballot.decision = json.dumps(decision_of(funded, costs, ballot.budget_cents))
        ballot.decided_at = utcnow()
        events = _changed(uow.session, ballot)
        uow.commit()
        return Outcome(events)


# -- who sees it ----------------------------------------------------------------------------

def state_for_table(uow: UnitOfWork, *, table_id: int, seats: list[int] | None = None) -> dict[str, Any] | None:
    """A phone's or console's view of the round's vote (None before it is built), and for
    a phone whether this person voted already (`you_voted`)."""
    return on_connect(uow, table_id=table_id, seats=seats)[1]


# Every phone that connects asks this, a thousand at once after a restart, and nearly always
# there is no joint vote: a plain row, and the vote's object only when there is one.
_ROUND_AND_BALLOT_OF_TABLE = Prepared(
    select(DeliberationTable.__table__.c.round_id, RoundBallot.__table__.c.id, RoundBallot.__table__.c.state)
    .select_from(DeliberationTable.__table__)
    .outerjoin(RoundBallot.__table__, RoundBallot.__table__.c.round_id == DeliberationTable.__table__.c.round_id)
    .where(DeliberationTable.__table__.c.id == bindparam("table_id")))


def on_connect(uow: UnitOfWork, *, table_id: int,
               seats: list[int] | None = None) -> tuple[int | None, dict[str, Any] | None]:
    """What a phone or console needs of the plenary when it connects, in one unit of work:
    the round of its table (whose room it joins; None for an unknown table) and the
    vote's view as `state_for_table` gives it."""
    with uow:
        row = _ROUND_AND_BALLOT_OF_TABLE.first(uow.connection, {"table_id": table_id})
        if row is None:
            return None, None
        round_id, ballot_id, state = row
        if ballot_id is None or state == RoundBallotState.BUILDING:
            return round_id, None
        ballot = uow.session.get(RoundBallot, ballot_id)
        view = public_view(uow.session, ballot)
        if seats:
            view["you_voted"] = uow.session.exec(select(RoundBallotVote.id).where(
                RoundBallotVote.round_ballot_id == ballot.id,
                RoundBallotVote.participant_id.in_(seats))).first() is not None
        return round_id, view


def wall_by_token(uow: UnitOfWork, token: object) -> dict[str, Any] | None:
    """The round wall's view, or None for a token that is not one."""
    if not isinstance(token, str) or not 0 < len(token) <= 64:
        return None
    with uow:
        ballot = uow.session.exec(select(RoundBallot).where(RoundBallot.wall_token == token)).first()
        if ballot is None:
            return None
        budget_round = uow.session.get(BudgetRound, ballot.round_id)
        return {"name": budget_round.name, **public_view(uow.session, ballot)}


def export_round_pb(uow: UnitOfWork, *, organiser_id: int, round_id: int) -> str:
    """The round's options and every vote of the plenary (phones and paper) in the Pabulib format."""
    with uow:
        budget_round = owned_round(uow, organiser_id, round_id)
        ballot = _ballot_of_round(uow.session, round_id)
        if ballot is None or ballot.results is None:
            raise DomainError("round_vote_not_closed")
        budget_cents, options, contents = _allocation_input(uow.session, ballot)
        ballots: list[BallotInput] = [ballot_input(content) for content in contents]
        return write_pb(description=f"{budget_round.name} ({budget_round.neighbourhood})",
                        budget_cents=budget_cents, options=options, ballots=ballots)
