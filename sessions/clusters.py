"""Clusters of arguments, and the costed options they become (phase Ordenen)."""
from datetime import datetime

from sqlmodel import Field, SQLModel

from .clock import utcnow
from .errors import DomainError

MAX_CLUSTER_NAME = 120
MAX_OPTION_DESCRIPTION = 1000
# A cost above this many times the table's budget is a typo, not an estimate.
ABSURD_COST_FACTOR = 100


class Cluster(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    table_id: int = Field(foreign_key="deliberation_table.id", index=True)
    name: str = Field(default="", max_length=MAX_CLUSTER_NAME)
    position: int = Field(default=0)
    created_at: datetime = Field(default_factory=utcnow)


class Option(SQLModel, table=True):
    """What the table can spend money on: one per cluster at most."""

    id: int | None = Field(default=None, primary_key=True)
    table_id: int = Field(foreign_key="deliberation_table.id", index=True)
    cluster_id: int | None = Field(default=None, foreign_key="cluster.id", unique=True)
    title: str = Field(max_length=MAX_CLUSTER_NAME)
    description: str | None = Field(default=None, max_length=MAX_OPTION_DESCRIPTION)
    cost_cents: int
    carried_by: str | None = Field(default=None, max_length=MAX_CLUSTER_NAME)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


def check_cost(cents: int, *, budget_cents: int) -> int:
    """At least € 0, at most 100 times the budget (or € 100,000 when the budget is 0): a
    larger cost is a typing mistake, not an option."""
    ceiling = max(budget_cents, 100_000) * ABSURD_COST_FACTOR
    if cents < 0 or cents > ceiling:
        raise DomainError("cost_out_of_range")
    return cents


def clean_id_list(value: object, *, maximum: int = 1000) -> list[int]:
    if not isinstance(value, list) or not value or len(value) > maximum \
            or any(isinstance(i, bool) or not isinstance(i, int) for i in value):
        raise DomainError("invalid_payload")
    return list(dict.fromkeys(value))  # order kept, repeats dropped


class ClusterHistory(SQLModel, table=True):
    """The grouping as it was before each change, so the facilitator can undo."""

    __tablename__ = "cluster_history"
    id: int | None = Field(default=None, primary_key=True)
    table_id: int = Field(foreign_key="deliberation_table.id", index=True)
    layout: str  # JSON: {"clusters": [{id, name, position}], "assignment": {argument id: cluster id}}
    created_at: datetime = Field(default_factory=utcnow)
