"""Managers' nudges: a DM to one rep, now or at a local time; listed and cancellable until sent."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.coach.clock import Clock
from bot.coach.dates import read_moment
from bot.coach.errors import InvalidInput, NotFound
from bot.coach.outbox import Outbox
from bot.coach.outgoing import Nudge, OutboxKind
from bot.coach.settings import SettingsBook
from bot.coach.zones import zone
from bot.i18n import N_

MAX_MESSAGE = 1000
MAX_AHEAD = timedelta(days=30)


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
            raise InvalidInput(N_("A nudge needs a message."))
        if len(text) > MAX_MESSAGE:
            raise InvalidInput(
                N_("A nudge can be at most {limit} characters ({given} given)."), limit=MAX_MESSAGE, given=len(text)
            )
        now = self._clock()
        member = await self._settings.rep(guild_id, member_id)
        due = now if not when else read_moment(when, now, zone(member.timezone))
        if when and due <= now:
            raise InvalidInput(N_("That time has already passed."))
        if due - now > MAX_AHEAD:
            raise InvalidInput(N_("A nudge can be scheduled at most {days} days ahead."), days=MAX_AHEAD.days)
        await self._outbox.enqueue(
            Nudge(text, manager_name[:80], manager_id),
            key=f"nudge:{guild_id}:{member_id}:{uuid.uuid4().hex}",
            guild_id=guild_id,
            target_id=member_id,
            due_at=due,
            created_by=manager_id,
        )
        return due

    async def pending(self, guild_id: int) -> list[PendingNudge]:
        pending = []
        for item in await self._outbox.pending(guild_id, OutboxKind.NUDGE):
            nudge = item.message()
            if isinstance(nudge, Nudge):
                pending.append(PendingNudge(item.id, item.target_id, nudge.message, item.due_at, nudge.from_name))
        return pending

    async def cancel(self, guild_id: int, nudge_id: int) -> None:
        if not await self._outbox.cancel(nudge_id, guild_id):
            raise NotFound(N_("That nudge was already sent or cancelled."))
