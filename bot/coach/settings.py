"""Guild and rep settings: what managers set with `/coach setup`, what reps set with `/me settings`.

Parsing of what people type (times, weekdays, point weights) lives here too, so every command reads the same
forms and refuses the same mistakes with the same words.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, time, timedelta
from typing import Any
from zoneinfo import available_timezones

from sqlalchemy import Row, select, update

from bot.coach.clock import Clock
from bot.coach.dates import zone
from bot.coach.errors import InvalidInput
from bot.coach.kinds import TouchKind
from bot.coach.members import SettledMembers
from bot.coach.reps import DEFAULT_COLD_AFTER_DAYS, DEFAULT_TIMEZONE, ensure_rep, find_rep, guild_settings
from bot.coach.scoring import DEFAULT_POINTS
from bot.coach.streaks import away_days, due_rule
from bot.db.engine import Database
from bot.db.models import GuildSettings, OutboxMessage, Rep

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MAX_POINTS_PER_KIND = 10
MAX_COLD_AFTER_DAYS = 365
_TIME = re.compile(r"^(\d{1,2})(?::(\d{2}))?\s*(am|pm)?$")


def parse_time(text: str) -> time:
    """`16:30`, `9`, `9:05am`, `4pm` -> a local time of day."""
    match = _TIME.match(text.strip().casefold())
    if match is None:
        raise InvalidInput(f"I can't read `{text}` as a time. Use 24-hour `HH:MM`, like `16:30`.")
    hour, minute, half = int(match[1]), int(match[2] or 0), match[3]
    if half:
        if not 1 <= hour <= 12:
            raise InvalidInput(f"`{text}`: with am/pm the hour is 1-12.")
        hour = hour % 12 + (12 if half == "pm" else 0)
    if hour > 23 or minute > 59:
        raise InvalidInput(f"`{text}` is not a time of day.")
    return time(hour, minute)


def parse_weekday(text: str) -> int:
    cleaned = text.strip().casefold()
    for index, name in enumerate(WEEKDAYS):
        if len(cleaned) >= 2 and name.startswith(cleaned):
            return index
    raise InvalidInput(f"`{text}` is not a weekday. Use names like `mon` or `monday`.")


def parse_weekdays(text: str) -> list[int]:
    """`mon-fri`, `mon,wed,fri`, `weekdays`, `every day`, `none` -> sorted weekday numbers."""
    cleaned = text.strip().casefold()
    if cleaned in {"weekdays", "work days", "workdays"}:
        return [0, 1, 2, 3, 4]
    if cleaned in {"every day", "everyday", "all", "daily"}:
        return list(range(7))
    if cleaned in {"none", "no days", "-"}:
        return []
    days: set[int] = set()
    for part in re.split(r"[,\s]+", cleaned):
        if not part:
            continue
        if "-" in part:
            first, last = (parse_weekday(piece) for piece in part.split("-", 1))
            span = (last - first) % 7
            days.update((first + offset) % 7 for offset in range(span + 1))
        else:
            days.add(parse_weekday(part))
    return sorted(days)


def weekdays_text(days: list[int]) -> str:
    if not days:
        return "none"
    if days == [0, 1, 2, 3, 4]:
        return "Mon-Fri"
    return ", ".join(WEEKDAYS[day][:3].title() for day in days)


def parse_weights(text: str) -> dict[str, int]:
    """`listening=4, thanks=0` -> overrides of the default points per touch kind."""
    weights: dict[str, int] = {}
    for part in re.split(r"[,;\n]+", text):
        if not part.strip():
            continue
        if "=" not in part:
            raise InvalidInput(f"`{part.strip()}`: write point weights as `kind=points`, like `listening=4`.")
        name, value = (piece.strip().casefold() for piece in part.split("=", 1))
        try:
            kind = TouchKind(name.replace("-", "_").replace(" ", "_"))
        except ValueError:
            known = ", ".join(kind.value for kind in TouchKind)
            raise InvalidInput(f"`{name}` is not a touch kind. Kinds: {known}.") from None
        if not value.isdigit() or int(value) > MAX_POINTS_PER_KIND:
            raise InvalidInput(f"`{name}`: points must be a whole number from 0 to {MAX_POINTS_PER_KIND}.")
        weights[kind.value] = int(value)
    return weights


MAX_AWAY_DAYS = 90
MAX_HOLIDAYS = 60


def parse_day(text: str, today: date) -> date:
    """`today`, `tomorrow` or `YYYY-MM-DD`."""
    cleaned = text.strip().casefold()
    if cleaned == "today":
        return today
    if cleaned == "tomorrow":
        return today + timedelta(days=1)
    try:
        return date.fromisoformat(cleaned)
    except ValueError:
        raise InvalidInput(f"I can't read `{text}` as a date. Use `YYYY-MM-DD`, `today` or `tomorrow`.") from None


def parse_holidays(text: str) -> list[str]:
    """`2026-12-24, 2026-12-25` -> sorted ISO dates; `none` clears the list."""
    if text.strip().casefold() in {"none", "-", "clear"}:
        return []
    days = set()
    for part in re.split(r"[,\s]+", text.strip()):
        if part:
            try:
                days.add(date.fromisoformat(part))
            except ValueError:
                raise InvalidInput(f"`{part}` is not a date. List holidays as `YYYY-MM-DD, YYYY-MM-DD`.") from None
    if len(days) > MAX_HOLIDAYS:
        raise InvalidInput(f"At most {MAX_HOLIDAYS} holidays can be set at once.")
    return [day.isoformat() for day in sorted(days)]


def known_zone(name: str) -> str:
    cleaned = name.strip()
    zone(cleaned)  # raises InvalidInput for an unknown name
    if cleaned not in available_timezones() and cleaned != "UTC":
        raise InvalidInput(f"`{name}` is not a time zone I know. Use an IANA name like `Europe/Paris`.")
    return cleaned


def zone_suggestions(typed: str, limit: int = 25) -> list[str]:
    needle = typed.strip().casefold().replace(" ", "_")
    names = sorted(available_timezones())
    prefix = [name for name in names if name.casefold().startswith(needle)]
    inner = [name for name in names if needle in name.casefold() and name not in prefix]
    return (prefix + inner)[:limit]


@dataclass(frozen=True)
class GuildConfig:
    guild_id: int
    timezone: str
    channel_id: int | None
    manager_role_id: int | None
    leaderboard_weekday: int
    leaderboard_time: time
    reminder_time: time
    work_days: list[int]
    cold_after_days: int
    point_weights: dict[str, int]
    team_quiz: bool
    holidays: list[date]
    weekly_points_cap: int | None
    board_includes_managers: bool

    @property
    def weights(self) -> dict[TouchKind, int]:
        """Every kind's points: the guild's overrides over the defaults."""
        return {kind: self.point_weights.get(kind.value, DEFAULT_POINTS[kind]) for kind in TouchKind}

    def due_rule(self, away_from: date | None, away_to: date | None) -> Callable[[date], bool]:
        """The streak rule for a rep away over those days: work days that are not holidays or away days."""
        return due_rule(self.work_days, [*self.holidays, *away_days(away_from, away_to)])

    @classmethod
    def of(cls, row: GuildSettings | Row[Any]) -> GuildConfig:
        """From the ORM row, or from a plain row holding the `guild_settings` columns by their names (all None
        for a guild that never changed a setting, but its `guild_id`)."""
        return cls(
            guild_id=row.guild_id,
            timezone=row.timezone or DEFAULT_TIMEZONE,
            channel_id=row.channel_id,
            manager_role_id=row.manager_role_id,
            leaderboard_weekday=row.leaderboard_weekday if row.leaderboard_weekday is not None else 0,
            leaderboard_time=row.leaderboard_time or time(9, 0),
            reminder_time=row.reminder_time or time(16, 30),
            work_days=list(row.work_days if row.work_days is not None else [0, 1, 2, 3, 4]),
            cold_after_days=row.cold_after_days if row.cold_after_days is not None else DEFAULT_COLD_AFTER_DAYS,
            point_weights=dict(row.point_weights or {}),
            team_quiz=bool(row.team_quiz),
            holidays=sorted(date.fromisoformat(day) for day in (row.holidays or [])),
            weekly_points_cap=row.weekly_points_cap,
            board_includes_managers=bool(row.board_includes_managers),
        )


@dataclass(frozen=True)
class RepConfig:
    """A rep's effective settings, and which of them are their own rather than the guild's."""

    timezone: str
    reminder_time: time
    quiet_days: list[int]
    dms_enabled: bool
    dms_closed: bool
    own_timezone: bool
    own_reminder_time: bool
    board_visibility: str = "public"
    away_from: date | None = None
    away_to: date | None = None

    def reminder_days(self, guild: GuildConfig) -> list[int]:
        return [day for day in guild.work_days if day not in self.quiet_days]

    def resting_on(self, day: date, guild: GuildConfig) -> bool:
        """Away or a guild holiday: no reminders, no digests, and no streak breaks that day."""
        away = self.away_from is not None and self.away_to is not None and self.away_from <= day <= self.away_to
        return away or day in guild.holidays

    def is_due(self, guild: GuildConfig) -> Callable[[date], bool]:
        """The streak rule for this rep: work days that are not holidays or away days."""
        return guild.due_rule(self.away_from, self.away_to)


def rep_config(rep: Rep | None, guild: GuildConfig) -> RepConfig:
    return RepConfig(
        timezone=(rep.timezone if rep and rep.timezone else guild.timezone),
        reminder_time=(rep.reminder_time if rep and rep.reminder_time else guild.reminder_time),
        quiet_days=list(rep.quiet_days or []) if rep else [],
        dms_enabled=rep.dms_enabled if rep else True,
        dms_closed=rep is not None and rep.dms_closed_at is not None,
        own_timezone=bool(rep and rep.timezone),
        own_reminder_time=bool(rep and rep.reminder_time),
        board_visibility=rep.board_visibility if rep else "public",
        away_from=rep.away_from if rep else None,
        away_to=rep.away_to if rep else None,
    )


@dataclass(frozen=True)
class CheckIn:
    """What Rapport knows of a member as a command starts."""

    known: bool  # they already have a rep row in this guild
    dm_notice: bool  # their DMs were found closed and this command's reply should say so (once)


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
            changes["leaderboard_weekday"] = parse_weekday(leaderboard_day)
        if leaderboard_time is not None:
            changes["leaderboard_time"] = parse_time(leaderboard_time)
        if reminder_time is not None:
            changes["reminder_time"] = parse_time(reminder_time)
        if work_days is not None:
            changes["work_days"] = parse_weekdays(work_days)
        if cold_after_days is not None:
            if not 1 <= cold_after_days <= MAX_COLD_AFTER_DAYS:
                raise InvalidInput(f"`cold_after_days` must be between 1 and {MAX_COLD_AFTER_DAYS}.")
            changes["cold_after_days"] = cold_after_days
        if point_weights is not None:
            weights = parse_weights(point_weights)
            changes["point_weights"] = weights
        if team_quiz is not None:
            changes["team_quiz"] = team_quiz
        if holidays is not None:
            changes["holidays"] = parse_holidays(holidays)
        if weekly_points_cap is not None:
            if weekly_points_cap < 0:
                raise InvalidInput("The weekly cap can't be negative; 0 removes it.")
            changes["weekly_points_cap"] = weekly_points_cap or None
        if board_includes_managers is not None:
            changes["board_includes_managers"] = board_includes_managers
        async with self._db.write() as session:
            row = await session.get(GuildSettings, guild_id)
            if row is None:
                row = await guild_settings(session, guild_id)
                session.add(row)
            if "point_weights" in changes:
                changes["point_weights"] = {**(row.point_weights or {}), **changes["point_weights"]}  # type: ignore[dict-item]
            for name, value in changes.items():
                setattr(row, name, value)
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
    ) -> RepConfig:
        """A rep's own settings; `default` for time zone or reminder time goes back to the guild's."""
        changes: dict[str, object] = {}
        if timezone is not None:
            changes["timezone"] = None if timezone.strip().casefold() == "default" else known_zone(timezone)
        if reminder_time is not None:
            cleaned = reminder_time.strip().casefold()
            changes["reminder_time"] = None if cleaned == "default" else parse_time(reminder_time)
        if quiet_days is not None:
            changes["quiet_days"] = parse_weekdays(quiet_days)
        if dms_enabled is not None:
            changes["dms_enabled"] = dms_enabled
        if board is not None:
            if board not in {"public", "private"}:
                raise InvalidInput("`board` is `public` or `private`.")
            changes["board_visibility"] = board
        async with self._db.write() as session:
            rep = await ensure_rep(session, guild_id, user_id)
            for name, value in changes.items():
                setattr(rep, name, value)
            if dms_enabled:
                rep.dms_closed_at, rep.dms_closed_told = None, False  # they say DMs work again: try again
                # Managers' nudges that Discord refused waited for this: they go out now.
                now = self._clock()
                await session.execute(
                    update(OutboxMessage)
                    .where(
                        OutboxMessage.guild_id == guild_id,
                        OutboxMessage.target == "dm",
                        OutboxMessage.target_id == user_id,
                        OutboxMessage.kind == "nudge",
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
                first = parse_day(start or "today", today)
                last = parse_day(end or start or "today", today)
                if last < first:
                    raise InvalidInput("The last away day comes before the first.")
                if last < today:
                    raise InvalidInput("Those days are already over.")
                if (last - first).days + 1 > MAX_AWAY_DAYS:
                    raise InvalidInput(f"Away can cover at most {MAX_AWAY_DAYS} days at a time.")
                rep.away_from, rep.away_to = first, last
            rep.next_reminder_at = rep.next_digest_at = None
            return rep_config(rep, guild)

    def _today(self, rep: Rep, guild: GuildConfig) -> date:
        return self._clock().astimezone(zone(rep_config(rep, guild).timezone)).date()

    async def check_in(self, guild_id: int, user_id: int, *, manage_guild: bool, role_ids: set[int]) -> CheckIn:
        """Before each command: note whether the member has manager rights (boards leave managers off unless
        the guild opts in) and take, once, the notice that their DMs were found closed. The common case is one
        read, or none for a member settled in the last minute; a write happens only when something changed."""
        settled = self._members.get(guild_id, user_id)
        if settled is not None:
            is_manager, role_id = settled
            if (manage_guild or (role_id is not None and role_id in role_ids)) == is_manager:
                return CheckIn(known=True, dm_notice=False)
        async with self._db.read() as session:
            row = (
                await session.execute(
                    select(Rep.is_manager, Rep.dms_closed_at, Rep.dms_closed_told, GuildSettings.manager_role_id)
                    .outerjoin(GuildSettings, GuildSettings.guild_id == Rep.guild_id)
                    .where(Rep.guild_id == guild_id, Rep.user_id == user_id)
                )
            ).first()
        if row is None:
            return CheckIn(known=False, dm_notice=False)
        manager = manage_guild or (row.manager_role_id is not None and row.manager_role_id in role_ids)
        notice = row.dms_closed_at is not None and not row.dms_closed_told
        if manager == row.is_manager and not notice:
            self._members.put(guild_id, user_id, row.is_manager, row.manager_role_id)
            return CheckIn(known=True, dm_notice=False)
        async with self._db.write() as session:
            rep = await find_rep(session, guild_id, user_id)
            if rep is None:
                return CheckIn(known=False, dm_notice=False)
            rep.is_manager = manager
            notice = rep.dms_closed_at is not None and not rep.dms_closed_told
            rep.dms_closed_told = rep.dms_closed_told or notice
        self._members.put(guild_id, user_id, manager, row.manager_role_id)  # settled as just written
        return CheckIn(known=True, dm_notice=notice)

    async def note_manager(self, guild_id: int, user_id: int, *, manage_guild: bool, role_ids: set[int]) -> None:
        """Manager rights of a rep that the command itself created (`check_in` ran before the row existed)."""
        await self.check_in(guild_id, user_id, manage_guild=manage_guild, role_ids=role_ids)
