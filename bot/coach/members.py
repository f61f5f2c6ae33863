"""Who a member is as a command starts: manager rights, and the notice that their DMs were found closed.

Every command starts with `Members.check_in`. For a member
already settled, that read is most of a quick command's database work (bench B1). What the check looks at
changes rarely, and each change made in this process forgets the member at once: their DMs found closed,
the guild's manager role, their data erased. A change made by another process is seen within `TTL`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from sqlalchemy import select

from bot.coach.reps import find_rep
from bot.db.engine import Database
from bot.db.models import GuildSettings, Rep

TTL = 60.0
LARGEST = 10_000  # past this many members, start again rather than grow


class SettledMembers:
    def __init__(self) -> None:
        self._settled: dict[tuple[int, int], tuple[float, bool, int | None]] = {}

    def get(self, guild_id: int, user_id: int) -> tuple[bool, int | None] | None:
        """(is_manager as stored, the guild's manager role) when still fresh, else None."""
        entry = self._settled.get((guild_id, user_id))
        if entry is None or entry[0] < time.monotonic():
            return None
        return entry[1], entry[2]

    def put(self, guild_id: int, user_id: int, is_manager: bool, manager_role_id: int | None) -> None:
        if len(self._settled) >= LARGEST:
            self._settled.clear()
        self._settled[(guild_id, user_id)] = (time.monotonic() + TTL, is_manager, manager_role_id)

    def forget(self, guild_id: int, user_id: int | None = None) -> None:
        """One member, or (without `user_id`) everyone in the guild."""
        if user_id is not None:
            self._settled.pop((guild_id, user_id), None)
            return
        for key in [key for key in self._settled if key[0] == guild_id]:
            del self._settled[key]


@dataclass(frozen=True)
class CheckIn:
    """What Rapport knows of a member as a command starts."""

    known: bool  # they already have a rep row in this guild
    dm_notice: bool  # their DMs were found closed and this command's reply should say so (once)


class Members:
    """Who a member is as a command starts: their manager rights and whether they must hear that their DMs
    were found closed."""

    def __init__(self, db: Database, settled: SettledMembers) -> None:
        self._db = db
        self._members = settled

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
