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

from discord import AppCommandOptionType, ChannelType, app_commands

from bot.i18n import N_, NAME_CONTEXT, _, grouped, ngettext, pgettext
from bot.i18n import command as command_shown

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
# What each type must be, as the refusal says it (translated where it is shown).
_NOUNS = {
    AppCommandOptionType.string: N_("text"),
    AppCommandOptionType.integer: N_("a whole number"),
    AppCommandOptionType.number: N_("a number"),
    AppCommandOptionType.boolean: N_("True or False"),
    AppCommandOptionType.user: N_("a member"),
    AppCommandOptionType.channel: N_("a channel"),
    AppCommandOptionType.role: N_("a role"),
    AppCommandOptionType.mentionable: N_("a member or a role"),
    AppCommandOptionType.attachment: N_("a file"),
}


class OptionRefused(app_commands.AppCommandError):
    """An option the command did not declare, or declared otherwise; the message says which and what fits."""


def _name(text: object) -> str:
    shown = str(text).replace("`", "'")
    return shown if len(shown) <= _ECHO else shown[: _ECHO - 1] + "…"


def _number(value: float) -> str:
    """`9,007,199,254,740,991`, grouped as the member's language groups thousands (a float as Python writes it)."""
    if isinstance(value, float) and not value.is_integer():
        return str(value)
    return grouped(int(value))


def _option(name: str) -> str:
    """A declared option's name as the member's Discord shows it, in code style."""
    return f"`{pgettext(NAME_CONTEXT, name)}`"


def _channel_kind(channel_type: ChannelType) -> str:
    """A kind of channel as it reads before "channel" (`a news or text channel`)."""
    kinds = {
        ChannelType.text: pgettext("channel kind", "text"),
        ChannelType.news: pgettext("channel kind", "news"),
        ChannelType.voice: pgettext("channel kind", "voice"),
        ChannelType.stage_voice: pgettext("channel kind", "stage voice"),
        ChannelType.category: pgettext("channel kind", "category"),
        ChannelType.forum: pgettext("channel kind", "forum"),
        ChannelType.media: pgettext("channel kind", "media"),
        ChannelType.public_thread: pgettext("channel kind", "public thread"),
        ChannelType.private_thread: pgettext("channel kind", "private thread"),
        ChannelType.news_thread: pgettext("channel kind", "news thread"),
    }
    return kinds.get(channel_type) or str(channel_type).replace("_", " ")


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
            raise OptionRefused(
                _("{command} has no option `{option}` (or got it twice).").format(
                    command=command_shown(command.qualified_name), option=_name(name)
                )
            )
        seen.add(parameter.display_name)
        _check_value(parameter, option.get("value"), resolved)
    for parameter in declared.values():
        if parameter.required and parameter.display_name not in seen:
            raise OptionRefused(_("{option} is required.").format(option=_option(parameter.display_name)))


def _check_value(parameter: app_commands.Parameter, value: object, resolved: Mapping[str, Any]) -> None:
    name, kind = parameter.display_name, parameter.type
    noun = _(_NOUNS[kind]) if kind in _NOUNS else _("something else")
    wrong = OptionRefused(_("{option} must be {what}.").format(option=_option(name), what=noun))
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
            allowed = _(" or ").join(sorted({_channel_kind(channel_type) for channel_type in parameter.channel_types}))
            raise OptionRefused(_("{option} must be a {kinds} channel.").format(option=_option(name), kinds=allowed))
    else:
        raise wrong
    choices = [choice.value for choice in parameter.choices]
    if choices and not parameter.autocomplete and value not in choices:
        listed = ", ".join(_name(choice) for choice in choices[:_LISTED_CHOICES])
        listed += ", …" if len(choices) > _LISTED_CHOICES else ""
        raise OptionRefused(_("{option} must be one of: {choices}.").format(option=_option(name), choices=listed))


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
        at_most = ngettext(
            "{option} can be at most {count} character.", "{option} can be at most {count} characters.", int(high)
        )
        raise OptionRefused(at_most.format(option=_option(parameter.display_name), count=_number(high)))
    if low is not None and len(value) < low:
        at_least = ngettext(
            "{option} needs at least {count} character.", "{option} needs at least {count} characters.", int(low)
        )
        raise OptionRefused(at_least.format(option=_option(parameter.display_name), count=_number(low)))


def _check_range(parameter: app_commands.Parameter, value: float) -> None:
    """Within the declared range, and within Discord's own when none is declared."""
    low = -DISCORD_MAX_INTEGER if parameter.min_value is None else parameter.min_value
    high = DISCORD_MAX_INTEGER if parameter.max_value is None else parameter.max_value
    if not low <= value <= high:
        raise OptionRefused(
            _("{option} must be from {low} to {high}.").format(
                option=_option(parameter.display_name), low=_number(low), high=_number(high)
            )
        )
