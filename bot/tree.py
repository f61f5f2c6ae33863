"""The one answer path: every response, deferral, edit and follow-up goes through this module.

`reply()` and its siblings own what every answer must get right: private unless asked otherwise, never
pinging anyone (user text is in most answers), within Discord's limits, and carrying, once, the notice that
the member's DMs were found closed. The tree's single error handler turns domain errors into short private
answers through the same path. `tests/test_house.py` fails on any interaction answered elsewhere.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Sequence
from typing import Any, TypeVar

import discord
from discord import app_commands

from bot.coach import Coach
from bot.coach.errors import CoachError
from bot.foreground import Foreground

log = logging.getLogger(__name__)

T = TypeVar("T")
Interaction = discord.Interaction[discord.Client]

GENERIC_FAILURE = "Something went wrong on my side and nothing was saved. Please try again in a moment."

# Discord wants a first response within 3 s of the event. Work that finishes sooner than this is answered in
# one response; slower work defers at this point and the answer then edits the "thinking..." message.
DEFER_AFTER = 1.5
MAX_CONTENT = 2000

DM_NOTICE = (
    "-# I couldn't send you a direct message: your DMs are closed to me. To get reminders, open this server's "
    "menu, Privacy Settings, and allow direct messages; then `/me settings dms:True`."
)
_DEFERRED_EPHEMERAL = "deferred_ephemeral"


def _clipped(content: str | None) -> str | None:
    if content is None or len(content) <= MAX_CONTENT:
        return content
    return content[: MAX_CONTENT - 1] + "…"


def _with_notice(interaction: Interaction, content: str | None, *, ephemeral: bool) -> str | None:
    """The closed-DM notice joins the first private answer: a public one (a board) would tell the channel."""
    if not ephemeral or not interaction.extras.pop("dm_notice", False):
        return content
    if content and len(content) + len(DM_NOTICE) + 2 > MAX_CONTENT:
        content = content[: MAX_CONTENT - len(DM_NOTICE) - 3] + "…"
    return f"{content}\n\n{DM_NOTICE}" if content else DM_NOTICE


async def reply(
    interaction: Interaction,
    content: str | None = None,
    *,
    embed: discord.Embed | None = None,
    view: discord.ui.View | None = None,
    files: Sequence[discord.File] = (),
    ephemeral: bool = True,
) -> None:
    """Send the answer whatever state the interaction is in (fresh, deferred, or already answered).

    A deferred interaction's answer edits the "thinking..." message, whose privacy was fixed at `defer()`.
    """
    deferred = _DEFERRED_EPHEMERAL in interaction.extras  # deferred, and the "thinking..." not yet replaced
    if deferred:
        ephemeral = bool(interaction.extras[_DEFERRED_EPHEMERAL])
    content = _clipped(_with_notice(interaction, content, ephemeral=ephemeral))
    extra: dict[str, Any] = {"allowed_mentions": discord.AllowedMentions.none()}
    if embed is not None:
        extra["embed"] = embed
    if view is not None:
        extra["view"] = view
    if not interaction.response.is_done():
        await interaction.response.send_message(content, ephemeral=ephemeral, files=list(files), **extra)
    elif deferred:
        interaction.extras.pop(_DEFERRED_EPHEMERAL, None)  # answered: later answers are follow-ups
        await interaction.edit_original_response(content=content, attachments=list(files), **extra)
    else:
        await interaction.followup.send(
            content or discord.utils.MISSING, ephemeral=ephemeral, files=list(files), **extra
        )


KEEP: Any = discord.utils.MISSING  # an edit leaves this part of the message as it is


def _edits(content: Any, embed: Any, view: Any) -> dict[str, Any]:
    return {
        "content": content if content is KEEP else _clipped(content),
        "embed": embed,
        "view": view,
        "allowed_mentions": discord.AllowedMentions.none(),
    }


async def edit(
    interaction: Interaction,
    content: str | None = KEEP,
    *,
    embed: discord.Embed | None = KEEP,
    view: discord.ui.View | None = KEEP,
) -> None:
    """Answer a button press by changing the message the button is on; what is not given stays, `None`
    removes it. After `in_time(..., update=True)` deferred it, the same edit goes through the webhook."""
    if interaction.response.is_done():
        await interaction.edit_original_response(**_edits(content, embed, view))
        return
    await interaction.response.edit_message(**_edits(content, embed, view))


async def edit_original(
    interaction: Interaction,
    content: str | None = KEEP,
    *,
    embed: discord.Embed | None = KEEP,
    view: discord.ui.View | None = KEEP,
) -> None:
    """Change a reply this interaction already sent (a view that timed out tidies its message)."""
    await interaction.edit_original_response(**_edits(content, embed, view))


async def open_form(interaction: Interaction, form: discord.ui.Modal) -> None:
    """Answer with a form (a modal): the answer then comes from its submission."""
    await interaction.response.send_modal(form)


async def defer(interaction: Interaction, *, ephemeral: bool = True, update: bool = False) -> None:
    """Acknowledge within Discord's 3 s before doing work that touches the database. With `update`, a button
    (or the form it opened) says its answer will edit the message it is on, with no "thinking..." message."""
    if not interaction.response.is_done():
        if update:
            await interaction.response.defer()
            return
        interaction.extras[_DEFERRED_EPHEMERAL] = ephemeral
        await interaction.response.defer(ephemeral=ephemeral, thinking=True)


async def in_time(interaction: Interaction, work: Awaitable[T], *, ephemeral: bool = True, update: bool = False) -> T:
    """Run the command's work and return its result, deferring only if it is still running after
    `DEFER_AFTER` seconds. A quick command (most of them) then costs one request to Discord, not two.
    `update`: the answer will be an `edit` of the message a button is on."""
    task = asyncio.ensure_future(work)
    try:
        done, _ = await asyncio.wait({task}, timeout=DEFER_AFTER)
        if not done:
            await defer(interaction, ephemeral=ephemeral, update=update)
        return await task
    except BaseException:
        task.cancel()
        raise


def message_for(error: BaseException) -> str | None:
    """The text to show for an expected failure, or None for a bug."""
    if isinstance(error, app_commands.CommandInvokeError | app_commands.TransformerError):
        error = error.__cause__ or error
    if isinstance(error, CoachError):
        return str(error)
    if isinstance(error, app_commands.NoPrivateMessage):
        return "Rapport's commands work inside a server, where your team is."
    if isinstance(error, app_commands.CommandOnCooldown):
        return f"Slow down a little: try again in {error.retry_after:.0f} s."
    if isinstance(error, app_commands.CheckFailure):
        return str(error) or "You don't have permission to use this command."
    return None


async def answer_error(interaction: Interaction, error: BaseException) -> None:
    """Tell the user what went wrong, privately; log anything that was not expected."""
    text = message_for(error)
    if text is None:
        command = interaction.command.qualified_name if interaction.command else None
        log.error(
            "unexpected error in %s (guild %s, user %s, custom_id %s)",
            command or "a component",
            interaction.guild_id,
            interaction.user.id,
            interaction.data.get("custom_id") if interaction.data else None,
            exc_info=error,
        )
        text = GENERIC_FAILURE
    try:
        await reply(interaction, text)
    except discord.HTTPException:
        log.warning("could not deliver an error message for interaction %s", interaction.id, exc_info=True)


def member_rights(interaction: Interaction) -> dict[str, Any]:
    """What `Members.check_in` needs to know of the member: their rights in the guild, and the name they show
    there (reports call them by it)."""
    return {
        "manage_guild": interaction.permissions.manage_guild or interaction.permissions.administrator,
        "role_ids": {role.id for role in getattr(interaction.user, "roles", [])},
        "display_name": interaction.user.display_name,
    }


class RapportTree(app_commands.CommandTree[discord.Client]):
    """The command tree: one check-in before each command, one error handler after any failure.

    `RapportBot.setup_hook` hands it the coach; until then (and in tests that load no database) commands run
    without the check-in."""

    coach: Coach | None = None
    foreground: Foreground | None = None

    async def interaction_check(self, interaction: Interaction, /) -> bool:
        """Before each command, one read: note the member's manager rights and display name, and whether their
        reply should say that their DMs were found closed (`reply` then adds a line on how to fix it)."""
        if (
            self.coach is None
            or interaction.guild_id is None
            or interaction.type is not discord.InteractionType.application_command
        ):
            return True
        check = await self.coach.members.check_in(
            interaction.guild_id, interaction.user.id, **member_rights(interaction)
        )
        interaction.extras["dm_notice"] = check.dm_notice
        interaction.extras["new_member"] = not check.known
        if self.foreground is not None:
            self.foreground.begin()
            interaction.extras["foreground"] = self.foreground
        return True

    async def on_error(self, interaction: Interaction, error: app_commands.AppCommandError, /) -> None:
        try:
            await answer_error(interaction, error)
        finally:
            command_done(interaction)


def command_done(interaction: Interaction) -> None:
    """The command was answered (or failed): background work need not wait for it any more."""
    foreground = interaction.extras.pop("foreground", None)
    if foreground is not None:
        foreground.end()
