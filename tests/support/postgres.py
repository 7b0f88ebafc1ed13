"""A database of our own on the local PostgreSQL (127.0.0.1:5432, trust auth), made
empty and dropped afterwards, for the tests and benchmarks that need a real one."""
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg

POSTGRES_ADMIN = "postgresql://127.0.0.1:5432/test"


def postgres_reachable() -> bool:
    try:
        psycopg.connect(POSTGRES_ADMIN, connect_timeout=2).close()
        return True
    except psycopg.Error:
        return False


@contextmanager
def fresh_database(prefix: str = "buurttafel_test") -> Iterator[str]:
    """Yields the new database's name; dropped at the end, connections and all."""
    name = f"{prefix}_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(POSTGRES_ADMIN, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield name
    finally:
        with psycopg.connect(POSTGRES_ADMIN, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
