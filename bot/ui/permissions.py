"""Who counts as a manager, and where commands may run.

Discord hides manager commands with `default_permissions`, but server admins can change who sees a command,
so every manager action is checked again here: Manage Server (or Administrator), or the manager role a
guild configured with `/coach setup`.
"""

from __future__ import annotations

from discord import app_commands

from bot.ui.views import Interaction


class NotAManager(app_commands.CheckFailure):
    def __init__(self) -> None:
        super().__init__("Only managers (Manage Server, or the manager role) can use `/coach` commands.")


async def is_manager(interaction: Interaction) -> bool:
    if interaction.guild_id is None:
        return False
    permissions = interaction.permissions
    if permissions.manage_guild or permissions.administrator:
        return True
    role_id = (await interaction.client.coach.settings.guild(interaction.guild_id)).manager_role_id
    roles = getattr(interaction.user, "roles", [])
    return role_id is not None and any(role.id == role_id for role in roles)


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
