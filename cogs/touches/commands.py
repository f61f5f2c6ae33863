"""`/touch log`, `/touch undo`, `/touch history`: a thin adapter from the command to the touch log."""

from __future__ import annotations

from discord import app_commands
from discord.ext import commands

from bot.client import RapportBot
from bot.coach.dates import recent_days
from bot.coach.kinds import TouchKind
from bot.coach.touches import MAX_HISTORY_DAYS, MAX_NOTE_LENGTH
from bot.i18n import _
from bot.tree import defer, in_time, reply
from bot.ui.choices import customer_choices
from bot.ui.pages import send_pages
from bot.ui.permissions import guild_group
from bot.ui.views import Interaction
from cogs.touches import messages

KIND_CHOICES = [app_commands.Choice(name=kind.label, value=kind.value) for kind in TouchKind]


def _ids(interaction: Interaction) -> tuple[int, int]:
    # The group is guild-only, so Discord never sends these commands from a DM.
    assert interaction.guild_id is not None  # noqa: S101
    return interaction.guild_id, interaction.user.id


async def when_choices(interaction: Interaction, current: str) -> list[app_commands.Choice[str]]:
    """The days a touch can still be logged on, newest first."""
    if interaction.guild_id is None:
        return []
    days = recent_days(await interaction.client.coach.touches.today(interaction.guild_id, interaction.user.id))
    # The value stays the day word the domain reads; the name is what the member reads (and types to filter).
    options = [(_("today"), "today"), (_("yesterday"), "yesterday"), *((day.isoformat(),) * 2 for day in days[2:])]
    typed = current.strip().lower()
    return [
        app_commands.Choice(name=name, value=value)
        for name, value in options
        if typed in name.lower() or typed in value
    ]


class Touches(commands.Cog):
    """Log relationship actions: the customer touches a rep makes each day."""

    touch = guild_group("touch", "Log your customer touches")

    def __init__(self, bot: RapportBot) -> None:
        self.bot = bot

    @touch.command(name="log", description="Record a customer touch: a relationship action, never a close")
    @app_commands.describe(
        customer="Who you touched (pick one of yours or type a new name)",
        kind="What kind of relationship action it was",
        note="What you learned or did (optional, private to you)",
        when="today, yesterday, a weekday or YYYY-MM-DD, up to 7 days back (default: today)",
    )
    @app_commands.choices(kind=KIND_CHOICES)
    @app_commands.autocomplete(customer=customer_choices, when=when_choices)
    async def log_touch(
        self,
        interaction: Interaction,
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
        await reply(interaction, messages.logged_touch(result))

    @touch.command(name="undo", description="Remove your most recent touch, if logged in the last 24 hours")
    async def undo_touch(self, interaction: Interaction) -> None:
        guild_id, user_id = _ids(interaction)
        result = await in_time(interaction, self.bot.coach.touches.undo(guild_id, user_id))
        await reply(interaction, messages.undone_touch(result))

    @touch.command(name="history", description="Your touches, newest first")
    @app_commands.describe(
        customer="Only this customer (optional)", days=f"How many days back, 1-{MAX_HISTORY_DAYS} (default 14)"
    )
    @app_commands.autocomplete(customer=customer_choices)
    async def history(
        self,
        interaction: Interaction,
        customer: app_commands.Range[str, 1, 100] | None = None,
        days: app_commands.Range[int, 1, MAX_HISTORY_DAYS] = 14,
    ) -> None:
        guild_id, user_id = _ids(interaction)
        await defer(interaction)
        entries = await self.bot.coach.touches.history(guild_id, user_id, customer=customer, days=days)
        await send_pages(interaction, messages.history_pages(entries, days=days, customer=customer))
