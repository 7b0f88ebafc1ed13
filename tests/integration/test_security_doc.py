"""docs/SECURITY.md keeps up with the code: its matrix names every socket event and route."""
from pathlib import Path

from facilitator.handlers import EVENT_RULES

SECURITY = (Path(__file__).resolve().parents[2] / "docs" / "SECURITY.md").read_text()


def test_the_matrix_names_every_socket_event():
    assert [name for name in EVENT_RULES if f"`{name}`" not in SECURITY] == []


def test_the_matrix_names_every_route(app):
    last_parts = {rule.rule: rule.rule.rstrip("/").rsplit("/", 1)[-1] or "/" for rule in app.url_map.iter_rules()}
    assert [rule for rule, part in last_parts.items() if part not in SECURITY] == []
