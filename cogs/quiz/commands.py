"""`/quiz start` and `/quiz stats`."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.client import RapportBot
from bot.i18n import _
from bot.tree import defer, reply
from bot.ui.permissions import guild_group, is_manager
from bot.ui.views import Interaction
from cogs.quiz.messages import stats_embed
from cogs.quiz.views import deal


async def theme_choices(interaction: Interaction, current: str) -> list[app_commands.Choice[str]]:
    if interaction.guild_id is None:
        return []
    typed = current.strip().casefold()
    themes = await interaction.client.coach.scenarios.themes(interaction.guild_id, locale=str(interaction.locale))
    return [
        app_commands.Choice(name=title[:100], value=slug)
        for slug, title in themes.items()
        if typed in slug or typed in title.casefold()
    ][:25]


class Quiz(commands.Cog):
    """Sixty-second customer moments: choose how you'd answer, learn why listening wins."""

    quiz = guild_group("quiz", "Practise answering customers by listening, not pushing")

    def __init__(self, bot: RapportBot) -> None:
        self.bot = bot

    @quiz.command(name="start", description="Get a customer scenario and choose how you'd reply")
    @app_commands.describe(theme="Only scenarios from this theme (optional)")
    @app_commands.autocomplete(theme=theme_choices)
    async def start(self, interaction: Interaction, theme: app_commands.Range[str, 1, 40] | None = None) -> None:
        await defer(interaction)
        await deal(interaction, theme)

    @quiz.command(name="stats", description="Your quiz accuracy by theme and over time")
    @app_commands.describe(member="Another member's stats (managers only)")
    async def stats(self, interaction: Interaction, member: discord.Member | None = None) -> None:
        assert interaction.guild_id is not None  # noqa: S101 - guild-only
        target = member or interaction.user
        if target.id != interaction.user.id and not await is_manager(interaction):
            await reply(interaction, _("Only managers can see another member's quiz stats."))
            return
        await defer(interaction)
        stats = await self.bot.coach.quiz.stats(interaction.guild_id, target.id, locale=str(interaction.locale))
        await reply(interaction, embed=stats_embed(stats, target.display_name))
