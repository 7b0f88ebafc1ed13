"""Use cases of the Inbreng and Afwegen phases: arguments, moderation, reactions.

Each function takes its command, owns its transaction and returns an Outcome; an
event about an argument carries the public view (phones, wall) and the console view.
"""
from datetime import timedelta

from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy import Insert, bindparam
from sqlalchemy.exc import IntegrityError
from sqlmodel import func, select

from . import views
from .arguments import Argument, Reaction, require_input_open, require_reactions_open, require_visible
from .clock import utcnow
from .clusters import Option
from .errors import DomainError, NotFound
from .commands import (
    CorrectArgument, EditArgument, HideArgument, MergeArguments, PinArgument, React, SetInputOpen, SubmitArgument,
    UnhideArgument, WithdrawArgument,
)
from .events import Outcome, TableEvent
from .models import DeliberationTable
from .table_access import get_table, next_seq
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
        # Nearly every argument is new, so an earlier copy is looked for only when this one
        # is refused: a resend is acknowledged again even if input has closed since, or the
        # phone has reached its limit.
        try:
            input_state = uow.session.execute(_TABLE_INPUT, {"table_id": table_id}).first()
            if input_state is None:
                raise NotFound("table")
            require_input_open(*input_state)
            cluster_id = _cluster_of_option(uow, table_id, command.option_id)
            if participant_id is not None and per_minute_limit is not None:
                _check_rate(uow, participant_id, per_minute_limit)
        except DomainError:
            existing = _by_client_id(uow, table_id, command.client_id)
            if existing is not None:
                return _repeat(existing, participant_id)
            raise
        argument = Argument(table_id=table_id, client_id=command.client_id, participant_id=participant_id,
                            via_facilitator=participant_id is None, stance=command.stance.value, text=command.text,
                            cluster_id=cluster_id)
        uow.session.add(argument)
        uow.session.flush()
        events = [_argument_event(uow, "argument_added", table_id, argument, new=True)]
        if cluster_id is not None:
            events.append(TableEvent("clusters_changed", table_id, next_seq(uow, table_id, reload_after=False),
                                     payload=views.cluster_layout(uow.session, table_id)))
        uow.commit()
        return Outcome(events, _argument_ack(argument.id, command.client_id, repeat=False))


def edit_own_argument(uow: UnitOfWork, command: EditArgument, *, table_id: int, participant_id: int) -> Outcome:
    with uow:
        argument = _open_own_argument(uow, table_id, participant_id, command.argument_id)
        argument.stance, argument.text = command.stance.value, command.text
        events = _argument_changed(uow, table_id, argument)
        uow.commit()
        return Outcome(events)


def withdraw_own_argument(uow: UnitOfWork, command: WithdrawArgument, *, table_id: int,
                          participant_id: int) -> Outcome:
    with uow:
        argument = _open_own_argument(uow, table_id, participant_id, command.argument_id)
        argument.withdrawn = True
        events = _argument_changed(uow, table_id, argument)
        uow.commit()
        return Outcome(events)


def correct_argument(uow: UnitOfWork, command: CorrectArgument, *, table_id: int) -> Outcome:
    """The facilitator fixes a typo or the stance; the author's words stay theirs."""
    with uow:
        argument = _visible_argument(uow, table_id, command.argument_id)
        argument.stance, argument.text = command.stance.value, command.text
        events = _argument_changed(uow, table_id, argument)
        uow.commit()
        return Outcome(events)


def hide_argument(uow: UnitOfWork, command: HideArgument, *, table_id: int) -> Outcome:
    with uow:
        argument = _visible_argument(uow, table_id, command.argument_id)
        argument.hidden_reason = command.reason
        events = _argument_changed(uow, table_id, argument)
        uow.commit()
        return Outcome(events)


def unhide_argument(uow: UnitOfWork, command: UnhideArgument, *, table_id: int) -> Outcome:
    with uow:
        get_table(uow, table_id)
        argument = _argument(uow, table_id, command.argument_id)
        if argument.hidden_reason is None:
            raise DomainError("argument_not_hidden")
        argument.hidden_reason = None
        events = _argument_changed(uow, table_id, argument)
        uow.commit()
        return Outcome(events)


def pin_argument(uow: UnitOfWork, command: PinArgument, *, table_id: int) -> Outcome:
    with uow:
        argument = _visible_argument(uow, table_id, command.argument_id)
        argument.pinned = command.pinned
        events = _argument_changed(uow, table_id, argument)
        uow.commit()
        return Outcome(events)


def merge_arguments(uow: UnitOfWork, command: MergeArguments, *, table_id: int) -> Outcome:
    """Fold a duplicate into another argument: its supporters and reactions move along
    (a participant who reacted to both keeps the reaction on the target)."""
    with uow:
        table = get_table(uow, table_id)
        source, target = _argument(uow, table_id, command.source_id), _argument(uow, table_id, command.target_id)
        if source.id == target.id:
            raise DomainError("merge_into_itself")
        source.require_visible()
        target.require_visible()
        for earlier in uow.session.exec(select(Argument).where(Argument.merged_into_id == source.id)).all():
            earlier.merged_into_id = target.id
            uow.session.add(earlier)
        on_target = set(uow.session.exec(
            select(Reaction.participant_id).where(Reaction.argument_id == target.id)).all())
        for reaction in uow.session.exec(select(Reaction).where(Reaction.argument_id == source.id)).all():
            if reaction.participant_id in on_target:
                uow.session.delete(reaction)
            else:
                reaction.argument_id = target.id
                uow.session.add(reaction)
        source.merged_into_id = target.id
        source.updated_at = utcnow()
        uow.session.add(source)
        uow.session.flush()
        events = [_argument_event(uow, "argument_changed", table.id, source),
                  _argument_event(uow, "argument_changed", table.id, target)]
        uow.commit()
        return Outcome(events)


def set_input_open(uow: UnitOfWork, command: SetInputOpen, *, table_id: int) -> Outcome:
    with uow:
        table = get_table(uow, table_id)
        if table.input_open == command.open:
            return Outcome()
        table.input_open = command.open
        uow.session.add(table)
        seq = next_seq(uow, table.id)
        uow.commit()
        return Outcome([TableEvent("input_changed", table.id, seq, payload={"input_open": command.open})])


def react(uow: UnitOfWork, command: React, *, table_id: int, participant_id: int) -> Outcome:
    """One reaction per participant per argument; reacting again changes it.

    The busiest event of an evening (every phone, every argument, in Afwegen), so it
    reads the two facts it checks in one query instead of loading the table and the
    argument, and writes with one upsert that changes a row only when the value differs.
    """
    argument_id = command.argument_id
    with uow:
        found = uow.session.execute(_REACTION_TARGET, {"table_id": table_id, "argument_id": argument_id}).first()
        if found is None:
            get_table(uow, table_id)  # says which is missing: the table, or (below) the argument
            raise NotFound("argument")
        phase, hidden_reason, withdrawn, merged_into_id = found
        require_reactions_open(phase)
        require_visible(hidden_reason, withdrawn, merged_into_id)
        if not _upsert_reaction(uow, argument_id, participant_id, command.value.value):
            return Outcome()  # the same reaction again: nothing changed, nobody is told
        seq = next_seq(uow, table_id, reload_after=False)  # the counts are read afresh
        counts = views.reaction_counts(uow.session, table_id, argument_id)[argument_id]
        uow.commit()
        return Outcome([TableEvent("reaction_changed", table_id, seq,
                                   payload={"argument_id": argument_id, "reactions": counts})])


# The statements of the busiest events (an argument, a reaction), built once: building
# SQLAlchemy statements cost more CPU than running these small ones (profiled: a third
# of a reaction went to building them).
_TABLE_INPUT = select(DeliberationTable.phase, DeliberationTable.input_open).where(
    DeliberationTable.id == bindparam("table_id"))
_RECENT_ARGUMENTS = select(func.count()).select_from(Argument).where(
    Argument.participant_id == bindparam("participant_id"), Argument.created_at >= bindparam("since"))
_REACTION_TARGET = (
    select(DeliberationTable.phase, Argument.hidden_reason, Argument.withdrawn, Argument.merged_into_id)
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


_REACTION_UPSERT = {"postgresql": _reaction_upsert(postgresql_insert), "sqlite": _reaction_upsert(sqlite_insert)}


def _upsert_reaction(uow: UnitOfWork, argument_id: int, participant_id: int, value: str) -> bool:
    """Insert the reaction, or change the participant's earlier one to `value`. Whether a
    row changed: not when it already had this value. Atomic, so a phone that sends twice
    at once cannot hit the one-reaction-per-participant constraint."""
    statement = _REACTION_UPSERT[uow.session.get_bind().dialect.name]
    changed = uow.session.execute(statement, {
        "argument_id": argument_id, "participant_id": participant_id, "value": value, "updated_at": utcnow()})
    return changed.first() is not None


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


def _check_rate(uow: UnitOfWork, participant_id: int, per_minute_limit: int) -> None:
    since = utcnow() - timedelta(minutes=1)
    recent = uow.session.execute(_RECENT_ARGUMENTS, {"participant_id": participant_id, "since": since}).scalar_one()
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


def _open_own_argument(uow: UnitOfWork, table_id: int, participant_id: int, argument_id: int) -> Argument:
    table, argument = get_table(uow, table_id), _argument(uow, table_id, argument_id)
    if argument.participant_id != participant_id:
        raise DomainError("not_your_argument")
    require_input_open(table.phase, table.input_open)
    argument.require_visible()
    return argument


def _argument_changed(uow: UnitOfWork, table_id: int, argument: Argument) -> list[TableEvent]:
    argument.updated_at = utcnow()
    uow.session.add(argument)
    uow.session.flush()
    return [_argument_event(uow, "argument_changed", table_id, argument)]


def _argument_event(uow: UnitOfWork, name: str, table_id: int, argument: Argument, *,
                    new: bool = False) -> TableEvent:
    """`new`: the argument was stored just now, by this unit of work, which holds it as it is."""
    seq = next_seq(uow, table_id, reload_after=not new)
    public, console = views.argument_views(uow.session, argument, new=new)
    return TableEvent(name, table_id, seq, payload={"argument": public}, console_payload={"argument": console})
