"""Passwords (Argon2id through argon2-cffi) and one-time setup tokens."""
import hashlib
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from .errors import DomainError
from .text import check_characters

MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 256
_hasher = PasswordHasher()

# Verified against when the e-mail address is unknown, so a wrong address takes
# as long as a wrong password and does not reveal which addresses exist.
_DUMMY_HASH = _hasher.hash("no such organiser")


def hash_password(password: str) -> str:
    if not isinstance(password, str) or not MIN_PASSWORD_LENGTH <= len(password) <= MAX_PASSWORD_LENGTH:
        raise DomainError("password_too_short", minimum=MIN_PASSWORD_LENGTH)
    check_characters(password)
    return _hasher.hash(password)


def password_matches(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def new_secret_token() -> str:
    return secrets.token_urlsafe(24)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def email_key(value: object) -> str:
    """The form an address is stored, counted and logged in, even when it is not valid."""
    return value.strip().lower() if isinstance(value, str) else ""


def normalise_email(value: object) -> str:
    if not isinstance(value, str):
        raise DomainError("email_invalid")
    email = email_key(check_characters(value))
    local, _, domain = email.partition("@")
    if not local or "." not in domain or len(email) > 254 or any(ch.isspace() for ch in email):
        raise DomainError("email_invalid")
    return email
