"""`/help`, read from the registered tree so it never goes stale."""

from __future__ import annotations

from discord import app_commands
from discord.ext import commands

from bot.client import RapportBot
from bot.ui.pages import send_pages
from bot.ui.permissions import is_manager
from bot.ui.views import Interaction
from cogs.help.messages import help_pages


class Help(commands.Cog):
    def __init__(self, bot: RapportBot) -> None:
        self.bot = bot

    @app_commands.command(name="help", description="What Rapport is for and the commands you can use")
    async def help(self, interaction: Interaction) -> None:
        manager = await is_manager(interaction)
        await send_pages(interaction, help_pages(self.bot.tree.get_commands(), manager=manager))
