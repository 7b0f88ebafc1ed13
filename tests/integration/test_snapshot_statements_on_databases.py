"""A snapshot costs a fixed number of SQL statements, however much the table holds:
after a restart every phone in the room asks for one at once. Counted on the real
engine (SQLAlchemy's before_cursor_execute), in SQLite and PostgreSQL."""
import pytest
from sqlalchemy import event

from bench.queries_per_event import build_table
from sessions import table_services

PHONE_AND_WALL_LIMIT = 5
CONSOLE_LIMIT = 6  # the phone's five and everybody at the table, numbered


class Statements:
    def __init__(self, engine) -> None:
        self.seen: list[str] = []
        self._engine = engine
        event.listen(engine, "before_cursor_execute", self._count)

    def _count(self, _connection, _cursor, statement, *_rest) -> None:
        self.seen.append(statement)

    def during(self, call) -> tuple[int, dict]:
        before = len(self.seen)
        result = call()
        return len(self.seen) - before, result


def snapshots(uow, statements, table_id, participant_id):
    """(statements, snapshot) of a phone, the wall and the console."""
    return {
        "phone": statements.during(lambda: table_services.snapshot(
            uow, table_id=table_id, for_console=False, participant_id=participant_id)),
        "wall": statements.during(lambda: table_services.snapshot(uow, table_id=table_id, for_console=False)),
        "console": statements.during(lambda: table_services.snapshot(uow, table_id=table_id, for_console=True)),
    }


@pytest.mark.timeout(900)  # building a table of 300 takes some 2,500 transactions: minutes on a busy machine
def test_a_snapshot_of_a_table_of_300_costs_as_few_statements_as_one_of_10(uow, engine):
    statements = Statements(engine)
    small_table, small_people, *_ = build_table(uow, 10, email="klein@example.org")
    large_table, people, arguments, options, reactions = build_table(uow, 300, email="groot@example.org")

    small = snapshots(uow, statements, small_table, small_people[3])
    large = snapshots(uow, statements, large_table, people[3])

    phone, wall, console = (large[role][1] for role in ("phone", "wall", "console"))
    # What was counted is the whole table: every argument, reaction, option, ballot and signal.
    assert len(console["arguments"]) == len(phone["arguments"]) == 300
    assert all(a["author"] for a in console["arguments"]) and len(console["participants"]) == 300
    assert sum(sum(a["reactions"].values()) for a in wall["arguments"]) == len(reactions) == 900
    assert len(phone["me"]["reactions"]) == 3 and phone["me"]["ballot"] and phone["me"]["signal"]
    assert len(phone["options"]) == len(options) == 5 and phone["ballots"]["turnout"] == 300
    assert sum(phone["consensus"]["latest"]["tally"].values()) == 300
    assert "me" not in wall and "participants" not in wall

    counts = {role: (small[role][0], large[role][0]) for role in large}
    assert counts["phone"][1] <= PHONE_AND_WALL_LIMIT, statements.seen[-15:]
    assert counts["wall"][1] <= PHONE_AND_WALL_LIMIT
    assert counts["console"][1] <= CONSOLE_LIMIT
    # No statement per argument, reaction, option or participant: ten or three hundred, the same.
    assert all(few == many for few, many in counts.values()), counts
