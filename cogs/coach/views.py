"""The manager's forms and buttons: the scenario form (kept when refused, so nothing typed is lost), and the
button that cancels a pending nudge (it works after a restart and checks manager rights again)."""

from __future__ import annotations

import re
from typing import Any, Self

import discord

from bot.coach.errors import CoachError
from bot.coach.scenario_form import ScenarioDraft, scenario_from_draft
from bot.coach.scenarios import theme_slug
from bot.i18n import _, command
from bot.tree import open_form, reply
from bot.ui.permissions import NotAManager, is_manager
from bot.ui.text import safe
from bot.ui.views import ExpiringView, Interaction, PersistentButton, RapportModal

RETRY_TIMEOUT = 14 * 60


class ScenarioForm(RapportModal):
    """Made when opened, so its title and fields read in the manager's language (fields declared on the class
    would be English for everyone). The reply lines' `+`, `-` and `//` are the format the domain reads."""

    def __init__(self, draft: ScenarioDraft | None = None) -> None:
        super().__init__(title=_("Add a quiz scenario"), timeout=RETRY_TIMEOUT)
        self.theme: discord.ui.TextInput[ScenarioForm] = discord.ui.TextInput(
            label=_("Theme"), placeholder=_("e.g. our-product, discovery"), max_length=40, custom_id="theme"
        )
        self.context: discord.ui.TextInput[ScenarioForm] = discord.ui.TextInput(
            label=_("Context: who the customer is, what's going on"),
            style=discord.TextStyle.paragraph,
            max_length=600,
            custom_id="context",
        )
        self.customer_says: discord.ui.TextInput[ScenarioForm] = discord.ui.TextInput(
            label=_("What the customer says"),
            style=discord.TextStyle.paragraph,
            max_length=400,
            custom_id="customer_says",
        )
        self.replies: discord.ui.TextInput[ScenarioForm] = discord.ui.TextInput(
            label=_("Replies: + listening // why, - pushing // why"),
            style=discord.TextStyle.paragraph,
            max_length=2000,
            custom_id="replies",
            placeholder=_(
                "+ What happened that made it urgent? // Finds the real need\n- Sign today for a discount // Pressure"
            ),
        )
        self.principle: discord.ui.TextInput[ScenarioForm] = discord.ui.TextInput(
            label=_("The principle, in one line"), max_length=200, custom_id="principle"
        )
        for field in (self.theme, self.context, self.customer_says, self.replies, self.principle):
            self.add_item(field)
        if draft is not None:
            self.theme.default = draft.theme
            self.context.default = draft.context
            self.customer_says.default = draft.customer_says
            self.replies.default = draft.replies
            self.principle.default = draft.principle

    async def submitted(self, interaction: Interaction) -> None:
        assert interaction.guild_id is not None  # noqa: S101 - opened from a guild-only command
        if not await is_manager(interaction):
            await reply(interaction, _("Only managers can add scenarios."))
            return
        scenarios = interaction.client.coach.scenarios
        draft = ScenarioDraft(
            self.theme.value, self.context.value, self.customer_says.value, self.replies.value, self.principle.value
        )
        try:
            theme = theme_slug(draft.theme)
            scenario_id = await scenarios.next_id(interaction.guild_id, theme)
            body = scenario_from_draft(draft, scenario_id, interaction.user.display_name)
            scenario = await scenarios.add(interaction.guild_id, interaction.user.id, body, theme)
        except CoachError as error:
            retry = RetryView(draft)
            retry.attach(interaction)
            kept = _("Your text is kept: press **Edit and resubmit**.")
            await reply(interaction, f"{error.localized()}\n\n{kept}", view=retry)
            return
        await reply(
            interaction,
            _("Added `{scenario}` to the **{theme}** theme. Reps meet it in {command}.").format(
                scenario=scenario.id, theme=safe(scenario.theme), command=command("quiz start")
            ),
        )


class RetryView(ExpiringView):
    """Reopens the scenario form with what the manager typed, after a refusal."""

    def __init__(self, draft: ScenarioDraft) -> None:
        super().__init__(timeout=RETRY_TIMEOUT)
        self.draft = draft
        self.edit.label = _("Edit and resubmit")  # in the manager's language: the class's label is English

    @discord.ui.button(label="Edit and resubmit", style=discord.ButtonStyle.primary)
    async def edit(self, interaction: Interaction, _button: discord.ui.Button[RetryView]) -> None:
        await open_form(interaction, ScenarioForm(self.draft))


class CancelNudge(PersistentButton, template=r"nudge:cancel:(?P<id>\d+)"):
    """Cancels one pending nudge."""

    def __init__(self, nudge_id: int, label: str) -> None:
        super().__init__(
            discord.ui.Button(label=label, style=discord.ButtonStyle.danger, custom_id=f"nudge:cancel:{nudge_id}")
        )
        self.nudge_id = nudge_id

    @classmethod
    def from_match(cls, match: re.Match[str], item: discord.ui.Item[Any]) -> Self:
        return cls(int(match["id"]), getattr(item, "label", None) or _("Cancel"))

    async def pressed(self, interaction: Interaction) -> None:
        if interaction.guild_id is None or not await is_manager(interaction):
            raise NotAManager
        await interaction.client.coach.nudges.cancel(interaction.guild_id, self.nudge_id)
        await reply(interaction, _("Cancelled: that nudge will not be sent."))
