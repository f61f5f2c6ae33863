"""Due times across zones and DST: exactly one reminder per local work day (Hypothesis, 2024-2030)."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.coach.timing import local_instant, next_occurrence, week_start

# Ordinary DST, no DST, half-hour offsets, a 30-minute DST shift (Lord Howe), southern hemisphere, and
# zones whose DST change happens at midnight or at 02:00/03:00 local.
ZONES = [
    "UTC",
    "Europe/Paris",
    "America/New_York",
    "America/Sao_Paulo",
    "Asia/Kolkata",
    "Asia/Kathmandu",
    "Australia/Adelaide",
    "Australia/Lord_Howe",
    "America/St_Johns",
    "Pacific/Chatham",
    "America/Havana",
    "Asia/Tehran",
]


def occurrences(start: datetime, at: time, tz: ZoneInfo, days: set[int], count: int) -> list[datetime]:
    found = []
    cursor = start
    for _ in range(count):
        cursor = next_occurrence(cursor, at, tz, days)
        assert cursor is not None
        found.append(cursor)
    return found


@settings(max_examples=150, deadline=None)
@given(
    zone_name=st.sampled_from(ZONES),
    start=st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2030, 12, 1)),  # noqa: DTZ001 - naive bounds, UTC attached below
    at=st.times(),
    days=st.sets(st.integers(0, 6), min_size=1),
)
def test_exactly_one_occurrence_per_chosen_local_day(zone_name, start, at, days):
    tz = ZoneInfo(zone_name)
    begin = start.replace(tzinfo=UTC)
    found = occurrences(begin, at, tz, days, 40)
    local_days = [moment.astimezone(tz).date() for moment in found]
    assert local_days == sorted(set(local_days)), "two reminders on one local day, or out of order"
    assert all(day.weekday() in days for day in local_days)
    # No chosen day is skipped between the first and the last.
    cursor = local_days[0]
    while cursor <= local_days[-1]:
        assert (cursor in local_days) == (cursor.weekday() in days), cursor
        cursor += timedelta(days=1)
    assert all(moment > begin for moment in found)


def test_a_time_in_the_spring_forward_gap_moves_past_the_gap():
    tz = ZoneInfo("Europe/Paris")  # 2026-03-29: 02:00 -> 03:00
    moment = local_instant(date(2026, 3, 29), time(2, 30), tz)
    assert moment.astimezone(tz).date() == date(2026, 3, 29)
    assert moment == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)


def test_a_time_that_happens_twice_is_taken_once():
    tz = ZoneInfo("America/New_York")  # 2026-11-01: 01:00-02:00 happens twice
    first = next_occurrence(datetime(2026, 11, 1, 4, 0, tzinfo=UTC), time(1, 30), tz, range(7))
    assert first == datetime(2026, 11, 1, 5, 30, tzinfo=UTC)  # 01:30 EDT
    following = next_occurrence(first, time(1, 30), tz, range(7))
    assert following.astimezone(tz).date() == date(2026, 11, 2)


def test_lord_howe_half_hour_shift():
    tz = ZoneInfo("Australia/Lord_Howe")  # 2026-04-05: 02:00 -> 01:30
    moments = occurrences(datetime(2026, 4, 3, tzinfo=UTC), time(1, 45), tz, set(range(7)), 4)
    assert [m.astimezone(tz).date().day for m in moments] == [4, 5, 6, 7]


def test_no_days_means_never():
    assert next_occurrence(datetime(2026, 3, 10, tzinfo=UTC), time(9), ZoneInfo("UTC"), []) is None


def test_weeks_start_on_the_given_weekday():
    assert week_start(date(2026, 3, 12)) == date(2026, 3, 9)
    assert week_start(date(2026, 3, 12), first_weekday=6) == date(2026, 3, 8)
