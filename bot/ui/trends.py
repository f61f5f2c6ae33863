"""A trend report as Discord shows it, for `/coach trends` and `/me trends`: an embed with the three
observations and the figures as text (the chart's text equivalent), the PNG chart and two CSVs (the weeks, and
quiz accuracy by theme)."""

from __future__ import annotations

import io

import discord

from bot.coach.trends import TEAM, TrendReport, Week, themes_csv, trends_csv
from bot.i18n import _, ngettext
from bot.i18n.days import day_month
from bot.ui.chart import weekly_chart
from bot.ui.text import BRAND_COLOUR, clip, safe

CHART = "rapport-trends.png"


def trend_answer(report: TrendReport) -> tuple[discord.Embed, list[discord.File]]:
    """In the reader's language: the observations (marked by the domain), the frame around them, the chart's text
    and its own labels. The CSVs are data: their column names stay English, as every export's do."""
    weeks = report.series[report.subject]
    since = day_month(report.weeks[0], year=True)
    if report.subject == TEAM:
        title = ngettext(
            "Trends for the team: {count} week from {day}", "Trends for the team: {count} weeks from {day}", len(weeks)
        ).format(count=len(weeks), day=since)
        chart_title = _("Touches and listening accuracy per week: the team")
    else:
        name = report.names.get(report.subject) or _("this rep")
        title = ngettext(
            "Trends for {name}: {count} week from {day}", "Trends for {name}: {count} weeks from {day}", len(weeks)
        ).format(name=name, count=len(weeks), day=since)
        chart_title = _("Touches and listening accuracy per week: {name}").format(name=name)
    embed = discord.Embed(
        title=title[:256],
        colour=BRAND_COLOUR,
        description=safe(clip("\n".join(f"• {line.localized()}" for line in report.observations), 4000)),
    )
    rows = [_week_text(item) for item in weeks[-8:]]
    embed.add_field(name=_("Week by week (the chart as text)"), value=clip("\n".join(rows), 1024), inline=False)
    embed.set_image(url=f"attachment://{CHART}")
    embed.set_footer(
        text=_(
            "Calendar weeks of the server; each rep's days are their own. The CSVs have every figure, and quiz "
            "accuracy by theme."
        )
    )
    chart = weekly_chart(
        chart_title[:80],
        [f"{item.start:%d/%m}" for item in weeks],
        [item.touch_count for item in weeks],
        [item.accuracy for item in weeks],
    )
    described = _("Touches per week and quiz listening accuracy")
    files = [
        discord.File(io.BytesIO(chart), filename=CHART, description=described),
        discord.File(io.BytesIO(trends_csv(report).encode()), filename="rapport-trends.csv"),
        discord.File(io.BytesIO(themes_csv(report).encode()), filename="rapport-trends-themes.csv"),
    ]
    return embed, files


def _week_text(item: Week) -> str:
    """One week in a line: the chart's figures, and the practice assigned and done when there was any."""
    touches = ngettext("{count} touch", "{count} touches", item.touch_count).format(count=item.touch_count)
    customers = ngettext("{count} customer", "{count} customers", item.customers).format(count=item.customers)
    reengaged = ngettext("{count} re-engaged", "{count} re-engaged", item.reengaged).format(count=item.reengaged)
    if item.quiz_answered:
        quiz = _("quiz {listening}/{answered}").format(listening=item.quiz_listening, answered=item.quiz_answered)
    else:
        quiz = _("no quiz")
    text = _("{day}: {touches}, {customers} ({reengaged}), {quiz}").format(
        day=day_month(item.start), touches=touches, customers=customers, reengaged=reengaged, quiz=quiz
    )
    if item.assignments_given or item.assignments_done:
        text += _(", assigned {given}, done {done} ({on_time} on time)").format(
            given=item.assignments_given, done=item.assignments_done, on_time=item.assignments_done_on_time
        )
    return text
