"""Managers' nudges: a DM to one rep, now or at a local time; listed and cancellable until sent."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from bot.coach.clock import Clock
from bot.coach.dates import zone
from bot.coach.errors import InvalidInput, NotFound
from bot.coach.nudges import parse_send_time
from bot.coach.outbox import Outbox
from bot.coach.settings import SettingsBook

MAX_MESSAGE = 1000


@dataclass(frozen=True)
class PendingNudge:
    id: int
    member_id: int
    message: str
    due_at: datetime
    from_name: str


class NudgeDesk:
    def __init__(self, clock: Clock, outbox: Outbox, settings: SettingsBook) -> None:
        self._clock = clock
        self._outbox = outbox
        self._settings = settings

    async def schedule(
        self, guild_id: int, manager_id: int, manager_name: str, member_id: int, message: str, when: str | None
    ) -> datetime:
        """Queue the nudge; returns when it goes out (UTC). `when` is read in the member's time zone."""
        text = message.strip()
        if not text:
            raise InvalidInput("A nudge needs a message.")
        if len(text) > MAX_MESSAGE:
            raise InvalidInput(f"A nudge can be at most {MAX_MESSAGE} characters ({len(text)} given).")
        now = self._clock()
        member = await self._settings.rep(guild_id, member_id)
        due = now if not when else parse_send_time(when, now, zone(member.timezone))
        await self._outbox.enqueue(
            key=f"nudge:{guild_id}:{member_id}:{uuid.uuid4().hex}",
            guild_id=guild_id,
            kind="nudge",
            target="dm",
            target_id=member_id,
            payload={"message": text, "from_name": manager_name[:80], "from_id": manager_id},
            due_at=due,
            created_by=manager_id,
        )
        return due

    async def pending(self, guild_id: int) -> list[PendingNudge]:
        return [
            PendingNudge(
                item.id, item.target_id, item.payload.get("message", ""), item.due_at, item.payload.get("from_name", "")
            )
            for item in await self._outbox.pending(guild_id, "nudge")
        ]

    async def cancel(self, guild_id: int, nudge_id: int) -> None:
        if not await self._outbox.cancel(nudge_id, guild_id):
            raise NotFound("That nudge was already sent or cancelled.")
