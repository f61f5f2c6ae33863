"""A rep's own settings and days away, as they read them."""

from __future__ import annotations

from collections.abc import Sequence

import discord

from bot.coach.assignments import Assigned
from bot.coach.preferences import GuildConfig, RepConfig
from bot.i18n import _, command
from bot.i18n.days import short_day, weekdays_text
from bot.ui.text import BRAND_COLOUR, clip, safe


def _assigned_line(item: Assigned) -> str:
    if item.kind == "quiz":
        line = _("Quiz: **{title}**").format(title=safe(item.title))
    else:
        line = _("Role-play: **{title}**").format(title=safe(item.title))
    if item.due:
        line += _(", due {day}").format(day=short_day(item.due))
    return line


def _dms(config: RepConfig) -> str:
    if not config.dms_enabled:
        return _("off: no reminders or digests")
    if config.dms_closed:
        return _("on, but Discord refused my last DM: your DMs are closed to me")
    return _("on")


def rep_settings_embed(config: RepConfig, guild: GuildConfig, assigned: Sequence[Assigned] = ()) -> discord.Embed:
    embed = discord.Embed(title=_("Your Rapport settings in this server"), colour=BRAND_COLOUR)
    servers = _("{value} (the server's)")
    zone = config.timezone if config.own_timezone else servers.format(value=config.timezone)
    at = f"{config.reminder_time:%H:%M}"
    at = at if config.own_reminder_time else servers.format(value=at)
    embed.add_field(name=_("Time zone"), value=zone, inline=True)
    embed.add_field(name=_("Reminder time"), value=at, inline=True)
    embed.add_field(name=_("Reminder days"), value=weekdays_text(config.reminder_days(guild)), inline=True)
    embed.add_field(name=_("Direct messages"), value=_dms(config), inline=False)
    visibility = _("public") if config.board_visibility == "public" else _("private")
    embed.add_field(name=_("Leaderboard"), value=visibility, inline=True)
    if config.away_from and config.away_to:
        away = _("{first} to {last}").format(first=config.away_from, last=config.away_to)
        embed.add_field(name=_("Away"), value=away, inline=True)
    if assigned:
        lines = [_assigned_line(item) for item in assigned[:10]]
        hint = _("{quiz} with the theme, or {roleplay} with the persona, or the button in my DM.").format(
            quiz=command("quiz start"), roleplay=command("roleplay start")
        )
        embed.add_field(name=_("Assigned practice"), value=clip("\n".join([*lines, hint]), 1024), inline=False)
    embed.set_footer(text=_("Set `default` as time zone or reminder time to follow the server's again."))
    return embed


def away_text(config: RepConfig) -> str:
    if config.away_from is None or config.away_to is None:
        return _("You are not marked away. {command} sets it.").format(
            command=command("me away", "from:YYYY-MM-DD", "to:YYYY-MM-DD")
        )
    return _(
        "Away {first} to {last}: no reminders or digests, and those days never break your streak. "
        "{command} if you're back early."
    ).format(
        first=short_day(config.away_from), last=short_day(config.away_to), command=command("me away", "clear:True")
    )
