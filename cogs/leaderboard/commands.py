"""`/leaderboard`: the board, posted in the channel, with the caller's own rank told to them privately."""

from __future__ import annotations

from typing import Literal

from discord import app_commands
from discord.ext import commands

from bot.client import RapportBot
from bot.tree import defer, reply
from bot.ui.views import Interaction
from cogs.leaderboard.messages import board_embed, board_title, own_rank, period_title


class Leaderboard(commands.Cog):
    def __init__(self, bot: RapportBot) -> None:
        self.bot = bot

    @app_commands.command(
        name="leaderboard",
        description="Relationship points: touches and listening practice",
        extras={"answer": "public"},  # the board is for the channel, even when a slow check-in defers it
    )
    @app_commands.describe(
        period="Which period to rank (default: week)",
        weeks_ago="A past weekly board: 1 is the last one posted, 2 the one before (week only)",
    )
    @app_commands.rename(weeks_ago="week")
    @app_commands.guild_only()
    @app_commands.allowed_contexts(guilds=True, dms=False, private_channels=False)
    @app_commands.allowed_installs(guilds=True, users=False)
    async def leaderboard(
        self,
        interaction: Interaction,
        period: Literal["week", "month", "all"] = "week",
        weeks_ago: app_commands.Range[int, 0, 52] = 0,
    ) -> None:
        assert interaction.guild_id is not None  # noqa: S101 - guild-only
        await defer(interaction, ephemeral=False)
        shift = weeks_ago if period == "week" else 0
        board = await self.bot.coach.leaderboard.for_period(
            interaction.guild_id, period, caller_id=interaction.user.id, weeks_ago=shift
        )
        # A past week is the calendar week a weekly board showed, under the same title.
        title = board_title(board) if shift else period_title(period)
        await reply(interaction, embed=board_embed(board, title))
        await reply(interaction, own_rank(board), ephemeral=True)
