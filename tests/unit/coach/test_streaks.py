from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.coach.streaks import MAX_FREEZES, StreakState, due_rule, replay_point, rule_key, streak_state

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


def test_a_week_earns_its_freeze_once_its_last_due_day_today_has_a_touch():
    sunday = MONDAY + timedelta(days=6)
    week = days(0, 1, 2, 3, 4, 5)
    assert streak_state(week, sunday, EVERY_DAY).freezes == 0  # Sunday is due and still open
    assert streak_state([*week, sunday], sunday, EVERY_DAY).freezes == 1


def test_a_sunday_before_every_touch_banks_nothing_when_resumed():
    """Found by Hypothesis: a zone change moves the rep's today back before all their touches, and today is
    the only due day of its week. Resumed from a point before the first touch, the replay once banked a freeze
    the full replay did not."""
    sundays = due_rule([6], [])
    today = MONDAY + timedelta(days=13)  # a Sunday
    touch_days = days(21, 28)
    point = replay_point(touch_days, today - timedelta(days=9), sundays)
    resumed, full = streak_state([], today, sundays, since=point), streak_state(touch_days, today, sundays)
    assert (resumed.days, resumed.freezes) == (full.days, full.freezes) == (0, 0)


def test_a_week_started_midway_earns_no_freeze():
    tuesday_to_friday = days(1, 2, 3, 4)
    state = streak_state(tuesday_to_friday, MONDAY + timedelta(days=8), WEEKDAYS)  # next Tuesday, Monday missed
    assert (state.days, state.freezes) == (0, 0)


def streak_state_as_first_written(touch_days, today, is_due):
    """`streak_state` before it could resume from a replay point, kept as the oracle that the rule itself did not
    change. One change since, to the rule: a week whose last due day is today earns its freeze only once today has
    a touch (it used to be promised before, and taken back the next day when today stayed untouched)."""
    touched = {day for day in touch_days if day <= today}
    if not touched:
        return StreakState(0, 0)
    day = min(touched)
    days_ = freezes = 0
    frozen: list[date] = []
    monday = day - timedelta(days=day.weekday())
    week_complete = not any(is_due(monday + timedelta(days=n)) for n in range((day - monday).days))
    week_had_due_day = False
    while day <= today:
        due = is_due(day)
        if day in touched:
            days_ += 1
        elif due:
            week_complete = False
            if day != today:
                if freezes:
                    freezes -= 1
                    frozen.append(day)
                else:
                    days_, frozen = 0, []
        week_had_due_day = week_had_due_day or due
        if day.weekday() == 6:
            if week_complete and week_had_due_day:
                freezes = min(MAX_FREEZES, freezes + 1)
            week_complete, week_had_due_day = True, False
        day += timedelta(days=1)
    return StreakState(days_, freezes, frozen)


SPAN = 150  # days of history: long enough for freezes to be banked, spent and banked again


@st.composite
def histories(draw):
    """A rule (work days, rest days), touch days, a today, and two days before today to stop the replay at (one
    may come before the first touch)."""
    start = MONDAY + timedelta(days=draw(st.integers(0, 6)))  # any weekday first
    work_days = draw(st.sets(st.integers(0, 6)))
    rest = {start + timedelta(days=n) for n in draw(st.sets(st.integers(0, SPAN), max_size=20))}
    # Mostly touched, so runs are long and freezes matter, with gaps of every length.
    density = draw(st.floats(0.3, 1.0))
    touched = draw(st.lists(st.floats(0, 1), min_size=SPAN + 1, max_size=SPAN + 1))
    days_ = [start + timedelta(days=n) for n, roll in enumerate(touched) if roll < density]
    today = start + timedelta(days=draw(st.integers(0, SPAN)))
    first, second = sorted(today - timedelta(days=draw(st.integers(1, SPAN + 10))) for _ in range(2))
    return due_rule(work_days, rest), days_, today, first, second


@settings(max_examples=400, deadline=None)
@given(histories())
def test_the_replay_is_the_rule_as_first_written(history):
    rule, touch_days, today, _, _ = history
    assert streak_state(touch_days, today, rule) == streak_state_as_first_written(touch_days, today, rule)


@settings(max_examples=400, deadline=None)
@given(histories())
def test_resuming_from_a_replay_point_is_the_full_replay(history):
    rule, touch_days, today, first, second = history
    full = streak_state(touch_days, today, rule)
    point = replay_point(touch_days, first, rule)
    # As `/touch log` reads them: only the days after the point.
    resumed = streak_state([day for day in touch_days if day > first], today, rule, since=point)
    assert (resumed.days, resumed.freezes) == (full.days, full.freezes)
    assert resumed.frozen == [day for day in full.frozen if day > first]
    # Moving a point on from an earlier one is the same as replaying to it from the start.
    moved = replay_point([day for day in touch_days if day > first], second, rule, since=point)
    assert moved == replay_point(touch_days, second, rule)
    again = streak_state([day for day in touch_days if day > second], today, rule, since=moved)
    assert (again.days, again.freezes) == (full.days, full.freezes)


def test_a_point_before_the_first_touch_holds_nothing_yet():
    point = replay_point(days(9, 10), MONDAY + timedelta(days=3), WEEKDAYS)
    assert (point.days, point.freezes) == (0, 0)
    assert not point.week_complete  # Monday to Thursday were due and missed


def test_rule_key_changes_with_every_part_of_the_rule():
    base = rule_key([0, 1, 2, 3, 4], [MONDAY], None, None)
    assert rule_key([4, 3, 2, 1, 0], [MONDAY], None, None) == base  # the same rule
    assert rule_key([0, 1, 2, 3], [MONDAY], None, None) != base
    assert rule_key([0, 1, 2, 3, 4], [], None, None) != base
    assert rule_key([0, 1, 2, 3, 4], [MONDAY], MONDAY, MONDAY) != base
    assert -(2**63) <= base < 2**63  # fits a BIGINT
