"""One use case, one transaction (cosmicpython's unit of work, kept small)."""
from sqlalchemy.engine import Engine
from sqlmodel import Session


class UnitOfWork:
    """`with UnitOfWork(engine) as uow: ...; uow.commit()` — anything not
    committed is rolled back when the block ends, also when a rule fails."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self.session: Session

    def __enter__(self) -> "UnitOfWork":
        self.session = Session(self._engine, expire_on_commit=False)
        return self

    def __exit__(self, *exc_info) -> None:
        self.session.rollback()
        self.session.close()

    def commit(self) -> None:
        self.session.commit()
