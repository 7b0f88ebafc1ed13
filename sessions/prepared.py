"""The statements that run with nearly every event and every (re)connect, run on the
driver's own cursor.

SQLAlchemy's execution layer (hashing the statement's cache key for its compiled cache,
building the parameters, the execution context, the result object) costs about five times
the statement itself on SQLite: 24 µs against 5 µs for a reaction's check, measured
in-process with warm caches, and more on a server whose thousand sockets keep the caches
cold. A `Prepared` statement is a Core statement compiled once per dialect and executed
straight on the unit of work's DBAPI cursor.

What it keeps of SQLAlchemy: the types' own conversions, looked up once (SQLite keeps
datetimes as text and booleans as 0 and 1; a `UTCDateTime` comes back aware), the
transaction (it begins one on the connection, as SQLAlchemy's own execution would), the
`before_cursor_execute` event (statement counts in the tests and benchmarks stay true),
and SQLAlchemy's exceptions (a driver's error is raised as SQLAlchemy's, so "database
unavailable" and integrity errors are told apart as everywhere else). Rows are plain
tuples."""
from dataclasses import dataclass
from typing import Any, Callable

from sqlalchemy import exc
from sqlalchemy.engine import Connection
from sqlalchemy.sql import ClauseElement


@dataclass(frozen=True)
class _Compiled:
    sql: str
    constants: dict[str, Any]  # the statement's own values (the 1 of "seq + 1")
    order: tuple[str, ...] | None  # a positional driver's (SQLite's "?") order of the parameters
    to_driver: dict[str, Callable]  # parameter name -> its type's conversion
    from_driver: tuple[Callable | None, ...] | None  # one per result column, None if none converts


def _converter(type_, dialect, direction: str):
    impl = type_.dialect_impl(dialect)
    return impl.bind_processor(dialect) if direction == "bind" else impl.result_processor(dialect, None)


class Prepared:
    def __init__(self, statement: ClauseElement) -> None:
        self._statement = statement
        self._by_dialect: dict[tuple[str, str], _Compiled] = {}

    def _compiled(self, connection: Connection) -> _Compiled:
        dialect = connection.dialect
        key = (dialect.name, dialect.paramstyle)
        found = self._by_dialect.get(key)
        if found is None:
            found = self._by_dialect[key] = self._compile(dialect)
        return found

    def _compile(self, dialect) -> _Compiled:
        compiled = self._statement.compile(dialect=dialect)
        binds = compiled.binds
        if any(bind.expanding or bind.callable for bind in binds.values()):
            raise ValueError("a Prepared statement takes no list or computed parameters")
        to_driver = {name: converter for name, bind in binds.items()
                     if (converter := _converter(bind.type, dialect, "bind")) is not None}
        constants = {name: bind.value for name, bind in binds.items() if not bind.required}
        constants = {name: to_driver[name](value) if name in to_driver else value for name, value in constants.items()}
        results = tuple(_converter(column.type, dialect, "result")
                        for column in getattr(self._statement, "exported_columns", ()))
        return _Compiled(str(compiled), constants, tuple(compiled.positiontup) if compiled.positional else None,
                         to_driver, results if any(results) else None)

    def rows(self, connection: Connection, params: dict[str, Any]) -> list[tuple]:
        compiled = self._compiled(connection)
        given = {name: compiled.to_driver[name](value) if name in compiled.to_driver else value
                 for name, value in params.items()} if compiled.to_driver else params
        if compiled.constants:
            given = {**compiled.constants, **given}
        values = given if compiled.order is None else tuple(given[name] for name in compiled.order)
        if not connection.in_transaction():
            connection.begin()
        cursor = connection.connection.cursor()
        try:
            for listener in connection.dispatch.before_cursor_execute:
                listener(connection, cursor, compiled.sql, values, None, False)
            cursor.execute(compiled.sql, values)
            rows = cursor.fetchall() if cursor.description else []
        except connection.dialect.loaded_dbapi.Error as error:
            raise exc.DBAPIError.instance(compiled.sql, values, error, connection.dialect.loaded_dbapi.Error,
                                          dialect=connection.dialect) from error
        finally:
            cursor.close()
        convert = compiled.from_driver
        if convert is None:
            return rows
        return [tuple(value if to is None or value is None else to(value) for to, value in zip(convert, row))
                for row in rows]

    def first(self, connection: Connection, params: dict[str, Any]) -> tuple | None:
        rows = self.rows(connection, params)
        return rows[0] if rows else None
