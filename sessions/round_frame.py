"""The round's own frame: what a round of several tables wants, the rule it counts by,
and how the tables' work becomes one decision on the round's budget.

Three ways to combine (`Combination`):
- each table on its own (`separate`, the default, what rounds did before): every table
  decides on the whole round budget; the round has one allocation only when the tables'
  decisions together fit in it;
- table budgets (`table_budgets`): the organiser splits the round budget over the
  tables, each table decides within its share, so together they never ask for more;
- a plenary vote (`plenary`): the tables' options go to one round vote (built
  elsewhere; here the choice is only stored and shown).

The rules here are plain functions, tested without a database."""
import functools
from datetime import datetime
from enum import Enum
from typing import Any, Iterable, Mapping

from sqlmodel import Field, SQLModel

from .clock import utcnow
from .errors import DomainError
from .frame import MAX_FRAME_TEXT, AggregationRule


class Combination(str, Enum):
    SEPARATE = "separate"            # each table on its own, on the whole round budget
    TABLE_BUDGETS = "table_budgets"  # tafelbudgetten: each table within its share
    PLENARY = "plenary"              # gezamenlijke stemming: one round vote


class RoundFrame(SQLModel, table=True):
    __tablename__ = "round_frame"
    round_id: int = Field(foreign_key="budget_round.id", primary_key=True)
    goals: str = Field(default="", max_length=MAX_FRAME_TEXT)
    conditions: str = Field(default="", max_length=MAX_FRAME_TEXT)
    rule: str = Field(default=AggregationRule.MES.value, max_length=10)
    combination: str = Field(default=Combination.SEPARATE.value, max_length=20)
    updated_at: datetime = Field(default_factory=utcnow)


class RoundTableShare(SQLModel, table=True):
    """A table's share of the round budget under table budgets. A table belongs to one
    round, so the table is the key; the round is kept to read a round's shares at once."""
    __tablename__ = "round_table_share"
    table_id: int = Field(foreign_key="deliberation_table.id", primary_key=True)
    round_id: int = Field(foreign_key="budget_round.id", index=True)
    budget_cents: int


@functools.cache
def _no_round_frame() -> RoundFrame:
    """The defaults of a round without a recorded frame, made once (as frame._no_frame)."""
    return RoundFrame(round_id=0)


def round_frame_view(frame: "RoundFrame | None", *, round_budget_cents: int,
                     share_cents: int | None = None) -> dict[str, Any]:
    """The round's frame as every page shows it; `share_cents` is the table's own share
    when the view is for one table."""
    frame = frame or _no_round_frame()
    view = {"goals": frame.goals, "conditions": frame.conditions, "rule": frame.rule,
            "combination": frame.combination, "recorded": frame.round_id != 0,
            "round_budget_cents": round_budget_cents}
    if share_cents is not None or frame.combination == Combination.TABLE_BUDGETS.value:
        view["share_cents"] = table_budget_cents(round_budget_cents=round_budget_cents,
                                                 combination=frame.combination, share_cents=share_cents)
    return view


def table_budget_cents(*, round_budget_cents: int, combination: str | None, share_cents: int | None) -> int:
    """The budget a table decides within: its share under table budgets (nothing while
    it has none: a table added after the split waits for the organiser to split again),
    the whole round budget otherwise."""
    if combination == Combination.TABLE_BUDGETS.value:
        return share_cents or 0
    return round_budget_cents


def check_split(*, round_budget_cents: int, shares: Mapping[int, int]) -> dict[int, int]:
    """Shares (table id -> cents) that add up to exactly the round budget, or
    `shares_do_not_add_up` with how much is left to give (`left_cents`) or given too
    much (`over_cents`)."""
    for cents in shares.values():
        if isinstance(cents, bool) or not isinstance(cents, int) or cents < 0:
            raise DomainError("amount_negative")
    total = sum(shares.values())
    if total != round_budget_cents:
        raise DomainError("shares_do_not_add_up", total_cents=total, budget_cents=round_budget_cents,
                          left_cents=max(round_budget_cents - total, 0),
                          over_cents=max(total - round_budget_cents, 0))
    return dict(shares)


def check_decisions_fit(budgets: Mapping[int, int], decided: Mapping[int, int]) -> None:
    """A new split or way of combining must leave every table's recorded decision (and
    open proposal) within its budget: `decision_above_share` names the first table that
    would be over, and by how much."""
    for table_id, total in decided.items():
        budget = budgets.get(table_id, 0)
        if total > budget:
            raise DomainError("decision_above_share", table_id=table_id, total_cents=total,
                              budget_cents=budget, over_cents=total - budget)


def combined_allocation(*, combination: str, round_budget_cents: int,
                        decisions: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """The round's one allocation from the tables' decisions ({table_id, option_ids,
    total_cost_cents}, in the tables' order).

    Under table budgets and on their own the decisions are put together as they are;
    when they would together cost more than the round budget (only possible with each
    table on its own), there is no combined allocation: `funded` is empty and
    `over_cents` says by how much the tables ask too much. Under a plenary vote the
    round vote decides, not the tables: nothing is combined here. So `total_cents`
    never exceeds the round budget."""
    decisions = list(decisions)
    asked = sum(d["total_cost_cents"] for d in decisions)
    result = {"combination": combination, "budget_cents": round_budget_cents, "asked_cents": asked,
              "funded": [], "total_cents": 0, "left_cents": round_budget_cents, "over_cents": 0,
              "combined": False}
    if combination == Combination.PLENARY.value:
        return result
    if asked > round_budget_cents:
        result["over_cents"] = asked - round_budget_cents
        return result
    result["funded"] = [{"table_id": d["table_id"], "option_id": option_id}
                        for d in decisions for option_id in d["option_ids"]]
    result["total_cents"] = asked
    result["left_cents"] = round_budget_cents - asked
    result["combined"] = True
    return result
