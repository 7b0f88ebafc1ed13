from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session", autouse=True)
def compiled_catalogues():
    missing = [po for po in (ROOT / "facilitator" / "translations").glob("*/LC_MESSAGES/messages.po")
               if not po.with_suffix(".mo").exists()]
    if missing:
        pytest.exit(f"translations are not compiled ({missing[0]}): run `make test`", returncode=2)


@pytest.fixture
def server(tmp_path):
    """A real server process (run.py under eventlet) on an empty instance folder."""
    from tests.support.server import LiveServer

    live = LiveServer(tmp_path / "instance").start()
    yield live
    live.stop()
