"""A Socket.IO event's request context, without matching its URL against the routes.

Flask-SocketIO builds a Flask request context for every event from the WSGI environ the
socket connected with (`/socket.io/?EIO=4&transport=websocket`), and Flask matches that
path against every route. None matches (the Socket.IO middleware answers that path before
Flask sees it), so Flask keeps the NotFound it caught, and that exception's traceback holds
the frames of the event's green thread, which hold the context: a reference cycle of about
60 objects per event that only the garbage collector frees. In the city evening of
`bench/load.py` collecting them was about 8 % of the server's CPU, and the matching was
28 of the 47 µs the context cost (docs/PERFORMANCE.md).

An event's context gets no URL adapter, so nothing is matched. What a socket handler sees
is as before (no route, no endpoint, no blueprint), except that `url_for` would fail in
one; none calls it: links are built by the pages."""
from flask import Flask

from .socket_session import SOCKET_SESSION_KEY


class SocketEventsUnrouted(Flask):
    def create_url_adapter(self, request):
        # Only a socket's environ holds the socket's copy of the session: Flask-SocketIO
        # puts it there at connect, and every HTTP request comes with an environ of its own.
        if request is not None and SOCKET_SESSION_KEY in request.environ:
            return None
        return super().create_url_adapter(request)
