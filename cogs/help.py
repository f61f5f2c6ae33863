"""`/help`: what Rapport is for, and every command, read from the registered tree so it never goes stale."""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.client import RapportBot
from bot.render.help import help_embed


class Help(commands.Cog):
    def __init__(self, bot: RapportBot) -> None:
        self.bot = bot

    @app_commands.command(name="help", description="What Rapport is for and the commands you can use")
    async def help(self, interaction: discord.Interaction[Any]) -> None:
        await interaction.response.send_message(
            embed=help_embed(self.bot.tree.get_commands()),
            ephemeral=True,
            allowed_mentions=discord.AllowedMentions.none(),
        )


async def setup(bot: RapportBot) -> None:
    await bot.add_cog(Help(bot))
