"""Streaks that respect people: days off, away days and holidays never break a streak, and freezes earned
by full work weeks cover a missed work day.

A streak counts the days with a touch in the current run. Only a *due* day can break it: a work day that is
not a holiday and not inside the rep's away days. A missed due day uses a banked freeze if there is one
(one is earned per full work week with a touch on every due day, at most 2 banked); otherwise the run ends.
Today never breaks anything: it is still open.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

MAX_FREEZES = 2


@dataclass(frozen=True)
class StreakState:
    days: int
    freezes: int
    frozen: list[date] = field(default_factory=list)  # due days a freeze covered in the current run


def streak_state(touch_days: Iterable[date], today: date, is_due: Callable[[date], bool]) -> StreakState:
    """Replay the rep's history from their first touch to today."""
    touched = {day for day in touch_days if day <= today}
    if not touched:
        return StreakState(0, 0)
    day = min(touched)
    days = freezes = 0
    frozen: list[date] = []
    # The first week only earns a freeze if no due day before the first touch was missed.
    monday = day - timedelta(days=day.weekday())
    week_complete = not any(is_due(monday + timedelta(days=n)) for n in range((day - monday).days))
    week_had_due_day = False
    while day <= today:
        due = is_due(day)
        if day in touched:
            days += 1
        elif due and day != today:
            week_complete = False
            if freezes:
                freezes -= 1
                frozen.append(day)
            else:
                days, frozen = 0, []
        week_had_due_day = week_had_due_day or due
        if day.weekday() == 6:  # Sunday closes the week
            if week_complete and week_had_due_day:
                freezes = min(MAX_FREEZES, freezes + 1)
            week_complete, week_had_due_day = True, False
        day += timedelta(days=1)
    return StreakState(days, freezes, frozen)


def due_rule(work_days: Iterable[int], rest_days: Iterable[date]) -> Callable[[date], bool]:
    """A day is due when it is a work day and not a holiday or away day."""
    weekdays, rest = set(work_days), set(rest_days)
    return lambda day: day.weekday() in weekdays and day not in rest


def away_days(start: date | None, end: date | None) -> list[date]:
    if start is None or end is None or end < start:
        return []
    return [start + timedelta(days=offset) for offset in range((end - start).days + 1)]
