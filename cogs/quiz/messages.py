"""Quiz messages: a scenario with one button per reply, the graded answer, and a rep's stats."""

from __future__ import annotations

import discord

from bot.coach.content import Scenario, Stance, Step
from bot.coach.quiz import DAILY_QUIZ_POINTS_CAP, Answer, Presentation, QuizStats, Taken, Tally
from bot.ui.text import BRAND_COLOUR, clip, plural, safe

LETTERS = "ABCD"
BUTTON_LABEL = 80  # Discord's limit on a button's label


def answer_label(position: int, text: str) -> str:
    """An answer button's label: its letter and the start of the reply, so a screen reader says what the
    button answers ("A: Ask what changed…"), not "A button"."""
    label = f"{LETTERS[position]}: {' '.join(text.split())}"
    return label if len(label) <= BUTTON_LABEL else label[: BUTTON_LABEL - 1] + "…"


DIFFICULTY = {1: "●○○", 2: "●●○", 3: "●●●"}
RIGHT_COLOUR = discord.Colour(0x2E8B57)
WRONG_COLOUR = discord.Colour(0xC0392B)


CHANNEL_MARKS = {"call": "📞 call", "email": "✉️ email", "chat": "💬 chat", "in person": "🤝 in person"}
EMBED_BUDGET = 5_800  # Discord allows 6,000 characters in all of a message's embeds


def _who(scenario: Scenario) -> str:
    parts = [CHANNEL_MARKS.get(scenario.channel or "", ""), scenario.customer_role or ""]
    line = " · ".join(safe(part) for part in parts if part)
    return f"-# {line}\n" if line else ""


def _scene(scenario: Scenario, step: Step | None = None) -> str:
    """Who is speaking, where, what is going on, and what they say (on a later step, what they say now)."""
    text = f"{_who(scenario)}{safe(scenario.context)}"
    if step is None:
        return text + f"\n\n**The customer says:**\n> {safe(scenario.customer_says)}"
    if step.context:
        text += f"\n\n*{safe(step.context)}*"
    return text + f"\n\n**The customer says:**\n> {safe(step.customer_says)}"


def _so_far(taken: tuple[Taken, ...]) -> str:
    """The conversation up to the step on show: each line the customer said and the reply the rep chose."""
    lines = []
    for number, item in enumerate(taken, start=1):
        lines.append(f"**{number}.** > {safe(clip(item.step.customer_says, 300))}")
        lines.append(f"**You:** {safe(clip(item.replies[item.chosen].text, 300))}")
    return "\n".join(lines)


def presentation_embed(presentation: Presentation) -> discord.Embed:
    scenario = presentation.scenario
    step = presentation.step
    if step is None:
        description = _scene(scenario)
        steps_note = " · several steps" if scenario.multi_step else ""
    else:
        description = f"{_so_far(presentation.taken)}\n\n{_scene(scenario, step)}"
        steps_note = f" · step {presentation.step_number + 1}"
    embed = discord.Embed(
        title=f"{presentation.theme_title} · {DIFFICULTY[scenario.difficulty]}{steps_note}",
        description=clip(description + "\n\n**How do you answer?**", 4000),
        colour=BRAND_COLOUR,
    )
    for letter, reply in zip(LETTERS, presentation.replies, strict=False):
        embed.add_field(name=letter, value=safe(reply.text), inline=False)
    if step is not None:
        footer = "The customer answered you. "
    else:
        footer = "New scenario. " if presentation.new else "Back for review. "
    embed.set_footer(text=footer + "Pick the reply you'd give; this expires in 15 minutes.")
    return embed


def _earned(answer: Answer) -> str:
    if not answer.correct:
        return "No points for pushing replies; this one comes back soon for another try."
    if answer.points:
        return f"+{plural(answer.points, 'point')}"
    if answer.capped:
        return f"No points: you reached today's quiz cap of {DAILY_QUIZ_POINTS_CAP}. Practice still counts."
    return "No points this time."


def answer_embed(answer: Answer) -> discord.Embed:
    scenario = answer.scenario
    if answer.multi_step:
        return _path_embed(answer)
    title = (
        "You listened. That builds the relationship."
        if answer.correct
        else ("That reply pushes. Here's why it costs you.")
    )
    embed = discord.Embed(
        title=title,
        description=_scene(scenario) + f"\n\n**Principle:** {safe(scenario.principle)}\n{_earned(answer)}",
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


def _path_embed(answer: Answer) -> discord.Embed:
    """The end of a multi-step scenario: the path taken, step by step, each choice with why it helped or
    cost, and where the rep pushed, the listening reply that step offered."""
    scenario = answer.scenario
    pushed = sum(not item.listened for item in answer.taken)
    if answer.correct:
        title = f"You listened at every step ({len(answer.taken)} of {len(answer.taken)})."
    else:
        title = f"You pushed at {plural(pushed, 'step')} of {len(answer.taken)}. Here's the path you took."
    embed = discord.Embed(
        title=title,
        description=clip(
            f"{_who(scenario)}{safe(scenario.context)}\n\n**Principle:** {safe(scenario.principle)}\n{_earned(answer)}",
            1500,
        ),
        colour=RIGHT_COLOUR if answer.correct else WRONG_COLOUR,
    )
    for number, item in enumerate(answer.taken, start=1):
        chosen = item.replies[item.chosen]
        mark = "✅ you listened" if item.listened else "❌ you pushed"
        context = f"*{safe(clip(item.step.context, 150))}*\n" if item.step.context else ""
        embed.add_field(
            name=f"Step {number} · {mark}",
            value=clip(
                f"{context}> {safe(item.step.customer_says)}\n**You:** {safe(chosen.text)}\n*{safe(chosen.feedback)}*",
                1024,
            ),
            inline=False,
        )
        if not item.listened:
            better = next(reply for reply in item.replies if reply.stance is Stance.LISTENING)
            embed.add_field(
                name=f"Step {number} · the listening reply",
                value=clip(f"{safe(better.text)}\n*{safe(better.feedback)}*", 1024),
                inline=False,
            )
    embed.set_footer(text=f"{answer.theme_title} · from: {scenario.source}"[:2048])
    while len(embed) > EMBED_BUDGET and embed.fields:  # never more than Discord takes: drop the alternatives
        index = next((i for i, field in enumerate(embed.fields) if "listening reply" in (field.name or "")), None)
        if index is None:
            break
        embed.remove_field(index)
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
