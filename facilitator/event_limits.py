"""How many events a phone, and all phones of one table together, may send a minute.

A phone that reacts, votes, signals or edits faster than a person can is refused with
`too_many_events`; a table whose phones together send more than a busy plenary does is
refused with `table_busy`. A refused event is answered before its handler runs, so it
stores nothing and broadcasts nothing. Arguments are counted per participant in the
database (`ARGUMENTS_PER_MINUTE`, the service's own rule) and here only at the table.

The counts are moving windows of the `limits` library (the one Flask-Limiter brings), in
the same storage as the other rate limits (`RATELIMIT_STORAGE_URI`): memory:// for one
process, redis://… for several, which then share the counts. Consoles and walls are not
counted: the facilitator's link is the table's trust, and a wall sends nothing."""
import logging

from flask import current_app
from limits import RateLimitItemPerMinute
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter

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
}
# Phone events the table's ceiling does not count: they write and broadcast nothing.
READS_ONLY = frozenset({"request_snapshot"})


class EventLimits:
    def __init__(self, storage_uri: str, *, prefix: str) -> None:
        self._storage = storage_from_string(storage_uri)
        self._limiter = MovingWindowRateLimiter(self._storage)
        self._prefix = prefix

    def refusal(self, event: str, *, table_id: int, participant_id: int) -> str | None:
        """The error code to answer `event` with, or None when it may go ahead (counted).
        The participant is counted first, so one fast phone does not use up its table's share."""
        if event in READS_ONLY:
            return None
        config = current_app.config
        setting = PER_PARTICIPANT.get(event)
        try:
            if setting is not None and not self._limiter.hit(
                    RateLimitItemPerMinute(config[setting]), self._prefix, "participant", setting, str(participant_id)):
                return "too_many_events"
            if not self._limiter.hit(RateLimitItemPerMinute(config["TABLE_EVENTS_PER_MINUTE"]),
                                     self._prefix, "table", str(table_id)):
                log.warning("table %s reached TABLE_EVENTS_PER_MINUTE: possible flood", table_id)
                return "table_busy"
        except self._storage.base_exceptions as error:  # Redis is away: the table goes on, uncounted
            log.warning("event limits not counted (%s: %s)", type(error).__name__, error)
        return None


def event_limits_for(config: dict) -> EventLimits:
    return EventLimits(config["RATELIMIT_STORAGE_URI"], prefix=config["RATELIMIT_KEY_PREFIX"])
