"""Heavy work against a real server, and a phone at another table that keeps asking
for acknowledgements meanwhile: for tests/e2e/test_heavy_work.py and bench/heavy_work.py."""
import json
import random
import threading
import time
import uuid
from pathlib import Path

from argon2 import PasswordHasher
from sqlmodel import Session, select

import sessions.clusters  # noqa: F401  (the tables Argument refers to)
from sessions.arguments import Argument
from sessions.ballots import Ballot, BallotRound
from sessions.clusters import Option
from facilitator.database import make_engine
from sessions.models import Organiser

from .dutch_arguments import THEMES


def database(instance_path: Path):
    return make_engine(f"sqlite:///{instance_path / 'buurttafel.db'}")


def add_arguments(instance_path: Path, table_id: int, count: int) -> None:
    """`count` visible arguments, written straight into the server's database: through
    the socket, the per-participant limit would make this take hours."""
    texts = [text for theme in THEMES.values() for text in theme]
    engine = database(instance_path)
    with Session(engine) as session:
        session.add_all([Argument(table_id=table_id, client_id=str(uuid.uuid4()), via_facilitator=True,
                                  stance=("voor", "tegen", "idee")[n % 3], text=f"{texts[n % len(texts)]} ({n + 1})")
                         for n in range(count)])
        session.commit()
    engine.dispose()


def add_open_ballot_round(instance_path: Path, table_id: int, *, options: int, ballots: int) -> None:
    """An open approval round of `options` options and `ballots` paper ballots, each
    choosing five at random: closing it runs the three rules for seconds (MES the most)."""
    chance = random.Random(16)
    engine = database(instance_path)
    with Session(engine) as session:
        made = [Option(table_id=table_id, title=f"Plan {n + 1}", cost_cents=chance.randint(1, 40) * 50_000)
                for n in range(options)]
        ballot_round = BallotRound(table_id=table_id, number=1, ballot_form="kiezen", budget_cents=5_000_000)
        session.add_all([*made, ballot_round])
        session.flush()
        ids = [option.id for option in made]
        session.add_all([Ballot(round_id=ballot_round.id, paper_label=f"Kaart {n + 1}",
                                content=json.dumps({"approved": sorted(chance.sample(ids, 5))}))
                         for n in range(ballots)])
        session.commit()
    engine.dispose()


def slow_down_password_check(instance_path: Path, email: str, password: str, *, time_cost: int) -> None:
    """Store the organiser's hash with a higher Argon2 time cost, so one check takes
    seconds: long enough to see whether the server answers anybody meanwhile."""
    engine = database(instance_path)
    with Session(engine) as session:
        organiser = session.exec(select(Organiser).where(Organiser.email == email)).one()
        organiser.password_hash = PasswordHasher(time_cost=time_cost).hash(password)
        session.add(organiser)
        session.commit()
    engine.dispose()


# What a server probed by an AckProbe needs: a phone may otherwise ask for 60 snapshots a minute;
# and its heavy work where production does it, in worker processes (the tests' default is threads).
PROBE_ENV = {"SNAPSHOTS_PER_MINUTE": "1000000", "OFFLOAD_POOL": "processes"}


class AckProbe:
    """A phone that sends `request_snapshot` again and again from a thread and keeps
    (sent, answered) times of each acknowledgement, in time.monotonic(). Its server must
    be started with PROBE_ENV."""

    def __init__(self, phone) -> None:
        self.phone = phone
        self.acks: list[tuple[float, float]] = []
        self.refusal: dict | None = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            sent = time.monotonic()
            # A long timeout: on a loop frozen by heavy work the wait is what is measured.
            ack = self.phone.sio.call("request_snapshot", {}, timeout=600)
            if not ack["ok"]:
                # Counting on after a refusal would read as a frozen loop: say it instead.
                self.refusal = ack
                return
            self.acks.append((sent, time.monotonic()))
            time.sleep(0.02)

    def __enter__(self) -> "AckProbe":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join(30)

    def idle_rate(self, seconds: float = 1.0) -> float:
        """Acknowledgements a second with nothing else going on: the baseline of this run."""
        return len(self.idle(seconds)) / seconds

    def during(self, work, *, answered_within: bool = True) -> tuple[list[float], float]:
        """Run `work()` here; return the latencies (ms) of the acknowledgements sent while
        it ran, and how long it took (s). With `answered_within`, only those also answered
        before it ended (what the tests count); without, also the one that waited for the
        end (what the benchmark reports: that wait is the phone's freeze)."""
        started = time.monotonic()
        work()
        ended = time.monotonic()
        if not answered_within:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and not any(sent >= ended for sent, _ in list(self.acks)):
                time.sleep(0.05)  # the ack that was waiting comes in
        assert self.refusal is None, f"the probe's phone was refused: {self.refusal} (is the server on PROBE_ENV?)"
        acks = list(self.acks)
        return [(answered - sent) * 1000 for sent, answered in acks
                if started <= sent <= ended and (answered <= ended or not answered_within)], ended - started

    def idle(self, seconds: float) -> list[float]:
        return self.during(lambda: time.sleep(seconds))[0]


def worker_processes(server_pid: int) -> set[int]:
    """The heavy-work pool's processes of a server (facilitator/offload.py), from /proc."""
    found = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            command = (entry / "cmdline").read_bytes()
        except (OSError, IndexError, ValueError):
            continue  # gone meanwhile
        if ppid == server_pid and b"spawn_main" in command:
            found.add(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"
