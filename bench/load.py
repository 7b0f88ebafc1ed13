"""Load benchmark: a city evening, a plenary and a minute of ballots against the real
server, each next to a bare Flask-SocketIO server (bench/bare_server.py) under the same
traffic in the same run, and the plenary under each async mode side by side; then a
restart the room should not notice: the server SIGKILLed and started again while the
city's 1,000 phones write, timing each phone until it has a fresh snapshot (no bare
counterpart: its figures are absolute), split into the wait for the attempt that brought it
back (the pages' back-off) and the server's answer to that attempt.

    .venv/bin/python -m bench.load           # the short run `make bench` makes (eventlet, as shipped)
    .venv/bin/python -m bench.load --modes eventlet,gevent,threading   # and the plenary per async mode
    .venv/bin/python -m bench.load --full    # at length, the async modes side by side (about 20 minutes)
    .venv/bin/python -m bench.load --scenarios restart   # some of them only (city evening, plenary, ballots, restart)
    .venv/bin/python -m bench.load --server-root DIR     # serve another checkout (e.g. a git worktree of an older commit)

The clients are python-socketio AsyncClients, all in this one process, on the same
machine as the server: they share its cores, so latencies include the clients' own
delay in reading. The ratios to the bare server, measured under the same traffic at the
same moment, are the figures to compare across machines and runs.

Nothing is lost or doubled when every client at a table receives every argument
(counted by its client-made id), reaction and ballot change (counted by table and seq)
exactly once.
"""
import argparse
import asyncio
import os
import random
import statistics
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import psutil
import requests
import socketio

from tests.support.clients import ReconnectingPhone
from tests.support.server import ROOT, LiveServer, free_port
from tests.support.web import Organiser, cookie_header, csrf_token, open_link

TRACKED = ("argument_added", "reaction_changed", "ballots_changed")
# Within the round's budget of € 12,500 for options costing 8,000, 3,000, 2,000 and 1,500.
CHOICES = ((0, 1), (0, 3), (1, 2, 3), (1, 2), (0,), (0, 2, 3), (0, 1, 3), (2, 3))
OPTIONS = (("Speeltuin", 8000), ("Bomen", 3000), ("Bankjes", 2000), ("Verlichting", 1500))
STANCES = ("voor", "tegen", "idee")


@dataclass(frozen=True)
class Scenario:
    name: str
    group: str  # the tables it runs at: "city" (50 tables of 20 phones) or "plenary" (one of 300)
    seconds: float  # how long the traffic lasts
    submit_every: float | None = None  # seconds between one phone's arguments
    submit_once: bool = False  # every phone submits one argument at a random moment within `seconds`
    react_every: float | None = None
    ballots_per_phone: int = 0  # the first, then changes, spread over `seconds`
    voters: float = 1.0  # the share of the phones that vote
    phase: str = "inbreng"


GROUPS = {"city": (50, 20), "plenary": (1, 300)}  # tables, phones per table


def scenarios(full: bool) -> dict[str, Scenario]:
    """The short run keeps each scenario's rate and shortens it; the ballots' short run lets
    a quarter of the phones cast and change, so the server sees the full run's rate."""
    return {
        "city evening": Scenario("city evening", "city", seconds=300 if full else 10,
                                 submit_every=60, react_every=30, phase="afwegen"),
        "plenary": Scenario("plenary", "plenary", seconds=30 if full else 10, submit_once=True),
        "ballots": Scenario("ballots", "city", seconds=60 if full else 10, ballots_per_phone=3 if full else 2,
                            voters=1.0 if full else 0.25, phase="verdelen"),
    }


# -- servers --------------------------------------------------------------------------

@dataclass
class Seat:
    """One client to connect: which table, as whom, with which session cookie."""
    table: int
    role: str
    group: str
    cookie: str = ""


@dataclass
class Layout:
    seats: list[Seat]
    option_ids: dict[int, list[int]] = field(default_factory=dict)

    def of(self, groups: set[str]) -> "Layout":
        return Layout([s for s in self.seats if s.group in groups], self.option_ids)


def join(table: dict) -> str:
    """A phone joins through the real form (the page after the redirect is not needed)."""
    phone = requests.Session()
    form = phone.get(table["join"])
    response = phone.post(table["join"], data={"display_name": "", "csrf_token": csrf_token(form.text)},
                          allow_redirects=False)
    assert response.status_code == 302, response.text
    return cookie_header(phone)


class AppServer:
    """Buurttafel as shipped (run.py) on a SQLite instance folder. The folder, and with it
    the joined phones' sessions, is kept from one async mode to the next."""

    prepares = True

    def __init__(self, mode: str, seated: "AppServer | None" = None, root: Path = ROOT) -> None:
        self.label = f"buurttafel/{mode}"
        instance = seated.server.instance_path if seated else Path(tempfile.mkdtemp()) / "instance"
        self.root = seated.root if seated else root
        self.server = LiveServer(instance, env={"ASYNC_MODE": mode}, root=self.root)
        self.layout = seated.layout if seated else None

    def start(self, groups: set[str] = set(GROUPS)) -> "AppServer":
        self.server.start()
        self.url, self.pid = self.server.url, self.server.process.pid
        if self.layout is None:
            self.layout = self._seat(groups)
            log(f"{self.label}: {len(self.layout.seats)} seats: tables made, phones joined")
        return self

    def _seat(self, groups: set[str]) -> Layout:
        """Tables, each with a console, a wall and phones joined through the join form."""
        organiser = Organiser(self.url).set_up(self.server.setup_link())
        round_url = organiser.create_round()
        seats = []
        with ThreadPoolExecutor(6) as pool:
            for group, (tables, phones) in GROUPS.items():
                if group not in groups:
                    continue
                for n in range(tables):
                    table = organiser.create_table(round_url, title=f"Tafel {group} {n + 1}")
                    seats.append(Seat(table["id"], "console", group, cookie_header(open_link(table["console"]))))
                    seats.append(Seat(table["id"], "wall", group, cookie_header(open_link(table["wall"]))))
                    seats += [Seat(table["id"], "phone", group, cookie)
                              for cookie in pool.map(lambda _: join(table), range(phones))]
        return Layout(seats)

    def stop(self) -> None:
        self.server.stop()


class BareServer:
    """bench/bare_server.py in the same async mode: no database, no rules."""

    prepares = False

    def __init__(self, mode: str, seated=None) -> None:
        self.label = f"bare/{mode}"
        self.mode = mode
        numbers = iter(range(1, 10_000))
        self.layout = Layout([])
        for group, (tables, phones) in GROUPS.items():
            for _ in range(tables):
                table = next(numbers)
                self.layout.seats += [Seat(table, "console", group), Seat(table, "wall", group)]
                self.layout.seats += [Seat(table, "phone", group) for _ in range(phones)]
                self.layout.option_ids[table] = [1, 2, 3, 4]

    def start(self) -> "BareServer":
        port = free_port()
        self.url = f"http://127.0.0.1:{port}"
        env = {**os.environ, "ASYNC_MODE": self.mode, "PORT": str(port), "PYTHONUNBUFFERED": "1"}
        self.process = subprocess.Popen([sys.executable, "-m", "bench.bare_server"], cwd=ROOT, env=env,
                                        stdout=subprocess.DEVNULL)
        self.pid = self.process.pid
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                requests.get(self.url + "/socket.io/?EIO=4&transport=polling", timeout=1)
                return self
            except requests.ConnectionError:
                time.sleep(0.1)
        raise RuntimeError("the bare server did not start")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(10)


# -- clients ----------------------------------------------------------------------------

@dataclass
class Sent:
    table: int
    started: float
    acked: float | None = None
    ok: bool = False
    error: str | None = None


class Run:
    """The clients of one scenario on one server, and everything they saw."""

    def __init__(self, url: str, layout: Layout) -> None:
        self.url = url
        self.layout = layout
        self.clients: list[socketio.AsyncClient] = []
        self.received: dict[tuple, list[tuple[int, float]]] = defaultdict(list)
        self.sent: dict[tuple, Sent] = {}
        self.arguments_seen: dict[int, list[int]] = defaultdict(list)
        self.members: dict[int, set[int]] = defaultdict(set)
        self.walls: dict[int, int] = {}
        self.errors: Counter = Counter()
        self.disconnects = 0
        self.recording = False

    def _client(self, index: int, seat: Seat) -> socketio.AsyncClient:
        sio = socketio.AsyncClient(reconnection=False)

        def on_argument(data):
            self.arguments_seen[data["table_id"]].append(data["argument"]["id"])
            if self.recording:
                self.received[("a", data["argument"]["client_id"])].append((index, time.monotonic()))

        def on_sequenced(data):
            if self.recording:
                self.received[("s", data["table_id"], data["seq"])].append((index, time.monotonic()))

        def on_disconnect(*_):
            self.disconnects += 1

        sio.on("argument_added", on_argument)
        sio.on("reaction_changed", on_sequenced)
        sio.on("ballots_changed", on_sequenced)
        sio.on("disconnect", on_disconnect)
        return sio

    async def connect(self, parallel: int = 50) -> float:
        started = time.monotonic()
        gate = asyncio.Semaphore(parallel)

        async def one(index: int, seat: Seat) -> None:
            sio = self._client(index, seat)
            headers = {"Cookie": seat.cookie} if seat.cookie else {}
            async with gate:
                await sio.connect(self.url, headers=headers, auth={"table": seat.table, "role": seat.role},
                                  transports=["websocket"], wait_timeout=60)
            self.clients[index] = sio

        self.clients = [None] * len(self.layout.seats)
        for index, seat in enumerate(self.layout.seats):
            self.members[seat.table].add(index)
            if seat.role == "wall":
                self.walls[seat.table] = index
        await asyncio.gather(*(one(i, s) for i, s in enumerate(self.layout.seats)))
        return time.monotonic() - started

    async def disconnect(self) -> None:
        await asyncio.gather(*(c.disconnect() for c in self.clients if c is not None), return_exceptions=True)

    def seats_of(self, role: str, group: str | None = None) -> list[tuple[int, Seat]]:
        return [(i, s) for i, s in enumerate(self.layout.seats)
                if s.role == role and (group is None or s.group == group)]

    def start_counting(self) -> None:
        self.sent.clear()
        self.received.clear()
        self.errors.clear()
        self.recording = True

    async def call(self, index: int, event: str, payload: dict) -> dict:
        return await self.clients[index].call(event, payload, timeout=60)

    async def prepare(self, scenario: Scenario) -> None:
        """What a facilitator does first: the phase, and for ballots the options and an open round."""
        async def table(index: int, seat: Seat) -> None:
            if scenario.phase == "verdelen":
                await self.call(index, "set_phase", {"phase": "inbreng"})
                option_ids = []
                for title, euros in OPTIONS:
                    argument = await self.call(index, "capture_argument", {
                        "client_id": uuid.uuid4().hex, "stance": "idee", "text": title})
                    cluster = await self.call(index, "create_cluster", {
                        "name": title, "argument_ids": [argument["argument_id"]]})
                    option = await self.call(index, "save_option", {
                        "cluster_id": cluster["cluster_id"], "title": title, "cost_euros": euros})
                    option_ids.append(option["option_id"])
                self.layout.option_ids[seat.table] = option_ids
            ack = await self.call(index, "set_phase", {"phase": scenario.phase})
            assert ack["ok"], ack
            if scenario.phase == "verdelen":
                ack = await self.call(index, "open_ballot_round", {})
                assert ack["ok"], ack

        await asyncio.gather(*(table(i, s) for i, s in self.seats_of("console", scenario.group)))

    # the phones' actions; each records when it started, the ack, and what it expects delivered

    async def submit(self, index: int, seat: Seat) -> None:
        client_id = uuid.uuid4().hex
        sent = self.sent[("a", client_id)] = Sent(seat.table, time.monotonic())
        ack = await self.call(index, "submit_argument", {
            "client_id": client_id, "stance": random.choice(STANCES),
            "text": f"Argument {client_id[:6]}: meer groen en bankjes in de straat"})
        self._acked(sent, ack)

    async def react(self, index: int, seat: Seat) -> None:
        seen = self.arguments_seen[seat.table]
        if not seen:
            return
        started = time.monotonic()
        ack = await self.call(index, "react", {"argument_id": random.choice(seen),
                                               "value": random.choice(("agree", "disagree", "pass"))})
        self._sequenced(seat, started, ack)

    async def cast(self, index: int, seat: Seat) -> None:
        options = self.layout.option_ids[seat.table]
        started = time.monotonic()
        ack = await self.call(index, "cast_ballot", {"approved": [options[n] for n in random.choice(CHOICES)]})
        self._sequenced(seat, started, ack)

    def _sequenced(self, seat: Seat, started: float, ack: dict) -> None:
        if ack.get("ok") and ack.get("seq") is None:
            return  # the same reaction again: nothing changed, nothing sent
        self._acked(self.sent.setdefault(("s", seat.table, ack.get("seq") or uuid.uuid4().hex),
                                         Sent(seat.table, started)), ack)

    def _acked(self, sent: Sent, ack: dict) -> None:
        sent.acked, sent.ok = time.monotonic(), bool(ack.get("ok"))
        if not sent.ok:
            sent.error = ack.get("error", "?")
            self.errors[sent.error] += 1

    async def traffic(self, scenario: Scenario) -> None:
        phones = self.seats_of("phone", scenario.group)
        voters = set(random.sample(range(len(phones)), round(scenario.voters * len(phones))))

        async def phone(n: int, index: int, seat: Seat) -> None:
            actions = []
            if scenario.submit_once:
                actions.append((random.uniform(0, scenario.seconds), self.submit))
            for every, action in ((scenario.submit_every, self.submit), (scenario.react_every, self.react)):
                t = random.uniform(0, every) if every else scenario.seconds
                while t < scenario.seconds:
                    actions.append((t, action))
                    t += every * random.uniform(0.8, 1.2)
            if n in voters:
                actions += [(random.uniform(0, scenario.seconds), self.cast) for _ in range(scenario.ballots_per_phone)]
            start = time.monotonic()
            for at, action in sorted(actions, key=lambda a: a[0]):
                await asyncio.sleep(max(0.0, start + at - time.monotonic()))
                await action(index, seat)

        await asyncio.gather(*(phone(n, i, s) for n, (i, s) in enumerate(phones)))

    async def drain(self, timeout: float = 15) -> None:
        """Wait until every acknowledged change reached every client of its table."""
        expected = sum(len(self.members[s.table]) for s in self.sent.values() if s.ok)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if sum(len(v) for k, v in self.received.items() if k in self.sent) >= expected:
                return
            await asyncio.sleep(0.05)


# -- measuring ---------------------------------------------------------------------------

def server_cpu(pid: int) -> float:
    process = psutil.Process(pid)
    total = sum(process.cpu_times()[:2])
    for child in process.children(recursive=True):
        total += sum(child.cpu_times()[:2])
    return total


def server_rss(pid: int) -> int:
    process = psutil.Process(pid)
    return process.memory_info().rss + sum(c.memory_info().rss for c in process.children(recursive=True))


async def watch_memory(pid: int, peak: list[int]) -> None:
    while True:
        peak[0] = max(peak[0], server_rss(pid))
        await asyncio.sleep(0.2)


def percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered)) - 1))]


def figures(run: Run, scenario: Scenario, cpu_s: float, window_s: float, client_cpu_s: float,
            peak_rss: int) -> dict:
    ack_ms, wall_ms, all_phones_ms = [], [], []
    lost = duplicated = strays = deliveries = 0
    for key, sent in run.sent.items():
        if not sent.ok:
            continue
        ack_ms.append((sent.acked - sent.started) * 1000)
        got = run.received.get(key, [])
        deliveries += len(got)
        counts = Counter(index for index, _ in got)
        expected = run.members[sent.table]
        lost += len(expected - counts.keys())
        duplicated += sum(n - 1 for n in counts.values() if n > 1)
        strays += len(counts.keys() - expected)
        first = {}
        for index, at in got:
            first.setdefault(index, at)
        wall = run.walls[sent.table]
        if wall in first:
            wall_ms.append((first[wall] - sent.started) * 1000)
        phones = [first.get(i) for i in expected if run.layout.seats[i].role == "phone"]
        if phones and None not in phones:
            all_phones_ms.append((max(phones) - sent.started) * 1000)
    return {
        "phones": len(run.seats_of("phone", scenario.group)), "sent": len(run.sent), "failed": sum(run.errors.values()),
        "ack": ack_ms, "wall": wall_ms, "all_phones": all_phones_ms,
        "deliveries": deliveries, "per_s": deliveries / window_s if window_s else 0,
        "lost": lost, "duplicated": duplicated + strays, "disconnects": run.disconnects,
        "cpu_per_1k": cpu_s / deliveries * 1000 if deliveries else float("nan"),
        "client_cpu_s": client_cpu_s, "server_cpu_s": cpu_s, "rss_mb": peak_rss / 2**20,
        "errors": dict(run.errors),
    }


async def run_scenario(run: Run, server, scenario: Scenario) -> dict:
    if server.prepares:
        await run.prepare(scenario)
    await asyncio.sleep(0.5)  # let the preparation's broadcasts settle before counting
    peak = [server_rss(server.pid)]
    watcher = asyncio.create_task(watch_memory(server.pid, peak))
    cpu_before, client_before = server_cpu(server.pid), time.process_time()
    run.start_counting()
    started = time.monotonic()
    await run.traffic(scenario)
    await run.drain()
    last = max((at for got in run.received.values() for _, at in got), default=time.monotonic())
    cpu_s, client_cpu_s = server_cpu(server.pid) - cpu_before, time.process_time() - client_before
    watcher.cancel()
    run.recording = False
    return figures(run, scenario, cpu_s, last - started, client_cpu_s, peak[0])


async def run_all(server, chosen: list[Scenario]) -> dict[str, dict]:
    """Connect the clients of every chosen scenario's tables, then run the scenarios in turn."""
    run = Run(server.url, server.layout.of({s.group for s in chosen}))
    connect_s = await run.connect()
    log(f"{server.label}: {len(run.layout.seats)} clients connected in {connect_s:.1f} s")
    results = {}
    for scenario in chosen:
        results[scenario.name] = await run_scenario(run, server, scenario)
        results[scenario.name]["connect_s"] = connect_s
        log(f"{server.label}: {scenario.name} done")
    await run.disconnect()
    return results


def log(text: str) -> None:
    print(f"  [{time.monotonic() - STARTED:5.0f} s] {text}", file=sys.stderr, flush=True)


STARTED = time.monotonic()


def measure(server, chosen: list[Scenario]) -> dict[str, dict]:
    server.start()
    log(f"{server.label}: started")
    try:
        return asyncio.run(run_all(server, chosen))
    finally:
        server.stop()


# -- a restart -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Restart:
    """The city's clients (1,000 phones, 50 consoles, 50 walls) connected and reconnecting
    as the pages do; every phone writes arguments at random moments within `seconds`,
    resending what was not acknowledged, as the page's outbox does; SIGKILL after
    `kill_after` seconds, and at once the server is started again."""
    seconds: float = 8
    kill_after: float = 4
    writes_per_phone: int = 2
    name: str = "restart"


def listening(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(0.2)
        return probe.connect_ex(("127.0.0.1", port)) == 0


async def restart_room(server: AppServer, restart: Restart) -> dict:
    seats = [s for s in server.layout.seats if s.group == "city"]
    clients = [ReconnectingPhone(server.url, seat.cookie, seat.table, seat.role) for seat in seats]
    gate = asyncio.Semaphore(50)

    async def connect(client: ReconnectingPhone) -> None:
        # A machine busy with other work can time a first connection out: try again, as a page does.
        for attempt in range(10):
            async with gate:
                try:
                    await client.connect()
                    return
                except socketio.exceptions.ConnectionError:
                    await client.sio.shutdown()
                    await client.http.close()
            await asyncio.sleep(1 + attempt)
        raise RuntimeError("a client could not connect in ten attempts")

    await asyncio.gather(*(connect(c) for c in clients))
    log(f"{server.label}: {len(clients)} reconnecting clients connected")
    consoles = {seat.table: client for seat, client in zip(seats, clients) if seat.role == "console"}
    for ack in await asyncio.gather(*(c.send_until_acknowledged("set_phase", {"phase": "inbreng"},
                                                                time.monotonic() + 120) for c in consoles.values())):
        assert ack["ok"], ack

    acknowledged: dict[int, list[str]] = defaultdict(list)  # table -> client ids of acknowledged arguments
    unacknowledged: list[str] = []
    refused: Counter = Counter()
    moments: dict[str, float] = {}
    deadline = time.monotonic() + restart.seconds + 60

    async def write(seat: Seat, client: ReconnectingPhone, start: float) -> None:
        for at in sorted(random.uniform(0, restart.seconds) for _ in range(restart.writes_per_phone)):
            await asyncio.sleep(max(0.0, start + at - time.monotonic()))
            client_id = uuid.uuid4().hex
            try:
                ack = await client.send_until_acknowledged("submit_argument", {
                    "client_id": client_id, "stance": random.choice(STANCES),
                    "text": f"Argument {client_id[:6]} voor na de herstart"}, deadline)
            except AssertionError:  # never acknowledged: the phone is not back, counted below
                unacknowledged.append(client_id)
                return
            if ack["ok"]:
                acknowledged[seat.table].append(client_id)
            else:
                refused[ack["error"]] += 1

    async def kill_and_start(start: float) -> None:
        await asyncio.sleep(start + restart.kill_after - time.monotonic())
        moments["acknowledged before"] = sum(len(ids) for ids in acknowledged.values())
        loop = asyncio.get_running_loop()
        moments["killed"] = time.monotonic()
        await loop.run_in_executor(None, server.server.kill)
        server.server.launch()
        while not listening(server.server.port):
            if server.server.process.poll() is not None:
                raise RuntimeError("the restarted server exited")
            await asyncio.sleep(0.01)
        moments["listening"] = time.monotonic()
        server.pid = server.server.process.pid

    start = time.monotonic()
    client_cpu = time.process_time()
    await asyncio.gather(kill_and_start(start), *(write(seat, client, start) for seat, client in zip(seats, clients)
                                                 if seat.role == "phone"))
    while time.monotonic() < deadline and not all(
            any(at > moments["killed"] for at, _ in c.snapshots) for c in clients):
        await asyncio.sleep(0.1)
    back = [min((at for at, _ in c.snapshots if at > moments["killed"]), default=float("inf")) - moments["listening"]
            for c in clients]
    phones_back = [b for b, seat in zip(back, seats) if seat.role == "phone"]
    # Where a phone's time went: waiting for its next attempt (the pages' back-off, which no
    # server can shorten) and then the server's answer to the attempt that brought it back.
    waited, answered = [], []
    for client, seat in zip(clients, seats):
        snapshot_at = min((at for at, _ in client.snapshots if at > moments["killed"]), default=None)
        if seat.role == "phone" and snapshot_at is not None:
            attempt = max(at for at in client.attempts if at < snapshot_at)
            waited.append(attempt - moments["listening"])
            answered.append(snapshot_at - attempt)
    server_cpu_s, client_cpu_s = server_cpu(server.pid), time.process_time() - client_cpu

    # Every acknowledged argument is at its table exactly once, as a console reading it afresh sees it.
    log(f"{server.label}: {sum(b != float('inf') for b in back)} of {len(clients)} clients back; checking the writes")
    lost = doubled = unchecked = 0
    for table, console in consoles.items():
        snapshot = await read_afresh(server.url, next(s.cookie for s in seats if s.table == table
                                                      and s.role == "console"), table)
        if snapshot is None:
            unchecked += len(acknowledged[table])
            continue
        stored = Counter(a["client_id"] for a in snapshot["arguments"])
        lost += sum(1 for client_id in acknowledged[table] if stored[client_id] == 0)
        doubled += sum(stored[client_id] - 1 for client_id in acknowledged[table] if stored[client_id] > 1)
    for client in clients:
        await client.sio.shutdown()  # also stops the reconnecting of a phone that is not back
        await client.http.close()
    return {"clients": len(clients), "phones": len(phones_back),
            "down_s": moments["listening"] - moments["killed"],
            "back_median": statistics.median(phones_back), "back_p95": percentile(phones_back, .95),
            "back_max": max(phones_back), "all_back_max": max(back),
            "attempt_median": statistics.median(waited), "attempt_max": max(waited),
            "answer_median": statistics.median(answered), "answer_p95": percentile(answered, .95),
            "answer_max": max(answered),
            "not_back": sum(1 for b in back if b == float("inf")),
            "writes": sum(len(ids) for ids in acknowledged.values()), "unacknowledged": len(unacknowledged),
            "refused": dict(refused), "server_cpu_s": server_cpu_s, "client_cpu_s": client_cpu_s,
            "acknowledged_before": moments["acknowledged before"], "lost": lost, "doubled": doubled,
            "unchecked": unchecked}


async def read_afresh(url: str, console_cookie: str, table: int, attempts: int = 5) -> dict | None:
    """The table as a console connecting now sees it (the console of the evening may not be back)."""
    for _ in range(attempts):
        reader = ReconnectingPhone(url, console_cookie, table, "console")
        try:
            await reader.connect()
            return (await reader.sio.call("request_snapshot", {}, timeout=60))["snapshot"]
        except Exception:
            await asyncio.sleep(1)
        finally:
            await reader.sio.disconnect()
            await reader.http.close()
    return None


def measure_restart(server: AppServer, restart: Restart) -> dict:
    try:
        server.start({"city"})
        log(f"{server.label}: started for the restart")
        return asyncio.run(restart_room(server, restart))
    finally:
        server.stop()  # also a server that did not start in time, or the one started after the SIGKILL


def print_restart(figures_: dict) -> None:
    f = figures_
    print(f"\nrestart: {f['phones']} phones ({f['clients']} clients with the consoles and walls) at {f['clients'] // 22} tables, "
          f"SIGKILL while they write, started again at once; down {f['down_s']:.1f} s (SIGKILL until listening)")
    print(f"{'':13} {'back after listening, s: median':>32} {'p95':>6} {'max':>6} {'max of all clients':>19} "
          f"{'not back':>8} {'writes acked':>12} {'lost':>4} {'doubled':>7}")
    print(f"{'restart':13} {f['back_median']:>32.2f} {f['back_p95']:>6.2f} {f['back_max']:>6.2f} "
          f"{f['all_back_max']:>19.2f} {f['not_back']:>8} {f['writes']:>12} {f['lost']:>4} {f['doubled']:>7}")
    print(f"{'':13} the attempt that brought a phone back started after listening, s: median {f['attempt_median']:.2f},"
          f" max {f['attempt_max']:.2f} (the pages' back-off); the server answered it in median"
          f" {f['answer_median']:.2f}, p95 {f['answer_p95']:.2f}, max {f['answer_max']:.2f}")
    print(f"{'':13} writes never acknowledged (phone not back): {f['unacknowledged']}; refused: {f['refused'] or 0};"
          f" CPU of the restarted server {f['server_cpu_s']:.1f} s, of the clients {f['client_cpu_s']:.1f} s"
          f" ({f['acknowledged_before']} writes acknowledged before the SIGKILL"
          f"{'; ' + str(f['unchecked']) + ' not checked: no console could read its table' if f['unchecked'] else ''})")


# -- the table ------------------------------------------------------------------------------

def ms(value: float | None) -> str:
    return "-" if value is None else f"{value:.0f}" if value >= 100 else f"{value:.1f}"


def latency(key: str, q: float):
    def value(r: dict) -> str:
        return ms(percentile(r[key], q))

    def ratio(app: dict, bare: dict) -> str:
        a, b = percentile(app[key], q), percentile(bare[key], q)
        return f"{a / b:.2f}" if a and b else "-"
    return value, ratio


def quotient(key: str, digits: int):
    def value(r: dict) -> str:
        return f"{r[key]:.{digits}f}"

    def ratio(app: dict, bare: dict) -> str:
        return f"{app[key] / bare[key]:.2f}" if bare[key] else "-"
    return value, ratio


def plain(key: str):
    return lambda r: f"{r[key]}", None


COLUMNS = (  # heading, width, (value, ratio to bare or None)
    ("phones", 6, plain("phones")),
    ("sent", 5, plain("sent")),
    ("ack p50", 7, latency("ack", .50)),
    ("p95", 6, latency("ack", .95)),
    ("p99", 6, latency("ack", .99)),
    ("wall p50", 8, latency("wall", .50)),
    ("p95", 6, latency("wall", .95)),
    ("p99", 6, latency("wall", .99)),
    ("all-phones p95", 14, latency("all_phones", .95)),
    ("deliv/s", 7, quotient("per_s", 0)),
    ("lost", 4, plain("lost")),
    ("dup", 3, plain("duplicated")),
    ("cpu s/1k", 8, quotient("cpu_per_1k", 3)),
    ("rss MB", 6, quotient("rss_mb", 0)),
    ("client cpu s", 12, quotient("client_cpu_s", 1)),
)


def print_table(rows: list[tuple[str, str, dict, dict]]) -> None:
    """rows: (scenario, mode, app figures, bare figures)."""
    head = f"{'scenario':13} {'server':20} " + " ".join(f"{h:>{w}}" for h, w, _ in COLUMNS)
    print(head)
    print("-" * len(head))
    for scenario, mode, app, bare in rows:
        for label, figures_ in ((f"buurttafel/{mode}", app), (f"bare/{mode}", bare)):
            print(f"{scenario:13} {label:20} " + " ".join(f"{value(figures_):>{w}}" for _, w, (value, _) in COLUMNS))
        print(f"{scenario:13} {'ratio to bare':20} " + " ".join(
            f"{ratio(app, bare) if ratio else '':>{w}}" for _, w, (_, ratio) in COLUMNS))
        for label, figures_ in (("buurttafel", app), ("bare", bare)):
            if figures_["errors"] or figures_["disconnects"]:
                print(f"{'':13} {label}: refused {figures_['errors']}, disconnects {figures_['disconnects']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--full", action="store_true",
                        help="the scenarios at length, and the async modes side by side (about 20 minutes)")
    parser.add_argument("--modes", help="async modes, comma-separated; the first runs every scenario, the others"
                        " the plenary (default: eventlet in the short run, eventlet,gevent,threading in the full)")
    parser.add_argument("--scenarios", default="city evening,plenary,ballots,restart",
                        help="which, comma-separated (default: all)")
    parser.add_argument("--restart-tables", type=int, default=GROUPS["city"][0],
                        help="tables of 20 phones in the restart (default 50: 1,000 phones); fewer for a machine"
                        " too busy to connect them all")
    parser.add_argument("--server-root", type=Path, default=ROOT,
                        help="serve this checkout instead of this one, for a before and after")
    options = parser.parse_args()
    options.modes = options.modes or ("eventlet,gevent,threading" if options.full else "eventlet")
    random.seed(8)
    wanted = options.scenarios.split(",")
    if options.restart_tables != GROUPS["city"][0]:
        assert wanted == ["restart"], "--restart-tables changes the city's tables: run the restart alone"
        GROUPS["city"] = (options.restart_tables, GROUPS["city"][1])
    all_scenarios = {name: s for name, s in scenarios(options.full).items() if name in wanted}
    modes = options.modes.split(",")
    started = time.monotonic()
    rows = []
    seated = None
    for n, mode in enumerate(modes):
        chosen = list(all_scenarios.values()) if n == 0 else [all_scenarios["plenary"]]
        seated = AppServer(mode, seated, root=options.server_root)
        if chosen:
            app = measure(seated, chosen)
            bare = measure(BareServer(mode), chosen)
            rows += [(s.name, mode, app[s.name], bare[s.name]) for s in chosen]
        if n == 0 and "restart" in wanted:
            restarted = measure_restart(AppServer(mode, seated), Restart(seconds=20 if options.full else 8))
    rows.sort(key=lambda r: list(all_scenarios).index(r[0]))
    print()
    if rows:
        print_table(rows)
    if "restart" in wanted:
        print_restart(restarted)
    print(f"\nlatencies in ms from the phone's send: ack = its acknowledgement, wall = the table's wall receives"
          f" the change, all-phones = the last phone of the table receives it. deliveries = live events received"
          f" by all clients. cpu s/1k = server CPU seconds (with children) per 1,000 deliveries; rss = peak"
          f" server memory. Clients ({'full' if options.full else 'short'} run) share the machine's"
          f" {psutil.cpu_count()} cores with the server. {time.monotonic() - started:.0f} s in all.")


if __name__ == "__main__":
    main()
