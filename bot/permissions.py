"""Who counts as a manager. Discord hides manager commands with `default_permissions`, but server admins
can change who sees them, so every manager action is checked again here."""

from __future__ import annotations

from typing import Any

import discord


def is_manager(interaction: discord.Interaction[Any]) -> bool:
    """Manage Server (or Administrator) in this guild, as Discord computed it for this interaction."""
    if interaction.guild_id is None:
        return False
    permissions = interaction.permissions
    return permissions.manage_guild or permissions.administrator
