"""What a socket client is answered when its event or its connection fails."""
from typing import Any

from sqlalchemy.exc import DBAPIError, OperationalError, TimeoutError as PoolTimeout

from .i18n import error_message


def error_ack(code: str) -> dict[str, Any]:
    return {"ok": False, "error": code, "message": error_message(code)}


def database_unavailable(error: Exception) -> bool:
    """The database is away for a moment (restarted, network gone): the client should
    try again, and nothing was half-written, as every service owns its transaction."""
    return isinstance(error, (OperationalError, PoolTimeout)) or (
        isinstance(error, DBAPIError) and error.connection_invalidated)
