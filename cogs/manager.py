"""`/coach ...`: manager commands. Hidden from members without Manage Server by `default_permissions`, and
checked again on every use, because server admins can change who sees a command."""

from __future__ import annotations

import io
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.client import RapportBot
from bot.coach.content import ContentError
from bot.coach.errors import CoachError
from bot.coach.scenario_form import ScenarioDraft, scenario_from_draft
from bot.coach.scenarios import theme_slug
from bot.permissions import is_manager
from bot.render import quiz as render
from bot.render.pages import pager_for
from bot.render.text import plural, safe
from bot.render.views import ExpiringView
from bot.replies import defer, reply
from bot.tree import answer_error

MAX_IMPORT_BYTES = 256 * 1024
RETRY_TIMEOUT = 14 * 60


class NotAManager(app_commands.CheckFailure):
    def __init__(self) -> None:
        super().__init__("Only managers (Manage Server) can use `/coach` commands.")


class ScenarioModal(discord.ui.Modal, title="Add a quiz scenario"):
    theme: discord.ui.TextInput[Any] = discord.ui.TextInput(
        label="Theme", placeholder="e.g. our-product, discovery", max_length=40, custom_id="theme"
    )
    context: discord.ui.TextInput[Any] = discord.ui.TextInput(
        label="Context: who the customer is, what's going on",
        style=discord.TextStyle.paragraph,
        max_length=600,
        custom_id="context",
    )
    customer_says: discord.ui.TextInput[Any] = discord.ui.TextInput(
        label="What the customer says", style=discord.TextStyle.paragraph, max_length=400, custom_id="customer_says"
    )
    replies: discord.ui.TextInput[Any] = discord.ui.TextInput(
        label="Replies: + listening // why, - pushing // why",
        style=discord.TextStyle.paragraph,
        max_length=2000,
        custom_id="replies",
        placeholder="+ What happened that made it urgent? // Finds the real need\n- Sign today for 10% off // Pressure",
    )
    principle: discord.ui.TextInput[Any] = discord.ui.TextInput(
        label="The principle, in one line", max_length=200, custom_id="principle"
    )

    def __init__(self, bot: RapportBot, draft: ScenarioDraft | None = None) -> None:
        super().__init__(timeout=RETRY_TIMEOUT)
        self.bot = bot
        if draft is not None:
            self.theme.default = draft.theme
            self.context.default = draft.context
            self.customer_says.default = draft.customer_says
            self.replies.default = draft.replies
            self.principle.default = draft.principle

    async def on_submit(self, interaction: discord.Interaction[Any]) -> None:
        assert interaction.guild_id is not None  # noqa: S101 - opened from a guild-only command
        if not is_manager(interaction):
            await reply(interaction, "Only managers (Manage Server) can add scenarios.")
            return
        draft = ScenarioDraft(
            self.theme.value, self.context.value, self.customer_says.value, self.replies.value, self.principle.value
        )
        try:
            theme = theme_slug(draft.theme)
            scenario_id = await self.bot.coach.scenarios.next_id(interaction.guild_id, theme)
            body = scenario_from_draft(draft, scenario_id, interaction.user.display_name)
            scenario = await self.bot.coach.scenarios.add(interaction.guild_id, interaction.user.id, body, theme)
        except CoachError as error:
            retry = RetryView(self.bot, draft)
            retry.attach(interaction)
            await reply(interaction, f"{error}\n\nYour text is kept: press **Edit and resubmit**.", view=retry)
            return
        await reply(
            interaction,
            f"Added `{scenario.id}` to the **{safe(scenario.theme)}** theme. Reps meet it in `/quiz start`.",
        )

    async def on_error(  # type: ignore[override]
        self, interaction: discord.Interaction[Any], error: Exception, /
    ) -> None:
        await answer_error(interaction, error)


class RetryView(ExpiringView):
    """Reopens the scenario form with what the manager typed, after a refusal."""

    def __init__(self, bot: RapportBot, draft: ScenarioDraft) -> None:
        super().__init__(timeout=RETRY_TIMEOUT)
        self.bot, self.draft = bot, draft

    @discord.ui.button(label="Edit and resubmit", style=discord.ButtonStyle.primary)
    async def edit(self, interaction: discord.Interaction[Any], _button: discord.ui.Button[Any]) -> None:
        await interaction.response.send_modal(ScenarioModal(self.bot, self.draft))


@app_commands.default_permissions(manage_guild=True)
@app_commands.guild_only()
@app_commands.allowed_contexts(guilds=True, dms=False, private_channels=False)
@app_commands.allowed_installs(guilds=True, users=False)
class Manager(commands.GroupCog, group_name="coach", group_description="Manager tools: scenarios and more"):
    """Managers steer Rapport for their team."""

    scenario = app_commands.Group(name="scenario", description="Your server's own quiz scenarios")

    def __init__(self, bot: RapportBot) -> None:
        self.bot = bot
        super().__init__()

    async def interaction_check(self, interaction: discord.Interaction[Any]) -> bool:
        if not is_manager(interaction):
            raise NotAManager
        return True

    async def _scenario_choices(
        self, interaction: discord.Interaction[Any], current: str, *, enabled: bool
    ) -> list[app_commands.Choice[str]]:
        if interaction.guild_id is None or not is_manager(interaction):
            return []
        matches = await self.bot.coach.scenarios.suggest(interaction.guild_id, current, enabled=enabled)
        return [app_commands.Choice(name=label, value=key) for key, label in matches]

    async def enabled_scenarios(
        self, interaction: discord.Interaction[Any], current: str
    ) -> list[app_commands.Choice[str]]:
        return await self._scenario_choices(interaction, current, enabled=True)

    async def disabled_scenarios(
        self, interaction: discord.Interaction[Any], current: str
    ) -> list[app_commands.Choice[str]]:
        return await self._scenario_choices(interaction, current, enabled=False)

    @scenario.command(name="add", description="Write a scenario about your own product in a form")
    async def add(self, interaction: discord.Interaction[Any]) -> None:
        await interaction.response.send_modal(ScenarioModal(self.bot))

    @scenario.command(name="import", description="Import scenarios from a TOML file (same schema as the packs)")
    @app_commands.describe(file="A .toml pack: theme, title, description and [[scenarios]]")
    async def import_(self, interaction: discord.Interaction[Any], file: discord.Attachment) -> None:
        assert interaction.guild_id is not None  # noqa: S101 - guild-only
        if not file.filename.endswith(".toml"):
            await reply(interaction, "Please attach a `.toml` file in the scenario pack schema (see the README).")
            return
        if file.size > MAX_IMPORT_BYTES:
            await reply(interaction, f"That file is over {MAX_IMPORT_BYTES // 1024} KB; split it into smaller packs.")
            return
        await defer(interaction)
        try:
            text = (await file.read()).decode("utf-8")
        except UnicodeDecodeError:
            await reply(interaction, "That file isn't UTF-8 text. Save it as UTF-8 and try again.")
            return
        try:
            result = await self.bot.coach.scenarios.import_pack(
                interaction.guild_id, interaction.user.id, text, file.filename
            )
        except ContentError as error:
            await self._report_problems(interaction, error.problems)
            return
        await reply(
            interaction,
            f"Imported into **{safe(result.theme)}**: {plural(len(result.added), 'new scenario')}, "
            f"{len(result.updated)} updated.",
        )

    async def _report_problems(self, interaction: discord.Interaction[Any], problems: list[str]) -> None:
        heading = f"Nothing was imported: {plural(len(problems), 'problem')} to fix."
        listing = "\n".join(f"- {safe(problem)}" for problem in problems)
        if len(heading) + len(listing) < 1900:
            await reply(interaction, f"{heading}\n{listing}")
            return
        report = discord.File(io.BytesIO("\n".join(problems).encode()), filename="import-problems.txt")
        await interaction.edit_original_response(  # the command deferred: its answer is the original response
            content=f"{heading} The full list is attached.",
            attachments=[report],
            allowed_mentions=discord.AllowedMentions.none(),
        )

    @scenario.command(name="list", description="Your own scenarios and the shipped packs, with what's disabled")
    async def list_(self, interaction: discord.Interaction[Any]) -> None:
        assert interaction.guild_id is not None  # noqa: S101 - guild-only
        await defer(interaction)
        entries = await self.bot.coach.scenarios.catalogue(interaction.guild_id)
        pages = render.catalogue_pages(entries, self.bot.coach.scenarios.library.themes)
        pager = pager_for(pages, interaction.user.id)
        if pager is not None:
            pager.attach(interaction)
            await reply(interaction, embed=pages[0], view=pager)
        else:
            await reply(interaction, embed=pages[0])

    @scenario.command(name="disable", description="Take a scenario out of this server's quiz rotation")
    @app_commands.describe(id="The scenario to disable")
    @app_commands.autocomplete(id=enabled_scenarios)
    async def disable(self, interaction: discord.Interaction[Any], id: app_commands.Range[str, 1, 64]) -> None:
        await self._set_enabled(interaction, id, enabled=False)

    @scenario.command(name="enable", description="Put a disabled scenario back into rotation")
    @app_commands.describe(id="The scenario to enable")
    @app_commands.autocomplete(id=disabled_scenarios)
    async def enable(self, interaction: discord.Interaction[Any], id: app_commands.Range[str, 1, 64]) -> None:
        await self._set_enabled(interaction, id, enabled=True)

    async def _set_enabled(self, interaction: discord.Interaction[Any], key: str, *, enabled: bool) -> None:
        assert interaction.guild_id is not None  # noqa: S101 - guild-only
        await defer(interaction)
        if ":" not in key:
            key = f"guild:{key}"
        scenario = await self.bot.coach.scenarios.set_enabled(interaction.guild_id, interaction.user.id, key, enabled)
        state = "back in rotation" if enabled else "out of rotation"
        await reply(interaction, f"`{scenario.id}` ({safe(scenario.theme)}) is {state} in this server.")


async def setup(bot: RapportBot) -> None:
    await bot.add_cog(Manager(bot))
