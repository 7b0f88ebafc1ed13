"""The server's memory at rest, and after a facilitator first asks for suggested groups.

Starts the real server (run.py, eventlet) and reads its resident set size (psutil) once it
serves and has been idle a moment, then again after a console asked for suggested groups on
40 Dutch arguments (which loads scikit-learn and the Dutch dictionary, on first use only).
With --baseline PATH the same is measured in the same run for another checkout (for example
the commit before a change, unpacked with `git archive`), so the two can be compared.

    .venv/bin/python -m bench.server_memory [--baseline PATH]
"""
import argparse
import tempfile
import time
import uuid
from pathlib import Path

import psutil

from tests.support.clients import RecordingClient
from tests.support.dutch_arguments import THEMES
from tests.support.server import ROOT, LiveServer
from tests.support.web import Organiser, open_link

SETTLE_SECONDS = 3


def measure(root: Path) -> tuple[float, float]:
    """RSS in MB at rest, and after the first suggestions."""
    server = LiveServer(Path(tempfile.mkdtemp()) / "instance", root=root).start()
    try:
        organiser = Organiser(server.url).set_up(server.setup_link())
        table = organiser.create_table(organiser.create_round())
        process = psutil.Process(server.process.pid)
        time.sleep(SETTLE_SECONDS)
        at_rest = process.memory_info().rss / 2**20
        console = RecordingClient(server.url, open_link(table["console"]), table_id=table["id"], role="console").connect()
        console.wait_for("snapshot")
        console.emit("set_phase", {"phase": "inbreng"})
        for text in (t for texts in THEMES.values() for t in texts):
            console.emit("capture_argument", {"client_id": str(uuid.uuid4()), "stance": "voor", "text": text})
        console.emit("set_phase", {"phase": "ordenen"})
        assert console.emit("suggest_clusters")["ok"]
        time.sleep(SETTLE_SECONDS)
        after = process.memory_info().rss / 2**20
        console.disconnect()
        return at_rest, after
    finally:
        server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.server_memory", description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", type=Path, help="another checkout to measure in the same run")
    args = parser.parse_args()
    rows = [("this checkout", ROOT)] + ([("baseline", args.baseline)] if args.baseline else [])
    print(f"{'server':<16} {'at rest (MB)':>13} {'after suggestions (MB)':>23}")
    results = {}
    for label, root in rows:
        results[label] = measure(root)
        print(f"{label:<16} {results[label][0]:>13.1f} {results[label][1]:>23.1f}")
    if args.baseline:
        ours, base = results["this checkout"], results["baseline"]
        print(f"ratio at rest {ours[0] / base[0]:.2f} x, after suggestions {ours[1] / base[1]:.2f} x")


if __name__ == "__main__":
    main()
