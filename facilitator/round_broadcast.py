"""Broadcasting a round's plenary vote to its room without a storm.

Every vote changes the tally, and the round's room holds every phone of every table of the
round: sent at every vote, 1,000 voters would make a million messages. A round's
`round_vote_changed` therefore goes out at once when none went out in the last
`ROUND_VOTE_BROADCAST_INTERVAL_S` (default 0.5 s), and otherwise once when that time is
up, carrying the newest state (clients keep the highest `version`): every change is seen
within the interval, the room hears at most two a second. Per process; each process
publishes the changes its own requests made."""
import threading
import time

from flask import current_app

from .extensions import socketio

DEFAULT_INTERVAL_S = 0.5

_lock = threading.Lock()
# (app, round id) -> {"last": monotonic time of the last emit, "pending": event or None}
_rounds: dict[tuple[int, int], dict] = {}


def _room(round_id: int) -> str:
    from .rooms import round_room
    return round_room(round_id)


def _emit(event) -> None:
    socketio.emit(event.name, event.payload, to=_room(event.round_id))


def publish_round_event(event) -> None:
    interval = current_app.config.get("ROUND_VOTE_BROADCAST_INTERVAL_S", DEFAULT_INTERVAL_S)
    key = (id(current_app._get_current_object()), event.round_id)
    now = time.monotonic()
    with _lock:
        entry = _rounds.setdefault(key, {"last": float("-inf"), "pending": None})
        if entry["pending"] is None and now - entry["last"] >= interval:
            entry["last"] = now
            send_now = True
        else:
            send_now = False
            waiting = entry["pending"]
            if waiting is None or waiting.payload.get("version", 0) <= event.payload.get("version", 0):
                entry["pending"] = event
            if waiting is None:  # the first to wait sends what is newest when the time is up
                delay = max(0.0, entry["last"] + interval - now)
                socketio.start_background_task(_send_later, key, delay)
    if send_now:
        _emit(event)


def _send_later(key: tuple[int, int], delay: float) -> None:
    socketio.sleep(delay)
    with _lock:
        entry = _rounds[key]
        event, entry["pending"], entry["last"] = entry["pending"], None, time.monotonic()
    if event is not None:
        _emit(event)
