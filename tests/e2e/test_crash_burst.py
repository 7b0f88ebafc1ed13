"""SIGKILL during a burst of 200 phones at three tables of one evening: 100 submit
arguments, 50 cast ballots, 50 give consensus signals. Each phone resends what was not
acknowledged, as the page does. After the restart every acknowledged write is there
exactly once, the last acknowledged ballot and signal are the ones that count, every
phone resynchronises by itself (a new snapshot) within 15 seconds, and the wall shows
what it showed before.

All 200 clients share one asyncio loop, so the test costs little CPU next to the server."""
import asyncio
import json
import random
import signal
import socket
import sqlite3
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

from tests.support.clients import ReconnectingPhone as Phone, RecordingClient
from tests.support.server import LiveServer
from tests.support.web import cookie_header, join_as_phone, open_link

ARGUMENT_PHONES, BALLOT_PHONES, SIGNAL_PHONES = 100, 50, 50
WRITES_PER_PHONE = 3
KILL_AFTER_ACKS = 200
RESYNC_LIMIT_S = 15
OPTIONS = (("Speeltuin", 2000), ("Bomen", 3000), ("Bankjes", 1500))


def prepare_tables(server, organiser):
    round_url = organiser.create_round()
    tables = [organiser.create_table(round_url, title=f"Tafel {n}") for n in range(3)]
    arguments_table, ballot_table, signal_table = tables
    console = RecordingClient(server.url, open_link(arguments_table["console"]), table_id=arguments_table["id"],
                              role="console").connect()
    console.emit("set_phase", {"phase": "inbreng"})
    option_ids = {}
    for table, phase in ((ballot_table, "verdelen"), (signal_table, "besluiten")):
        deciding = RecordingClient(server.url, open_link(table["console"]), table_id=table["id"], role="console").connect()
        deciding.emit("save_frame", {"goals": "", "roles": "", "conditions": "", "ballot_form": "kiezen",
                                     "rule": "mes", "consensus_rule": "consent"})
        deciding.emit("set_phase", {"phase": "inbreng"})
        ids = []
        for title, euros in OPTIONS:
            argument = deciding.emit("capture_argument", {"client_id": str(uuid.uuid4()), "stance": "voor", "text": title})
            cluster = deciding.emit("create_cluster", {"name": title, "argument_ids": [argument["argument_id"]]})
            ids.append(deciding.emit("save_option", {"cluster_id": cluster["cluster_id"], "title": title,
                                                     "cost_euros": euros})["option_id"])
        deciding.emit("set_phase", {"phase": phase})
        if phase == "verdelen":
            assert deciding.emit("open_ballot_round")["ok"]
        else:
            assert deciding.emit("propose", {"option_ids": ids})["ok"]
        option_ids[table["id"]] = ids
        deciding.disconnect()
    return arguments_table, ballot_table, signal_table, option_ids, console


def test_sigkill_during_a_burst_of_200_phones_loses_doubles_and_half_writes_nothing(server, organiser):
    arguments_table, ballot_table, signal_table, option_ids, console = prepare_tables(server, organiser)
    seats = [arguments_table] * ARGUMENT_PHONES + [ballot_table] * BALLOT_PHONES + [signal_table] * SIGNAL_PHONES
    with ThreadPoolExecutor(8) as pool:
        cookies = list(pool.map(lambda table: cookie_header(join_as_phone(table)), seats))
    wall_cookie = cookie_header(open_link(arguments_table["wall"]))
    rng = random.Random(7)

    def planned_writes(table):
        if table is arguments_table:
            return [("submit_argument", {"client_id": str(uuid.uuid4()), "stance": rng.choice(["voor", "tegen", "idee"]),
                                         "text": f"Argument {n} {uuid.uuid4().hex[:6]}"}) for n in range(WRITES_PER_PHONE)]
        if table is ballot_table:
            ids = option_ids[table["id"]]
            return [("cast_ballot", {"approved": sorted(rng.sample(ids, rng.randint(1, 3)))})
                    for _ in range(WRITES_PER_PHONE)]
        return [("give_signal", {"level": rng.randint(1, 4)}) for _ in range(WRITES_PER_PHONE)]

    plans = [planned_writes(table) for table in seats]
    acknowledged: list[tuple[int, str, dict, dict]] = []  # (phone index, event, payload, ack)
    moments: dict[str, float] = {}

    async def burst():
        phones = [Phone(server.url, cookie, table["id"]) for cookie, table in zip(cookies, seats)]
        wall = Phone(server.url, wall_cookie, arguments_table["id"], role="wall")
        gate = asyncio.Semaphore(20)

        async def connect(phone):
            async with gate:
                await phone.connect()

        await asyncio.gather(*(connect(p) for p in phones + [wall]))
        deadline = time.monotonic() + 120
        started = asyncio.Event()

        async def run(index, phone):
            await started.wait()
            await asyncio.sleep(rng.random() * 2)  # not all in the same millisecond
            for event, payload in plans[index]:
                ack = await phone.send_until_acknowledged(event, payload, deadline)
                acknowledged.append((index, event, payload, ack))

        async def kill_halfway():
            await started.wait()
            while len(acknowledged) < KILL_AFTER_ACKS:
                await asyncio.sleep(0.01)
            moments["acknowledged_before_kill"] = len(acknowledged)
            moments["wall_before"] = wall_state(wall)
            loop = asyncio.get_running_loop()
            moments["killed"] = time.monotonic()
            await loop.run_in_executor(None, server.kill)
            await asyncio.sleep(1)
            await loop.run_in_executor(None, server.start)
            moments["restarted"] = time.monotonic()

        tasks = [asyncio.create_task(run(i, p)) for i, p in enumerate(phones)] + [asyncio.create_task(kill_halfway())]
        started.set()
        await asyncio.gather(*tasks)
        # Every phone must have reconnected by itself and have had a fresh snapshot.
        while time.monotonic() < moments["restarted"] + RESYNC_LIMIT_S + 5 and \
                not all(any(at > moments["killed"] for at, _ in p.snapshots) for p in phones + [wall]):
            await asyncio.sleep(0.1)
        resync = [min((at for at, _ in p.snapshots if at > moments["killed"]), default=float("inf"))
                  - moments["restarted"] for p in phones + [wall]]
        fresh_wall = Phone(server.url, wall_cookie, arguments_table["id"], role="wall")
        await fresh_wall.connect()
        while not fresh_wall.snapshots:
            await asyncio.sleep(0.05)
        wall_after = (await wall.sio.call("request_snapshot", {}, timeout=10))["snapshot"]
        for client in phones + [wall, fresh_wall]:
            await client.sio.disconnect()
            await client.http.close()
        return resync, wall_after, fresh_wall.snapshots[-1][1]

    # Its own thread: in one pytest run with the browser tests, Playwright's sync API
    # leaves an event loop running on the main thread, and asyncio.run refuses to nest.
    with ThreadPoolExecutor(max_workers=1) as own_thread:
        resync, wall_after, fresh_wall_snapshot = own_thread.submit(asyncio.run, burst()).result()

    # Every acknowledgement was a success: nothing was refused along the way.
    assert [ack for *_, ack in acknowledged if not ack["ok"]] == []
    assert len(acknowledged) == sum(len(plan) for plan in plans)

    db = sqlite3.connect(server.instance_path / "buurttafel.db")
    # Arguments: each acknowledged one stored exactly once, and nothing else.
    stored = db.execute("SELECT client_id, text FROM argument WHERE table_id = ?", (arguments_table["id"],)).fetchall()
    acknowledged_arguments = {payload["client_id"]: payload["text"] for _, event, payload, _ in acknowledged
                              if event == "submit_argument"}
    assert sorted(c for c, _ in stored) == sorted(acknowledged_arguments)
    assert dict(stored) == acknowledged_arguments

    # Ballots and signals: one per phone, and it is the last one the phone had acknowledged.
    last = {}
    for index, event, payload, _ack in acknowledged:
        last[(index, event)] = payload
    ballots = db.execute("SELECT b.participant_id, b.content FROM ballot b JOIN ballot_round r ON b.round_id = r.id "
                         "WHERE r.table_id = ?", (ballot_table["id"],)).fetchall()
    assert len(ballots) == BALLOT_PHONES == len({p for p, _ in ballots})
    expected_ballots = sorted(json.dumps(sorted(payload["approved"])) for (i, e), payload in last.items()
                              if e == "cast_ballot")
    assert sorted(json.dumps(sorted(json.loads(content)["approved"])) for _, content in ballots) == expected_ballots
    signals = db.execute("SELECT s.participant_id, s.level FROM consensus_signal s JOIN consensus_round r "
                         "ON s.round_id = r.id WHERE r.table_id = ?", (signal_table["id"],)).fetchall()
    assert len(signals) == SIGNAL_PHONES == len({p for p, _ in signals})
    assert sorted(level for _, level in signals) == sorted(payload["level"] for (i, e), payload in last.items()
                                                          if e == "give_signal")
    # Nothing half-written: every write is one transaction; SQLite's file survived the SIGKILL intact.
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"

    # Every phone and the wall resynchronised by themselves, quickly.
    assert max(resync) <= RESYNC_LIMIT_S, sorted(resync)[-5:]
    # The wall lost nothing it showed before the crash, and agrees with a wall opened afterwards.
    before_ids, before_seq = moments["wall_before"]
    after_arguments = {a["id"]: a["text"] for a in wall_after["arguments"]}
    assert before_ids.items() <= after_arguments.items()
    assert wall_after["seq"] >= before_seq
    assert wall_after == fresh_wall_snapshot
    assert sorted(after_arguments.values()) == sorted(acknowledged_arguments.values())
    print(f"\n200 phones, {len(acknowledged)} writes acknowledged ({moments['acknowledged_before_kill']} before the "
          f"SIGKILL), {len(stored)} arguments + {len(ballots)} ballots + {len(signals)} signals found after the restart; "
          f"resync after the restart: max {max(resync):.1f} s, median {sorted(resync)[len(resync) // 2]:.1f} s "
          f"(the server was down {moments['restarted'] - moments['killed']:.1f} s; slowest "
          f"{[round(r, 1) for r in sorted(resync)[-5:]]})")


def wall_state(wall: Phone) -> tuple[dict[int, str], int]:
    """What the wall shows: the arguments of its last snapshot plus those added since."""
    at, snapshot = wall.snapshots[-1]
    shown = {a["id"]: a["text"] for a in snapshot["arguments"]}
    seq = snapshot["seq"]
    for name, data in wall.events:
        if name == "argument_added" and data["seq"] > snapshot["seq"]:
            shown[data["argument"]["id"]] = data["argument"]["text"]
            seq = max(seq, data["seq"])
    return shown, seq


def test_a_server_too_busy_to_accept_still_holds_every_knock_of_a_room(tmp_path):
    """After a restart the evening's phones all knock within a second or two, faster than the
    server accepts them. The kernel keeps the knocks the server has not taken yet in the
    listener's queue; a knock that finds the queue full is dropped, and that phone's TCP tries
    again only a second later (then two, then four). A stopped process accepts nothing, so
    every knock here must wait in the queue: eventlet's default of 50 would drop the 52nd."""
    queue_limit = int(Path("/proc/sys/net/core/somaxconn").read_text())  # the kernel's cap on any backlog
    knocks_wanted = min(600, queue_limit)
    server = LiveServer(tmp_path / "instance").start()
    knocks, queued = [], 0
    try:
        server.process.send_signal(signal.SIGSTOP)
        for _ in range(knocks_wanted):
            knock = socket.socket()
            knock.settimeout(0.5)  # a queued knock connects at once; a dropped one waits a second
            knocks.append(knock)
            try:
                knock.connect(("127.0.0.1", server.port))
            except socket.timeout:
                break
            queued += 1
    finally:
        server.process.send_signal(signal.SIGCONT)
        for knock in knocks:
            knock.close()
    try:
        assert queued == knocks_wanted, f"knock {queued + 1} of {knocks_wanted} was dropped: the listener's queue is too short"
        assert requests.get(server.url + "/", timeout=10).status_code == 200  # and it serves on
    finally:
        server.stop()
