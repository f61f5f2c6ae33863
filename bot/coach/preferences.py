"""What a guild's and a rep's settings mean once defaults are filled in: the rules the rest of the domain
reads (a rep's zone, reminder days, resting days, streak rule), never the raw rows."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, time
from typing import Any

from sqlalchemy import Row

from bot.coach.kinds import TouchKind
from bot.coach.reps import DEFAULT_COLD_AFTER_DAYS
from bot.coach.scoring import DEFAULT_POINTS
from bot.coach.streaks import away_days, due_rule
from bot.coach.zones import DEFAULT_TIMEZONE
from bot.db.models import GuildSettings, Rep


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
    roleplay_open_review: bool = False
    roleplay_retention_days: int | None = None
    roleplay_llm: bool = False

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
            roleplay_open_review=bool(getattr(row, "roleplay_open_review", False)),
            roleplay_retention_days=getattr(row, "roleplay_retention_days", None),
            roleplay_llm=bool(getattr(row, "roleplay_llm", False)),
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
