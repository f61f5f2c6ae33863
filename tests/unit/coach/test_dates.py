from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.coach.dates import local_today, moment_for, parse_when, zone
from bot.coach.errors import InvalidInput

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
    ],
)
def test_when_accepts_today_yesterday_and_dates_a_week_back(text, expected):
    assert parse_when(text, TODAY) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2026-03-02", "at most 7 days back"),
        ("2026-03-11", "future"),
        ("last tuesday", "can't read"),
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
