"""Issue 16, finding 8: the event limits keep counting while Redis is away. A real server
(run.py, eventlet) counts in the local Redis through a TCP proxy the test cuts: meanwhile it
counts in its own memory (and says so in its log), so a flood is still refused, and a
newcomer still joins (the HTTP limits fall back too, where joining answered 500 before);
when Redis is back it counts there again, where what was counted before the cut still stands."""
import socket
import time
import uuid

import pytest

from facilitator.event_limits import STORAGE_RETRY_S
from tests.support.clients import RecordingClient
from tests.support.heavy import add_arguments
from tests.support.server import LiveServer
from tests.support.tcp_proxy import TcpProxy
from tests.support.web import Organiser, join_as_phone, open_link

REDIS = ("127.0.0.1", 6379)
REACTIONS_PER_MINUTE = 10


def _reachable(address: tuple[str, int]) -> bool:
    try:
        socket.create_connection(address, timeout=2).close()
        return True
    except OSError:
        return False


pytestmark = pytest.mark.skipif(not _reachable(REDIS), reason="Redis is not reachable on 127.0.0.1:6379")


def connected_phone(server, table) -> RecordingClient:
    phone = RecordingClient(server.url, join_as_phone(table), table_id=table["id"], role="phone").connect()
    phone.wait_for("snapshot")
    return phone


def test_with_redis_away_a_flood_is_still_refused_counted_in_memory(tmp_path):
    proxy = TcpProxy(REDIS).start()
    # A key prefix of its own, so parallel runs on the one Redis never share counts.
    server = LiveServer(tmp_path / "instance", env={
        "RATELIMIT_STORAGE_URI": f"redis://127.0.0.1:{proxy.port}/0",
        "MESSAGE_QUEUE_CHANNEL": f"buurttafel-test-{uuid.uuid4().hex[:8]}",
        "REACTIONS_PER_MINUTE": str(REACTIONS_PER_MINUTE)}).start()
    try:
        organiser = Organiser(server.url).set_up(server.setup_link())
        table = organiser.create_table(organiser.create_round())
        add_arguments(server.instance_path, table["id"], 40)
        console = RecordingClient(server.url, open_link(table["console"]), table_id=table["id"], role="console").connect()
        console.wait_for("snapshot")
        assert console.emit("set_phase", {"phase": "afwegen"})["ok"]
        ids = [a["id"] for a in console.emit("request_snapshot")["snapshot"]["arguments"]]
        phone = connected_phone(server, table)
        reactions = iter(ids)

        def react() -> dict:
            return phone.emit("react", {"argument_id": next(reactions), "value": "agree"})

        assert all(react()["ok"] for _ in range(4))  # counted in Redis

        proxy.cut()
        away = [react() for _ in range(2 * REACTIONS_PER_MINUTE)]
        assert [ack["ok"] for ack in away].count(True) == REACTIONS_PER_MINUTE  # in memory, from zero
        assert {ack["error"] for ack in away if not ack["ok"]} == {"too_many_events"}
        log = server.log_path.read_text()
        assert "counting in this process's memory until it is back" in log
        # The HTTP limits (joining, logging in) fall back to memory as well: a newcomer gets a seat.
        assert connected_phone(server, table).emit("request_snapshot")["ok"]
        assert log.count("counting in this process's memory") == 1  # said once, not per event

        proxy.restore()
        time.sleep(STORAGE_RETRY_S + 0.5)
        back = [react() for _ in range(REACTIONS_PER_MINUTE)]
        # In Redis again: the 4 from before the cut still count this minute.
        assert [ack["ok"] for ack in back] == [True] * (REACTIONS_PER_MINUTE - 4) + [False] * 4
        assert "their storage is back; counting there again" in server.log_path.read_text()
        phone.disconnect()
        console.disconnect()
    finally:
        server.stop()
        proxy.cut()
