"""Use case of the Kaders phase: recording the table's frame."""
from .clock import utcnow
from .events import TableEvent
from .frame import AggregationRule, BallotForm, ConsensusRule, TableFrame, choice, frame_text, frame_view
from .services import get_table, next_seq
from .unit_of_work import UnitOfWork


def save_frame(uow: UnitOfWork, *, table_id: int, goals: object, roles: object, conditions: object,
               ballot_form: object, rule: object, consensus_rule: object) -> list[TableEvent]:
    """The whole frame at once: the console's form sends what the table agreed."""
    values = {
        "goals": frame_text(goals, code="frame_text_too_long"),
        "roles": frame_text(roles, code="frame_text_too_long"),
        "conditions": frame_text(conditions, code="frame_text_too_long"),
        "ballot_form": choice(ballot_form, BallotForm, code="unknown_ballot_form"),
        "rule": choice(rule, AggregationRule, code="unknown_rule"),
        "consensus_rule": choice(consensus_rule, ConsensusRule, code="unknown_consensus_rule"),
    }
    with uow:
        get_table(uow, table_id)
        existing = uow.session.get(TableFrame, table_id)
        if existing is not None and all(getattr(existing, name) == value for name, value in values.items()):
            return []  # saving the same frame again tells nobody anything
        frame = existing or TableFrame(table_id=table_id)
        for name, value in values.items():
            setattr(frame, name, value)
        frame.updated_at = utcnow()
        uow.session.add(frame)
        uow.session.flush()
        seq = next_seq(uow, table_id)
        view = frame_view(frame)
        uow.commit()
        return [TableEvent("frame_changed", table_id, seq, payload={"frame": view})]
