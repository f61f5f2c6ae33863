import random
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select, update

from bot.coach import Coach
from bot.coach.errors import InvalidInput, NotFound, NothingToUndo
from bot.coach.kinds import TouchKind
from bot.coach.reps import guild_settings
from bot.coach.settings import GuildConfig
from bot.coach.streaks import rule_key, streak_state
from bot.coach.touches import streaks_of
from bot.db.models import Customer, DailyPoints, Rep, Touch

GUILD, OTHER_GUILD, ALICE, BOB = 1001, 1002, 501, 502


async def rollup(coach: Coach, guild_id: int = GUILD) -> dict[date, tuple[int, int]]:
    async with coach.db.read() as session:
        rows = await session.scalars(select(DailyPoints).where(DailyPoints.guild_id == guild_id))
        return {row.day: (row.points, row.touch_count) for row in rows if row.touch_count}


async def test_first_touch_earns_points_and_says_first(coach: Coach):
    logged = await coach.touches.log(GUILD, ALICE, customer="Acme Corp", kind=TouchKind.LISTENING, note="budget")
    assert logged.points == 3
    assert logged.capped_reason is None
    assert logged.days_since_previous is None
    assert logged.new_customer
    assert logged.streak == 1
    assert logged.local_date == date(2026, 3, 10)
    assert await rollup(coach) == {date(2026, 3, 10): (3, 1)}


async def test_reports_days_since_the_previous_touch(coach: Coach, clock):
    await coach.touches.log(GUILD, ALICE, customer="Acme", kind=TouchKind.CHECK_IN)
    clock.advance(days=12)
    logged = await coach.touches.log(GUILD, ALICE, customer="  ACME ", kind=TouchKind.CHECK_IN)
    assert logged.days_since_previous == 12
    assert logged.customer == "Acme"
    assert not logged.new_customer
    assert logged.streak == 1


async def test_same_kind_twice_a_day_earns_once_and_is_still_recorded(coach: Coach):
    await coach.touches.log(GUILD, ALICE, customer="Acme", kind=TouchKind.CHECK_IN)
    again = await coach.touches.log(GUILD, ALICE, customer="acme", kind=TouchKind.CHECK_IN)
    assert again.points == 0
    assert "already earned" in str(again.capped_reason)
    assert again.days_since_previous == 0
    assert await rollup(coach) == {date(2026, 3, 10): (2, 2)}


async def test_at_most_three_scoring_touches_per_customer_per_day(coach: Coach):
    kinds = [TouchKind.LISTENING, TouchKind.HELP, TouchKind.THANKS, TouchKind.SOLVED]
    results = [await coach.touches.log(GUILD, ALICE, customer="Acme", kind=kind) for kind in kinds]
    assert [result.points for result in results] == [3, 3, 1, 0]
    assert "3 touches" in str(results[-1].capped_reason)
    other = await coach.touches.log(GUILD, ALICE, customer="Globex", kind=TouchKind.SOLVED)
    assert other.points == 3
    assert await rollup(coach) == {date(2026, 3, 10): (10, 5)}


async def test_caps_are_per_local_day(coach: Coach, clock):
    await coach.touches.log(GUILD, ALICE, customer="Acme", kind=TouchKind.CHECK_IN)
    clock.advance(days=1)
    assert (await coach.touches.log(GUILD, ALICE, customer="Acme", kind=TouchKind.CHECK_IN)).points == 2
    backdated = await coach.touches.log(GUILD, ALICE, customer="Acme", kind=TouchKind.CHECK_IN, when="yesterday")
    assert backdated.points == 0


async def test_backdating_is_recorded_on_that_local_day(coach: Coach):
    logged = await coach.touches.log(GUILD, ALICE, customer="Acme", kind=TouchKind.HELP, when="2026-03-05")
    assert logged.local_date == date(2026, 3, 5)
    entry = (await coach.touches.history(GUILD, ALICE))[0]
    assert entry.occurred_at == datetime(2026, 3, 5, 12, 0, tzinfo=UTC)
    assert await rollup(coach) == {date(2026, 3, 5): (3, 1)}
    assert logged.streak == 0  # nothing today or yesterday


async def test_bad_when_and_long_notes_write_nothing(coach: Coach):
    with pytest.raises(InvalidInput):
        await coach.touches.log(GUILD, ALICE, customer="Acme", kind=TouchKind.HELP, when="2026-03-11")
    with pytest.raises(InvalidInput, match="500"):
        await coach.touches.log(GUILD, ALICE, customer="Acme", kind=TouchKind.HELP, note="x" * 501)
    with pytest.raises(InvalidInput, match="100"):
        await coach.touches.log(GUILD, ALICE, customer="A" * 101, kind=TouchKind.HELP)
    async with coach.db.read() as session:
        assert await session.scalar(select(func.count()).select_from(Touch)) == 0
        assert await session.scalar(select(func.count()).select_from(Rep)) == 0  # the first use rolled back too
    assert await coach.customers.suggest(GUILD, ALICE, "") == []


async def test_the_reminder_dm_logs_only_for_a_rep_of_that_guild(coach: Coach):
    with pytest.raises(NotFound, match="log your first touch there"):
        await coach.touches.log_from_dm(GUILD, ALICE, customer="Acme", kind=TouchKind.CHECK_IN)
    async with coach.db.read() as session:
        assert await session.scalar(select(func.count()).select_from(Rep)) == 0
        assert await session.scalar(select(func.count()).select_from(Customer)) == 0
    await coach.touches.log(GUILD, ALICE, customer="Acme", kind=TouchKind.LISTENING)
    logged = await coach.touches.log_from_dm(GUILD, ALICE, customer="Beta", kind=TouchKind.CHECK_IN)
    assert (logged.customer, logged.points, logged.new_customer, logged.streak) == ("Beta", 2, True, 1)
    with pytest.raises(NotFound):
        await coach.touches.log_from_dm(OTHER_GUILD, ALICE, customer="Acme", kind=TouchKind.CHECK_IN)


async def test_local_day_is_the_reps_time_zone(coach: Coach, clock):
    clock.set(datetime(2026, 3, 10, 23, 30, tzinfo=UTC))
    await coach.touches.log(GUILD, ALICE, customer="Acme", kind=TouchKind.HELP)
    async with coach.db.write() as session:
        rep = await session.scalar(select(Rep).where(Rep.user_id == ALICE))
        assert rep is not None
        rep.timezone = "Asia/Kolkata"
    logged = await coach.touches.log(GUILD, ALICE, customer="Acme", kind=TouchKind.HELP)
    assert logged.local_date == date(2026, 3, 11)
    assert logged.points == 3


async def test_streak_counts_touch_days_and_only_a_missed_work_day_breaks_it(coach: Coach, clock):
    for _ in range(4):  # Tuesday to Friday
        await coach.touches.log(GUILD, ALICE, customer="Acme", kind=TouchKind.CHECK_IN)
        clock.advance(days=1)
    assert await coach.touches.streak(GUILD, ALICE) == 4  # Saturday: today still open
    clock.advance(days=2)
    assert await coach.touches.streak(GUILD, ALICE) == 4  # Monday: the weekend broke nothing
    clock.advance(days=1)
    assert await coach.touches.streak(GUILD, ALICE) == 0  # Tuesday: Monday was missed, no freeze banked
    assert (await coach.touches.log(GUILD, ALICE, customer="Acme", kind=TouchKind.CHECK_IN)).streak == 1


async def test_a_full_work_week_banks_a_freeze_that_saves_the_streak(coach: Coach, clock):
    clock.set(datetime(2026, 3, 9, 12, tzinfo=UTC))  # Monday
    for _ in range(5):
        await coach.touches.log(GUILD, ALICE, customer="Acme", kind=TouchKind.CHECK_IN)
        clock.advance(days=1)
    clock.set(datetime(2026, 3, 17, 12, tzinfo=UTC))  # Tuesday: Monday the 16th was missed
    logged = await coach.touches.log(GUILD, ALICE, customer="Acme", kind=TouchKind.CHECK_IN)
    assert logged.streak == 6
    assert logged.frozen_recently == (date(2026, 3, 16),)
    assert logged.freezes == 0


async def test_away_days_and_holidays_keep_the_streak(coach: Coach, clock):
    clock.set(datetime(2026, 3, 9, 12, tzinfo=UTC))  # Monday
    await coach.touches.log(GUILD, ALICE, customer="Acme", kind=TouchKind.CHECK_IN)
    await coach.settings.update_guild(GUILD, holidays="2026-03-10")
    await coach.settings.set_away(GUILD, ALICE, "2026-03-11", "2026-03-12")
    clock.set(datetime(2026, 3, 13, 12, tzinfo=UTC))  # Friday
    assert (await coach.touches.log(GUILD, ALICE, customer="Acme", kind=TouchKind.CHECK_IN)).streak == 2


async def test_guilds_are_separate(coach: Coach):
    await coach.touches.log(GUILD, ALICE, customer="Acme", kind=TouchKind.HELP, note="guild one")
    await coach.touches.log(OTHER_GUILD, ALICE, customer="Initech", kind=TouchKind.HELP)
    assert [entry.customer for entry in await coach.touches.history(GUILD, ALICE)] == ["Acme"]
    assert [entry.customer for entry in await coach.touches.history(OTHER_GUILD, ALICE)] == ["Initech"]
    assert await coach.customers.suggest(OTHER_GUILD, ALICE, "ac") == []
    assert await coach.touches.history(GUILD, BOB) == []
    assert await rollup(coach, OTHER_GUILD) == {date(2026, 3, 10): (3, 1)}


async def test_undo_removes_the_latest_touch_and_its_points(coach: Coach, clock):
    await coach.touches.log(GUILD, ALICE, customer="Acme", kind=TouchKind.HELP)
    clock.advance(minutes=5)
    await coach.touches.log(GUILD, ALICE, customer="Globex", kind=TouchKind.LISTENING)
    undone = await coach.touches.undo(GUILD, ALICE)
    assert (undone.customer, undone.kind, undone.points) == ("Globex", TouchKind.LISTENING, 3)
    assert undone.customer_removed  # its only touch
    assert await rollup(coach) == {date(2026, 3, 10): (3, 1)}
    assert await coach.customers.suggest(GUILD, ALICE, "") == ["Acme"]


async def test_undo_keeps_a_customer_with_other_touches_and_restores_last_touch(coach: Coach, clock):
    await coach.touches.log(GUILD, ALICE, customer="Acme", kind=TouchKind.HELP, when="2026-03-07")
    await coach.touches.log(GUILD, ALICE, customer="Acme", kind=TouchKind.HELP)
    undone = await coach.touches.undo(GUILD, ALICE)
    assert not undone.customer_removed
    overview = await coach.customers.overview(GUILD, ALICE)
    assert overview.customers[0].last_touched_on == date(2026, 3, 7)


async def test_undo_only_within_24_hours(coach: Coach, clock):
    with pytest.raises(NothingToUndo, match="no touches"):
        await coach.touches.undo(GUILD, ALICE)
    await coach.touches.log(GUILD, ALICE, customer="Acme", kind=TouchKind.HELP)
    clock.advance(hours=24, seconds=1)
    with pytest.raises(NothingToUndo, match="24 hours"):
        await coach.touches.undo(GUILD, ALICE)


async def test_undo_is_per_guild(coach: Coach):
    await coach.touches.log(GUILD, ALICE, customer="Acme", kind=TouchKind.HELP)
    with pytest.raises(NothingToUndo):
        await coach.touches.undo(OTHER_GUILD, ALICE)


async def test_history_is_newest_first_within_the_window(coach: Coach, clock):
    await coach.touches.log(GUILD, ALICE, customer="Old", kind=TouchKind.HELP)
    clock.advance(days=20)
    await coach.touches.log(GUILD, ALICE, customer="Acme", kind=TouchKind.HELP, note="first")
    clock.advance(hours=1)
    await coach.touches.log(GUILD, ALICE, customer="Globex", kind=TouchKind.THANKS)
    entries = await coach.touches.history(GUILD, ALICE)
    assert [entry.customer for entry in entries] == ["Globex", "Acme"]
    assert entries[1].note == "first"
    assert [e.customer for e in await coach.touches.history(GUILD, ALICE, days=30)] == ["Globex", "Acme", "Old"]
    assert [e.customer for e in await coach.touches.history(GUILD, ALICE, customer="acme")] == ["Acme"]
    assert await coach.touches.history(GUILD, ALICE, customer="nobody") == []
    with pytest.raises(InvalidInput, match="between 1 and 90"):
        await coach.touches.history(GUILD, ALICE, days=91)


async def test_two_reps_log_at_once_without_losing_a_touch(coach: Coach):
    import asyncio

    await asyncio.gather(
        *(
            coach.touches.log(GUILD, user, customer=f"Customer {index}", kind=TouchKind.CHECK_IN)
            for index in range(10)
            for user in (ALICE, BOB)
        )
    )
    async with coach.db.read() as session:
        assert await session.scalar(select(func.count()).select_from(Touch)) == 20
        assert await session.scalar(select(func.sum(DailyPoints.points))) == 40


async def test_a_weekly_cap_limits_touch_points_but_records_every_touch(coach: Coach, clock):
    await coach.settings.update_guild(GUILD, weekly_points_cap=7)
    points = [
        (await coach.touches.log(GUILD, ALICE, customer=f"Customer {n}", kind=TouchKind.SOLVED)).points
        for n in range(4)
    ]
    assert points == [3, 3, 1, 0]
    clock.advance(weeks=1)
    assert (await coach.touches.log(GUILD, ALICE, customer="Customer 9", kind=TouchKind.SOLVED)).points == 3


async def test_recording_inside_a_callers_transaction_keeps_its_loaded_customer_true(coach: Coach):
    """A kept promise logs its follow-up in its own transaction, holding the customer: the row and the
    object the caller holds agree on the last touch."""
    await coach.touches.log(GUILD, ALICE, customer="Acme", kind=TouchKind.LISTENING, when="yesterday")
    async with coach.db.write() as session:
        held = await session.scalar(select(Customer).where(Customer.name == "Acme"))
        assert held is not None and held.last_touched_on == date(2026, 3, 9)
        await coach.touches.record(session, GUILD, ALICE, customer="Acme", kind=TouchKind.LISTENING)
        assert held.last_touched_on == date(2026, 3, 10)
    async with coach.db.read() as session:
        assert await session.scalar(select(Customer.last_touched_on)) == date(2026, 3, 10)


# The stored streak replay (`Rep.streak_checkpoint_*`): a log replays only the days after it.


async def stored_replay(coach: Coach, user_id: int = ALICE) -> Rep:
    async with coach.db.read() as session:
        rep = await session.scalar(select(Rep).where(Rep.guild_id == GUILD, Rep.user_id == user_id))
        assert rep is not None
        return rep


async def tamper(coach: Coach, **columns: object) -> None:
    """Change the stored replay behind the touch log's back (what a clock gone back, or a bug, would leave)."""
    async with coach.db.write() as session:
        await session.execute(update(Rep).where(Rep.user_id == ALICE).values(**columns))


async def true_streak(coach: Coach, today: date) -> int:
    """The streak replayed from the first touch under the rules as they stand, not from anything stored."""
    async with coach.db.read() as session:
        rep = await session.scalar(select(Rep).where(Rep.guild_id == GUILD, Rep.user_id == ALICE))
        assert rep is not None
        guild = GuildConfig.of(await guild_settings(session, GUILD))
        days = await session.scalars(
            select(DailyPoints.day).where(DailyPoints.rep_id == rep.id, DailyPoints.touch_count > 0)
        )
        return streak_state(list(days), today, guild.due_rule(rep.away_from, rep.away_to)).days


async def test_a_log_keeps_the_streak_replay_10_to_21_days_behind(coach: Coach, clock):
    await coach.touches.log(GUILD, ALICE, customer="Acme", kind=TouchKind.CHECK_IN)  # Tuesday 10 March
    first = await stored_replay(coach)
    assert first.streak_checkpoint_on == date(2026, 2, 28)
    assert first.streak_checkpoint_rule == rule_key([0, 1, 2, 3, 4], [], None, None)
    assert (first.streak_checkpoint_days, first.streak_checkpoint_freezes) == (0, 0)
    clock.advance(days=11)
    await coach.touches.log(GUILD, ALICE, customer="Acme", kind=TouchKind.CHECK_IN)
    assert (await stored_replay(coach)).streak_checkpoint_on == date(2026, 2, 28)  # 21 days behind: kept
    clock.advance(days=1)
    await coach.touches.log(GUILD, ALICE, customer="Acme", kind=TouchKind.CHECK_IN)
    moved = await stored_replay(coach)
    assert moved.streak_checkpoint_on == date(2026, 3, 12)
    # 10 March touched, 11 and 12 missed (no freeze banked): the run ended on Wednesday the 11th.
    assert (moved.streak_checkpoint_days, moved.streak_checkpoint_week_complete) == (0, False)


async def test_a_log_replays_from_the_stored_replay_not_the_whole_history(coach: Coach, clock):
    await coach.touches.log(GUILD, ALICE, customer="Acme", kind=TouchKind.CHECK_IN, when="yesterday")
    # As if a run of 500 days had been summed up on Sunday 8 March: Monday and today follow it.
    await tamper(coach, streak_checkpoint_on=date(2026, 3, 8), streak_checkpoint_days=500)
    assert (await coach.touches.log(GUILD, ALICE, customer="Acme", kind=TouchKind.CHECK_IN)).streak == 502


async def test_the_boards_streaks_resume_from_the_stored_replay_when_it_holds(coach: Coach, clock):
    await coach.touches.log(GUILD, ALICE, customer="Acme", kind=TouchKind.CHECK_IN, when="yesterday")
    # The replay of the day before the last log goes first (the next test): without it, the checkpoint.
    await tamper(coach, streak_checkpoint_on=date(2026, 3, 8), streak_checkpoint_days=500, streak_latest_on=None)
    assert await coach.touches.streak(GUILD, ALICE) == 501  # Monday after it; today is still open
    async with coach.db.read() as session:
        rep = await session.scalar(select(Rep).where(Rep.user_id == ALICE))
        assert rep is not None
        guild = GuildConfig.of(await guild_settings(session, GUILD))
        # A board that ends on the day the stored replay does, or before, replays from the first touch.
        assert await streaks_of(session, [rep], guild, date(2026, 3, 8)) == {rep.id: 0}
        assert await streaks_of(session, [rep], guild, date(2026, 3, 9)) == {rep.id: 501}
    await coach.settings.update_guild(GUILD, work_days="mon-sat")
    assert await coach.touches.streak(GUILD, ALICE) == 1  # another rule: from the first touch


async def test_the_boards_streaks_go_on_from_the_day_before_the_last_log_without_reading_a_day(coach: Coach, clock):
    await coach.touches.log(GUILD, ALICE, customer="Acme", kind=TouchKind.CHECK_IN, when="yesterday")
    await coach.touches.log(GUILD, ALICE, customer="Acme", kind=TouchKind.CHECK_IN)
    stored = await stored_replay(coach)
    assert (stored.streak_latest_on, stored.streak_latest_days, stored.streak_latest_touched) == (
        date(2026, 3, 9),
        1,
        True,
    )
    await tamper(coach, streak_latest_days=700)  # proof that the boards read it and no day
    async with coach.db.read() as session:
        rep = await session.scalar(select(Rep).where(Rep.user_id == ALICE))
        assert rep is not None
        guild = GuildConfig.of(await guild_settings(session, GUILD))
        assert await streaks_of(session, [rep], guild, date(2026, 3, 10)) == {rep.id: 701}
        assert await streaks_of(session, [rep], guild, date(2026, 3, 12)) == {rep.id: 0}  # Wednesday missed
    await coach.settings.update_guild(GUILD, work_days="mon-sat")
    async with coach.db.read() as session:  # another rule: the stored replays no longer hold
        rep = await session.scalar(select(Rep).where(Rep.user_id == ALICE))
        assert rep is not None
        guild = GuildConfig.of(await guild_settings(session, GUILD))
        assert await streaks_of(session, [rep], guild, date(2026, 3, 10)) == {rep.id: 2}


async def test_a_new_streak_rule_replays_from_the_first_touch_again(coach: Coach, clock):
    """Work days, holidays and away days decide which past days were due: a stored replay made under other
    rules is not used, whoever changed them and however."""
    await coach.touches.log(GUILD, ALICE, customer="Acme", kind=TouchKind.CHECK_IN)
    await tamper(coach, streak_checkpoint_days=500)
    await coach.settings.update_guild(GUILD, holidays="2026-12-25")
    clock.advance(days=1)
    assert (await coach.touches.log(GUILD, ALICE, customer="Acme", kind=TouchKind.CHECK_IN)).streak == 2
    stored = await stored_replay(coach)
    assert stored.streak_checkpoint_rule == rule_key([0, 1, 2, 3, 4], [date(2026, 12, 25)], None, None)
    await tamper(coach, streak_checkpoint_days=500)
    await coach.settings.set_away(GUILD, ALICE, "2026-03-20", "2026-03-21")
    assert (await coach.touches.log(GUILD, ALICE, customer="Acme", kind=TouchKind.CHECK_IN)).streak == 2


async def test_a_touch_on_a_day_the_stored_replay_covers_replays_everything(coach: Coach, clock):
    await coach.touches.log(GUILD, ALICE, customer="Acme", kind=TouchKind.CHECK_IN, when="2026-03-05")
    await coach.touches.log(GUILD, ALICE, customer="Acme", kind=TouchKind.CHECK_IN, when="yesterday")
    # A stored replay reaching 7 March (a clock gone back two weeks) that says 500: the 6th is not in it.
    await tamper(coach, streak_checkpoint_on=date(2026, 3, 7), streak_checkpoint_days=500)
    logged = await coach.touches.log(GUILD, ALICE, customer="Acme", kind=TouchKind.CHECK_IN, when="2026-03-06")
    assert logged.streak == 3  # Thursday 5, Friday 6 and Monday 9; today is still open
    assert (await stored_replay(coach)).streak_checkpoint_on == date(2026, 2, 28)


async def test_undoing_a_touch_the_stored_replay_covers_drops_it(coach: Coach, clock):
    await coach.touches.log(GUILD, ALICE, customer="Acme", kind=TouchKind.CHECK_IN, when="2026-03-05")
    await tamper(coach, streak_checkpoint_on=date(2026, 3, 7))
    await coach.touches.undo(GUILD, ALICE)
    assert (await stored_replay(coach)).streak_checkpoint_on is None
    clock.advance(days=1)  # Wednesday: 5 March no longer counts, Monday and Tuesday were missed
    assert (await coach.touches.log(GUILD, ALICE, customer="Acme", kind=TouchKind.CHECK_IN)).streak == 1


async def test_the_streak_from_stored_replays_is_the_streak_from_the_first_touch(coach: Coach, clock):
    """Five months of one rep's days, some missed, some backdated, some undone, while the guild and the rep
    change the rules: every log's streak is the full replay's."""
    rng = random.Random(7)
    clock.set(datetime(2025, 11, 3, 15, tzinfo=UTC))
    changes = {
        40: lambda: coach.settings.update_guild(GUILD, work_days="every day"),
        75: lambda: coach.settings.set_away(GUILD, ALICE, "2026-01-10", "2026-01-30"),
        90: lambda: coach.settings.update_guild(GUILD, work_days="mon-fri", holidays="2025-12-25, 2026-01-01"),
        120: lambda: coach.settings.set_away(GUILD, ALICE, None, None),
    }
    for day in range(150):
        if day in changes:
            await changes[day]()
        today = clock.now.date()
        # Nearly every work day, now and then a weekend day or a day forgotten last week: long runs, with
        # freezes earned and spent.
        for back, chance in ((0, 0.95 if today.weekday() < 5 else 0.15), (rng.randint(1, 7), 0.15)):
            if rng.random() < chance:
                when = (today - timedelta(days=back)).isoformat()
                logged = await coach.touches.log(GUILD, ALICE, customer="Acme", kind=TouchKind.CHECK_IN, when=when)
                assert logged.streak == await true_streak(coach, today), today
                if rng.random() < 0.05:
                    await coach.touches.undo(GUILD, ALICE)
        assert await coach.touches.streak(GUILD, ALICE) == await true_streak(coach, today), today  # the boards'
        clock.advance(days=1)
