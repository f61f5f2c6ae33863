from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from bot.coach.dates import (
    local_today,
    moment_for,
    parse_when,
    read_day,
    read_days,
    read_moment,
    read_time,
    read_weekday,
    read_weekdays,
)
from bot.coach.errors import InvalidInput
from bot.coach.zones import zone

TODAY = date(2026, 3, 10)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (None, TODAY),
        ("", TODAY),
        ("today", TODAY),
        ("  Today ", TODAY),
        ("yesterday", date(2026, 3, 9)),
        ("2026-03-03", date(2026, 3, 3)),
        ("last tuesday", date(2026, 3, 3)),
        ("friday", date(2026, 3, 6)),
        ("3 days ago", date(2026, 3, 7)),
    ],
)
def test_when_accepts_today_yesterday_and_dates_a_week_back(text, expected):
    assert parse_when(text, TODAY) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2026-03-02", "at most 7 days back"),
        ("2026-03-11", "future"),
        ("next friday", "future"),
        ("soonish", "can't read `soonish` as a day"),
        ("2026-13-01", "can't read"),
    ],
)
def test_when_refuses_what_it_cannot_use(text, message):
    with pytest.raises(InvalidInput, match=message):
        parse_when(text, TODAY)


def test_local_day_follows_the_zone():
    late_utc = datetime(2026, 3, 10, 23, 30, tzinfo=UTC)
    assert local_today(late_utc, ZoneInfo("UTC")) == date(2026, 3, 10)
    assert local_today(late_utc, ZoneInfo("Asia/Kolkata")) == date(2026, 3, 11)
    assert local_today(late_utc, ZoneInfo("America/Los_Angeles")) == date(2026, 3, 10)


def test_backdated_touch_happens_at_local_noon():
    tz = ZoneInfo("Europe/Paris")
    now = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
    assert moment_for(TODAY, TODAY, now, tz) == now
    assert moment_for(date(2026, 3, 8), TODAY, now, tz) == datetime(2026, 3, 8, 11, 0, tzinfo=UTC)


def test_unknown_zone_is_a_clear_error():
    with pytest.raises(InvalidInput, match="IANA"):
        zone("Mars/Olympus_Mons")


# TODAY is a Tuesday.
@pytest.mark.parametrize(
    ("text", "looking", "expected"),
    [
        ("tomorrow", "future", date(2026, 3, 11)),
        ("friday", "future", date(2026, 3, 13)),
        ("fri", "past", date(2026, 3, 6)),
        ("tuesday", "future", date(2026, 3, 17)),
        ("tuesday", "past", date(2026, 3, 3)),
        ("this tuesday", "past", TODAY),
        ("next monday", "past", date(2026, 3, 16)),
        ("in 3 days", "future", date(2026, 3, 13)),
        ("in 2 weeks", "future", date(2026, 3, 24)),
        ("2 weeks ago", "future", date(2026, 2, 24)),
        ("  2026-04-01 ", "future", date(2026, 4, 1)),
    ],
)
def test_one_vocabulary_of_days(text, looking, expected):
    assert read_day(text, TODAY, looking=looking) == expected


def test_a_list_of_days_is_sorted_and_none_clears_it():
    assert read_days("2026-12-25, tomorrow, 2026-12-24", TODAY) == [
        date(2026, 3, 11),
        date(2026, 12, 24),
        date(2026, 12, 25),
    ]
    assert read_days("none", TODAY) == []
    with pytest.raises(InvalidInput, match="can't read `someday`"):
        read_days("2026-12-24, someday", TODAY)


def test_a_moment_is_a_time_today_or_a_day_and_a_time():
    tz = ZoneInfo("Europe/Paris")
    now = datetime(2026, 3, 10, 15, 0, tzinfo=UTC)  # 16:00 in Paris
    assert read_moment("17:00", now, tz) == datetime(2026, 3, 10, 16, 0, tzinfo=UTC)
    assert read_moment("9:00", now, tz) == datetime(2026, 3, 11, 8, 0, tzinfo=UTC)  # passed: tomorrow
    assert read_moment("friday 9am", now, tz) == datetime(2026, 3, 13, 8, 0, tzinfo=UTC)
    assert read_moment("2026-03-12 14:30", now, tz) == datetime(2026, 3, 12, 13, 30, tzinfo=UTC)
    with pytest.raises(InvalidInput, match="as a moment"):
        read_moment("friday teatime", now, tz)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("16:30", time(16, 30)), ("9", time(9)), ("9:05am", time(9, 5)), ("4pm", time(16)), ("12am", time(0))],
)
def test_times(text, expected):
    assert read_time(text) == expected


@pytest.mark.parametrize("text", ["25:00", "9:75", "noon-ish", "13pm"])
def test_bad_times(text):
    with pytest.raises(InvalidInput):
        read_time(text)


def test_weekdays():
    assert read_weekdays("mon-fri") == [0, 1, 2, 3, 4]
    assert read_weekdays("Mon, Wed, fri") == [0, 2, 4]
    assert read_weekdays("fri-mon") == [0, 4, 5, 6]
    assert read_weekdays("every day") == list(range(7))
    assert read_weekdays("none") == []
    assert read_weekday("thursday") == 3
    with pytest.raises(InvalidInput, match="not a weekday"):
        read_weekdays("mon, funday")


# TODAY is a Tuesday (martes).
@pytest.mark.parametrize(
    ("text", "looking", "expected"),
    [
        ("hoy", "past", TODAY),
        ("Ayer", "past", date(2026, 3, 9)),
        ("anteayer", "past", date(2026, 3, 8)),
        ("mañana", "future", date(2026, 3, 11)),
        ("manana", "future", date(2026, 3, 11)),
        ("pasado mañana", "future", date(2026, 3, 12)),
        ("viernes", "future", date(2026, 3, 13)),
        ("vie", "past", date(2026, 3, 6)),
        ("el viernes", "future", date(2026, 3, 13)),
        ("el viernes pasado", "future", date(2026, 3, 6)),
        ("martes pasado", "future", date(2026, 3, 3)),
        ("el próximo lunes", "past", date(2026, 3, 16)),
        ("el lunes que viene", "past", date(2026, 3, 16)),
        ("este martes", "past", TODAY),
        ("Miércoles", "future", date(2026, 3, 11)),
        ("miercoles", "past", date(2026, 3, 4)),
        ("sábado", "future", date(2026, 3, 14)),
        ("dom", "past", date(2026, 3, 8)),
        ("en 3 días", "future", date(2026, 3, 13)),
        ("en 2 semanas", "future", date(2026, 3, 24)),
        ("hace 3 dias", "future", date(2026, 3, 7)),
        ("hace 1 semana", "future", date(2026, 3, 3)),
    ],
)
def test_the_same_days_in_spanish(text, looking, expected):
    assert read_day(text, TODAY, looking=looking) == expected


@pytest.mark.parametrize("text", ["próximo viernes pasado", "lu", "hace días", "en tres días"])
def test_spanish_that_is_not_a_day_is_refused_like_english(text):
    with pytest.raises(InvalidInput, match="as a day"):
        read_day(text, TODAY)


def test_spanish_weekday_lists_and_times():
    assert read_weekdays("lun-vie") == [0, 1, 2, 3, 4]
    assert read_weekdays("de lunes a viernes") == [0, 1, 2, 3, 4]
    assert read_weekdays("mon to wed") == [0, 1, 2]
    assert read_weekdays("lun, mié y vie") == [0, 2, 4]
    assert read_weekdays("laborables") == [0, 1, 2, 3, 4]
    assert read_weekdays("Todos los días") == list(range(7))
    assert read_weekdays("ninguno") == []
    assert read_weekday("Sábado") == read_weekday("sat") == 5
    assert read_days("ninguno", TODAY) == []
    assert read_time("16h30") == time(16, 30)
    assert read_time("9h") == time(9)
    assert parse_when("ayer", TODAY) == date(2026, 3, 9)
    tz = ZoneInfo("Europe/Madrid")
    now = datetime(2026, 3, 10, 15, 0, tzinfo=UTC)  # 16:00 in Madrid
    assert read_moment("viernes a las 9:00", now, tz) == datetime(2026, 3, 13, 8, 0, tzinfo=UTC)
    assert read_moment("a las 17:00", now, tz) == datetime(2026, 3, 10, 16, 0, tzinfo=UTC)
    assert read_moment("friday at 9am", now, tz) == datetime(2026, 3, 13, 8, 0, tzinfo=UTC)


def test_no_short_weekday_means_two_days():
    """Every prefix of two letters or more names one weekday, whichever language it is read in."""
    from bot.coach.dates import WEEKDAYS, WEEKDAYS_ES

    for names in (WEEKDAYS, WEEKDAYS_ES):
        for number, name in enumerate(names):
            for end in range(2, len(name) + 1):
                assert read_weekday(name[:end]) == number
