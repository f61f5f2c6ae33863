"""`/leaderboard`: relationship points on demand, with your own rank told to you privately."""

from __future__ import annotations

from typing import Any, Literal

import discord
from discord import app_commands
from discord.ext import commands

from bot.client import RapportBot
from bot.render.scheduled import board_embed
from bot.render.text import plural

TITLES = {"week": "the last 7 days", "month": "the last 30 days", "all": "all time"}


class Leaderboard(commands.Cog):
    def __init__(self, bot: RapportBot) -> None:
        self.bot = bot

    @app_commands.command(name="leaderboard", description="Relationship points: touches and listening practice")
    @app_commands.describe(
        period="Which period to rank (default: week)", weeks_ago="How many weeks ago: 1 is last week (week boards only)"
    )
    @app_commands.rename(weeks_ago="week")
    @app_commands.guild_only()
    @app_commands.allowed_contexts(guilds=True, dms=False, private_channels=False)
    @app_commands.allowed_installs(guilds=True, users=False)
    async def leaderboard(
        self,
        interaction: discord.Interaction[Any],
        period: Literal["week", "month", "all"] = "week",
        weeks_ago: app_commands.Range[int, 0, 52] = 0,
    ) -> None:
        assert interaction.guild_id is not None  # noqa: S101 - guild-only
        await interaction.response.defer(thinking=True)
        shift = weeks_ago if period == "week" else 0
        board = await self.bot.coach.leaderboard.for_period(
            interaction.guild_id, period, caller_id=interaction.user.id, weeks_ago=shift
        )
        title = TITLES[period] if not shift else f"the week of {board.start.isoformat() if board.start else ''}"
        embed = board_embed(board, f"Relationship board: {title}")
        await interaction.edit_original_response(embed=embed, allowed_mentions=discord.AllowedMentions.none())
        if board.caller is None:
            mine = "You have no relationship points in this period yet. `/touch log` or `/quiz start` changes that."
        else:
            points = plural(board.caller.points, "point")
            customers = plural(board.caller.customers, "customer")
            mine = f"You are **#{board.caller.rank}** of {board.reps_counted} with {points}, {customers} touched."
            if board.caller_private:
                mine += " Your board setting is private: only you see this rank (`/me settings board:public`)."
        await interaction.followup.send(mine, ephemeral=True, allowed_mentions=discord.AllowedMentions.none())


async def setup(bot: RapportBot) -> None:
    await bot.add_cog(Leaderboard(bot))
