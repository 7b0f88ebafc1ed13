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
    # Sent from a phone while the table pre-moderates: only the console and its author
    # know it until the facilitator approves it (or hides it).
    awaiting_approval: bool = Field(default=False)
    cluster_id: int | None = Field(default=None, foreign_key="cluster.id", index=True)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)

    @property
    def visible(self) -> bool:
        return is_visible(self.hidden_reason, self.withdrawn, self.merged_into_id, self.awaiting_approval)

    def require_visible(self) -> None:
        require_visible(self.hidden_reason, self.withdrawn, self.merged_into_id, self.awaiting_approval)

    @property
    def shown_to_author(self) -> bool:
        """Its author's phone keeps it in their own list while it waits or after it was
        hidden (saying so, with the reason); withdrawn or merged, it leaves that list too."""
        return not self.withdrawn and self.merged_into_id is None

    def require_waiting(self) -> None:
        if not self.awaiting_approval or self.hidden_reason is not None or not self.shown_to_author:
            raise DomainError("argument_not_waiting")

    def require_moderatable(self) -> None:
        """What the facilitator may hide: what the table sees, or what waits to be seen."""
        if self.awaiting_approval and self.hidden_reason is None and self.shown_to_author:
            return
        self.require_visible()


class Reaction(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("argument_id", "participant_id", name="uq_reaction_per_participant"),)
    id: int | None = Field(default=None, primary_key=True)
    argument_id: int = Field(foreign_key="argument.id", index=True)
    participant_id: int = Field(foreign_key="participant.id", index=True)
    value: str = Field(max_length=10)
    updated_at: datetime = Field(default_factory=utcnow)


def is_visible(hidden_reason: str | None, withdrawn: bool, merged_into_id: int | None,
               awaiting_approval: bool = False) -> bool:
    """On the wall and the phones: not hidden by the facilitator, not withdrawn by its
    writer, not merged into another argument, not waiting for the facilitator's approval."""
    return hidden_reason is None and not withdrawn and merged_into_id is None and not awaiting_approval


def require_visible(hidden_reason: str | None, withdrawn: bool, merged_into_id: int | None,
                    awaiting_approval: bool = False) -> None:
    if not is_visible(hidden_reason, withdrawn, merged_into_id, awaiting_approval):
        raise DomainError("argument_not_visible")


def waits_for_approval(*, premoderation: bool, participant_id: int | None) -> bool:
    """A phone's argument waits while the table pre-moderates; the facilitator's own paper
    cards are theirs to write and never wait."""
    return premoderation and participant_id is not None


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


class ArgumentMerge(SQLModel, table=True):
    """What one merge changed, so that it can be undone exactly: the reaction rows that
    moved from the source to the target, those dropped because their participant had
    already reacted to the target, and the arguments merged into the source earlier,
    which followed it into the target. The row goes when the merge is undone."""

    __tablename__ = "argument_merge"
    id: int | None = Field(default=None, primary_key=True)
    table_id: int = Field(foreign_key="deliberation_table.id", index=True)
    source_id: int = Field(foreign_key="argument.id", index=True)
    target_id: int = Field(foreign_key="argument.id")
    # JSON lists: [reaction id, …]; [[participant id, value], …]; [argument id, …]
    moved_reactions: str = Field(default="[]")
    dropped_reactions: str = Field(default="[]")
    followed: str = Field(default="[]")
    created_at: datetime = Field(default_factory=utcnow)


def require_undoable_merge(*, merged_into_id: int | None, recorded_target_id: int | None) -> None:
    """A merge is undone from the argument that was merged. When its target has been merged
    on into a third argument since, that later merge is undone first: undoing out of order
    would leave reactions and supporters on the wrong card."""
    if merged_into_id is None:
        raise DomainError("argument_not_merged")
    if recorded_target_id is None:
        # Merged before merges were recorded: nothing tells what moved, so nothing is guessed.
        raise DomainError("merge_not_undoable")
    if merged_into_id != recorded_target_id:
        raise DomainError("undo_later_merge_first")
