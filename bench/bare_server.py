"""The framework alone, for the load benchmark's baseline: Flask-SocketIO with no
database, no rules, no snapshot work. It receives an event, broadcasts it to the
table's rooms, and acknowledges; whatever Buurttafel's server costs beyond this is
the cost of our own code.

It speaks the same protocol as Buurttafel for the events bench/load.py sends
(auth {table, role}; rooms table:<id> and console:<id>; events carry table_id and a
per-table seq; acks carry the seq), and is served like run.py serves the app: the
same async modes, monkey-patched first, TCP_NODELAY on.

    ASYNC_MODE=eventlet PORT=5001 .venv/bin/python -m bench.bare_server
"""
import os

ASYNC_MODE = os.environ.get("ASYNC_MODE", "eventlet")

if ASYNC_MODE == "eventlet":
    import warnings

    warnings.filterwarnings("ignore", message="\nEventlet is deprecated")
    import eventlet
    import eventlet.wsgi

    eventlet.monkey_patch()
elif ASYNC_MODE == "gevent":
    from gevent import monkey

    monkey.patch_all()

import itertools  # noqa: E402
import logging  # noqa: E402
import socket  # noqa: E402
import threading  # noqa: E402

from flask import Flask, request  # noqa: E402
from flask_socketio import SocketIO, emit, join_room  # noqa: E402

app = Flask(__name__)
socketio = SocketIO(app, async_mode=ASYNC_MODE, max_http_buffer_size=64 * 1024)

_seqs: dict[int, itertools.count] = {}
_seqs_lock = threading.Lock()
_argument_ids = itertools.count(1)


def next_seq(table_id: int) -> int:
    with _seqs_lock:
        counter = _seqs.setdefault(table_id, itertools.count(1))
        return next(counter)


def broadcast(name: str, table_id: int, payload: dict) -> int:
    """What Buurttafel's publish() does: one emit to the public room, one to the consoles."""
    seq = next_seq(table_id)
    data = {"table_id": table_id, "seq": seq, **payload}
    socketio.emit(name, data, to=f"table:{table_id}")
    socketio.emit(name, data, to=f"console:{table_id}")
    return seq


_tables: dict[str, int] = {}


def table_of_sender() -> int:
    return _tables[request.sid]


@socketio.on("connect")
def on_connect(auth=None):
    table_id, role = int(auth["table"]), auth["role"]
    _tables[request.sid] = table_id
    join_room(f"console:{table_id}" if role == "console" else f"table:{table_id}")
    emit("snapshot", {"table_id": table_id, "seq": 0})


@socketio.on("disconnect")
def on_disconnect(*_reason):
    _tables.pop(request.sid, None)


@socketio.on("submit_argument")
def submit_argument(payload):
    argument_id = next(_argument_ids)
    argument = {"id": argument_id, "client_id": payload["client_id"], "stance": payload["stance"],
                "text": payload["text"], "via_facilitator": False, "pinned": False, "visible": True,
                "supporters": 1, "reactions": {"agree": 0, "disagree": 0, "pass": 0}}
    seq = broadcast("argument_added", table_of_sender(), {"argument": argument})
    return {"ok": True, "seq": seq, "argument_id": argument_id, "client_id": payload["client_id"], "repeat": False}


@socketio.on("react")
def react(payload):
    seq = broadcast("reaction_changed", table_of_sender(), {
        "argument_id": payload["argument_id"], "reactions": {"agree": 1, "disagree": 0, "pass": 0}})
    return {"ok": True, "seq": seq}


@socketio.on("cast_ballot")
def cast_ballot(payload):
    seq = broadcast("ballots_changed", table_of_sender(), {"ballots": {"approved": payload.get("approved")}})
    return {"ok": True, "seq": seq, "ballot": payload}


@socketio.on("*")
def anything_else(_event, *_args):
    return {"ok": True, "seq": None}


def main() -> None:
    logging.basicConfig(level=logging.WARNING)
    host, port = os.environ.get("HOST", "127.0.0.1"), int(os.environ.get("PORT", "5001"))
    nodelay = int(os.environ.get("TCP_NODELAY", "1"))
    print(f"bare Flask-SocketIO ({ASYNC_MODE}) serves on {host}:{port}", flush=True)
    if ASYNC_MODE == "eventlet":
        listener = eventlet.listen((host, port), backlog=4096)  # as run.py's
        listener.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, nodelay)
        eventlet.wsgi.server(listener, app, max_size=10000, log_output=False)
    elif ASYNC_MODE == "gevent":
        from gevent.pywsgi import WSGIServer

        listener = socket.create_server((host, port), backlog=4096)
        listener.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, nodelay)
        WSGIServer(listener, app, log=None).serve_forever()
    else:
        from werkzeug.serving import WSGIRequestHandler

        class Handler(WSGIRequestHandler):
            disable_nagle_algorithm = bool(nodelay)

        socketio.run(app, host=host, port=port, allow_unsafe_werkzeug=True, request_handler=Handler)


if __name__ == "__main__":
    main()
