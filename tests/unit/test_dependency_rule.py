"""sessions/ is the domain: it never imports the delivery layer or its frameworks."""
import ast
from pathlib import Path

import pytest

SESSIONS = Path(__file__).resolve().parents[2] / "sessions"
FORBIDDEN = {"flask", "flask_socketio", "flask_babel", "flask_login", "flask_wtf", "flask_limiter",
             "facilitator", "eventlet", "socketio", "engineio"}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found


@pytest.mark.parametrize("path", sorted(SESSIONS.rglob("*.py")), ids=lambda p: p.name)
def test_the_domain_imports_no_delivery_code(path):
    assert imported_modules(path) & FORBIDDEN == set()


def test_the_rule_would_catch_a_forbidden_import(tmp_path):
    offender = tmp_path / "offender.py"
    offender.write_text("import os\nfrom flask import request\nimport eventlet.green\n")
    assert imported_modules(offender) & FORBIDDEN == {"flask", "eventlet"}
