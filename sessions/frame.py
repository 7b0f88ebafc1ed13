"""The frame a table agrees in Kaders: what it wants, who does what, the conditions on
the budget, and how it will decide. Verdelen and Besluiten follow these choices."""
import functools
from datetime import datetime
from enum import Enum

from sqlmodel import Field, SQLModel

from .clock import utcnow
from .errors import DomainError
from .text import check_characters, is_blank

MAX_FRAME_TEXT = 2000


class BallotForm(str, Enum):
    KIEZEN = "kiezen"      # pick options that together fit the budget
    VERDELEN = "verdelen"  # spread points over options


class AggregationRule(str, Enum):
    MES = "mes"            # Method of Equal Shares: the default, fair to minorities
    GREEDY = "greedy"      # most support first, while the money lasts
    PHRAGMEN = "phragmen"  # sequential Phragmén


class ConsensusRule(str, Enum):
    CONSENT = "consent"        # decided when nobody objects; reservations are recorded
    UNANIMITY = "unanimity"    # decided only when everybody agrees, reservations allowed
    THREE_QUARTERS = "three_quarters"  # decided when 3 in 4 agree and nobody objects


class TableFrame(SQLModel, table=True):
    __tablename__ = "table_frame"
    table_id: int = Field(foreign_key="deliberation_table.id", primary_key=True)
    goals: str = Field(default="", max_length=MAX_FRAME_TEXT)
    roles: str = Field(default="", max_length=MAX_FRAME_TEXT)
    conditions: str = Field(default="", max_length=MAX_FRAME_TEXT)
    ballot_form: str = Field(default=BallotForm.KIEZEN.value, max_length=10)
    rule: str = Field(default=AggregationRule.MES.value, max_length=10)
    consensus_rule: str = Field(default=ConsensusRule.CONSENT.value, max_length=20)
    updated_at: datetime = Field(default_factory=utcnow)
    # The frame consent round whose proposal the table agreed (frame_consent.py); while
    # there is none, this draft governs the table.
    agreed_round_id: int | None = Field(default=None, foreign_key="frame_round.id")


def choice(value: object, options: type[Enum], *, code: str) -> str:
    if isinstance(value, str) and value in {o.value for o in options}:
        return value
    raise DomainError(code)


def frame_text(value: object, *, code: str) -> str:
    """Free text of the frame: paragraphs kept, trimmed, up to 2,000 characters (may be empty)."""
    if value is None:
        return ""
    if not isinstance(value, str) or len(value.strip()) > MAX_FRAME_TEXT:
        raise DomainError(code)
    if is_blank(check_characters(value)):
        return ""
    return "\n".join(line.rstrip() for line in value.strip().splitlines())


@functools.cache
def _no_frame() -> "TableFrame":
    """The defaults a table without a recorded frame shows, made once: a model object
    costs more to make than the rest of a snapshot's frame (never stored, never changed)."""
    return TableFrame(table_id=0)


def frame_view(frame: "TableFrame | None") -> dict:
    frame = frame or _no_frame()
    return {"goals": frame.goals, "roles": frame.roles, "conditions": frame.conditions,
            "ballot_form": frame.ballot_form, "rule": frame.rule, "consensus_rule": frame.consensus_rule,
            "recorded": frame.table_id != 0}
