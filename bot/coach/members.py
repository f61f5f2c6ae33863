"""Members whose start-of-command check found nothing to do, remembered for a short while.

Every command starts with `SettingsBook.check_in` (manager rights, the closed-DM notice). For a member
already settled, that read is most of a quick command's database work (bench B1). What the check looks at
changes rarely, and each change made in this process forgets the member at once: their DMs found closed,
the guild's manager role, their data erased. A change made by another process is seen within `TTL`.
"""

from __future__ import annotations

import time

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
