"""Autocomplete choices several features offer: a rep's own customers, and IANA time zones."""

from __future__ import annotations

from discord import app_commands

from bot.coach.zones import zone_suggestions
from bot.ui.views import Interaction


async def customer_choices(interaction: Interaction, current: str) -> list[app_commands.Choice[str]]:
    """The rep's own customers for an autocomplete: prefix matches first, at most 25."""
    if interaction.guild_id is None:
        return []
    names = await interaction.client.coach.customers.suggest(interaction.guild_id, interaction.user.id, current)
    return [app_commands.Choice(name=name, value=name) for name in names]


async def zone_choices(interaction: Interaction, current: str) -> list[app_commands.Choice[str]]:
    return [app_commands.Choice(name=name, value=name) for name in zone_suggestions(current)]
