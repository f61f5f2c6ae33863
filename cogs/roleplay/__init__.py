"""Role-play: a rep answers a scripted customer in their own words and gets an explainable listening report
(`/roleplay start`); the buttons carry the conversation, so it survives a restart."""

from __future__ import annotations

from bot.client import RapportBot
from bot.coach.outgoing import RolePlayAssignment
from cogs.roleplay.commands import RolePlayCommands
from cogs.roleplay.views import EndButton, HintButton, ReplyButton, ShareButton, StartAssignedButton, draw_assignment


async def setup(bot: RapportBot) -> None:
    bot.add_dynamic_items(ReplyButton, HintButton, EndButton, ShareButton, StartAssignedButton)
    bot.renderers.register(RolePlayAssignment, draw_assignment)
    await bot.add_cog(RolePlayCommands(bot))


async def teardown(bot: RapportBot) -> None:
    bot.remove_dynamic_items(ReplyButton, HintButton, EndButton, ShareButton, StartAssignedButton)
    bot.renderers.unregister(RolePlayAssignment)
