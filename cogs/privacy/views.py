"""The confirmation `/privacy delete` asks for."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord

from bot.i18n import _, ngettext
from bot.tree import edit
from bot.ui.views import ExpiringView, Interaction

if TYPE_CHECKING:
    from bot.coach.privacy import Erased

CONFIRM_TIMEOUT = 5 * 60


def erased_text(erased: Erased) -> str:
    """What was deleted, one count at a time (each in its own plural form)."""
    return _(
        "Deleted: {touches}, {customers}, {quiz_answers}, {promises}, {roleplays}, {messages} to or from you, your "
        "team-quiz answers and your settings."
    ).format(
        touches=ngettext("{count} touch", "{count} touches", erased.touches).format(count=erased.touches),
        customers=ngettext("{count} customer", "{count} customers", erased.customers).format(count=erased.customers),
        quiz_answers=ngettext("{count} quiz answer", "{count} quiz answers", erased.quiz_answers).format(
            count=erased.quiz_answers
        ),
        promises=ngettext("{count} promise", "{count} promises", erased.promises).format(count=erased.promises),
        roleplays=ngettext("{count} role-play", "{count} role-plays", erased.roleplays).format(count=erased.roleplays),
        messages=ngettext("{count} message", "{count} messages", erased.messages).format(count=erased.messages),
    )


class ConfirmErase(ExpiringView):
    def __init__(self, owner_id: int) -> None:
        super().__init__(timeout=CONFIRM_TIMEOUT, owner_id=owner_id)
        # Made in the asking member's language: the timeout and the buttons run in other tasks.
        self.expired_content = _("No answer in time: nothing was deleted.")
        self.erase.label, self.keep.label = _("Delete my data"), _("Keep it")

    @discord.ui.button(label="Delete my data", style=discord.ButtonStyle.danger)
    async def erase(self, interaction: Interaction, _button: discord.ui.Button[ConfirmErase]) -> None:
        assert interaction.guild_id is not None  # noqa: S101 - asked by a guild-only command
        erased = await interaction.client.coach.privacy.erase(interaction.guild_id, interaction.user.id)
        self.stop()
        await edit(interaction, erased_text(erased), view=None)

    @discord.ui.button(label="Keep it", style=discord.ButtonStyle.secondary)
    async def keep(self, interaction: Interaction, _button: discord.ui.Button[ConfirmErase]) -> None:
        self.stop()
        await edit(interaction, _("Nothing was deleted."), view=None)
