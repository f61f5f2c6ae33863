"""The `/help` embed, built from the command tree itself."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import discord
from discord import app_commands

from bot.i18n import N_, _
from bot.i18n import command as shown_command
from bot.ui.text import BRAND_COLOUR

ABOUT = N_(
    "Rapport coaches your team to win by building relationships, not by pushing for the close. "
    "The rep who listens, follows up after delivery and is honest about what the product can't do earns the "
    "next sale, the reorder and the referral; the one who chases every close burns them. So Rapport counts "
    "relationship actions: log the customer touches you make each day, keep your streak, and see who is "
    "going cold before they do. Closes and revenue earn nothing here."
)

AnyCommand = app_commands.Command[Any, ..., Any] | app_commands.Group | app_commands.ContextMenu


def _leaves(command: AnyCommand) -> Iterable[app_commands.Command[Any, ..., Any]]:
    if isinstance(command, app_commands.Group):
        for child in command.commands:
            yield from _leaves(child)
    elif isinstance(command, app_commands.Command):
        yield command


def _is_manager_only(command: AnyCommand) -> bool:
    permissions = command.default_permissions
    return permissions is not None and permissions.value != 0


def _line(command: app_commands.Command[Any, ..., Any]) -> str:
    return f"{shown_command(command.qualified_name)}: {_(command.description)}"


# A rep's first day, in order: set the reminder, log a touch, see who is going cold, keep a promise, practise.
FIRST_DAY = (
    "me settings",
    "touch log",
    "customers list",
    "promise add",
    "quiz start",
    "roleplay start",
    "leaderboard",
)


def _first_day_order(command: app_commands.Command[Any, ..., Any]) -> tuple[int, str]:
    name = command.qualified_name
    return (FIRST_DAY.index(name) if name in FIRST_DAY else len(FIRST_DAY), name)


def help_pages(commands: Iterable[AnyCommand], *, manager: bool) -> list[discord.Embed]:
    """The rep's page (their commands in the order of a first day), and for a manager a second page with the
    manager's commands; a rep never sees those."""
    rep_commands: list[app_commands.Command[Any, ..., Any]] = []
    manager_lines: list[str] = []
    for command in sorted(commands, key=lambda item: item.name):
        if _is_manager_only(command):
            manager_lines.extend(_line(leaf) for leaf in _leaves(command))
        else:
            rep_commands.extend(_leaves(command))
    first = discord.Embed(title=_("Rapport: relationships over closes"), description=_(ABOUT), colour=BRAND_COLOUR)
    _add_section(
        first, _("Your first day, then every day"), [_line(c) for c in sorted(rep_commands, key=_first_day_order)]
    )
    first.set_footer(text=_("Your logs and answers are private to you unless a command says otherwise."))
    if not manager or not manager_lines:
        return [first]
    managing = discord.Embed(
        title=_("For managers"),
        description=_(
            "Start with {setup} (the board's channel, time zone, work days), then {welcome} in your team's channel "
            "so reps enrol. Manager commands are checked on the server too."
        ).format(setup=shown_command("coach setup"), welcome=shown_command("coach welcome")),
        colour=BRAND_COLOUR,
    )
    _add_section(managing, _("Commands"), manager_lines)
    return [first, managing]


def _add_section(embed: discord.Embed, title: str, lines: list[str]) -> None:
    """Fields hold 1,024 characters: continue a long section in further fields."""
    chunk: list[str] = []
    for line in lines:
        if chunk and len("\n".join([*chunk, line])) > 1024:
            embed.add_field(name=title, value="\n".join(chunk), inline=False)
            title, chunk = _("{title} (more)").format(title=title), []
        chunk.append(line)
    if chunk:
        embed.add_field(name=title, value="\n".join(chunk), inline=False)
