"""All configuration from the environment, in one place; tests pass overrides to create_app."""
import os
import secrets
from pathlib import Path


def _secret_key(instance_path: Path) -> str:
    """SECRET_KEY from the environment, else one generated once and kept in instance/.

    Keeping it means phones stay signed in across server restarts.
    """
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    key_file = instance_path / "secret_key"
    if not key_file.exists():
        instance_path.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def config_from_environment(instance_path: Path) -> dict:
    env = os.environ.get
    return {
        "SECRET_KEY": _secret_key(instance_path),
        "DATABASE_URL": env("DATABASE_URL") or f"sqlite:///{instance_path / 'buurttafel.db'}",
        "MESSAGE_QUEUE": env("MESSAGE_QUEUE") or None,
        # One name per deployment: the Redis channel and the prefix of the presence and
        # rate-limit keys, so two deployments can share one Redis without mixing.
        "MESSAGE_QUEUE_CHANNEL": env("MESSAGE_QUEUE_CHANNEL", "buurttafel"),
        # With several processes, a killed process's phones stop counting after this long.
        "PRESENCE_TTL_S": float(env("PRESENCE_TTL_S", "15")),
        "PUBLIC_URL": (env("PUBLIC_URL") or "").rstrip("/") or None,
        "TIMEZONE": env("TIMEZONE", "Europe/Amsterdam"),
        # memory:// counts per process; several processes need redis://… to share the counts.
        "RATELIMIT_STORAGE_URI": env("RATELIMIT_STORAGE_URI", "memory://"),
        "RATELIMIT_KEY_PREFIX": env("MESSAGE_QUEUE_CHANNEL", "buurttafel"),
        # Unset: Secure whenever PUBLIC_URL is https (facilitator/security.py decides).
        "SESSION_COOKIE_SECURE": None if env("SESSION_COOKIE_SECURE") is None else env("SESSION_COOKIE_SECURE") == "1",
        # Per participant, never per IP: a whole community centre shares one address.
        "ARGUMENTS_PER_MINUTE": int(env("ARGUMENTS_PER_MINUTE", "6")),
        # A phone's other events, per participant (facilitator/event_limits.py): a person
        # reacting to every argument of a busy minute stays far below; a script does not.
        "REACTIONS_PER_MINUTE": int(env("REACTIONS_PER_MINUTE", "120")),
        "BALLOTS_PER_MINUTE": int(env("BALLOTS_PER_MINUTE", "30")),
        "SIGNALS_PER_MINUTE": int(env("SIGNALS_PER_MINUTE", "30")),
        "EDITS_PER_MINUTE": int(env("EDITS_PER_MINUTE", "30")),  # edits and withdrawals together
        # All phones of one table together: a plenary of 300 each reacting ten times a
        # minute; many made-up seats of one script cannot flood the table's room past it.
        "TABLE_EVENTS_PER_MINUTE": int(env("TABLE_EVENTS_PER_MINUTE", "3000")),
        # Once half the table's minute is used, a seat past this many events of its own is
        # refused first (too_many_events), so the other half stays for people at their pace.
        "SEAT_SHARE_PER_MINUTE": int(env("SEAT_SHARE_PER_MINUTE", "30")),
        # A phone asks for the whole table again only after a gap in seq (a reconnect gets it
        # without asking): one a second is far more than a phone on bad Wi-Fi needs.
        "SNAPSHOTS_PER_MINUTE": int(env("SNAPSHOTS_PER_MINUTE", "60")),
        # 0 only so that bench/heavy_work.py can show what the event loop suffers without it.
        "OFFLOAD_HEAVY_WORK": env("OFFLOAD_HEAVY_WORK", "1") == "1",
        # Where the work that holds the GIL goes (facilitator/offload.py): worker processes;
        # "threads" only so that bench/heavy_work.py can show what the loop suffers then.
        "OFFLOAD_POOL": env("OFFLOAD_POOL", "processes"),
        "AUTO_MIGRATE": True,
    }


# Settings that are the same everywhere; tests may still override them.
FIXED = {
    # What runs without serving (tests, the flask CLI). run.py, the server, passes its own
    # mode (eventlet unless ASYNC_MODE says otherwise), as it must patch before any import.
    "ASYNC_MODE": "threading",
    # run.py, the server, migrates in a child process (database.upgrade_schema_in_child);
    # tests and the CLI migrate in their own process, which does not serve an evening.
    "MIGRATE_IN_CHILD": False,
    "BABEL_DEFAULT_LOCALE": "nl",
    "BABEL_DEFAULT_TIMEZONE": "Europe/Amsterdam",
    "LANGUAGES": {"nl": "Nederlands", "en": "English"},
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "PERMANENT_SESSION_LIFETIME": 60 * 60 * 24 * 60,  # a round lasts weeks; phones keep their seat
    # The cookie is sent only when the session changed. Sent on every request, a request
    # that left before a change and answered after it (a favicon, a stylesheet of the page
    # before) wrote the older session back over the newer one: a round wall lost its
    # token that way, and a phone could lose its seat.
    "SESSION_REFRESH_EACH_REQUEST": False,
    "MAX_CONTENT_LENGTH": 256 * 1024,
    # Socket.IO messages larger than this are refused before they are parsed.
    "SOCKET_MAX_MESSAGE_BYTES": 64 * 1024,
    "WTF_CSRF_TIME_LIMIT": None,  # a form left open during a long evening must still submit
    "WTF_I18N_ENABLED": True,
    "RATELIMIT_HEADERS_ENABLED": True,
    # With Redis away, Flask-Limiter counts in memory (and logs it) instead of answering every
    # join and login with 500; the socket events' limits do the same (event_limits.py).
    "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
    # Per address and account; per account from anywhere, a slow-down instead (auth.py).
    "LOGIN_RATE_LIMIT": "5 per minute;30 per hour",
    "LOGIN_SLOWDOWN_AFTER": 5,
    "LOGIN_SLOWDOWN_MAX_S": 8.0,
    "JOIN_RATE_LIMIT": "20 per minute",
    "JOIN_FAILURE_GLOBAL_LIMIT": "300 per minute",
    # New seats at one table a minute: a plenary table may take a whole venue (300
    # phones) at once; a script inventing participants is held to that.
    "JOIN_PER_TABLE_LIMIT": "300 per minute",
}
