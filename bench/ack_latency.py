"""How long a facilitator or a phone waits for the acknowledgement of an action.

Starts the real server (run.py, eventlet) twice in this run — as shipped, and with
TCP_NODELAY switched off as the baseline — and sends the same actions to each over a
real Socket.IO connection. Prints medians and p95 in milliseconds, and the ratio to the
baseline. No timing is asserted: these machines are shared and noisy.

    .venv/bin/python -m bench.ack_latency [ROUNDS]
"""
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

from tests.support.clients import RecordingClient
from tests.support.server import LiveServer
from tests.support.web import Organiser, open_link


def measure(env: dict, rounds: int) -> dict[str, list[float]]:
    server = LiveServer(Path(tempfile.mkdtemp()) / "instance", env=env).start()
    try:
        organiser = Organiser(server.url).set_up(server.setup_link())
        table = organiser.create_table(organiser.create_round())
        console = RecordingClient(server.url, open_link(table["console"]), table_id=table["id"], role="console").connect()
        console.wait_for("snapshot")
        console.emit("set_phase", {"phase": "inbreng"})
        actions = {
            "capture_argument (event + ack)": lambda n: ("capture_argument", {
                "client_id": str(uuid.uuid4()), "stance": "voor", "text": f"argument {n}"}),
            "request_snapshot (ack only)": lambda n: ("request_snapshot", {}),
        }
        results = {}
        for label, make in actions.items():
            times = []
            for n in range(rounds):
                name, payload = make(n)
                started = time.perf_counter()
                assert console.emit(name, payload)["ok"]
                times.append((time.perf_counter() - started) * 1000)
            results[label] = sorted(times)
        console.disconnect()
        return results
    finally:
        server.stop()


def p95(values: list[float]) -> float:
    return values[max(0, round(0.95 * len(values)) - 1)]


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    baseline = measure({"TCP_NODELAY": "0"}, rounds)
    shipped = measure({"TCP_NODELAY": "1"}, rounds)
    print(f"acknowledgement latency, {rounds} actions each, one console on loopback (ms)")
    print(f"{'action':34} {'shipped p50':>12} {'p95':>7} {'baseline p50':>13} {'p95':>7} {'ratio p50':>10}")
    for label in shipped:
        s, b = shipped[label], baseline[label]
        print(f"{label:34} {statistics.median(s):12.1f} {p95(s):7.1f} {statistics.median(b):13.1f} {p95(b):7.1f}"
              f" {statistics.median(s) / statistics.median(b):10.2f}")
    print("baseline = the same server with TCP_NODELAY=0 (Nagle's algorithm on), started in this run")


if __name__ == "__main__":
    main()
