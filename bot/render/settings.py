"""Settings as people read them."""

from __future__ import annotations

import discord

from bot.coach.kinds import TouchKind
from bot.coach.settings import WEEKDAYS, GuildConfig, RepConfig, weekdays_text
from bot.render.text import BRAND_COLOUR


def guild_settings_embed(config: GuildConfig) -> discord.Embed:
    embed = discord.Embed(title="Rapport settings for this server", colour=BRAND_COLOUR)
    channel = f"<#{config.channel_id}>" if config.channel_id else "not set: no weekly board is posted"
    role = f"<@&{config.manager_role_id}>" if config.manager_role_id else "none (Manage Server only)"
    embed.add_field(name="Channel for posts", value=channel, inline=False)
    embed.add_field(name="Time zone", value=config.timezone, inline=True)
    embed.add_field(
        name="Weekly board",
        value=f"{WEEKDAYS[config.leaderboard_weekday].title()} {config.leaderboard_time:%H:%M}",
        inline=True,
    )
    embed.add_field(
        name="Reminders", value=f"{config.reminder_time:%H:%M} on {weekdays_text(config.work_days)}", inline=True
    )
    embed.add_field(name="Cold after", value=f"{config.cold_after_days} days", inline=True)
    embed.add_field(name="Manager role", value=role, inline=True)
    quiz = f"on, {config.leaderboard_time:%H:%M} on work days" if config.team_quiz else "off"
    embed.add_field(name="Daily team quiz", value=quiz, inline=True)
    embed.add_field(
        name="Board",
        value=(
            f"managers {'included' if config.board_includes_managers else 'left off'}; "
            f"weekly cap: {config.weekly_points_cap or 'none'}"
        ),
        inline=True,
    )
    holidays = ", ".join(day.isoformat() for day in config.holidays) or "none"
    embed.add_field(name="Holidays", value=holidays[:1024], inline=False)
    weights = config.weights
    embed.add_field(
        name="Points per touch",
        value="\n".join(f"{kind.short}: {weights[kind]}" for kind in TouchKind),
        inline=False,
    )
    return embed


def rep_settings_embed(config: RepConfig, guild: GuildConfig) -> discord.Embed:
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
    embed.set_footer(text="Set `default` as time zone or reminder time to follow the server's again.")
    return embed
