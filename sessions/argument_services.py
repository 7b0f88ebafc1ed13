"""Use cases of the Inbreng and Afwegen phases: arguments, moderation, reactions.

Each function owns its transaction and returns the events it caused; an event
about an argument carries the public view (phones, wall) and the console view.
"""
from datetime import timedelta

from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy import Insert, bindparam
from sqlalchemy.exc import IntegrityError
from sqlmodel import func, select

from . import views
from .arguments import (
    MAX_REASON_LENGTH, Argument, Reaction, clean_argument_text, clean_client_id, parse_reaction,
    parse_stance, require_input_open, require_reactions_open, require_visible,
)
from .clock import utcnow
from .clusters import Option
from .errors import DomainError, NotFound
from .events import TableEvent
from .models import DeliberationTable, clean_text
from .services import get_table, next_seq
from .unit_of_work import UnitOfWork


def submit_argument(
    uow: UnitOfWork, *, table_id: int, participant_id: int | None, client_id: object, stance: object,
    text: object, per_minute_limit: int | None = None, option_id: object = None,
) -> tuple[int, bool, list[TableEvent]]:
    """A phone's argument, or one the facilitator types in (participant_id None).

    Returns (argument id, whether it was a repeat, events). A repeat of a client
    id this sender already used is a success that changes nothing: the phone
    resends whatever it has not seen acknowledged. An argument about an option joins
    that option's cluster, so it stands with the option everywhere.
    """
    client_id = clean_client_id(client_id)
    with uow:
        # Nearly every argument is new, so an earlier copy is looked for only when this one
        # is refused: a resend is acknowledged again even if input has closed since, or the
        # phone has reached its limit.
        try:
            stance_value, clean = parse_stance(stance), clean_argument_text(text)
            input_state = uow.session.execute(_TABLE_INPUT, {"table_id": table_id}).first()
            if input_state is None:
                raise NotFound("table")
            require_input_open(*input_state)
            cluster_id = _cluster_of_option(uow, table_id, option_id)
            if participant_id is not None and per_minute_limit is not None:
                _check_rate(uow, participant_id, per_minute_limit)
        except DomainError:
            existing = _by_client_id(uow, table_id, client_id)
            if existing is not None:
                return _repeat(existing, participant_id)
            raise
        argument = Argument(table_id=table_id, client_id=client_id, participant_id=participant_id,
                            via_facilitator=participant_id is None, stance=stance_value.value, text=clean,
                            cluster_id=cluster_id)
        uow.session.add(argument)
        try:
            uow.session.flush()
        except IntegrityError:
            # The same argument arrived twice at once; the other one was stored.
            uow.session.rollback()
            return _repeat(_by_client_id(uow, table_id, client_id), participant_id)
        events = [_argument_event(uow, "argument_added", table_id, argument, new=True)]
        if cluster_id is not None:
            events.append(TableEvent("clusters_changed", table_id, next_seq(uow, table_id, reload_after=False),
                                     payload=views.cluster_layout(uow.session, table_id)))
        uow.commit()
        return argument.id, False, events


def edit_own_argument(uow: UnitOfWork, *, table_id: int, participant_id: int, argument_id: object,
                      text: object, stance: object) -> list[TableEvent]:
    with uow:
        table, argument = _open_own_argument(uow, table_id, participant_id, argument_id)
        argument.stance, argument.text = parse_stance(stance).value, clean_argument_text(text)
        return _save(uow, table, argument)


def withdraw_own_argument(uow: UnitOfWork, *, table_id: int, participant_id: int,
                          argument_id: object) -> list[TableEvent]:
    with uow:
        table, argument = _open_own_argument(uow, table_id, participant_id, argument_id)
        argument.withdrawn = True
        return _save(uow, table, argument)


def correct_argument(uow: UnitOfWork, *, table_id: int, argument_id: object, text: object,
                     stance: object) -> list[TableEvent]:
    """The facilitator fixes a typo or the stance; the author's words stay theirs."""
    with uow:
        table, argument = get_table(uow, table_id), _argument(uow, table_id, argument_id)
        argument.require_visible()
        argument.stance, argument.text = parse_stance(stance).value, clean_argument_text(text)
        return _save(uow, table, argument)


def hide_argument(uow: UnitOfWork, *, table_id: int, argument_id: object, reason: object) -> list[TableEvent]:
    reason_text = clean_text(reason, code="hide_reason_required", max_length=MAX_REASON_LENGTH)
    with uow:
        table, argument = get_table(uow, table_id), _argument(uow, table_id, argument_id)
        argument.require_visible()
        argument.hidden_reason = reason_text
        return _save(uow, table, argument)


def unhide_argument(uow: UnitOfWork, *, table_id: int, argument_id: object) -> list[TableEvent]:
    with uow:
        table, argument = get_table(uow, table_id), _argument(uow, table_id, argument_id)
        if argument.hidden_reason is None:
            raise DomainError("argument_not_hidden")
        argument.hidden_reason = None
        return _save(uow, table, argument)


def pin_argument(uow: UnitOfWork, *, table_id: int, argument_id: object, pinned: object) -> list[TableEvent]:
    if not isinstance(pinned, bool):
        raise DomainError("invalid_payload")
    with uow:
        table, argument = get_table(uow, table_id), _argument(uow, table_id, argument_id)
        argument.require_visible()
        argument.pinned = pinned
        return _save(uow, table, argument)


def merge_arguments(uow: UnitOfWork, *, table_id: int, source_id: object, target_id: object) -> list[TableEvent]:
    """Fold a duplicate into another argument: its supporters and reactions move along
    (a participant who reacted to both keeps the reaction on the target)."""
    with uow:
        table = get_table(uow, table_id)
        source, target = _argument(uow, table_id, source_id), _argument(uow, table_id, target_id)
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
        return events


def set_input_open(uow: UnitOfWork, *, table_id: int, open_: object) -> list[TableEvent]:
    if not isinstance(open_, bool):
        raise DomainError("invalid_payload")
    with uow:
        table = get_table(uow, table_id)
        if table.input_open == open_:
            return []
        table.input_open = open_
        uow.session.add(table)
        seq = next_seq(uow, table.id)
        uow.commit()
        return [TableEvent("input_changed", table.id, seq, payload={"input_open": open_})]


def react(uow: UnitOfWork, *, table_id: int, participant_id: int, argument_id: object,
          value: object) -> list[TableEvent]:
    """One reaction per participant per argument; reacting again changes it.

    The busiest event of an evening (every phone, every argument, in Afwegen), so it
    reads the two facts it checks in one query instead of loading the table and the
    argument, and writes with one upsert that changes a row only when the value differs.
    """
    reaction_value = parse_reaction(value)
    if isinstance(argument_id, bool) or not isinstance(argument_id, int):
        raise DomainError("invalid_payload")
    with uow:
        found = uow.session.execute(_REACTION_TARGET, {"table_id": table_id, "argument_id": argument_id}).first()
        if found is None:
            get_table(uow, table_id)  # says which is missing: the table, or (below) the argument
            raise NotFound("argument")
        phase, hidden_reason, withdrawn, merged_into_id = found
        require_reactions_open(phase)
        require_visible(hidden_reason, withdrawn, merged_into_id)
        if not _upsert_reaction(uow, argument_id, participant_id, reaction_value.value):
            return []  # the same reaction again: nothing changed, nobody is told
        seq = next_seq(uow, table_id, reload_after=False)  # the counts are read afresh
        counts = views.reaction_counts(uow.session, table_id, argument_id)[argument_id]
        uow.commit()
        return [TableEvent("reaction_changed", table_id, seq, payload={"argument_id": argument_id, "reactions": counts})]


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


def _repeat(existing: Argument, participant_id: int | None) -> tuple[int, bool, list[TableEvent]]:
    if existing.participant_id != participant_id:
        raise DomainError("invalid_payload")  # somebody else's id: never theirs to confirm
    return existing.id, True, []


def _cluster_of_option(uow: UnitOfWork, table_id: int, option_id: object) -> int | None:
    if option_id is None:
        return None
    if isinstance(option_id, bool) or not isinstance(option_id, int):
        raise DomainError("invalid_payload")
    option = uow.session.get(Option, option_id)
    if option is None or option.table_id != table_id:
        raise DomainError("option_not_found")
    return option.cluster_id


def _check_rate(uow: UnitOfWork, participant_id: int, per_minute_limit: int) -> None:
    since = utcnow() - timedelta(minutes=1)
    recent = uow.session.execute(_RECENT_ARGUMENTS, {"participant_id": participant_id, "since": since}).scalar_one()
    if recent >= per_minute_limit:
        raise DomainError("too_many_arguments", limit=per_minute_limit)


def _argument(uow: UnitOfWork, table_id: int, argument_id: object) -> Argument:
    if isinstance(argument_id, bool) or not isinstance(argument_id, int):
        raise DomainError("invalid_payload")
    argument = uow.session.get(Argument, argument_id)
    if argument is None or argument.table_id != table_id:
        raise NotFound("argument")
    return argument


def _open_own_argument(uow: UnitOfWork, table_id: int, participant_id: int, argument_id: object):
    table, argument = get_table(uow, table_id), _argument(uow, table_id, argument_id)
    if argument.participant_id != participant_id:
        raise DomainError("not_your_argument")
    require_input_open(table.phase, table.input_open)
    argument.require_visible()
    return table, argument


def _save(uow: UnitOfWork, table: DeliberationTable, argument: Argument) -> list[TableEvent]:
    argument.updated_at = utcnow()
    uow.session.add(argument)
    uow.session.flush()
    event = _argument_event(uow, "argument_changed", table.id, argument)
    uow.commit()
    return [event]


def _argument_event(uow: UnitOfWork, name: str, table_id: int, argument: Argument, *,
                    new: bool = False) -> TableEvent:
    """`new`: the argument was stored just now, by this unit of work, which holds it as it is."""
    seq = next_seq(uow, table_id, reload_after=not new)
    public, console = views.argument_views(uow.session, argument, new=new)
    return TableEvent(name, table_id, seq, payload={"argument": public}, console_payload={"argument": console})
