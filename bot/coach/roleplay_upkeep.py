"""Role-play's upkeep on the scheduler's tick: conversations idle past the timeout end, and transcripts a guild
keeps only so long are purged (their numbers stay). Apart from the role-play service so that the tick never
loads the scorer and the personas for a team that does not role-play (README, Performance: B5)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update

from bot.coach.clock import Clock
from bot.coach.roleplay_limits import ACTIVE, ENDED, IDLE_TIMEOUT, TIMEOUT
from bot.db.engine import Database
from bot.db.models import GuildSettings, RolePlay, RolePlayTurn


class RolePlayUpkeep:
    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    async def expire_idle(self) -> int:
        """End conversations idle for longer than the timeout, and purge the transcripts a guild keeps only so
        long (the numbers stay); the scheduler's tick. Returns how many conversations ended."""
        now = self._clock()
        async with self._db.write() as session:
            result = await session.execute(
                update(RolePlay)
                .where(RolePlay.status == ACTIVE, RolePlay.last_at < now - IDLE_TIMEOUT)
                .values(status=ENDED, outcome=TIMEOUT, ended_at=now, ended_on=now.date())
            )
            keeping = await session.execute(
                select(GuildSettings.guild_id, GuildSettings.roleplay_retention_days).where(
                    GuildSettings.roleplay_retention_days.is_not(None)
                )
            )
            for guild_id, days in keeping:
                old = select(RolePlay.id).where(
                    RolePlay.guild_id == guild_id,
                    RolePlay.status == ENDED,
                    RolePlay.purged.is_(False),
                    RolePlay.ended_at < now - timedelta(days=days or 0),
                )
                ids = list(await session.scalars(old))
                if ids:
                    await session.execute(
                        update(RolePlayTurn)
                        .where(RolePlayTurn.roleplay_id.in_(ids))
                        .values(
                            customer_before=None,
                            reply=None,
                            customer_after=None,
                            cues=[],
                            override_note=None,
                            second_opinion=None,
                        )
                    )
                    await session.execute(
                        update(RolePlay).where(RolePlay.id.in_(ids)).values(opening=None, purged=True)
                    )
            return int(result.rowcount or 0)  # type: ignore[attr-defined]
