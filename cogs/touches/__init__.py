"""Touches: reps log the relationship actions they take each day (`/touch ...`), and the daily reminder DM
with its buttons to log a touch from the DM or snooze the reminder."""

from __future__ import annotations

from bot.client import RapportBot
from bot.coach.outgoing import Reminder
from cogs.touches.commands import Touches
from cogs.touches.reminder import LogTouchButton, SnoozeButton, draw_reminder


async def setup(bot: RapportBot) -> None:
    bot.add_dynamic_items(LogTouchButton, SnoozeButton)
    bot.renderers.register(Reminder, draw_reminder)
    await bot.add_cog(Touches(bot))


async def teardown(bot: RapportBot) -> None:
    bot.remove_dynamic_items(LogTouchButton, SnoozeButton)
    bot.renderers.unregister(Reminder)
