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


class RapportTree(app_commands.CommandTree[Any]):
    async def interaction_check(self, interaction: discord.Interaction[Any]) -> bool:
        """Flag, once, that this rep's DMs were found closed: `reply` then adds a line on how to fix it."""
        coach = getattr(self.client, "_coach", None)  # None until setup_hook built it
        if (
            coach is not None
            and interaction.guild_id is not None
            and interaction.type is discord.InteractionType.application_command
            and await coach.settings.take_dm_notice(interaction.guild_id, interaction.user.id)
        ):
            interaction.extras["dm_notice"] = True
        return True

    async def on_error(self, interaction: discord.Interaction[Any], error: app_commands.AppCommandError) -> None:
        await answer_error(interaction, error)
