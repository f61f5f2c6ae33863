"""Days read in the member's language, never the process's C locale."""

from __future__ import annotations

from datetime import date

from bot.i18n import using
from bot.i18n.days import long_day, marked_day, short_day, weekdays_text

FRIDAY = date(2026, 12, 4)


def test_english_days_read_as_strftime_wrote_them():
    assert short_day(FRIDAY) == f"{FRIDAY:%a %d %b}" == "Fri 04 Dec"
    assert long_day(FRIDAY) == f"{FRIDAY:%A %d %B}" == "Friday 04 December"
    assert weekdays_text([0, 1, 2, 3, 4]) == "Mon-Fri" and weekdays_text([4, 5]) == "Fri, Sat"
    assert weekdays_text([]) == "none"


def test_spanish_days():
    with using("es-ES"):
        assert short_day(FRIDAY) == "vie 04 dic"
        assert long_day(FRIDAY) == "viernes 04 de diciembre"
        assert weekdays_text([0, 1, 2, 3, 4]) == "lun-vie" and weekdays_text([5, 6]) == "sáb, dom"
        assert weekdays_text([]) == "ninguno"


def test_a_day_marked_in_the_domain_reads_in_the_readers_language():
    day = marked_day(FRIDAY)
    assert str(day) == "04 Dec" and day.localized() == "04 Dec"
    with using("es-419"):
        assert day.localized() == "04 dic"
