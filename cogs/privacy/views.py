"""The confirmation `/privacy delete` asks for."""

from __future__ import annotations

import discord

from bot.tree import edit
from bot.ui.text import plural
from bot.ui.views import ExpiringView, Interaction

CONFIRM_TIMEOUT = 5 * 60


class ConfirmErase(ExpiringView):
    expired_content = "No answer in time: nothing was deleted."

    def __init__(self, owner_id: int) -> None:
        super().__init__(timeout=CONFIRM_TIMEOUT, owner_id=owner_id)

    @discord.ui.button(label="Delete my data", style=discord.ButtonStyle.danger)
    async def erase(self, interaction: Interaction, _button: discord.ui.Button[ConfirmErase]) -> None:
        assert interaction.guild_id is not None  # noqa: S101 - asked by a guild-only command
        erased = await interaction.client.coach.privacy.erase(interaction.guild_id, interaction.user.id)
        self.stop()
        await edit(
            interaction,
            f"Deleted: {plural(erased.touches, 'touch')}, {plural(erased.customers, 'customer')}, "
            f"{plural(erased.quiz_answers, 'quiz answer')}, {plural(erased.promises, 'promise')}, "
            f"{plural(erased.roleplays, 'role-play')}, {plural(erased.messages, 'message')} to or from you, "
            "your team-quiz answers and your settings.",
            view=None,
        )

    @discord.ui.button(label="Keep it", style=discord.ButtonStyle.secondary)
    async def keep(self, interaction: Interaction, _button: discord.ui.Button[ConfirmErase]) -> None:
        self.stop()
        await edit(interaction, "Nothing was deleted.", view=None)
