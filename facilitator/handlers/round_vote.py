"""Events of the plenary vote of a round (gezamenlijke stemming). A phone votes once per
person across the round; a facilitator enters paper ballots. Every vote sends the round's
room `round_vote_changed` (turnout and the live tally)."""
from flask import session

from sessions import commands, round_vote_services
from sessions.events import Outcome

from .. import unit_of_work
from ..connections import CONSOLE, PHONE, Connection
from ..dispatch import table_event


def browser_seats() -> list[int]:
    """Every seat this browser holds (the signed cookie's `participant_of`), at any table:
    the service keeps those at the round's tables and recognises the person by them."""
    return [seat for seat in session.get("participant_of", {}).values() if isinstance(seat, int)]


@table_event(commands.CastRoundVote, roles=(PHONE,))
def cast_round_vote(connection: Connection, command: commands.CastRoundVote) -> Outcome:
    """Phone: {approved} (kiezen) or {points} (verdelen) on the round options, once per person. Ack {round_vote}."""
    return round_vote_services.cast_round_vote(unit_of_work(), command, table_id=connection.table_id,
                                               participant_id=connection.participant_id, seats=browser_seats())


@table_event(commands.CastRoundPaperVote, roles=(CONSOLE,))
def cast_round_paper_vote(connection: Connection, command: commands.CastRoundPaperVote) -> Outcome:
    """Console: {paper_label, approved | points}, once per label at this table. Ack {round_vote}."""
    return round_vote_services.cast_round_paper_vote(unit_of_work(), command, table_id=connection.table_id)
