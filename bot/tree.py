"""The command tree's single error handler: domain errors become short private answers."""

from __future__ import annotations

import logging
from typing import Any

import discord
from discord import app_commands

from bot.coach.errors import CoachError
from bot.replies import reply

log = logging.getLogger(__name__)

GENERIC_FAILURE = "Something went wrong on my side and nothing was saved. Please try again in a moment."


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


async def answer_error(interaction: discord.Interaction[Any], error: BaseException) -> None:
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


def member_rights(interaction: discord.Interaction[Any]) -> dict[str, Any]:
    """What `SettingsBook.check_in` needs to know of the member's rights in the guild."""
    return {
        "manage_guild": interaction.permissions.manage_guild or interaction.permissions.administrator,
        "role_ids": {role.id for role in getattr(interaction.user, "roles", [])},
    }


class RapportTree(app_commands.CommandTree[Any]):
    async def interaction_check(self, interaction: discord.Interaction[Any]) -> bool:
        """Before each command, one read: note the member's manager rights and whether their reply should say
        that their DMs were found closed (`reply` then adds a line on how to fix it)."""
        coach = getattr(self.client, "_coach", None)  # None until setup_hook built it
        if (
            coach is None
            or interaction.guild_id is None
            or interaction.type is not discord.InteractionType.application_command
        ):
            return True
        check = await coach.settings.check_in(interaction.guild_id, interaction.user.id, **member_rights(interaction))
        interaction.extras["dm_notice"] = check.dm_notice
        interaction.extras["new_member"] = not check.known
        foreground = getattr(self.client, "foreground", None)
        if foreground is not None:
            foreground.begin()
            interaction.extras["foreground"] = foreground
        return True

    async def on_error(self, interaction: discord.Interaction[Any], error: app_commands.AppCommandError) -> None:
        try:
            await answer_error(interaction, error)
        finally:
            command_done(interaction)


def command_done(interaction: discord.Interaction[Any]) -> None:
    """The command was answered (or failed): background work need not wait for it any more."""
    foreground = interaction.extras.pop("foreground", None)
    if foreground is not None:
        foreground.end()
