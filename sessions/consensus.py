"""Besluiten: consensus rounds on a proposal, signals on a gradient of agreement, and
the decision the table records. Rounds can be repeated after amending; all are kept."""
from datetime import datetime
from enum import IntEnum

from sqlmodel import Field, SQLModel, UniqueConstraint

from .clock import utcnow
from .errors import DomainError
from .text import check_characters, is_blank
from .frame import ConsensusRule

MAX_REASON = 500


class Signal(IntEnum):
    """The five steps, from full agreement to objection."""

    FULLY_AGREE = 1        # volledig eens
    AGREE_WITH_NOTES = 2   # eens, met kanttekeningen
    CAN_LIVE_WITH_IT = 3   # ik kan ermee leven
    SERIOUS_DOUBTS = 4     # ernstige bedenkingen, maar ik blokkeer niet
    OBJECTION = 5          # bezwaar: this must not go ahead


class Outcome:
    CONSENSUS = "consensus"
    CONSENT_WITH_RESERVATIONS = "consent_with_reservations"
    NO_CONSENSUS = "no_consensus"
    ALL = (CONSENSUS, CONSENT_WITH_RESERVATIONS, NO_CONSENSUS)


class ConsensusRound(SQLModel, table=True):
    __tablename__ = "consensus_round"
    __table_args__ = (UniqueConstraint("table_id", "number", name="uq_consensus_round_number"),)
    id: int | None = Field(default=None, primary_key=True)
    table_id: int = Field(foreign_key="deliberation_table.id", index=True)
    number: int
    option_ids: str  # JSON list: the proposed allocation
    based_on_rule: str | None = Field(default=None, max_length=10)
    total_cost_cents: int
    consensus_rule: str = Field(max_length=20)
    closed_at: datetime | None = Field(default=None)
    outcome: str | None = Field(default=None, max_length=30)  # computed when closed
    opened_at: datetime = Field(default_factory=utcnow)


class ConsensusSignal(SQLModel, table=True):
    __tablename__ = "consensus_signal"
    # Phones answer as themselves; a paper answer is keyed by its label instead.
    __table_args__ = (UniqueConstraint("round_id", "participant_id", name="uq_signal_per_participant"),
                      UniqueConstraint("round_id", "paper_label", name="uq_signal_per_paper_label"))
    id: int | None = Field(default=None, primary_key=True)
    round_id: int = Field(foreign_key="consensus_round.id", index=True)
    participant_id: int | None = Field(default=None, foreign_key="participant.id")
    paper_label: str | None = Field(default=None, max_length=60)  # ballots.MAX_PAPER_LABEL
    level: int
    reason: str | None = Field(default=None, max_length=MAX_REASON)
    given_at: datetime = Field(default_factory=utcnow)


class Decision(SQLModel, table=True):
    """What the table decided: one per table, replaced if the table decides again."""

    table_id: int = Field(foreign_key="deliberation_table.id", primary_key=True)
    consensus_round_id: int = Field(foreign_key="consensus_round.id")
    outcome: str = Field(max_length=30)
    computed_outcome: str = Field(max_length=30)
    override_reason: str | None = Field(default=None, max_length=MAX_REASON)
    option_ids: str  # JSON list: the final allocation
    total_cost_cents: int
    decided_at: datetime = Field(default_factory=utcnow)


def clean_signal(level: object, reason: object) -> tuple[int, str | None]:
    if isinstance(level, bool) or not isinstance(level, int) or level not in {s.value for s in Signal}:
        raise DomainError("unknown_signal")
    if reason is not None and not isinstance(reason, str):
        raise DomainError("invalid_payload")
    text = " ".join(check_characters(reason or "").split())
    text = None if is_blank(text) else text
    if text and len(text) > MAX_REASON:
        raise DomainError("reason_too_long")
    if level == Signal.OBJECTION and not text:
        raise DomainError("objection_needs_reason")
    return level, text


def consensus_outcome(levels: list[int], *, rule: str) -> str:
    """The outcome the table's own rule gives for these signals.

    consent:        no objection; all "fully agree" is consensus, otherwise consent with reservations.
    unanimity:      everybody agrees (steps 1–2); any other signal means no consensus.
    three_quarters: no objection and at least 3 in 4 agree (steps 1–2).
    Nobody signalled: no consensus.
    """
    if not levels:
        return Outcome.NO_CONSENSUS
    objections = sum(1 for level in levels if level == Signal.OBJECTION)
    agreeing = sum(1 for level in levels if level <= Signal.AGREE_WITH_NOTES)
    fully = all(level == Signal.FULLY_AGREE for level in levels)
    if rule == ConsensusRule.UNANIMITY.value:
        decided = agreeing == len(levels)
    elif rule == ConsensusRule.THREE_QUARTERS.value:
        decided = objections == 0 and 4 * agreeing >= 3 * len(levels)
    else:
        decided = objections == 0
    if not decided:
        return Outcome.NO_CONSENSUS
    return Outcome.CONSENSUS if fully else Outcome.CONSENT_WITH_RESERVATIONS
