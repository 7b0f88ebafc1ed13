"""One answer on the five-step gradient, stored the same way wherever the table is asked:
a proposal in Besluiten or the frame in Kaders. A phone answers as itself, someone
without a phone on paper under a label the facilitator types; a new answer replaces the
earlier one of the same phone or label in the same round."""
import functools
from typing import Callable

from sqlalchemy import and_, bindparam
from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from .clock import utcnow
from .errors import DomainError
from .events import Outcome, TableEvent
from .table_access import get_table
from .unit_of_work import UnitOfWork


def store_signal(uow: UnitOfWork, *, round_model, signal_model, table_id: int, participant_id: int | None,
                 paper_label: str | None, level: int, reason: str | None, closed_code: str,
                 changed: Callable[[UnitOfWork, int], list[TableEvent]]) -> Outcome:
    """Stores the answer in the table's open round of `round_model` (refused with
    `closed_code` when none is open) and returns the events `changed` builds."""
    on_paper = participant_id is None
    for _attempt in range(2):
        with uow:
            open_round, signal = _open_round_and_signal(uow, round_model, signal_model, table_id=table_id,
                                                        voter=paper_label if on_paper else participant_id,
                                                        on_paper=on_paper, closed_code=closed_code)
            signal = signal or signal_model(round_id=open_round.id, participant_id=participant_id,
                                            paper_label=paper_label, level=0)
            signal.level, signal.reason, signal.given_at = level, reason, utcnow()
            uow.session.add(signal)
            try:
                uow.session.flush()
            except IntegrityError:
                continue  # the same voter's other answer won the race: replace it
            events = changed(uow, table_id)
            uow.commit()
            return Outcome(events)
    raise DomainError("server_busy")


def _open_round_and_signal(uow: UnitOfWork, round_model, signal_model, *, table_id: int, voter, on_paper: bool,
                           closed_code: str):
    """The open round and this voter's answer in it, if any, in one query."""
    query = _round_and_signal(round_model, signal_model, on_paper)
    params = {"table_id": table_id, "voter": voter}
    row = uow.session.execute(query, params).first()
    if row is None:
        get_table(uow, table_id)  # no such table is "not found"
        raise DomainError(closed_code)
    return row[0], row[1]


@functools.cache
def _round_and_signal(round_model, signal_model, on_paper: bool):
    # Run with every answer a phone gives: built once, as building it costs more than running it.
    voter = (signal_model.paper_label if on_paper else signal_model.participant_id) == bindparam("voter")
    return (select(round_model, signal_model)
            .outerjoin(signal_model, and_(signal_model.round_id == round_model.id, voter))
            .where(round_model.table_id == bindparam("table_id"), round_model.closed_at.is_(None)))
