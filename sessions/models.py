"""Tables and the rules that live on them.

SQLModel families: a `...Base` with the fields a
person enters, the `table=True` row, and plain dicts built by `views.py` for the
wire — a row never leaves a unit of work.
"""
import json
from datetime import date, datetime

from sqlmodel import Field, SQLModel

from .clock import utcnow
from .errors import DomainError
from .phases import Phase
from .text import check_characters, is_blank

DEFAULT_TIMER_SECONDS = 10 * 60
MAX_TIMER_SECONDS = 4 * 60 * 60
MAX_DISPLAY_NAME = 40
MAX_NAME = 120


class Organiser(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=254, unique=True, index=True)
    password_hash: str = Field(max_length=255)
    created_at: datetime = Field(default_factory=utcnow)
    # In every login cookie; logging out raises it, which ends every copy of the cookie.
    session_version: int = Field(default=0)


class SetupToken(SQLModel, table=True):
    """The one-time link that creates the first organiser. Only its hash is kept."""

    __tablename__ = "setup_token"
    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True)
    created_at: datetime = Field(default_factory=utcnow)


class BudgetRoundBase(SQLModel):
    name: str = Field(max_length=MAX_NAME)
    neighbourhood: str = Field(max_length=MAX_NAME)
    budget_cents: int
    starts_on: date
    ends_on: date


class BudgetRound(BudgetRoundBase, table=True):
    __tablename__ = "budget_round"
    id: int | None = Field(default=None, primary_key=True)
    organiser_id: int = Field(foreign_key="organiser.id", index=True)
    created_at: datetime = Field(default_factory=utcnow)
    # After this day the round's personal data is erased by itself (see docs/PRIVACY.md).
    retention_until: date | None = Field(default=None)
    erased_at: datetime | None = Field(default=None)


class DeliberationTableBase(SQLModel):
    title: str = Field(max_length=MAX_NAME)
    place: str = Field(max_length=MAX_NAME)
    # Aware UTC; pages show it in the venue's time zone (config TIMEZONE).
    starts_at: datetime
    # Named in the minutes; optional, a table may be run by whoever is there.
    facilitator_name: str | None = Field(default=None, max_length=MAX_NAME)


class DeliberationTable(DeliberationTableBase, table=True):
    __tablename__ = "deliberation_table"
    id: int | None = Field(default=None, primary_key=True)
    round_id: int = Field(foreign_key="budget_round.id", index=True)
    join_code: str = Field(max_length=6, unique=True, index=True)
    # Bearer secrets, like the join code: the organiser must be able to copy the
    # link again, so they are kept as they are. Revoking replaces them.
    facilitator_token: str = Field(max_length=64, unique=True, index=True)
    wall_token: str = Field(max_length=64, unique=True, index=True)
    phase: str = Field(default=Phase.WELKOM.value, max_length=20)
    # Every change clients must see raises seq by one (see services.next_seq);
    # clients that see a gap ask for a snapshot.
    seq: int = Field(default=0)
    timer_duration_s: int = Field(default=DEFAULT_TIMER_SECONDS)
    timer_elapsed_ms: int = Field(default=0)
    timer_started_at: datetime | None = Field(default=None)
    # Optional: per phase, the time the timer is set to when the table enters it, as JSON
    # {"inbreng": 900, …} (see phase_timers()); a phase without one leaves the timer as it is.
    phase_timers_json: str = Field(default="{}", max_length=400)
    # The join QR code and code large on the wall, over any phase, for latecomers.
    join_qr_shown: bool = Field(default=False)
    # The facilitator can stop new arguments without leaving the phase.
    input_open: bool = Field(default=True)
    # Which page of the closing summary and draft minutes the wall shows in Afgerond
    # (0: the summary); the wall counts the pages round, the facilitator turns them.
    wall_section: int = Field(default=0)
    # Pre-moderation: a phone's new argument waits on the console until approved.
    premoderation: bool = Field(default=False)
    # Set when the facilitator confirms the minutes: from then on the record is
    # final and nothing at the table changes (services.next_seq refuses).
    closed_at: datetime | None = Field(default=None)
    created_at: datetime = Field(default_factory=utcnow)

    # -- timer rules: a countdown that can be paused, resumed and reset ----------
    def timer_remaining_ms(self, now: datetime) -> int:
        elapsed = self.timer_elapsed_ms
        if self.timer_started_at is not None:
            elapsed += int((now - self.timer_started_at).total_seconds() * 1000)
        return max(0, self.timer_duration_s * 1000 - elapsed)

    @property
    def timer_running(self) -> bool:
        return self.timer_started_at is not None

    def start_timer(self, now: datetime) -> None:
        if self.timer_running:
            raise DomainError("timer_already_running")
        if self.timer_remaining_ms(now) == 0:
            raise DomainError("timer_finished")
        self.timer_started_at = now

    def pause_timer(self, now: datetime) -> None:
        if not self.timer_running:
            raise DomainError("timer_not_running")
        self.timer_elapsed_ms = self.timer_duration_s * 1000 - self.timer_remaining_ms(now)
        self.timer_started_at = None

    def reset_timer(self, duration_s: int) -> None:
        self.timer_duration_s = validate_timer_duration(duration_s)
        self.timer_elapsed_ms = 0
        self.timer_started_at = None

    def stop_timer(self, now: datetime) -> None:
        """Stopped where it is, whether or not it runs: a closed table's timer shows its
        time left, never "running"."""
        if self.timer_running:
            self.pause_timer(now)

    def phase_timers(self) -> dict[str, int]:
        return json.loads(self.phase_timers_json or "{}")

    def set_phase_timers(self, durations: dict[str, int]) -> None:
        self.phase_timers_json = json.dumps(clean_phase_timers(durations), sort_keys=True)

    def enter_phase(self, phase: Phase) -> bool:
        """The table moves to `phase`; when that phase has its own time, the timer is set
        to it, not started (the facilitator starts it when the room is ready). True when
        the timer was reset."""
        self.phase = phase.value
        duration = self.phase_timers().get(phase.value)
        if duration is None:
            return False
        self.reset_timer(duration)
        return True


def clean_phase_timers(value: object) -> dict[str, int]:
    """{"inbreng": 900, "afwegen": 600}: seconds per phase, 1 s to 4 h; a phase left out
    (or null) has no time of its own."""
    if not isinstance(value, dict) or len(value) > len(Phase):
        raise DomainError("invalid_payload")
    durations = {}
    for phase, duration in value.items():
        if phase not in {p.value for p in Phase}:
            raise DomainError("unknown_phase")
        if duration is not None:
            durations[phase] = validate_timer_duration(duration)
    return durations


def validate_timer_duration(duration_s: object) -> int:
    if isinstance(duration_s, bool) or not isinstance(duration_s, int):
        raise DomainError("timer_duration_invalid")
    if not 1 <= duration_s <= MAX_TIMER_SECONDS:
        raise DomainError("timer_duration_invalid")
    return duration_s


class Participant(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    table_id: int = Field(foreign_key="deliberation_table.id", index=True)
    display_name: str | None = Field(default=None, max_length=MAX_DISPLAY_NAME)
    joined_at: datetime = Field(default_factory=utcnow)
    # A browser that already sat at another table of the round: its first seat there. The
    # same person, counted once in the round's turnout (its joint vote is one vote too).
    same_person_as: int | None = Field(default=None)


class PhaseChange(SQLModel, table=True):
    """The timeline of a table, for the minutes."""

    __tablename__ = "phase_change"
    id: int | None = Field(default=None, primary_key=True)
    table_id: int = Field(foreign_key="deliberation_table.id", index=True)
    phase: str = Field(max_length=20)
    changed_at: datetime = Field(default_factory=utcnow)


def clean_text(value: object, *, code: str, max_length: int, required: bool = True) -> str | None:
    """Trimmed single-line text within a length, or a DomainError with `code`."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise DomainError(code)
    text = " ".join(check_characters(value).split())
    if is_blank(text):
        if required:
            raise DomainError(code)
        return None
    if len(text) > max_length:
        raise DomainError(code)
    return text
