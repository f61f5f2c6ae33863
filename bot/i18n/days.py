"""Days as a member reads them, in the current locale's language: `Fri 05 Dec` and `Friday 05 December` in
English (what `%a %d %b` and `%A %d %B` wrote before), `vie 05 dic` and `viernes 05 de diciembre` in Spanish.
strftime's names follow the process's C locale, never the member's, so the names come from the catalogue.

Weekday numbers are Python's: 0 is Monday.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from bot.i18n import Marked, _, pgettext


def weekday_name(day: int) -> str:
    names = (_("Monday"), _("Tuesday"), _("Wednesday"), _("Thursday"), _("Friday"), _("Saturday"), _("Sunday"))
    return names[day]


def weekday_short(day: int) -> str:
    names = (
        pgettext("weekday", "Mon"),
        pgettext("weekday", "Tue"),
        pgettext("weekday", "Wed"),
        pgettext("weekday", "Thu"),
        pgettext("weekday", "Fri"),
        pgettext("weekday", "Sat"),
        pgettext("weekday", "Sun"),
    )
    return names[day]


def _month_name(month: int) -> str:
    names = (
        pgettext("month", "January"),
        pgettext("month", "February"),
        pgettext("month", "March"),
        pgettext("month", "April"),
        pgettext("month", "May"),
        pgettext("month", "June"),
        pgettext("month", "July"),
        pgettext("month", "August"),
        pgettext("month", "September"),
        pgettext("month", "October"),
        pgettext("month", "November"),
        pgettext("month", "December"),
    )
    return names[month - 1]


def _month_short(month: int) -> str:
    names = (
        pgettext("short month", "Jan"),
        pgettext("short month", "Feb"),
        pgettext("short month", "Mar"),
        pgettext("short month", "Apr"),
        pgettext("short month", "May"),
        pgettext("short month", "Jun"),
        pgettext("short month", "Jul"),
        pgettext("short month", "Aug"),
        pgettext("short month", "Sep"),
        pgettext("short month", "Oct"),
        pgettext("short month", "Nov"),
        pgettext("short month", "Dec"),
    )
    return names[month - 1]


def short_day(day: date) -> str:
    """`Fri 05 Dec`."""
    return pgettext("short date", "{weekday} {day} {month}").format(
        weekday=weekday_short(day.weekday()), day=f"{day.day:02d}", month=_month_short(day.month)
    )


def long_day(day: date) -> str:
    """`Friday 05 December`."""
    return pgettext("long date", "{weekday} {day} {month}").format(
        weekday=weekday_name(day.weekday()), day=f"{day.day:02d}", month=_month_name(day.month)
    )


def day_month(day: date, *, year: bool = False) -> str:
    """`05 Jan`, or `05 Jan 2026` with the year (what `%d %b` and `%d %b %Y` wrote)."""
    if year:
        return pgettext("date with year", "{day} {month} {year}").format(
            day=f"{day.day:02d}", month=_month_short(day.month), year=day.year
        )
    return pgettext("day and month", "{day} {month}").format(day=f"{day.day:02d}", month=_month_short(day.month))


def weekdays_text(days: Sequence[int]) -> str:
    """A rep's reminder days: `Mon-Fri`, `Mon, Wed, Fri` or `none`."""
    if not days:
        return pgettext("reminder days", "none")
    if list(days) == [0, 1, 2, 3, 4]:
        return _("Mon-Fri")
    return ", ".join(weekday_short(day) for day in days)


@dataclass(frozen=True)
class MarkedDay(Marked):
    """A day in a message made where no locale is known (the domain): `05 Jan` in English, as `day_month` writes
    it in the reader's language where the message is shown."""

    day: date = date.min

    def __str__(self) -> str:
        return f"{self.day:%d %b}"  # English: strftime under the process's C locale

    def localized(self) -> str:
        return day_month(self.day)


def marked_day(day: date) -> MarkedDay:
    return MarkedDay("", {}, day)
