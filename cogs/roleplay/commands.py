"""`/roleplay start [persona]`."""

from __future__ import annotations

from discord import app_commands
from discord.ext import commands

from bot.client import RapportBot
from bot.tree import defer, reply
from bot.ui.permissions import guild_group
from bot.ui.views import Interaction
from cogs.roleplay.messages import turn_embed
from cogs.roleplay.views import conversation_view


async def persona_choices(interaction: Interaction, current: str) -> list[app_commands.Choice[str]]:
    if interaction.guild_id is None:
        return []
    matches = await interaction.client.coach.roleplay.suggest(interaction.guild_id, current)
    return [app_commands.Choice(name=label, value=persona_id) for persona_id, label in matches]


class RolePlayCommands(commands.Cog):
    """Practise saying a listening reply, in your own words, to a customer who answers back."""

    roleplay = guild_group("roleplay", "Practise a customer conversation in your own words")

    def __init__(self, bot: RapportBot) -> None:
        self.bot = bot

    @roleplay.command(name="start", description="Talk with a scripted customer; a listening report comes at the end")
    @app_commands.describe(persona="Who to talk with (default: one you haven't finished this week)")
    @app_commands.autocomplete(persona=persona_choices)
    async def start(self, interaction: Interaction, persona: app_commands.Range[str, 1, 40] | None = None) -> None:
        assert interaction.guild_id is not None  # noqa: S101 - guild-only
        await defer(interaction)
        turn = await self.bot.coach.roleplay.start(interaction.guild_id, interaction.user.id, persona)
        await reply(interaction, embed=turn_embed(turn), view=conversation_view(turn.conversation_id, turn.number))
