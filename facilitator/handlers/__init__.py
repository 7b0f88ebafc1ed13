"""The socket events, one module per part of the evening. Each handler is the one
line that calls its service with its command; importing this package registers them,
so the registry is read from here: it is full once this package is imported."""
from ..dispatch import EVENT_COMMANDS, EVENT_RULES
from . import arguments, deciding, frame, grouping, round_vote, table  # noqa: F401

__all__ = ["EVENT_COMMANDS", "EVENT_RULES"]
