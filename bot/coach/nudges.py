"""When things are due, in local time: pure functions of preferences and a clock.

A rep's reminder is "16:30 on their work days in their zone". Each due instant is computed per local day with
`zoneinfo`, stored in UTC, and the next one is always computed strictly after the last, so a rep gets exactly
one reminder per local work day, across DST changes (a time that does not exist that day moves to the first
instant after the gap; a time that happens twice is taken the first time).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.coach.errors import InvalidInput
from bot.coach.settings import parse_time

# Messages that could not go out within this long after they were due are not sent late.
STALE_AFTER = timedelta(hours=6)


def local_instant(day: date, at: time, tz: ZoneInfo) -> datetime:
    """The UTC instant of local `at` on `day`."""
    return datetime.combine(day, at).replace(tzinfo=tz, fold=0).astimezone(UTC)


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


MAX_NUDGE_AHEAD = timedelta(days=30)


def parse_send_time(text: str, now: datetime, tz: ZoneInfo) -> datetime:
    """`14:30` (today, or tomorrow once passed) or `YYYY-MM-DD HH:MM`, local to `tz`, as a UTC instant."""
    cleaned = " ".join(text.split())
    local_now = now.astimezone(tz)
    if " " in cleaned:
        day_text, time_text = cleaned.split(" ", 1)
        try:
            day = date.fromisoformat(day_text)
        except ValueError:
            raise InvalidInput(f"I can't read `{text}`. Use `HH:MM` or `YYYY-MM-DD HH:MM`.") from None
        moment = local_instant(day, parse_time(time_text), tz)
    else:
        moment = local_instant(local_now.date(), parse_time(cleaned), tz)
        if moment <= now:
            moment = local_instant(local_now.date() + timedelta(days=1), parse_time(cleaned), tz)
    if moment <= now:
        raise InvalidInput("That time has already passed.")
    if moment - now > MAX_NUDGE_AHEAD:
        raise InvalidInput("A nudge can be scheduled at most 30 days ahead.")
    return moment
