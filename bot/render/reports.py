"""The manager's report, as an embed beside its CSV."""

from __future__ import annotations

import discord

from bot.coach.kinds import TouchKind
from bot.coach.reports import TeamReport
from bot.render.text import BRAND_COLOUR, plural

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
        lines.append(
            f"<@{rep.user_id}>: {plural(rep.touches, 'touch')} ({top}), {plural(rep.customers_touched, 'customer')}, "
            f"{rep.cold_customers} cold, {quiz}"
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
