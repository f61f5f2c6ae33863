"""`/touch ...` and `/customers ...`: reps log customer touches and see who is going cold.

A thin adapter: parse the interaction, defer, call the coach, render the result.
"""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.choices import customer_choices
from bot.client import RapportBot
from bot.coach.dates import recent_days
from bot.coach.kinds import TouchKind
from bot.coach.touches import MAX_HISTORY_DAYS, MAX_NOTE_LENGTH
from bot.permissions import guild_group
from bot.render import touches as render
from bot.render.dm_actions import LogTouchButton, SnoozeButton
from bot.render.pages import pager_for
from bot.render.views import ExpiringView
from bot.replies import defer, in_time, reply

KIND_CHOICES = [app_commands.Choice(name=kind.label, value=kind.value) for kind in TouchKind]
FILTER_CHOICES = [
    app_commands.Choice(name="All customers", value="all"),
    app_commands.Choice(name="Cold only", value="cold"),
]
MERGE_TIMEOUT_SECONDS = 5 * 60


def _ids(interaction: discord.Interaction[Any]) -> tuple[int, int]:
    # The groups are guild-only, so Discord never sends these commands from a DM.
    assert interaction.guild_id is not None  # noqa: S101
    return interaction.guild_id, interaction.user.id


class ConfirmMerge(ExpiringView):
    """Asks before `/customers rename` merges two customers' histories."""

    expired_content = "No answer in time, so nothing was merged."

    def __init__(self, bot: RapportBot, owner_id: int, old: str, new: str) -> None:
        super().__init__(timeout=MERGE_TIMEOUT_SECONDS)
        self.bot, self.owner_id, self.old, self.new = bot, owner_id, old, new

    async def interaction_check(self, interaction: discord.Interaction[Any]) -> bool:
        return interaction.user.id == self.owner_id

    @discord.ui.button(label="Merge", style=discord.ButtonStyle.danger)
    async def merge(self, interaction: discord.Interaction[Any], _button: discord.ui.Button[Any]) -> None:
        guild_id, user_id = _ids(interaction)
        outcome = await self.bot.coach.customers.rename(guild_id, user_id, self.old, self.new, merge=True)
        self.stop()
        await interaction.response.edit_message(content=render.renamed(outcome), view=None)

    @discord.ui.button(label="Cancel", style=discord.ButtonStyle.secondary)
    async def cancel(self, interaction: discord.Interaction[Any], _button: discord.ui.Button[Any]) -> None:
        self.stop()
        await interaction.response.edit_message(content="Nothing merged; both customers stay as they were.", view=None)


class Touches(commands.Cog):
    """Log relationship actions and keep an eye on the customers going cold."""

    touch = guild_group("touch", "Log your customer touches")
    customers = guild_group("customers", "Your customers and who is going cold")

    def __init__(self, bot: RapportBot) -> None:
        self.bot = bot

    async def customer_autocomplete(
        self, interaction: discord.Interaction[Any], current: str
    ) -> list[app_commands.Choice[str]]:
        return await customer_choices(self.bot, interaction, current)

    async def when_autocomplete(
        self, interaction: discord.Interaction[Any], current: str
    ) -> list[app_commands.Choice[str]]:
        if interaction.guild_id is None:
            return []
        days = recent_days(await self.bot.coach.touches.today(interaction.guild_id, interaction.user.id))
        options = ["today", "yesterday", *(day.isoformat() for day in days[2:])]
        typed = current.strip().lower()
        return [app_commands.Choice(name=option, value=option) for option in options if typed in option]

    @touch.command(name="log", description="Record a customer touch: a relationship action, never a close")
    @app_commands.describe(
        customer="Who you touched (pick one of yours or type a new name)",
        kind="What kind of relationship action it was",
        note="What you learned or did (optional, private to you)",
        when="today, yesterday or YYYY-MM-DD, up to 7 days back (default: today)",
    )
    @app_commands.choices(kind=KIND_CHOICES)
    @app_commands.autocomplete(customer=customer_autocomplete, when=when_autocomplete)
    async def log_touch(
        self,
        interaction: discord.Interaction[Any],
        customer: app_commands.Range[str, 1, 100],
        kind: app_commands.Choice[str],
        note: app_commands.Range[str, 1, MAX_NOTE_LENGTH] | None = None,
        when: app_commands.Range[str, 1, 20] | None = None,
    ) -> None:
        guild_id, user_id = _ids(interaction)
        result = await in_time(
            interaction,
            self.bot.coach.touches.log(
                guild_id, user_id, customer=customer, kind=TouchKind(kind.value), note=note, when=when
            ),
        )
        await reply(interaction, render.logged_touch(result))

    @touch.command(name="undo", description="Remove your most recent touch, if logged in the last 24 hours")
    async def undo_touch(self, interaction: discord.Interaction[Any]) -> None:
        guild_id, user_id = _ids(interaction)
        result = await in_time(interaction, self.bot.coach.touches.undo(guild_id, user_id))
        await reply(interaction, render.undone_touch(result))

    @touch.command(name="history", description="Your touches, newest first")
    @app_commands.describe(
        customer="Only this customer (optional)", days=f"How many days back, 1-{MAX_HISTORY_DAYS} (default 14)"
    )
    @app_commands.autocomplete(customer=customer_autocomplete)
    async def history(
        self,
        interaction: discord.Interaction[Any],
        customer: app_commands.Range[str, 1, 100] | None = None,
        days: app_commands.Range[int, 1, MAX_HISTORY_DAYS] = 14,
    ) -> None:
        guild_id, user_id = _ids(interaction)
        await defer(interaction)
        entries = await self.bot.coach.touches.history(guild_id, user_id, customer=customer, days=days)
        pages = render.history_pages(entries, days=days, customer=customer)
        await self._send_pages(interaction, pages)

    @customers.command(name="list", description="Your customers with days since the last touch, coldest first")
    @app_commands.describe(show="All customers, or only those going cold")
    @app_commands.rename(show="filter")
    @app_commands.choices(show=FILTER_CHOICES)
    async def list_customers(
        self, interaction: discord.Interaction[Any], show: app_commands.Choice[str] | None = None
    ) -> None:
        guild_id, user_id = _ids(interaction)
        only_cold = show is not None and show.value == "cold"
        await defer(interaction)
        overview = await self.bot.coach.customers.overview(guild_id, user_id, only_cold=only_cold)
        await self._send_pages(interaction, render.customer_pages(overview, only_cold=only_cold))

    @customers.command(name="rename", description="Rename a customer; onto an existing name it merges, after asking")
    @app_commands.describe(old="The customer to rename", new="The new name")
    @app_commands.autocomplete(old=customer_autocomplete)
    async def rename(
        self,
        interaction: discord.Interaction[Any],
        old: app_commands.Range[str, 1, 100],
        new: app_commands.Range[str, 1, 100],
    ) -> None:
        guild_id, user_id = _ids(interaction)
        await defer(interaction)
        outcome = await self.bot.coach.customers.rename(guild_id, user_id, old, new)
        if not outcome.needs_merge:
            await reply(interaction, render.renamed(outcome))
            return
        view = ConfirmMerge(self.bot, user_id, old, new)
        view.attach(interaction)
        await reply(interaction, render.merge_question(outcome), view=view)

    async def _send_pages(self, interaction: discord.Interaction[Any], pages: list[discord.Embed]) -> None:
        pager = pager_for(pages, interaction.user.id)
        if pager is None:
            await reply(interaction, embed=pages[0])
            return
        pager.attach(interaction)
        await reply(interaction, embed=pages[0], view=pager)


async def setup(bot: RapportBot) -> None:
    bot.add_dynamic_items(LogTouchButton, SnoozeButton)
    await bot.add_cog(Touches(bot))
