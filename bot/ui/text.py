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


def plural(count: int, word: str) -> str:
    """English only: a converted message uses `ngettext` (README, Languages)."""
    if count == 1:
        return f"{count} {word}"
    if word.endswith(("s", "x", "ch", "sh")):
        return f"{count} {word}es"
    if word.endswith("y") and word[-2:-1] not in {"a", "e", "i", "o", "u"}:
        return f"{count} {word[:-1]}ies"
    return f"{count} {word}s"
