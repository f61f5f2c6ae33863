"""`/customers list` and `/customers rename`."""

from __future__ import annotations

from discord import app_commands
from discord.ext import commands

from bot.client import RapportBot
from bot.tree import defer, reply
from bot.ui.choices import customer_choices
from bot.ui.pages import send_pages
from bot.ui.permissions import guild_group
from bot.ui.views import Interaction
from cogs.customers import messages
from cogs.customers.views import ConfirmMerge

FILTER_CHOICES = [
    app_commands.Choice(name="All customers", value="all"),
    app_commands.Choice(name="Cold only", value="cold"),
]


def _ids(interaction: Interaction) -> tuple[int, int]:
    assert interaction.guild_id is not None  # noqa: S101 - a guild-only group
    return interaction.guild_id, interaction.user.id


class Customers(commands.Cog):
    """A rep's customers, coldest first, so nobody goes cold before the rep notices."""

    customers = guild_group("customers", "Your customers and who is going cold")

    def __init__(self, bot: RapportBot) -> None:
        self.bot = bot

    @customers.command(name="list", description="Your customers with days since the last touch, coldest first")
    @app_commands.describe(show="All customers, or only those going cold")
    @app_commands.rename(show="filter")
    @app_commands.choices(show=FILTER_CHOICES)
    async def list_customers(self, interaction: Interaction, show: app_commands.Choice[str] | None = None) -> None:
        guild_id, user_id = _ids(interaction)
        only_cold = show is not None and show.value == "cold"
        await defer(interaction)
        overview = await self.bot.coach.customers.overview(guild_id, user_id, only_cold=only_cold)
        await send_pages(interaction, messages.customer_pages(overview, only_cold=only_cold))

    @customers.command(name="rename", description="Rename a customer; onto an existing name it merges, after asking")
    @app_commands.describe(old="The customer to rename", new="The new name")
    @app_commands.autocomplete(old=customer_choices)
    async def rename(
        self,
        interaction: Interaction,
        old: app_commands.Range[str, 1, 100],
        new: app_commands.Range[str, 1, 100],
    ) -> None:
        guild_id, user_id = _ids(interaction)
        await defer(interaction)
        outcome = await self.bot.coach.customers.rename(guild_id, user_id, old, new)
        if not outcome.needs_merge:
            await reply(interaction, messages.renamed(outcome))
            return
        view = ConfirmMerge(user_id, old, new)
        view.attach(interaction)
        await reply(interaction, messages.merge_question(outcome), view=view)
