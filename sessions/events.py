"""Domain events: past tense, and their wire names mirror them.

Each event belongs to one table and carries that table's sequence number.
`payload` goes to everybody at the table (phones and wall); `console_payload`,
when set, replaces it for the facilitator's console, which may see more
(display names, for instance).
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

    def wire(self, *, for_console: bool) -> dict[str, Any]:
        body = self.console_payload if for_console and self.console_payload is not None else self.payload
        return {"table_id": self.table_id, "seq": self.seq, **body}
