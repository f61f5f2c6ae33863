"""Onboarding: a welcome when Rapport joins a server, the "Start with Rapport" post whose button enrols a rep
(time zone and reminder time in a form), and the first-day DM that explains the daily rhythm."""

from __future__ import annotations

from bot.client import RapportBot
from bot.coach.outgoing import FirstDay, StartPost
from cogs.welcome.events import Welcome
from cogs.welcome.views import StartButton, draw_first_day, draw_start_post


async def setup(bot: RapportBot) -> None:
    bot.add_dynamic_items(StartButton)
    bot.renderers.register(StartPost, draw_start_post)
    bot.renderers.register(FirstDay, draw_first_day)
    await bot.add_cog(Welcome(bot))


async def teardown(bot: RapportBot) -> None:
    bot.remove_dynamic_items(StartButton)
    bot.renderers.unregister(StartPost)
    bot.renderers.unregister(FirstDay)
