"""How many events a phone, and all phones of one table together, may send a minute.

A phone that reacts, votes, signals, edits or asks for the table again faster than a person
does is refused with `too_many_events`; a table whose phones together send more than a busy
plenary does is refused with `table_busy`. A refused event is answered before its handler
runs, so it stores nothing, broadcasts nothing and reads nothing. Arguments are counted per
participant in the database (`ARGUMENTS_PER_MINUTE`, the service's own rule) and here only
at the table.

The table's ceiling is shared fairly: once half of it is used in the moving minute, a seat
that has itself sent more than its share (`SEAT_SHARE_PER_MINUTE`) is refused with its own
`too_many_events`, so the other half stays for the seats that act at a person's pace. A
script's seats flooding the table use up at most half the ceiling and their shares; real
members keep reacting and voting. (Many seats each at a person's pace look like real members:
what bounds them is the join limit per table, `JOIN_PER_TABLE_LIMIT`.)

`request_snapshot` reads the whole table: counted per participant (`SNAPSHOTS_PER_MINUTE`),
not at the table. A phone gets its snapshot on every (re)connect without asking, so a
venue's phones reconnecting at once after a restart are never refused; it asks only after
a gap in the table's seq.

The counts are moving windows, in the storage of the other rate limits
(`RATELIMIT_STORAGE_URI`): memory:// for one process, counted here (`MovingWindowsInMemory`),
redis://… for several, which then share the counts through the `limits` library (the one
Flask-Limiter brings). While Redis cannot be reached the counts go on in this process's
memory (logged once when Redis goes and once when it is back; it is tried again every
`STORAGE_RETRY_S`), so a flood is still refused; each process then counts on its own.
Consoles and walls are not counted: the facilitator's link is the table's trust, and a
wall sends nothing."""
import logging
import threading
import time
from collections import deque

from flask import current_app
from limits import RateLimitItem, RateLimitItemPerMinute
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter
from limits.util import WindowStats

log = logging.getLogger("buurttafel.limits")

# A phone's event -> the setting that caps it per participant a minute. Edits and
# withdrawals share one count: both change an argument already on the wall.
PER_PARTICIPANT = {
    "react": "REACTIONS_PER_MINUTE",
    "cast_ballot": "BALLOTS_PER_MINUTE",
    "cast_round_vote": "BALLOTS_PER_MINUTE",
    "give_signal": "SIGNALS_PER_MINUTE",
    "give_frame_signal": "SIGNALS_PER_MINUTE",
    "suggest_for_frame": "EDITS_PER_MINUTE",
    "edit_argument": "EDITS_PER_MINUTE",
    "withdraw_argument": "EDITS_PER_MINUTE",
    "request_snapshot": "SNAPSHOTS_PER_MINUTE",
}
# Phone events the table's ceiling does not count: they write and broadcast nothing.
READS_ONLY = frozenset({"request_snapshot"})
# While the shared storage is away, how long to count in memory before trying it again.
STORAGE_RETRY_S = 5.0
# A Redis that does not answer (a cable pulled rather than a port closed) is given up on
# after this long, rather than the operating system's minutes, for the event that tried it.
REDIS_TIMEOUT_S = 2.0


class MovingWindowsInMemory:
    """Moving windows in this process's memory, with the two methods of `limits`'
    MovingWindowRateLimiter that EventLimits uses and the same rule: a hit counts when
    fewer hits than the limit's amount counted within the window before it; a refused
    hit is not counted.

    `limits`' own MemoryStorage, 10 ms after a hit, walks every key it ever counted, on
    the event loop: with a city evening's 2,050 keys (two for every phone, one for every
    table) about 2 ms a walk, after nearly every event; py-spy on the server during
    bench.load's city evening found 11 % of its CPU there. Here a key forgets its expired
    hits when it is counted again, and the keys nobody was counted under for a whole
    window (every limit here is per minute) are dropped once a window."""

    def __init__(self, clock=time.monotonic) -> None:
        self._clock = clock
        self._hits: dict[str, deque[float]] = {}  # key -> the times it was counted, oldest first
        self._lock = threading.Lock()  # the check and the count are one step, in threading mode too
        self._sweep_at = clock()

    def hit(self, item: RateLimitItem, *identifiers: str) -> bool:
        key, window = item.key_for(*identifiers), item.get_expiry()
        with self._lock:
            now = self._clock()
            if now >= self._sweep_at:
                self._drop_quiet_keys(now, window)
            hits = self._recent(key, now, window)
            if len(hits) >= item.amount:
                return False
            if hits is _NEVER_COUNTED:
                hits = self._hits[key] = deque()
            hits.append(now)
            return True

    def get_window_stats(self, item: RateLimitItem, *identifiers: str) -> WindowStats:
        key, window = item.key_for(*identifiers), item.get_expiry()
        with self._lock:
            now = self._clock()
            hits = self._recent(key, now, window)
            reset = (hits[0] if hits else now) + window
            return WindowStats(time.time() + reset - now, item.amount - len(hits))

    def _recent(self, key: str, now: float, window: float) -> deque[float]:
        hits = self._hits.get(key, _NEVER_COUNTED)
        while hits and hits[0] < now - window:
            hits.popleft()
        return hits

    def _drop_quiet_keys(self, now: float, window: float) -> None:
        self._hits = {key: hits for key, hits in self._hits.items() if hits and hits[-1] >= now - window}
        self._sweep_at = now + window


_NEVER_COUNTED: deque[float] = deque(maxlen=0)  # the hits of a key not counted yet: none


class EventLimits:
    def __init__(self, storage_uri: str, *, prefix: str) -> None:
        if storage_uri.startswith("memory://"):
            self._shared, self._unreachable = MovingWindowsInMemory(), ()
        else:
            options = ({"socket_timeout": REDIS_TIMEOUT_S, "socket_connect_timeout": REDIS_TIMEOUT_S}
                       if storage_uri.startswith(("redis://", "rediss://")) else {})
            storage = storage_from_string(storage_uri, **options)
            self._shared, self._unreachable = MovingWindowRateLimiter(storage), storage.base_exceptions
        self._memory = MovingWindowsInMemory()
        self._prefix = prefix
        self._storage_away_at: float | None = None  # time.monotonic() of the last failed try

    def refusal(self, event: str, *, table_id: int, participant_id: int) -> str | None:
        """The error code to answer `event` with, or None when it may go ahead (counted)."""
        away_at = self._storage_away_at
        if away_at is not None and time.monotonic() - away_at < STORAGE_RETRY_S:
            return self._decide(self._memory, event, table_id, participant_id)
        try:
            code = self._decide(self._shared, event, table_id, participant_id)
        except self._unreachable as error:
            if away_at is None:
                log.warning("event limits: their storage cannot be reached (%s: %s); counting in this "
                            "process's memory until it is back", type(error).__name__, error)
            self._storage_away_at = time.monotonic()
            return self._decide(self._memory, event, table_id, participant_id)
        if away_at is not None:
            log.warning("event limits: their storage is back; counting there again")
            self._storage_away_at = None
        return code

    def _decide(self, limiter: MovingWindowRateLimiter | MovingWindowsInMemory, event: str, table_id: int,
                participant_id: int) -> str | None:
        # The participant first, so one fast phone does not use up its table's share.
        config = current_app.config
        setting = PER_PARTICIPANT.get(event)
        if setting is not None and not limiter.hit(
                RateLimitItemPerMinute(config[setting]), self._prefix, "participant", setting, str(participant_id)):
            return "too_many_events"
        if event in READS_ONLY:
            return None
        ceiling = RateLimitItemPerMinute(config["TABLE_EVENTS_PER_MINUTE"])
        table = (self._prefix, "table", str(table_id))
        within_share = limiter.hit(RateLimitItemPerMinute(config["SEAT_SHARE_PER_MINUTE"]),
                                   self._prefix, "share", str(participant_id))
        if not within_share and limiter.get_window_stats(ceiling, *table).remaining <= ceiling.amount // 2:
            log.warning("participant %s at table %s is past its share of a busy table: possible flood",
                        participant_id, table_id)
            return "too_many_events"
        if not limiter.hit(ceiling, *table):
            log.warning("table %s reached TABLE_EVENTS_PER_MINUTE: possible flood", table_id)
            return "table_busy"
        return None


def event_limits_for(config: dict) -> EventLimits:
    return EventLimits(config["RATELIMIT_STORAGE_URI"], prefix=config["RATELIMIT_KEY_PREFIX"])
