"""Events of Kaders: the table's frame."""
from sessions import commands, frame_consent_services, frame_services
from sessions.events import Outcome

from .. import unit_of_work
from ..connections import CONSOLE, PHONE, Connection
from ..dispatch import table_event


@table_event(commands.SaveFrame, roles=(CONSOLE,))
def save_frame(connection: Connection, command: commands.SaveFrame) -> Outcome:
    """Console: the whole frame. Everybody receives `frame_changed`."""
    return frame_services.save_frame(unit_of_work(), command, table_id=connection.table_id)


# -- The frame agreed by the table: a consent round on the proposed frame. Every change
#    sends everybody `frame_consent_changed`: the rounds' anonymous tallies and the open
#    suggestions, never who answered or suggested what.

@table_event(commands.ProposeFrame, roles=(CONSOLE,))
def propose_frame(connection: Connection, command: commands.ProposeFrame) -> Outcome:
    """Console: puts the draft frame to the table in a new frame consent round."""
    return frame_consent_services.propose_frame(unit_of_work(), command, table_id=connection.table_id)


@table_event(commands.GiveFrameSignal, roles=(PHONE,))
def give_frame_signal(connection: Connection, command: commands.GiveFrameSignal) -> Outcome:
    """Phone: {level 1-5, reason?}; 5 (objection) needs a reason. A new answer replaces the old."""
    return frame_consent_services.give_frame_signal(unit_of_work(), command, table_id=connection.table_id,
                                                    participant_id=connection.participant_id)


@table_event(commands.GivePaperFrameSignal, roles=(CONSOLE,))
def give_paper_frame_signal(connection: Connection, command: commands.GivePaperFrameSignal) -> Outcome:
    """Console, for someone without a phone: {paper_label, level, reason?}."""
    return frame_consent_services.give_paper_frame_signal(unit_of_work(), command, table_id=connection.table_id)


@table_event(commands.CloseFrameRound, roles=(CONSOLE,))
def close_frame_round(connection: Connection, command: commands.CloseFrameRound) -> Outcome:
    """Console: closes the round; when the consensus rule is met the frame is agreed."""
    return frame_consent_services.close_frame_round(unit_of_work(), command, table_id=connection.table_id)


@table_event(commands.SuggestForFrame, roles=(PHONE,))
def suggest_for_frame(connection: Connection, command: commands.SuggestForFrame) -> Outcome:
    """Phone: {kind: goal | condition, text}. Ack {suggestion_id}."""
    return frame_consent_services.suggest_for_frame(unit_of_work(), command, table_id=connection.table_id)


@table_event(commands.SettleFrameSuggestion, roles=(CONSOLE,))
def settle_frame_suggestion(connection: Connection, command: commands.SettleFrameSuggestion) -> Outcome:
    """Console: {suggestion_id, take}: into the draft (also `frame_changed`), or set aside."""
    return frame_consent_services.settle_frame_suggestion(unit_of_work(), command, table_id=connection.table_id)
