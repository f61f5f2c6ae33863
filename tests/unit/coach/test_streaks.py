from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from bot.coach.streaks import MAX_FREEZES, due_rule, streak_state

MONDAY = date(2026, 3, 2)
WEEKDAYS = due_rule(range(5), [])
EVERY_DAY = due_rule(range(7), [])


def days(*offsets: int) -> list[date]:
    return [MONDAY + timedelta(days=offset) for offset in offsets]


def test_weekends_do_not_break_a_work_day_streak():
    state = streak_state(days(0, 1, 2, 3, 4, 7), MONDAY + timedelta(days=7), WEEKDAYS)
    assert state.days == 6


def test_a_missed_work_day_without_a_freeze_breaks_it():
    state = streak_state(days(0, 1, 3), MONDAY + timedelta(days=3), WEEKDAYS)
    assert (state.days, state.frozen) == (1, [])


def test_today_is_still_open():
    assert streak_state(days(0, 1), MONDAY + timedelta(days=2), WEEKDAYS).days == 2


def test_a_full_work_week_earns_a_freeze_that_covers_a_missed_day():
    state = streak_state(days(0, 1, 2, 3, 4, 7, 9), MONDAY + timedelta(days=9), WEEKDAYS)
    assert state.days == 7
    assert state.frozen == [MONDAY + timedelta(days=8)]
    assert state.freezes == 0


def test_holidays_and_away_days_never_break_it():
    holiday = MONDAY + timedelta(days=2)
    rule = due_rule(range(5), [holiday, MONDAY + timedelta(days=3)])
    assert streak_state(days(0, 1, 4), MONDAY + timedelta(days=4), rule).days == 3


def test_at_most_two_freezes_are_banked():
    every_weekday = [d for d in (MONDAY + timedelta(days=n) for n in range(28)) if d.weekday() < 5]
    state = streak_state(every_weekday, MONDAY + timedelta(days=27), WEEKDAYS)
    assert state.freezes == MAX_FREEZES


def test_every_day_rule_matches_the_classic_streak():
    assert streak_state(days(0, 1, 2, 4, 5), MONDAY + timedelta(days=5), EVERY_DAY).days == 2


@given(st.sets(st.integers(0, 60)), st.integers(0, 60))
def test_streak_never_exceeds_the_touch_days_and_freezes_stay_in_bounds(offsets, today_offset):
    today = MONDAY + timedelta(days=today_offset)
    state = streak_state(days(*offsets), today, WEEKDAYS)
    assert 0 <= state.days <= len([o for o in offsets if o <= today_offset])
    assert 0 <= state.freezes <= MAX_FREEZES
    assert all(day.weekday() < 5 and day < today for day in state.frozen)


def test_a_week_started_midway_earns_no_freeze():
    tuesday_to_friday = days(1, 2, 3, 4)
    state = streak_state(tuesday_to_friday, MONDAY + timedelta(days=8), WEEKDAYS)  # next Tuesday, Monday missed
    assert (state.days, state.freezes) == (0, 0)
