"""Role-play: a rep answers a scripted customer in their own words and gets an explainable listening report
(`/roleplay start`); the buttons carry the conversation, so it survives a restart."""

from __future__ import annotations

from bot.client import RapportBot
from cogs.roleplay.commands import RolePlayCommands
from cogs.roleplay.views import EndButton, HintButton, ReplyButton, ShareButton


async def setup(bot: RapportBot) -> None:
    bot.add_dynamic_items(ReplyButton, HintButton, EndButton, ShareButton)
    await bot.add_cog(RolePlayCommands(bot))


async def teardown(bot: RapportBot) -> None:
    bot.remove_dynamic_items(ReplyButton, HintButton, EndButton, ShareButton)
