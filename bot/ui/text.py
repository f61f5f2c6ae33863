"""Small text helpers for rendering user-supplied strings and relative days."""

from __future__ import annotations

import discord

from bot.i18n import _, ngettext

BRAND_COLOUR = discord.Colour(0x2E8B57)


def safe(text: str) -> str:
    """User text shown as written: markdown escaped so a name cannot restyle or break the message."""
    return discord.utils.escape_markdown(text)


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def days_ago(days: int) -> str:
    if days <= 0:
        return _("today")
    if days == 1:
        return _("yesterday")
    return ngettext("{count} day ago", "{count} days ago", days).format(count=days)
