"""`/help`, read from the registered tree so it never goes stale."""

from __future__ import annotations

from discord import app_commands
from discord.ext import commands

from bot.client import RapportBot
from bot.tree import reply
from bot.ui.views import Interaction
from cogs.help.messages import help_embed


class Help(commands.Cog):
    def __init__(self, bot: RapportBot) -> None:
        self.bot = bot

    @app_commands.command(name="help", description="What Rapport is for and the commands you can use")
    async def help(self, interaction: Interaction) -> None:
        await reply(interaction, embed=help_embed(self.bot.tree.get_commands()))
