"""Who a member is as a command starts: manager rights, their display name, their language, and the notice
that their DMs were found closed.

Every command starts with `Members.check_in`. For a member
already settled, that read is most of a quick command's database work (bench B1). What the check looks at
changes rarely, and each change made in this process forgets the member at once: their DMs found closed,
the guild's manager role, their data erased. A change made by another process is seen within `TTL`.

Rapport has no member list (it asks for no privileged intent), so the display name a member had when last
seen is the name reports and charts give them; it is written only when it changed. So is the locale their
Discord reported (`interaction.locale`): the drain draws their DMs in it. Each server's row learns it from the
member's commands in that server (one row per write, like every other check-in write).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import or_, select, update

from bot.coach.reps import find_rep
from bot.db.engine import Database
from bot.db.models import GuildSettings, Rep

TTL = 60.0
LARGEST = 10_000  # past this many members, start again rather than grow
NAME_LIMIT = 64  # Discord's names are at most 32 characters; a longer one is clipped, never refused
LOCALE_LIMIT = 16  # Discord's locales are at most 6 characters (`es-419`); anything longer is not one of them


def stored_name(display_name: str | None) -> str | None:
    """A display name as Rapport keeps it: on one line, spaces collapsed, clipped; None when empty."""
    if display_name is None:
        return None
    name = " ".join(display_name.split())[:NAME_LIMIT]
    return name or None


def stored_locale(locale: str | None) -> str | None:
    """A locale as Rapport keeps it (`es-ES`); None when empty or too long to be one of Discord's."""
    if not locale or len(locale) > LOCALE_LIMIT:
        return None
    return locale


@dataclass(frozen=True)
class Settled:
    """A member as last read or written: what `check_in` compares the interaction with."""

    is_manager: bool
    manager_role_id: int | None
    display_name: str | None
    locale: str | None


class SettledMembers:
    def __init__(self) -> None:
        self._settled: dict[tuple[int, int], tuple[float, Settled]] = {}

    def get(self, guild_id: int, user_id: int) -> Settled | None:
        """The member as stored, when still fresh."""
        entry = self._settled.get((guild_id, user_id))
        if entry is None or entry[0] < time.monotonic():
            return None
        return entry[1]

    def put(self, guild_id: int, user_id: int, member: Settled) -> None:
        if len(self._settled) >= LARGEST:
            self._settled.clear()
        self._settled[(guild_id, user_id)] = (time.monotonic() + TTL, member)

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
        locale: str | None = None,
    ) -> CheckIn:
        """Before each command: note whether the member has manager rights (boards leave managers off unless
        the guild opts in), the display name reports call them by and the locale their DMs are drawn in, and
        take, once, the notice that their DMs were found closed. The common case is one read, or none for a
        member settled in the last minute; a write happens only when something changed (`display_name` or
        `locale` None: leave the stored one as it is)."""
        name = stored_name(display_name)
        language = stored_locale(locale)
        settled = self._members.get(guild_id, user_id)
        if settled is not None:
            role_id = settled.manager_role_id
            same_name = name is None or name == settled.display_name
            same_language = language is None or language == settled.locale
            manager = manage_guild or (role_id is not None and role_id in role_ids)
            if same_name and same_language and manager == settled.is_manager:
                return CheckIn(known=True, dm_notice=False)
        async with self._db.read() as session:
            row = (
                await session.execute(
                    select(
                        Rep.is_manager,
                        Rep.dms_closed_at,
                        Rep.dms_closed_told,
                        Rep.display_name,
                        Rep.locale,
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
        language = language or row.locale
        if manager == row.is_manager and not notice and name == row.display_name and language == row.locale:
            self._members.put(guild_id, user_id, Settled(row.is_manager, row.manager_role_id, name, language))
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
            if language is not None and language != rep.locale:
                # This server's row only: writing every server's row of the member would lock rows other
                # processes (other shards' servers) hold in another order, a deadlock seen under load.
                rep.locale = language
        self._members.put(guild_id, user_id, Settled(manager, row.manager_role_id, name, language))  # as written
        return CheckIn(known=True, dm_notice=notice)

    async def note_locale(self, guild_id: int, user_id: int, locale: str | None) -> None:
        """A press in a DM (a reminder's buttons), which carries no server and skips `check_in`: keep the
        language it reports for that server's row, written only when it changed (nothing for a member settled
        in that language)."""
        language = stored_locale(locale)
        settled = self._members.get(guild_id, user_id)
        if language is None or (settled is not None and settled.locale == language):
            return
        async with self._db.write() as session:
            await session.execute(
                update(Rep)
                .where(Rep.guild_id == guild_id, Rep.user_id == user_id)
                .where(or_(Rep.locale.is_(None), Rep.locale != language))
                .values(locale=language)
            )
        self._members.forget(guild_id, user_id)

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
