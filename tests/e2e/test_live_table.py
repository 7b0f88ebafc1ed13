"""A real server process (run.py under eventlet) and real Socket.IO clients."""
import threading
import time

import pytest
import requests
import socketio

from tests.support.clients import RecordingClient
from tests.support.web import Organiser, csrf_token, join_as_phone, open_link


def test_phones_and_wall_follow_the_facilitator_through_the_phases(server, table):
    anna = RecordingClient(server.url, join_as_phone(table, "Anna"), table_id=table["id"], role="phone").connect()
    wall = RecordingClient(server.url, open_link(table["wall"]), table_id=table["id"], role="wall").connect()
    console = RecordingClient(server.url, open_link(table["console"]), table_id=table["id"], role="console").connect()

    assert anna.wait_for("snapshot")["me"]["display_name"] == "Anna"
    assert wall.wait_for("snapshot")["participant_count"] == 1
    assert "me" not in wall.events("snapshot")[0] and "participants" not in wall.events("snapshot")[0]
    assert [p["display_name"] for p in console.wait_for("snapshot")["participants"]] == ["Anna"]

    for phase in ("kaders", "inbreng", "kaders"):  # forward, and a step back
        # Only events after this change count: the second "kaders" must not be
        # satisfied by the first one, which every client has already seen.
        seen = {client: len(client.received) for client in (anna, wall, console)}
        assert console.emit("set_phase", {"phase": phase})["ok"]
        for client in (anna, wall, console):
            client.wait_for("phase_changed", lambda e, p=phase: e["phase"] == p, after=seen[client])

    seqs = [e["seq"] for e in wall.events("phase_changed")]
    assert seqs == sorted(seqs) and len(set(seqs)) == 3


def test_the_wall_counts_phones_as_they_join(server, table):
    wall = RecordingClient(server.url, open_link(table["wall"]), table_id=table["id"], role="wall").connect()
    assert wall.wait_for("snapshot")["participant_count"] == 0
    join_as_phone(table)
    join_as_phone(table, "Bram")
    assert wall.wait_for("participant_joined", lambda e: e["participant_count"] == 2)
    # The wall learns how many, never who.
    assert all("participant" not in e for e in wall.events("participant_joined"))


def test_timer_started_on_the_console_runs_on_phones(server, table):
    phone = RecordingClient(server.url, join_as_phone(table), table_id=table["id"], role="phone").connect()
    console = RecordingClient(server.url, open_link(table["console"]), table_id=table["id"], role="console").connect()
    phone.wait_for("snapshot")
    assert console.emit("reset_timer", {"duration_s": 90})["ok"]
    assert console.emit("start_timer")["ok"]
    running = phone.wait_for("timer_changed", lambda e: e["timer"]["running"])
    assert running["timer"]["duration_s"] == 90 and 85_000 < running["timer"]["remaining_ms"] <= 90_000
    seen = len(phone.received)  # the reset before the start was not running either
    assert console.emit("pause_timer")["ok"]
    paused = phone.wait_for("timer_changed", lambda e: not e["timer"]["running"], after=seen)
    assert paused["seq"] > running["seq"] and paused["timer"]["remaining_ms"] <= running["timer"]["remaining_ms"]


def test_a_phone_that_was_away_catches_up_from_a_snapshot(server, table):
    phone_session = join_as_phone(table)
    phone = RecordingClient(server.url, phone_session, table_id=table["id"], role="phone").connect()
    console = RecordingClient(server.url, open_link(table["console"]), table_id=table["id"], role="console").connect()
    phone.wait_for("snapshot")
    phone.disconnect()

    console.emit("set_phase", {"phase": "inbreng"})
    console.emit("reset_timer", {"duration_s": 300})

    again = RecordingClient(server.url, phone_session, table_id=table["id"], role="phone").connect()
    snapshot = again.wait_for("snapshot")
    assert snapshot["phase"] == "inbreng" and snapshot["timer"]["duration_s"] == 300
    assert snapshot["seq"] == console.emit("request_snapshot")["snapshot"]["seq"]


def test_after_a_server_crash_phones_keep_their_seat_and_see_the_same_table(server, table):
    phone_session = join_as_phone(table, "Chris")
    phone = RecordingClient(server.url, phone_session, table_id=table["id"], role="phone").connect()
    wall = RecordingClient(server.url, open_link(table["wall"]), table_id=table["id"], role="wall").connect()
    console = RecordingClient(server.url, open_link(table["console"]), table_id=table["id"], role="console").connect()
    me = phone.wait_for("snapshot")["me"]
    assert console.emit("set_phase", {"phase": "afwegen"})["ok"]
    before = wall.wait_for("phase_changed")["seq"]

    # Positions before the crash: a reconnect snapshot may come before restart() returns.
    seen = {client: len(client.received) for client in (phone, wall, console)}
    server.restart()  # SIGKILL, then start again on the same database and secret key

    # The clients reconnect by themselves and get a fresh snapshot.
    after = phone.wait_for("snapshot", timeout=20, after=seen[phone])
    assert after["me"] == me and after["phase"] == "afwegen" and after["seq"] == before
    assert wall.wait_for("snapshot", timeout=20, after=seen[wall])["phase"] == "afwegen"
    console.wait_for("snapshot", timeout=20, after=seen[console])
    assert console.emit("set_phase", {"phase": "verdelen"})["ok"]
    assert phone.wait_for("phase_changed", lambda e: e["phase"] == "verdelen")["seq"] == before + 1
    # A reload of the phone page still knows the participant.
    assert "data-live" in phone_session.get(table["join"]).text


def test_one_tables_events_never_reach_another_tables_wall(server, organiser):
    round_url = organiser.create_round()
    table_a, table_b = organiser.create_table(round_url, "A"), organiser.create_table(round_url, "B")
    wall_b = RecordingClient(server.url, open_link(table_b["wall"]), table_id=table_b["id"], role="wall").connect()
    console_a = RecordingClient(server.url, open_link(table_a["console"]), table_id=table_a["id"], role="console").connect()
    wall_b.wait_for("snapshot")
    join_as_phone(table_a)
    console_a.emit("set_phase", {"phase": "kaders"})
    console_a.emit("start_timer")
    console_a.wait_for("timer_changed")
    assert [name for name, _ in wall_b.received] == ["snapshot"]


def test_a_participant_cannot_run_the_table(server, table):
    phone = RecordingClient(server.url, join_as_phone(table), table_id=table["id"], role="phone").connect()
    phone.wait_for("snapshot")
    for event, payload in [("set_phase", {"phase": "afgerond"}), ("start_timer", {}), ("reset_timer", {"duration_s": 5})]:
        ack = phone.emit(event, payload)
        assert ack["ok"] is False and ack["error"] == "not_allowed" and ack["message"]
    assert phone.emit("request_snapshot")["snapshot"]["phase"] == "welkom"


def test_a_socket_cannot_claim_a_role_its_browser_never_opened(server, organiser):
    round_url = organiser.create_round()
    table_a, table_b = organiser.create_table(round_url, "A"), organiser.create_table(round_url, "B")
    console_of_a = open_link(table_a["console"])
    with pytest.raises(socketio.exceptions.ConnectionError):
        RecordingClient(server.url, console_of_a, table_id=table_b["id"], role="console", reconnection=False).connect()
    with pytest.raises(socketio.exceptions.ConnectionError):
        RecordingClient(server.url, requests.Session(), table_id=table_a["id"], role="wall", reconnection=False).connect()


def test_a_revoked_facilitator_link_stops_working_at_once(server, organiser, table):
    console_http = open_link(table["console"])
    console = RecordingClient(server.url, console_http, table_id=table["id"], role="console",
                              reconnection=False).connect()
    console.wait_for("snapshot")
    assert console.emit("set_phase", {"phase": "kaders"})["ok"]
    page = organiser.http.get(table["page"]).text
    organiser.http.post(table["page"] + "/revoke", data={"csrf_token": csrf_token(page)})
    # The open console is disconnected at once (issue 16), and the old link connects no more.
    deadline = time.monotonic() + 15
    while console.sio.connected and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not console.sio.connected
    with pytest.raises(socketio.exceptions.ConnectionError):
        RecordingClient(server.url, console_http, table_id=table["id"], role="console", reconnection=False).connect()
    assert requests.get(table["console"]).status_code == 404


def test_a_websocket_from_another_site_is_refused(server, table):
    phone_session = join_as_phone(table)
    hijack = RecordingClient(server.url, phone_session, table_id=table["id"], role="phone",
                             headers={"Origin": "https://evil.example"}, reconnection=False)
    with pytest.raises(socketio.exceptions.ConnectionError):
        hijack.connect()


def test_the_first_start_prints_a_setup_link_that_works_once(server):
    link = server.setup_link()
    Organiser(server.url).set_up(link)
    assert requests.get(link).status_code == 404
    server.restart()
    assert server.setup_link() == link  # no new link once an organiser exists


def test_an_oversized_socket_message_is_refused_and_the_table_is_untouched(server, table):
    console = RecordingClient(server.url, open_link(table["console"]), table_id=table["id"], role="console",
                              reconnection=False).connect()
    console.wait_for("snapshot")
    console.sio.emit("set_phase", {"phase": "kaders" + "x" * 100_000})
    deadline = time.monotonic() + 5
    while console.sio.connected and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not console.sio.connected, "the server should close a connection that sends too much"
    fresh = RecordingClient(server.url, open_link(table["console"]), table_id=table["id"], role="console").connect()
    assert fresh.wait_for("snapshot")["seq"] == 0 and fresh.events("snapshot")[0]["phase"] == "welkom"


def test_a_payload_nested_too_deep_to_parse_gets_an_error_answer_and_the_table_is_untouched(server, table):
    """JSON nested thousands deep fails inside the socket server's parser, before any
    event handler; the sender still gets the usual answer, and the connection stays."""
    console = RecordingClient(server.url, open_link(table["console"]), table_id=table["id"], role="console").connect()
    console.wait_for("snapshot")
    answered = threading.Event()
    answers = []

    def answer(*args):
        answers.append(args)
        answered.set()

    depth = 5_000  # Python's parser gives up at about 1,000; well under the message size limit
    ack_id = console.sio._generate_ack_id("/", answer)  # the client's own numbering of acks; "2" = an event
    console.sio.eio.send(f'2{ack_id}["set_phase",{{"phase":{"[" * depth}{"]" * depth}}}]')
    assert answered.wait(10), "no answer to a deeply nested payload"
    assert answers[0][0]["error"] == "invalid_payload" and answers[0][0]["message"]
    assert console.emit("request_snapshot")["snapshot"]["phase"] == "welkom"  # still connected, nothing changed
