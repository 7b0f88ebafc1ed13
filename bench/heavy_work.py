"""What a phone at one table waits for its acknowledgement while the server does heavy
work for somebody else: logins (five a second, each for another address, so no rate
limit spares the Argon2 check), the PDF minutes of a 5,000-argument table, the suggested
groups of those 5,000 arguments (`suggest_clusters`), and the allocation when a ballot
round of 30 options and 500 ballots closes (`close_ballot_round`, the three rules).

Starts the real server (run.py, eventlet) once per setting in this run: as shipped
(`processes`: the work that holds the GIL in worker processes), with OFFLOAD_POOL=threads
(`threads`: all of it in eventlet's native threads, as before the process pool) and with
OFFLOAD_HEAVY_WORK=0 (`loop`: on the event loop, as before issue 16); with ROUNDS > 1,
alternating, so all see the same load. Prints the phone's median and p95 latency idle and
during each kind of work, in milliseconds, and the ratios to idle. No timing is asserted
anywhere.

    .venv/bin/python -m bench.heavy_work [ARGUMENTS] [LOGIN_SECONDS] [WORK] [ROUNDS] [SETTINGS]

WORK is a comma-separated choice of logins,pdf,docx,suggest,allocation (default: all);
SETTINGS of processes,threads,loop (default: all three).
"""
import math
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests
import socketio

from tests.support.clients import RecordingClient
from tests.support.heavy import PROBE_ENV, AckProbe, add_arguments, add_open_ballot_round
from tests.support.server import LiveServer
from tests.support.web import Organiser, csrf_token, join_as_phone, open_link


def logins(url: str, seconds: float) -> None:
    """Five wrong logins a second, for changing accounts, for `seconds`."""
    guesser = requests.Session()
    token = csrf_token(guesser.get(url + "/login").text)
    threads = []
    end = time.monotonic() + seconds
    n = 0
    while time.monotonic() < end:
        n += 1
        threads.append(threading.Thread(target=guesser.post, args=(url + "/login",), kwargs={"data": {
            "email": f"gok{n}@example.nl", "password": "fout wachtwoord", "csrf_token": token}, "timeout": 120}))
        threads[-1].start()
        time.sleep(0.2)
    for thread in threads:
        thread.join(120)


def measure(env: dict, arguments: int, login_seconds: float, work: set[str]) -> dict[str, list[float]]:
    # The probing phone asks for a snapshot some 30 times a second, past a phone's limit.
    server = LiveServer(Path(tempfile.mkdtemp()) / "instance", env={**PROBE_ENV, **env}).start()
    try:
        organiser = Organiser(server.url).set_up(server.setup_link())
        big = organiser.create_table(organiser.create_round(), title="Grote tafel")
        add_arguments(server.instance_path, big["id"], arguments)
        add_open_ballot_round(server.instance_path, big["id"], options=30, ballots=500)
        other = organiser.create_table(organiser.create_round(name="Andere ronde"), title="Andere tafel")
        phone = RecordingClient(server.url, join_as_phone(other), table_id=other["id"], role="phone").connect()
        phone.wait_for("snapshot")
        console_session = open_link(big["console"])
        console = RecordingClient(server.url, console_session, table_id=big["id"], role="console").connect()
        console.wait_for("snapshot")

        def console_sends(event: str):
            def send():
                # On the loop, long work outlasts the ping timeout: the console drops and
                # reconnects; wait for that (which the phone meanwhile also suffers).
                deadline = time.monotonic() + 120
                while "/" not in console.sio.namespaces and time.monotonic() < deadline:
                    time.sleep(0.1)
                try:
                    ack = console.sio.call(event, {}, timeout=300)
                except socketio.exceptions.TimeoutError:
                    print(f"{event}: no answer in 300 s; the console was dropped while the loop was busy", flush=True)
                    return
                assert ack["ok"], ack
            return send

        kinds = {
            "logins": ("logins, 5 a second", lambda: logins(server.url, login_seconds)),
            "pdf": (f"PDF of {arguments:,} arguments", lambda: console_session.get(
                big["console"] + "/minutes?format=pdf", timeout=900).raise_for_status()),
            "docx": (f"Word of {arguments:,} arguments", lambda: console_session.get(
                big["console"] + "/minutes?format=docx", timeout=900).raise_for_status()),
            "suggest": (f"suggest_clusters, {arguments:,}", console_sends("suggest_clusters")),
            "allocation": ("allocation, 30 × 500", console_sends("close_ballot_round")),
        }
        with AckProbe(phone) as probe:
            results = {"idle": probe.idle(3)}
            for kind, (name, action) in kinds.items():
                if kind in work:
                    results[name], took = probe.during(action, answered_within=False)
                    print(f"{name}: {took:.1f} s", flush=True)
        console.disconnect()
        phone.disconnect()
        return results
    finally:
        server.stop()


def p95(values: list[float]) -> float:
    """Nearest rank: of two values, the larger."""
    return sorted(values)[math.ceil(0.95 * len(values)) - 1] if values else float("nan")


SETTINGS = {
    "processes": ("heavy work in worker processes (as shipped)", {}),
    "threads": ("heavy work in native threads (OFFLOAD_POOL=threads)", {"OFFLOAD_POOL": "threads"}),
    "loop": ("baseline: heavy work on the loop (OFFLOAD_HEAVY_WORK=0)", {"OFFLOAD_HEAVY_WORK": "0"}),
}


def main() -> None:
    if "--help" in sys.argv or "-h" in sys.argv:
        print(__doc__)
        return
    arguments = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    login_seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 10
    work = set(sys.argv[3].split(",")) if len(sys.argv) > 3 else {"logins", "pdf", "docx", "suggest", "allocation"}
    rounds = int(sys.argv[4]) if len(sys.argv) > 4 else 1
    settings = sys.argv[5].split(",") if len(sys.argv) > 5 else list(SETTINGS)
    for round_number in range(1, rounds + 1):
        for label, env in (SETTINGS[setting] for setting in settings):
            results = measure(env, arguments, login_seconds, work)
            idle = statistics.median(results["idle"])
            print(f"\n{label}, round {round_number} of {rounds}")
            idle_p95 = p95(results["idle"])
            print(f"{'phone at another table':32} {'acks':>5} {'median ms':>10} {'p95 ms':>8} {'median/idle':>12}"
                  f" {'p95/idle p95':>13}")
            for name, values in results.items():
                median = statistics.median(values) if values else float("nan")
                print(f"{name:32} {len(values):5d} {median:10.1f} {p95(values):8.1f} {median / idle:12.1f}"
                      f" {p95(values) / idle_p95:13.1f}")
            print("(acks sent while the work ran; few acks with a long wait: the loop answered nobody until it was done)",
                  flush=True)


if __name__ == "__main__":
    main()
