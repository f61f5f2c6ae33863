"""`/coach ...`: the manager's commands. Hidden from members without Manage Server by `default_permissions`,
and checked again on every use, because server admins can change who sees a command."""

from __future__ import annotations

import io
from datetime import UTC, datetime, time, timedelta
from typing import Literal

import discord
from discord import app_commands
from discord.ext import commands

from bot.arrival import RowId
from bot.client import RapportBot
from bot.coach.content import ContentError, pack_language
from bot.coach.dates import WEEKDAYS
from bot.coach.errors import InvalidInput
from bot.i18n import N_, _, command, grouped, ngettext
from bot.i18n.days import long_day
from bot.tree import defer, open_form, reply
from bot.ui.choices import zone_choices
from bot.ui.pages import send_pages
from bot.ui.permissions import NotAManager, is_manager
from bot.ui.roleplay_words import VERDICTS, named
from bot.ui.text import safe
from bot.ui.views import Interaction, rapport
from cogs.coach import messages
from cogs.coach.setup_wizard import SetupWizard, intro, require_postable
from cogs.coach.views import CancelNudge, ScenarioForm

MAX_IMPORT_BYTES = 256 * 1024
NUDGES_VIEW_TIMEOUT = 14 * 60
# File names are fixed text, never built from what arrived in an option.
PERIOD_FILES = {
    kind: {period: f"rapport-{kind}-{period}.csv" for period in ("week", "month", "all")}
    for kind in ("report", "roleplay")
}
# What each import asks for when the file is not TOML, and when it is too big (`{size}` KB).
IMPORTS = {
    "scenario pack": (
        N_("Please attach a `.toml` file in the scenario pack schema (see the README)."),
        N_("That file is over {size} KB; split it into smaller packs."),
    ),
    "persona": (
        N_("Please attach a `.toml` file in the persona schema (see the README)."),
        N_("That file is over {size} KB; split it into smaller files."),
    ),
}
WEEKDAY_CHOICES = [app_commands.Choice(name=day.title(), value=day) for day in WEEKDAYS]


@app_commands.default_permissions(manage_guild=True)
@app_commands.guild_only()
@app_commands.allowed_contexts(guilds=True, dms=False, private_channels=False)
@app_commands.allowed_installs(guilds=True, users=False)
class Manager(commands.GroupCog, group_name="coach", group_description="Manager tools: scenarios and more"):
    """Managers steer Rapport for their team."""

    scenario = app_commands.Group(name="scenario", description="Your server's own quiz scenarios")
    roleplay = app_commands.Group(name="roleplay", description="Role-play: personas, the team's numbers, reviews")

    def __init__(self, bot: RapportBot) -> None:
        self.bot = bot
        super().__init__()

    async def interaction_check(self, interaction: discord.Interaction[discord.Client], /) -> bool:
        if not await is_manager(rapport(interaction)):
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
        roleplay_open_review="Managers may review every role-play, not only those a rep shared (default: off)",
        roleplay_retention_days="Purge role-play transcripts after this many days, keeping the numbers (0: keep)",
        roleplay_llm="Let role-play use this bot's language model for lines and second opinions (default: off)",
    )
    @app_commands.autocomplete(timezone=zone_choices)
    @app_commands.choices(leaderboard_day=WEEKDAY_CHOICES)
    async def setup_(
        self,
        interaction: Interaction,
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
        roleplay_open_review: bool | None = None,
        roleplay_retention_days: app_commands.Range[int, 0, 3650] | None = None,
        roleplay_llm: bool | None = None,
    ) -> None:
        assert interaction.guild_id is not None  # noqa: S101 - guild-only
        await defer(interaction)
        given = {name: value for name, value in interaction.namespace if value is not None}
        if not given:  # no options: the essentials, picked from selects
            config = await self.bot.coach.settings.guild(interaction.guild_id)
            wizard = SetupWizard(config, interaction.user.id)
            wizard.attach(interaction)
            await reply(interaction, intro(), embed=messages.guild_settings_embed(config), view=wizard)
            return
        if channel is not None:
            await require_postable(channel)
        if roleplay_llm and not self.bot.coach.roleplay.has_model:
            raise InvalidInput(
                N_(
                    "This Rapport has no language model configured (ROLEPLAY_LLM_BASE_URL and ROLEPLAY_LLM_MODEL); "
                    "role-play uses its scripts. Ask whoever runs the bot."
                )
            )
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
            roleplay_open_review=roleplay_open_review,
            roleplay_retention_days=roleplay_retention_days,
            roleplay_llm=roleplay_llm,
        )
        await reply(interaction, _("Saved."), embed=messages.guild_settings_embed(config))

    @app_commands.command(name="welcome", description="Post a Start button in a channel: reps enrol with it")
    @app_commands.describe(channel="Where to post it (default: here)")
    async def welcome(self, interaction: Interaction, channel: discord.TextChannel | None = None) -> None:
        assert interaction.guild_id is not None  # noqa: S101 - guild-only
        await defer(interaction)
        target = channel or interaction.channel
        if not isinstance(target, discord.TextChannel):
            raise InvalidInput(
                N_("Pick a text channel for the start post: {command}."),
                command=command("coach welcome", "channel:#team"),
            )
        await require_postable(target)
        await self.bot.coach.onboarding.post_start(
            interaction.guild_id, target.id, interaction.user.id, interaction.user.display_name
        )
        await reply(
            interaction,
            _(
                "Posting the start message in {channel}. Each rep who presses **Start** picks a time zone and a "
                "reminder time, and gets a DM that explains a day with Rapport."
            ).format(channel=target.mention),
        )

    async def assign_choices(self, interaction: Interaction, current: str) -> list[app_commands.Choice[str]]:
        assert interaction.guild_id is not None  # noqa: S101 - guild-only
        needle = current.strip().casefold()
        themes = await self.bot.coach.scenarios.themes(interaction.guild_id, locale=interaction.locale.value)
        choices = [
            app_commands.Choice(name=_("Quiz: {title}").format(title=title)[:100], value=f"theme:{slug}")
            for slug, title in sorted(themes.items(), key=lambda item: item[1])
            if needle in slug or needle in title.casefold()
        ]
        personas = await self.bot.coach.roleplay.suggest(interaction.guild_id, current)
        choices += [
            app_commands.Choice(name=_("Role-play: {persona}").format(persona=label)[:100], value=f"persona:{pid}")
            for pid, label in personas
        ]
        return choices[:25]

    @app_commands.command(name="assign", description="Ask a rep to practise a quiz theme or a role-play persona")
    @app_commands.describe(
        member="Who should practise",
        what="A quiz theme or a role-play persona (pick from the list)",
        due="By when (optional): friday, in 3 days, YYYY-MM-DD; a heads-up comes the day before",
    )
    @app_commands.autocomplete(what=assign_choices)
    async def assign(
        self,
        interaction: Interaction,
        member: discord.Member,
        what: app_commands.Range[str, 1, 60],
        due: app_commands.Range[str, 1, 20] | None = None,
    ) -> None:
        await self._assign(interaction, member, what, due)

    async def _assign(self, interaction: Interaction, member: discord.Member, what: str, due: str | None) -> None:
        """A quiz theme (`theme:<slug>`, or a bare slug typed) or a persona (`persona:<id>`) for a rep."""
        assert interaction.guild_id is not None  # noqa: S101 - guild-only
        if member.bot:
            await reply(interaction, _("Bots don't need practice."))
            return
        await defer(interaction)
        kind, _colon, subject = what.strip().partition(":")
        if not subject:  # typed rather than picked: a theme's slug
            kind, subject = "theme", kind
        manager, name = interaction.user.id, interaction.user.display_name
        if kind == "persona":
            due_on = await self.bot.coach.roleplay_desk.assign(
                interaction.guild_id, manager, name, member.id, subject, due
            )
            title = subject
        elif kind == "theme":
            made = await self.bot.coach.assignments.assign_theme(
                interaction.guild_id, manager, name, member.id, subject.casefold(), due
            )
            library, language = self.bot.coach.scenarios.library, pack_language(interaction.locale.value)
            due_on, title = made.due, library.theme_title(made.subject, language) or made.title
        else:
            raise InvalidInput(N_("Pick a quiz theme or a role-play persona from the list."))
        self.bot.wake_scheduler()
        by = _(", due {day} (a heads-up the day before)").format(day=long_day(due_on)) if due_on else ""
        await reply(
            interaction,
            _(
                "Assigned **{title}** to {member}{due}: a DM with a start button is on its way. {command} shows when "
                "it is done."
            ).format(title=safe(title), member=member.mention, due=by, command=command("coach report")),
        )

    @app_commands.command(name="show", description="Show this server's Rapport settings")
    async def show(self, interaction: Interaction) -> None:
        assert interaction.guild_id is not None  # noqa: S101 - guild-only
        await defer(interaction)
        config = await self.bot.coach.settings.guild(interaction.guild_id)
        await reply(interaction, embed=messages.guild_settings_embed(config))

    @app_commands.command(name="nudge", description="Send one rep a DM from you, now or at a time in their day")
    @app_commands.describe(
        member="Who to nudge",
        message="What to say (they see it came from you)",
        when="Optional: HH:MM or YYYY-MM-DD HH:MM in their time zone",
    )
    async def nudge(
        self,
        interaction: Interaction,
        member: discord.Member,
        message: app_commands.Range[str, 1, 1000],
        when: app_commands.Range[str, 1, 20] | None = None,
    ) -> None:
        assert interaction.guild_id is not None  # noqa: S101 - guild-only
        if member.bot:
            await reply(interaction, _("Bots don't need nudges."))
            return
        await defer(interaction)
        due = await self.bot.coach.nudges.schedule(
            interaction.guild_id, interaction.user.id, interaction.user.display_name, member.id, message, when
        )
        self.bot.wake_scheduler()
        if when is None:
            sent = _("Nudge to {member} will be sent now. {command} lists pending ones.")
        else:
            sent = _("Nudge to {member} will be sent at {time}. {command} lists pending ones.")
        await reply(
            interaction,
            sent.format(member=member.mention, time=discord.utils.format_dt(due, "f"), command=command("coach nudges")),
        )

    @app_commands.command(name="nudges", description="Pending nudges, with a button to cancel each")
    async def nudges(self, interaction: Interaction) -> None:
        assert interaction.guild_id is not None  # noqa: S101 - guild-only
        await defer(interaction)
        pending = await self.bot.coach.nudges.pending(interaction.guild_id)
        if not pending:
            await reply(interaction, _("No pending nudges."))
            return
        view = discord.ui.View(timeout=NUDGES_VIEW_TIMEOUT)
        for number, item in enumerate(pending[: messages.MAX_LISTED_NUDGES], start=1):
            view.add_item(CancelNudge(item.id, _("Cancel {number}").format(number=number)))
        await reply(interaction, embed=messages.nudges_embed(pending), view=view)

    @app_commands.command(name="trends", description="Week by week: touches, customers, promises, quiz (chart + CSV)")
    @app_commands.describe(member="Only this member, beside the team (optional)", weeks="How many weeks (default 12)")
    async def trends(
        self,
        interaction: Interaction,
        member: discord.Member | None = None,
        weeks: app_commands.Range[int, 1, 52] = 12,
    ) -> None:
        assert interaction.guild_id is not None  # noqa: S101 - guild-only
        await defer(interaction)
        from bot.ui.trends import trend_answer  # the chart and its CSVs load on a manager's first trends (B5)

        report = await self.bot.coach.trends.weekly(interaction.guild_id, weeks, member.id if member else None)
        embed, files = trend_answer(report)
        await reply(interaction, embed=embed, files=files)

    @app_commands.command(name="report", description="Per rep: touches by kind, customers, cold count, quiz (CSV)")
    @app_commands.describe(period="Which period (default: week)", member="Only this member (optional)")
    async def report(
        self,
        interaction: Interaction,
        period: Literal["week", "month", "all"] = "week",
        member: discord.Member | None = None,
    ) -> None:
        assert interaction.guild_id is not None  # noqa: S101 - guild-only
        await defer(interaction)
        from bot.coach.reports import report_csv  # loaded by the first report, not at start (B5)

        report = await self.bot.coach.reports.team(interaction.guild_id, period, member.id if member else None)
        data = report_csv(report).encode()
        since = None if report.start is None else datetime.combine(report.start, time(), UTC)
        assigned = await self.bot.coach.assignments.in_guild(interaction.guild_id, since, member.id if member else None)
        embed = messages.report_embed(report)
        messages.add_assignments(embed, assigned, report.end)
        await reply(
            interaction,
            embed=embed,
            files=[discord.File(io.BytesIO(data), filename=PERIOD_FILES["report"][period])],
        )

    @app_commands.command(name="export", description="Every touch in this server as CSV (no notes: those stay private)")
    async def export(self, interaction: Interaction) -> None:
        assert interaction.guild_id is not None  # noqa: S101 - guild-only
        await defer(interaction)
        text, rows = await self.bot.coach.reports.touches_csv(interaction.guild_id)
        await reply(
            interaction,
            ngettext(
                "{count} touch exported. Notes are private to each rep and are not included.",
                "{count} touches exported. Notes are private to each rep and are not included.",
                rows,
            ).format(count=grouped(rows)),
            files=[discord.File(io.BytesIO(text.encode()), filename="rapport-touches.csv")],
        )

    async def _scenario_choices(
        self, interaction: Interaction, current: str, *, enabled: bool
    ) -> list[app_commands.Choice[str]]:
        if interaction.guild_id is None or not await is_manager(interaction):
            return []
        matches = await self.bot.coach.scenarios.suggest(interaction.guild_id, current, enabled=enabled)
        return [app_commands.Choice(name=label, value=key) for key, label in matches]

    async def enabled_scenarios(self, interaction: Interaction, current: str) -> list[app_commands.Choice[str]]:
        return await self._scenario_choices(interaction, current, enabled=True)

    async def disabled_scenarios(self, interaction: Interaction, current: str) -> list[app_commands.Choice[str]]:
        return await self._scenario_choices(interaction, current, enabled=False)

    @scenario.command(
        name="add",
        description="Write a scenario about your own product in a form",
        extras={"answer": "form"},  # nothing may be deferred before the form opens
    )
    async def add(self, interaction: Interaction) -> None:
        await open_form(interaction, ScenarioForm())

    @scenario.command(name="import", description="Import scenarios from a TOML file (same schema as the packs)")
    @app_commands.describe(file="A .toml pack: theme, title, description and [[scenarios]]")
    async def import_(self, interaction: Interaction, file: discord.Attachment) -> None:
        assert interaction.guild_id is not None  # noqa: S101 - guild-only
        text = await self._toml(interaction, file, IMPORTS["scenario pack"])
        if text is None:
            return
        try:
            result = await self.bot.coach.scenarios.import_pack(
                interaction.guild_id, interaction.user.id, text, file.filename
            )
        except ContentError as error:
            await self._refuse_import(interaction, error)
            return
        await reply(interaction, messages.imported_text(result))

    @scenario.command(name="list", description="Your own scenarios and the shipped packs, with what's disabled")
    async def list_(self, interaction: Interaction) -> None:
        assert interaction.guild_id is not None  # noqa: S101 - guild-only
        await defer(interaction)
        entries = await self.bot.coach.scenarios.catalogue(interaction.guild_id)
        library, language = self.bot.coach.scenarios.library, pack_language(interaction.locale.value)
        titles = {**library.themes, **library.translated_themes.get(language, {})}
        await send_pages(interaction, messages.catalogue_pages(entries, titles))

    @scenario.command(name="disable", description="Take a scenario out of this server's quiz rotation")
    @app_commands.describe(id="The scenario to disable")
    @app_commands.autocomplete(id=enabled_scenarios)
    async def disable(self, interaction: Interaction, id: app_commands.Range[str, 1, 64]) -> None:
        await self._set_enabled(interaction, id, enabled=False)

    @scenario.command(name="enable", description="Put a disabled scenario back into rotation")
    @app_commands.describe(id="The scenario to enable")
    @app_commands.autocomplete(id=disabled_scenarios)
    async def enable(self, interaction: Interaction, id: app_commands.Range[str, 1, 64]) -> None:
        await self._set_enabled(interaction, id, enabled=True)

    async def _set_enabled(self, interaction: Interaction, key: str, *, enabled: bool) -> None:
        assert interaction.guild_id is not None  # noqa: S101 - guild-only
        await defer(interaction)
        scenario = await self.bot.coach.scenarios.set_enabled(interaction.guild_id, interaction.user.id, key, enabled)
        if enabled:
            state = _("`{scenario}` ({theme}) is back in rotation in this server.")
        else:
            state = _("`{scenario}` ({theme}) is out of rotation in this server.")
        await reply(interaction, state.format(scenario=scenario.id, theme=safe(scenario.theme)))

    async def _toml(self, interaction: Interaction, file: discord.Attachment, kind: tuple[str, str]) -> str | None:
        """An imported file's text, or None after telling the manager why it can't be read. `kind`: what to
        attach, and what to split an overlong one into (`IMPORTS`)."""
        wrong_type, too_big = kind
        if not file.filename.endswith(".toml"):
            await reply(interaction, _(wrong_type))
            return None
        if file.size > MAX_IMPORT_BYTES:
            await reply(interaction, _(too_big).format(size=grouped(MAX_IMPORT_BYTES // 1024)))
            return None
        await defer(interaction)
        try:
            return (await file.read()).decode("utf-8")
        except discord.HTTPException:  # the attachment expired or was deleted: the CDN answers 403 or 404
            await reply(interaction, _("I couldn't download that file from Discord. Attach it again and retry."))
            return None
        except UnicodeDecodeError:
            await reply(interaction, _("That file isn't UTF-8 text. Save it as UTF-8 and try again."))
            return None

    async def _refuse_import(self, interaction: Interaction, error: ContentError) -> None:
        """Every problem of a refused import: in the answer, or as a file when the list is long."""
        text, attachment = messages.problems_text(error.problems)
        files = [] if attachment is None else [discord.File(io.BytesIO(attachment.encode()), "import-problems.txt")]
        await reply(interaction, text, files=files)

    @roleplay.command(name="import", description="Import a role-play persona from a TOML file (as in prompts/personas)")
    @app_commands.describe(file="A .toml persona: situation, hidden need, states and what each reply leads to")
    async def roleplay_import(self, interaction: Interaction, file: discord.Attachment) -> None:
        assert interaction.guild_id is not None  # noqa: S101 - guild-only
        text = await self._toml(interaction, file, IMPORTS["persona"])
        if text is None:
            return
        try:
            persona = await self.bot.coach.roleplay_desk.import_persona(
                interaction.guild_id, interaction.user.id, text, file.filename
            )
        except ContentError as error:
            await self._refuse_import(interaction, error)
            return
        await reply(
            interaction,
            _("Imported persona `{persona}` ({name}, {role}). Reps meet it with {command}.").format(
                persona=persona.id, name=safe(persona.name), role=safe(persona.role), command=command("roleplay start")
            ),
        )

    async def assign_persona_choices(self, interaction: Interaction, current: str) -> list[app_commands.Choice[str]]:
        if interaction.guild_id is None or not await is_manager(interaction):
            return []
        matches = await self.bot.coach.roleplay.suggest(interaction.guild_id, current)
        return [app_commands.Choice(name=label, value=persona_id) for persona_id, label in matches]

    @roleplay.command(name="assign", description="Ask a rep to practise with a persona; they get a DM with a button")
    @app_commands.describe(
        member="Who should practise",
        persona="Which persona",
        due="By when (optional): friday, in 3 days, YYYY-MM-DD; a heads-up comes the day before",
    )
    @app_commands.autocomplete(persona=assign_persona_choices)
    async def roleplay_assign(
        self,
        interaction: Interaction,
        member: discord.Member,
        persona: app_commands.Range[str, 1, 40],
        due: app_commands.Range[str, 1, 20] | None = None,
    ) -> None:
        await self._assign(interaction, member, f"persona:{persona}", due)

    @roleplay.command(name="report", description="Role-play per rep: outcomes, talk share, questions, pushes (CSV)")
    @app_commands.describe(period="Which period (default: month)", member="Only this member (optional)")
    async def roleplay_report(
        self,
        interaction: Interaction,
        period: Literal["week", "month", "all"] = "month",
        member: discord.Member | None = None,
    ) -> None:
        assert interaction.guild_id is not None  # noqa: S101 - guild-only
        await defer(interaction)
        today = self.bot.clock().date()
        since = {"week": today - timedelta(days=6), "month": today - timedelta(days=29), "all": None}[period]
        summaries = await self.bot.coach.roleplay_desk.summaries(
            interaction.guild_id, since, member.id if member else None
        )
        await reply(
            interaction,
            embed=messages.roleplay_report_embed(summaries, period),
            files=[
                discord.File(io.BytesIO(messages.roleplay_csv(summaries).encode()), PERIOD_FILES["roleplay"][period])
            ],
        )

    async def conversation_choices(self, interaction: Interaction, current: str) -> list[app_commands.Choice[int]]:
        member = getattr(interaction.namespace, "member", None)
        if interaction.guild_id is None or member is None or not await is_manager(interaction):
            return []
        found = await self.bot.coach.roleplay_desk.reviewable(interaction.guild_id, member.id)
        return [app_commands.Choice(name=label, value=number) for number, label in found if current in label][:25]

    @roleplay.command(name="review", description="Read a conversation a rep shared, with the cues behind each verdict")
    @app_commands.describe(member="The rep", conversation="One of their shared conversations")
    @app_commands.autocomplete(conversation=conversation_choices)
    async def roleplay_review(self, interaction: Interaction, member: discord.Member, conversation: RowId) -> None:
        assert interaction.guild_id is not None  # noqa: S101 - guild-only
        await defer(interaction)
        report = await self.bot.coach.roleplay_desk.review(interaction.guild_id, conversation)
        if report.user_id != member.id:
            await reply(
                interaction,
                _("Conversation #{number} isn't {member}'s.").format(number=conversation, member=member.mention),
            )
            return
        await send_pages(interaction, messages.transcript_pages(report))

    @roleplay.command(name="overrule", description="Overrule the scorer on one reply of a shared conversation")
    @app_commands.describe(
        conversation="The conversation's number (from review)",
        reply_number="Which reply (1 is the rep's first)",
        verdict="What the reply was, in your judgement",
        note="Why (exported with the reply to improve the scorer)",
    )
    async def roleplay_overrule(
        self,
        interaction: Interaction,
        conversation: RowId,
        reply_number: app_commands.Range[int, 1, 20],
        verdict: Literal["listening", "pushing"],
        note: app_commands.Range[str, 1, 500],
    ) -> None:
        assert interaction.guild_id is not None  # noqa: S101 - guild-only
        await defer(interaction)
        await self.bot.coach.roleplay_desk.overrule(
            interaction.guild_id, interaction.user.id, conversation, reply_number, verdict, note
        )
        await reply(
            interaction,
            _(
                "Reply {reply} of #{number} is now {verdict}, with your note. {command} exports every ruling as "
                "labelled rows."
            ).format(
                reply=reply_number,
                number=conversation,
                verdict=named(VERDICTS, verdict),
                command=command("coach roleplay overrides"),
            ),
        )

    @roleplay.command(name="overrides", description="Every overruled reply as labelled rows (TSV) to check the scorer")
    async def roleplay_overrides(self, interaction: Interaction) -> None:
        assert interaction.guild_id is not None  # noqa: S101 - guild-only
        await defer(interaction)
        text, count = await self.bot.coach.roleplay_desk.overrides_tsv(interaction.guild_id)
        await reply(
            interaction,
            ngettext(
                "{count} overruled reply. `rapport roleplay score` reads this file (its `label` column).",
                "{count} overruled replies. `rapport roleplay score` reads this file (its `label` column).",
                count,
            ).format(count=grouped(count)),
            files=[discord.File(io.BytesIO(text.encode()), filename="rapport-roleplay-overrides.tsv")],
        )
