"""Alembic environment. The app hands us a live connection (facilitator.database.upgrade_schema);
the alembic command line builds one from DATABASE_URL."""
import os

from alembic import context
from sqlmodel import SQLModel

import sessions.arguments  # noqa: F401  (registers the tables on SQLModel.metadata)
import sessions.ballots  # noqa: F401
import sessions.clusters  # noqa: F401
import sessions.consensus  # noqa: F401
import sessions.frame  # noqa: F401
import sessions.frame_consent  # noqa: F401
import sessions.models  # noqa: F401
import sessions.public_results  # noqa: F401
import sessions.round_votes  # noqa: F401
import sessions.round_frame  # noqa: F401
from facilitator.database import make_engine

target_metadata = SQLModel.metadata


def run_with(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite can only ALTER a table by copying it
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = context.config.attributes.get("connection")
if connection is not None:
    run_with(connection)
else:
    engine = make_engine(os.environ.get("DATABASE_URL", "sqlite:///instance/buurttafel.db"))
    with engine.begin() as new_connection:
        run_with(new_connection)
