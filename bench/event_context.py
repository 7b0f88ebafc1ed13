"""What the Flask request context of one Socket.IO event costs: CPU per context, and the
objects it leaves for the garbage collector (reference cycles, freed only by a collection).

Flask-SocketIO builds one such context per event from the environ the socket connected
with; this builds it the same way, N times (default 20,000), on the app as `create_app`
makes it (facilitator/socket_context.py says what it changes).

    .venv/bin/python -m bench.event_context [N]
"""
import gc
import sys
import tempfile
import time

from flask.sessions import SecureCookieSession
from werkzeug.test import EnvironBuilder

from facilitator import create_app
from facilitator.socket_session import SOCKET_SESSION_KEY


def main(runs: int) -> None:
    app = create_app({"ASYNC_MODE": "threading", "INSTANCE_PATH": tempfile.mkdtemp()})
    # A socket's environ: its path, and the session copy Flask-SocketIO keeps there at connect.
    environ = EnvironBuilder(path="/socket.io/", query_string="EIO=4&transport=websocket").get_environ()
    environ["flask.app"] = app
    environ[SOCKET_SESSION_KEY] = SecureCookieSession()

    def one_event() -> None:
        with app.request_context(environ):
            pass

    for _ in range(1000):
        one_event()
    gc.collect()
    gc.disable()
    gc.set_debug(gc.DEBUG_SAVEALL)  # what a collection would free is kept, to be counted
    started = time.process_time()
    for _ in range(runs):
        one_event()
    cpu_us = (time.process_time() - started) / runs * 1e6
    gc.collect()
    left = len(gc.garbage)
    gc.set_debug(0)
    gc.garbage.clear()
    gc.enable()
    print(f"request context of a socket event: {cpu_us:.1f} µs CPU, {left / runs:.1f} objects left"
          f" in reference cycles ({runs} events)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20_000)
