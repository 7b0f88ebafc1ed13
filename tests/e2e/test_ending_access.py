"""Issue 16, findings 3 and 4, against a real server (run.py, eventlet): revoking a
console link and erasing a round end the sockets they concern at once. Before, a revoked
console kept hearing authors' names and hidden texts, and a phone connected before an
erasure could still submit."""
import time
import uuid

from tests.support.clients import RecordingClient
from tests.support.web import join_as_phone, open_link, post_form


def wait_until_disconnected(client, within: float = 15) -> bool:
    deadline = time.monotonic() + within
    while client.sio.connected and time.monotonic() < deadline:
        time.sleep(0.05)
    return not client.sio.connected


def test_revoking_the_console_link_disconnects_the_open_console_at_once(server, organiser, table):
    console_http = open_link(table["console"])
    old_console = RecordingClient(server.url, console_http, table_id=table["id"], role="console",
                                  reconnection=False).connect()
    old_console.wait_for("snapshot")
    assert old_console.emit("set_phase", {"phase": "inbreng"})["ok"]
    phone = RecordingClient(server.url, join_as_phone(table), table_id=table["id"], role="phone").connect()
    phone.wait_for("snapshot")
    revoked = post_form(organiser.http, table["page"] + "/revoke", {}, form_page=table["page"])
    assert revoked.status_code == 200
    assert wait_until_disconnected(old_console)
    heard = len(old_console.received)
    assert phone.emit("submit_argument", {"client_id": str(uuid.uuid4()), "stance": "voor",
                                          "text": "Na het intrekken"})["ok"]
    time.sleep(1)  # long enough for a broadcast to arrive, had the console still been in the room
    assert old_console.received[heard:] == []
    # Connecting again with the old link is refused.
    again = RecordingClient(server.url, console_http, table_id=table["id"], role="console",
                            reconnection=False)
    try:
        again.connect()
        refused = False
    except Exception:
        refused = True
    assert refused
    phone.disconnect()


def test_erasing_a_round_ends_every_phone_wall_and_console_socket_of_its_tables(server, organiser, table):
    console = RecordingClient(server.url, open_link(table["console"]), table_id=table["id"], role="console",
                              reconnection=False).connect()
    console.wait_for("snapshot")
    assert console.emit("set_phase", {"phase": "inbreng"})["ok"]
    phone_http = join_as_phone(table, "Anneke")
    phone = RecordingClient(server.url, phone_http, table_id=table["id"], role="phone", reconnection=False).connect()
    wall = RecordingClient(server.url, open_link(table["wall"]), table_id=table["id"], role="wall",
                           reconnection=False).connect()
    phone.wait_for("snapshot")
    wall.wait_for("snapshot")
    round_url = table["page"].rsplit("/organiser/", 1)[0] + "/organiser/rounds/" + str(organiser_round_id(organiser))
    erased = post_form(organiser.http, round_url + "/erase", {"confirm": "y"}, form_page=round_url)
    assert erased.status_code == 200
    assert all(wait_until_disconnected(client) for client in (phone, wall, console))
    # The seat is gone: the old phone cannot come back and submit.
    again = RecordingClient(server.url, phone_http, table_id=table["id"], role="phone", reconnection=False)
    try:
        again.connect()
        ack = again.emit("submit_argument", {"client_id": str(uuid.uuid4()), "stance": "voor", "text": "Toch nog"})
        stored = ack.get("ok", False)
    except Exception:
        stored = False
    assert not stored


def organiser_round_id(organiser) -> int:
    import re
    page = organiser.http.get(organiser.base + "/organiser").text
    return int(re.findall(r"/organiser/rounds/(\d+)", page)[0])
