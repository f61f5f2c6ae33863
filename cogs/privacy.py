"""`/privacy export` and `/privacy delete`: a rep takes, or erases, their own data in this server."""

from __future__ import annotations

import io
from typing import Any

import discord
from discord.ext import commands

from bot.client import RapportBot
from bot.permissions import guild_group
from bot.render.text import plural
from bot.render.views import ExpiringView
from bot.replies import defer, reply

CONFIRM_TIMEOUT = 5 * 60


class ConfirmErase(ExpiringView):
    expired_content = "No answer in time: nothing was deleted."

    def __init__(self, bot: RapportBot, owner_id: int) -> None:
        super().__init__(timeout=CONFIRM_TIMEOUT)
        self.bot, self.owner_id = bot, owner_id

    async def interaction_check(self, interaction: discord.Interaction[Any]) -> bool:
        return interaction.user.id == self.owner_id

    @discord.ui.button(label="Delete my data", style=discord.ButtonStyle.danger)
    async def erase(self, interaction: discord.Interaction[Any], _button: discord.ui.Button[Any]) -> None:
        assert interaction.guild_id is not None  # noqa: S101 - guild-only command
        erased = await self.bot.coach.privacy.erase(interaction.guild_id, interaction.user.id)
        self.stop()
        await interaction.response.edit_message(
            content=(
                f"Deleted: {plural(erased.touches, 'touch')}, {plural(erased.customers, 'customer')}, "
                f"{plural(erased.quiz_answers, 'quiz answer')}, your settings and any message still owed to you."
            ),
            view=None,
        )

    @discord.ui.button(label="Keep it", style=discord.ButtonStyle.secondary)
    async def keep(self, interaction: discord.Interaction[Any], _button: discord.ui.Button[Any]) -> None:
        self.stop()
        await interaction.response.edit_message(content="Nothing was deleted.", view=None)


class Privacy(commands.Cog):
    privacy = guild_group("privacy", "Your data in this server: take a copy or erase it")

    def __init__(self, bot: RapportBot) -> None:
        self.bot = bot

    @privacy.command(name="export", description="Download everything Rapport holds about you here (JSON)")
    async def export(self, interaction: discord.Interaction[Any]) -> None:
        assert interaction.guild_id is not None  # noqa: S101 - guild-only
        await defer(interaction)
        data = await self.bot.coach.privacy.export(interaction.guild_id, interaction.user.id)
        await interaction.edit_original_response(
            content="Your data in this server, notes included. Only you can see this.",
            attachments=[discord.File(io.BytesIO(data.encode()), filename="rapport-my-data.json")],
        )

    @privacy.command(name="delete", description="Erase your touches, customers, quiz answers and settings here")
    async def delete(self, interaction: discord.Interaction[Any]) -> None:
        view = ConfirmErase(self.bot, interaction.user.id)
        view.attach(interaction)
        await reply(
            interaction,
            "This erases everything Rapport holds about you in this server: touches, notes, customers, quiz "
            "answers, points and settings. It cannot be undone. `/privacy export` first if you want a copy.",
            view=view,
        )


async def setup(bot: RapportBot) -> None:
    await bot.add_cog(Privacy(bot))
