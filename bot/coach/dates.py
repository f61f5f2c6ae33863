"""The date and time words every command reads, and a rep's local days.

One vocabulary for every command that takes a day or a time, so `/touch log when:`, `/promise add due:`,
`/me away`, `/coach setup holidays:` and `/coach nudge when:` accept the same words and refuse the same
mistakes in the same sentence:

- days: `today`, `yesterday`, `tomorrow`, a weekday (`friday`, `fri`; `last friday`, `next friday`),
  `in 3 days`, `in 2 weeks`, `3 days ago`, or an ISO date `2026-03-10`;
- times of day: `16:30`, `9`, `9:05am`, `4pm`;
- weekdays: `mon`, `monday`; lists and ranges `mon-fri`, `mon,wed,fri`, `weekdays`, `every day`, `none`;
- a moment: a time of day, or a day and a time (`friday 14:30`, `2026-03-10 09:00`).

The same words in Spanish are read too, whatever the member's language, with or without accents: `hoy`,
`ayer`, `mañana`, `pasado mañana`, `anteayer`, `viernes`, `vie`, `el viernes pasado`, `el próximo viernes`,
`este viernes`, `en 3 días`, `hace 2 semanas`, `lun-vie`, `de lunes a viernes`, `laborables`,
`todos los días`, `ninguno`, `viernes a las 14:30`, `16h30`. No weekday's short name in one language is the
start of another day's name in the other (`sa` is Saturday in both).

A weekday alone means the one ahead for what is planned (a promise, a nudge) and the one behind for what
happened (a touch): each command says which way it looks. Its own limits (a week back, a year ahead) stay
with the command's rule.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, date, datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from bot.coach.errors import InvalidInput
from bot.i18n import N_, Marked

Direction = Literal["past", "future"]

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
WEEKDAYS_ES = ("lunes", "martes", "miercoles", "jueves", "viernes", "sabado", "domingo")
MAX_BACKDATE_DAYS = 7
MAX_DAYS_IN_A_LIST = 60
_TIME = re.compile(r"^(\d{1,2})(?:[:h](\d{2}))?\s*(am|pm|h)?$")
_UNITS = r"(day|days|week|weeks|dia|dias|semana|semanas)"
_IN = re.compile(rf"^(?:in|en)\s+(\d{{1,3}})\s+{_UNITS}$")
_AGO = re.compile(rf"^(?:(\d{{1,3}})\s+{_UNITS}\s+ago|hace\s+(\d{{1,3}})\s+{_UNITS})$")
_WEEKDAY = re.compile(r"^(?:(last|next|this|proximo|este)\s+)?([a-z]+)(?:\s+(pasado|que viene|proximo))?$")
_RANGE = re.compile(r"^(?:from\s+|de\s+)?([a-z]+)\s+(?:to|a)\s+([a-z]+)$")
_WHICH = {
    **{word: word for word in ("last", "next", "this")},
    **{"pasado": "last", "proximo": "next", "que viene": "next", "este": "this"},
}
_TODAY = {
    **{"today": 0, "yesterday": -1, "tomorrow": 1},
    **{"hoy": 0, "ayer": -1, "anteayer": -2, "manana": 1, "pasado manana": 2},
}
_WORK_DAYS = {"weekdays", "work days", "workdays", "laborables", "dias laborables", "entre semana"}
_EVERY_DAY = {"every day", "everyday", "all", "daily", "todos los dias", "cada dia", "a diario", "diario"}
_NO_DAYS = {"none", "no days", "-", "ninguno", "ningun dia", "nada"}


def _plain(text: str) -> str:
    """Casefolded, spaces collapsed, accents dropped (`Miércoles` -> `miercoles`), a leading `el` dropped."""
    folded = unicodedata.normalize("NFKD", " ".join(text.strip().casefold().split()))
    plain = "".join(char for char in folded if not unicodedata.combining(char))
    return plain.removeprefix("el ")


def day_words(today: date) -> Marked:
    return Marked(
        N_("`today`, `yesterday`, `tomorrow`, a weekday like `friday`, `in 3 days` or a date like `{today}`"),
        {"today": today},
    )


def read_time(text: str) -> time:
    """`16:30`, `9`, `9:05am`, `4pm` -> a local time of day."""
    match = _TIME.match(_plain(text))
    if match is None:
        raise InvalidInput(N_("I can't read `{text}` as a time. Use 24-hour `HH:MM`, like `16:30`."), text=text)
    hour, minute, half = int(match[1]), int(match[2] or 0), match[3]
    if half in {"am", "pm"}:
        if not 1 <= hour <= 12:
            raise InvalidInput(N_("`{text}`: with am/pm the hour is 1-12."), text=text)
        hour = hour % 12 + (12 if half == "pm" else 0)
    if hour > 23 or minute > 59:
        raise InvalidInput(N_("`{text}` is not a time of day."), text=text)
    return time(hour, minute)


def _weekday_number(cleaned: str) -> int | None:
    if len(cleaned) < 2:
        return None
    names = (*enumerate(WEEKDAYS), *enumerate(WEEKDAYS_ES))
    return next((index for index, name in names if name.startswith(cleaned)), None)


def read_weekday(text: str) -> int:
    """`mon`, `monday` -> 0 (Monday) .. 6 (Sunday)."""
    number = _weekday_number(_plain(text))
    if number is None:
        raise InvalidInput(N_("`{text}` is not a weekday. Use names like `mon` or `monday`."), text=text)
    return number


def read_weekdays(text: str) -> list[int]:
    """`mon-fri`, `mon,wed,fri`, `weekdays`, `every day`, `none` -> sorted weekday numbers."""
    cleaned = _plain(text)
    if cleaned in _WORK_DAYS:
        return [0, 1, 2, 3, 4]
    if cleaned in _EVERY_DAY:
        return list(range(7))
    if cleaned in _NO_DAYS:
        return []
    if match := _RANGE.match(cleaned):
        cleaned = f"{match[1]}-{match[2]}"
    days: set[int] = set()
    for part in re.split(r"[,\s]+", cleaned):
        if not part or part in {"and", "y", "e"}:
            continue
        if "-" in part:
            first, last = (read_weekday(piece) for piece in part.split("-", 1))
            span = (last - first) % 7
            days.update((first + offset) % 7 for offset in range(span + 1))
        else:
            days.add(read_weekday(part))
    return sorted(days)


def weekdays_text(days: list[int]) -> str:
    if not days:
        return "none"
    if days == [0, 1, 2, 3, 4]:
        return "Mon-Fri"
    return ", ".join(WEEKDAYS[day][:3].title() for day in days)


def _weekday_day(cleaned: str, today: date, looking: Direction) -> date | None:
    match = _WEEKDAY.match(cleaned)
    if match is None:
        return None
    number = _weekday_number(match[2])
    if number is None or len(match[2]) < 3 or (match[1] and match[3]):
        return None
    said = match[1] or match[3]
    which = _WHICH[said] if said else ("next" if looking == "future" else "last")
    if which == "last":
        return today - timedelta(days=(today.weekday() - number) % 7 or 7)
    if which == "next":
        return today + timedelta(days=(number - today.weekday()) % 7 or 7)
    return today + timedelta(days=number - today.weekday())  # "this friday": the one in this week


def read_day(text: str, today: date, *, looking: Direction = "future") -> date:
    """A day in the vocabulary above. `looking` says which way a bare weekday points: `future` for what is
    planned (the next Friday, never today), `past` for what happened (the last Friday, never today)."""
    cleaned = _plain(text)
    if cleaned in _TODAY:
        return today + timedelta(days=_TODAY[cleaned])
    if match := _IN.match(cleaned):
        return today + timedelta(days=int(match[1]) * (7 if match[2].startswith(("week", "semana")) else 1))
    if match := _AGO.match(cleaned):
        count, unit = (match[1], match[2]) if match[1] else (match[3], match[4])
        return today - timedelta(days=int(count) * (7 if unit.startswith(("week", "semana")) else 1))
    weekday = _weekday_day(cleaned, today, looking)
    if weekday is not None:
        return weekday
    try:
        return date.fromisoformat(cleaned)
    except ValueError:
        raise InvalidInput(
            N_("I can't read `{text}` as a day. Use {words}."), text=text, words=day_words(today)
        ) from None


def read_days(text: str, today: date) -> list[date]:
    """A list of days (`2026-12-24, 2026-12-25`, or any day words), sorted; `none` is the empty list."""
    cleaned = text.strip().casefold()
    if _plain(cleaned) in {"none", "-", "clear", "ninguno", "nada"}:
        return []
    days = {read_day(part.strip(), today) for part in re.split(r"[,;\n]+", cleaned) if part.strip()}
    if len(days) > MAX_DAYS_IN_A_LIST:
        raise InvalidInput(N_("At most {most} days can be listed at once."), most=MAX_DAYS_IN_A_LIST)
    return sorted(days)


def local_instant(day: date, at: time, tz: ZoneInfo) -> datetime:
    """The UTC instant of local `at` on `day` (a time that does not exist that day moves past the gap; a
    time that happens twice is taken the first time)."""
    return datetime.combine(day, at).replace(tzinfo=tz, fold=0).astimezone(UTC)


def read_moment(text: str, now: datetime, tz: ZoneInfo) -> datetime:
    """A time of day (today, or tomorrow once it has passed), or a day and a time (`friday 14:30`,
    `2026-03-10 09:00`), local to `tz`, as a UTC instant."""
    cleaned = re.sub(r"^(?:at|a las|a la)\s+", "", " ".join(text.split()), flags=re.IGNORECASE)
    today = now.astimezone(tz).date()
    if " " not in cleaned:
        at = read_time(cleaned)
        moment = local_instant(today, at, tz)
        return moment if moment > now else local_instant(today + timedelta(days=1), at, tz)
    day_text, time_text = cleaned.rsplit(" ", 1)
    day_text = re.sub(r"\s+(?:at|a las|a la)$", "", day_text, flags=re.IGNORECASE)
    try:
        at = read_time(time_text)
    except InvalidInput:
        raise InvalidInput(
            N_(
                "I can't read `{text}` as a moment. Use `HH:MM`, or a day and a time like `friday 14:30` or "
                "`{today} 09:00`."
            ),
            text=text,
            today=today,
        ) from None
    return local_instant(read_day(day_text, today), at, tz)


def local_today(now: datetime, tz: ZoneInfo) -> date:
    return now.astimezone(tz).date()


def parse_when(text: str | None, today: date) -> date:
    """The day a touch happened: any day word, at most a week back and never in the future."""
    day = read_day(text, today, looking="past") if text and text.strip() else today
    if day > today:
        raise InvalidInput(N_("A touch can't be logged in the future."))
    if (today - day).days > MAX_BACKDATE_DAYS:
        raise InvalidInput(N_("A touch can be logged at most {most} days back."), most=MAX_BACKDATE_DAYS)
    return day


def moment_for(day: date, today: date, now: datetime, tz: ZoneInfo) -> datetime:
    """When a touch on `day` happened: now for today, local noon for an earlier day."""
    if day == today:
        return now
    return datetime.combine(day, time(12, 0), tzinfo=tz)


def recent_days(today: date, count: int = MAX_BACKDATE_DAYS + 1) -> list[date]:
    """Today and the days a touch may still be backdated to, newest first."""
    return [today - timedelta(days=offset) for offset in range(count)]
