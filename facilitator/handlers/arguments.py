"""Events of Inbreng and Afwegen: arguments, moderation, reactions.

Every change sends everybody `argument_changed` (or `argument_added`); phones and the
wall get {id, visible: false} for an argument that left the wall, the console all of it.
An argument waiting for approval reaches only the console and its author (see rooms.py)."""
from flask import current_app

from sessions import argument_services, commands
from sessions.events import Outcome

from .. import unit_of_work
from ..connections import CONSOLE, PHONE, Connection
from ..dispatch import table_event


@table_event(commands.SubmitArgument, roles=(PHONE,))
def submit_argument(connection: Connection, command: commands.SubmitArgument) -> Outcome:
    """Phone: {client_id, stance, text, option_id?}. Ack {argument_id, client_id, repeat}; a resend of a
    client_id already stored is acknowledged again. Everybody receives `argument_added`."""
    return argument_services.submit_argument(
        unit_of_work(), command, table_id=connection.table_id, participant_id=connection.participant_id,
        per_minute_limit=current_app.config["ARGUMENTS_PER_MINUTE"])


@table_event(commands.CaptureArgument, roles=(CONSOLE,))
def capture_argument(connection: Connection, command: commands.CaptureArgument) -> Outcome:
    """Console, for someone without a phone: {client_id, stance, text, option_id?}. Marked
    "via de gespreksleider". Everybody receives `argument_added`."""
    return argument_services.submit_argument(unit_of_work(), command, table_id=connection.table_id,
                                             participant_id=None)


@table_event(commands.EditArgument, roles=(PHONE,))
def edit_argument(connection: Connection, command: commands.EditArgument) -> Outcome:
    """Phone, its own argument while input is open: {argument_id, stance, text}."""
    return argument_services.edit_own_argument(unit_of_work(), command, table_id=connection.table_id,
                                               participant_id=connection.participant_id)


@table_event(commands.WithdrawArgument, roles=(PHONE,))
def withdraw_argument(connection: Connection, command: commands.WithdrawArgument) -> Outcome:
    """Phone, its own argument while input is open: {argument_id}."""
    return argument_services.withdraw_own_argument(unit_of_work(), command, table_id=connection.table_id,
                                                   participant_id=connection.participant_id)


@table_event(commands.CorrectArgument, roles=(CONSOLE,))
def correct_argument(connection: Connection, command: commands.CorrectArgument) -> Outcome:
    """Console: fix a typo or the stance: {argument_id, stance, text}."""
    return argument_services.correct_argument(unit_of_work(), command, table_id=connection.table_id)


@table_event(commands.HideArgument, roles=(CONSOLE,))
def hide_argument(connection: Connection, command: commands.HideArgument) -> Outcome:
    """Console: {argument_id, reason}. Phones and wall drop it; the record keeps it."""
    return argument_services.hide_argument(unit_of_work(), command, table_id=connection.table_id)


@table_event(commands.UnhideArgument, roles=(CONSOLE,))
def unhide_argument(connection: Connection, command: commands.UnhideArgument) -> Outcome:
    """Console: undo a hide: {argument_id}."""
    return argument_services.unhide_argument(unit_of_work(), command, table_id=connection.table_id)


@table_event(commands.PinArgument, roles=(CONSOLE,))
def pin_argument(connection: Connection, command: commands.PinArgument) -> Outcome:
    """Console: {argument_id, pinned: bool}. Pinned arguments lead on the wall."""
    return argument_services.pin_argument(unit_of_work(), command, table_id=connection.table_id)


@table_event(commands.MergeArguments, roles=(CONSOLE,))
def merge_arguments(connection: Connection, command: commands.MergeArguments) -> Outcome:
    """Console: fold source into target: {source_id, target_id}. Two `argument_changed` events follow."""
    return argument_services.merge_arguments(unit_of_work(), command, table_id=connection.table_id)


@table_event(commands.UndoMerge, roles=(CONSOLE,))
def undo_merge(connection: Connection, command: commands.UndoMerge) -> Outcome:
    """Console: {argument_id} of a merged argument: it comes back as it was. Two `argument_changed` follow."""
    return argument_services.undo_merge(unit_of_work(), command, table_id=connection.table_id)


@table_event(commands.SetPremoderation, roles=(CONSOLE,))
def set_premoderation(connection: Connection, command: commands.SetPremoderation) -> Outcome:
    """Console: {on: bool}. Everybody receives `premoderation_changed`; ack {waiting}."""
    return argument_services.set_premoderation(unit_of_work(), command, table_id=connection.table_id)


@table_event(commands.ApproveArguments, roles=(CONSOLE,))
def approve_arguments(connection: Connection, command: commands.ApproveArguments) -> Outcome:
    """Console: {argument_ids}. Per argument, the console receives `argument_changed`, phones and
    wall `argument_added`, its author `own_argument_changed`. Ack {approved}."""
    return argument_services.approve_arguments(unit_of_work(), command, table_id=connection.table_id)


@table_event(commands.SetInputOpen, roles=(CONSOLE,))
def set_input_open(connection: Connection, command: commands.SetInputOpen) -> Outcome:
    """Console: {open: bool}. Everybody receives `input_changed`."""
    return argument_services.set_input_open(unit_of_work(), command, table_id=connection.table_id)


@table_event(commands.React, roles=(PHONE,))
def react(connection: Connection, command: commands.React) -> Outcome:
    """Phone, in Afwegen: {argument_id, value: agree|disagree|pass}. Everybody receives
    `reaction_changed` with the new counts."""
    return argument_services.react(unit_of_work(), command, table_id=connection.table_id,
                                   participant_id=connection.participant_id)
