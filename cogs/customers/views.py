"""The question `/customers rename` asks before merging two customers' histories."""

from __future__ import annotations

import discord

from bot.i18n import _
from bot.tree import edit
from bot.ui.views import ExpiringView, Interaction
from cogs.customers.messages import renamed

MERGE_TIMEOUT_SECONDS = 5 * 60


class ConfirmMerge(ExpiringView):
    def __init__(self, owner_id: int, old: str, new: str) -> None:
        super().__init__(timeout=MERGE_TIMEOUT_SECONDS, owner_id=owner_id)
        self.old, self.new = old, new
        # Made in the asking member's language: the timeout and the buttons run in other tasks.
        self.expired_content = _("No answer in time, so nothing was merged.")
        self.merge.label, self.cancel.label = _("Merge"), _("Cancel")

    @discord.ui.button(label="Merge", style=discord.ButtonStyle.danger)
    async def merge(self, interaction: Interaction, _button: discord.ui.Button[ConfirmMerge]) -> None:
        assert interaction.guild_id is not None  # noqa: S101 - asked by a guild-only command
        outcome = await interaction.client.coach.customers.rename(
            interaction.guild_id, interaction.user.id, self.old, self.new, merge=True
        )
        self.stop()
        await edit(interaction, renamed(outcome), view=None)

    @discord.ui.button(label="Cancel", style=discord.ButtonStyle.secondary)
    async def cancel(self, interaction: Interaction, _button: discord.ui.Button[ConfirmMerge]) -> None:
        self.stop()
        await edit(interaction, _("Nothing merged; both customers stay as they were."), view=None)
