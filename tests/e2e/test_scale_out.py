"""Two server processes (run.py, eventlet) sharing one PostgreSQL and one Redis, as behind
the proxy of docs/DEPLOY.md. The test plays the proxy: each client talks to one process,
and when that process dies its clients reconnect to the other."""
import socket
import threading
import time
import uuid
from collections import Counter

import psycopg
import pytest
import requests

from tests.support.clients import RecordingClient
from tests.support.postgres import fresh_database
from tests.support.server import LiveServer
from tests.support.web import Organiser, join_as_phone, open_link, post_form

REDIS = ("127.0.0.1", 6379)
POSTGRES = ("127.0.0.1", 5432)
PRESENCE_TTL_S = 3  # short, so a killed process's phones drop out quickly in the test


def _reachable(address: tuple[str, int]) -> bool:
    try:
        socket.create_connection(address, timeout=2).close()
        return True
    except OSError:
        return False


pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not _reachable(REDIS), reason="Redis is not reachable on 127.0.0.1:6379"),
    pytest.mark.skipif(not _reachable(POSTGRES), reason="PostgreSQL is not reachable on 127.0.0.1:5432"),
]


@pytest.fixture(scope="module")
def database_url():
    """A database of our own, empty: the two processes migrate it while starting at once."""
    with fresh_database("buurttafel_scale") as name:
        yield f"postgresql://127.0.0.1:5432/{name}"


@pytest.fixture(scope="module")
def pair(tmp_path_factory, database_url):
    """Processes A and B, configured alike; a Redis channel of their own so parallel runs never mix."""
    channel = f"buurttafel-test-{uuid.uuid4().hex[:8]}"
    env = {"DATABASE_URL": database_url, "MESSAGE_QUEUE": "redis://127.0.0.1:6379/0",
           "MESSAGE_QUEUE_CHANNEL": channel, "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/0",
           "SECRET_KEY": uuid.uuid4().hex, "PRESENCE_TTL_S": str(PRESENCE_TTL_S)}
    root = tmp_path_factory.mktemp("scale_out")
    servers = [LiveServer(root / name, env=env) for name in ("a", "b")]
    for server in servers:
        server.launch()
    try:
        for server in servers:
            server.wait_until_serving()
        yield servers
    finally:
        for server in servers:
            server.stop()


@pytest.fixture(scope="module")
def organiser(pair):
    # Each process printed a setup link on the empty database; the last one written is
    # valid (both, if they were written at the very same moment).
    links = [link for server in pair for link in _setup_links(server)]
    valid = [link for link in links if requests.get(link, timeout=10).status_code == 200]
    assert valid, links
    return Organiser(pair[0].url).set_up(valid[0])


def _setup_links(server: LiveServer) -> list[str]:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            return [server.setup_link()]
        except AssertionError:
            time.sleep(0.1)
    return []


@pytest.fixture
def table(organiser):
    return organiser.create_table(organiser.create_round())


def on(server: LiveServer, url: str) -> str:
    """The same page through another process (the proxy's choice)."""
    path = url.split("/", 3)[3]
    return f"{server.url}/{path}"


def client(server: LiveServer, http_session, table: dict, role: str, *, reconnection: bool = True) -> RecordingClient:
    connected = RecordingClient(server.url, http_session, table_id=table["id"], role=role,
                                reconnection=reconnection).connect()
    connected.wait_for("snapshot")
    return connected


def phone_on(server: LiveServer, table: dict, *, reconnection: bool = True) -> tuple[requests.Session, RecordingClient]:
    session = join_as_phone({**table, "join": on(server, table["join"])})
    return session, client(server, session, table, "phone", reconnection=reconnection)


def argument(text: str) -> dict:
    return {"client_id": str(uuid.uuid4()), "stance": "voor", "text": text}


def test_a_phone_on_one_process_reaches_the_wall_and_the_console_on_the_other(pair, table):
    a, b = pair
    console = client(b, open_link(on(b, table["console"])), table, "console")
    wall = client(b, open_link(on(b, table["wall"])), table, "wall")
    assert console.emit("set_phase", {"phase": "inbreng"})["ok"]
    _, phone_a = phone_on(a, table)
    _, phone_b = phone_on(b, table)

    sent = argument("Een bankje bij de speeltuin")
    started = time.monotonic()
    assert phone_a.emit("submit_argument", sent)["ok"]
    shown = wall.wait_for("argument_added", lambda e: e["argument"]["client_id"] == sent["client_id"])
    print(f"\nsubmit on A → wall on B: {1000 * (time.monotonic() - started):.0f} ms")
    assert shown["argument"]["text"] == "Een bankje bij de speeltuin"
    assert phone_b.wait_for("argument_added")["argument"]["client_id"] == sent["client_id"]

    participants = {p["id"] for p in console.emit("request_snapshot")["snapshot"]["participants"]}
    assert len(participants) == 2
    console.wait_for("presence_changed", lambda e: set(e["online"]) == participants)
    assert set(console.emit("request_snapshot")["snapshot"]["online"]) == participants


def test_ballots_cast_through_both_processes_count_once(pair, table, database_url):
    a, b = pair
    console = client(a, open_link(on(a, table["console"])), table, "console")
    wall = client(b, open_link(on(b, table["wall"])), table, "wall")
    console.emit("set_phase", {"phase": "inbreng"})
    option_ids = []
    for title, euros in (("Speeltuin", 8000), ("Bomen", 3000), ("Bankjes", 2000)):
        captured = console.emit("capture_argument", argument(title))
        cluster = console.emit("create_cluster", {"name": title, "argument_ids": [captured["argument_id"]]})
        option_ids.append(console.emit("save_option", {"cluster_id": cluster["cluster_id"], "title": title,
                                                        "cost_euros": euros})["option_id"])
    console.emit("set_phase", {"phase": "verdelen"})
    assert console.emit("open_ballot_round")["ok"]

    # One voter whose phone reaches both processes (the proxy moved it): casting the
    # same ballot through each, at the same moment, leaves one ballot.
    voter_session, voter_on_a = phone_on(a, table)
    voter_on_b = client(b, voter_session, table, "phone")
    same = {"approved": [option_ids[1], option_ids[2]]}
    acks = [None, None]

    def cast(index, phone):
        acks[index] = phone.emit("cast_ballot", same)

    threads = [threading.Thread(target=cast, args=item) for item in enumerate((voter_on_a, voter_on_b))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [ack["ok"] for ack in acks] == [True, True], acks
    # Others, each on one process.
    assert phone_on(a, table)[1].emit("cast_ballot", {"approved": [option_ids[0]]})["ok"]
    assert phone_on(b, table)[1].emit("cast_ballot", {"approved": [option_ids[0], option_ids[1]]})["ok"]
    later_on_b = phone_on(b, table)[1]
    assert later_on_b.emit("cast_ballot", {"approved": [option_ids[2]]})["ok"]
    assert later_on_b.emit("cast_ballot", {"approved": [option_ids[1]]})["ok"]  # replaces its first

    expected = {option_ids[0]: 2, option_ids[1]: 3, option_ids[2]: 1}
    wall.wait_for("ballots_changed", lambda e: e["ballots"]["turnout"] == 4 and
                  {int(k): v for k, v in e["ballots"]["aggregate"].items() if v} == expected)
    tally = console.emit("request_snapshot")["snapshot"]["ballots"]
    assert tally["turnout"] == 4 and {int(k): v for k, v in tally["aggregate"].items() if v} == expected
    with psycopg.connect(database_url) as db:
        per_voter = db.execute(
            "SELECT participant_id, count(*) FROM ballot JOIN ballot_round r ON r.id = ballot.round_id "
            "WHERE r.table_id = %s GROUP BY participant_id", (table["id"],)).fetchall()
    assert len(per_voter) == 4 and all(count == 1 for _, count in per_voter)


def test_a_phones_argument_limit_counts_on_both_processes(pair, table):
    a, b = pair
    console = client(a, open_link(on(a, table["console"])), table, "console")
    console.emit("set_phase", {"phase": "inbreng"})
    session, on_a = phone_on(a, table)
    on_b = client(b, session, table, "phone")
    acks = [(on_a if n % 2 else on_b).emit("submit_argument", argument(f"nummer {n}")) for n in range(7)]
    assert [ack["ok"] for ack in acks] == [True] * 6 + [False]  # ARGUMENTS_PER_MINUTE=6, counted in the database
    assert acks[-1]["error"] == "too_many_arguments"


def test_a_phones_reactions_are_counted_once_in_redis_across_both_processes(pair, table):
    """Issue 16, finding 8: REACTIONS_PER_MINUTE (120) holds for a phone whose events
    reach both processes; with each process counting on its own, 200 would pass."""
    a, b = pair
    console = client(a, open_link(on(a, table["console"])), table, "console")
    console.emit("set_phase", {"phase": "inbreng"})
    argument_id = console.emit("capture_argument", argument("Bankjes bij de speeltuin"))["argument_id"]
    assert console.emit("set_phase", {"phase": "afwegen"})["ok"]
    session, on_a = phone_on(a, table)
    on_b = client(b, session, table, "phone")
    acks = [(on_a if n % 2 else on_b).emit("react", {"argument_id": argument_id,
                                                     "value": ("agree", "disagree")[n // 2 % 2]})
            for n in range(200)]
    refused = [ack for ack in acks if not ack["ok"]]
    assert len(acks) - len(refused) == 120
    assert {ack["error"] for ack in refused} == {"too_many_events"}
    [stored] = console.emit("request_snapshot")["snapshot"]["arguments"]
    assert sum(stored["reactions"].values()) == 1


def test_login_attempts_are_counted_across_processes(pair):
    """RATELIMIT_STORAGE_URI=redis://…: five failed logins a minute per account, wherever they land."""
    a, b = pair
    browser = requests.Session()
    email = f"raden-{uuid.uuid4().hex[:6]}@example.nl"
    statuses = [post_form(browser, f"{server.url}/login", {"email": email, "password": "fout wachtwoord"}).status_code
                for server in (a, b, a, b, a, b)]
    assert statuses == [400] * 5 + [429]


def test_a_waiting_argument_and_its_hide_reach_only_the_author_across_processes(pair, table):
    """The author's own room works through Redis: the console on B hides the waiting argument
    of a phone on A; the author hears why, the wall and the other phone on A nothing."""
    a, b = pair
    console = client(b, open_link(on(b, table["console"])), table, "console")
    wall = client(a, open_link(on(a, table["wall"])), table, "wall")
    assert console.emit("set_phase", {"phase": "inbreng"})["ok"]
    assert console.emit("set_premoderation", {"on": True})["ok"]
    _, author = phone_on(a, table)
    _, other = phone_on(a, table)

    ack = author.emit("submit_argument", argument("Bel mij: 06-12345678"))
    assert ack["ok"]
    assert console.wait_for("argument_added", lambda e: e["seq"] == ack["seq"])["argument"]["waiting"] is True
    hidden = console.emit("hide_argument", {"argument_id": ack["argument_id"], "reason": "Telefoonnummer"})
    assert hidden["ok"]
    told = author.wait_for("own_argument_changed", lambda e: e["seq"] == hidden["seq"])
    assert told["argument"]["hidden_reason"] == "Telefoonnummer"
    for listener in (wall, other):
        listener.wait_for("unseen_change", lambda e: e["seq"] == hidden["seq"])
        assert [name for name, data in listener.received if "06-12345678" in str(data)] == []
    assert not other.events("own_argument_changed")


# Last in the file: it kills process A, which the other tests share (a module fixture).
def test_killing_a_process_moves_its_phones_to_the_other_without_losing_a_write(pair, table):
    """Phones on A send arguments with an outbox (resend what was not acknowledged, by
    client id). A is SIGKILLed halfway; its phones reconnect to B, as the proxy would send
    them, and resend. A phone that does not come back stops counting as present."""
    a, b = pair
    console = client(b, open_link(on(b, table["console"])), table, "console")
    console.emit("set_phase", {"phase": "inbreng"})
    # reconnection=False: the test is the proxy and moves them to B itself.
    movers = [phone_on(a, table, reconnection=False) for _ in range(6)]
    _, gone = phone_on(a, table, reconnection=False)   # goes home during the crash
    _, staying = phone_on(b, table)                     # on B all along
    everybody = {p["id"] for p in console.emit("request_snapshot")["snapshot"]["participants"]}
    gone_id = gone.events("snapshot")[0]["me"]["id"]
    console.wait_for("presence_changed", lambda e: set(e["online"]) == everybody)

    planned = [[argument(f"argument {n} van telefoon {index}") for n in range(5)] for index in range(len(movers))]
    acknowledged, lock = [], threading.Lock()
    a_is_gone = threading.Event()
    deadline = time.monotonic() + 60

    def move_to_b(index):
        session, phone = movers[index]
        if phone.base_url != b.url:
            phone.disconnect()
            movers[index] = (session, client(b, session, table, "phone"))

    def outbox(index):
        pending = list(planned[index])
        while pending and time.monotonic() < deadline:
            try:
                ack = movers[index][1].sio.call("submit_argument", pending[0], timeout=3)
            except Exception:  # A is gone: the proxy picks B; reconnect there and resend
                a_is_gone.wait(10)
                move_to_b(index)
                continue
            assert ack["ok"], ack
            with lock:
                acknowledged.append((pending.pop(0)["client_id"], ack["repeat"]))
            time.sleep(0.05)  # a person typing, not a flood

    threads = [threading.Thread(target=outbox, args=(index,)) for index in range(len(movers))]
    for thread in threads:
        thread.start()
    while len(acknowledged) < 10 and time.monotonic() < deadline:
        time.sleep(0.005)
    with lock:
        acknowledged_before_kill = {client_id for client_id, _ in acknowledged}
    a.kill()
    killed_at = time.monotonic()
    a_is_gone.set()
    for thread in threads:
        thread.join()
    for index in range(len(movers)):  # a phone that had sent everything before the crash moves too
        move_to_b(index)

    every_planned = {item["client_id"] for items in planned for item in items}
    with lock:
        assert {client_id for client_id, _ in acknowledged} == every_planned
    stored = Counter(x["client_id"] for x in console.emit("request_snapshot")["snapshot"]["arguments"])
    assert set(stored) == every_planned and max(stored.values()) == 1  # nothing lost, nothing doubled
    assert acknowledged_before_kill <= set(stored)
    # An acknowledgement from A that never reached its phone: the resend through B is
    # acknowledged again with the same argument, and stored nothing new.
    first_sent = planned[0][0]
    resent = movers[0][1].emit("submit_argument", first_sent)
    assert resent["ok"] and resent["repeat"]
    assert len(console.emit("request_snapshot")["snapshot"]["arguments"]) == len(every_planned)

    # The killed process's phones drop out; the movers count again, now through B.
    console.wait_for("presence_changed", lambda e: set(e["online"]) == everybody - {gone_id},
                     timeout=PRESENCE_TTL_S * 4)
    print(f"\npresence without the phone that went home {time.monotonic() - killed_at:.1f} s after the SIGKILL; "
          f"{len(acknowledged_before_kill)} of {len(every_planned)} acknowledged before it, "
          f"{sum(repeat for _, repeat in acknowledged)} acknowledged again as repeats on B")
