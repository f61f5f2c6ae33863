from datetime import UTC, date, datetime

import pytest

from bot.coach import Coach
from bot.coach.errors import InvalidInput, NotFound
from bot.coach.promises import parse_due

TUESDAY = date(2026, 3, 10)
GUILD, ALICE, BOB = 1001, 501, 502


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("today", TUESDAY),
        ("tomorrow", date(2026, 3, 11)),
        ("in 3 days", date(2026, 3, 13)),
        ("in 2 weeks", date(2026, 3, 24)),
        ("friday", date(2026, 3, 13)),
        ("tue", date(2026, 3, 17)),  # a weekday name means the next one, never today
        ("2026-04-01", date(2026, 4, 1)),
    ],
)
def test_due_dates(text, expected):
    assert parse_due(text, TUESDAY) == expected


@pytest.mark.parametrize(("text", "message"), [("2026-03-09", "passed"), ("2027-06-01", "a year"), ("later", "read")])
def test_bad_due_dates(text, message):
    with pytest.raises(InvalidInput, match=message):
        parse_due(text, TUESDAY)


async def test_due_day_is_the_reps_local_day(coach: Coach, clock):
    clock.set(datetime(2026, 3, 10, 22, 0, tzinfo=UTC))  # already Wednesday in Tokyo
    await coach.settings.update_rep(GUILD, ALICE, timezone="Asia/Tokyo")
    promise = await coach.promises.add(GUILD, ALICE, "Acme", "Call back", "today")
    assert promise.due_on == date(2026, 3, 11)


async def test_only_the_rep_can_close_their_promise_and_only_once(coach: Coach):
    promise = await coach.promises.add(GUILD, ALICE, "Acme", "Send the quote", "tomorrow")
    with pytest.raises(NotFound):
        await coach.promises.done(GUILD, BOB, promise.id)
    closed = await coach.promises.done(GUILD, ALICE, promise.id)
    assert closed.on_time and closed.touch is not None and closed.touch.points == 3
    with pytest.raises(InvalidInput, match="already kept"):
        await coach.promises.drop(GUILD, ALICE, promise.id, "")
    assert await coach.promises.kept_on_time(GUILD, None, date(2026, 12, 31)) == 1


async def test_late_promises_log_nothing(coach: Coach, clock):
    promise = await coach.promises.add(GUILD, ALICE, "Acme", "Send the quote", "tomorrow")
    clock.advance(days=2)
    closed = await coach.promises.done(GUILD, ALICE, promise.id)
    assert not closed.on_time and closed.touch is None
    assert await coach.touches.history(GUILD, ALICE) == []
    assert await coach.promises.kept_on_time(GUILD, None, date(2026, 12, 31)) == 0


async def test_freezes_and_away_days_follow_the_reps_zone(coach: Coach, clock):
    from bot.coach.kinds import TouchKind

    await coach.settings.update_rep(GUILD, ALICE, timezone="Pacific/Auckland")
    clock.set(datetime(2026, 3, 8, 20, 0, tzinfo=UTC))  # Monday 9 March, 09:00 in Auckland
    for _ in range(5):
        await coach.touches.log(GUILD, ALICE, customer="Acme", kind=TouchKind.CHECK_IN)
        clock.advance(days=1)
    await coach.settings.set_away(GUILD, ALICE, "2026-03-16", "2026-03-16")
    clock.set(datetime(2026, 3, 17, 20, 0, tzinfo=UTC))  # Wednesday 18th there: Tuesday 17th missed
    logged = await coach.touches.log(GUILD, ALICE, customer="Acme", kind=TouchKind.CHECK_IN)
    assert logged.local_date == date(2026, 3, 18)
    assert logged.streak == 6  # Monday was an away day; Tuesday used the freeze from the full week
    assert logged.frozen_recently == (date(2026, 3, 17),)
