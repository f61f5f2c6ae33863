"""IANA time zones: a rep's or a guild's, read from what people type."""

from __future__ import annotations

from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from bot.coach.errors import InvalidInput
from bot.i18n import N_

DEFAULT_TIMEZONE = "UTC"


def _unknown(name: str) -> InvalidInput:
    shown = name.replace("`", "'")
    shown = shown if len(shown) <= 64 else shown[:63] + "…"
    return InvalidInput(N_("`{name}` is not a time zone I know. Use an IANA name like `Europe/Paris`."), name=shown)


@cache
def _known_names() -> frozenset[str]:
    return frozenset(available_timezones()) | {DEFAULT_TIMEZONE}


def zone(name: str) -> ZoneInfo:
    """The IANA zone called `name`; an unknown name is the rep's mistake, not a crash. zoneinfo reads the name
    as a file path: an overlong one fails in the file system (`OSError: File name too long`)."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError) as error:
        raise _unknown(name) from error


def known_zone(name: str) -> str:
    """A zone name as stored: only names in the IANA database (a path-like name never reaches zoneinfo)."""
    cleaned = name.strip()
    if cleaned not in _known_names():
        raise _unknown(name)
    zone(cleaned)
    return cleaned


def zone_suggestions(typed: str, limit: int = 25) -> list[str]:
    needle = typed.strip().casefold().replace(" ", "_")
    names = sorted(_known_names())
    prefix = [name for name in names if name.casefold().startswith(needle)]
    inner = [name for name in names if needle in name.casefold() and name not in prefix]
    return (prefix + inner)[:limit]
