"""The daily reminder DM and its buttons: log a touch right there (a form), or snooze the reminder for two
hours.

The buttons carry the guild in their `custom_id` (`dm:log:<guild>`, `dm:snooze:<guild>`), so a rep in several
servers logs to the right one, and both keep working after a restart.
"""

from __future__ import annotations

import re
from typing import Any, Self, cast

import discord

from bot.coach.kinds import TouchKind
from bot.coach.outgoing import Reminder
from bot.coach.touches import MAX_NOTE_LENGTH
from bot.schedule.sender import Drawn, RenderContext
from bot.tree import open_form, reply
from bot.ui.text import days_ago, safe
from bot.ui.views import Interaction, PersistentButton, RapportModal
from cogs.touches.messages import logged_touch

SNOOZE_MINUTES = 120
FORM_TIMEOUT = 15 * 60


class LogTouchForm(RapportModal, title="Log a touch"):
    customer: discord.ui.TextInput[LogTouchForm] = discord.ui.TextInput(
        label="Customer", max_length=100, custom_id="customer", placeholder="Who you touched"
    )
    kind: discord.ui.Label[LogTouchForm] = discord.ui.Label(
        text="What kind of relationship action",
        component=discord.ui.Select(
            custom_id="kind",
            options=[discord.SelectOption(label=kind.label[:100], value=kind.value) for kind in TouchKind],
        ),
    )
    note: discord.ui.TextInput[LogTouchForm] = discord.ui.TextInput(
        label="Note (optional, private to you)",
        style=discord.TextStyle.paragraph,
        max_length=MAX_NOTE_LENGTH,
        required=False,
        custom_id="note",
    )

    def __init__(self, guild_id: int) -> None:
        super().__init__(timeout=FORM_TIMEOUT)
        self.guild_id = guild_id

    async def submitted(self, interaction: Interaction) -> None:
        bot = interaction.client
        select = cast(discord.ui.Select[Any], self.kind.component)
        kind = TouchKind(select.values[0]) if select.values else TouchKind.CHECK_IN
        result = await bot.coach.touches.log_from_dm(
            self.guild_id, interaction.user.id, customer=self.customer.value, kind=kind, note=self.note.value or None
        )
        guild = bot.get_guild(self.guild_id)
        where = f" in **{guild.name}**" if guild else ""
        await reply(interaction, logged_touch(result) + f"\n-# Logged{where}.")


class LogTouchButton(PersistentButton, template=r"dm:log:(?P<guild>\d+)"):
    def __init__(self, guild_id: int) -> None:
        super().__init__(
            discord.ui.Button(label="Log a touch", style=discord.ButtonStyle.success, custom_id=f"dm:log:{guild_id}")
        )
        self.guild_id = guild_id

    @classmethod
    def from_match(cls, match: re.Match[str], item: discord.ui.Item[Any]) -> Self:
        return cls(int(match["guild"]))

    async def pressed(self, interaction: Interaction) -> None:
        await open_form(interaction, LogTouchForm(self.guild_id))


class SnoozeButton(PersistentButton, template=r"dm:snooze:(?P<guild>\d+)"):
    def __init__(self, guild_id: int) -> None:
        super().__init__(
            discord.ui.Button(
                label="Snooze 2 h", style=discord.ButtonStyle.secondary, custom_id=f"dm:snooze:{guild_id}"
            )
        )
        self.guild_id = guild_id

    @classmethod
    def from_match(cls, match: re.Match[str], item: discord.ui.Item[Any]) -> Self:
        return cls(int(match["guild"]))

    async def pressed(self, interaction: Interaction) -> None:
        bot = interaction.client
        due = await bot.coach.planner.snooze(self.guild_id, interaction.user.id, SNOOZE_MINUTES)
        bot.wake_scheduler()
        await reply(interaction, f"Snoozed: I'll remind you again {discord.utils.format_dt(due, 'R')}.")


def reminder_view(guild_id: int) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    view.add_item(LogTouchButton(guild_id))
    view.add_item(SnoozeButton(guild_id))
    return view


async def draw_reminder(reminder: Reminder, context: RenderContext) -> Drawn | None:
    """The reminder, unless the rep has logged a touch on its day since it was planned."""
    if await context.coach.touches.touched_on(context.guild_id, context.recipient_id, reminder.day):
        return None
    lines = [f"No customer touch logged yet today in **{safe(context.guild_name)}**. Who could use a call with no ask?"]
    if reminder.coldest:
        lines += ["", "Your coldest relationships:"]
        lines += [f"- **{safe(item.name)}**: last touch {days_ago(item.days)}" for item in reminder.coldest]
    lines += ["", "Log it with the button below or `/touch log` in the server. `/me settings` changes these."]
    return Drawn(content="\n".join(lines), view=reminder_view(context.guild_id))
