"""Engines and schema migrations (Alembic, scripts in the top-level migrations/)."""
import os
import re
import subprocess
import sys
from pathlib import Path

from sqlalchemy import event, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.engine import Engine
from sqlalchemy.pool import StaticPool
from sqlmodel import create_engine

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"

# Any fixed number, the same in every process: the PostgreSQL advisory lock that lets
# only one starting process migrate at a time.
MIGRATION_LOCK_KEY = 0x6275757274  # "buurt"


def normalise_database_url(url: str) -> str:
    """'postgresql://' (the form hosting providers hand out) -> the psycopg 3 driver."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def make_engine(url: str) -> Engine:
    url = normalise_database_url(url)
    if url.startswith("sqlite"):
        in_memory = url in ("sqlite://", "sqlite:///:memory:")
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": 15},
            # One shared connection, or every new connection sees an empty database.
            poolclass=StaticPool if in_memory else None,
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True)


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    # WAL lets the wall read while a phone writes; the busy timeout makes a second
    # writer wait instead of failing with "database is locked".
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=15000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def upgrade_schema(engine: Engine) -> None:
    """Apply every migration that has not run yet (idempotent, safe at each start; a
    database already at the newest revision is left alone without loading Alembic).

    Several server processes starting at once against one PostgreSQL would each try to
    create the same tables and all but one would fail; a transaction-scoped advisory lock
    makes the others wait, and then they find the schema at head. (SQLite is for one
    process at a venue; several processes need PostgreSQL.)
    """
    if at_head(engine):
        return
    # Only now: a serving process keeps what it imports, and Alembic (with Mako and
    # Pygments) is about 12 MB that a restart on an up-to-date database never needs.
    from alembic import command
    from alembic.config import Config as AlembicConfig

    config = AlembicConfig()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY})
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def upgrade_schema_in_child(engine: Engine) -> None:
    """upgrade_schema for the serving process: the migrations run in a process of their
    own, which exits when they are done. What migrating loads and leaves behind (Alembic,
    Mako, Pygments, the migrations' own objects: about 16 MB on a new database) would
    otherwise stay in the server all evening. A database in memory lives only in this
    process, so it is migrated here."""
    if at_head(engine):
        return
    if engine.url.database in (None, "", ":memory:"):
        upgrade_schema(engine)
        return
    url = engine.url.render_as_string(hide_password=False)
    subprocess.run([sys.executable, "-m", "facilitator.migrate"], env={**os.environ, "DATABASE_URL": url},
                   check=True)


def head_revision() -> str | None:
    """The newest migration's revision, read from the scripts as text (the one no other
    script revises), or None when the scripts do not have exactly one."""
    revisions, revised = set(), set()
    for script in (MIGRATIONS_DIR / "versions").glob("*.py"):
        source = script.read_text(encoding="utf-8")
        revisions.update(re.findall(r"^revision = ['\"](\w+)['\"]", source, re.M))
        revised.update(re.findall(r"^down_revision = ['\"](\w+)['\"]", source, re.M))
    heads = revisions - revised
    return heads.pop() if len(heads) == 1 else None


def at_head(engine: Engine) -> bool:
    """Whether the database's Alembic revision is the newest script's."""
    head = head_revision()
    if head is None:
        return False
    try:
        with engine.connect() as connection:
            return connection.execute(text("SELECT version_num FROM alembic_version")).scalar() == head
    except DBAPIError:  # a new database: no version table yet
        return False
