"""The timer per phase, the timer of a closed table, and the join QR code put back on the
wall for latecomers: a real server process and real Socket.IO clients."""
from tests.support.clients import RecordingClient
from tests.support.web import join_as_phone, open_link


def _clients(server, table):
    phone = RecordingClient(server.url, join_as_phone(table), table_id=table["id"], role="phone").connect()
    wall = RecordingClient(server.url, open_link(table["wall"]), table_id=table["id"], role="wall").connect()
    console = RecordingClient(server.url, open_link(table["console"]), table_id=table["id"], role="console").connect()
    for client in (phone, wall, console):
        client.wait_for("snapshot")
    return phone, wall, console


def test_entering_a_phase_with_its_own_time_resets_the_timer_everywhere_not_started(server, table):
    phone, wall, console = _clients(server, table)
    seen = len(wall.received)
    assert console.emit("set_phase_timers", {"durations": {"inbreng": 15 * 60, "afwegen": 10 * 60}})["ok"]
    assert wall.wait_for("phase_timers_changed", after=seen)["phase_timers"] == {"afwegen": 600, "inbreng": 900}
    assert console.emit("start_timer")["ok"]  # the default ten minutes, running
    phone.wait_for("timer_changed", lambda e: e["timer"]["running"])

    for phase, minutes in (("inbreng", 15), ("ordenen", None), ("afwegen", 10)):
        seen = {client: len(client.received) for client in (phone, wall)}
        before = console.emit("request_snapshot")["snapshot"]["timer"]
        assert console.emit("set_phase", {"phase": phase})["ok"]
        for client in (phone, wall):
            changed = client.wait_for("phase_changed", lambda e, p=phase: e["phase"] == p, after=seen[client])
            if minutes is None:  # a phase without its own time leaves the timer as it was
                assert "timer" not in changed
            else:
                assert changed["timer"] == {"duration_s": minutes * 60, "remaining_ms": minutes * 60_000,
                                            "running": False}
        if minutes is None:
            assert console.emit("request_snapshot")["snapshot"]["timer"]["duration_s"] == before["duration_s"]
        else:
            assert console.emit("start_timer")["ok"]  # the facilitator starts it when the room is ready

    # A wall that reloads gets the same times and the same timer from its snapshot.
    again = RecordingClient(server.url, open_link(table["wall"]), table_id=table["id"], role="wall").connect()
    snapshot = again.wait_for("snapshot")
    assert snapshot["phase_timers"] == {"afwegen": 600, "inbreng": 900} and snapshot["timer"]["duration_s"] == 600


def test_a_closed_tables_timer_stands_still_and_refuses_start_pause_and_reset(server, table):
    phone, wall, console = _clients(server, table)
    assert console.emit("start_timer")["ok"]
    assert console.emit("set_phase", {"phase": "afgerond"})["ok"]
    seen = len(wall.received)
    assert console.emit("close_table")["ok"]
    closed = wall.wait_for("table_closed", after=seen)
    assert closed["closed"] is True and closed["timer"]["running"] is False
    left = closed["timer"]["remaining_ms"]

    for event, payload in (("start_timer", {}), ("pause_timer", {}), ("reset_timer", {"duration_s": 60})):
        refused = console.emit(event, payload)
        assert refused["ok"] is False and refused["error"] == "timer_table_closed"
        assert "gesloten" in refused["message"] or "closed" in refused["message"]
    snapshot = phone.emit("request_snapshot")["snapshot"]
    assert snapshot["closed"] is True and snapshot["timer"] == {**closed["timer"], "remaining_ms": left}

    # Reopened for a correction, the timer works again from where it stood.
    assert console.emit("reopen_table")["ok"]
    assert console.emit("start_timer")["ok"]


def test_the_console_puts_the_join_qr_on_the_wall_and_takes_it_away_and_a_reloaded_wall_keeps_it(server, table):
    phone, wall, console = _clients(server, table)
    assert console.emit("set_phase", {"phase": "afwegen"})["ok"]
    assert wall.events("snapshot")[0]["join_qr_shown"] is False
    seen = len(wall.received)
    shown = console.emit("show_join_qr", {"shown": True})
    assert shown["ok"] and shown["seq"]
    assert wall.wait_for("join_qr_changed", after=seen)["join_qr_shown"] is True
    assert console.emit("show_join_qr", {"shown": True})["seq"] is None  # already shown: nobody is told again

    reloaded = RecordingClient(server.url, open_link(table["wall"]), table_id=table["id"], role="wall").connect()
    assert reloaded.wait_for("snapshot")["join_qr_shown"] is True

    seen = len(reloaded.received)
    assert console.emit("show_join_qr", {"shown": False})["ok"]
    assert reloaded.wait_for("join_qr_changed", after=seen)["join_qr_shown"] is False
    refused = phone.emit("show_join_qr", {"shown": True})
    assert refused["ok"] is False and refused["error"] == "not_allowed"
