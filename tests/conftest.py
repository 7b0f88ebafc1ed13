import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# The test servers do their heavy work in native threads, as before issue 16. A server's first
# heavy task spawns a worker process that imports the app (2-4 s of CPU), and some eighty tests
# start a server that closes a ballot round or renders minutes: minutes of the suite's time on two
# cores. The worker processes, the default everywhere else, are what test_heavy_work.py and
# test_plenary_heavy.py run on (OFFLOAD_POOL=processes), with their latency checks.
os.environ.setdefault("OFFLOAD_POOL", "threads")


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
