"""Streaks that respect people: days off, away days and holidays never break a streak, and freezes earned
by full work weeks cover a missed work day.

A streak counts the days with a touch in the current run. Only a *due* day can break it: a work day that is
not a holiday and not inside the rep's away days. A missed due day uses a banked freeze if there is one
(one is earned per full work week with a touch on every due day, at most 2 banked); otherwise the run ends.
Today never breaks anything: it is still open; but its week earns a freeze only once today has a touch too
(a freeze is earned, never promised).

The rule is a replay, day by day, from the week of the rep's first touch. A replay can stop at the end of any
day and resume from there (`ReplayPoint`): `/touch log` keeps one a little in the past for each rep, so a
log replays the last few weeks instead of the rep's whole history.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

MAX_FREEZES = 2


@dataclass(frozen=True)
class StreakState:
    days: int
    freezes: int
    # Due days a freeze covered in the current run (replayed from a `ReplayPoint`: only those after it).
    frozen: list[date] = field(default_factory=list)


@dataclass(frozen=True)
class ReplayPoint:
    """Where the replay stands at the end of the day `on`: all it needs to go on from the next day."""

    on: date
    days: int  # the current run
    freezes: int  # banked
    week_complete: bool  # no due day of `on`'s week (Monday to `on`) missed
    week_had_due_day: bool


def _beginning(touched: set[date], until: date) -> ReplayPoint:
    """The Sunday before the week of the rep's first touch (of `until`'s week when none yet): nothing to count
    before it, and that week can still earn a freeze if none of its due days was missed."""
    first = min((day for day in touched if day <= until), default=until)
    return ReplayPoint(first - timedelta(days=first.weekday() + 1), 0, 0, True, False)


def _replay(
    start: ReplayPoint,
    touched: set[date],
    until: date,
    is_due: Callable[[date], bool],
    *,
    today: date | None,
    frozen: list[date],
) -> ReplayPoint:
    """Go on from `start` to the end of `until`; `today` (when within) is still open. Appends the due days a
    freeze covered to `frozen`, and empties it when the run ends."""
    days, freezes = start.days, start.freezes
    week_complete, week_had_due_day = start.week_complete, start.week_had_due_day
    day = start.on + timedelta(days=1)
    while day <= until:
        due = is_due(day)
        if day in touched:
            days += 1
        elif due and day == today:
            week_complete = False  # still open, so it breaks nothing; but a freeze needs today's touch too
        elif due:
            week_complete = False
            if freezes:
                freezes -= 1
                frozen.append(day)
            else:
                days = 0
                frozen.clear()
        week_had_due_day = week_had_due_day or due
        if day.weekday() == 6:  # Sunday closes the week
            if week_complete and week_had_due_day:
                freezes = min(MAX_FREEZES, freezes + 1)
            week_complete, week_had_due_day = True, False
        day += timedelta(days=1)
    return ReplayPoint(until, days, freezes, week_complete, week_had_due_day)


def streak_state(
    touch_days: Iterable[date], today: date, is_due: Callable[[date], bool], since: ReplayPoint | None = None
) -> StreakState:
    """Replay the rep's history to today: from their first touch, or from `since` (a replay point before today
    under the same rule, when only the days after it are given; any others are ignored)."""
    after = since.on if since is not None else date.min
    touched = {day for day in touch_days if after < day <= today}
    if since is None:
        if not touched:
            return StreakState(0, 0)
        since = _beginning(touched, today)
    frozen: list[date] = []
    end = _replay(since, touched, today, is_due, today=today, frozen=frozen)
    return StreakState(end.days, end.freezes, frozen)


def streak_and_latest(
    touch_days: Iterable[date], today: date, is_due: Callable[[date], bool], since: ReplayPoint
) -> tuple[StreakState, ReplayPoint]:
    """`streak_state` from `since`, and the replay at the end of yesterday on the way (the boards go on from it
    without reading a day: only today can still change)."""
    touched = {day for day in touch_days if since.on < day <= today}
    frozen: list[date] = []
    yesterday = today - timedelta(days=1)
    latest = since if since.on >= yesterday else _replay(since, touched, yesterday, is_due, today=today, frozen=frozen)
    end = _replay(latest, touched, today, is_due, today=today, frozen=frozen)
    return StreakState(end.days, end.freezes, frozen), latest


def replay_point(
    touch_days: Iterable[date], on: date, is_due: Callable[[date], bool], since: ReplayPoint | None = None
) -> ReplayPoint:
    """The replay at the end of `on`, a day already over: from the first touch, or on from `since`."""
    after = since.on if since is not None else date.min
    touched = {day for day in touch_days if after < day <= on}
    start = since if since is not None else _beginning(touched, on)
    return _replay(start, touched, on, is_due, today=None, frozen=[])


def due_rule(work_days: Iterable[int], rest_days: Iterable[date]) -> Callable[[date], bool]:
    """A day is due when it is a work day and not a holiday or away day."""
    weekdays, rest = set(work_days), set(rest_days)
    return lambda day: day.weekday() in weekdays and day not in rest


def rule_key(work_days: Iterable[int], holidays: Iterable[date], away_from: date | None, away_to: date | None) -> int:
    """A fingerprint of everything `due_rule` is made of (64 bits, signed, for a BIGINT column). A stored
    replay point is only valid under the rule it was replayed with: comparing keys when it is read, rather
    than clearing the points wherever a rule can change, leaves no way to forget one, and no race between a
    log and a settings change."""
    text = f"{sorted(set(work_days))}|{','.join(sorted(day.isoformat() for day in holidays))}|{away_from}|{away_to}"
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "big", signed=True)


def away_days(start: date | None, end: date | None) -> list[date]:
    if start is None or end is None or end < start:
        return []
    return [start + timedelta(days=offset) for offset in range((end - start).days + 1)]
