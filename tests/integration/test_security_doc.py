"""docs/SECURITY.md keeps up with the code: its matrix names every socket event and route."""
from pathlib import Path

from facilitator.handlers import EVENT_RULES

SECURITY = (Path(__file__).resolve().parents[2] / "docs" / "SECURITY.md").read_text()


def test_the_matrix_names_every_socket_event():
    assert [name for name in EVENT_RULES if f"`{name}`" not in SECURITY] == []


def test_the_matrix_names_every_route(app):
    last_parts = {rule.rule: rule.rule.rstrip("/").rsplit("/", 1)[-1] or "/" for rule in app.url_map.iter_rules()}
    assert [rule for rule, part in last_parts.items() if part not in SECURITY] == []


def test_every_test_the_document_names_exists():
    """Each claim names the test that proves it: that test must be there."""
    import re

    root = Path(__file__).resolve().parents[2]
    named = set(re.findall(r"`(tests/[\w/]+\.py)((?:::\w+)?)`", SECURITY))
    assert named
    missing = []
    for path, test in named:
        source = root / path
        if not source.exists() or (test and f"def {test[2:]}(" not in source.read_text()):
            missing.append(path + test)
    # `::name` after a comma refers to the file named just before it.
    for path, tests in re.findall(r"`(tests/[\w/]+\.py)::\w+`((?:, `::\w+`)+)", SECURITY):
        for test in re.findall(r"::(\w+)", tests):
            if f"def {test}(" not in (root / path).read_text():
                missing.append(f"{path}::{test}")
    assert missing == []
