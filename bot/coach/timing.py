"""When recurring messages are due, in local time: pure functions of preferences and a clock.

A rep's reminder is "16:30 on their work days in their zone". Each due instant is computed per local day with
`zoneinfo`, stored in UTC, and the next one is always computed strictly after the last, so a rep gets exactly
one reminder per local work day, across DST changes (a time that does not exist that day moves to the first
instant after the gap; a time that happens twice is taken the first time).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.coach.dates import local_instant

# Messages that could not go out within this long after they were due are not sent late.
STALE_AFTER = timedelta(hours=6)

__all__ = ["STALE_AFTER", "local_instant", "next_occurrence", "week_start"]


def next_occurrence(after: datetime, at: time, tz: ZoneInfo, weekdays: Iterable[int]) -> datetime | None:
    """The first instant strictly after `after` that is `at` local time on one of `weekdays` (Monday 0)."""
    days = set(weekdays)
    if not days:
        return None
    start = after.astimezone(tz).date()
    for offset in range(8):
        day = start + timedelta(days=offset)
        if day.weekday() in days:
            candidate = local_instant(day, at, tz)
            if candidate > after:
                return candidate
    return None  # unreachable: every weekday recurs within 8 days


def week_start(day: date, first_weekday: int = 0) -> date:
    return day - timedelta(days=(day.weekday() - first_weekday) % 7)
