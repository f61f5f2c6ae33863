"""Promises: what a rep told a customer they would do, by when (`/promise ...`), and the heads-up DMs."""

from __future__ import annotations

from bot.client import RapportBot
from bot.coach.outgoing import PromiseHeadsUp
from cogs.promises.commands import Promises
from cogs.promises.messages import draw_heads_up


async def setup(bot: RapportBot) -> None:
    bot.renderers.register(PromiseHeadsUp, draw_heads_up)
    await bot.add_cog(Promises(bot))


async def teardown(bot: RapportBot) -> None:
    bot.renderers.unregister(PromiseHeadsUp)
