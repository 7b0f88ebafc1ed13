"""Delivery: HTTP pages, Socket.IO events, CLI. No business rules live here."""
import logging
import os
from pathlib import Path

from flask import Flask

from . import socket_json
from .socket_context import SocketEventsUnrouted
from .config import FIXED, config_from_environment
from .database import make_engine, upgrade_schema, upgrade_schema_in_child
from .extensions import babel, csrf, limiter, login_manager, socketio

log = logging.getLogger("buurttafel")


def create_app(test_config: dict | None = None) -> Flask:
    app = SocketEventsUnrouted(__name__, instance_relative_config=True,
                               template_folder="../templates", static_folder="../static")
    instance_path = Path((test_config or {}).get("INSTANCE_PATH") or os.environ.get("INSTANCE_PATH")
                         or app.instance_path)
    app.instance_path = str(instance_path)
    app.config.update(FIXED)
    app.config.update(config_from_environment(instance_path))
    if test_config:
        app.config.update(test_config)

    app.extensions["engine"] = engine = make_engine(app.config["DATABASE_URL"])
    if app.config["AUTO_MIGRATE"]:
        (upgrade_schema_in_child if app.config["MIGRATE_IN_CHILD"] else upgrade_schema)(engine)

    from . import i18n, security
    from .socket_session import CookieSessionOncePerSocket
    app.session_interface = CookieSessionOncePerSocket()
    babel.init_app(app, locale_selector=i18n.select_locale, timezone_selector=lambda: app.config["TIMEZONE"])
    i18n.install_template_helpers(app)
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    security.install(app)

    from .auth import bp as auth_bp
    from .organiser import bp as organiser_bp
    from .plenary_pages import bp as plenary_bp
    from .public import bp as public_bp
    from .table_pages import bp as table_bp
    from .results import bp as results_bp, organiser_bp as organiser_results_bp
    for blueprint in (public_bp, auth_bp, organiser_bp, table_bp, results_bp, organiser_results_bp, plenary_bp):
        app.register_blueprint(blueprint)

    # Registered before init_app: Flask-SocketIO keeps handlers registered before the
    # first init_app and gives them to every app's server; ones registered after go to
    # the first server only, so a second app (the next test) would answer no event.
    from . import connections, handlers  # noqa: F401  (registers the socket events)
    socketio.init_app(
        app,
        async_mode=app.config["ASYNC_MODE"],
        message_queue=app.config["MESSAGE_QUEUE"],
        channel=app.config["MESSAGE_QUEUE_CHANNEL"],
        max_http_buffer_size=app.config["SOCKET_MAX_MESSAGE_BYTES"],
        json=socket_json,
        serializer=socket_json.TextPacket,
        # Same origin only: no cors_allowed_origins, so a page on another site
        # cannot open a socket with the visitor's cookies.
    )
    # Outermost, so that Socket.IO's own answers carry the security headers too.
    app.wsgi_app = security.SecurityHeaders(app.wsgi_app)
    from .presence import presence_for
    app.extensions["presence"] = presence_for(app.config)
    from .event_limits import event_limits_for
    app.extensions["event_limits"] = event_limits_for(app.config)

    from .cli import register as register_cli
    register_cli(app)
    return app


def unit_of_work(app: Flask | None = None):
    """A fresh unit of work on the app's engine."""
    from flask import current_app

    from sessions.unit_of_work import UnitOfWork

    return UnitOfWork((app or current_app).extensions["engine"])
