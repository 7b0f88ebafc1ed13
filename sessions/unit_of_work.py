"""One use case, one transaction (cosmicpython's unit of work, kept small)."""
from sqlalchemy.engine import Connection, Engine
from sqlmodel import Session


class UnitOfWork:
    """`with UnitOfWork(engine) as uow: ...; uow.commit()` — anything not
    committed is rolled back when the block ends, also when a rule fails.

    Nothing is opened before it is used. `uow.connection` is the transaction's
    connection, for Core statements that load no ORM object; `uow.session` the ORM's
    Session in the same transaction. The busiest events (a reaction, a new argument)
    use only the connection and never build a Session: its bookkeeping was a third of
    their CPU, more on a server whose caches the other thousand sockets keep cold."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._session: Session | None = None
        self._connection: Connection | None = None

    def __enter__(self) -> "UnitOfWork":
        return self

    @property
    def session(self) -> Session:
        if self._session is None:
            # On the connection already in use, if any: one transaction either way. Joined
            # to a transaction it did not begin, the Session commits nothing itself.
            self._session = Session(self._connection or self._engine, expire_on_commit=False)
        return self._session

    @property
    def has_session(self) -> bool:
        return self._session is not None

    @property
    def connection(self) -> Connection:
        if self._session is not None:
            return self._session.connection()
        if self._connection is None:
            self._connection = self._engine.connect()
        return self._connection

    def __exit__(self, *exc_info) -> None:
        session, connection = self._session, self._connection
        self._session = self._connection = None
        if session is not None:
            session.rollback()
            session.close()
        if connection is not None:
            connection.close()  # rolls back whatever was not committed

    def commit(self) -> None:
        if self._session is not None:
            self._session.commit()
        if self._connection is not None:
            self._connection.commit()
