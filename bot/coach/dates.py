"""Local days: a rep's "today", and the `when` a rep may give a touch."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.coach.errors import InvalidInput

MAX_BACKDATE_DAYS = 7


def zone(name: str) -> ZoneInfo:
    """The IANA zone called `name`; an unknown name is the rep's mistake, not a crash."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise InvalidInput(f"`{name}` is not a time zone I know. Use an IANA name like `Europe/Paris`.") from error


def local_today(now: datetime, tz: ZoneInfo) -> date:
    return now.astimezone(tz).date()


def parse_when(text: str | None, today: date) -> date:
    """`today`, `yesterday` or `YYYY-MM-DD`, at most a week back and never in the future."""
    cleaned = (text or "").strip().lower()
    if cleaned in {"", "today"}:
        return today
    if cleaned == "yesterday":
        return today - timedelta(days=1)
    try:
        day = date.fromisoformat(cleaned)
    except ValueError:
        raise InvalidInput(
            f"I can't read `{text}` as a day. Use `today`, `yesterday` or a date like `{today.isoformat()}`."
        ) from None
    if day > today:
        raise InvalidInput("A touch can't be logged in the future.")
    if (today - day).days > MAX_BACKDATE_DAYS:
        raise InvalidInput(f"A touch can be logged at most {MAX_BACKDATE_DAYS} days back.")
    return day


def moment_for(day: date, today: date, now: datetime, tz: ZoneInfo) -> datetime:
    """When a touch on `day` happened: now for today, local noon for an earlier day."""
    if day == today:
        return now
    return datetime.combine(day, time(12, 0), tzinfo=tz)


def recent_days(today: date, count: int = MAX_BACKDATE_DAYS + 1) -> list[date]:
    """Today and the days a touch may still be backdated to, newest first."""
    return [today - timedelta(days=offset) for offset in range(count)]
