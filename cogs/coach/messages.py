"""What the manager sees: the server's settings, the team report, pending nudges, the scenario catalogue, an
import's problems; and the nudge DM a rep receives."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

import discord

from bot.coach.assignments import GuildAssigned
from bot.coach.dates import WEEKDAYS, weekdays_text
from bot.coach.kinds import TouchKind
from bot.coach.nudges import PendingNudge
from bot.coach.outgoing import Nudge
from bot.coach.preferences import GuildConfig
from bot.coach.scenarios import CatalogueEntry, ImportResult
from bot.schedule.sender import Drawn, RenderContext
from bot.ui.pages import paginate
from bot.ui.text import BRAND_COLOUR, clip, safe

if TYPE_CHECKING:  # role-play's service loads on first use, not with this package (B5)
    from bot.coach.reports import TeamReport
    from bot.coach.roleplay import Report, RepSummary

MAX_LISTED_NUDGES = 20
MAX_PROBLEMS_INLINE = 1900


def plural(count: int, word: str) -> str:
    """English only, for this module and `cogs.coach.commands` until they are converted: a converted message
    uses `ngettext` (README, Languages)."""
    if count == 1:
        return f"{count} {word}"
    if word.endswith(("s", "x", "ch", "sh")):
        return f"{count} {word}es"
    if word.endswith("y") and word[-2:-1] not in {"a", "e", "i", "o", "u"}:
        return f"{count} {word[:-1]}ies"
    return f"{count} {word}s"


def guild_settings_embed(config: GuildConfig) -> discord.Embed:
    embed = discord.Embed(title="Rapport settings for this server", colour=BRAND_COLOUR)
    channel = f"<#{config.channel_id}>" if config.channel_id else "not set: no weekly board is posted"
    role = f"<@&{config.manager_role_id}>" if config.manager_role_id else "none (Manage Server only)"
    embed.add_field(name="Channel for posts", value=channel, inline=False)
    embed.add_field(name="Time zone", value=config.timezone, inline=True)
    embed.add_field(
        name="Weekly board",
        value=f"{WEEKDAYS[config.leaderboard_weekday].title()} {config.leaderboard_time:%H:%M}",
        inline=True,
    )
    embed.add_field(
        name="Reminders", value=f"{config.reminder_time:%H:%M} on {weekdays_text(config.work_days)}", inline=True
    )
    embed.add_field(name="Cold after", value=f"{config.cold_after_days} days", inline=True)
    embed.add_field(name="Manager role", value=role, inline=True)
    quiz = f"on, {config.leaderboard_time:%H:%M} on work days" if config.team_quiz else "off"
    embed.add_field(name="Daily team quiz", value=quiz, inline=True)
    embed.add_field(
        name="Board",
        value=(
            f"managers {'included' if config.board_includes_managers else 'left off'}; "
            f"weekly cap: {config.weekly_points_cap or 'none'}"
        ),
        inline=True,
    )
    retention = (
        f"transcripts purged after {config.roleplay_retention_days} days"
        if config.roleplay_retention_days
        else "transcripts kept"
    )
    embed.add_field(
        name="Role-play",
        value=(
            f"managers review {'every conversation' if config.roleplay_open_review else 'shared conversations'}; "
            f"{retention}; language model {'on' if config.roleplay_llm else 'off'}"
        ),
        inline=False,
    )
    holidays = ", ".join(day.isoformat() for day in config.holidays) or "none"
    embed.add_field(name="Holidays", value=holidays[:1024], inline=False)
    weights = config.weights
    embed.add_field(
        name="Points per touch",
        value="\n".join(f"{kind.short}: {weights[kind]}" for kind in TouchKind),
        inline=False,
    )
    return embed


MAX_LINES = 20


def report_embed(report: TeamReport) -> discord.Embed:
    start = report.start.isoformat() if report.start else "the start"
    embed = discord.Embed(title=f"Team report: {start} to {report.end.isoformat()}", colour=BRAND_COLOUR)
    if not report.reps:
        embed.description = "Nobody has used Rapport in this server yet."
        return embed
    lines = []
    for rep in sorted(report.reps, key=lambda item: (-item.points, item.user_id))[:MAX_LINES]:
        top = (
            ", ".join(f"{TouchKind(kind).short} {count}" for kind, count in rep.touches_by_kind.most_common(3))
            or "no touches"
        )
        quiz = f"quiz {rep.quiz_listening}/{rep.quiz_answered}" if rep.quiz_answered else "no quiz"
        kept = f", {plural(rep.promises_kept, 'promise')} kept on time" if rep.promises_kept else ""
        lines.append(
            f"<@{rep.user_id}>: {plural(rep.touches, 'touch')} ({top}), {plural(rep.customers_touched, 'customer')}, "
            f"{rep.cold_customers} cold{kept}, {quiz}"
        )
    if len(report.reps) > MAX_LINES:
        lines.append(f"...and {len(report.reps) - MAX_LINES} more in the CSV.")
    embed.description = "\n".join(lines)[:4000]
    if report.unreachable:
        embed.add_field(
            name="Rapport cannot DM",
            value=" ".join(f"<@{user_id}>" for user_id in report.unreachable)[:1024]
            + "\nTheir DMs are closed or switched off: reminders don't reach them.",
            inline=False,
        )
    embed.set_footer(text="Relationship actions only. Notes stay private to each rep.")
    return embed


def add_assignments(embed: discord.Embed, assigned: Sequence[GuildAssigned], today: date) -> None:
    """The practice managers assigned: what is open (overdue first), what was done in the period and how it
    went."""
    if not assigned:
        return
    lines = []
    for item in assigned[:MAX_LINES]:
        done = item.assigned
        what = f"{'quiz' if done.kind == 'quiz' else 'role-play'} **{safe(done.title)}**"
        if done.completed_at is not None:
            state = f"done {done.completed_at:%d %b}: {safe(done.result or 'done')}"
        elif done.due is not None and done.due < today:
            state = f"**overdue** since {done.due:%d %b}"
        else:
            state = f"open, due {done.due:%a %d %b}" if done.due else "open"
        lines.append(f"<@{item.user_id}>: {what}, {state}")
    if len(assigned) > MAX_LINES:
        lines.append(f"...and {len(assigned) - MAX_LINES} more.")
    embed.add_field(name="Assigned practice", value=clip("\n".join(lines), 1024), inline=False)


def catalogue_pages(entries: Sequence[CatalogueEntry], theme_titles: dict[str, str]) -> list[discord.Embed]:
    own = [entry for entry in entries if entry.own]
    lines = [
        f"`{entry.scenario.id}` · {safe(entry.scenario.theme)}{'' if entry.enabled else ' · **disabled**'}"
        for entry in own
    ]
    packs: dict[str, list[CatalogueEntry]] = {}
    for entry in entries:
        if not entry.own:
            packs.setdefault(entry.scenario.theme, []).append(entry)
    for theme, pack in sorted(packs.items()):
        enabled = sum(entry.enabled for entry in pack)
        disabled = [entry.scenario.id for entry in pack if not entry.enabled]
        line = f"📦 **{safe(theme_titles.get(theme, theme))}**: {enabled} of {len(pack)} enabled"
        if disabled:
            line += " (off: " + ", ".join(f"`{item}`" for item in disabled) + ")"
        lines.append(line[:1000])
    header = f"{plural(len(own), 'scenario')} of your own; the shipped packs below."
    return paginate("Quiz scenarios in this server", lines, header=header, empty="No scenarios.")


def nudges_embed(pending: Sequence[PendingNudge]) -> discord.Embed:
    """The first `MAX_LISTED_NUDGES` pending nudges, numbered like their Cancel buttons."""
    shown = pending[:MAX_LISTED_NUDGES]
    lines = [
        f"**{number}.** <@{item.member_id}> {discord.utils.format_dt(item.due_at, 'R')} from "
        f"{safe(item.from_name)}: {safe(clip(item.message, 120))}"
        for number, item in enumerate(shown, start=1)
    ]
    if len(pending) > len(shown):
        lines.append(f"...and {len(pending) - len(shown)} more.")
    return discord.Embed(title="Pending nudges", description="\n".join(lines)[:4000], colour=BRAND_COLOUR)


def problems_text(problems: Sequence[str]) -> tuple[str, str | None]:
    """An import's problems: the message, and the full list as a file's text when it is too long to show."""
    heading = f"Nothing was imported: {plural(len(problems), 'problem')} to fix."
    listing = "\n".join(f"- {safe(problem)}" for problem in problems)
    if len(heading) + len(listing) < MAX_PROBLEMS_INLINE:
        return f"{heading}\n{listing}", None
    return f"{heading} The full list is attached.", "\n".join(problems)


async def draw_nudge(nudge: Nudge, context: RenderContext) -> Drawn:
    sender = nudge.from_name or "Your manager"
    return Drawn(content=f"**{safe(sender)}** ({safe(context.guild_name)}) says:\n>>> {safe(nudge.message)}"[:2000])


def imported_text(result: ImportResult) -> str:
    """What was imported and, when the replies give themselves away by form, the table that shows how."""
    text = (
        f"Imported into **{safe(result.theme)}**: {plural(len(result.added), 'new scenario')}, "
        f"{len(result.updated)} updated."
    )
    if result.form.passed:
        return text
    return (
        f"{text}\n\n⚠️ A rep could pick the listening reply in these without reading them: some guessers that "
        "look only at the form score over their limits. Vary which reply is longest, put questions in pushing "
        "replies too, and let some listening replies be short.\n```\n" + result.form.table() + "\n```"
    )


def roleplay_report_embed(summaries: Sequence[RepSummary], period: str) -> discord.Embed:
    embed = discord.Embed(title=f"Role-play, {period}", colour=BRAND_COLOUR)
    if not summaries:
        embed.description = "No finished role-play conversations in this period. Reps start one with `/roleplay start`."
        return embed
    lines = []
    for item in summaries[:MAX_LINES]:
        share = "-" if item.median_talk_share is None else f"{item.median_talk_share:.0%}"
        outcomes = ", ".join(f"{name} {count}" for name, count in item.outcomes.most_common()) or "none"
        pushes = ", ".join(f"{kind} {count}" for kind, count in item.pushes.most_common(3)) or "no pushes"
        lines.append(
            f"<@{item.user_id}>: {plural(item.conversations, 'conversation')} ({outcomes}); talk share {share}; "
            f"{item.questions_per_conversation:.1f} questions and {item.reflections_per_conversation:.1f} reflections "
            f"each; {pushes}"
        )
    embed.description = "\n".join(lines)[:4000]
    embed.set_footer(text="Medians and counts only; a rep's words are shown only for conversations they shared.")
    return embed


def roleplay_csv(summaries: Sequence[RepSummary]) -> str:
    import csv  # with the reports' cell rule, loaded by the manager's first report, not at start (B5)

    from bot.coach.reports import text_cell

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        ["display_name", "user_id", "conversations", "trust", "cold", "timeout", "left", "median_talk_share",
         "questions_per_conversation", "reflections_per_conversation", "pushes"]
    )  # fmt: skip
    for item in summaries:
        writer.writerow(
            [
                text_cell(item.display_name),
                item.user_id,
                item.conversations,
                *(item.outcomes.get(name, 0) for name in ("trust", "cold", "timeout", "left")),
                "" if item.median_talk_share is None else f"{item.median_talk_share:.2f}",
                f"{item.questions_per_conversation:.2f}",
                f"{item.reflections_per_conversation:.2f}",
                "; ".join(f"{kind} {count}" for kind, count in item.pushes.most_common()),
            ]
        )
    return out.getvalue()


def transcript_pages(report: Report) -> list[discord.Embed]:
    """A shared conversation, reply by reply: what the customer said, the rep's words, the verdict and cues."""
    lines = []
    for item in report.replies:
        verdict = item.final_verdict + (" (overruled)" if item.override else "")
        cues = "; ".join(f"{cue.kind}: “{clip(' '.join(cue.quote.split()), 60)}”" for cue in item.cues[:4])
        block = (
            f"**{item.number}.** > {safe(clip(item.customer_before or '(purged)', 300))}\n"
            f"**Rep:** {safe(clip(item.reply or '(purged)', 600))}\n*{verdict}*: {safe(cues)}"
        )
        if item.second_opinion is not None:
            block += f"\n-# {safe(clip(item.second_opinion.summary, 400))}"
        if item.override_note:
            block += f"\n-# manager's note: {safe(clip(item.override_note, 200))}"
        lines.append(block)
    outcome = report.outcome.value if report.outcome else "going on"
    header = f"<@{report.user_id}> with {safe(report.persona_name)}: {outcome}, {plural(report.points, 'point')}."
    return paginate(f"Role-play #{report.conversation_id}", lines, header=header, empty="No replies.")
