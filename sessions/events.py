"""Domain events: past tense, and their wire names mirror them.

Each event belongs to one table and carries that table's sequence number.
`payload` goes to everybody at the table (phones and wall); `console_payload`,
when set, replaces it for the facilitator's console, which may see more
(display names, for instance). A change the phones and the wall must not see at all
(an argument waiting for approval) is `console_only`: they receive `unseen_change`,
which carries nothing but the seq, so that their sequence has no gap. `author_payload`
goes, as `own_argument_changed` with the same seq, to the phone of the participant
`author_id` alone: how their own argument stands (waiting, hidden and why).
"""
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class TableEvent:
    name: str
    table_id: int
    seq: int
    payload: dict[str, Any] = field(default_factory=dict)
    console_payload: dict[str, Any] | None = None
    public_name: str | None = None  # the phones' and wall's name for it, when it differs
    console_only: bool = False
    author_id: int | None = None
    author_payload: dict[str, Any] | None = None

    def wire(self, *, for_console: bool) -> dict[str, Any]:
        body = self.console_payload if for_console and self.console_payload is not None else self.payload
        return {"table_id": self.table_id, "seq": self.seq, **body}

    @property
    def same_for_everybody(self) -> bool:
        """Phones, wall and console receive the same event with the same payload."""
        return (not self.console_only and self.console_payload is None
                and self.public_name in (None, self.name))


@dataclass(frozen=True)
class Outcome:
    """What a use case returns, always: the events it caused (published to the table
    after the commit) and what the sender's acknowledgement carries beside `ok`."""

    events: list[TableEvent] = field(default_factory=list)
    ack: dict[str, Any] = field(default_factory=dict)

    @property
    def seq(self) -> int | None:
        """The table's sequence number after this change, for the sender to catch up to."""
        return self.events[-1].seq if self.events else None
