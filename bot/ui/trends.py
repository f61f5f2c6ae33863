"""A trend report as Discord shows it, for `/coach trends` and `/me trends`: an embed with the three
observations and the figures as text (the chart's text equivalent), the PNG chart and two CSVs (the weeks, and
quiz accuracy by theme)."""

from __future__ import annotations

import io

import discord

from bot.coach.trends import TEAM, TrendReport, Week, themes_csv, trends_csv
from bot.ui.chart import weekly_chart
from bot.ui.text import BRAND_COLOUR, clip, safe

CHART = "rapport-trends.png"


def trend_answer(report: TrendReport) -> tuple[discord.Embed, list[discord.File]]:
    weeks = report.series[report.subject]
    who = "the team" if report.subject == TEAM else report.names.get(report.subject, "this rep")
    embed = discord.Embed(
        title=f"Trends for {who}: {len(weeks)} weeks from {report.weeks[0]:%d %b %Y}"[:256],
        colour=BRAND_COLOUR,
        description=safe(clip("\n".join(f"• {line}" for line in report.observations), 4000)),
    )
    rows = [_week_text(item) for item in weeks[-8:]]
    embed.add_field(name="Week by week (the chart as text)", value=clip("\n".join(rows), 1024), inline=False)
    embed.set_image(url=f"attachment://{CHART}")
    embed.set_footer(
        text="Calendar weeks of the server; each rep's days are their own. The CSVs have every figure, and quiz "
        "accuracy by theme."
    )
    chart = weekly_chart(
        f"Touches and listening accuracy per week: {who}"[:80],
        [f"{item.start:%d/%m}" for item in weeks],
        [item.touch_count for item in weeks],
        [item.accuracy for item in weeks],
    )
    files = [
        discord.File(io.BytesIO(chart), filename=CHART, description="Touches per week and quiz listening accuracy"),
        discord.File(io.BytesIO(trends_csv(report).encode()), filename="rapport-trends.csv"),
        discord.File(io.BytesIO(themes_csv(report).encode()), filename="rapport-trends-themes.csv"),
    ]
    return embed, files


def _week_text(item: Week) -> str:
    """One week in a line: the chart's figures, and the practice assigned and done when there was any."""
    text = (
        f"{item.start:%d %b}: {item.touch_count} touches, {item.customers} customers ({item.reengaged} re-engaged), "
        + (f"quiz {item.quiz_listening}/{item.quiz_answered}" if item.quiz_answered else "no quiz")
    )
    if item.assignments_given or item.assignments_done:
        text += (
            f", assigned {item.assignments_given}, done {item.assignments_done} "
            f"({item.assignments_done_on_time} on time)"
        )
    return text
