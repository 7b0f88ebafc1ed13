"""The plenary vote of a whole round ("gezamenlijke stemming") and the rules that hold
whatever happens.

After the tables have deliberated, the organiser builds one round ballot from the
options of every table of the round: each table option is on it as a round option of
its own, merged with options of other tables into one round option (the merge keeps
which table options it came from), or left out with a reason. Then every participant
of every table votes once, from the phone they joined with; facilitators enter paper
ballots under a label. Closing counts all votes with the round's counting rule.

One vote per person across the round. A person is recognised by their browser: the
seats it holds (the `participant_of` cookie a phone gets on joining a table) at the
tables of this round. Their vote is stored under the key of their earliest seat in the
round (`voter_key`), which every page of that browser knows, whichever table it was
opened for: a phone seated at tables A and B votes once, through A or through B, and a
second vote is refused (`round_vote_already_cast`). A person who clears their cookies
and joins again is a new seat, as at a table."""
import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Iterable

from sqlmodel import Field, SQLModel, UniqueConstraint

from .clock import utcnow
from .clusters import MAX_CLUSTER_NAME
from .errors import DomainError

MAX_LEFT_OUT_REASON = 300
MAX_VOTER_KEY = 80


class RoundBallotState:
    BUILDING = "building"
    OPEN = "open"
    CLOSED = "closed"


class RoundBallot(SQLModel, table=True):
    """At most one per budget round."""

    __tablename__ = "round_ballot"
    id: int | None = Field(default=None, primary_key=True)
    round_id: int = Field(foreign_key="budget_round.id", unique=True)
    state: str = Field(default=RoundBallotState.BUILDING, max_length=10)
    ballot_form: str = Field(default="kiezen", max_length=10)
    budget_cents: int
    # The projector page's bearer secret, like a table's wall token.
    wall_token: str = Field(max_length=64, unique=True, index=True)
    # Raised by every change the round room hears of; clients keep the newest.
    version: int = Field(default=0)
    created_at: datetime = Field(default_factory=utcnow)
    opened_at: datetime | None = Field(default=None)
    closed_at: datetime | None = Field(default=None)
    # The counting rule the outcome was computed with, and the outcome under each rule
    # (JSON, as BallotRound.results), written once at closing.
    rule: str | None = Field(default=None, max_length=20)
    results: str | None = Field(default=None)
    # JSON {"funded": [round option ids], "total_cost_cents": n}, when the organiser records it.
    decision: str | None = Field(default=None)
    decided_at: datetime | None = Field(default=None)


class RoundOption(SQLModel, table=True):
    __tablename__ = "round_option"
    id: int | None = Field(default=None, primary_key=True)
    round_ballot_id: int = Field(foreign_key="round_ballot.id", index=True)
    title: str = Field(max_length=MAX_CLUSTER_NAME)
    cost_cents: int
    position: int = Field(default=0)
    merged_at: datetime | None = Field(default=None)


class RoundOptionSource(SQLModel, table=True):
    """One table option on the round ballot: in a round option, or left out with a
    reason. What it was (its table, title and cost) is kept as it was taken in."""

    __tablename__ = "round_option_source"
    __table_args__ = (UniqueConstraint("round_ballot_id", "option_id", name="uq_round_option_source"),)
    id: int | None = Field(default=None, primary_key=True)
    round_ballot_id: int = Field(foreign_key="round_ballot.id", index=True)
    option_id: int = Field(foreign_key="option.id")
    table_id: int = Field(foreign_key="deliberation_table.id")
    title: str = Field(max_length=MAX_CLUSTER_NAME)
    cost_cents: int
    round_option_id: int | None = Field(default=None, foreign_key="round_option.id", index=True)
    left_out_reason: str | None = Field(default=None, max_length=MAX_LEFT_OUT_REASON)


class RoundBallotVote(SQLModel, table=True):
    """One per person (voter_key) per round ballot; phones name their seat, paper
    ballots their table and label."""

    __tablename__ = "round_ballot_vote"
    __table_args__ = (UniqueConstraint("round_ballot_id", "voter_key", name="uq_round_vote_per_person"),)
    id: int | None = Field(default=None, primary_key=True)
    round_ballot_id: int = Field(foreign_key="round_ballot.id", index=True)
    voter_key: str = Field(max_length=MAX_VOTER_KEY)
    table_id: int = Field(foreign_key="deliberation_table.id")
    participant_id: int | None = Field(default=None, foreign_key="participant.id")
    paper_label: str | None = Field(default=None, max_length=60)
    content: str  # as Ballot.content
    cast_at: datetime = Field(default_factory=utcnow)


# -- who votes -------------------------------------------------------------------------

def person_key(seats: Iterable[int]) -> str:
    """The key a browser votes under: its earliest seat at the round's tables. Seats are
    numbered as they are made, so the earliest one is known to every page the browser
    opened since, at whichever table."""
    seats = sorted(set(seats))
    if not seats:
        raise DomainError("not_allowed")
    return f"seat:{seats[0]}"


def paper_key(table_id: int, label: str) -> str:
    """A paper ballot is one per label per table: "Kaart 3" at two tables are two people."""
    return f"paper:{table_id}:{label.casefold()}"


# -- what the ballot offers --------------------------------------------------------------

@dataclass(frozen=True)
class SourceOption:
    option_id: int
    table_id: int
    title: str
    cost_cents: int


def clean_left_out_reason(value: object) -> str:
    from .models import clean_text
    return clean_text(value, code="left_out_reason_required", max_length=MAX_LEFT_OUT_REASON)


def clean_round_option_title(value: object) -> str:
    from .models import clean_text
    return clean_text(value, code="option_title_required", max_length=MAX_CLUSTER_NAME)


def check_mergeable(round_option_ids: list[int], known: set[int]) -> list[int]:
    """At least two distinct round options of this ballot."""
    chosen = list(dict.fromkeys(round_option_ids))
    if len(chosen) < 2:
        raise DomainError("merge_needs_two_options")
    if any(option_id not in known for option_id in chosen):
        raise DomainError("unknown_option")
    return chosen


# -- the live tally ----------------------------------------------------------------------

@dataclass
class Tally:
    voters: int = 0
    on_paper: int = 0
    support: dict[str, int] = field(default_factory=dict)


def tally(contents: Iterable[tuple[str, bool]], option_ids: Iterable[int]) -> Tally:
    """Per round option: approvals (kiezen) or points (verdelen), from (content, on paper)."""
    result = Tally(support={str(i): 0 for i in option_ids})
    for content, on_paper in contents:
        result.voters += 1
        result.on_paper += on_paper
        data = json.loads(content)
        if "approved" in data:
            for option_id in data["approved"]:
                key = str(option_id)
                if key in result.support:
                    result.support[key] += 1
        else:
            for key, points in data["points"].items():
                if key in result.support:
                    result.support[key] += points
    return result


def decision_of(funded: list[int], costs: dict[int, int], budget_cents: int) -> dict[str, Any]:
    """The organiser's round decision: round options of this ballot, never above its budget."""
    chosen = sorted(set(funded))
    if any(option_id not in costs for option_id in chosen):
        raise DomainError("unknown_option")
    total = sum(costs[option_id] for option_id in chosen)
    if total > budget_cents:
        raise DomainError("round_decision_over_budget")
    return {"funded": chosen, "total_cost_cents": total}
