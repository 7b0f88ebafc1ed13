"""Several server processes starting at once against one PostgreSQL (scale-out)."""
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import text

from facilitator.database import make_engine, upgrade_schema

pytestmark = pytest.mark.postgres


def test_processes_migrating_an_empty_database_at_once_all_start(postgres_url):
    engine = make_engine(postgres_url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    engines = [make_engine(postgres_url) for _ in range(4)]
    try:
        with ThreadPoolExecutor(len(engines)) as pool:
            list(pool.map(upgrade_schema, engines))  # without the advisory lock, all but one fail
        with engine.connect() as connection:
            versions = connection.execute(text("SELECT version_num FROM alembic_version")).all()
        assert len(versions) == 1
    finally:
        for each in (engine, *engines):
            each.dispose()
