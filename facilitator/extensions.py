"""Extensions, created unbound and initialised by create_app, so tests can make many apps."""
from flask import request, session
from flask_babel import Babel
from flask_limiter import Limiter
from flask_login import LoginManager
from flask_socketio import SocketIO
from flask_wtf import CSRFProtect

socketio = SocketIO()
babel = Babel()
csrf = CSRFProtect()
login_manager = LoginManager()


def _session_key() -> str:
    """Rate limits are never per IP: a whole community centre shares one address."""
    return session.get("rate_key") or request.cookies.get("session", "anonymous")


limiter = Limiter(key_func=_session_key, default_limits=[])
