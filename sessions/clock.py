from datetime import datetime, timezone


def utcnow() -> datetime:
    """Aware UTC; SQLModel's UTCDateTime columns refuse naive datetimes."""
    return datetime.now(timezone.utc)
