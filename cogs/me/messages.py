"""A rep's own settings and days away, as they read them."""

from __future__ import annotations

from collections.abc import Sequence

import discord

from bot.coach.assignments import Assigned
from bot.coach.dates import weekdays_text
from bot.coach.preferences import GuildConfig, RepConfig
from bot.ui.text import BRAND_COLOUR, clip, safe


def rep_settings_embed(config: RepConfig, guild: GuildConfig, assigned: Sequence[Assigned] = ()) -> discord.Embed:
    embed = discord.Embed(title="Your Rapport settings in this server", colour=BRAND_COLOUR)
    zone = config.timezone + ("" if config.own_timezone else " (the server's)")
    at = f"{config.reminder_time:%H:%M}" + ("" if config.own_reminder_time else " (the server's)")
    days = config.reminder_days(guild)
    embed.add_field(name="Time zone", value=zone, inline=True)
    embed.add_field(name="Reminder time", value=at, inline=True)
    embed.add_field(name="Reminder days", value=weekdays_text(days), inline=True)
    if not config.dms_enabled:
        dms = "off: no reminders or digests"
    elif config.dms_closed:
        dms = "on, but Discord refused my last DM: your DMs are closed to me"
    else:
        dms = "on"
    embed.add_field(name="Direct messages", value=dms, inline=False)
    embed.add_field(name="Leaderboard", value=config.board_visibility, inline=True)
    if config.away_from and config.away_to:
        embed.add_field(name="Away", value=f"{config.away_from} to {config.away_to}", inline=True)
    if assigned:
        lines = [
            f"{'Quiz' if item.kind == 'quiz' else 'Role-play'}: **{safe(item.title)}**"
            + (f", due {item.due:%a %d %b}" if item.due else "")
            for item in assigned[:10]
        ]
        hint = "`/quiz start` with the theme, or `/roleplay start` with the persona, or the button in my DM."
        embed.add_field(name="Assigned practice", value=clip("\n".join([*lines, hint]), 1024), inline=False)
    embed.set_footer(text="Set `default` as time zone or reminder time to follow the server's again.")
    return embed


def away_text(config: RepConfig) -> str:
    if config.away_from is None or config.away_to is None:
        return "You are not marked away. `/me away from:YYYY-MM-DD to:YYYY-MM-DD` sets it."
    return (
        f"Away {config.away_from:%a %d %b} to {config.away_to:%a %d %b}: no reminders or digests, and those "
        "days never break your streak. `/me away clear:True` if you're back early."
    )
