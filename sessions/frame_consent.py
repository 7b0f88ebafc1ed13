"""The frame is agreed by the table, not announced to it.

The facilitator proposes the frame (the draft in `TableFrame`) and puts it to the table
in a frame consent round. Everybody answers on the same five-step gradient as in
Besluiten (`consensus.Signal`); the round closes under the table's consensus rule. A
round that meets it makes its proposal the agreed frame, which from then on governs the
table: the ballot form Verdelen opens with, the counting rule that decides, the
consensus rule of Besluiten. Every round is kept, so an earlier agreed version stays in
the record when a later round agrees a changed one.

Until a table has agreed a frame, the facilitator's draft applies, as it did before
tables agreed their frame."""
from datetime import datetime
from enum import Enum
from typing import Any

from sqlmodel import Field, SQLModel, UniqueConstraint

from .ballots import MAX_PAPER_LABEL
from .clock import utcnow
from .consensus import MAX_REASON, Outcome, consensus_outcome
from .errors import DomainError
from .frame import MAX_FRAME_TEXT, TableFrame
from .text import check_characters, is_blank

# What a proposal holds: the three texts and the three choices of the frame.
PROPOSAL_FIELDS = ("goals", "roles", "conditions", "ballot_form", "rule", "consensus_rule")
MAX_SUGGESTION = 500


class SuggestionKind(str, Enum):
    GOAL = "goal"
    CONDITION = "condition"


class SuggestionStatus(str, Enum):
    OPEN = "open"
    TAKEN = "taken"          # taken into the draft of the frame
    SET_ASIDE = "set_aside"  # read, and not taken


# The draft's field a suggestion of each kind goes into.
SUGGESTION_FIELD = {SuggestionKind.GOAL.value: "goals", SuggestionKind.CONDITION.value: "conditions"}


class FrameRound(SQLModel, table=True):
    """One time the frame was put to the table: the proposal as it stood then."""

    __tablename__ = "frame_round"
    __table_args__ = (UniqueConstraint("table_id", "number", name="uq_frame_round_number"),)
    id: int | None = Field(default=None, primary_key=True)
    table_id: int = Field(foreign_key="deliberation_table.id", index=True)
    number: int
    goals: str = Field(default="", max_length=MAX_FRAME_TEXT)
    roles: str = Field(default="", max_length=MAX_FRAME_TEXT)
    conditions: str = Field(default="", max_length=MAX_FRAME_TEXT)
    ballot_form: str = Field(max_length=10)
    rule: str = Field(max_length=10)
    consensus_rule: str = Field(max_length=20)
    # The rule this round is judged by: the agreed frame's, or for a first frame the proposed one.
    decided_by: str = Field(max_length=20)
    opened_at: datetime = Field(default_factory=utcnow)
    closed_at: datetime | None = Field(default=None)
    outcome: str | None = Field(default=None, max_length=30)
    # The signals as they stood when the round closed (JSON): counts per level, reasons, paper.
    tally: str | None = Field(default=None, max_length=20000)


class FrameSignal(SQLModel, table=True):
    """One answer in a frame round: a phone's, or a paper one under its label."""

    __tablename__ = "frame_signal"
    __table_args__ = (
        UniqueConstraint("round_id", "participant_id", name="uq_frame_signal_per_participant"),
        UniqueConstraint("round_id", "paper_label", name="uq_frame_signal_per_paper_label"),
    )
    id: int | None = Field(default=None, primary_key=True)
    round_id: int = Field(foreign_key="frame_round.id", index=True)
    participant_id: int | None = Field(default=None, foreign_key="participant.id")
    paper_label: str | None = Field(default=None, max_length=MAX_PAPER_LABEL)
    level: int
    reason: str | None = Field(default=None, max_length=MAX_REASON)
    given_at: datetime = Field(default_factory=utcnow)


class FrameSuggestion(SQLModel, table=True):
    """A phone's suggestion for a goal or a condition; the facilitator takes it into the
    draft or sets it aside. Who suggested it is not kept."""

    __tablename__ = "frame_suggestion"
    id: int | None = Field(default=None, primary_key=True)
    table_id: int = Field(foreign_key="deliberation_table.id", index=True)
    kind: str = Field(max_length=10)
    text: str = Field(max_length=MAX_SUGGESTION)
    status: str = Field(default=SuggestionStatus.OPEN.value, max_length=10)
    suggested_at: datetime = Field(default_factory=utcnow)


# -- rules -------------------------------------------------------------------------

def proposal_of(source: "TableFrame | FrameRound | None") -> dict[str, str]:
    """The six values of a draft or a round; no draft yet is the default frame."""
    source = source if source is not None else TableFrame(table_id=0)
    return {name: getattr(source, name) for name in PROPOSAL_FIELDS}


def deciding_rule(proposal: dict[str, str], agreed: "FrameRound | None") -> str:
    """The consensus rule a frame round is judged by: the one the table already agreed;
    for its first frame, the one proposed (the table says yes to it with the rest)."""
    return agreed.consensus_rule if agreed is not None else proposal["consensus_rule"]


def check_can_propose(proposal: dict[str, str], agreed: "FrameRound | None") -> None:
    """A new round needs something to agree: the draft differs from the agreed frame."""
    if agreed is not None and proposal == proposal_of(agreed):
        raise DomainError("frame_already_agreed")


def is_agreed(outcome: str | None) -> bool:
    """Consensus or consent with reservations agrees the frame; no consensus does not."""
    return outcome in (Outcome.CONSENSUS, Outcome.CONSENT_WITH_RESERVATIONS)


def round_outcome(levels: list[int], *, rule: str) -> str:
    """The same rule as a proposal in Besluiten: one rule, written once."""
    return consensus_outcome(levels, rule=rule)


def governing(draft: "TableFrame | None", agreed: "FrameRound | None") -> dict[str, Any]:
    """The frame that governs the table: the agreed one, or until there is one the draft."""
    return {**proposal_of(agreed if agreed is not None else draft), "agreed": agreed is not None}


def tally_of(counts: dict[int, int], reasons: list[tuple[int, str]], *, paper: int = 0) -> dict[str, Any]:
    """The anonymous tally: how many gave each step, the objections' reasons and the notes."""
    return {
        "tally": {str(level): counts.get(level, 0) for level in range(1, 6)},
        "objections": sorted(reason for level, reason in reasons if level == 5 and reason),
        "notes": sorted(reason for level, reason in reasons if level < 5 and reason),
        "paper": paper,
    }


def with_suggestion(text: str, suggestion: str) -> str:
    """The draft's text with a suggestion added on a line of its own."""
    combined = f"{text}\n{suggestion}" if text.strip() else suggestion
    if len(combined) > MAX_FRAME_TEXT:
        raise DomainError("frame_text_too_long")
    return combined


def clean_suggestion_kind(value: object) -> str:
    if not isinstance(value, str) or value not in SUGGESTION_FIELD:
        raise DomainError("unknown_suggestion_kind")
    return value


def clean_suggestion_text(value: object) -> str:
    if not isinstance(value, str):
        raise DomainError("suggestion_required")
    text = " ".join(check_characters(value).split())
    if is_blank(text):
        raise DomainError("suggestion_required")
    if len(text) > MAX_SUGGESTION:
        raise DomainError("suggestion_too_long")
    return text
