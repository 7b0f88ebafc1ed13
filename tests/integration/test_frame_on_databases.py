"""The frame of a table (Kaders), on SQLite and PostgreSQL."""
import pytest

from sessions import commands, frame_services, table_services
from sessions.errors import DomainError

from .test_services_on_databases import make_table

FRAME = {"goals": "Meer plekken om elkaar te ontmoeten.\nVoor jong en oud.", "roles": "Fatima leidt het gesprek.",
         "conditions": "Alleen eenmalige uitgaven; het stadsdeel voert uit.", "ballot_form": "verdelen",
         "rule": "greedy", "consensus_rule": "three_quarters"}


def test_a_table_records_its_frame_and_everybody_sees_it(uow):
    _, _, table = make_table(uow)
    assert table_services.snapshot(uow, table_id=table["id"], for_console=False)["frame"] == {
        "goals": "", "roles": "", "conditions": "", "ballot_form": "kiezen", "rule": "mes",
        "consensus_rule": "consent", "recorded": False}
    events = frame_services.save_frame(uow, commands.SaveFrame(**FRAME), table_id=table["id"]).events
    assert events[0].name == "frame_changed" and events[0].payload["frame"] == {**FRAME, "recorded": True}
    assert table_services.snapshot(uow, table_id=table["id"], for_console=False)["frame"] == {**FRAME, "recorded": True}
    assert frame_services.save_frame(uow, commands.SaveFrame(**FRAME), table_id=table["id"]).events == []
    changed = frame_services.save_frame(uow, commands.SaveFrame(**{**FRAME, "rule": "mes"}), table_id=table["id"]).events
    assert changed[0].seq == events[0].seq + 1


@pytest.mark.parametrize("field, value, code", [
    ("goals", "x" * 2001, "frame_text_too_long"), ("roles", 5, "frame_text_too_long"),
    ("ballot_form", "stemmen", "unknown_ballot_form"), ("rule", "borda", "unknown_rule"),
    ("consensus_rule", None, "unknown_consensus_rule"),
])
def test_a_frame_with_bad_values_is_refused_and_the_old_one_stays(uow, field, value, code):
    _, _, table = make_table(uow)
    frame_services.save_frame(uow, commands.SaveFrame(**FRAME), table_id=table["id"])
    with pytest.raises(DomainError) as refused:
        frame_services.save_frame(uow, commands.SaveFrame(**{**FRAME, field: value}), table_id=table["id"])
    assert refused.value.code == code
    assert table_services.snapshot(uow, table_id=table["id"], for_console=False)["frame"] == {**FRAME, "recorded": True}
