"""Use case of the Kaders phase: recording the table's frame."""
from dataclasses import asdict

from .clock import utcnow
from .commands import SaveFrame
from .events import Outcome, TableEvent
from .frame import TableFrame, frame_view
from .frame_consent_services import check_draft_editable
from .table_access import get_table, next_seq
from .unit_of_work import UnitOfWork


def save_frame(uow: UnitOfWork, command: SaveFrame, *, table_id: int) -> Outcome:
    """The whole frame at once: the console's form sends what the table agreed."""
    values = asdict(command)
    with uow:
        get_table(uow, table_id)
        check_draft_editable(uow.session, table_id)
        existing = uow.session.get(TableFrame, table_id)
        if existing is not None and all(getattr(existing, name) == value for name, value in values.items()):
            return Outcome()  # saving the same frame again tells nobody anything
        frame = existing or TableFrame(table_id=table_id)
        for name, value in values.items():
            setattr(frame, name, value)
        frame.updated_at = utcnow()
        uow.session.add(frame)
        uow.session.flush()
        seq = next_seq(uow, table_id)
        view = frame_view(frame)
        uow.commit()
        return Outcome([TableEvent("frame_changed", table_id, seq, payload={"frame": view})])
