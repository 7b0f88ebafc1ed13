"""docs/API.md keeps up with the code: every socket event and every error code is in it."""
from pathlib import Path

from facilitator.i18n import ERROR_MESSAGES
from facilitator.handlers import EVENT_RULES

API = (Path(__file__).resolve().parents[2] / "docs" / "API.md").read_text()


def test_every_socket_event_is_documented():
    assert [name for name in EVENT_RULES if f"`{name}`" not in API] == []


def test_every_error_code_is_documented():
    assert [code for code in ERROR_MESSAGES if f"`{code}`" not in API] == []
