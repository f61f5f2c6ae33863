"""Coach: the manager's tools (`/coach ...`): server settings, nudges to reps, reports and exports, and the
server's own quiz scenarios. Hidden from members without Manage Server, and checked again on every use."""

from __future__ import annotations

from bot.client import RapportBot
from bot.coach.outgoing import Nudge
from cogs.coach.commands import Manager
from cogs.coach.messages import draw_nudge
from cogs.coach.views import CancelNudge


async def setup(bot: RapportBot) -> None:
    bot.add_dynamic_items(CancelNudge)
    bot.renderers.register(Nudge, draw_nudge)
    await bot.add_cog(Manager(bot))


async def teardown(bot: RapportBot) -> None:
    bot.remove_dynamic_items(CancelNudge)
    bot.renderers.unregister(Nudge)
