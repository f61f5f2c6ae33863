"""Buttons on the daily reminder DM: log a touch right there (a form), or snooze the reminder for two hours.

Both carry the guild in their `custom_id` (`dm:log:<guild>`, `dm:snooze:<guild>`), so a rep in several
servers logs to the right one, and both keep working after a restart.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

import discord

from bot.coach.kinds import TouchKind
from bot.render.touches import logged_touch
from bot.replies import reply
from bot.tree import answer_error

if TYPE_CHECKING:
    from bot.client import RapportBot

SNOOZE_MINUTES = 120


class LogTouchModal(discord.ui.Modal, title="Log a touch"):
    customer: discord.ui.TextInput[Any] = discord.ui.TextInput(
        label="Customer", max_length=100, custom_id="customer", placeholder="Who you touched"
    )
    kind: discord.ui.Label[Any] = discord.ui.Label(
        text="What kind of relationship action",
        component=discord.ui.Select(
            custom_id="kind",
            options=[discord.SelectOption(label=kind.label[:100], value=kind.value) for kind in TouchKind],
        ),
    )
    note: discord.ui.TextInput[Any] = discord.ui.TextInput(
        label="Note (optional, private to you)",
        style=discord.TextStyle.paragraph,
        max_length=500,
        required=False,
        custom_id="note",
    )

    def __init__(self, guild_id: int) -> None:
        super().__init__(timeout=15 * 60)
        self.guild_id = guild_id

    async def on_submit(self, interaction: discord.Interaction[Any]) -> None:
        bot = cast("RapportBot", interaction.client)
        select = cast(discord.ui.Select[Any], self.kind.component)
        kind = TouchKind(select.values[0]) if select.values else TouchKind.CHECK_IN
        result = await bot.coach.touches.log_from_dm(
            self.guild_id, interaction.user.id, customer=self.customer.value, kind=kind, note=self.note.value or None
        )
        guild = bot.get_guild(self.guild_id)
        where = f" in **{guild.name}**" if guild else ""
        await reply(interaction, logged_touch(result) + f"\n-# Logged{where}.")

    async def on_error(  # type: ignore[override]
        self, interaction: discord.Interaction[Any], error: Exception, /
    ) -> None:
        await answer_error(interaction, error)


class LogTouchButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=r"dm:log:(?P<guild>\d+)"):
    def __init__(self, guild_id: int) -> None:
        super().__init__(
            discord.ui.Button(label="Log a touch", style=discord.ButtonStyle.success, custom_id=f"dm:log:{guild_id}")
        )
        self.guild_id = guild_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: Any
    ) -> LogTouchButton:
        return cls(int(match["guild"]))

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        await interaction.response.send_modal(LogTouchModal(self.guild_id))


class SnoozeButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=r"dm:snooze:(?P<guild>\d+)"):
    def __init__(self, guild_id: int) -> None:
        super().__init__(
            discord.ui.Button(
                label="Snooze 2 h", style=discord.ButtonStyle.secondary, custom_id=f"dm:snooze:{guild_id}"
            )
        )
        self.guild_id = guild_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: Any
    ) -> SnoozeButton:
        return cls(int(match["guild"]))

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        bot = cast("RapportBot", interaction.client)
        try:
            due = await bot.coach.planner.snooze(self.guild_id, interaction.user.id, SNOOZE_MINUTES)
            bot.wake_scheduler()
            await reply(interaction, f"Snoozed: I'll remind you again {discord.utils.format_dt(due, 'R')}.")
        except Exception as error:
            await answer_error(interaction, error)


def reminder_view(guild_id: int) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    view.add_item(LogTouchButton(guild_id))
    view.add_item(SnoozeButton(guild_id))
    return view
