"""Erasing a round's personal data, by hand or when its retention date has passed.

What identifies a person is their display name, the label a facilitator typed on a
paper ballot (often a name), the words of arguments the table never saw (hidden,
often because they named someone, withdrawn, or never approved) and the seat their phone holds.
Erasing removes the first three from the database and ends the seats
(services.participant_belongs_to);
the anonymous record stays — numbered participants, arguments, votes, signals — so
the minutes can still be made. Tables are closed and their console and wall links
replaced, so nobody can add to a record that is no longer anyone's. docs/PRIVACY.md
tells the organiser what is kept and for how long.
"""
from datetime import date

from sqlmodel import select

from . import accounts
from .arguments import Argument
from .ballots import Ballot, BallotRound
from .clock import utcnow
from .errors import DomainError
from .models import BudgetRound, DeliberationTable, Participant
from .table_access import owned_round
from .unit_of_work import UnitOfWork


def erase_round_personal_data(uow: UnitOfWork, *, organiser_id: int, round_id: int) -> int:
    """Returns how many participants were anonymised."""
    with uow:
        budget_round = owned_round(uow, organiser_id, round_id)
        count = _erase(uow, budget_round)
        uow.commit()
        return count


def set_retention(uow: UnitOfWork, *, organiser_id: int, round_id: int, retention_until: date | None) -> None:
    """The day after which the round's personal data goes by itself; None keeps it until erased by hand."""
    with uow:
        budget_round = owned_round(uow, organiser_id, round_id)
        if retention_until is not None and retention_until < budget_round.ends_on:
            raise DomainError("retention_before_round_ends")
        budget_round.retention_until = retention_until
        uow.session.add(budget_round)
        uow.commit()


def erase_expired_rounds(uow: UnitOfWork, *, today: date) -> list[int]:
    """Every round whose retention date has passed and is not yet erased; their ids."""
    with uow:
        expired = uow.session.exec(select(BudgetRound).where(
            BudgetRound.retention_until.is_not(None), BudgetRound.retention_until < today,
            BudgetRound.erased_at.is_(None))).all()
        for budget_round in expired:
            _erase(uow, budget_round)
        uow.commit()
        return [r.id for r in expired]


def _erase(uow: UnitOfWork, budget_round: BudgetRound) -> int:
    now = utcnow()
    tables = uow.session.exec(select(DeliberationTable).where(DeliberationTable.round_id == budget_round.id)).all()
    table_ids = [t.id for t in tables]
    participants = uow.session.exec(select(Participant).where(Participant.table_id.in_(table_ids))).all()
    for participant in participants:
        participant.display_name = None
        uow.session.add(participant)
    # Paper ballots stay paper ballots (the label marks them and keeps one vote per
    # paper), but the label becomes the ballot's own number.
    round_ids = select(BallotRound.id).where(BallotRound.table_id.in_(table_ids))
    papers = uow.session.exec(select(Ballot).where(Ballot.round_id.in_(round_ids),
                                                   Ballot.paper_label.is_not(None)).order_by(Ballot.id)).all()
    for ballot in papers:
        ballot.paper_label = f"#{ballot.id}"
        uow.session.add(ballot)
    # Arguments the table never saw (hidden, withdrawn, never approved) are not in the minutes; they were
    # often hidden because they named someone, so their words go too.
    for argument in uow.session.exec(select(Argument).where(Argument.table_id.in_(table_ids))).all():
        if argument.hidden_reason is not None or argument.withdrawn or argument.awaiting_approval:
            argument.text = ""
            uow.session.add(argument)
    for table in tables:
        table.facilitator_name = None
        table.facilitator_token = accounts.new_secret_token()
        table.wall_token = accounts.new_secret_token()
        table.closed_at = table.closed_at or now
        uow.session.add(table)
    _erase_round_vote(uow, budget_round.id)
    budget_round.erased_at = now
    uow.session.add(budget_round)
    return len(participants)


def _erase_round_vote(uow: UnitOfWork, round_id: int) -> None:
    """The round's plenary vote: paper labels (also in the key that keeps one vote per
    label) become the vote's own number, and the round wall's link is replaced."""
    from .round_votes import RoundBallot, RoundBallotVote

    ballot = uow.session.exec(select(RoundBallot).where(RoundBallot.round_id == round_id)).first()
    if ballot is None:
        return
    for vote in uow.session.exec(select(RoundBallotVote).where(RoundBallotVote.round_ballot_id == ballot.id,
                                                               RoundBallotVote.paper_label.is_not(None))).all():
        vote.paper_label, vote.voter_key = f"#{vote.id}", f"paper:#{vote.id}"
        uow.session.add(vote)
    ballot.wall_token = accounts.new_secret_token()
    uow.session.add(ballot)
