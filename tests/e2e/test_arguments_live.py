"""Arguments through a real server process: floods, crashes, and what the wall sees."""
import threading
import time
import uuid
from collections import Counter

from tests.support.clients import RecordingClient
from tests.support.web import join_as_phone, open_link


def percentile(sorted_seconds: list[float], p: int) -> float:
    """In milliseconds; nearest rank."""
    return 1000 * sorted_seconds[min(len(sorted_seconds) - 1, round(p / 100 * (len(sorted_seconds) - 1)))]


def console_of(server, table):
    console = RecordingClient(server.url, open_link(table["console"]), table_id=table["id"], role="console").connect()
    console.wait_for("snapshot")
    return console


def argument(text: str, stance: str = "voor") -> dict:
    return {"client_id": str(uuid.uuid4()), "stance": stance, "text": text}


def test_a_flood_from_one_phone_is_stopped_for_that_phone_only(server, table):
    console = console_of(server, table)
    console.emit("set_phase", {"phase": "inbreng"})
    eager = RecordingClient(server.url, join_as_phone(table), table_id=table["id"], role="phone").connect()
    calm = RecordingClient(server.url, join_as_phone(table), table_id=table["id"], role="phone").connect()
    acks = [eager.emit("submit_argument", argument(f"nummer {n}")) for n in range(8)]
    assert [a["ok"] for a in acks] == [True] * 6 + [False] * 2
    assert acks[-1]["error"] == "too_many_arguments" and "minuut" in acks[-1]["message"]
    assert calm.emit("submit_argument", argument("van de buurvrouw"))["ok"]
    assert len(console.emit("request_snapshot")["snapshot"]["arguments"]) == 7


def test_the_wall_sees_arguments_but_never_who_wrote_them(server, table):
    console = console_of(server, table)
    console.emit("set_phase", {"phase": "inbreng"})
    wall = RecordingClient(server.url, open_link(table["wall"]), table_id=table["id"], role="wall").connect()
    phone = RecordingClient(server.url, join_as_phone(table, "Anna"), table_id=table["id"], role="phone").connect()
    wall.wait_for("snapshot")
    phone.emit("submit_argument", argument("Bankjes"))
    console.emit("capture_argument", argument("Van een kaartje", "idee"))
    added = [e["argument"] for e in [wall.wait_for("argument_added", lambda e: e["argument"]["stance"] == s)
                                     for s in ("voor", "idee")]]
    assert [a["via_facilitator"] for a in added] == [False, True]
    assert all("author" not in a for a in added)
    assert console.wait_for("argument_added")["argument"]["author"]["display_name"] == "Anna"


def test_killing_the_server_while_fifty_phones_submit_loses_and_doubles_nothing(server, table):
    """Fifty phones send four arguments each, resending what was not acknowledged,
    as the phone's outbox does. The server is SIGKILLed halfway and restarted."""
    console = console_of(server, table)
    console.emit("set_phase", {"phase": "inbreng"})
    phones = [RecordingClient(server.url, join_as_phone(table), table_id=table["id"], role="phone").connect()
              for _ in range(50)]
    planned = {phone: [argument(f"argument {n} van telefoon {i}") for n in range(4)] for i, phone in enumerate(phones)}
    wall = RecordingClient(server.url, open_link(table["wall"]), table_id=table["id"], role="wall").connect()
    wall.wait_for("snapshot")
    acknowledged, refused, lock = [], [], threading.Lock()
    sent_at, ack_latency = {}, []
    deadline = time.monotonic() + 90

    def send_all(phone, items):
        pending = list(items)
        while pending and time.monotonic() < deadline:
            started = time.monotonic()
            sent_at.setdefault(pending[0]["client_id"], started)
            try:
                ack = phone.sio.call("submit_argument", pending[0], timeout=5)
            except Exception:  # disconnected or no answer: the outbox keeps it and tries again
                time.sleep(0.3)
                continue
            with lock:
                (acknowledged if ack["ok"] else refused).append((pending[0]["client_id"], ack))
            if ack["ok"]:
                ack_latency.append(time.monotonic() - started)
                pending.pop(0)
            else:
                return

    threads = [threading.Thread(target=send_all, args=item) for item in planned.items()]
    for thread in threads:
        thread.start()
    while len(acknowledged) < 60 and time.monotonic() < deadline:
        time.sleep(0.01)
    acknowledged_before_crash = {client_id for client_id, _ in acknowledged}
    server.kill()
    time.sleep(1)
    server.start()
    for thread in threads:
        thread.join()

    assert refused == []
    fresh = console_of(server, table)
    stored = Counter(a["client_id"] for a in fresh.emit("request_snapshot")["snapshot"]["arguments"])
    every_planned = {item["client_id"] for items in planned.values() for item in items}
    assert set(stored) == every_planned          # nothing lost, the 60 acknowledged before the crash included
    assert acknowledged_before_crash <= set(stored)
    assert max(stored.values()) == 1             # nothing doubled, though some were sent twice
    on_wall = {data["argument"]["client_id"]: at for (name, data), at in zip(wall.received, wall.received_at)
               if name == "argument_added" and data["argument"]["client_id"] in acknowledged_before_crash}
    to_wall = sorted(on_wall[c] - sent_at[c] for c in on_wall)
    to_ack = sorted(ack_latency[:len(acknowledged_before_crash)])
    print(f"\nbefore the crash: submit→ack p50 {percentile(to_ack, 50):.0f} ms, p95 {percentile(to_ack, 95):.0f} ms; "
          f"submit→wall p50 {percentile(to_wall, 50):.0f} ms, p95 {percentile(to_wall, 95):.0f} ms "
          f"({len(to_wall)} arguments, 50 phones sending at once)")
    print(f"{len(every_planned)} arguments, {len(acknowledged_before_crash)} acknowledged before the SIGKILL, "
          f"{sum(ack['repeat'] for _, ack in acknowledged)} acknowledged as repeats after the restart")


def test_a_resend_after_a_lost_acknowledgement_is_confirmed_not_stored_again(server, table):
    console = console_of(server, table)
    console.emit("set_phase", {"phase": "inbreng"})
    phone_session = join_as_phone(table)
    phone = RecordingClient(server.url, phone_session, table_id=table["id"], role="phone").connect()
    item = argument("Een watertappunt bij het veldje")
    first = phone.emit("submit_argument", item)
    phone.disconnect()  # as if the acknowledgement never reached the phone
    again = RecordingClient(server.url, phone_session, table_id=table["id"], role="phone").connect()
    second = again.emit("submit_argument", item)
    assert first["ok"] and second["ok"] and second["repeat"] and second["argument_id"] == first["argument_id"]
    texts = [a["text"] for a in console.emit("request_snapshot")["snapshot"]["arguments"]]
    assert texts == ["Een watertappunt bij het veldje"]
    assert len(console.events("argument_added")) == 1


def test_two_console_windows_grouping_at_once_end_in_the_same_state(server, table):
    first, second = console_of(server, table), console_of(server, table)
    first.emit("set_phase", {"phase": "inbreng"})
    ids = [first.emit("capture_argument", argument(f"argument {n}"))["argument_id"] for n in range(12)]
    a = first.emit("create_cluster", {"name": "A"})["cluster_id"]
    b = second.emit("create_cluster", {"name": "B"})["cluster_id"]

    def shuffle(console, target, other):
        for n, argument_id in enumerate(ids):
            console.emit("move_arguments", {"argument_ids": [argument_id], "cluster_id": target if n % 2 else other})

    threads = [threading.Thread(target=shuffle, args=(first, a, b)), threading.Thread(target=shuffle, args=(second, b, a))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    truth = first.emit("request_snapshot")["snapshot"]
    for console in (first, second):
        last = console.wait_for("clusters_changed", lambda e: e["seq"] == truth["seq"])
        assert last["clusters"] == truth["clusters"]
    assert sorted(i for c in truth["clusters"] for i in c["argument_ids"]) == ids
