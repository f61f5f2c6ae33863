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
from bot.i18n import _, command
from bot.schedule.sender import Drawn, RenderContext
from bot.tree import open_form, reply
from bot.ui.text import days_ago, safe
from bot.ui.views import Interaction, PersistentButton, RapportModal
from cogs.touches.messages import logged_touch

SNOOZE_MINUTES = 120
FORM_TIMEOUT = 15 * 60


class LogTouchForm(RapportModal):
    """Made when the button is pressed, so its title and fields read in the clicker's language."""

    def __init__(self, guild_id: int) -> None:
        super().__init__(title=_("Log a touch"), timeout=FORM_TIMEOUT)
        self.guild_id = guild_id
        self.customer: discord.ui.TextInput[LogTouchForm] = discord.ui.TextInput(
            label=_("Customer"), max_length=100, custom_id="customer", placeholder=_("Who you touched")
        )
        self.kind: discord.ui.Label[LogTouchForm] = discord.ui.Label(
            text=_("What kind of relationship action"),
            component=discord.ui.Select(
                custom_id="kind",
                options=[discord.SelectOption(label=_(kind.label)[:100], value=kind.value) for kind in TouchKind],
            ),
        )
        self.note: discord.ui.TextInput[LogTouchForm] = discord.ui.TextInput(
            label=_("Note (optional, private to you)"),
            style=discord.TextStyle.paragraph,
            max_length=MAX_NOTE_LENGTH,
            required=False,
            custom_id="note",
        )
        self.add_item(self.customer)
        self.add_item(self.kind)
        self.add_item(self.note)

    async def submitted(self, interaction: Interaction) -> None:
        bot = interaction.client
        await bot.coach.members.note_locale(self.guild_id, interaction.user.id, interaction.locale.value)
        select = cast(discord.ui.Select[Any], self.kind.component)
        kind = TouchKind(select.values[0]) if select.values else TouchKind.CHECK_IN
        result = await bot.coach.touches.log_from_dm(
            self.guild_id, interaction.user.id, customer=self.customer.value, kind=kind, note=self.note.value or None
        )
        guild = bot.get_guild(self.guild_id)
        where = _("-# Logged in **{server}**.").format(server=safe(guild.name)) if guild else _("-# Logged.")
        await reply(interaction, logged_touch(result) + "\n" + where)


class LogTouchButton(PersistentButton, template=r"dm:log:(?P<guild>\d+)"):
    def __init__(self, guild_id: int) -> None:
        super().__init__(
            discord.ui.Button(label=_("Log a touch"), style=discord.ButtonStyle.success, custom_id=f"dm:log:{guild_id}")
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
                label=_("Snooze 2 h"), style=discord.ButtonStyle.secondary, custom_id=f"dm:snooze:{guild_id}"
            )
        )
        self.guild_id = guild_id

    @classmethod
    def from_match(cls, match: re.Match[str], item: discord.ui.Item[Any]) -> Self:
        return cls(int(match["guild"]))

    async def pressed(self, interaction: Interaction) -> None:
        bot = interaction.client
        await bot.coach.members.note_locale(self.guild_id, interaction.user.id, interaction.locale.value)
        due = await bot.coach.planner.snooze(self.guild_id, interaction.user.id, SNOOZE_MINUTES)
        bot.wake_scheduler()
        await reply(
            interaction, _("Snoozed: I'll remind you again {when}.").format(when=discord.utils.format_dt(due, "R"))
        )


def reminder_view(guild_id: int) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    view.add_item(LogTouchButton(guild_id))
    view.add_item(SnoozeButton(guild_id))
    return view


async def draw_reminder(reminder: Reminder, context: RenderContext) -> Drawn | None:
    """The reminder, unless the rep has logged a touch on its day since it was planned."""
    if await context.coach.touches.touched_on(context.guild_id, context.recipient_id, reminder.day):
        return None
    lines = [
        _("No customer touch logged yet today in **{server}**. Who could use a call with no ask?").format(
            server=safe(context.guild_name)
        )
    ]
    if reminder.coldest:
        lines += ["", _("Your coldest relationships:")]
        lines += [
            _("- **{customer}**: last touch {when}").format(customer=safe(item.name), when=days_ago(item.days))
            for item in reminder.coldest
        ]
    lines += [
        "",
        _("Log it with the button below or {touch_log} in the server. {settings} changes these.").format(
            touch_log=command("touch log"), settings=command("me settings")
        ),
    ]
    return Drawn(content="\n".join(lines), view=reminder_view(context.guild_id))
