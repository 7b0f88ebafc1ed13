"""Real Socket.IO clients (python-socketio) that record what they receive."""
import asyncio
import threading
import time

import aiohttp
import socketio

from .web import cookie_header

LIVE_EVENTS = ("snapshot", "participant_joined", "phase_changed", "timer_changed", "presence_changed",
               "argument_added", "argument_changed", "input_changed", "reaction_changed",
               "clusters_changed", "options_changed", "frame_changed", "frame_consent_changed", "ballots_changed", "consensus_changed", "table_closed",
               "premoderation_changed", "unseen_change", "own_argument_changed",
               "phase_timers_changed", "join_qr_changed", "round_changed",
               "round_vote_changed")  # the round's plenary vote, to the round's room


class RecordingClient:
    """A phone, console or wall: connects with the browser session's cookie."""

    def __init__(self, base_url: str, http_session, *, table_id: int, role: str,
                 headers: dict | None = None, reconnection: bool = True) -> None:
        self.base_url = base_url
        self.headers = {"Cookie": cookie_header(http_session), **(headers or {})}
        self.auth = {"table": table_id, "role": role}
        self.received: list[tuple[str, dict]] = []
        self.received_at: list[float] = []  # time.monotonic() of each, for latency figures
        self._changed = threading.Condition()
        self.sio = socketio.Client(reconnection=reconnection, reconnection_delay=0.2,
                                   reconnection_delay_max=1)
        for name in LIVE_EVENTS:
            self.sio.on(name, self._recorder(name))

    def _recorder(self, name):
        def record(data):
            with self._changed:
                self.received.append((name, data))
                self.received_at.append(time.monotonic())
                self._changed.notify_all()
        return record

    def connect(self) -> "RecordingClient":
        self.sio.connect(self.base_url, headers=self.headers, auth=self.auth, transports=["websocket"],
                         wait_timeout=10)
        return self

    def emit(self, name: str, payload=None) -> dict:
        # The server sends the snapshot before the namespace's CONNECT packet, so a
        # client that just saw a snapshot may still be a moment away from connected.
        deadline = time.monotonic() + 20
        while "/" not in self.sio.namespaces and time.monotonic() < deadline:
            time.sleep(0.02)
        return self.sio.call(name, payload if payload is not None else {}, timeout=10)

    def wait_for(self, name: str, predicate=lambda data: True, *, timeout: float = 10, after: int = 0) -> dict:
        """The first `name` event from index `after` on that satisfies `predicate`."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                for event, data in self.received[after:]:
                    if event == name and predicate(data):
                        return data
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(f"no {name} within {timeout}s; got {[e for e, _ in self.received]}")
                self._changed.wait(remaining)

    def events(self, name: str) -> list[dict]:
        with self._changed:
            return [data for event, data in self.received if event == name]

    def disconnect(self) -> None:
        if self.sio.connected:
            self.sio.disconnect()


class ReconnectingPhone:
    """An asyncio Socket.IO client that connects over a WebSocket and reconnects with the back-off
    of the pages (static/js/connecting.js):
    the crash test's phones and the restart in bench/load.py."""

    def __init__(self, base_url: str, cookie: str, table_id: int, role: str = "phone") -> None:
        self.base_url, self.cookie, self.table_id, self.role = base_url, cookie, table_id, role
        self.sio: socketio.AsyncClient | None = None
        self.snapshots: list[tuple[float, dict]] = []
        self.last_error: Exception | None = None
        self.events: list[tuple[str, dict]] = []
        self.attempts: list[float] = []  # time.monotonic() at the start of each connection attempt

    async def connect(self) -> None:
        # A cookie jar of our own, as a browser keeps one: the client otherwise forgets the
        # Cookie header after the first connection and reconnects as a stranger.
        self.http = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))
        self.sio = socketio.AsyncClient(reconnection=True, reconnection_delay=1, reconnection_delay_max=3,
                                        randomization_factor=0.5, http_session=self.http)
        # python-socketio's reconnect waits 1 s for the namespace, then drops the connection and
        # backs off again; the pages' socket.io-client waits 20 s (its `timeout`). In a storm of
        # 200 reconnects the last in the server's queue take longer than 1 s, so wait as a page does.
        connect = self.sio.connect

        async def connect_as_a_page_does(*args, **kwargs):
            self.attempts.append(time.monotonic())
            kwargs.setdefault("wait_timeout", 20)
            return await connect(*args, **kwargs)

        self.sio.connect = connect_as_a_page_does
        self.sio.on("snapshot", lambda data: self.snapshots.append((time.monotonic(), data)))
        for name in ("argument_added", "argument_changed"):
            self.sio.on(name, lambda data, name=name: self.events.append((name, data)))
        await connect_as_a_page_does(self.base_url, headers={"Cookie": self.cookie},
                               auth={"table": self.table_id, "role": self.role},
                               transports=["websocket"], wait_timeout=20)

    async def send_until_acknowledged(self, event: str, payload: dict, deadline: float) -> dict:
        while time.monotonic() < deadline:
            try:
                ack = await self.sio.call(event, payload, timeout=5)
            except Exception as error:  # disconnected, or no answer: try again, as the outbox does
                self.last_error = error
                await asyncio.sleep(0.3)
                continue
            return ack
        raise AssertionError(f"{event} not acknowledged before the deadline (connected: {self.sio.connected}, "
                             f"last error: {self.last_error!r}, snapshots: {len(self.snapshots)})")
