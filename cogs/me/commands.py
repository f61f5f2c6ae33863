"""`/me settings` and `/me away`: a rep's own time zone, reminder time, quiet days, whether Rapport may DM
them, how they appear on boards, and their days away."""

from __future__ import annotations

from typing import Literal

from discord import app_commands
from discord.ext import commands

from bot.client import RapportBot
from bot.tree import defer, reply
from bot.ui.choices import zone_choices
from bot.ui.permissions import guild_group
from bot.ui.views import Interaction
from cogs.me.messages import away_text, rep_settings_embed


class Me(commands.Cog):
    me = guild_group("me", "Your own Rapport settings")

    def __init__(self, bot: RapportBot) -> None:
        self.bot = bot

    @me.command(name="settings", description="See or change your time zone, reminder time, quiet days and DMs")
    @app_commands.describe(
        timezone="Your IANA time zone, e.g. Europe/Paris (or `default` for the server's)",
        reminder_time="When to remind you, HH:MM local (or `default`)",
        quiet_days="Days with no reminders, e.g. `fri` or `sat,sun` (or `none`)",
        dms="Whether Rapport may send you reminders and digests by DM",
        board="public: on the team board; private: counted in team totals, rank shown only to you",
    )
    @app_commands.autocomplete(timezone=zone_choices)
    async def settings(
        self,
        interaction: Interaction,
        timezone: app_commands.Range[str, 1, 64] | None = None,
        reminder_time: app_commands.Range[str, 1, 10] | None = None,
        quiet_days: app_commands.Range[str, 1, 60] | None = None,
        dms: bool | None = None,
        board: Literal["public", "private"] | None = None,
    ) -> None:
        assert interaction.guild_id is not None  # noqa: S101 - guild-only
        await defer(interaction)
        coach = self.bot.coach
        if (timezone, reminder_time, quiet_days, dms, board) == (None, None, None, None, None):
            config = await coach.settings.rep(interaction.guild_id, interaction.user.id)
        else:
            config = await coach.settings.update_rep(
                interaction.guild_id,
                interaction.user.id,
                timezone=timezone,
                reminder_time=reminder_time,
                quiet_days=quiet_days,
                dms_enabled=dms,
                board=board,
            )
        guild = await coach.settings.guild(interaction.guild_id)
        assigned = await coach.assignments.of(interaction.guild_id, interaction.user.id, open_only=True)
        await reply(interaction, embed=rep_settings_embed(config, guild, assigned))

    @me.command(name="trends", description="Your weeks: touches, customers, promises, quiz, against the team")
    @app_commands.describe(weeks="How many weeks (default 12)")
    async def trends(self, interaction: Interaction, weeks: app_commands.Range[int, 1, 52] = 12) -> None:
        assert interaction.guild_id is not None  # noqa: S101 - guild-only
        await defer(interaction)
        from bot.ui.trends import trend_answer  # the chart and its CSVs load on the first trends (B5)

        report = await self.bot.coach.trends.weekly(interaction.guild_id, weeks, interaction.user.id)
        embed, files = trend_answer(report)
        await reply(interaction, embed=embed, files=files)

    @me.command(name="away", description="Days off: no reminders or digests, and your streak is safe")
    @app_commands.rename(first="from", last="to")
    @app_commands.describe(
        first="First away day: today, tomorrow, a weekday, in 3 days or YYYY-MM-DD",
        last="Last away day, in the same words (default: the first)",
        clear="Back early: clear your away days",
    )
    async def away(
        self,
        interaction: Interaction,
        first: app_commands.Range[str, 1, 20] | None = None,
        last: app_commands.Range[str, 1, 20] | None = None,
        clear: bool = False,
    ) -> None:
        assert interaction.guild_id is not None  # noqa: S101 - guild-only
        await defer(interaction)
        coach = self.bot.coach
        if clear:
            config = await coach.settings.set_away(interaction.guild_id, interaction.user.id, None, None)
        elif first is None and last is None:
            config = await coach.settings.rep(interaction.guild_id, interaction.user.id)
        else:
            config = await coach.settings.set_away(interaction.guild_id, interaction.user.id, first, last)
        await reply(interaction, away_text(config))
