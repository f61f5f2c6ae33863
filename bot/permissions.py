"""Who counts as a manager. Discord hides manager commands with `default_permissions`, but server admins
can change who sees them, so every manager action is checked again here."""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands


def is_manager(interaction: discord.Interaction[Any]) -> bool:
    """Manage Server (or Administrator) in this guild, as Discord computed it for this interaction."""
    if interaction.guild_id is None:
        return False
    permissions = interaction.permissions
    return permissions.manage_guild or permissions.administrator


def guild_group(name: str, description: str) -> app_commands.Group:
    """A slash-command group that exists only inside servers: never in DMs, never as a user-installed app.

    Everything a rep logs belongs to one guild, so these commands have no meaning elsewhere.
    """
    return app_commands.Group(
        name=name,
        description=description,
        guild_only=True,
        allowed_contexts=app_commands.AppCommandContext(guild=True),
        allowed_installs=app_commands.AppInstallationType(guild=True),
    )
