from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from bot.coach import Coach
from bot.coach.kinds import TouchKind
from bot.coach.outbox import MAX_ATTEMPTS, Depth, retry_after_failure
from bot.coach.outgoing import FirstDay, Nudge
from bot.db.models import OutboxMessage, Rep

NUDGE = Nudge("Call Acme back today", "Maya", 7)
GUILD, ALICE, BOB = 1001, 501, 502
NOW = datetime(2026, 3, 10, 15, 0, tzinfo=UTC)  # a Tuesday


async def rows(coach: Coach) -> list[OutboxMessage]:
    async with coach.db.read() as session:
        return list(await session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def test_retry_uses_retry_after_then_backs_off_then_gives_up():
    assert retry_after_failure(1, NOW, 2.5).at == NOW + timedelta(seconds=2.5)
    assert retry_after_failure(1, NOW).at == NOW + timedelta(seconds=10)
    assert retry_after_failure(3, NOW).at == NOW + timedelta(seconds=40)
    assert retry_after_failure(20, NOW).at is None
    assert retry_after_failure(MAX_ATTEMPTS - 1, NOW).at <= NOW + timedelta(hours=1)


async def test_the_same_key_is_planned_once(coach: Coach):
    first = await coach.outbox.enqueue(NUDGE, key="k", guild_id=GUILD, target_id=ALICE)
    again = await coach.outbox.enqueue(NUDGE, key="k", guild_id=GUILD, target_id=ALICE)
    assert (first, again) == (True, False)
    assert len(await rows(coach)) == 1


async def test_due_rows_in_order_and_stale_ones_expire(coach: Coach, clock):
    clock.set(NOW)
    for key, hours in [("old", -7), ("late", -1), ("now", 0), ("later", 2)]:
        await coach.outbox.enqueue(
            NUDGE, key=key, guild_id=GUILD, target_id=ALICE,
            due_at=NOW + timedelta(hours=hours),
        )  # fmt: skip
    assert await coach.outbox.expire_stale() == 1
    assert [item.key for item in await coach.outbox.due()] == ["late", "now"]


async def test_the_outbox_depth_counts_what_waits_by_kind_and_what_is_due(coach: Coach, clock):
    clock.set(NOW)
    assert await coach.outbox.depth() == []
    for key, hours in [("due", -1), ("now", 0), ("later", 2), ("sent", 0), ("retrying", 0)]:
        await coach.outbox.enqueue(NUDGE, key=key, guild_id=GUILD, target_id=ALICE, due_at=NOW + timedelta(hours=hours))
    await coach.outbox.enqueue(FirstDay("UTC", "09:00", "weekdays"), key="first", guild_id=GUILD, target_id=BOB)
    by_key = {item.key: item for item in await coach.outbox.due()}
    await coach.outbox.mark_sent(by_key["sent"].id, 99)
    await coach.outbox.mark_failed(by_key["retrying"], "503")  # pending, tried again in 10 s: not due yet
    assert await coach.outbox.depth() == [Depth("first_day", 1, 1), Depth("nudge", 4, 2)]


async def test_failures_retry_then_fail_and_closed_dms_block(coach: Coach, clock):
    clock.set(NOW)
    await coach.touches.log(GUILD, ALICE, customer="Acme", kind=TouchKind.HELP)
    await coach.outbox.enqueue(NUDGE, key="a", guild_id=GUILD, target_id=ALICE)
    [item] = await coach.outbox.due()
    await coach.outbox.mark_failed(item, "503", retry_after=None)
    assert await coach.outbox.due() == []
    clock.advance(seconds=11)
    [item] = await coach.outbox.due()
    assert item.attempts == 1
    await coach.outbox.mark_blocked(item, ALICE)
    assert (await rows(coach))[0].status == "blocked"
    assert (await coach.settings.rep(GUILD, ALICE)).dms_closed
    rights = {"manage_guild": False, "role_ids": set()}
    assert (await coach.members.check_in(GUILD, ALICE, **rights)).dm_notice is True
    assert (await coach.members.check_in(GUILD, ALICE, **rights)).dm_notice is False


async def test_reminder_planned_once_at_the_local_time_only_without_a_touch(coach: Coach, clock):
    clock.set(NOW)
    await coach.settings.update_guild(GUILD, timezone="Europe/Paris", reminder_time="16:30")
    await coach.touches.log(GUILD, ALICE, customer="Old friend", kind=TouchKind.HELP, when="2026-03-04")
    await coach.settings.update_rep(GUILD, BOB, quiet_days="tue")
    await coach.planner.tick()  # computes due times
    async with coach.db.read() as session:
        alice = await session.scalar(select(Rep).where(Rep.user_id == ALICE))
    assert alice.next_reminder_at == datetime(2026, 3, 10, 15, 30, tzinfo=UTC)
    clock.set(datetime(2026, 3, 10, 15, 31, tzinfo=UTC))
    report = await coach.planner.tick()
    await coach.planner.tick()
    assert report.reminders == 1
    [reminder] = [row for row in await rows(coach) if row.kind == "reminder"]
    assert reminder.key == f"reminder:{GUILD}:{ALICE}:2026-03-10"
    assert reminder.payload["coldest"] == [{"name": "Old friend", "days": 6}]
    # Tomorrow Alice logs a touch before 16:30: no reminder.
    clock.set(datetime(2026, 3, 11, 9, 0, tzinfo=UTC))
    await coach.touches.log(GUILD, ALICE, customer="Acme", kind=TouchKind.CHECK_IN)
    clock.set(datetime(2026, 3, 11, 15, 31, tzinfo=UTC))
    await coach.planner.tick()
    keys = sorted(row.key for row in await rows(coach) if row.kind == "reminder")
    # Bob, quiet on Tuesdays, is reminded on Wednesday; Alice, who logged a touch, is not.
    assert keys == [f"reminder:{GUILD}:{ALICE}:2026-03-10", f"reminder:{GUILD}:{BOB}:2026-03-11"]


async def test_reminders_skip_non_work_days_and_closed_dms(coach: Coach, clock):
    clock.set(datetime(2026, 3, 13, 12, 0, tzinfo=UTC))  # Friday
    await coach.touches.log(GUILD, ALICE, customer="Acme", kind=TouchKind.HELP)
    await coach.planner.tick()
    async with coach.db.read() as session:
        alice = await session.scalar(select(Rep).where(Rep.user_id == ALICE))
    assert alice.next_reminder_at == datetime(2026, 3, 13, 16, 30, tzinfo=UTC)
    clock.set(datetime(2026, 3, 13, 16, 31, tzinfo=UTC))
    await coach.planner.tick()  # she touched today: nothing, next is Monday
    async with coach.db.read() as session:
        alice = await session.scalar(select(Rep).where(Rep.user_id == ALICE))
    assert alice.next_reminder_at == datetime(2026, 3, 16, 16, 30, tzinfo=UTC)
    await coach.settings.update_rep(GUILD, ALICE, dms_enabled=False)
    clock.set(datetime(2026, 3, 16, 16, 31, tzinfo=UTC))
    await coach.planner.tick()
    clock.set(datetime(2026, 3, 17, 16, 31, tzinfo=UTC))
    assert (await coach.planner.tick()).reminders == 0


async def test_after_long_downtime_old_reminders_are_not_planned(coach: Coach, clock):
    clock.set(NOW)
    await coach.touches.log(GUILD, ALICE, customer="Acme", kind=TouchKind.HELP, when="yesterday")
    await coach.planner.tick()
    clock.set(NOW + timedelta(days=2))  # down for two days
    report = await coach.planner.tick()
    assert report.reminders == 0
    async with coach.db.read() as session:
        alice = await session.scalar(select(Rep).where(Rep.user_id == ALICE))
    assert alice.next_reminder_at > NOW + timedelta(days=2)


async def test_weekly_digest_lists_cold_customers(coach: Coach, clock):
    clock.set(datetime(2026, 3, 1, 12, tzinfo=UTC))
    await coach.touches.log(GUILD, ALICE, customer="Frozen", kind=TouchKind.HELP)
    clock.set(datetime(2026, 3, 15, 12, tzinfo=UTC))  # Sunday
    await coach.touches.log(GUILD, ALICE, customer="Warm", kind=TouchKind.HELP)
    await coach.planner.tick()
    clock.set(datetime(2026, 3, 16, 16, 31, tzinfo=UTC))  # Monday, after reminder time
    report = await coach.planner.tick()
    assert report.digests == 1
    [digest] = [row for row in await rows(coach) if row.kind == "digest"]
    assert digest.payload["cold"] == [{"name": "Frozen", "days": 15}]


async def test_weekly_board_planned_for_the_channel(coach: Coach, clock):
    clock.set(datetime(2026, 3, 10, 12, tzinfo=UTC))
    await coach.touches.log(GUILD, ALICE, customer="Acme", kind=TouchKind.LISTENING)
    await coach.touches.log(GUILD, BOB, customer="Globex", kind=TouchKind.THANKS)
    await coach.settings.update_guild(GUILD, channel_id=777)
    await coach.planner.tick()
    clock.set(datetime(2026, 3, 16, 9, 1, tzinfo=UTC))
    assert (await coach.planner.tick()).boards == 1
    assert (await coach.planner.tick()).boards == 0
    [board] = [row for row in await rows(coach) if row.kind == "leaderboard"]
    assert (board.target, board.target_id, board.key) == ("channel", 777, f"leaderboard:{GUILD}:2026-03-09")
    assert [(row["user_id"], row["points"]) for row in board.payload["rows"]] == [(ALICE, 3), (BOB, 1)]


async def test_no_reminders_on_away_days_or_holidays(coach: Coach, clock):
    clock.set(datetime(2026, 3, 9, 12, tzinfo=UTC))  # Monday
    await coach.touches.log(GUILD, ALICE, customer="Acme", kind=TouchKind.HELP, when="2026-03-06")
    await coach.settings.set_away(GUILD, ALICE, "2026-03-10", "2026-03-11")
    await coach.settings.update_guild(GUILD, holidays="2026-03-12")
    for day in (10, 11, 12, 13):
        clock.set(datetime(2026, 3, day, 12, tzinfo=UTC))
        await coach.planner.tick()
        clock.set(datetime(2026, 3, day, 16, 31, tzinfo=UTC))
        await coach.planner.tick()
    keys = [row.key for row in await rows(coach) if row.kind == "reminder"]
    assert keys == [f"reminder:{GUILD}:{ALICE}:2026-03-13"]


async def test_a_rep_replanned_while_a_tick_plans_keeps_the_new_plan(coach: Coach, clock, monkeypatch):
    """The tick stores a batch of due times after planning it; a settings change in between wins."""
    clock.set(NOW)
    await coach.touches.log(GUILD, ALICE, customer="Acme", kind=TouchKind.HELP)
    await coach.planner.tick()
    plan = coach.planner._plan_rep

    async def plan_while_alice_moves_her_reminder(*args: object) -> dict[str, object]:
        planned = await plan(*args)
        await coach.settings.update_rep(GUILD, ALICE, reminder_time="18:00")  # clears her due times
        return planned

    monkeypatch.setattr(coach.planner, "_plan_rep", plan_while_alice_moves_her_reminder)
    clock.set(datetime(2026, 3, 10, 16, 31, tzinfo=UTC))  # her 16:30 reminder came due
    await coach.planner.tick()
    async with coach.db.read() as session:
        alice = await session.scalar(select(Rep).where(Rep.user_id == ALICE))
    assert (alice.next_reminder_at, alice.next_digest_at) == (None, None)  # left for the next tick
    monkeypatch.undo()
    await coach.planner.tick()
    async with coach.db.read() as session:
        alice = await session.scalar(select(Rep).where(Rep.user_id == ALICE))
    assert alice.next_reminder_at == datetime(2026, 3, 10, 18, 0, tzinfo=UTC)
