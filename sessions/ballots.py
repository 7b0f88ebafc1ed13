"""Ballots of the Verdelen phase and the rules that hold whatever happens:
one ballot per participant per round (a new one replaces the old), none after the
round closes, only options of this table, and a kiezen ballot never over budget."""
import json
from datetime import datetime

from sqlmodel import Field, SQLModel, UniqueConstraint

from .allocation import BallotInput
from .clock import utcnow
from .errors import DomainError

POINTS_PER_BALLOT = 100  # verdelen: everybody spreads the same hundred points
MAX_PAPER_LABEL = 60


class BallotRound(SQLModel, table=True):
    """A table may vote more than once (after amending options); each round is kept."""

    __tablename__ = "ballot_round"
    __table_args__ = (UniqueConstraint("table_id", "number", name="uq_ballot_round_number"),)
    id: int | None = Field(default=None, primary_key=True)
    table_id: int = Field(foreign_key="deliberation_table.id", index=True)
    number: int
    ballot_form: str = Field(max_length=10)
    budget_cents: int
    closed_at: datetime | None = Field(default=None)
    opened_at: datetime = Field(default_factory=utcnow)
    # JSON, written once when the round closes: the outcome under each rule, kept as
    # computed so the record never changes when options are edited later.
    results: str | None = Field(default=None)


class Ballot(SQLModel, table=True):
    # Phones vote as themselves; a paper ballot is keyed by its label instead.
    __table_args__ = (
        UniqueConstraint("round_id", "participant_id", name="uq_ballot_per_participant"),
        UniqueConstraint("round_id", "paper_label", name="uq_ballot_per_paper_label"),
    )
    id: int | None = Field(default=None, primary_key=True)
    round_id: int = Field(foreign_key="ballot_round.id", index=True)
    participant_id: int | None = Field(default=None, foreign_key="participant.id")
    paper_label: str | None = Field(default=None, max_length=MAX_PAPER_LABEL)
    # JSON: {"approved": [option ids]} or {"points": {"option id": points}}
    content: str
    cast_at: datetime = Field(default_factory=utcnow)


def clean_approval(value: object, *, costs: dict[int, int], budget_cents: int) -> list[int]:
    """Kiezen: distinct options of this table that together fit the budget."""
    if not isinstance(value, list) or any(isinstance(i, bool) or not isinstance(i, int) for i in value):
        raise DomainError("invalid_ballot")
    chosen = sorted(set(value))
    if any(option_id not in costs for option_id in chosen):
        raise DomainError("unknown_option")
    if sum(costs[option_id] for option_id in chosen) > budget_cents:
        raise DomainError("ballot_over_budget")
    return chosen


def clean_points(value: object, *, costs: dict[int, int]) -> dict[str, int]:
    """Verdelen: whole, non-negative points on options of this table, at most 100 in all."""
    if not isinstance(value, dict):
        raise DomainError("invalid_ballot")
    points: dict[str, int] = {}
    for key, amount in value.items():
        try:
            option_id = int(key)
        except (TypeError, ValueError):
            raise DomainError("invalid_ballot") from None
        if option_id not in costs:
            raise DomainError("unknown_option")
        if isinstance(amount, bool) or not isinstance(amount, int) or amount < 0:
            raise DomainError("invalid_ballot")
        if amount:
            points[str(option_id)] = amount
    if sum(points.values()) > POINTS_PER_BALLOT:
        raise DomainError("too_many_points", maximum=POINTS_PER_BALLOT)
    return points


def ballot_input(content: str) -> BallotInput:
    """A stored ballot (`Ballot.content`) as the allocation rules take it."""
    data = json.loads(content)
    if "approved" in data:
        return BallotInput(approved=frozenset(data["approved"]))
    return BallotInput(points={int(k): v for k, v in data["points"].items()})
