"""An organiser's logins: every login cookie carries the account's session version,
and logging out raises it, so a copy of the cookie taken before dies with it."""
from sqlalchemy import update
from sqlmodel import select

from .models import Organiser
from .unit_of_work import UnitOfWork


def organiser_login(uow: UnitOfWork, organiser_id: int) -> tuple[str, int] | None:
    """The organiser's e-mail address and current session version, or None."""
    with uow:
        found = uow.session.exec(select(Organiser.email, Organiser.session_version)
                                 .where(Organiser.id == organiser_id)).first()
        return (found[0], found[1]) if found else None


def end_sessions(uow: UnitOfWork, organiser_id: int) -> None:
    """Every login of this organiser ends, on every device and every copy of its cookie."""
    with uow:
        uow.session.exec(update(Organiser).where(Organiser.id == organiser_id)
                         .values(session_version=Organiser.session_version + 1))
        uow.commit()
