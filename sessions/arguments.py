"""Arguments and reactions: the rules of the Inbreng and Afwegen phases."""
import re
from datetime import datetime
from enum import Enum

from sqlmodel import Field, SQLModel, UniqueConstraint

from .clock import utcnow
from .errors import DomainError
from .phases import INPUT_PHASES, REACTION_PHASES
from .text import check_characters, is_blank

MAX_ARGUMENT_LENGTH = 1000
MAX_REASON_LENGTH = 300
MAX_CLIENT_ID_LENGTH = 64
DEFAULT_ARGUMENTS_PER_MINUTE = 6
# Arguments may be added and changed while the table collects them or weighs them
# (in Afwegen, new arguments can still come up); reactions belong to Afwegen.


class Stance(str, Enum):
    VOOR = "voor"
    TEGEN = "tegen"
    IDEE = "idee"


class ReactionValue(str, Enum):
    AGREE = "agree"
    DISAGREE = "disagree"
    PASS = "pass"


class Argument(SQLModel, table=True):
    # The client makes the id before sending, so a resend after a lost
    # acknowledgement finds the stored argument instead of adding a second one.
    __table_args__ = (UniqueConstraint("table_id", "client_id", name="uq_argument_client_id"),)
    id: int | None = Field(default=None, primary_key=True)
    table_id: int = Field(foreign_key="deliberation_table.id", index=True)
    client_id: str = Field(max_length=MAX_CLIENT_ID_LENGTH)
    participant_id: int | None = Field(default=None, foreign_key="participant.id", index=True)
    via_facilitator: bool = Field(default=False)
    stance: str = Field(max_length=10)
    text: str = Field(max_length=MAX_ARGUMENT_LENGTH)
    pinned: bool = Field(default=False)
    hidden_reason: str | None = Field(default=None, max_length=MAX_REASON_LENGTH)
    withdrawn: bool = Field(default=False)
    merged_into_id: int | None = Field(default=None, foreign_key="argument.id")
    cluster_id: int | None = Field(default=None, foreign_key="cluster.id", index=True)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)

    @property
    def visible(self) -> bool:
        return is_visible(self.hidden_reason, self.withdrawn, self.merged_into_id)

    def require_visible(self) -> None:
        require_visible(self.hidden_reason, self.withdrawn, self.merged_into_id)


class Reaction(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("argument_id", "participant_id", name="uq_reaction_per_participant"),)
    id: int | None = Field(default=None, primary_key=True)
    argument_id: int = Field(foreign_key="argument.id", index=True)
    participant_id: int = Field(foreign_key="participant.id", index=True)
    value: str = Field(max_length=10)
    updated_at: datetime = Field(default_factory=utcnow)


def is_visible(hidden_reason: str | None, withdrawn: bool, merged_into_id: int | None) -> bool:
    """On the wall and the phones: not hidden by the facilitator, not withdrawn by its
    writer, not merged into another argument."""
    return hidden_reason is None and not withdrawn and merged_into_id is None


def require_visible(hidden_reason: str | None, withdrawn: bool, merged_into_id: int | None) -> None:
    if not is_visible(hidden_reason, withdrawn, merged_into_id):
        raise DomainError("argument_not_visible")


# Looked up with every argument and reaction: iterating an Enum each time showed in profiles.
_STANCES = frozenset(s.value for s in Stance)
_REACTIONS = frozenset(v.value for v in ReactionValue)


def parse_stance(value: object) -> Stance:
    if isinstance(value, str) and value in _STANCES:
        return Stance(value)
    raise DomainError("unknown_stance")


def parse_reaction(value: object) -> ReactionValue:
    if isinstance(value, str) and value in _REACTIONS:
        return ReactionValue(value)
    raise DomainError("unknown_reaction")


def clean_argument_text(value: object) -> str:
    """Keeps line breaks (people write lists), trims, and enforces 1–1000 characters."""
    if not isinstance(value, str):
        raise DomainError("argument_text_required")
    lines = (" ".join(line.split()) for line in check_characters(value).strip().splitlines())
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    if is_blank(text):
        raise DomainError("argument_text_required")
    if len(text) > MAX_ARGUMENT_LENGTH:
        raise DomainError("argument_text_too_long", maximum=MAX_ARGUMENT_LENGTH)
    return text


def clean_client_id(value: object) -> str:
    if not isinstance(value, str) or not 8 <= len(value) <= MAX_CLIENT_ID_LENGTH \
            or not all(ch.isascii() and (ch.isalnum() or ch == "-") for ch in value):
        raise DomainError("invalid_payload")
    return value


def require_input_open(phase: str, input_open: bool) -> None:
    if phase not in INPUT_PHASES or not input_open:
        raise DomainError("input_closed")


def require_reactions_open(phase: str) -> None:
    if phase not in REACTION_PHASES:
        raise DomainError("reactions_closed")
