"""Use cases of the Verdelen phase: opening and closing a ballot round, and casting
ballots from phones or from paper. Every change sends everybody `ballots_changed`
with the turnout and the live aggregate per option."""
import json

from sqlalchemy import and_, bindparam
from sqlalchemy.exc import IntegrityError
from sqlmodel import func, select

from . import deciding_views
from .allocation import OptionInput, allocate_all
from .ballots import Ballot, BallotRound, ballot_input, clean_approval, clean_points
from .clock import utcnow
from .clusters import Option
from .computing import Compute, run_here
from .errors import DomainError
from .commands import CastBallot, CastPaperBallot, CloseBallotRound, OpenBallotRound
from .events import Outcome, TableEvent
from .frame import BallotForm
from .frame_consent_services import governing_frame
from .table_access import get_table, next_seq, table_budget
from .unit_of_work import UnitOfWork


def open_ballot_round(uow: UnitOfWork, _command: OpenBallotRound, *, table_id: int) -> Outcome:
    """A new round on the table's options, in the ballot form of its frame."""
    with uow:
        table = get_table(uow, table_id)
        if deciding_views.current_ballot_round(uow.session, table_id) is not None:
            raise DomainError("ballot_round_open")
        if not deciding_views.option_costs(uow.session, table_id):
            raise DomainError("no_options")
        # The agreed frame's form; until the table agreed one, the recorded draft's.
        frame = governing_frame(uow.session, table_id)
        number = (uow.session.exec(select(func.max(BallotRound.number))
                                   .where(BallotRound.table_id == table_id)).one() or 0) + 1
        uow.session.add(BallotRound(
            table_id=table_id, number=number, ballot_form=frame["ballot_form"],
            budget_cents=table_budget(uow, table)))
        events = _tally_changed(uow, table_id)
        uow.commit()
        return Outcome(events)


# Tries at closing with the rules run outside the transaction; the last runs them inside.
CLOSE_ATTEMPTS = 3


def close_ballot_round(uow: UnitOfWork, _command: CloseBallotRound, *, table_id: int,
                       compute: Compute = run_here) -> Outcome:
    """Stops the voting and computes the outcome under each rule, side by side.

    The rules take seconds on a big round, so they run between two transactions, where
    `compute` says (the server: off its event loop), on the ballots read in the first.
    The second closes the round, which no ballot passes any more, and keeps the outcomes
    only if the ballots and options are still those: a ballot cast while the rules ran
    makes them run again. The last try runs them after closing, so it always ends."""
    for attempt in range(CLOSE_ATTEMPTS):
        after_closing = attempt == CLOSE_ATTEMPTS - 1
        if not after_closing:
            with uow:
                read = _allocation_input(uow, table_id, _open_round(uow, table_id))
            outcomes = compute(_outcomes, *read)
        with uow:
            ballot_round = _open_round(uow, table_id)
            ballot_round.closed_at = utcnow()
            uow.session.add(ballot_round)
            uow.session.flush()  # closed from here on (SQLite: the write lock is held)
            now = _allocation_input(uow, table_id, ballot_round)
            if after_closing:
                outcomes = compute(_outcomes, *now)
            elif now != read:
                continue
            ballot_round.results = json.dumps(outcomes)
            uow.session.add(ballot_round)
            events = _tally_changed(uow, table_id)
            uow.commit()
            return Outcome(events)
    raise AssertionError("the last attempt always returns")


def cast_ballot(uow: UnitOfWork, command: CastBallot, *, table_id: int, participant_id: int) -> Outcome:
    """A phone's ballot; a second one replaces the first. Ack: {ballot}."""
    return _cast(uow, command, table_id=table_id, participant_id=participant_id, paper_label=None)


def cast_paper_ballot(uow: UnitOfWork, command: CastPaperBallot, *, table_id: int) -> Outcome:
    """A ballot the facilitator enters for someone without a phone, under a label
    the table agrees (for example "Kaart 3"); the same label replaces it. Ack: {ballot}."""
    return _cast(uow, command, table_id=table_id, participant_id=None, paper_label=command.paper_label)


def _cast(uow: UnitOfWork, command: CastBallot, *, table_id: int, participant_id: int | None,
          paper_label: str | None) -> Outcome:
    for attempt in range(2):
        with uow:
            ballot_round, ballot = _open_round_and_ballot(uow, table_id, participant_id, paper_label)
            costs = deciding_views.option_costs(uow.session, table_id)
            if ballot_round.ballot_form == BallotForm.KIEZEN.value:
                content = {"approved": clean_approval(command.approved, costs=costs,
                                                      budget_cents=ballot_round.budget_cents)}
            else:
                content = {"points": clean_points(command.points, costs=costs)}
            ballot = ballot or Ballot(round_id=ballot_round.id, participant_id=participant_id,
                                      paper_label=paper_label, content="")
            ballot.content, ballot.cast_at = json.dumps(content), utcnow()
            uow.session.add(ballot)
            try:
                uow.session.flush()
            except IntegrityError:
                # Two ballots of one voter at the same moment: the other was stored first;
                # go round once more and replace it.
                continue
            events = _tally_changed(uow, table_id, ballot_round=ballot_round, costs=costs)
            uow.commit()
            return Outcome(events, {"ballot": content})
    raise DomainError("server_busy")


def _open_round_and_ballot(uow: UnitOfWork, table_id: int, participant_id: int | None,
                           paper_label: str | None) -> tuple[BallotRound, Ballot | None]:
    """The open round and this voter's ballot in it, if any, in one query."""
    on_paper = participant_id is None
    voter = paper_label if on_paper else participant_id
    params = {"table_id": table_id, "voter": voter}
    row = uow.session.execute(_ROUND_AND_BALLOT[on_paper], params).first()
    if row is None:
        # No such table, or no open round: _open_round raises which. If it does not, a
        # round opened just now, and the same query finds it.
        _open_round(uow, table_id)
        row = uow.session.execute(_ROUND_AND_BALLOT[on_paper], params).one()
    return row[0], row[1]


def _round_and_ballot(on_paper: bool):
    voter = (Ballot.paper_label if on_paper else Ballot.participant_id) == bindparam("voter")
    return (select(BallotRound, Ballot).outerjoin(Ballot, and_(Ballot.round_id == BallotRound.id, voter))
            .where(BallotRound.table_id == bindparam("table_id"), BallotRound.closed_at.is_(None)))


# Run with every ballot, a phone's or a paper one (keyed by that): built once, as building
# it costs more than running it.
_ROUND_AND_BALLOT = {on_paper: _round_and_ballot(on_paper) for on_paper in (False, True)}


def _allocation_input(uow: UnitOfWork, table_id: int,
                      ballot_round: BallotRound) -> tuple[int, list[OptionInput], list[str]]:
    """What the rules take, as plain values: the budget, the options, the ballots' contents."""
    options = [OptionInput(id=o.id, title=o.title, cost_cents=o.cost_cents) for o in uow.session.exec(
        select(Option).where(Option.table_id == table_id).order_by(Option.id)).all()]
    contents = list(uow.session.exec(select(Ballot.content).where(Ballot.round_id == ballot_round.id)
                                     .order_by(Ballot.id)).all())
    return ballot_round.budget_cents, options, contents


def _outcomes(budget_cents: int, options: list[OptionInput], contents: list[str]) -> dict:
    """Pure: the three rules on a round's input, as stored in `BallotRound.results`."""
    outcomes = allocate_all(budget_cents=budget_cents, options=options,
                            ballots=[ballot_input(content) for content in contents])
    return {rule: {"funded": outcome.funded, "total_cost_cents": outcome.total_cost_cents,
                   "left_cents": outcome.left_cents,
                   "explanations": {str(option_id): {"nl": e.nl, "en": e.en}
                                    for option_id, e in outcome.explanations.items()}}
            for rule, outcome in outcomes.items()}


def _open_round(uow: UnitOfWork, table_id: int) -> BallotRound:
    get_table(uow, table_id)
    ballot_round = deciding_views.current_ballot_round(uow.session, table_id)
    if ballot_round is None:
        raise DomainError("ballot_round_closed")
    return ballot_round


def _tally_changed(uow: UnitOfWork, table_id: int, *, ballot_round: BallotRound | None = None,
                   costs: dict[int, int] | None = None) -> list[TableEvent]:
    """`ballot_round` (the latest) and `costs`, when the caller has them, are not read again."""
    uow.session.flush()
    # The tally reads afresh what may change (the round's state, the ballots): nothing to reload.
    seq = next_seq(uow, table_id, reload_after=ballot_round is None)
    tally = deciding_views.ballot_tally(uow.session, table_id, ballot_round=ballot_round, costs=costs)
    return [TableEvent("ballots_changed", table_id, seq, payload={"ballots": tally})]
