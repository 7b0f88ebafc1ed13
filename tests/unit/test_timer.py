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


def test_entering_a_phase_with_its_own_time_sets_the_timer_to_it_not_started():
    from sessions.phases import Phase
    t = table(600)
    t.set_phase_timers({"inbreng": 900, "afwegen": 600})
    t.start_timer(T0)
    assert t.enter_phase(Phase.INBRENG) is True
    assert t.phase == "inbreng" and not t.timer_running
    assert t.timer_duration_s == 900 and t.timer_remaining_ms(T0 + timedelta(minutes=3)) == 900_000


def test_a_phase_without_a_time_of_its_own_leaves_the_timer_running():
    from sessions.phases import Phase
    t = table(600)
    t.set_phase_timers({"inbreng": 900})
    t.start_timer(T0)
    assert t.enter_phase(Phase.ORDENEN) is False
    assert t.phase == "ordenen" and t.timer_running and t.timer_duration_s == 600


def test_stopping_keeps_the_time_left_and_stopping_a_stopped_timer_is_harmless():
    t = table(60)
    t.start_timer(T0)
    t.stop_timer(T0 + timedelta(seconds=20))
    assert not t.timer_running and t.timer_remaining_ms(T0 + timedelta(hours=1)) == 40_000
    t.stop_timer(T0 + timedelta(hours=1))
    assert t.timer_remaining_ms(T0 + timedelta(hours=2)) == 40_000


@pytest.mark.parametrize("durations, code", [
    ({"pauze": 60}, "unknown_phase"), ({"inbreng": 0}, "timer_duration_invalid"),
    ({"inbreng": 4 * 3600 + 1}, "timer_duration_invalid"), ({"inbreng": "900"}, "timer_duration_invalid"),
    ({"inbreng": True}, "timer_duration_invalid"), ([900], "invalid_payload"),
])
def test_times_per_phase_outside_the_rules_are_refused(durations, code):
    t = table()
    with pytest.raises(DomainError) as refused:
        t.set_phase_timers(durations)
    assert refused.value.code == code
    assert t.phase_timers() == {}


def test_a_phase_left_empty_has_no_time_of_its_own():
    t = table()
    t.set_phase_timers({"inbreng": 900, "afwegen": None})
    assert t.phase_timers() == {"inbreng": 900}
