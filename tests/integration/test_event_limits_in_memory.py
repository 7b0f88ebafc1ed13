"""The moving windows one process counts in its own memory (facilitator/event_limits.py)
follow the rule of `limits`' moving window: at most `amount` counted hits within any
window, a refused hit not counted."""
from limits import RateLimitItemPerMinute

from facilitator.event_limits import EventLimits, MovingWindowsInMemory


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_key_is_refused_once_its_window_holds_the_amount_and_counts_again_as_hits_leave_it():
    clock = Clock()
    windows = MovingWindowsInMemory(clock)
    three = RateLimitItemPerMinute(3)
    assert [windows.hit(three, "seat", "1") for _ in range(3)] == [True, True, True]
    assert windows.hit(three, "seat", "1") is False
    assert windows.hit(three, "seat", "2") is True  # another key counts on its own
    clock.now += 30
    assert windows.hit(three, "seat", "1") is False  # refused, and not counted...
    clock.now += 30.5
    assert windows.hit(three, "seat", "1") is True  # ...so the first three leaving frees it
    assert windows.get_window_stats(three, "seat", "1").remaining == 2


def test_a_limit_of_another_amount_is_another_window():
    windows = MovingWindowsInMemory(Clock())
    assert windows.hit(RateLimitItemPerMinute(1), "table", "7") is True
    assert windows.hit(RateLimitItemPerMinute(1), "table", "7") is False
    assert windows.hit(RateLimitItemPerMinute(2), "table", "7") is True


def test_the_window_counts_what_is_left_of_the_last_minute():
    clock = Clock()
    windows = MovingWindowsInMemory(clock)
    ten = RateLimitItemPerMinute(10)
    for _ in range(4):
        windows.hit(ten, "table", "1")
        clock.now += 25
    # hits at 0, 25, 50 and 75 s; at 100 s the first two are out of the minute
    assert windows.get_window_stats(ten, "table", "1").remaining == 8
    assert windows.get_window_stats(ten, "table", "2").remaining == 10


def test_keys_nobody_was_counted_under_for_a_window_are_forgotten():
    clock = Clock()
    windows = MovingWindowsInMemory(clock)
    one = RateLimitItemPerMinute(1)
    for seat in range(100):
        windows.hit(one, "seat", str(seat))
    clock.now += 61
    windows.hit(one, "seat", "new")
    assert len(windows._hits) == 1


def test_one_process_counts_in_its_memory_with_the_same_answers_as_before(app):
    with app.app_context():
        app.config.update(REACTIONS_PER_MINUTE=2, TABLE_EVENTS_PER_MINUTE=3000, SEAT_SHARE_PER_MINUTE=30)
        limits = EventLimits("memory://", prefix="test")
        answers = [limits.refusal("react", table_id=1, participant_id=5) for _ in range(3)]
        assert answers == [None, None, "too_many_events"]
        assert limits.refusal("react", table_id=1, participant_id=6) is None
