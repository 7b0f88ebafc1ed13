"""Use cases of the Inbreng and Afwegen phases: arguments, moderation, reactions.

Each function takes its command, owns its transaction and returns an Outcome; an
event about an argument carries the public view (phones, wall) and the console view.
"""
from datetime import timedelta

from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy import Connection, Insert, bindparam, insert
from sqlalchemy.exc import IntegrityError
from sqlmodel import func, select

import json

from . import views
from .arguments import (
    Argument, ArgumentMerge, Reaction, require_input_open, require_reactions_open, require_undoable_merge,
    require_visible, waits_for_approval,
)
from .clock import utcnow
from .clusters import Option
from .errors import DomainError, NotFound
from .commands import (
    ApproveArguments, CorrectArgument, EditArgument, HideArgument, MergeArguments, PinArgument, React, SetInputOpen,
    SetPremoderation, SubmitArgument, UndoMerge, UnhideArgument, WithdrawArgument,
)
from .events import Outcome, TableEvent
from .models import DeliberationTable
from .plain_rows import ArgumentRow
from .prepared import Prepared
from .table_access import get_table, next_seq, switch_table
from .unit_of_work import UnitOfWork


def submit_argument(uow: UnitOfWork, command: SubmitArgument, *, table_id: int, participant_id: int | None,
                    per_minute_limit: int | None = None) -> Outcome:
    """A phone's argument, or one the facilitator types in (CaptureArgument, participant_id
    None). Ack: {argument_id, client_id, repeat}.

    A repeat of a client id this sender already used is a success that changes nothing:
    the phone resends whatever it has not seen acknowledged. An argument about an option
    joins that option's cluster, so it stands with the option everywhere.
    """
    try:
        return _store_argument(uow, command, table_id=table_id, participant_id=participant_id,
                               per_minute_limit=per_minute_limit)
    except IntegrityError:
        # The same argument arrived twice at once; the other one was stored.
        with uow:
            return _repeat(_by_client_id(uow, table_id, command.client_id), participant_id)


def _store_argument(uow: UnitOfWork, command: SubmitArgument, *, table_id: int, participant_id: int | None,
                    per_minute_limit: int | None) -> Outcome:
    with uow:
        # As a reaction's: statements on the unit of work's connection, no Session, the new
        # row inserted by one INSERT instead of through the ORM's flush (which cost more than
        # a third of a new argument's CPU); the views are built from the values it inserted.
        connection = uow.connection
        # Nearly every argument is new, so an earlier copy is looked for only when this one
        # is refused: a resend is acknowledged again even if input has closed since, or the
        # phone has reached its limit.
        try:
            input_state = _TABLE_INPUT.first(connection, {"table_id": table_id})
            if input_state is None:
                raise NotFound("table")
            phase, input_open, premoderation = input_state
            require_input_open(phase, input_open)
            cluster_id = _cluster_of_option(uow, table_id, command.option_id)
            if participant_id is not None and per_minute_limit is not None:
                _check_rate(connection, participant_id, per_minute_limit)
        except DomainError:
            existing = _by_client_id(uow, table_id, command.client_id)
            if existing is not None:
                return _repeat(existing, participant_id)
            raise
        now = utcnow()
        row = {"table_id": table_id, "client_id": command.client_id, "participant_id": participant_id,
               "via_facilitator": participant_id is None, "stance": command.stance.value, "text": command.text,
               "pinned": False, "hidden_reason": None, "withdrawn": False, "merged_into_id": None,
               "awaiting_approval": waits_for_approval(premoderation=premoderation, participant_id=participant_id),
               "cluster_id": cluster_id, "created_at": now, "updated_at": now}
        argument_id = _INSERT_ARGUMENT.first(connection, row)[0]
        # What the views read of the row just inserted.
        argument = ArgumentRow(id=argument_id, **{name: row[name] for name in _NEW_ARGUMENT_FIELDS})
        events = [_argument_event(uow, "argument_added", table_id, argument, new=True, was_public=False)]
        if cluster_id is not None:
            events.append(TableEvent("clusters_changed", table_id, next_seq(uow, table_id, reload_after=False),
                                     payload=views.cluster_layout(uow.session, table_id)))
        uow.commit()
        return Outcome(events, _argument_ack(argument_id, command.client_id, repeat=False))


def edit_own_argument(uow: UnitOfWork, command: EditArgument, *, table_id: int, participant_id: int) -> Outcome:
    """While the table pre-moderates, a changed argument waits for approval again: an edit
    must not put on the wall what the facilitator never saw."""
    with uow:
        table, argument = _open_own_argument(uow, table_id, participant_id, command.argument_id)
        was_public = argument.visible
        argument.stance, argument.text = command.stance.value, command.text
        if table.premoderation:
            argument.awaiting_approval = True
        events = _argument_changed(uow, table_id, argument, was_public=was_public)
        uow.commit()
        return Outcome(events)


def withdraw_own_argument(uow: UnitOfWork, command: WithdrawArgument, *, table_id: int,
                          participant_id: int) -> Outcome:
    with uow:
        _table, argument = _open_own_argument(uow, table_id, participant_id, command.argument_id)
        was_public = argument.visible
        argument.withdrawn = True
        events = _argument_changed(uow, table_id, argument, was_public=was_public)
        uow.commit()
        return Outcome(events)


def correct_argument(uow: UnitOfWork, command: CorrectArgument, *, table_id: int) -> Outcome:
    """The facilitator fixes a typo or the stance; the author's words stay theirs. A waiting
    argument may be corrected before it is approved."""
    with uow:
        argument = _moderatable_argument(uow, table_id, command.argument_id)
        was_public = argument.visible
        argument.stance, argument.text = command.stance.value, command.text
        events = _argument_changed(uow, table_id, argument, was_public=was_public)
        uow.commit()
        return Outcome(events)


def hide_argument(uow: UnitOfWork, command: HideArgument, *, table_id: int) -> Outcome:
    """On the wall or waiting for approval. Its author's phone is told, with the reason;
    a waiting one hidden stays unknown to the wall and the other phones."""
    with uow:
        argument = _moderatable_argument(uow, table_id, command.argument_id)
        was_public = argument.visible
        argument.hidden_reason = command.reason
        # Hidden is the facilitator's answer: showing it again is their choice, no second approval.
        argument.awaiting_approval = False
        events = _argument_changed(uow, table_id, argument, was_public=was_public)
        uow.commit()
        return Outcome(events)


def unhide_argument(uow: UnitOfWork, command: UnhideArgument, *, table_id: int) -> Outcome:
    with uow:
        get_table(uow, table_id)
        argument = _argument(uow, table_id, command.argument_id)
        if argument.hidden_reason is None:
            raise DomainError("argument_not_hidden")
        was_public = argument.visible
        argument.hidden_reason = None
        events = _argument_changed(uow, table_id, argument, was_public=was_public)
        uow.commit()
        return Outcome(events)


def pin_argument(uow: UnitOfWork, command: PinArgument, *, table_id: int) -> Outcome:
    with uow:
        argument = _visible_argument(uow, table_id, command.argument_id)
        argument.pinned = command.pinned
        events = _argument_changed(uow, table_id, argument)
        uow.commit()
        return Outcome(events)


def set_premoderation(uow: UnitOfWork, command: SetPremoderation, *, table_id: int) -> Outcome:
    """Switching it off lets new arguments through; those already waiting stay in the
    queue until the facilitator approves or hides them (nobody checked them yet, so
    nothing reaches the wall unseen). Ack: {waiting}, how many still wait."""
    with uow:
        table = get_table(uow, table_id)
        waiting = len(_waiting(uow, table_id))
        events = switch_table(uow, table, "premoderation", command.on, event="premoderation_changed")
        uow.commit()
        return Outcome(events, {"waiting": waiting})


def approve_arguments(uow: UnitOfWork, command: ApproveArguments, *, table_id: int) -> Outcome:
    """One argument from the queue, or all the console showed ("Alles goedkeuren"): the ids
    name what the facilitator saw, so an argument that arrived a moment later is not
    approved unseen. Ids that no longer wait (approved in another window, withdrawn) are
    passed over; when none waits, `argument_not_waiting`. Ack: {approved: [ids]}."""
    with uow:
        get_table(uow, table_id)
        arguments = [_argument(uow, table_id, argument_id) for argument_id in command.argument_ids]
        waiting = [a for a in arguments if _is_waiting(a)]
        if not waiting:
            raise DomainError("argument_not_waiting")
        events = []
        for argument in waiting:
            argument.awaiting_approval = False
            # New to the wall and the other phones: they receive it as added.
            events += _argument_changed(uow, table_id, argument, was_public=False, public_name="argument_added")
        uow.commit()
        return Outcome(events, {"approved": [a.id for a in waiting]})


def merge_arguments(uow: UnitOfWork, command: MergeArguments, *, table_id: int) -> Outcome:
    """Fold a duplicate into another argument: its supporters and reactions move along
    (a participant who reacted to both keeps the reaction on the target). What moved is
    recorded, so that undo_merge puts it back."""
    with uow:
        table = get_table(uow, table_id)
        source, target = _argument(uow, table_id, command.source_id), _argument(uow, table_id, command.target_id)
        if source.id == target.id:
            raise DomainError("merge_into_itself")
        source.require_visible()
        target.require_visible()
        followed = []
        for earlier in uow.session.exec(select(Argument).where(Argument.merged_into_id == source.id)).all():
            earlier.merged_into_id = target.id
            uow.session.add(earlier)
            followed.append(earlier.id)
        on_target = set(uow.session.exec(
            select(Reaction.participant_id).where(Reaction.argument_id == target.id)).all())
        moved, dropped = [], []
        for reaction in uow.session.exec(select(Reaction).where(Reaction.argument_id == source.id)).all():
            if reaction.participant_id in on_target:
                dropped.append([reaction.id, reaction.participant_id, reaction.value])
                uow.session.delete(reaction)
            else:
                moved.append(reaction.id)
                reaction.argument_id = target.id
                uow.session.add(reaction)
        uow.session.add(ArgumentMerge(table_id=table.id, source_id=source.id, target_id=target.id,
                                      moved_reactions=json.dumps(moved), dropped_reactions=json.dumps(dropped),
                                      followed=json.dumps(followed)))
        source.merged_into_id = target.id
        source.updated_at = utcnow()
        uow.session.add(source)
        uow.session.flush()
        events = [_argument_event(uow, "argument_changed", table.id, source),
                  _argument_event(uow, "argument_changed", table.id, target)]
        uow.commit()
        return Outcome(events)


def undo_merge(uow: UnitOfWork, command: UndoMerge, *, table_id: int) -> Outcome:
    """The merged argument comes back as it was: visible again, in the group it was in
    (merging never moved it out), with the reaction rows that moved to the target (their
    values as they are now: a participant who changed it on the kept card meant it), the
    reactions dropped as doubles, and the arguments that had been merged into it."""
    with uow:
        get_table(uow, table_id)
        source = _argument(uow, table_id, command.argument_id)
        record = uow.session.exec(select(ArgumentMerge).where(ArgumentMerge.source_id == source.id)
                                  .order_by(ArgumentMerge.id.desc())).first()
        require_undoable_merge(merged_into_id=source.merged_into_id,
                               recorded_target_id=None if record is None else record.target_id)
        target = _argument(uow, table_id, record.target_id)
        for reaction_id in json.loads(record.moved_reactions):
            reaction = uow.session.get(Reaction, reaction_id)
            if reaction is not None and reaction.argument_id == target.id:
                reaction.argument_id = source.id
                uow.session.add(reaction)
        uow.session.flush()
        on_source = set(uow.session.exec(
            select(Reaction.participant_id).where(Reaction.argument_id == source.id)).all())
        for reaction_id, participant_id, value in json.loads(record.dropped_reactions):
            if participant_id not in on_source and uow.session.get(Reaction, reaction_id) is None:
                # Its own id back: an earlier merge's record may name it.
                uow.session.add(Reaction(id=reaction_id, argument_id=source.id, participant_id=participant_id,
                                         value=value))
        for argument_id in json.loads(record.followed):
            earlier = uow.session.get(Argument, argument_id)
            if earlier is not None and earlier.merged_into_id == target.id:
                earlier.merged_into_id = source.id
                uow.session.add(earlier)
        uow.session.delete(record)
        source.merged_into_id = None
        events = (_argument_changed(uow, table_id, source, was_public=False)
                  + _argument_changed(uow, table_id, target))
        uow.commit()
        return Outcome(events)


def set_input_open(uow: UnitOfWork, command: SetInputOpen, *, table_id: int) -> Outcome:
    with uow:
        table = get_table(uow, table_id)
        events = switch_table(uow, table, "input_open", command.open, event="input_changed")
        uow.commit()
        return Outcome(events)


def react(uow: UnitOfWork, command: React, *, table_id: int, participant_id: int) -> Outcome:
    """One reaction per participant per argument; reacting again changes it.

    The busiest event of an evening (every phone, every argument, in Afwegen), so it
    reads the two facts it checks in one query instead of loading the table and the
    argument, and writes with one upsert that changes a row only when the value differs.
    """
    argument_id = command.argument_id
    with uow:
        # Its statements are Core statements that load no ORM object: run on the unit of
        # work's connection, they skip the ORM (a Session, and its execution layer).
        connection = uow.connection
        found = _REACTION_TARGET.first(connection, {"table_id": table_id, "argument_id": argument_id})
        if found is None:
            get_table(uow, table_id)  # says which is missing: the table, or (below) the argument
            raise NotFound("argument")
        phase, hidden_reason, withdrawn, merged_into_id, awaiting_approval = found
        require_reactions_open(phase)
        require_visible(hidden_reason, withdrawn, merged_into_id, awaiting_approval)
        if not _upsert_reaction(uow, argument_id, participant_id, command.value.value):
            return Outcome()  # the same reaction again: nothing changed, nobody is told
        seq = next_seq(uow, table_id, reload_after=False)  # the counts are read afresh
        counts = views.reaction_counts(connection, table_id, argument_id)[argument_id]
        uow.commit()
        return Outcome([TableEvent("reaction_changed", table_id, seq,
                                   payload={"argument_id": argument_id, "reactions": counts})])


# The statements of the busiest events (an argument, a reaction), built once (building
# SQLAlchemy statements cost more CPU than running these small ones) and run on the
# driver's cursor (prepared.py: SQLAlchemy's execution layer cost more than they do).
_TABLE_INPUT = Prepared(select(DeliberationTable.phase, DeliberationTable.input_open, DeliberationTable.premoderation).where(
    DeliberationTable.id == bindparam("table_id")))
_NEW_ARGUMENT_FIELDS = tuple(name for name in ArgumentRow._fields if name != "id")
_INSERT_ARGUMENT = Prepared(insert(Argument.__table__).values(
    {column.name: bindparam(column.name, type_=column.type) for column in Argument.__table__.c if column.name != "id"},
).returning(Argument.__table__.c.id))
_RECENT_ARGUMENTS = Prepared(select(func.count()).select_from(Argument).where(
    Argument.participant_id == bindparam("participant_id"), Argument.created_at >= bindparam("since")))
_REACTION_TARGET = Prepared(
    select(DeliberationTable.phase, Argument.hidden_reason, Argument.withdrawn, Argument.merged_into_id,
           Argument.awaiting_approval)
    .join(Argument, Argument.table_id == DeliberationTable.id)
    .where(DeliberationTable.id == bindparam("table_id"), Argument.id == bindparam("argument_id")))


def _reaction_upsert(insert) -> Insert:
    # On the table itself, not through the ORM's bulk insert, which adds half again.
    statement = insert(Reaction.__table__).values(
        argument_id=bindparam("argument_id"), participant_id=bindparam("participant_id"),
        value=bindparam("value"), updated_at=bindparam("updated_at"))
    return statement.on_conflict_do_update(
        index_elements=[Reaction.argument_id, Reaction.participant_id],
        set_={"value": statement.excluded["value"], "updated_at": statement.excluded["updated_at"]},
        where=Reaction.value != statement.excluded["value"],
    ).returning(Reaction.__table__.c.id)


_REACTION_UPSERT = {"postgresql": Prepared(_reaction_upsert(postgresql_insert)),
                    "sqlite": Prepared(_reaction_upsert(sqlite_insert))}


def _upsert_reaction(uow: UnitOfWork, argument_id: int, participant_id: int, value: str) -> bool:
    """Insert the reaction, or change the participant's earlier one to `value`. Whether a
    row changed: not when it already had this value. Atomic, so a phone that sends twice
    at once cannot hit the one-reaction-per-participant constraint."""
    connection = uow.connection
    statement = _REACTION_UPSERT[connection.dialect.name]
    changed = statement.first(connection, {
        "argument_id": argument_id, "participant_id": participant_id, "value": value, "updated_at": utcnow()})
    return changed is not None


# -- helpers ------------------------------------------------------------------

def _by_client_id(uow: UnitOfWork, table_id: int, client_id: str) -> Argument | None:
    return uow.session.exec(select(Argument).where(Argument.table_id == table_id,
                                                   Argument.client_id == client_id)).first()


def _repeat(existing: Argument, participant_id: int | None) -> Outcome:
    if existing.participant_id != participant_id:
        raise DomainError("invalid_payload")  # somebody else's id: never theirs to confirm
    return Outcome([], _argument_ack(existing.id, existing.client_id, repeat=True))


def _argument_ack(argument_id: int, client_id: str, *, repeat: bool) -> dict:
    return {"argument_id": argument_id, "client_id": client_id, "repeat": repeat}


def _cluster_of_option(uow: UnitOfWork, table_id: int, option_id: int | None) -> int | None:
    if option_id is None:
        return None
    option = uow.session.get(Option, option_id)
    if option is None or option.table_id != table_id:
        raise DomainError("option_not_found")
    return option.cluster_id


def _check_rate(connection: Connection, participant_id: int, per_minute_limit: int) -> None:
    since = utcnow() - timedelta(minutes=1)
    recent = _RECENT_ARGUMENTS.first(connection, {"participant_id": participant_id, "since": since})[0]
    if recent >= per_minute_limit:
        raise DomainError("too_many_arguments", limit=per_minute_limit)


def _argument(uow: UnitOfWork, table_id: int, argument_id: int) -> Argument:
    argument = uow.session.get(Argument, argument_id)
    if argument is None or argument.table_id != table_id:
        raise NotFound("argument")
    return argument


def _visible_argument(uow: UnitOfWork, table_id: int, argument_id: int) -> Argument:
    get_table(uow, table_id)
    argument = _argument(uow, table_id, argument_id)
    argument.require_visible()
    return argument


def _moderatable_argument(uow: UnitOfWork, table_id: int, argument_id: int) -> Argument:
    get_table(uow, table_id)
    argument = _argument(uow, table_id, argument_id)
    argument.require_moderatable()
    return argument


def _is_waiting(argument: Argument) -> bool:
    try:
        argument.require_waiting()
    except DomainError:
        return False
    return True


def _waiting(uow: UnitOfWork, table_id: int) -> list[Argument]:
    candidates = uow.session.exec(select(Argument).where(Argument.table_id == table_id,
                                                         Argument.awaiting_approval.is_(True))).all()
    return [a for a in candidates if _is_waiting(a)]


def _open_own_argument(uow: UnitOfWork, table_id: int, participant_id: int,
                       argument_id: int) -> tuple[DeliberationTable, Argument]:
    """Its author may still change or withdraw it while it is on the wall or waits for approval."""
    table, argument = get_table(uow, table_id), _argument(uow, table_id, argument_id)
    if argument.participant_id != participant_id:
        raise DomainError("not_your_argument")
    require_input_open(table.phase, table.input_open)
    argument.require_moderatable()
    return table, argument


def _argument_changed(uow: UnitOfWork, table_id: int, argument: Argument, *, was_public: bool = True,
                      public_name: str | None = None) -> list[TableEvent]:
    argument.updated_at = utcnow()
    uow.session.add(argument)
    uow.session.flush()
    return [_argument_event(uow, "argument_changed", table_id, argument, was_public=was_public,
                            public_name=public_name)]


def _argument_event(uow: UnitOfWork, name: str, table_id: int, argument: Argument | ArgumentRow, *,
                    new: bool = False, was_public: bool = True, public_name: str | None = None) -> TableEvent:
    """`new`: the argument was stored just now, by this unit of work, which holds it as it is.

    An argument the wall and the other phones neither saw before nor see now (waiting,
    or hidden while it waited) reaches only the console and its author. Its author's
    phone hears of every change to its own argument, except a new one that is on the
    wall at once: the busiest event of an evening, and the phone has its ack."""
    seq = next_seq(uow, table_id, reload_after=not new)
    # A new argument's views read only its author: on the connection, no Session needed.
    public, console, own = views.argument_views(uow.connection if new else uow.session, argument, new=new)
    tell_author = argument.participant_id is not None and not (new and argument.visible)
    return TableEvent(name, table_id, seq, payload={"argument": public}, console_payload={"argument": console},
                      public_name=public_name, console_only=not was_public and not argument.visible,
                      author_id=argument.participant_id if tell_author else None,
                      author_payload={"argument": own} if tell_author else None)
