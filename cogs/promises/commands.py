"""`/promise add|list|done|drop`: keep track of what you told each customer you would do, and keep your word."""

from __future__ import annotations

from discord import app_commands
from discord.ext import commands

from bot.arrival import RowId
from bot.client import RapportBot
from bot.tree import in_time, reply
from bot.ui.choices import customer_choices
from bot.ui.permissions import guild_group
from bot.ui.views import Interaction
from cogs.promises.messages import closed_text, dropped_text, promise_list_embed, promised_text


class Promises(commands.Cog):
    promise = guild_group("promise", "What you promised customers, and whether you kept it")

    def __init__(self, bot: RapportBot) -> None:
        self.bot = bot

    async def promise_autocomplete(self, interaction: Interaction, current: str) -> list[app_commands.Choice[int]]:
        if interaction.guild_id is None:
            return []
        matches = await self.bot.coach.promises.suggest(interaction.guild_id, interaction.user.id, current)
        return [app_commands.Choice(name=label, value=promise_id) for promise_id, label in matches]

    @promise.command(name="add", description="Record what you promised a customer, and by when")
    @app_commands.describe(
        customer="Who you promised",
        what="What you promised, in a line",
        due="By when: friday, in 3 days, tomorrow or YYYY-MM-DD",
    )
    @app_commands.autocomplete(customer=customer_choices)
    async def add(
        self,
        interaction: Interaction,
        customer: app_commands.Range[str, 1, 100],
        what: app_commands.Range[str, 1, 300],
        due: app_commands.Range[str, 1, 20],
    ) -> None:
        assert interaction.guild_id is not None  # noqa: S101 - guild-only
        view = await in_time(
            interaction, self.bot.coach.promises.add(interaction.guild_id, interaction.user.id, customer, what, due)
        )
        await reply(interaction, promised_text(view))

    @promise.command(name="list", description="Your open promises, soonest first")
    async def list_(self, interaction: Interaction) -> None:
        assert interaction.guild_id is not None  # noqa: S101 - guild-only
        promises = await in_time(interaction, self.bot.coach.promises.open(interaction.guild_id, interaction.user.id))
        await reply(interaction, embed=promise_list_embed(promises))

    @promise.command(name="done", description="Mark a promise kept (on time, it logs a follow-up touch)")
    @app_commands.describe(id="The promise you kept")
    @app_commands.autocomplete(id=promise_autocomplete)
    async def done(self, interaction: Interaction, id: RowId) -> None:
        assert interaction.guild_id is not None  # noqa: S101 - guild-only
        closed = await in_time(interaction, self.bot.coach.promises.done(interaction.guild_id, interaction.user.id, id))
        await reply(interaction, closed_text(closed))

    @promise.command(name="drop", description="Let a promise go (only you see this)")
    @app_commands.describe(id="The promise to drop", reason="Why (for you; optional)")
    @app_commands.autocomplete(id=promise_autocomplete)
    async def drop(
        self, interaction: Interaction, id: RowId, reason: app_commands.Range[str, 1, 300] | None = None
    ) -> None:
        assert interaction.guild_id is not None  # noqa: S101 - guild-only
        view = await in_time(
            interaction, self.bot.coach.promises.drop(interaction.guild_id, interaction.user.id, id, reason or "")
        )
        await reply(interaction, dropped_text(view))
