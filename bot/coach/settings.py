"""Guild and rep settings: what managers change with `/coach setup`, what reps change with `/me settings`
and `/me away`. Every value is read and checked before anything changes, so a refused command changes
nothing."""

from __future__ import annotations

from datetime import date

from sqlalchemy import update

from bot.coach.clock import Clock
from bot.coach.customers import restamp_reengaged
from bot.coach.dates import read_day, read_days, read_time, read_weekday, read_weekdays
from bot.coach.errors import InvalidInput
from bot.coach.members import SettledMembers, stored_locale
from bot.coach.outgoing import OutboxKind, Target
from bot.coach.preferences import GuildConfig, RepConfig, rep_config
from bot.coach.reps import ensure_rep, find_rep, guild_settings
from bot.coach.scoring import read_weights
from bot.coach.zones import known_zone, zone
from bot.db.engine import Database
from bot.db.models import GuildSettings, OutboxMessage, Rep
from bot.i18n import N_

MAX_COLD_AFTER_DAYS = 365
MAX_AWAY_DAYS = 90


class SettingsBook:
    def __init__(self, db: Database, clock: Clock, members: SettledMembers | None = None) -> None:
        self._db = db
        self._clock = clock
        self._members = members or SettledMembers()

    async def guild(self, guild_id: int) -> GuildConfig:
        async with self._db.read() as session:
            return GuildConfig.of(await guild_settings(session, guild_id))

    async def update_guild(
        self,
        guild_id: int,
        *,
        timezone: str | None = None,
        channel_id: int | None = None,
        manager_role_id: int | None = None,
        leaderboard_day: str | None = None,
        leaderboard_time: str | None = None,
        reminder_time: str | None = None,
        work_days: str | None = None,
        cold_after_days: int | None = None,
        point_weights: str | None = None,
        team_quiz: bool | None = None,
        holidays: str | None = None,
        weekly_points_cap: int | None = None,
        board_includes_managers: bool | None = None,
        roleplay_open_review: bool | None = None,
        roleplay_retention_days: int | None = None,
        roleplay_llm: bool | None = None,
    ) -> GuildConfig:
        """Validate every given value first, then change them all at once (or none)."""
        changes: dict[str, object] = {}
        if timezone is not None:
            changes["timezone"] = known_zone(timezone)
        if channel_id is not None:
            changes["channel_id"] = channel_id
        if manager_role_id is not None:
            changes["manager_role_id"] = manager_role_id
        if leaderboard_day is not None:
            changes["leaderboard_weekday"] = read_weekday(leaderboard_day)
        if leaderboard_time is not None:
            changes["leaderboard_time"] = read_time(leaderboard_time)
        if reminder_time is not None:
            changes["reminder_time"] = read_time(reminder_time)
        if work_days is not None:
            changes["work_days"] = read_weekdays(work_days)
        if cold_after_days is not None:
            if not 1 <= cold_after_days <= MAX_COLD_AFTER_DAYS:
                raise InvalidInput(N_("`cold_after_days` must be between 1 and {most}."), most=MAX_COLD_AFTER_DAYS)
            changes["cold_after_days"] = cold_after_days
        if point_weights is not None:
            weights = read_weights(point_weights)
            changes["point_weights"] = weights
        if team_quiz is not None:
            changes["team_quiz"] = team_quiz
        if holidays is not None:
            zone_name = str(changes.get("timezone") or (await self.guild(guild_id)).timezone)
            today = self._clock().astimezone(zone(zone_name)).date()
            changes["holidays"] = [day.isoformat() for day in read_days(holidays, today)]
        if weekly_points_cap is not None:
            if weekly_points_cap < 0:
                raise InvalidInput(N_("The weekly cap can't be negative; 0 removes it."))
            changes["weekly_points_cap"] = weekly_points_cap or None
        if board_includes_managers is not None:
            changes["board_includes_managers"] = board_includes_managers
        if roleplay_open_review is not None:
            changes["roleplay_open_review"] = roleplay_open_review
        if roleplay_retention_days is not None:
            if roleplay_retention_days < 0:
                raise InvalidInput(N_("Retention can't be negative; 0 keeps transcripts."))
            changes["roleplay_retention_days"] = roleplay_retention_days or None
        if roleplay_llm is not None:
            changes["roleplay_llm"] = roleplay_llm
        async with self._db.write() as session:
            row = await session.get(GuildSettings, guild_id)
            if row is None:
                row = await guild_settings(session, guild_id)
                session.add(row)
            if "point_weights" in changes:
                changes["point_weights"] = {**(row.point_weights or {}), **changes["point_weights"]}  # type: ignore[dict-item]
            threshold_moved = changes.get("cold_after_days", row.cold_after_days) != row.cold_after_days
            for name, value in changes.items():
                setattr(row, name, value)
            if threshold_moved:  # who counts as re-engaged, and when, follows the threshold
                await restamp_reengaged(session, guild_id, row.cold_after_days)
            # Anything that moves a due time makes the planner compute it afresh.
            row.next_leaderboard_at = row.next_team_quiz_at = None
            await session.execute(
                update(Rep).where(Rep.guild_id == guild_id).values(next_reminder_at=None, next_digest_at=None)
            )
            await session.flush()
        if "manager_role_id" in changes:
            self._members.forget(guild_id)
        return GuildConfig.of(row)

    async def rep(self, guild_id: int, user_id: int) -> RepConfig:
        async with self._db.read() as session:
            guild = GuildConfig.of(await guild_settings(session, guild_id))
            return rep_config(await find_rep(session, guild_id, user_id), guild)

    async def update_rep(
        self,
        guild_id: int,
        user_id: int,
        *,
        timezone: str | None = None,
        reminder_time: str | None = None,
        quiet_days: str | None = None,
        dms_enabled: bool | None = None,
        board: str | None = None,
        locale: str | None = None,
    ) -> RepConfig:
        """A rep's own settings; `default` for time zone or reminder time goes back to the guild's. `locale`: the
        language their Discord reported as they set them (what their DMs are drawn in)."""
        changes: dict[str, object] = {}
        if timezone is not None:
            changes["timezone"] = None if timezone.strip().casefold() == "default" else known_zone(timezone)
        if reminder_time is not None:
            cleaned = reminder_time.strip().casefold()
            changes["reminder_time"] = None if cleaned == "default" else read_time(reminder_time)
        if quiet_days is not None:
            changes["quiet_days"] = read_weekdays(quiet_days)
        if dms_enabled is not None:
            changes["dms_enabled"] = dms_enabled
        if board is not None:
            if board not in {"public", "private"}:
                raise InvalidInput(N_("`board` is `public` or `private`."))
            changes["board_visibility"] = board
        async with self._db.write() as session:
            rep = await ensure_rep(session, guild_id, user_id)
            for name, value in changes.items():
                setattr(rep, name, value)
            language = stored_locale(locale)
            if language is not None and language != rep.locale:
                rep.locale = language
                self._members.forget(guild_id, user_id)
            if dms_enabled:
                rep.dms_closed_at, rep.dms_closed_told = None, False  # they say DMs work again: try again
                # Managers' nudges that Discord refused waited for this: they go out now.
                now = self._clock()
                await session.execute(
                    update(OutboxMessage)
                    .where(
                        OutboxMessage.guild_id == guild_id,
                        OutboxMessage.target == Target.DM,
                        OutboxMessage.target_id == user_id,
                        OutboxMessage.kind == OutboxKind.NUDGE,
                        OutboxMessage.status == "blocked",
                    )
                    .values(status="pending", due_at=now, next_attempt_at=now)
                )
            rep.next_reminder_at = rep.next_digest_at = None
            guild = GuildConfig.of(await guild_settings(session, guild_id))
            return rep_config(rep, guild)

    async def set_away(self, guild_id: int, user_id: int, start: str | None, end: str | None) -> RepConfig:
        """Away from `start` to `end` (local dates, inclusive); both None clears it."""
        async with self._db.write() as session:
            rep = await ensure_rep(session, guild_id, user_id)
            guild = GuildConfig.of(await guild_settings(session, guild_id))
            if start is None and end is None:
                rep.away_from = rep.away_to = None
            else:
                today = self._today(rep, guild)
                first = read_day(start or "today", today)
                last = read_day(end or start or "today", today)
                if last < first:
                    raise InvalidInput(N_("The last away day comes before the first."))
                if last < today:
                    raise InvalidInput(N_("Those days are already over."))
                if (last - first).days + 1 > MAX_AWAY_DAYS:
                    raise InvalidInput(N_("Away can cover at most {most} days at a time."), most=MAX_AWAY_DAYS)
                rep.away_from, rep.away_to = first, last
            rep.next_reminder_at = rep.next_digest_at = None
            return rep_config(rep, guild)

    def _today(self, rep: Rep, guild: GuildConfig) -> date:
        return self._clock().astimezone(zone(rep_config(rep, guild).timezone)).date()
