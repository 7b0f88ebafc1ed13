"""Serving under eventlet (run.py) so that no client, however slow or lying, holds a
connection past a short deadline:

- the request line (also the wait for the next request on a kept-alive connection) and
  the headers each have a total deadline, not only one per read, so a client that
  trickles a byte at a time (slowloris) is cut too;
- a request body is read whole, under a deadline, before the app sees it: a polling
  POST whose Content-Length promises more than it sends gets 408 and is closed, instead
  of waiting for bytes that never come;
- every read and write on a connection, websockets included, gives up after
  SOCKET_TIMEOUT_S (phones answer engine.io's ping every 25 s, so a live one never idles
  that long; a websocket that never reads stops the server's writes and is closed);
- at most MAX_CONNECTIONS_PER_ADDRESS connections are open from one address. The
  default leaves room for a whole venue behind one public address (300 phones, each a
  websocket and a few page loads), while one address cannot take the whole pool.

Only run.py imports this module, after eventlet's monkey-patching."""
import io
import logging
import time
from collections import Counter

import eventlet
import eventlet.wsgi

log = logging.getLogger("buurttafel.serving")

REQUEST_TIMEOUT = b"HTTP/1.1 408 Request Timeout\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"
TOO_MANY = b"HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nRetry-After: 5\r\nContent-Length: 0\r\n\r\n"


def guarded_protocol(*, request_line_s: float, headers_s: float, body_s: float, largest_body: int):
    class GuardedProtocol(eventlet.wsgi.HttpProtocol):
        def _within(self, seconds: float, read, expired_answer):
            """`read()` under a total deadline; past it the connection closes."""
            deadline = eventlet.Timeout(seconds)
            try:
                return read()
            except eventlet.Timeout as expired:
                if expired is not deadline:
                    raise
                self.close_connection = 1
                return expired_answer
            finally:
                deadline.cancel()

        def _read_request_line(self):
            return self._within(request_line_s, super()._read_request_line, "")

        def parse_request(self):
            return self._within(headers_s, super().parse_request, False)

        def handle_one_response(self):
            if not self._body_read_in_time():
                self.close_connection = 1
                try:
                    self.wfile.write(REQUEST_TIMEOUT)
                except OSError:
                    pass
                return
            super().handle_one_response()

        def _body_read_in_time(self) -> bool:
            """The whole body, or False when it does not come before the deadline. A body
            larger than the app takes is left to the app, which refuses it (413) unread."""
            length = self.environ.get("CONTENT_LENGTH")
            chunked = "chunked" in self.environ.get("HTTP_TRANSFER_ENCODING", "").lower()
            if not chunked and (not length or not length.isdigit() or not 0 < int(length) <= largest_body):
                return True
            deadline = eventlet.Timeout(body_s)
            try:
                body = self.environ["wsgi.input"].read(largest_body + 1 if chunked else int(length))
            except eventlet.Timeout as expired:
                if expired is not deadline:
                    raise
                log.info("request body from %s not sent within %s s: closed", self.client_address[0], body_s)
                return False
            except OSError:
                return False
            finally:
                deadline.cancel()
            if not chunked and len(body) < int(length):
                return False  # the client closed before sending what it announced
            self.environ["wsgi.input"] = io.BytesIO(body)
            if chunked:
                self.environ["CONTENT_LENGTH"] = str(len(body))
            return True

    return GuardedProtocol


class ConnectionsPerAddress(eventlet.GreenPool):
    """The server's pool of connections, with a cap per client address: past it a new
    connection gets 503 and is closed at once."""

    def __init__(self, size: int, per_address: int) -> None:
        super().__init__(size)
        self.per_address = per_address
        self.open: Counter[str] = Counter()
        self._warned_at = 0.0

    def spawn(self, function, connection, *args, **kwargs):
        if not self.per_address:  # 0: no cap (behind a reverse proxy, which limits instead)
            return super().spawn(function, connection, *args, **kwargs)
        address = connection[0][0]
        if self.open[address] >= self.per_address:
            if time.monotonic() - self._warned_at > 60:
                self._warned_at = time.monotonic()
                log.warning("%s has %d connections open, the most one address may: refusing more",
                            address, self.open[address])
            return super().spawn(_refuse, connection)
        self.open[address] += 1
        thread = super().spawn(function, connection, *args, **kwargs)
        thread.link(self._release, address)
        return thread

    def _release(self, _thread, address: str) -> None:
        self.open[address] -= 1
        if self.open[address] <= 0:
            del self.open[address]


def _refuse(connection) -> None:
    sock = connection[1]
    try:
        sock.settimeout(1)
        sock.sendall(TOO_MANY)
    except OSError:
        pass  # the server's link closes the socket either way
