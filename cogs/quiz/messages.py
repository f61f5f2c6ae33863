"""Quiz messages: a scenario with one button per reply, the graded answer, and a rep's stats."""

from __future__ import annotations

import discord

from bot.coach.content import Stance
from bot.coach.quiz import DAILY_QUIZ_POINTS_CAP, Answer, Presentation, QuizStats, Tally
from bot.ui.text import BRAND_COLOUR, plural, safe

LETTERS = "ABCD"
DIFFICULTY = {1: "●○○", 2: "●●○", 3: "●●●"}
RIGHT_COLOUR = discord.Colour(0x2E8B57)
WRONG_COLOUR = discord.Colour(0xC0392B)


def _scene(context: str, customer_says: str) -> str:
    return f"{safe(context)}\n\n**The customer says:**\n> {safe(customer_says)}"


def presentation_embed(presentation: Presentation) -> discord.Embed:
    scenario = presentation.scenario
    embed = discord.Embed(
        title=f"{presentation.theme_title} · {DIFFICULTY[scenario.difficulty]}",
        description=_scene(scenario.context, scenario.customer_says) + "\n\n**How do you answer?**",
        colour=BRAND_COLOUR,
    )
    for letter, reply in zip(LETTERS, presentation.replies, strict=False):
        embed.add_field(name=letter, value=safe(reply.text), inline=False)
    footer = "New scenario. " if presentation.new else "Back for review. "
    embed.set_footer(text=footer + "Pick the reply you'd give; this expires in 15 minutes.")
    return embed


def answer_embed(answer: Answer) -> discord.Embed:
    scenario = answer.scenario
    if answer.correct:
        title = "You listened. That builds the relationship."
        if answer.points:
            earned = f"+{plural(answer.points, 'point')}"
        elif answer.capped:
            earned = f"No points: you reached today's quiz cap of {DAILY_QUIZ_POINTS_CAP}. Practice still counts."
        else:
            earned = "No points this time."
    else:
        title = "That reply pushes. Here's why it costs you."
        earned = "No points for pushing replies; this one comes back soon for another try."
    embed = discord.Embed(
        title=title,
        description=(
            _scene(scenario.context, scenario.customer_says)
            + f"\n\n**Principle:** {safe(scenario.principle)}\n{earned}"
        ),
        colour=RIGHT_COLOUR if answer.correct else WRONG_COLOUR,
    )
    for position, (letter, reply) in enumerate(zip(LETTERS, answer.replies, strict=False)):
        mark = "✅ listening" if reply.stance is Stance.LISTENING else "❌ pushing"
        yours = " · your answer" if position == answer.chosen else ""
        embed.add_field(
            name=f"{letter} · {mark}{yours}", value=f"{safe(reply.text)}\n*{safe(reply.feedback)}*", inline=False
        )
    embed.set_footer(text=f"{answer.theme_title} · from: {scenario.source}"[:2048])
    return embed


def _percent(tally: Tally) -> str:
    return "no answers yet" if tally.accuracy is None else f"{tally.correct}/{tally.answered} ({tally.accuracy:.0%})"


def stats_embed(stats: QuizStats, whose: str) -> discord.Embed:
    embed = discord.Embed(title=f"Quiz practice: {safe(whose)}", colour=BRAND_COLOUR)
    if not stats.overall.answered:
        embed.description = "No answers yet. `/quiz start` deals a first scenario."
        return embed
    embed.description = (
        f"Listening answers: **{_percent(stats.overall)}**\n"
        f"Scenarios mastered: {stats.mastered} · quiz points today: {stats.points_today}/{DAILY_QUIZ_POINTS_CAP}"
    )
    themes = "\n".join(
        f"{safe(stats.theme_titles.get(theme, theme))}: {_percent(tally)}" for theme, tally in stats.by_theme.items()
    )
    embed.add_field(name="By theme", value=themes[:1024], inline=False)
    weeks = "\n".join(
        f"`{week.isoformat()}` {'▰' * tally.correct}{'▱' * (tally.answered - tally.correct)} {_percent(tally)}"[:120]
        for week, tally in stats.by_week
        if tally.answered
    )
    embed.add_field(name="By week (listening ▰, pushing ▱)", value=weeks[:1024] or "nothing recent", inline=False)
    return embed
