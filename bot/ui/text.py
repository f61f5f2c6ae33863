"""Small text helpers for rendering user-supplied strings and relative days."""

from __future__ import annotations

import discord

BRAND_COLOUR = discord.Colour(0x2E8B57)


def safe(text: str) -> str:
    """User text shown as written: markdown escaped so a name cannot restyle or break the message."""
    return discord.utils.escape_markdown(text)


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def days_ago(days: int) -> str:
    if days <= 0:
        return "today"
    if days == 1:
        return "yesterday"
    return f"{days} days ago"


def plural(count: int, word: str) -> str:
    if count == 1:
        return f"{count} {word}"
    if word.endswith(("s", "x", "ch", "sh")):
        return f"{count} {word}es"
    if word.endswith("y") and word[-2:-1] not in {"a", "e", "i", "o", "u"}:
        return f"{count} {word[:-1]}ies"
    return f"{count} {word}s"
