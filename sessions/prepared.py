"""The few statements that run with nearly every event, run on the driver's own cursor.

SQLAlchemy's execution layer (its statement cache, parameter and result processing,
the result object) costs about five times the statement itself on SQLite: 24 µs against
5 µs for a reaction's check, measured in-process with warm caches, and more on a server
whose thousand sockets keep the caches cold. A `Prepared` statement is a Core statement
compiled once per dialect and executed straight on the unit of work's DBAPI cursor.

What it leaves out is what these statements do not need: their parameters are ints and
strings (no type processing on the way in), and what they return is ints, strings and
booleans, which SQLite returns as 0 and 1: the caller turns a boolean into one with
`bool()`. What it keeps: the transaction (it begins one on the connection, as
SQLAlchemy's own execution would), the `before_cursor_execute` event (statement counts in
the tests and benchmarks stay true), and SQLAlchemy's exceptions (a driver's error is
raised as SQLAlchemy's, so "database unavailable" and integrity errors are told apart as
everywhere else)."""
from typing import Any

from sqlalchemy import exc
from sqlalchemy.engine import Connection
from sqlalchemy.sql import ClauseElement


class Prepared:
    def __init__(self, statement: ClauseElement) -> None:
        self._statement = statement
        self._compiled: dict[tuple[str, str], tuple[str, dict[str, Any], tuple[str, ...] | None]] = {}

    def _compile(self, connection: Connection) -> tuple[str, dict[str, Any], tuple[str, ...] | None]:
        dialect = connection.dialect
        key = (dialect.name, dialect.paramstyle)
        found = self._compiled.get(key)
        if found is None:
            compiled = self._statement.compile(dialect=dialect)
            if any(bind.expanding or bind.callable for bind in compiled.binds.values()):
                raise ValueError("a Prepared statement takes no list or computed parameters")
            # The statement's own constants (the 1 of "seq + 1") are parameters too.
            constants = {name: bind.value for name, bind in compiled.binds.items() if not bind.required}
            # Positional drivers (SQLite's "?") take a tuple in the order of the text;
            # named ones (psycopg's "%(name)s") a dict.
            order = tuple(compiled.positiontup) if compiled.positional else None
            found = self._compiled[key] = (str(compiled), constants, order)
        return found

    def rows(self, connection: Connection, params: dict[str, Any]) -> list[tuple]:
        sql, constants, order = self._compile(connection)
        if constants:
            params = {**constants, **params}
        values = params if order is None else tuple(params[name] for name in order)
        if not connection.in_transaction():
            connection.begin()
        cursor = connection.connection.cursor()
        try:
            for listener in connection.dispatch.before_cursor_execute:
                listener(connection, cursor, sql, values, None, False)
            cursor.execute(sql, values)
            return cursor.fetchall() if cursor.description else []
        except connection.dialect.loaded_dbapi.Error as error:
            raise exc.DBAPIError.instance(sql, values, error, connection.dialect.loaded_dbapi.Error,
                                          dialect=connection.dialect) from error
        finally:
            cursor.close()

    def first(self, connection: Connection, params: dict[str, Any]) -> tuple | None:
        rows = self.rows(connection, params)
        return rows[0] if rows else None
