from datetime import datetime, timedelta, timezone

import pytest

from sessions.errors import DomainError
from sessions.models import DeliberationTable

T0 = datetime(2027, 1, 14, 18, 30, tzinfo=timezone.utc)


def table(duration_s=600) -> DeliberationTable:
    return DeliberationTable(title="t", place="p", starts_at=T0, round_id=1, join_code="ACEFHJ",
                             facilitator_token="f", wall_token="w", timer_duration_s=duration_s)


def test_a_new_timer_shows_its_whole_duration_and_does_not_run():
    t = table()
    assert t.timer_remaining_ms(T0 + timedelta(hours=1)) == 600_000 and not t.timer_running


def test_a_running_timer_counts_down_and_stops_at_zero():
    t = table(60)
    t.start_timer(T0)
    assert t.timer_remaining_ms(T0 + timedelta(seconds=15)) == 45_000
    assert t.timer_remaining_ms(T0 + timedelta(minutes=5)) == 0


def test_pausing_keeps_the_time_left_and_resuming_continues_from_there():
    t = table(60)
    t.start_timer(T0)
    t.pause_timer(T0 + timedelta(seconds=20))
    assert t.timer_remaining_ms(T0 + timedelta(minutes=10)) == 40_000
    t.start_timer(T0 + timedelta(minutes=10))
    assert t.timer_remaining_ms(T0 + timedelta(minutes=10, seconds=10)) == 30_000


def test_reset_sets_a_new_duration_and_stops_the_timer():
    t = table(60)
    t.start_timer(T0)
    t.reset_timer(300)
    assert not t.timer_running and t.timer_remaining_ms(T0 + timedelta(hours=1)) == 300_000


@pytest.mark.parametrize("action, code", [("pause", "timer_not_running"), ("start_twice", "timer_already_running")])
def test_timer_refuses_what_makes_no_sense(action, code):
    t = table()
    with pytest.raises(DomainError) as refused:
        if action == "pause":
            t.pause_timer(T0)
        else:
            t.start_timer(T0)
            t.start_timer(T0)
    assert refused.value.code == code


def test_a_timer_that_ran_out_must_be_reset_before_it_starts_again():
    t = table(10)
    t.start_timer(T0)
    t.pause_timer(T0 + timedelta(seconds=30))
    with pytest.raises(DomainError, match="timer_finished"):
        t.start_timer(T0 + timedelta(seconds=31))


@pytest.mark.parametrize("duration", [0, -5, 4 * 3600 + 1, 1.5, "600", None, True])
def test_timer_durations_outside_one_second_to_four_hours_are_refused(duration):
    t = table()
    with pytest.raises(DomainError, match="timer_duration_invalid"):
        t.reset_timer(duration)
    assert t.timer_duration_s == 600
