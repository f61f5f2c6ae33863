"""Who a rep is in a guild, and which time zone their days are counted in."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from sqlalchemy import bindparam, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.coach.zones import DEFAULT_TIMEZONE, zone
from bot.db.models import GuildSettings, Rep
from bot.db.upsert import insert_ignore

DEFAULT_COLD_AFTER_DAYS = 14


# The statements every command runs are built once, with their values as parameters: on SQLite, building
# and hashing a statement costs more than running it.
_REP = select(Rep).where(Rep.guild_id == bindparam("guild_id"), Rep.user_id == bindparam("user_id"))


async def find_rep(session: AsyncSession, guild_id: int, user_id: int) -> Rep | None:
    return await session.scalar(_REP, {"guild_id": guild_id, "user_id": user_id})


async def ensure_rep(session: AsyncSession, guild_id: int, user_id: int) -> Rep:
    """The rep row, created on first use (safe when two commands race to create it)."""
    rep = await find_rep(session, guild_id, user_id)
    if rep is None:
        await session.run_sync(
            insert_ignore,
            Rep,
            {"guild_id": guild_id, "user_id": user_id, "preferences": {}},
            ["guild_id", "user_id"],
        )
        rep = await find_rep(session, guild_id, user_id)
        assert rep is not None  # noqa: S101 - inserted or already there, in this transaction
    return rep


def default_settings(guild_id: int) -> GuildSettings:
    """An unsaved row of defaults, for a guild that never changed any setting."""
    return GuildSettings(guild_id=guild_id, timezone=DEFAULT_TIMEZONE, cold_after_days=DEFAULT_COLD_AFTER_DAYS)


async def guild_settings(session: AsyncSession, guild_id: int) -> GuildSettings:
    """The guild's settings, or an unsaved row of defaults when the guild never changed any."""
    found = await session.get(GuildSettings, guild_id)
    if found is not None:
        return found
    return default_settings(guild_id)


async def rep_zone(session: AsyncSession, guild_id: int, rep: Rep | None) -> ZoneInfo:
    """The rep's own zone, else the guild's default, else UTC."""
    if rep is not None and rep.timezone:
        return zone(rep.timezone)
    return zone((await guild_settings(session, guild_id)).timezone)
