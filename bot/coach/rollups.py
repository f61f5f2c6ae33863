"""The per-rep rollups the boards read instead of the raw rows: one row per local day (`daily_points`) and one
per calendar week (`weekly_points`, by its Monday), both written in the transaction that changes what they
count. A board over a year reads 52 weekly rows per rep and the days at its edges, not 365 days."""

from __future__ import annotations

from datetime import date, timedelta

from bot.db.models import DailyPoints, WeeklyPoints
from bot.db.upsert import Executor, insert_or_add


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def add_to_rollups(executor: Executor, /, *, rep_id: int, day: date, guild_id: int, **increments: int) -> None:
    """Add `increments` (points, touch_count, quiz_points, quiz_answered, quiz_listening, promises_kept) to the
    rep's day and week, creating either row as needed."""
    for model, key, when in ((DailyPoints, "day", day), (WeeklyPoints, "week", monday_of(day))):
        insert_or_add(
            executor,
            model,
            {"rep_id": rep_id, key: when, "guild_id": guild_id, **increments},
            ["rep_id", key],
            increments,
        )
