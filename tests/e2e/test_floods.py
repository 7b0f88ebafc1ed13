"""Issue 16, finding 8, against a real server (run.py, eventlet): a phone, or many made-up
seats of one script, cannot flood a table. Each phone's events are counted per participant
and all phones of a table together; what goes past a limit is refused with its code before
anything is stored or broadcast, while a participant at a person's pace is never refused."""
import threading
import time
import uuid

from tests.support.clients import RecordingClient
from tests.support.heavy import add_arguments
from tests.support.server import LiveServer
from tests.support.web import Organiser, join_as_phone, open_link

REACTIONS_PER_MINUTE = 120  # the default in facilitator/config.py


def connected(server, http_session, table, role) -> RecordingClient:
    client = RecordingClient(server.url, http_session, table_id=table["id"], role=role).connect()
    client.wait_for("snapshot")
    return client


def burst(client: RecordingClient, calls: list[tuple[str, dict]]) -> list[dict]:
    """Send every call at once, without waiting for an answer in between (as a script
    does), and return the acknowledgements in the order sent."""
    acks: list[dict | None] = [None] * len(calls)
    answered = threading.Semaphore(0)

    def keep(index):
        def callback(ack):
            acks[index] = ack
            answered.release()
        return callback

    for index, (name, payload) in enumerate(calls):
        client.sio.emit(name, payload, callback=keep(index))
    for _ in calls:
        assert answered.acquire(timeout=60), "an event was never answered"
    return acks


def table_in_afwegen(server, organiser, arguments: int, title: str = "Tafel") -> tuple[dict, list[int], RecordingClient]:
    table = organiser.create_table(organiser.create_round(), title=title)
    add_arguments(server.instance_path, table["id"], arguments)
    console = connected(server, open_link(table["console"]), table, "console")
    assert console.emit("set_phase", {"phase": "afwegen"})["ok"]
    ids = [a["id"] for a in console.emit("request_snapshot")["snapshot"]["arguments"]]
    assert len(ids) == arguments
    return table, ids, console


def stored_reactions(console: RecordingClient) -> dict[int, dict[str, int]]:
    return {a["id"]: a["reactions"] for a in console.emit("request_snapshot")["snapshot"]["arguments"]}


def test_one_phone_flooding_reactions_is_refused_past_its_limit_and_a_real_pace_never_is(server, organiser):
    table, ids, console = table_in_afwegen(server, organiser, 60)
    wall = connected(server, open_link(table["wall"]), table, "wall")
    flooder = connected(server, join_as_phone(table), table, "phone")
    neighbour = connected(server, join_as_phone(table), table, "phone")
    before = len(wall.received)

    # The neighbour reacts once to each of the 60 arguments, a person reading the wall at
    # a quick pace, while the script behind the flooder sends 400 changes of mind at once.
    neighbour_acks = []

    def read_and_react():
        for argument_id in ids:
            neighbour_acks.append(neighbour.emit("react", {"argument_id": argument_id, "value": "agree"}))
            time.sleep(0.02)

    reading = threading.Thread(target=read_and_react)
    reading.start()
    started = time.monotonic()
    flood = burst(flooder, [("react", {"argument_id": ids[0], "value": ("agree", "disagree")[n % 2]})
                            for n in range(400)])
    flood_took = time.monotonic() - started
    reading.join(120)

    accepted = [ack for ack in flood if ack["ok"]]
    refused = [ack for ack in flood if not ack["ok"]]
    print(f"\n400 reactions from one phone in {flood_took:.1f} s: {len(accepted)} accepted, {len(refused)} refused")
    assert len(accepted) == REACTIONS_PER_MINUTE
    assert {ack["error"] for ack in refused} == {"too_many_events"}
    assert "Wacht even" in refused[0]["message"]  # Dutch, the phone's language
    assert [ack["ok"] for ack in neighbour_acks] == [True] * 60

    # The wall, in the table's room, heard one broadcast per accepted change and per
    # neighbour's reaction, and no more. Events may be handled in another order than sent,
    # so an accepted reaction may repeat the one before it: that one is told nobody (no seq).
    changes = [ack for ack in accepted if ack.get("seq")]
    last_seq = max(ack["seq"] for ack in changes + neighbour_acks)
    wall.wait_for("reaction_changed", lambda e: e["seq"] == last_seq, after=before, timeout=30)
    broadcasts = [data for name, data in wall.received[before:] if name == "reaction_changed"]
    print(f"reaction_changed at the wall: {len(broadcasts)}")
    assert len(broadcasts) == len(changes) + 60 <= REACTIONS_PER_MINUTE + 60

    # Stored: the flooder's one reaction is the one applied last; the neighbour's 60 all there.
    applied_last = max((n for n, ack in enumerate(flood) if ack.get("ok") and ack.get("seq")),
                       key=lambda n: flood[n]["seq"])
    last_value = ("agree", "disagree")[applied_last % 2]
    reactions = stored_reactions(console)
    assert reactions[ids[0]][last_value] == 1 + (last_value == "agree")
    assert sum(reactions[ids[0]].values()) == 2
    assert all(reactions[i] == {"agree": 1, "disagree": 0, "pass": 0} for i in ids[1:])
    for client in (wall, flooder, neighbour, console):
        client.disconnect()


def test_many_made_up_seats_together_meet_the_tables_ceiling_and_other_tables_go_on(tmp_path):
    """Ten scripted seats each stay under their own limit (30 reactions each), but together
    they pass a table ceiling of 100: the rest is refused with `table_busy`, stored nowhere
    and broadcast to nobody; a phone at another table is not touched. (The ceiling is set
    low here; its default, 3,000, is a plenary of 300 each reacting ten times a minute.)"""
    server = LiveServer(tmp_path / "instance", env={"TABLE_EVENTS_PER_MINUTE": "100"}).start()
    try:
        organiser = Organiser(server.url).set_up(server.setup_link())
        table, ids, console = table_in_afwegen(server, organiser, 30)
        other, other_ids, _ = table_in_afwegen(server, organiser, 1, title="Andere tafel")
        wall = connected(server, open_link(table["wall"]), table, "wall")
        seats = [connected(server, join_as_phone(table), table, "phone") for _ in range(10)]
        elsewhere = connected(server, join_as_phone(other), other, "phone")
        before = len(wall.received)

        acks: list[list[dict]] = [[] for _ in seats]

        def flood(index):
            acks[index] = burst(seats[index], [("react", {"argument_id": argument_id, "value": "disagree"})
                                               for argument_id in ids])

        threads = [threading.Thread(target=flood, args=(index,)) for index in range(len(seats))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(120)
        every = [ack for seat in acks for ack in seat]
        accepted = [ack for ack in every if ack["ok"]]
        refused = [ack for ack in every if not ack["ok"]]
        print(f"\n{len(every)} reactions from 10 seats: {len(accepted)} accepted, {len(refused)} refused")
        assert len(every) == 300 and len(accepted) == 100
        assert {ack["error"] for ack in refused} == {"table_busy"}
        assert "druk aan je tafel" in refused[0]["message"]
        assert elsewhere.emit("react", {"argument_id": other_ids[0], "value": "agree"})["ok"]

        wall.wait_for("reaction_changed", lambda e: e["seq"] == max(a["seq"] for a in accepted), after=before)
        assert len([name for name, _ in wall.received[before:] if name == "reaction_changed"]) == 100
        assert sum(sum(r.values()) for r in stored_reactions(console).values()) == 100
    finally:
        server.stop()


def test_a_refused_edit_harms_nothing_stored(server, organiser):
    """Edits and withdrawals share one count; past it, neither changes the argument."""
    table = organiser.create_table(organiser.create_round())
    console = connected(server, open_link(table["console"]), table, "console")
    assert console.emit("set_phase", {"phase": "inbreng"})["ok"]
    phone = connected(server, join_as_phone(table), table, "phone")
    sent = phone.emit("submit_argument", {"client_id": str(uuid.uuid4()), "stance": "voor", "text": "Bankjes"})
    edits = burst(phone, [("edit_argument", {"argument_id": sent["argument_id"], "stance": "voor",
                                             "text": f"Bankjes, versie {n}"}) for n in range(40)])
    assert [ack["ok"] for ack in edits].count(True) == 30
    last_accepted = max((n for n, ack in enumerate(edits) if ack["ok"]), key=lambda n: edits[n]["seq"])
    withdrawn = phone.emit("withdraw_argument", {"argument_id": sent["argument_id"]})
    assert withdrawn["error"] == "too_many_events"
    [stored] = console.emit("request_snapshot")["snapshot"]["arguments"]
    assert stored["text"] == f"Bankjes, versie {last_accepted}" and stored.get("withdrawn") is not True
