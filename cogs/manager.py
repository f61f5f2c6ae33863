"""`/coach ...`: manager commands. Hidden from members without Manage Server by `default_permissions`, and
checked again on every use, because server admins can change who sees a command."""

from __future__ import annotations

import io
from typing import Any, Literal, cast

import discord
from discord import app_commands
from discord.ext import commands

from bot.choices import zone_autocomplete
from bot.client import RapportBot
from bot.coach.content import ContentError
from bot.coach.errors import CoachError, InvalidInput
from bot.coach.reports import report_csv
from bot.coach.scenario_form import ScenarioDraft, scenario_from_draft
from bot.coach.scenarios import theme_slug
from bot.coach.settings import WEEKDAYS
from bot.permissions import is_manager
from bot.render import quiz as render
from bot.render.pages import pager_for
from bot.render.reports import report_embed
from bot.render.settings import guild_settings_embed
from bot.render.text import BRAND_COLOUR, clip, plural, safe
from bot.render.views import ExpiringView
from bot.replies import defer, reply
from bot.tree import answer_error

MAX_IMPORT_BYTES = 256 * 1024
RETRY_TIMEOUT = 14 * 60


class NotAManager(app_commands.CheckFailure):
    def __init__(self) -> None:
        super().__init__("Only managers (Manage Server, or the manager role) can use `/coach` commands.")


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
        if not await is_manager(interaction, self.bot.coach):
            await reply(interaction, "Only managers can add scenarios.")
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


WEEKDAY_CHOICES = [app_commands.Choice(name=day.title(), value=day) for day in WEEKDAYS]
MAX_LISTED_NUDGES = 20


class CancelNudge(discord.ui.DynamicItem[discord.ui.Button[Any]], template=r"nudge:cancel:(?P<id>\d+)"):
    """Cancels one pending nudge; works after a restart, and checks manager rights again."""

    def __init__(self, nudge_id: int, label: str) -> None:
        super().__init__(
            discord.ui.Button(label=label, style=discord.ButtonStyle.danger, custom_id=f"nudge:cancel:{nudge_id}")
        )
        self.nudge_id = nudge_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: Any
    ) -> CancelNudge:
        return cls(int(match["id"]), getattr(item, "label", None) or "Cancel")

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        bot = cast(RapportBot, interaction.client)
        try:
            if interaction.guild_id is None or not await is_manager(interaction, bot.coach):
                raise NotAManager
            await bot.coach.nudges.cancel(interaction.guild_id, self.nudge_id)
            await reply(interaction, "Cancelled: that nudge will not be sent.")
        except Exception as error:
            await answer_error(interaction, error)


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
        if not await is_manager(interaction, self.bot.coach):
            raise NotAManager
        return True

    @app_commands.command(name="setup", description="Set up Rapport for this server (every option is optional)")
    @app_commands.describe(
        channel="Where the weekly board is posted",
        timezone="The server's time zone, e.g. Europe/Paris",
        leaderboard_day="Day of the weekly board",
        leaderboard_time="Time of the weekly board, HH:MM",
        reminder_time="Default time of the daily touch reminder, HH:MM",
        work_days="Days reps get reminders, e.g. mon-fri",
        cold_after_days="Days without a touch before a customer counts as cold",
        manager_role="A role whose members may use /coach commands",
        point_weights="Points per touch kind, e.g. listening=4, thanks=1",
        team_quiz="Post a team question in the channel each work day at the board's time",
        holidays="Days with no reminders and no streak breaks: YYYY-MM-DD, ... (none clears)",
        weekly_cap="Most touch points one rep can earn in a week (0: no cap)",
        board_includes_managers="Show managers on the public board (default: left off)",
    )
    @app_commands.autocomplete(timezone=zone_autocomplete)
    @app_commands.choices(leaderboard_day=WEEKDAY_CHOICES)
    async def setup_(
        self,
        interaction: discord.Interaction[Any],
        channel: discord.TextChannel | None = None,
        timezone: app_commands.Range[str, 1, 64] | None = None,
        leaderboard_day: app_commands.Choice[str] | None = None,
        leaderboard_time: app_commands.Range[str, 1, 10] | None = None,
        reminder_time: app_commands.Range[str, 1, 10] | None = None,
        work_days: app_commands.Range[str, 1, 60] | None = None,
        cold_after_days: app_commands.Range[int, 1, 365] | None = None,
        manager_role: discord.Role | None = None,
        point_weights: app_commands.Range[str, 1, 300] | None = None,
        team_quiz: bool | None = None,
        holidays: app_commands.Range[str, 1, 800] | None = None,
        weekly_cap: app_commands.Range[int, 0, 1000] | None = None,
        board_includes_managers: bool | None = None,
    ) -> None:
        assert interaction.guild_id is not None  # noqa: S101 - guild-only
        await defer(interaction)
        if channel is not None:
            await self._require_postable(interaction, channel)
        config = await self.bot.coach.settings.update_guild(
            interaction.guild_id,
            channel_id=channel.id if channel else None,
            timezone=timezone,
            leaderboard_day=leaderboard_day.value if leaderboard_day else None,
            leaderboard_time=leaderboard_time,
            reminder_time=reminder_time,
            work_days=work_days,
            cold_after_days=cold_after_days,
            manager_role_id=manager_role.id if manager_role else None,
            point_weights=point_weights,
            team_quiz=team_quiz,
            holidays=holidays,
            weekly_points_cap=weekly_cap,
            board_includes_managers=board_includes_managers,
        )
        await reply(interaction, "Saved.", embed=guild_settings_embed(config))

    async def _require_postable(self, interaction: discord.Interaction[Any], channel: discord.TextChannel) -> None:
        """Refuse a channel the bot cannot post the board in, rather than failing silently every week."""
        guild = channel.guild
        me = guild.me or await guild.fetch_member(self.bot.user.id if self.bot.user else 0)
        permissions = channel.permissions_for(me)
        missing = [
            name
            for name, granted in (
                ("View Channel", permissions.view_channel),
                ("Send Messages", permissions.send_messages),
                ("Embed Links", permissions.embed_links),
                ("Attach Files", permissions.attach_files),
            )
            if not granted
        ]
        if missing:
            raise InvalidInput(f"I can't post in {channel.mention}: I need {', '.join(missing)} there.")

    @app_commands.command(name="show", description="Show this server's Rapport settings")
    async def show(self, interaction: discord.Interaction[Any]) -> None:
        assert interaction.guild_id is not None  # noqa: S101 - guild-only
        await defer(interaction)
        await reply(interaction, embed=guild_settings_embed(await self.bot.coach.settings.guild(interaction.guild_id)))

    @app_commands.command(name="nudge", description="Send one rep a DM from you, now or at a time in their day")
    @app_commands.describe(
        member="Who to nudge",
        message="What to say (they see it came from you)",
        when="Optional: HH:MM or YYYY-MM-DD HH:MM in their time zone",
    )
    async def nudge(
        self,
        interaction: discord.Interaction[Any],
        member: discord.Member,
        message: app_commands.Range[str, 1, 1000],
        when: app_commands.Range[str, 1, 20] | None = None,
    ) -> None:
        assert interaction.guild_id is not None  # noqa: S101 - guild-only
        if member.bot:
            await reply(interaction, "Bots don't need nudges.")
            return
        await defer(interaction)
        due = await self.bot.coach.nudges.schedule(
            interaction.guild_id, interaction.user.id, interaction.user.display_name, member.id, message, when
        )
        self.bot.wake_scheduler()
        timing = "now" if when is None else f"at {discord.utils.format_dt(due, 'f')}"
        await reply(
            interaction, f"Nudge to {member.mention} will be sent {timing}. `/coach nudges` lists pending ones."
        )

    @app_commands.command(name="nudges", description="Pending nudges, with a button to cancel each")
    async def nudges(self, interaction: discord.Interaction[Any]) -> None:
        assert interaction.guild_id is not None  # noqa: S101 - guild-only
        await defer(interaction)
        pending = await self.bot.coach.nudges.pending(interaction.guild_id)
        if not pending:
            await reply(interaction, "No pending nudges.")
            return
        shown = pending[:MAX_LISTED_NUDGES]
        lines = [
            f"**{number}.** <@{item.member_id}> {discord.utils.format_dt(item.due_at, 'R')} from "
            f"{safe(item.from_name)}: {safe(clip(item.message, 120))}"
            for number, item in enumerate(shown, start=1)
        ]
        if len(pending) > len(shown):
            lines.append(f"...and {len(pending) - len(shown)} more.")
        view = discord.ui.View(timeout=RETRY_TIMEOUT)
        for number, item in enumerate(shown, start=1):
            view.add_item(CancelNudge(item.id, f"Cancel {number}"))
        embed = discord.Embed(title="Pending nudges", description="\n".join(lines)[:4000], colour=BRAND_COLOUR)
        await reply(interaction, embed=embed, view=view)

    @app_commands.command(name="report", description="Per rep: touches by kind, customers, cold count, quiz (CSV)")
    @app_commands.describe(period="Which period (default: week)", member="Only this member (optional)")
    async def report(
        self,
        interaction: discord.Interaction[Any],
        period: Literal["week", "month", "all"] = "week",
        member: discord.Member | None = None,
    ) -> None:
        assert interaction.guild_id is not None  # noqa: S101 - guild-only
        await defer(interaction)
        report = await self.bot.coach.reports.team(interaction.guild_id, period, member.id if member else None)
        embed = report_embed(report)
        data = report_csv(report).encode()
        await interaction.edit_original_response(
            embed=embed,
            attachments=[discord.File(io.BytesIO(data), filename=f"rapport-report-{period}.csv")],
            allowed_mentions=discord.AllowedMentions.none(),
        )

    @app_commands.command(name="export", description="Every touch in this server as CSV (no notes: those stay private)")
    async def export(self, interaction: discord.Interaction[Any]) -> None:
        assert interaction.guild_id is not None  # noqa: S101 - guild-only
        await defer(interaction)
        text, rows = await self.bot.coach.reports.touches_csv(interaction.guild_id)
        await interaction.edit_original_response(
            content=f"{plural(rows, 'touch')} exported. Notes are private to each rep and are not included.",
            attachments=[discord.File(io.BytesIO(text.encode()), filename="rapport-touches.csv")],
        )

    async def _scenario_choices(
        self, interaction: discord.Interaction[Any], current: str, *, enabled: bool
    ) -> list[app_commands.Choice[str]]:
        if interaction.guild_id is None or not await is_manager(interaction, self.bot.coach):
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
    bot.add_dynamic_items(CancelNudge)
    await bot.add_cog(Manager(bot))
