"""Onboarding: how a team starts. A manager posts "Start with Rapport" in a team channel; a rep who presses its
button is enrolled with their time zone and reminder time and gets a first-day DM that explains the daily
rhythm. Rapport has no member list (no privileged intent), so this button is how a rep becomes known before
their first command, and from then on the planner reminds them on their work days."""

from __future__ import annotations

from dataclasses import dataclass

from bot.coach.clock import Clock
from bot.coach.dates import weekdays_text
from bot.coach.outbox import Outbox
from bot.coach.outgoing import FirstDay, StartPost
from bot.coach.preferences import RepConfig
from bot.coach.settings import SettingsBook


@dataclass(frozen=True)
class Enrolment:
    config: RepConfig
    first_time: bool  # False: they had enrolled before, and only their settings changed


class Onboarding:
    def __init__(self, clock: Clock, outbox: Outbox, settings: SettingsBook) -> None:
        self._clock = clock
        self._outbox = outbox
        self._settings = settings

    async def post_start(self, guild_id: int, channel_id: int, manager_id: int, manager_name: str) -> None:
        """Queue the start post for `channel_id` (delivered by the drain, like every channel post)."""
        now = self._clock()
        await self._outbox.enqueue(
            StartPost(manager_name),
            key=f"start:{guild_id}:{channel_id}:{now.isoformat()}",
            guild_id=guild_id,
            target_id=channel_id,
            created_by=manager_id,
        )

    async def enrol(
        self, guild_id: int, user_id: int, timezone: str, reminder_time: str, *, locale: str | None = None
    ) -> Enrolment:
        """Save the rep's time zone and reminder time (checked first: nothing is saved if either is wrong) and
        their Discord's `locale`, and send the first-day DM the first time only (drawn in that locale)."""
        config = await self._settings.update_rep(
            guild_id, user_id, timezone=timezone, reminder_time=reminder_time, locale=locale
        )
        guild = await self._settings.guild(guild_id)
        days = config.reminder_days(guild)
        first_time = await self._outbox.enqueue(
            FirstDay(config.timezone, f"{config.reminder_time:%H:%M}", weekdays_text(days), tuple(days)),
            key=f"first-day:{guild_id}:{user_id}",
            guild_id=guild_id,
            target_id=user_id,
        )
        return Enrolment(config, first_time)
