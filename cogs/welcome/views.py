"""The start post's button (a `DynamicItem`, so a post from months ago still enrols) and its form, and the
renderers of the start post and the first-day DM."""

from __future__ import annotations

import re
from typing import Any, Self

import discord

from bot.coach.outgoing import FirstDay, StartPost
from bot.i18n import _
from bot.schedule.sender import Drawn, RenderContext
from bot.tree import open_form, reply
from bot.ui.views import Interaction, PersistentButton, RapportModal
from cogs.welcome import messages

FORM_TIMEOUT = 10 * 60


class EnrolForm(RapportModal):
    """Made when Start is pressed, so its title and fields read in that member's language (fields declared on the
    class would be English for everyone)."""

    def __init__(self, guild_id: int, timezone: str, reminder_time: str) -> None:
        super().__init__(title=_("Start with Rapport"), timeout=FORM_TIMEOUT, custom_id=f"welcome:form:{guild_id}")
        self.guild_id = guild_id
        self.timezone: discord.ui.TextInput[EnrolForm] = discord.ui.TextInput(
            label=_("Your time zone"),
            placeholder=_("e.g. Europe/Paris, America/New_York"),
            max_length=64,
            custom_id="tz",
            default=timezone,
        )
        self.reminder_time: discord.ui.TextInput[EnrolForm] = discord.ui.TextInput(
            label=_("Daily reminder time (HH:MM, your time)"),
            placeholder="16:30",
            max_length=10,
            custom_id="at",
            default=reminder_time,
        )
        self.add_item(self.timezone)
        self.add_item(self.reminder_time)

    async def submitted(self, interaction: Interaction) -> None:
        enrolment = await interaction.client.coach.onboarding.enrol(
            self.guild_id,
            interaction.user.id,
            self.timezone.value,
            self.reminder_time.value,
            locale=interaction.locale.value,
        )
        await reply(interaction, messages.enrolled(enrolment))


class StartButton(PersistentButton, template=r"welcome:start"):
    def __init__(self) -> None:
        super().__init__(
            discord.ui.Button(label=_("Start"), style=discord.ButtonStyle.success, custom_id="welcome:start")
        )

    @classmethod
    def from_match(cls, match: re.Match[str], item: discord.ui.Item[Any]) -> Self:
        return cls()

    async def pressed(self, interaction: Interaction) -> None:
        if interaction.guild_id is None:
            await reply(interaction, _("This button works in the server it was posted in."))
            return
        config = await interaction.client.coach.settings.rep(interaction.guild_id, interaction.user.id)
        await open_form(interaction, EnrolForm(interaction.guild_id, config.timezone, f"{config.reminder_time:%H:%M}"))


async def draw_start_post(post: StartPost, context: RenderContext) -> Drawn:
    view = discord.ui.View(timeout=None)
    view.add_item(StartButton())
    return Drawn(embed=messages.start_post(post.from_name), view=view)


async def draw_first_day(message: FirstDay, context: RenderContext) -> Drawn:
    return Drawn(content=messages.first_day(message, context.guild_name)[:2000])
