"""Quiz messages: a scenario with one button per reply, the graded answer, and a rep's stats."""

from __future__ import annotations

import discord

from bot.coach.content import Scenario, Stance, Step
from bot.coach.quiz import DAILY_QUIZ_POINTS_CAP, PRESENTATION_LIFETIME, Answer, Presentation, QuizStats, Taken, Tally
from bot.i18n import N_, _, command, ngettext
from bot.ui.text import BRAND_COLOUR, clip, safe

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


# Where the customer speaks (the scenario's `channel`, an English word in the pack): marked, shown translated.
CHANNEL_MARKS = {"call": N_("📞 call"), "email": N_("✉️ email"), "chat": N_("💬 chat"), "in person": N_("🤝 in person")}
EMBED_BUDGET = 5_800  # Discord allows 6,000 characters in all of a message's embeds


def _who(scenario: Scenario) -> str:
    mark = CHANNEL_MARKS.get(scenario.channel or "")
    parts = [_(mark) if mark else "", scenario.customer_role or ""]
    line = " · ".join(safe(part) for part in parts if part)
    return f"-# {line}\n" if line else ""


def customer_says(words: str) -> str:
    """What the customer says, quoted under its heading (the scenario's words stay as the pack wrote them)."""
    return _("**The customer says:**") + f"\n> {safe(words)}"


def principle(text: str) -> str:
    return _("**Principle:** {principle}").format(principle=safe(text))


def _scene(scenario: Scenario, step: Step | None = None) -> str:
    """Who is speaking, where, what is going on, and what they say (on a later step, what they say now)."""
    text = f"{_who(scenario)}{safe(scenario.context)}"
    if step is None:
        return text + "\n\n" + customer_says(scenario.customer_says)
    if step.context:
        text += f"\n\n*{safe(step.context)}*"
    return text + "\n\n" + customer_says(step.customer_says)


def _you(reply: str) -> str:
    return _("**You:** {reply}").format(reply=reply)


def _so_far(taken: tuple[Taken, ...]) -> str:
    """The conversation up to the step on show: each line the customer said and the reply the rep chose."""
    lines = []
    for number, item in enumerate(taken, start=1):
        lines.append(f"**{number}.** > {safe(clip(item.step.customer_says, 300))}")
        lines.append(_you(safe(clip(item.replies[item.chosen].text, 300))))
    return "\n".join(lines)


def presentation_embed(presentation: Presentation) -> discord.Embed:
    scenario = presentation.scenario
    step = presentation.step
    title = [presentation.theme_title, DIFFICULTY[scenario.difficulty]]
    if step is None:
        description = _scene(scenario)
        title += [_("several steps")] if scenario.multi_step else []
    else:
        description = f"{_so_far(presentation.taken)}\n\n{_scene(scenario, step)}"
        title.append(_("step {number}").format(number=presentation.step_number + 1))
    embed = discord.Embed(
        title=" · ".join(title)[:256],
        description=clip(description + "\n\n" + _("**How do you answer?**"), 4000),
        colour=BRAND_COLOUR,
    )
    for letter, reply in zip(LETTERS, presentation.replies, strict=False):
        embed.add_field(name=letter, value=safe(reply.text), inline=False)
    if step is not None:
        lead = _("The customer answered you.")
    else:
        lead = _("New scenario.") if presentation.new else _("Back for review.")
    minutes = int(PRESENTATION_LIFETIME.total_seconds() // 60)
    embed.set_footer(
        text=_("{lead} Pick the reply you'd give; this expires in {minutes} minutes.").format(
            lead=lead, minutes=minutes
        )
    )
    return embed


def _earned(answer: Answer) -> str:
    if not answer.correct:
        return _("No points for pushing replies; this one comes back soon for another try.")
    if answer.points:
        return ngettext("+{count} point", "+{count} points", answer.points).format(count=answer.points)
    if answer.capped:
        return _("No points: you reached today's quiz cap of {cap}. Practice still counts.").format(
            cap=DAILY_QUIZ_POINTS_CAP
        )
    return _("No points this time.")


def _source(answer: Answer) -> str:
    return _("{theme} · from: {source}").format(theme=answer.theme_title, source=answer.scenario.source)[:2048]


def answer_embed(answer: Answer) -> discord.Embed:
    scenario = answer.scenario
    if answer.multi_step:
        return _path_embed(answer)
    title = (
        _("You listened. That builds the relationship.")
        if answer.correct
        else _("That reply pushes. Here's why it costs you.")
    )
    embed = discord.Embed(
        title=title,
        description=f"{_scene(scenario)}\n\n{principle(scenario.principle)}\n{_earned(answer)}",
        colour=RIGHT_COLOUR if answer.correct else WRONG_COLOUR,
    )
    for position, (letter, reply) in enumerate(zip(LETTERS, answer.replies, strict=False)):
        name = [letter, _("✅ listening") if reply.stance is Stance.LISTENING else _("❌ pushing")]
        name += [_("your answer")] if position == answer.chosen else []
        embed.add_field(name=" · ".join(name), value=f"{safe(reply.text)}\n*{safe(reply.feedback)}*", inline=False)
    embed.set_footer(text=_source(answer))
    return embed


def _path_embed(answer: Answer) -> discord.Embed:
    """The end of a multi-step scenario: the path taken, step by step, each choice with why it helped or
    cost, and where the rep pushed, the listening reply that step offered."""
    scenario = answer.scenario
    pushed = sum(not item.listened for item in answer.taken)
    steps = len(answer.taken)
    if answer.correct:
        title = _("You listened at every step ({steps} of {steps}).").format(steps=steps)
    else:
        title = ngettext(
            "You pushed at {count} step of {steps}. Here's the path you took.",
            "You pushed at {count} steps of {steps}. Here's the path you took.",
            pushed,
        ).format(count=pushed, steps=steps)
    embed = discord.Embed(
        title=title,
        description=clip(
            f"{_who(scenario)}{safe(scenario.context)}\n\n{principle(scenario.principle)}\n{_earned(answer)}", 1500
        ),
        colour=RIGHT_COLOUR if answer.correct else WRONG_COLOUR,
    )
    alternatives = set()
    for number, item in enumerate(answer.taken, start=1):
        chosen = item.replies[item.chosen]
        mark = _("Step {number} · ✅ you listened") if item.listened else _("Step {number} · ❌ you pushed")
        context = f"*{safe(clip(item.step.context, 150))}*\n" if item.step.context else ""
        embed.add_field(
            name=mark.format(number=number),
            value=clip(
                f"{context}> {safe(item.step.customer_says)}\n{_you(safe(chosen.text))}\n*{safe(chosen.feedback)}*",
                1024,
            ),
            inline=False,
        )
        if not item.listened:
            better = next(reply for reply in item.replies if reply.stance is Stance.LISTENING)
            name = _("Step {number} · the listening reply").format(number=number)
            alternatives.add(name)
            embed.add_field(
                name=name, value=clip(f"{safe(better.text)}\n*{safe(better.feedback)}*", 1024), inline=False
            )
    embed.set_footer(text=_source(answer))
    while len(embed) > EMBED_BUDGET and embed.fields:  # never more than Discord takes: drop the alternatives
        index = next((i for i, field in enumerate(embed.fields) if field.name in alternatives), None)
        if index is None:
            break
        embed.remove_field(index)
    return embed


def _percent(tally: Tally) -> str:
    if tally.accuracy is None:
        return _("no answers yet")
    return f"{tally.correct}/{tally.answered} ({tally.accuracy:.0%})"


def stats_embed(stats: QuizStats, whose: str) -> discord.Embed:
    embed = discord.Embed(title=_("Quiz practice: {name}").format(name=safe(whose))[:256], colour=BRAND_COLOUR)
    if not stats.overall.answered:
        embed.description = _("No answers yet. {command} deals a first scenario.").format(command=command("quiz start"))
        return embed
    embed.description = (
        _("Listening answers: **{share}**").format(share=_percent(stats.overall))
        + "\n"
        + _("Scenarios mastered: {mastered} · quiz points today: {points}/{cap}").format(
            mastered=stats.mastered, points=stats.points_today, cap=DAILY_QUIZ_POINTS_CAP
        )
    )
    themes = "\n".join(
        f"{safe(stats.theme_titles.get(theme, theme))}: {_percent(tally)}" for theme, tally in stats.by_theme.items()
    )
    embed.add_field(name=_("By theme"), value=themes[:1024], inline=False)
    weeks = "\n".join(
        f"`{week.isoformat()}` {'▰' * tally.correct}{'▱' * (tally.answered - tally.correct)} {_percent(tally)}"[:120]
        for week, tally in stats.by_week
        if tally.answered
    )
    embed.add_field(name=_("By week (listening ▰, pushing ▱)"), value=weeks[:1024] or _("nothing recent"), inline=False)
    return embed
