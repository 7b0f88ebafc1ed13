"""The session cookie, decoded once per socket instead of once per event.

Flask-SocketIO builds a Flask request context for every Socket.IO event, from the
WSGI environ the socket connected with, and Flask opens that context's session from the
cookie in it: checking its signature and decoding it, on every event. Flask-SocketIO
then replaces that session at once with its own copy, made when the socket connected
(`manage_session`, its default; kept in the environ under `saved_session`). The
decoding was more than half of what the request context cost per event, for a session
nobody reads.

Once the socket's copy exists, it is the session the event gets anyway, so it is
returned as it is. The connect event (which makes the copy) and every HTTP request
have no copy in their environ and decode the cookie as before."""
from flask.sessions import SecureCookieSessionInterface

# Where Flask-SocketIO keeps a socket's copy of the session in that socket's environ
# (tests/integration/test_socket_session.py fails if a new version moves it).
SOCKET_SESSION_KEY = "saved_session"


class CookieSessionOncePerSocket(SecureCookieSessionInterface):
    def open_session(self, app, request):
        socket_copy = request.environ.get(SOCKET_SESSION_KEY)
        if socket_copy is not None:
            return socket_copy
        return super().open_session(app, request)
