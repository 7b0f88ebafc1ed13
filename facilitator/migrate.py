"""`python -m facilitator.migrate`: bring the database at DATABASE_URL to the newest
migration and exit. The serving process runs this in a child process
(database.upgrade_schema_in_child), so Alembic never stays in its memory."""
import os

from .database import make_engine, upgrade_schema


def main() -> None:
    upgrade_schema(make_engine(os.environ["DATABASE_URL"]))


if __name__ == "__main__":
    main()
