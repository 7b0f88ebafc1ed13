"""A TCP proxy that can drop the line: the database "stops" for the server behind it
while the real PostgreSQL, which other processes share, keeps running. It can also play a
venue's network that refuses WebSockets (a proxy or firewall that answers the upgrade with
403) and passes plain HTTP."""
import socket
import threading
import time


class TcpProxy:
    def __init__(self, upstream: tuple[str, int], *, refuse_websockets: bool = False) -> None:
        self.upstream = upstream
        self.refuse_websockets = refuse_websockets
        self.websockets_refused = 0
        self.port = 0
        self._listener: socket.socket | None = None
        self._open: set[socket.socket] = set()
        self._lock = threading.Lock()

    def start(self) -> "TcpProxy":
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))  # the same port again after a cut
        listener.listen(64)
        self.port = listener.getsockname()[1]
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()
        return self

    def cut(self) -> None:
        """Drop every open connection and refuse new ones, as a stopped server does."""
        listener, self._listener = self._listener, None
        if listener is not None:
            _close(listener)  # shutdown wakes the thread blocked in accept()
        with self._lock:
            for sock in self._open:
                _close(sock)
            self._open.clear()

    def restore(self) -> None:
        self.start()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return  # cut
            # A thread each: a browser's speculative connection may send nothing for a while.
            threading.Thread(target=self._connect, args=(client,), daemon=True).start()

    def _connect(self, client: socket.socket) -> None:
        if self.refuse_websockets and _asks_for_websocket(client):
            with self._lock:
                self.websockets_refused += 1
            client.sendall(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
            _close(client)
            return
        try:
            server = socket.create_connection(self.upstream, timeout=5)
        except OSError:
            _close(client)
            return
        server.settimeout(None)
        with self._lock:
            self._open.update((client, server))
        for source, target in ((client, server), (server, client)):
            threading.Thread(target=self._pump, args=(source, target), daemon=True).start()

    def _pump(self, source: socket.socket, target: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                target.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, target):
                _close(sock)
                with self._lock:
                    self._open.discard(sock)


def _asks_for_websocket(client: socket.socket) -> bool:
    """Whether the connection's first request asks for a WebSocket (a browser opens every
    WebSocket on a connection of its own, so the first request is the one to look at)."""
    deadline = time.monotonic() + 30
    head = b""
    while b"\r\n\r\n" not in head and len(head) < 16384 and time.monotonic() < deadline:
        client.settimeout(max(0.01, deadline - time.monotonic()))
        try:
            seen = client.recv(len(head) + 4096, socket.MSG_PEEK)  # left in place for the server
        except OSError:
            break
        if not seen:
            break
        if seen == head:
            time.sleep(0.01)  # the rest of the head is still on its way
        head = seen
    client.settimeout(None)
    return b"upgrade: websocket" in head.lower()


def _close(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    sock.close()
