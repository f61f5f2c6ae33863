"""`/promise ...`: keep track of what you told each customer you would do, and keep your word."""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.choices import customer_choices
from bot.client import RapportBot
from bot.permissions import guild_group
from bot.render.promises import closed_text, promise_list_embed
from bot.render.text import safe
from bot.replies import in_time, reply


class Promises(commands.Cog):
    promise = guild_group("promise", "What you promised customers, and whether you kept it")

    def __init__(self, bot: RapportBot) -> None:
        self.bot = bot

    async def customer_autocomplete(
        self, interaction: discord.Interaction[Any], current: str
    ) -> list[app_commands.Choice[str]]:
        return await customer_choices(self.bot, interaction, current)

    async def promise_autocomplete(
        self, interaction: discord.Interaction[Any], current: str
    ) -> list[app_commands.Choice[int]]:
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
    @app_commands.autocomplete(customer=customer_autocomplete)
    async def add(
        self,
        interaction: discord.Interaction[Any],
        customer: app_commands.Range[str, 1, 100],
        what: app_commands.Range[str, 1, 300],
        due: app_commands.Range[str, 1, 20],
    ) -> None:
        assert interaction.guild_id is not None  # noqa: S101 - guild-only
        view = await in_time(
            interaction, self.bot.coach.promises.add(interaction.guild_id, interaction.user.id, customer, what, due)
        )
        await reply(
            interaction,
            f"Promise **#{view.id}** to **{safe(view.customer)}**, due {view.due_on:%A %d %B}: {safe(view.what)}\n"
            "I'll give you a heads-up the morning before. `/promise done` when it's kept.",
        )

    @promise.command(name="list", description="Your open promises, soonest first")
    async def list_(self, interaction: discord.Interaction[Any]) -> None:
        assert interaction.guild_id is not None  # noqa: S101 - guild-only
        promises = await in_time(interaction, self.bot.coach.promises.open(interaction.guild_id, interaction.user.id))
        await reply(interaction, embed=promise_list_embed(promises))

    @promise.command(name="done", description="Mark a promise kept (on time, it logs a follow-up touch)")
    @app_commands.describe(id="The promise you kept")
    @app_commands.autocomplete(id=promise_autocomplete)
    async def done(self, interaction: discord.Interaction[Any], id: int) -> None:
        assert interaction.guild_id is not None  # noqa: S101 - guild-only
        closed = await in_time(interaction, self.bot.coach.promises.done(interaction.guild_id, interaction.user.id, id))
        await reply(interaction, closed_text(closed))

    @promise.command(name="drop", description="Let a promise go (only you see this)")
    @app_commands.describe(id="The promise to drop", reason="Why (for you; optional)")
    @app_commands.autocomplete(id=promise_autocomplete)
    async def drop(
        self, interaction: discord.Interaction[Any], id: int, reason: app_commands.Range[str, 1, 300] | None = None
    ) -> None:
        assert interaction.guild_id is not None  # noqa: S101 - guild-only
        view = await in_time(
            interaction, self.bot.coach.promises.drop(interaction.guild_id, interaction.user.id, id, reason or "")
        )
        await reply(
            interaction,
            f"Dropped promise #{view.id} to **{safe(view.customer)}**. If they are waiting on it, telling them "
            "honestly now keeps the relationship: an honest expectation reset is a touch worth logging.",
        )


async def setup(bot: RapportBot) -> None:
    await bot.add_cog(Promises(bot))
