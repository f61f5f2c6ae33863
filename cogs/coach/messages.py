"""What the manager sees: the server's settings, the team report, pending nudges, the scenario catalogue, an
import's problems; and the nudge DM a rep receives."""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

import discord

from bot.coach.assignments import GuildAssigned
from bot.coach.kinds import TouchKind
from bot.coach.nudges import PendingNudge
from bot.coach.outgoing import Nudge
from bot.coach.preferences import GuildConfig
from bot.coach.scenarios import CatalogueEntry, ImportResult
from bot.i18n import N_, _, command, decimal, grouped, ngettext, pgettext
from bot.i18n.days import day_month, short_day, weekday_name, weekdays_text
from bot.schedule.sender import Drawn, RenderContext
from bot.ui.pages import paginate
from bot.ui.roleplay_words import LISTENING_CUES, OUTCOME_NAMES, PUSH_KINDS, VERDICTS, named
from bot.ui.text import BRAND_COLOUR, clip, safe

if TYPE_CHECKING:  # role-play's service loads on first use, not with this package (B5)
    from bot.coach.reports import TeamReport
    from bot.coach.roleplay import Report, RepSummary

MAX_LISTED_NUDGES = 20
MAX_PROBLEMS_INLINE = 1900


# The role-play report's periods, as its title names them (the `period` option's values).
PERIODS = {"week": N_("the last 7 days"), "month": N_("the last 30 days"), "all": N_("all time")}
# An assignment's stored result, when it is a role-play's outcome or a plain "done" (a quiz's is a count).
QUIZ_RESULT = re.compile(r"(?P<listening>\d+) of (?P<answered>\d+) listening")


def guild_settings_embed(config: GuildConfig) -> discord.Embed:
    embed = discord.Embed(title=_("Rapport settings for this server"), colour=BRAND_COLOUR)
    channel = f"<#{config.channel_id}>" if config.channel_id else _("not set: no weekly board is posted")
    role = f"<@&{config.manager_role_id}>" if config.manager_role_id else _("none (Manage Server only)")
    embed.add_field(name=_("Channel for posts"), value=channel, inline=False)
    embed.add_field(name=_("Time zone"), value=config.timezone, inline=True)
    embed.add_field(
        name=_("Weekly board"),
        value=f"{weekday_name(config.leaderboard_weekday)} {config.leaderboard_time:%H:%M}",
        inline=True,
    )
    reminders = _("{time} on {days}").format(time=f"{config.reminder_time:%H:%M}", days=weekdays_text(config.work_days))
    embed.add_field(name=_("Reminders"), value=reminders, inline=True)
    cold = ngettext("{count} day", "{count} days", config.cold_after_days).format(count=config.cold_after_days)
    embed.add_field(name=_("Cold after"), value=cold, inline=True)
    embed.add_field(name=_("Manager role"), value=role, inline=True)
    if config.team_quiz:
        quiz = _("on, {time} on work days").format(time=f"{config.leaderboard_time:%H:%M}")
    else:
        quiz = pgettext("setting", "off")
    embed.add_field(name=_("Daily team quiz"), value=quiz, inline=True)
    managers = _("managers included") if config.board_includes_managers else _("managers left off")
    cap = grouped(config.weekly_points_cap) if config.weekly_points_cap else pgettext("weekly cap", "none")
    embed.add_field(
        name=_("Board"), value=_("{managers}; weekly cap: {cap}").format(managers=managers, cap=cap), inline=True
    )
    days = config.roleplay_retention_days
    retention = (
        ngettext("transcripts purged after {count} day", "transcripts purged after {count} days", days).format(
            count=days
        )
        if days
        else _("transcripts kept")
    )
    review = (
        _("managers review every conversation")
        if config.roleplay_open_review
        else _("managers review shared conversations")
    )
    model = _("language model on") if config.roleplay_llm else _("language model off")
    embed.add_field(
        name=_("Role-play"),
        value=_("{review}; {retention}; {model}").format(review=review, retention=retention, model=model),
        inline=False,
    )
    holidays = ", ".join(day.isoformat() for day in config.holidays) or pgettext("holidays", "none")
    embed.add_field(name=_("Holidays"), value=holidays[:1024], inline=False)
    weights = config.weights
    embed.add_field(
        name=_("Points per touch"),
        value="\n".join(f"{_(kind.short)}: {weights[kind]}" for kind in TouchKind),
        inline=False,
    )
    return embed


MAX_LINES = 20


def _more(count: int) -> str:
    return ngettext("...and {count} more.", "...and {count} more.", count).format(count=grouped(count))


def report_embed(report: TeamReport) -> discord.Embed:
    if report.start is None:
        title = _("Team report: from the start to {end}").format(end=report.end.isoformat())
    else:
        title = _("Team report: {start} to {end}").format(start=report.start.isoformat(), end=report.end.isoformat())
    embed = discord.Embed(title=title, colour=BRAND_COLOUR)
    if not report.reps:
        embed.description = _("Nobody has used Rapport in this server yet.")
        return embed
    lines = []
    for rep in sorted(report.reps, key=lambda item: (-item.points, item.user_id))[:MAX_LINES]:
        top = ", ".join(
            f"{_(TouchKind(kind).short)} {count}" for kind, count in rep.touches_by_kind.most_common(3)
        ) or _("no touches")
        if rep.quiz_answered:
            quiz = _("quiz {listening}/{answered}").format(listening=rep.quiz_listening, answered=rep.quiz_answered)
        else:
            quiz = _("no quiz")
        kept = ""
        if rep.promises_kept:
            kept = ngettext(
                ", {count} promise kept on time", ", {count} promises kept on time", rep.promises_kept
            ).format(count=rep.promises_kept)
        lines.append(
            _("{member}: {touches} ({top}), {customers}, {cold}{kept}, {quiz}").format(
                member=f"<@{rep.user_id}>",
                touches=ngettext("{count} touch", "{count} touches", rep.touches).format(count=grouped(rep.touches)),
                top=top,
                customers=ngettext("{count} customer", "{count} customers", rep.customers_touched).format(
                    count=rep.customers_touched
                ),
                cold=ngettext("{count} cold", "{count} cold", rep.cold_customers).format(count=rep.cold_customers),
                kept=kept,
                quiz=quiz,
            )
        )
    if len(report.reps) > MAX_LINES:
        hidden = len(report.reps) - MAX_LINES
        lines.append(
            ngettext("...and {count} more in the CSV.", "...and {count} more in the CSV.", hidden).format(
                count=grouped(hidden)
            )
        )
    embed.description = "\n".join(lines)[:4000]
    if report.unreachable:
        embed.add_field(
            name=_("Rapport cannot DM"),
            value=" ".join(f"<@{user_id}>" for user_id in report.unreachable)[:1024]
            + "\n"
            + _("Their DMs are closed or switched off: reminders don't reach them."),
            inline=False,
        )
    embed.set_footer(text=_("Relationship actions only. Notes stay private to each rep."))
    return embed


def _result(result: str | None) -> str:
    """An assignment's stored result (written in English when it completed) in the reader's language."""
    if result is None or result == "done":
        return pgettext("assignment", "done")
    if result in OUTCOME_NAMES:
        return named(OUTCOME_NAMES, result)
    quiz = QUIZ_RESULT.fullmatch(result)
    if quiz is not None:
        return _("{listening} of {answered} listening").format(**quiz.groupdict())
    return safe(result)


def add_assignments(embed: discord.Embed, assigned: Sequence[GuildAssigned], today: date) -> None:
    """The practice managers assigned: what is open (overdue first), what was done in the period and how it
    went."""
    if not assigned:
        return
    lines = []
    for item in assigned[:MAX_LINES]:
        done = item.assigned
        title = safe(done.title)
        what = (
            _("quiz **{title}**").format(title=title)
            if done.kind == "quiz"
            else _("role-play **{title}**").format(title=title)
        )
        if done.completed_at is not None:
            state = _("done {day}: {result}").format(day=day_month(done.completed_at), result=_result(done.result))
        elif done.due is not None and done.due < today:
            state = _("**overdue** since {day}").format(day=day_month(done.due))
        else:
            state = _("open, due {day}").format(day=short_day(done.due)) if done.due else _("open")
        lines.append(f"<@{item.user_id}>: {what}, {state}")
    if len(assigned) > MAX_LINES:
        lines.append(_more(len(assigned) - MAX_LINES))
    embed.add_field(name=_("Assigned practice"), value=clip("\n".join(lines), 1024), inline=False)


def catalogue_pages(entries: Sequence[CatalogueEntry], theme_titles: dict[str, str]) -> list[discord.Embed]:
    own = [entry for entry in entries if entry.own]
    disabled_mark = " · " + _("**disabled**")
    lines = [
        f"`{entry.scenario.id}` · {safe(entry.scenario.theme)}{'' if entry.enabled else disabled_mark}" for entry in own
    ]
    packs: dict[str, list[CatalogueEntry]] = {}
    for entry in entries:
        if not entry.own:
            packs.setdefault(entry.scenario.theme, []).append(entry)
    for theme, pack in sorted(packs.items()):
        enabled = sum(entry.enabled for entry in pack)
        disabled = [entry.scenario.id for entry in pack if not entry.enabled]
        line = _("📦 **{theme}**: {enabled} of {total} enabled").format(
            theme=safe(theme_titles.get(theme, theme)), enabled=enabled, total=len(pack)
        )
        if disabled:
            line += _(" (off: {scenarios})").format(scenarios=", ".join(f"`{item}`" for item in disabled))
        lines.append(line[:1000])
    header = ngettext(
        "{count} scenario of your own; the shipped packs below.",
        "{count} scenarios of your own; the shipped packs below.",
        len(own),
    ).format(count=grouped(len(own)))
    return paginate(_("Quiz scenarios in this server"), lines, header=header, empty=_("No scenarios."))


def nudges_embed(pending: Sequence[PendingNudge]) -> discord.Embed:
    """The first `MAX_LISTED_NUDGES` pending nudges, numbered like their Cancel buttons."""
    shown = pending[:MAX_LISTED_NUDGES]
    lines = [
        _("**{number}.** {member} {when} from {sender}: {message}").format(
            number=number,
            member=f"<@{item.member_id}>",
            when=discord.utils.format_dt(item.due_at, "R"),
            sender=safe(item.from_name),
            message=safe(clip(item.message, 120)),
        )
        for number, item in enumerate(shown, start=1)
    ]
    if len(pending) > len(shown):
        lines.append(_more(len(pending) - len(shown)))
    return discord.Embed(title=_("Pending nudges"), description="\n".join(lines)[:4000], colour=BRAND_COLOUR)


def problems_text(problems: Sequence[str]) -> tuple[str, str | None]:
    """An import's problems: the message, and the full list as a file's text when it is too long to show. The
    problems themselves are the content checker's, in English, naming the file's fields."""
    heading = ngettext(
        "Nothing was imported: {count} problem to fix.", "Nothing was imported: {count} problems to fix.", len(problems)
    ).format(count=grouped(len(problems)))
    listing = "\n".join(f"- {safe(problem)}" for problem in problems)
    if len(heading) + len(listing) < MAX_PROBLEMS_INLINE:
        return f"{heading}\n{listing}", None
    return _("{heading} The full list is attached.").format(heading=heading), "\n".join(problems)


async def draw_nudge(nudge: Nudge, context: RenderContext) -> Drawn:
    """The manager's words as they wrote them, in a frame in the rep's language."""
    sender = nudge.from_name or _("Your manager")
    frame = _("**{sender}** ({server}) says:").format(sender=safe(sender), server=safe(context.guild_name))
    return Drawn(content=f"{frame}\n>>> {safe(nudge.message)}"[:2000])


def imported_text(result: ImportResult) -> str:
    """What was imported and, when the replies give themselves away by form, the table that shows how."""
    added, updated = len(result.added), len(result.updated)
    if result.language is not None:
        text = ngettext(
            "Imported the `{language}` translation of **{theme}**: {count} scenario translated. Reps whose Discord "
            "reads `{language}` now see it in that language; the rest keep seeing it as first imported.",
            "Imported the `{language}` translation of **{theme}**: {count} scenarios translated. Reps whose Discord "
            "reads `{language}` now see them in that language; the rest keep seeing them as first imported.",
            updated,
        ).format(language=result.language, theme=safe(result.theme), count=grouped(updated))
    else:
        text = _("Imported into **{theme}**: {added}, {updated}.").format(
            theme=safe(result.theme),
            added=ngettext("{count} new scenario", "{count} new scenarios", added).format(count=grouped(added)),
            updated=ngettext("{count} updated", "{count} updated", updated).format(count=grouped(updated)),
        )
    if result.form.passed:
        return text
    warning = _(
        "⚠️ A rep could pick the listening reply in these without reading them: some guessers that look only at the "
        "form score over their limits. Vary which reply is longest, put questions in pushing replies too, and let "
        "some listening replies be short."
    )
    return f"{text}\n\n{warning}\n```\n{result.form.table()}\n```"


def roleplay_report_embed(summaries: Sequence[RepSummary], period: str) -> discord.Embed:
    embed = discord.Embed(title=_("Role-play, {period}").format(period=named(PERIODS, period)), colour=BRAND_COLOUR)
    if not summaries:
        embed.description = _(
            "No finished role-play conversations in this period. Reps start one with {command}."
        ).format(command=command("roleplay start"))
        return embed
    lines = []
    for item in summaries[:MAX_LINES]:
        share = "-" if item.median_talk_share is None else f"{item.median_talk_share:.0%}"
        outcomes = ", ".join(
            f"{named(OUTCOME_NAMES, name)} {count}" for name, count in item.outcomes.most_common()
        ) or pgettext("outcomes", "none")
        pushes = ", ".join(f"{named(PUSH_KINDS, kind)} {count}" for kind, count in item.pushes.most_common(3)) or _(
            "no pushes"
        )
        lines.append(
            _(
                "{member}: {conversations} ({outcomes}); talk share {share}; {questions} questions and {reflections} "
                "reflections each; {pushes}"
            ).format(
                member=f"<@{item.user_id}>",
                conversations=ngettext("{count} conversation", "{count} conversations", item.conversations).format(
                    count=grouped(item.conversations)
                ),
                outcomes=outcomes,
                share=share,
                questions=decimal(item.questions_per_conversation),
                reflections=decimal(item.reflections_per_conversation),
                pushes=pushes,
            )
        )
    embed.description = "\n".join(lines)[:4000]
    embed.set_footer(text=_("Medians and counts only; a rep's words are shown only for conversations they shared."))
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
    purged = _("(purged)")
    for item in report.replies:
        verdict = named(VERDICTS, item.final_verdict) + (_(" (overruled)") if item.override else "")
        cues = "; ".join(
            f"{named(PUSH_KINDS, cue.kind) if cue.pushing else named(LISTENING_CUES, cue.kind)}: "
            f"“{clip(' '.join(cue.quote.split()), 60)}”"
            for cue in item.cues[:4]
        )
        block = (
            f"**{item.number}.** > {safe(clip(item.customer_before or purged, 300))}\n"
            + _("**Rep:** {reply}").format(reply=safe(clip(item.reply or purged, 600)))
            + f"\n*{verdict}*: {safe(cues)}"
        )
        if item.second_opinion is not None:
            block += f"\n-# {safe(clip(item.second_opinion.summary, 400))}"
        if item.override_note:
            block += "\n-# " + _("manager's note: {note}").format(note=safe(clip(item.override_note, 200)))
        lines.append(block)
    outcome = named(OUTCOME_NAMES, report.outcome.value) if report.outcome else _("going on")
    header = _("{member} with {persona}: {outcome}, {points}.").format(
        member=f"<@{report.user_id}>",
        persona=safe(report.persona_name),
        outcome=outcome,
        points=ngettext("{count} point", "{count} points", report.points).format(count=grouped(report.points)),
    )
    title = _("Role-play #{number}").format(number=report.conversation_id)
    return paginate(title, lines, header=header, empty=_("No replies."))
