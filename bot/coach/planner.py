"""What the scheduler's tick does: find what is due and write it to the outbox.

Every due time lives in the database in UTC (reps' next reminder and digest, guilds' next board). A tick
plans what came due, stores the next due time, and leaves delivery to the drain. Each message's key names
its recipient, kind and local date or period, so a tick that runs twice (or a restart mid-tick) plans once.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, bindparam, or_, select, update

from bot.coach.clock import Clock
from bot.coach.errors import NotFound
from bot.coach.leaderboard import Leaderboard, board_week
from bot.coach.outbox import Outbox, Planned
from bot.coach.outgoing import BoardPost, ColdCustomer, ColdDigest, PromiseHeadsUp, Reminder, TeamQuestion
from bot.coach.preferences import GuildConfig, rep_config
from bot.coach.reps import guild_settings
from bot.coach.team_quiz import TeamQuiz
from bot.coach.timing import STALE_AFTER, local_instant, next_occurrence, week_start
from bot.coach.zones import zone
from bot.db.engine import Database
from bot.db.models import Customer, DailyPoints, GuildSettings, Promise, Rep, table_of

REMINDER_SUGGESTIONS = 3
DIGEST_LIMIT = 25
BATCH = 500
# Promise heads-ups go out at this local time.
PROMISE_MORNING = time(9, 0)


@dataclass
class TickReport:
    reminders: int = 0
    digests: int = 0
    boards: int = 0
    team_quizzes: int = 0
    promise_notes: int = 0


_REPS = table_of(Rep).c
# A batch of reps' next due times in one statement: a restart after a busy day plans hundreds, and one
# write transaction each kept the writer busy while the guilds were arriving. A row someone replanned since
# the tick read it (a settings change clears its due times) is left for the next tick.
_NEXT_TIMES = (
    update(table_of(Rep))
    .where(
        _REPS.id == bindparam("rep_id"),
        _REPS.next_reminder_at.is_not_distinct_from(bindparam("read_reminder_at")),
        _REPS.next_digest_at.is_not_distinct_from(bindparam("read_digest_at")),
    )
    .values(next_reminder_at=bindparam("reminder_at"), next_digest_at=bindparam("digest_at"))
)


def _store_next_times(connection: Connection, planned: list[dict[str, Any]]) -> None:
    connection.execute(_NEXT_TIMES, planned)


class Planner:
    def __init__(
        self, db: Database, clock: Clock, outbox: Outbox, leaderboard: Leaderboard, team_quiz: TeamQuiz
    ) -> None:
        self._db = db
        self._clock = clock
        self._outbox = outbox
        self._leaderboard = leaderboard
        self._team_quiz = team_quiz

    async def tick(self) -> TickReport:
        report = TickReport()
        now = self._clock()
        await self._plan_reps(now, report)
        await self._plan_boards(now, report)
        await self._plan_team_quizzes(now, report)
        await self._plan_promises(now, report)
        return report

    async def _guild(self, guild_id: int, cache: dict[int, GuildConfig]) -> GuildConfig:
        if guild_id not in cache:
            async with self._db.read() as session:
                cache[guild_id] = GuildConfig.of(await guild_settings(session, guild_id))
        return cache[guild_id]

    async def _plan_reps(self, now: datetime, report: TickReport) -> None:
        guilds: dict[int, GuildConfig] = {}
        last_id = 0
        while True:
            async with self._db.read() as session:
                reps = list(
                    await session.scalars(
                        select(Rep)
                        .where(
                            Rep.id > last_id,
                            or_(
                                Rep.next_reminder_at.is_(None),
                                Rep.next_reminder_at <= now,
                                Rep.next_digest_at.is_(None),
                                Rep.next_digest_at <= now,
                            ),
                        )
                        .order_by(Rep.id)
                        .limit(BATCH)
                    )
                )
            if not reps:
                return
            planned = [await self._plan_rep(rep, await self._guild(rep.guild_id, guilds), now, report) for rep in reps]
            await self._db.run_write(_store_next_times, planned)
            last_id = reps[-1].id

    async def _plan_rep(self, rep: Rep, guild: GuildConfig, now: datetime, report: TickReport) -> dict[str, Any]:
        """Plan what came due for the rep; returns their next due times, for `_store_next_times`."""
        config = rep_config(rep, guild)
        tz = zone(config.timezone)
        reachable = config.dms_enabled and not config.dms_closed
        next_reminder, next_digest = rep.next_reminder_at, rep.next_digest_at
        reminder_days = config.reminder_days(guild)
        # The reminder and the digest (on the board's day, at the same time) are written in one transaction, so
        # the drain, which sends what falls due together for one rep as one DM, never sees one without the other.
        due: list[Planned] = []
        if next_reminder is None:
            next_reminder = next_occurrence(now, config.reminder_time, tz, reminder_days)
        elif next_reminder <= now:
            resting = config.resting_on(next_reminder.astimezone(tz).date(), guild)
            fresh = now - next_reminder < STALE_AFTER
            if reachable and fresh and not resting and (reminder := await self._plan_reminder(rep, next_reminder, tz)):
                due.append(reminder)
            next_reminder = next_occurrence(max(next_reminder, now), config.reminder_time, tz, reminder_days)
        digest_day = [guild.leaderboard_weekday]
        if next_digest is None:
            next_digest = next_occurrence(now, config.reminder_time, tz, digest_day)
        elif next_digest <= now:
            resting = config.resting_on(next_digest.astimezone(tz).date(), guild)
            fresh = now - next_digest < STALE_AFTER
            if reachable and fresh and not resting and (digest := await self._plan_digest(rep, guild, next_digest, tz)):
                due.append(digest)
            next_digest = next_occurrence(max(next_digest, now), config.reminder_time, tz, digest_day)
        for item, added in zip(due, await self._outbox.enqueue_all(due), strict=True):
            if added and isinstance(item.message, Reminder):
                report.reminders += 1
            elif added:
                report.digests += 1
        return {
            "rep_id": rep.id,
            "read_reminder_at": rep.next_reminder_at,
            "read_digest_at": rep.next_digest_at,
            # No reminder days at all: look again in a week rather than on every tick.
            "reminder_at": next_reminder or now + timedelta(days=7),
            "digest_at": next_digest or now + timedelta(days=7),
        }

    async def snooze(self, guild_id: int, user_id: int, minutes: int) -> datetime:
        """Send the daily reminder again in `minutes` (from the reminder DM's Snooze button)."""
        now = self._clock()
        async with self._db.read() as session:
            rep = await session.scalar(select(Rep).where(Rep.guild_id == guild_id, Rep.user_id == user_id))
            if rep is None:
                raise NotFound("You don't use Rapport in that server yet.")
            guild = GuildConfig.of(await guild_settings(session, guild_id))
        due = now + timedelta(minutes=minutes)
        local_day = due.astimezone(zone(rep_config(rep, guild).timezone)).date()
        await self._outbox.enqueue_all(
            [
                await self._reminder(
                    rep, local_day, due, f"reminder:{guild_id}:{user_id}:{local_day.isoformat()}:snooze:{due:%H%M}"
                )
            ]
        )
        return due

    async def _coldest(self, rep_id: int, limit: int) -> list[Customer]:
        async with self._db.read() as session:
            query = select(Customer).where(Customer.rep_id == rep_id, Customer.last_touched_on.is_not(None))
            rows = await session.scalars(query.order_by(Customer.last_touched_on, Customer.name_key).limit(limit))
            return list(rows)

    async def _plan_reminder(self, rep: Rep, due: datetime, tz: ZoneInfo) -> Planned | None:
        local_day = due.astimezone(tz).date()
        async with self._db.read() as session:
            touched = await session.scalar(
                select(DailyPoints.touch_count).where(DailyPoints.rep_id == rep.id, DailyPoints.day == local_day)
            )
        if touched:
            return None  # they already logged a touch today: nothing to remind
        return await self._reminder(rep, local_day, due, f"reminder:{rep.guild_id}:{rep.user_id}:{local_day}")

    async def _reminder(self, rep: Rep, local_day: date, due: datetime, key: str) -> Planned:
        """The daily reminder DM (planned, or snoozed), naming the rep's coldest customers as of `local_day`."""
        coldest = tuple(
            ColdCustomer(customer.name, (local_day - customer.last_touched_on).days)
            for customer in await self._coldest(rep.id, REMINDER_SUGGESTIONS)
            if customer.last_touched_on is not None
        )
        return Planned(Reminder(local_day, coldest), key, rep.guild_id, rep.user_id, due)

    async def _plan_digest(self, rep: Rep, guild: GuildConfig, due: datetime, tz: ZoneInfo) -> Planned | None:
        local_day = due.astimezone(tz).date()
        async with self._db.read() as session:
            rows = await session.scalars(
                select(Customer)
                .where(
                    Customer.rep_id == rep.id,
                    Customer.last_touched_on <= local_day - timedelta(days=guild.cold_after_days),
                )
                .order_by(Customer.last_touched_on, Customer.name_key)
                .limit(DIGEST_LIMIT + 1)
            )
            cold = list(rows)
        if not cold:
            return None
        digest = ColdDigest(
            local_day,
            guild.cold_after_days,
            tuple(
                ColdCustomer(customer.name, (local_day - customer.last_touched_on).days)
                for customer in cold[:DIGEST_LIMIT]
                if customer.last_touched_on is not None
            ),
            more=len(cold) > DIGEST_LIMIT,
        )
        key = f"digest:{rep.guild_id}:{rep.user_id}:{week_start(local_day).isoformat()}"
        return Planned(digest, key, rep.guild_id, rep.user_id, due)

    async def _guild_schedule(
        self,
        now: datetime,
        due_column: Any,
        conditions: list[Any],
        weekdays: Callable[[GuildConfig], list[int]],
        act: Callable[[GuildConfig, datetime, ZoneInfo], Awaitable[bool]],
    ) -> int:
        """Run a per-guild recurring post: for each guild whose `due_column` time has come, `act` (unless the
        post is stale after downtime), then store the next local occurrence. Returns how many were planned."""
        async with self._db.read() as session:
            rows = list(
                await session.scalars(
                    select(GuildSettings).where(
                        GuildSettings.channel_id.is_not(None),
                        *conditions,
                        or_(due_column.is_(None), due_column <= now),
                    )
                )
            )
        planned = 0
        for row in rows:
            guild = GuildConfig.of(row)
            tz = zone(guild.timezone)
            due = getattr(row, due_column.key)
            if due is not None and now - due < STALE_AFTER and await act(guild, due, tz):
                planned += 1
            following = next_occurrence(max(due or now, now), guild.leaderboard_time, tz, weekdays(guild))
            async with self._db.write() as session:
                stored = await session.get(GuildSettings, guild.guild_id)
                if stored is not None:
                    setattr(stored, due_column.key, following or now + timedelta(days=7))
        return planned

    async def _plan_boards(self, now: datetime, report: TickReport) -> None:
        """The weekly board, on the board's day and time, covering the seven days before."""

        async def post_board(guild: GuildConfig, due: datetime, tz: ZoneInfo) -> bool:
            start, end = board_week(due.astimezone(tz).date())
            board = await self._leaderboard.between(guild.guild_id, start, end, period="week")
            return await self._outbox.enqueue(
                BoardPost(board),
                key=f"leaderboard:{guild.guild_id}:{start.isoformat()}",
                guild_id=guild.guild_id,
                target_id=guild.channel_id or 0,
                due_at=due,
            )

        report.boards += await self._guild_schedule(
            now, GuildSettings.next_leaderboard_at, [], lambda guild: [guild.leaderboard_weekday], post_board
        )

    async def _plan_team_quizzes(self, now: datetime, report: TickReport) -> None:
        """Each work day at the board's time, one scenario for the whole team, in the channel."""

        async def post_question(guild: GuildConfig, due: datetime, tz: ZoneInfo) -> bool:
            day = due.astimezone(tz).date()
            post = await self._team_quiz.post_for(guild.guild_id, day)
            return post is not None and await self._outbox.enqueue(
                TeamQuestion(post.post_id),
                key=f"team_quiz:{guild.guild_id}:{day.isoformat()}",
                guild_id=guild.guild_id,
                target_id=guild.channel_id or 0,
                due_at=due,
            )

        report.team_quizzes += await self._guild_schedule(
            now,
            GuildSettings.next_team_quiz_at,
            [GuildSettings.team_quiz.is_(True)],
            lambda guild: guild.work_days,
            post_question,
        )

    async def _plan_promises(self, now: datetime, report: TickReport) -> None:
        """A heads-up the rep's local morning before a promise is due, and on the due day if still open."""
        soon = now.date()
        async with self._db.read() as session:
            rows = list(
                await session.execute(
                    select(Promise, Rep, Customer.name)
                    .join(Rep, Rep.id == Promise.rep_id)
                    .join(Customer, Customer.id == Promise.customer_id)
                    .where(
                        Promise.status == "open",
                        Promise.due_on >= soon - timedelta(days=1),
                        Promise.due_on <= soon + timedelta(days=2),
                    )
                )
            )
        guilds: dict[int, GuildConfig] = {}
        for promise, rep, customer in rows:
            guild = await self._guild(rep.guild_id, guilds)
            config = rep_config(rep, guild)
            tz = zone(config.timezone)
            today = now.astimezone(tz).date()
            morning = local_instant(today, PROMISE_MORNING, tz)
            if not config.dms_enabled or config.dms_closed or config.resting_on(today, guild):
                continue
            if not morning <= now < morning + STALE_AFTER:
                continue
            when = {today: "today", today + timedelta(days=1): "tomorrow"}.get(promise.due_on)
            if when is None:
                continue
            if await self._outbox.enqueue(
                PromiseHeadsUp(promise.id, customer, promise.what, due_today=when == "today"),
                key=f"promise:{promise.id}:{'due' if when == 'today' else 'eve'}",
                guild_id=rep.guild_id,
                target_id=rep.user_id,
                due_at=morning,
            ):
                report.promise_notes += 1
