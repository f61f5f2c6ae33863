"""Autocomplete choices several cogs offer: a rep's own customers, and IANA time zones."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands

from bot.coach.settings import zone_suggestions

if TYPE_CHECKING:
    from bot.client import RapportBot


async def customer_choices(
    bot: RapportBot, interaction: discord.Interaction[Any], current: str
) -> list[app_commands.Choice[str]]:
    """The rep's own customers for an autocomplete: prefix matches first, at most 25."""
    if interaction.guild_id is None:
        return []
    names = await bot.coach.customers.suggest(interaction.guild_id, interaction.user.id, current)
    return [app_commands.Choice(name=name, value=name) for name in names]


async def zone_autocomplete(interaction: discord.Interaction[Any], current: str) -> list[app_commands.Choice[str]]:
    return [app_commands.Choice(name=name, value=name) for name in zone_suggestions(current)]
