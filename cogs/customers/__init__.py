"""Customers: a rep's own customers, who is going cold (`/customers ...`), and the weekly going-cold digest."""

from __future__ import annotations

from bot.client import RapportBot
from bot.coach.outgoing import ColdDigest
from cogs.customers.commands import Customers
from cogs.customers.messages import draw_digest


async def setup(bot: RapportBot) -> None:
    bot.renderers.register(ColdDigest, draw_digest)
    await bot.add_cog(Customers(bot))


async def teardown(bot: RapportBot) -> None:
    bot.renderers.unregister(ColdDigest)
