"""Who a member is as a command starts: manager rights, their display name, and the notice that their DMs
were found closed.

Every command starts with `Members.check_in`. For a member
already settled, that read is most of a quick command's database work (bench B1). What the check looks at
changes rarely, and each change made in this process forgets the member at once: their DMs found closed,
the guild's manager role, their data erased. A change made by another process is seen within `TTL`.

Rapport has no member list (it asks for no privileged intent), so the display name a member had when last
seen is the name reports and charts give them; it is written only when it changed.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select

from bot.coach.reps import find_rep
from bot.db.engine import Database
from bot.db.models import GuildSettings, Rep

TTL = 60.0
LARGEST = 10_000  # past this many members, start again rather than grow
NAME_LIMIT = 64  # Discord's names are at most 32 characters; a longer one is clipped, never refused


def stored_name(display_name: str | None) -> str | None:
    """A display name as Rapport keeps it: on one line, spaces collapsed, clipped; None when empty."""
    if display_name is None:
        return None
    name = " ".join(display_name.split())[:NAME_LIMIT]
    return name or None


class SettledMembers:
    def __init__(self) -> None:
        self._settled: dict[tuple[int, int], tuple[float, bool, int | None, str | None]] = {}

    def get(self, guild_id: int, user_id: int) -> tuple[bool, int | None, str | None] | None:
        """(is_manager as stored, the guild's manager role, the display name as stored) when still fresh."""
        entry = self._settled.get((guild_id, user_id))
        if entry is None or entry[0] < time.monotonic():
            return None
        return entry[1], entry[2], entry[3]

    def put(
        self, guild_id: int, user_id: int, is_manager: bool, manager_role_id: int | None, display_name: str | None
    ) -> None:
        if len(self._settled) >= LARGEST:
            self._settled.clear()
        self._settled[(guild_id, user_id)] = (time.monotonic() + TTL, is_manager, manager_role_id, display_name)

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

    async def check_in(
        self,
        guild_id: int,
        user_id: int,
        *,
        manage_guild: bool,
        role_ids: set[int],
        display_name: str | None = None,
    ) -> CheckIn:
        """Before each command: note whether the member has manager rights (boards leave managers off unless
        the guild opts in) and the display name reports call them by, and take, once, the notice that their
        DMs were found closed. The common case is one read, or none for a member settled in the last minute; a
        write happens only when something changed (`display_name` None: leave the stored name as it is)."""
        name = stored_name(display_name)
        settled = self._members.get(guild_id, user_id)
        if settled is not None:
            is_manager, role_id, known_name = settled
            same_name = name is None or name == known_name
            if same_name and (manage_guild or (role_id is not None and role_id in role_ids)) == is_manager:
                return CheckIn(known=True, dm_notice=False)
        async with self._db.read() as session:
            row = (
                await session.execute(
                    select(
                        Rep.is_manager,
                        Rep.dms_closed_at,
                        Rep.dms_closed_told,
                        Rep.display_name,
                        GuildSettings.manager_role_id,
                    )
                    .outerjoin(GuildSettings, GuildSettings.guild_id == Rep.guild_id)
                    .where(Rep.guild_id == guild_id, Rep.user_id == user_id)
                )
            ).first()
        if row is None:
            return CheckIn(known=False, dm_notice=False)
        manager = manage_guild or (row.manager_role_id is not None and row.manager_role_id in role_ids)
        notice = row.dms_closed_at is not None and not row.dms_closed_told
        name = name or row.display_name
        if manager == row.is_manager and not notice and name == row.display_name:
            self._members.put(guild_id, user_id, row.is_manager, row.manager_role_id, row.display_name)
            return CheckIn(known=True, dm_notice=False)
        async with self._db.write() as session:
            rep = await find_rep(session, guild_id, user_id)
            if rep is None:
                return CheckIn(known=False, dm_notice=False)
            rep.is_manager = manager
            if rep.display_name != name:
                rep.display_name = name
            notice = rep.dms_closed_at is not None and not rep.dms_closed_told
            rep.dms_closed_told = rep.dms_closed_told or notice
        self._members.put(guild_id, user_id, manager, row.manager_role_id, name)  # settled as just written
        return CheckIn(known=True, dm_notice=notice)

    async def names(self, guild_id: int, user_ids: Sequence[int]) -> dict[int, str]:
        """The display names members had when last seen, for those Rapport has seen."""
        if not user_ids:
            return {}
        async with self._db.read() as session:
            rows = await session.execute(
                select(Rep.user_id, Rep.display_name).where(
                    Rep.guild_id == guild_id, Rep.user_id.in_(set(user_ids)), Rep.display_name.is_not(None)
                )
            )
            return {user_id: name for user_id, name in rows if name}

    async def note_manager(
        self, guild_id: int, user_id: int, *, manage_guild: bool, role_ids: set[int], display_name: str | None = None
    ) -> None:
        """Manager rights and name of a rep that the command itself created (`check_in` ran before the row
        existed)."""
        await self.check_in(guild_id, user_id, manage_guild=manage_guild, role_ids=role_ids, display_name=display_name)
