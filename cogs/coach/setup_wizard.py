"""`/coach setup` with no options: the essentials (the channel for posts, the time zone, the work days) picked
from selects, each saved as it is picked; and the check that Rapport can post in a chosen channel."""

from __future__ import annotations

from typing import Any

import discord

from bot.coach.dates import WEEKDAYS
from bot.coach.errors import InvalidInput
from bot.coach.preferences import GuildConfig
from bot.i18n import N_, _, command
from bot.i18n.days import weekday_name
from bot.tree import defer, edit_original
from bot.ui.views import ExpiringView, Interaction, rapport
from cogs.coach import messages

WIZARD_TIMEOUT = 14 * 60
# The zones most teams are in; any other is one `/coach setup timezone:` away (it autocompletes every zone).
COMMON_ZONES = (
    "UTC",
    "Europe/London",
    "Europe/Dublin",
    "Europe/Lisbon",
    "Europe/Paris",
    "Europe/Berlin",
    "Europe/Madrid",
    "Europe/Warsaw",
    "Europe/Athens",
    "Africa/Johannesburg",
    "Asia/Dubai",
    "Asia/Kolkata",
    "Asia/Singapore",
    "Asia/Tokyo",
    "Australia/Sydney",
    "Pacific/Auckland",
    "America/Sao_Paulo",
    "America/Mexico_City",
    "America/Bogota",
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Phoenix",
    "America/Los_Angeles",
)
# The permissions a channel needs, named as Discord's permission settings name them.
POST_PERMISSIONS = (
    ("view_channel", N_("View Channel")),
    ("send_messages", N_("Send Messages")),
    ("embed_links", N_("Embed Links")),
    ("attach_files", N_("Attach Files")),
    # The drain reads a channel's recent messages before resending a post that may have gone out.
    ("read_message_history", N_("Read Message History")),
)


def intro() -> str:
    return _(
        "Set up the essentials: where Rapport posts the weekly board, your time zone and the days your team works. "
        "Each choice is saved as you pick it; {command} with options changes everything else."
    ).format(command=command("coach setup"))


async def require_postable(channel: discord.abc.GuildChannel) -> None:
    """Refuse a channel the bot cannot post the board in, rather than failing silently every week."""
    guild = channel.guild
    me = guild.me or await guild.fetch_member(guild._state.self_id or 0)
    permissions = channel.permissions_for(me)
    missing = [_(name) for flag, name in POST_PERMISSIONS if not getattr(permissions, flag)]
    if missing:
        raise InvalidInput(
            N_("I can't post in {channel}: I need {permissions} there."),
            channel=channel.mention,
            permissions=", ".join(missing),
        )


class SetupWizard(ExpiringView):
    """Three selects over the server's settings, for the manager who asked, in their language (made in their
    interaction: the timeout and the picks run in other tasks)."""

    def __init__(self, config: GuildConfig, owner_id: int) -> None:
        super().__init__(timeout=WIZARD_TIMEOUT, owner_id=owner_id)
        self.expired_content = _("These choices timed out; {command} opens them again.").format(
            command=command("coach setup")
        )
        channel: discord.ui.ChannelSelect[SetupWizard] = discord.ui.ChannelSelect(
            channel_types=[discord.ChannelType.text, discord.ChannelType.news],
            placeholder=_("Channel for the weekly board and team posts"),
        )
        zones = list(dict.fromkeys([config.timezone, *COMMON_ZONES]))[:25]
        zone: discord.ui.Select[SetupWizard] = discord.ui.Select(
            placeholder=_("Time zone (any other: {command})").format(
                command=command("coach setup", "timezone:").strip("`")
            ),
            options=[discord.SelectOption(label=name, value=name, default=name == config.timezone) for name in zones],
        )
        days: discord.ui.Select[SetupWizard] = discord.ui.Select(
            placeholder=_("Work days (reminders go out on these)"),
            min_values=1,
            max_values=7,
            options=[
                discord.SelectOption(label=weekday_name(number), value=str(number), default=number in config.work_days)
                for number in range(len(WEEKDAYS))
            ],
        )

        async def picked_channel(interaction: discord.Interaction[discord.Client]) -> None:
            chosen = interaction.guild.get_channel(channel.values[0].id) if interaction.guild else None
            if chosen is None:
                raise InvalidInput(N_("I can't see that channel; pick another, or give me access to it first."))
            await require_postable(chosen)
            await self._save(rapport(interaction), channel_id=chosen.id)

        async def picked_zone(interaction: discord.Interaction[discord.Client]) -> None:
            await self._save(rapport(interaction), timezone=zone.values[0])

        async def picked_days(interaction: discord.Interaction[discord.Client]) -> None:
            numbers = sorted(int(value) for value in days.values)
            await self._save(rapport(interaction), work_days=", ".join(WEEKDAYS[day] for day in numbers))

        channel.callback, zone.callback, days.callback = picked_channel, picked_zone, picked_days  # type: ignore[method-assign]
        for item in (channel, zone, days):
            self.add_item(item)

    async def _save(self, interaction: Interaction, **changes: Any) -> None:
        """Save one pick and show the settings with a fresh set of selects (the picks as their defaults)."""
        await defer(interaction, update=True)
        assert interaction.guild_id is not None  # noqa: S101 - the command is guild-only
        config = await interaction.client.coach.settings.update_guild(interaction.guild_id, **changes)
        self.stop()
        fresh = SetupWizard(config, self.owner_id or interaction.user.id)
        fresh.attach(interaction)
        await edit_original(interaction, intro(), embed=messages.guild_settings_embed(config), view=fresh)
