"""Serve Buurttafel with eventlet. Monkey-patching happens here and nowhere else,
before anything else is imported.

ASYNC_MODE=gevent or ASYNC_MODE=threading serve the same app otherwise, so that
bench/load.py can set the async modes side by side; eventlet is what ships."""
import os
import warnings

# The server's async mode, chosen here and nowhere else: monkey-patching must come first.
ASYNC_MODE = os.environ.get("ASYNC_MODE", "eventlet")
# A worker process of the heavy-work pool (facilitator/offload.py) starts a fresh
# interpreter that imports this file as "__mp_main__": it serves nobody and is not patched.
SERVING = __name__ != "__mp_main__"

if ASYNC_MODE == "eventlet" and SERVING:
    # The design card fixes eventlet; its deprecation notice would only puzzle the
    # facilitator at the laptop. The team's notes track the question of moving off it.
    warnings.filterwarnings("ignore", message="\nEventlet is deprecated")

    import eventlet
    import eventlet.wsgi

    eventlet.monkey_patch()
elif ASYNC_MODE == "gevent" and SERVING:
    from gevent import monkey

    monkey.patch_all()

import gc  # noqa: E402
import logging  # noqa: E402
import socket  # noqa: E402

from facilitator import create_app, socketio, unit_of_work  # noqa: E402
from facilitator.network import public_base_url  # noqa: E402
from facilitator.retention import start_hourly_erasure  # noqa: E402
from sessions import account_services  # noqa: E402

# eventlet's WSGI server accepts 1,024 connections by default; a city evening
# (50 tables, 1,000 phones, consoles and walls) needs more.
MAX_CONNECTIONS = int(os.environ.get("MAX_CONNECTIONS", "10000"))
# Without TCP_NODELAY an acknowledgement written right after an event waits for
# the client's delayed ACK: about 40 ms on every action (bench/ack_latency.py measures it).
# TCP_NODELAY=0 exists only so bench/ack_latency.py can show the difference.
# Sockets accepted from the listener inherit the option.
TCP_NODELAY = int(os.environ.get("TCP_NODELAY", "1"))
# Deadlines for slow or lying clients, in seconds (facilitator/serving.py says why each).
REQUEST_LINE_TIMEOUT_S = float(os.environ.get("REQUEST_LINE_TIMEOUT_S", "30"))
HEADERS_TIMEOUT_S = float(os.environ.get("HEADERS_TIMEOUT_S", "10"))
BODY_TIMEOUT_S = float(os.environ.get("BODY_TIMEOUT_S", "10"))
SOCKET_TIMEOUT_S = float(os.environ.get("SOCKET_TIMEOUT_S", "60"))
# A venue behind one public address: 300 phones, each a websocket and a few page loads.
MAX_CONNECTIONS_PER_ADDRESS = int(os.environ.get("MAX_CONNECTIONS_PER_ADDRESS", "1500"))
# Connections the kernel holds until the server accepts them. After a restart every phone of
# the evening knocks within a second or two; with eventlet's default of 50 the queue overflowed
# 340-520 times in each restart of bench.load, and a dropped knock waits a second (then two,
# then four) before the phone's TCP tries again. The kernel caps it at net.core.somaxconn.
LISTEN_BACKLOG = int(os.environ.get("LISTEN_BACKLOG", "4096"))


def announce(app, host: str, port: int) -> None:
    """Tell the person at the laptop where phones reach the server, and, on an
    empty database, the one-time link that creates the first organiser."""
    base = public_base_url(public_url=app.config["PUBLIC_URL"], request_url_root=f"http://127.0.0.1:{port}/")
    print(f"Buurttafel serves on {host}:{port}. Phones reach it at {base}/", flush=True)
    token = account_services.issue_setup_token(unit_of_work(app))
    if token:
        print(f"No organiser yet. Create the first one (this link works once): {base}/setup/{token}", flush=True)


def served_app():
    # The server keeps what it imports: the migrations run in a child process and take
    # their memory with them when it exits (facilitator/database.py).
    return create_app({"ASYNC_MODE": ASYNC_MODE, "MIGRATE_IN_CHILD": True})


def main() -> None:
    logging.basicConfig(level=os.environ.get("LOG_LEVEL", "INFO"), format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    app = served_app()
    host = os.environ.get("HOST", "0.0.0.0")
    port = int(os.environ.get("PORT", "5000"))
    announce(app, host, port)
    start_hourly_erasure(app)
    # What is loaded by now (modules, classes, the app: about 200,000 objects) lives as long
    # as the process, yet every full collection of the garbage collector walks all of it,
    # and meanwhile the event loop answers nobody: 50-140 ms a collection on a 2-core
    # machine. Frozen, it is left alone; the collector walks only what came after.
    gc.freeze()
    if ASYNC_MODE == "eventlet":
        listener = eventlet.listen((host, port), backlog=LISTEN_BACKLOG)
        listener.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, TCP_NODELAY)
        from facilitator.serving import ConnectionsPerAddress, guarded_protocol

        protocol = guarded_protocol(request_line_s=REQUEST_LINE_TIMEOUT_S, headers_s=HEADERS_TIMEOUT_S,
                                    body_s=BODY_TIMEOUT_S, largest_body=app.config["MAX_CONTENT_LENGTH"])
        eventlet.wsgi.server(listener, app, protocol=protocol, log_output=False,
                             custom_pool=ConnectionsPerAddress(MAX_CONNECTIONS, MAX_CONNECTIONS_PER_ADDRESS),
                             keepalive=REQUEST_LINE_TIMEOUT_S, socket_timeout=SOCKET_TIMEOUT_S)
    elif ASYNC_MODE == "gevent":
        from gevent.pywsgi import WSGIServer

        listener = socket.create_server((host, port), backlog=LISTEN_BACKLOG)
        listener.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, TCP_NODELAY)
        WSGIServer(listener, app, log=None).serve_forever()
    else:  # threading: Werkzeug, one thread per connection
        from werkzeug.serving import WSGIRequestHandler

        class Handler(WSGIRequestHandler):
            disable_nagle_algorithm = bool(TCP_NODELAY)

        socketio.run(app, host=host, port=port, allow_unsafe_werkzeug=True, request_handler=Handler)


if __name__ == "__main__":
    main()
