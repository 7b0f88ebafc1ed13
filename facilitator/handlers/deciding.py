"""Events of Verdelen and Besluiten.

Every ballot change sends everybody `ballots_changed`: turnout and the aggregate per
option. Every consensus change sends everybody `consensus_changed`: the latest round's
anonymous tally, the reasons given (never by whom), and the decision once recorded."""
from sessions import ballot_services, commands, consensus_services
from sessions.events import Outcome

from .. import unit_of_work
from ..connections import CONSOLE, PHONE, Connection
from ..dispatch import table_event
from ..offload import runner


@table_event(commands.OpenBallotRound, roles=(CONSOLE,))
def open_ballot_round(connection: Connection, command: commands.OpenBallotRound) -> Outcome:
    """Console: a new round on the current options, in the frame's ballot form."""
    return ballot_services.open_ballot_round(unit_of_work(), command, table_id=connection.table_id)


@table_event(commands.CloseBallotRound, roles=(CONSOLE,))
def close_ballot_round(connection: Connection, command: commands.CloseBallotRound) -> Outcome:
    """Console: stops the voting and computes the outcome under each rule."""
    return ballot_services.close_ballot_round(unit_of_work(), command, table_id=connection.table_id,
                                              compute=runner("allocation"))


@table_event(commands.CastBallot, roles=(PHONE,))
def cast_ballot(connection: Connection, command: commands.CastBallot) -> Outcome:
    """Phone: {approved: [option ids]} (kiezen) or {points: {option id: points}} (verdelen).
    A new ballot replaces the previous one. Ack {ballot}."""
    return ballot_services.cast_ballot(unit_of_work(), command, table_id=connection.table_id,
                                       participant_id=connection.participant_id)


@table_event(commands.CastPaperBallot, roles=(CONSOLE,))
def cast_paper_ballot(connection: Connection, command: commands.CastPaperBallot) -> Outcome:
    """Console, for someone without a phone: {paper_label, approved | points}. Ack {ballot}."""
    return ballot_services.cast_paper_ballot(unit_of_work(), command, table_id=connection.table_id)


@table_event(commands.Propose, roles=(CONSOLE,))
def propose(connection: Connection, command: commands.Propose) -> Outcome:
    """Console: {option_ids, based_on_rule?}: a proposal within the budget opens a round."""
    return consensus_services.propose(unit_of_work(), command, table_id=connection.table_id)


@table_event(commands.GiveSignal, roles=(PHONE,))
def give_signal(connection: Connection, command: commands.GiveSignal) -> Outcome:
    """Phone: {level 1-5, reason?}; 5 (objection) needs a reason. A new signal replaces the old."""
    return consensus_services.give_signal(unit_of_work(), command, table_id=connection.table_id,
                                          participant_id=connection.participant_id)


@table_event(commands.GivePaperSignal, roles=(CONSOLE,))
def give_paper_signal(connection: Connection, command: commands.GivePaperSignal) -> Outcome:
    """Console, for someone without a phone: {paper_label, level, reason?}; the same label replaces."""
    return consensus_services.give_paper_signal(unit_of_work(), command, table_id=connection.table_id)


@table_event(commands.CloseConsensusRound, roles=(CONSOLE,))
def close_consensus_round(connection: Connection, command: commands.CloseConsensusRound) -> Outcome:
    """Console: stops the signals and computes the outcome under the table's consensus rule."""
    return consensus_services.close_consensus_round(unit_of_work(), command, table_id=connection.table_id)


@table_event(commands.RecordDecision, roles=(CONSOLE,))
def record_decision(connection: Connection, command: commands.RecordDecision) -> Outcome:
    """Console: {outcome?, override_reason?}: the computed outcome, or another with a reason."""
    return consensus_services.record_decision(unit_of_work(), command, table_id=connection.table_id)
