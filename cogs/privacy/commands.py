"""`/privacy export` and `/privacy delete`."""

from __future__ import annotations

import io

import discord
from discord.ext import commands

from bot.client import RapportBot
from bot.i18n import _, command
from bot.tree import defer, reply
from bot.ui.permissions import guild_group
from bot.ui.views import Interaction
from cogs.privacy.views import ConfirmErase


def erase_question() -> str:
    return _(
        "This erases everything Rapport holds about you in this server: touches, notes, customers, promises, quiz "
        "and team-quiz answers, role-plays, points, settings and every message to or from you. It cannot be "
        "undone. {command} first if you want a copy."
    ).format(command=command("privacy export"))


class Privacy(commands.Cog):
    privacy = guild_group("privacy", "Your data in this server: take a copy or erase it")

    def __init__(self, bot: RapportBot) -> None:
        self.bot = bot

    @privacy.command(name="export", description="Download everything Rapport holds about you here (JSON)")
    async def export(self, interaction: Interaction) -> None:
        assert interaction.guild_id is not None  # noqa: S101 - guild-only
        await defer(interaction)
        data = await self.bot.coach.privacy.export(interaction.guild_id, interaction.user.id)
        await reply(
            interaction,
            _("Your data in this server, notes included. Only you can see this."),
            files=[discord.File(io.BytesIO(data.encode()), filename="rapport-my-data.json")],
        )

    @privacy.command(name="delete", description="Erase everything Rapport holds about you in this server")
    async def delete(self, interaction: Interaction) -> None:
        view = ConfirmErase(interaction.user.id)
        view.attach(interaction)
        await reply(interaction, erase_question(), view=view)
