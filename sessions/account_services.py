"""Organisers: the one-time setup link, accounts, signing in and out.

Every login cookie carries the account's session version, and logging out raises it,
so a copy of the cookie taken before dies with it."""
from typing import Callable

from sqlalchemy import update
from sqlmodel import select

from . import accounts
from .errors import DomainError, NotFound
from .models import Organiser, SetupToken
from .unit_of_work import UnitOfWork


def organiser_exists(uow: UnitOfWork) -> bool:
    with uow:
        return uow.session.exec(select(Organiser.id).limit(1)).first() is not None


def issue_setup_token(uow: UnitOfWork) -> str | None:
    """A fresh one-time setup token while no organiser exists, else None.

    Each start replaces the previous token, so a link printed in an old log
    stops working.
    """
    with uow:
        if uow.session.exec(select(Organiser.id).limit(1)).first() is not None:
            return None
        for old in uow.session.exec(select(SetupToken)).all():
            uow.session.delete(old)
        token = accounts.new_secret_token()
        uow.session.add(SetupToken(token_hash=accounts.token_digest(token)))
        uow.commit()
        return token


def setup_token_is_valid(uow: UnitOfWork, token: str) -> bool:
    with uow:
        return _setup_token_row(uow, token) is not None


def create_first_organiser(uow: UnitOfWork, *, setup_token: str, email: str, password: str) -> int:
    with uow:
        row = _setup_token_row(uow, setup_token)
        if row is None or uow.session.exec(select(Organiser.id).limit(1)).first() is not None:
            raise DomainError("setup_link_invalid")
        uow.session.delete(row)
        organiser_id = _add_organiser(uow, email=email, password=password)
        uow.commit()
        return organiser_id


def create_organiser(uow: UnitOfWork, *, email: str, password: str) -> int:
    with uow:
        organiser_id = _add_organiser(uow, email=email, password=password)
        for token in uow.session.exec(select(SetupToken)).all():
            uow.session.delete(token)  # the setup link has no purpose any more
        uow.commit()
        return organiser_id


def authenticate_organiser(uow: UnitOfWork, *, email: str, password: str,
                           verify: Callable[[str | None, str], bool] = accounts.password_matches) -> int | None:
    """`verify` is how the caller runs the slow Argon2 check (the web app runs it off its
    event loop); it runs after the transaction, so no database connection waits on it."""
    with uow:
        try:
            address = accounts.normalise_email(email)
        except DomainError:
            address = ""
        organiser = uow.session.exec(select(Organiser).where(Organiser.email == address)).first()
        organiser_id, password_hash = (organiser.id, organiser.password_hash) if organiser else (None, None)
    return organiser_id if verify(password_hash, password) and organiser_id is not None else None


def organiser_id_for_cli(uow: UnitOfWork, *, email: str | None) -> int:
    """The organiser named by e-mail address, or the first one."""
    with uow:
        query = select(Organiser.id).order_by(Organiser.id)
        if email:
            query = query.where(Organiser.email == accounts.normalise_email(email))
        organiser_id = uow.session.exec(query).first()
        if organiser_id is None:
            raise NotFound("organiser")
        return organiser_id


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


def _setup_token_row(uow: UnitOfWork, token: str) -> SetupToken | None:
    if not isinstance(token, str) or not token:
        return None
    digest = accounts.token_digest(token)
    return uow.session.exec(select(SetupToken).where(SetupToken.token_hash == digest)).first()


def _add_organiser(uow: UnitOfWork, *, email: str, password: str) -> int:
    address = accounts.normalise_email(email)
    if uow.session.exec(select(Organiser.id).where(Organiser.email == address)).first() is not None:
        raise DomainError("email_taken")
    organiser = Organiser(email=address, password_hash=accounts.hash_password(password))
    uow.session.add(organiser)
    uow.session.flush()
    return organiser.id
