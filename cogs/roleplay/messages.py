"""The conversation as the rep sees it, and the end-of-conversation report."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord

from bot.ui.text import BRAND_COLOUR, clip, plural, safe

if TYPE_CHECKING:  # role-play's service loads on first use, not with this package (B5)
    from bot.coach.roleplay import Report, Turn

CHANNEL_MARKS = {"call": "📞 call", "email": "✉️ email", "chat": "💬 chat", "in person": "🤝 in person"}
OUTCOMES = {  # by `Outcome`'s values (a StrEnum: its members find these keys)
    "trust": ("They offered the next step: trust. 🤝", discord.Colour(0x2E8B57)),
    "cold": ("They closed the door: cold. 🧊", discord.Colour(0xC0392B)),
    "timeout": ("Timed out after 15 minutes without a reply.", discord.Colour(0x7F8C8D)),
    "left": ("You ended the conversation.", discord.Colour(0x7F8C8D)),
}


def turn_embed(turn: Turn) -> discord.Embed:
    persona = turn.persona
    embed = discord.Embed(
        title=f"{persona.name}, {persona.role}"[:256],
        colour=BRAND_COLOUR,
    )
    parts = []
    if turn.number == 0 or turn.resumed:
        parts.append(f"-# {CHANNEL_MARKS.get(persona.channel, persona.channel)} · {safe(persona.theme)}")
        parts.append(safe(persona.situation))
    if turn.scored is not None and turn.scored.reply:
        parts.append(f"**You:** {safe(clip(turn.scored.reply, 600))}")
    parts.append(f"**{safe(persona.name)}:**\n> {safe(turn.customer_says)}")
    embed.description = clip("\n\n".join(parts), 4000)
    left = persona.max_turns - turn.number
    note = "Picked up where you left off. " if turn.resumed else ""
    embed.set_footer(
        text=f"{note}Reply in your own words ({plural(left, 'reply')} left). Hint if you're stuck; End for your report."
    )
    return embed


def _share(report: Report) -> str:
    if report.talk_share is None:
        return "nobody spoke"
    return f"you {report.talk_share:.0%}, them {1 - report.talk_share:.0%}"


def report_embed(report: Report, last: Turn | None = None) -> discord.Embed:
    """One embed: the outcome, how the rep talked, what pushed (in their words) and three lessons."""
    title, colour = OUTCOMES.get(report.outcome or "left", OUTCOMES["left"])
    lines = []
    if last is not None:
        if last.scored is not None and last.scored.reply:
            lines.append(f"**You:** {safe(clip(last.scored.reply, 400))}")
        lines.append(f"**{safe(report.persona_name)}:**\n> {safe(last.customer_says)}")
    lines.append(f"**What they really needed:** {safe(report.hidden_need)}")
    embed = discord.Embed(title=title, description=clip("\n\n".join(lines), 3000), colour=colour)
    questions = report.open_questions + report.closed_questions
    per_question = report.reflections_per_question
    embed.add_field(
        name="How you talked",
        value=(
            f"Talk share: {_share(report)}\n"
            f"Questions: {report.open_questions} open, {report.closed_questions} closed\n"
            f"Reflections: {report.reflections}"
            + (f" ({per_question:.1f} per question)" if per_question is not None and questions else "")
            + f"\nLongest reply: {plural(report.longest_turn, 'word')} · {plural(report.turns, 'reply')}"
        ),
        inline=False,
    )
    if report.pushes:
        counts = report.push_counts
        quoted = "\n".join(
            f"• {kind}: “{safe(clip(' '.join(quote.split()), 90))}”" for kind, quote in report.pushes[:6]
        )
        summary = ", ".join(f"{kind} {count}" for kind, count in counts.most_common())
        embed.add_field(name=f"Pushes: {summary}"[:256], value=clip(quoted, 1024), inline=False)
    else:
        embed.add_field(name="Pushes", value="None. Every reply listened.", inline=False)
    embed.add_field(
        name="Pitched before asking?",
        value="Yes: you talked about the product before asking about them." if report.pitched_before_asking else "No.",
        inline=False,
    )
    opinions = [item for item in report.replies if item.second_opinion is not None]
    if opinions:
        embed.add_field(
            name="A second opinion differs",
            value=clip(
                "\n".join(
                    f"Reply {item.number} (scored {item.verdict.value}): {safe(item.second_opinion.summary)}"
                    for item in opinions
                    if item.second_opinion is not None
                ),
                1024,
            ),
            inline=False,
        )
    if report.lessons:
        embed.add_field(
            name="Three lessons" if len(report.lessons) == 3 else "Lessons",
            value=clip("\n".join(f"{n}. {safe(lesson)}" for n, lesson in enumerate(report.lessons, 1)), 1024),
            inline=False,
        )
    earned = f"+{plural(report.points, 'point')}" if report.points else "No points"
    embed.set_footer(
        text=f"{earned}. Points come once a week per persona, for specific listening. /roleplay start again."
    )
    return embed
