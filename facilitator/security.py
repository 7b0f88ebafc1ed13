"""Headers on every response, and a per-browser key for rate limits."""
import secrets

import logging

from flask import Flask, g, render_template, request, session
from flask_babel import gettext as _
from sqlalchemy.exc import OperationalError
from werkzeug.routing import IntegerConverter

from .extensions import login_manager
from .i18n import error_message

log = logging.getLogger("buurttafel")

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",          # no inline scripts, no eval, nothing from elsewhere
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",         # same-origin websockets only
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])
# Every response's headers, Flask's pages and Socket.IO's polling answers alike.
SECURITY_HEADERS = [
    ("Content-Security-Policy", CONTENT_SECURITY_POLICY),
    ("X-Content-Type-Options", "nosniff"),
    # The facilitator and wall links carry secrets in their path: never leak them.
    ("Referrer-Policy", "no-referrer"),
    ("X-Frame-Options", "DENY"),
    ("Permissions-Policy", "camera=(), microphone=(), geolocation=()"),
]
# The largest id a route accepts: PostgreSQL's integer column (SQLite's is 64 bits).
# A larger number in a path is no page (404), instead of an overflow in the driver (500).
LARGEST_ID = 2**31 - 1


class IdConverter(IntegerConverter):
    """`<int:…>` in every route, bounded to what an id column holds."""

    def __init__(self, url_map, fixed_digits=0, min=None, max=LARGEST_ID, signed=False):
        super().__init__(url_map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


class SecurityHeaders:
    """WSGI middleware outside Flask-SocketIO's: engine.io answers /socket.io/ itself,
    past Flask's after_request, so the headers are added here, for every response."""

    def __init__(self, wsgi_app) -> None:
        self.wsgi_app = wsgi_app

    def __call__(self, environ, start_response):
        def start_with_headers(status, headers, exc_info=None):
            present = {name.lower() for name, _value in headers}
            headers = list(headers) + [(n, v) for n, v in SECURITY_HEADERS if n.lower() not in present]
            return start_response(status, headers, exc_info)

        return self.wsgi_app(environ, start_with_headers)


def secure_cookies_over_https(app: Flask) -> None:
    """The session cookie holds a phone's seat and an organiser's login: over HTTPS it must
    never travel in the clear. PUBLIC_URL is where people reach the site, so its scheme
    decides, unless SESSION_COOKIE_SECURE says otherwise."""
    if app.config.get("SESSION_COOKIE_SECURE") is None:
        app.config["SESSION_COOKIE_SECURE"] = (app.config.get("PUBLIC_URL") or "").startswith("https://")
    app.config["REMEMBER_COOKIE_SECURE"] = app.config["SESSION_COOKIE_SECURE"]
    app.config["REMEMBER_COOKIE_SAMESITE"] = app.config["SESSION_COOKIE_SAMESITE"]


def log_breach(limit) -> None:
    """A rate limit reached is how guessing shows: say so where the operator looks."""
    log.warning("rate limit reached (%s) on %s for key %s — possible guessing",
                limit.limit, request.path, limit.key)


def install(app: Flask) -> None:
    """Before the blueprints are registered, so that their routes use IdConverter."""
    install_error_pages(app)
    secure_cookies_over_https(app)
    app.url_map.converters["int"] = IdConverter

    @app.before_request
    def give_browser_a_rate_key():
        if "rate_key" not in session:
            session["rate_key"] = secrets.token_urlsafe(12)
            session.permanent = True

    @app.after_request
    def no_caching_of_secret_pages(response):
        # The other headers: SecurityHeaders, wrapped around the whole app by create_app.
        if request.path.startswith(("/console/", "/wall/", "/organiser", "/setup/")):
            response.headers["Cache-Control"] = "no-store"
        return response


def install_error_pages(app: Flask) -> None:
    def page(status: int, heading: str, message: str):
        return render_template("errors/error.html", heading=heading, message=message), status

    @app.errorhandler(400)
    def bad_request(_error):
        return page(400, _("Request not understood"),
                    _("The form was sent without its security token or was damaged. Reload the page and try again."))

    @app.errorhandler(404)
    def not_found(_error):
        return page(404, _("Page not found"), error_message("not_found"))

    @app.errorhandler(413)
    def too_large(_error):
        return page(413, _("Too much data"), _("What you sent is too large."))

    @app.errorhandler(429)
    def rate_limited(_error):
        return page(429, _("Too many attempts"), error_message("rate_limited"))

    @app.errorhandler(OperationalError)
    def database_unavailable(error):
        log.warning("%s %s: database unavailable (%s)", request.method, request.path, type(error).__name__)
        # The page's header asks Flask-Login who is logged in, which needs the database.
        g._login_user = login_manager.anonymous_user()
        response = page(503, _("Try again in a moment"), error_message("database_unavailable"))
        return response[0], 503, {"Retry-After": "5"}

    @app.errorhandler(500)
    def server_error(_error):
        return page(500, _("Server error"), error_message("server_error"))
