"""A socket event's request context matches no route, and so leaves no reference cycle
for the garbage collector (facilitator/socket_context.py)."""
import gc

from flask import request

from facilitator import socketio
from facilitator.connections import PHONE

from .test_socket_session import phone_of, table  # noqa: F401  (the fixture)


def test_a_socket_event_leaves_no_request_context_for_the_garbage_collector(app, table):  # noqa: F811
    sock = socketio.test_client(app, flask_test_client=phone_of(app, table, lang=None),
                                auth={"table": table["id"], "role": PHONE})
    assert sock.is_connected(), sock.get_received()
    gc.collect()
    gc.disable()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        for _ in range(5):
            ack = sock.emit("react", {"argument_id": 10**6, "value": "agree"}, callback=True)
            assert ack["error"] == "not_found", ack
        gc.collect()
        left = [type(o).__name__ for o in gc.garbage if type(o).__name__ in ("RequestContext", "NotFound")]
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.enable()
    assert left == []
    sock.disconnect()


def test_pages_are_still_routed(app, client):
    with app.test_request_context("/"):
        assert request.url_rule is not None
    assert client.get("/").status_code == 200
    assert client.get("/no-such-page").status_code == 404
