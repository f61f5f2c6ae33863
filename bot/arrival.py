"""Options as they arrive, checked against what each command declares.

Discord's client holds people to a command's declared limits, but an interaction is only JSON, and discord.py
hands it to the command as it came: a crafted one reached Rapport with strings past `max_length` (answers over
2,000 characters, which Discord refuses), integers of 2^64 (`OverflowError` in the database driver), values
outside the choices (a CSV named after them), a voice channel where a text channel was declared, wrong types
and missing required options (no answer at all). So every option is checked again here, before the command
runs, and the first one out of line is refused in one short line that names it.

U+0000 is removed from every text option (commands and autocompletes): Discord lets it through and PostgreSQL
cannot store it in text, and nobody typed it on purpose.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any

from discord import AppCommandOptionType, app_commands

# Discord's bounds for integer and number options (JSON numbers a JavaScript client reads exactly).
DISCORD_MAX_INTEGER = 2**53 - 1
# An id people type (`/promise done id:`): positive, up to Discord's largest integer, which id columns hold.
RowId = app_commands.Range[int, 1, DISCORD_MAX_INTEGER]
_ECHO = 40  # at most this much of an option's name or a choice is shown back
_LISTED_CHOICES = 10

_RESOLVED = {
    AppCommandOptionType.user: ("users",),
    AppCommandOptionType.channel: ("channels",),
    AppCommandOptionType.role: ("roles",),
    AppCommandOptionType.mentionable: ("users", "roles"),
    AppCommandOptionType.attachment: ("attachments",),
}
_NOUNS = {
    AppCommandOptionType.string: "text",
    AppCommandOptionType.integer: "a whole number",
    AppCommandOptionType.number: "a number",
    AppCommandOptionType.boolean: "True or False",
    AppCommandOptionType.user: "a member",
    AppCommandOptionType.channel: "a channel",
    AppCommandOptionType.role: "a role",
    AppCommandOptionType.mentionable: "a member or a role",
    AppCommandOptionType.attachment: "a file",
}


class OptionRefused(app_commands.AppCommandError):
    """An option the command did not declare, or declared otherwise; the message says which and what fits."""


def _name(text: object) -> str:
    shown = str(text).replace("`", "'")
    return shown if len(shown) <= _ECHO else shown[: _ECHO - 1] + "…"


def _number(value: float) -> str:
    return f"{value:,}"


def without_nul(options: Iterable[dict[str, Any]]) -> None:
    """Remove U+0000 from the text options, in place (the command and its autocompletes then see them so)."""
    for option in options:
        value = option.get("value")
        if isinstance(value, str) and "\x00" in value:
            option["value"] = value.replace("\x00", "")


def check(
    command: app_commands.Command[Any, ..., Any], options: list[dict[str, Any]], resolved: Mapping[str, Any]
) -> None:
    """Raise `OptionRefused` for the first option that is not one `command` declared, as it declared it."""
    declared = {parameter.display_name: parameter for parameter in command.parameters}
    seen: set[str] = set()
    for option in options:
        name = option.get("name")
        parameter = declared.get(name) if isinstance(name, str) else None
        if parameter is None or name in seen:
            raise OptionRefused(f"`/{command.qualified_name}` has no option `{_name(name)}` (or got it twice).")
        seen.add(parameter.display_name)
        _check_value(parameter, option.get("value"), resolved)
    for parameter in declared.values():
        if parameter.required and parameter.display_name not in seen:
            raise OptionRefused(f"`{parameter.display_name}` is required.")


def _check_value(parameter: app_commands.Parameter, value: object, resolved: Mapping[str, Any]) -> None:
    name, kind = parameter.display_name, parameter.type
    wrong = OptionRefused(f"`{name}` must be {_NOUNS.get(kind, 'something else')}.")
    if kind is AppCommandOptionType.string:
        if not isinstance(value, str):
            raise wrong
        _check_length(parameter, value)
    elif kind in (AppCommandOptionType.integer, AppCommandOptionType.number):
        whole = kind is AppCommandOptionType.integer
        if isinstance(value, bool) or not isinstance(value, int if whole else (int, float)):
            raise wrong
        if isinstance(value, float) and not math.isfinite(value):
            raise wrong
        _check_range(parameter, value)
    elif kind is AppCommandOptionType.boolean:
        if not isinstance(value, bool):
            raise wrong
    elif kind in _RESOLVED:
        entry = _resolved(value, resolved, _RESOLVED[kind])
        if entry is None:
            raise wrong
        types = {channel_type.value for channel_type in parameter.channel_types}
        if kind is AppCommandOptionType.channel and types and entry.get("type") not in types:
            allowed = " or ".join(
                sorted({str(channel_type).replace("_", " ") for channel_type in parameter.channel_types})
            )
            raise OptionRefused(f"`{name}` must be a {allowed} channel.")
    else:
        raise wrong
    choices = [choice.value for choice in parameter.choices]
    if choices and not parameter.autocomplete and value not in choices:
        listed = ", ".join(_name(choice) for choice in choices[:_LISTED_CHOICES])
        raise OptionRefused(f"`{name}` must be one of: {listed}{', …' if len(choices) > _LISTED_CHOICES else ''}.")


def _resolved(value: object, resolved: Mapping[str, Any], buckets: tuple[str, ...]) -> dict[str, Any] | None:
    """The details Discord sent alongside a snowflake option, or None when it sent none (or no snowflake)."""
    if isinstance(value, bool) or not isinstance(value, str | int) or not str(value).isdigit():
        return None
    for bucket in buckets:
        entries = resolved.get(bucket)
        entry = entries.get(str(value)) if isinstance(entries, Mapping) else None
        if isinstance(entry, dict):
            return entry
    return None


def _check_length(parameter: app_commands.Parameter, value: str) -> None:
    low, high = parameter.min_value, parameter.max_value
    if high is not None and len(value) > high:
        raise OptionRefused(f"`{parameter.display_name}` can be at most {_number(high)} characters.")
    if low is not None and len(value) < low:
        raise OptionRefused(f"`{parameter.display_name}` needs at least {_number(low)} character{'s' * (low != 1)}.")


def _check_range(parameter: app_commands.Parameter, value: float) -> None:
    """Within the declared range, and within Discord's own when none is declared."""
    low = -DISCORD_MAX_INTEGER if parameter.min_value is None else parameter.min_value
    high = DISCORD_MAX_INTEGER if parameter.max_value is None else parameter.max_value
    if not low <= value <= high:
        raise OptionRefused(f"`{parameter.display_name}` must be from {_number(low)} to {_number(high)}.")
