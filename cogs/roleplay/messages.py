"""The conversation as the rep sees it, and the end-of-conversation report. The persona's words, its hints and
the scorer's lessons are content, shown as written; the frame around them reads in the rep's language."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord

from bot.i18n import N_, _, command, current_locale, ngettext
from bot.ui.roleplay_words import PUSH_KINDS, VERDICTS, named
from bot.ui.text import BRAND_COLOUR, clip, safe

if TYPE_CHECKING:  # role-play's service loads on first use, not with this package (B5)
    from bot.coach.roleplay import Report, Turn

# Where the conversation happens (the persona's `channel`, an English word in its file): marked, shown translated.
CHANNEL_MARKS = {"call": N_("📞 call"), "email": N_("✉️ email"), "chat": N_("💬 chat"), "in person": N_("🤝 in person")}
OUTCOMES = {  # by `Outcome`'s values (a StrEnum: its members find these keys)
    "trust": (N_("They offered the next step: trust. 🤝"), discord.Colour(0x2E8B57)),
    "cold": (N_("They closed the door: cold. 🧊"), discord.Colour(0xC0392B)),
    "timeout": (N_("Timed out after 15 minutes without a reply."), discord.Colour(0x7F8C8D)),
    "left": (N_("You ended the conversation."), discord.Colour(0x7F8C8D)),
}


def _you(reply: str) -> str:
    return _("**You:** {reply}").format(reply=safe(reply))


def turn_embed(turn: Turn) -> discord.Embed:
    persona = turn.persona
    embed = discord.Embed(
        title=f"{persona.name}, {persona.role}"[:256],
        colour=BRAND_COLOUR,
    )
    parts = []
    if turn.number == 0 or turn.resumed:
        parts.append(f"-# {named(CHANNEL_MARKS, persona.channel)} · {safe(persona.theme)}")
        parts.append(safe(persona.situation))
        if not current_locale().startswith("en"):
            parts.append("-# " + _("The customer speaks English, and Rapport reads your replies in English."))
    if turn.scored is not None and turn.scored.reply:
        parts.append(_you(clip(turn.scored.reply, 600)))
    parts.append(f"**{safe(persona.name)}:**\n> {safe(turn.customer_says)}")
    embed.description = clip("\n\n".join(parts), 4000)
    left = persona.max_turns - turn.number
    footer = ngettext(
        "Reply in your own words ({count} reply left). Hint if you're stuck; End for your report.",
        "Reply in your own words ({count} replies left). Hint if you're stuck; End for your report.",
        left,
    ).format(count=left)
    picked_up = _("Picked up where you left off.")
    embed.set_footer(text=f"{picked_up} {footer}" if turn.resumed else footer)
    return embed


def _share(report: Report) -> str:
    if report.talk_share is None:
        return _("nobody spoke")
    return _("you {you}, them {them}").format(you=f"{report.talk_share:.0%}", them=f"{1 - report.talk_share:.0%}")


def _how_you_talked(report: Report) -> str:
    questions = report.open_questions + report.closed_questions
    per_question = report.reflections_per_question
    if per_question is not None and questions:
        reflections = _("Reflections: {count} ({rate} per question)").format(
            count=report.reflections, rate=f"{per_question:.1f}"
        )
    else:
        reflections = _("Reflections: {count}").format(count=report.reflections)
    longest = _("Longest reply: {words} · {replies}").format(
        words=ngettext("{count} word", "{count} words", report.longest_turn).format(count=report.longest_turn),
        replies=ngettext("{count} reply", "{count} replies", report.turns).format(count=report.turns),
    )
    return "\n".join(
        [
            _("Talk share: {share}").format(share=_share(report)),
            _("Questions: {open} open, {closed} closed").format(
                open=report.open_questions, closed=report.closed_questions
            ),
            reflections,
            longest,
        ]
    )


def report_embed(report: Report, last: Turn | None = None) -> discord.Embed:
    """One embed: the outcome, how the rep talked, what pushed (in their words) and three lessons."""
    title, colour = OUTCOMES.get(report.outcome or "left", OUTCOMES["left"])
    lines = []
    if last is not None:
        if last.scored is not None and last.scored.reply:
            lines.append(_you(clip(last.scored.reply, 400)))
        lines.append(f"**{safe(report.persona_name)}:**\n> {safe(last.customer_says)}")
    lines.append(_("**What they really needed:** {need}").format(need=safe(report.hidden_need)))
    embed = discord.Embed(title=_(title), description=clip("\n\n".join(lines), 3000), colour=colour)
    embed.add_field(name=_("How you talked"), value=_how_you_talked(report), inline=False)
    if report.pushes:
        counts = report.push_counts
        quoted = "\n".join(
            f"• {named(PUSH_KINDS, kind)}: “{safe(clip(' '.join(quote.split()), 90))}”"
            for kind, quote in report.pushes[:6]
        )
        summary = ", ".join(f"{named(PUSH_KINDS, kind)} {count}" for kind, count in counts.most_common())
        embed.add_field(
            name=_("Pushes: {summary}").format(summary=summary)[:256], value=clip(quoted, 1024), inline=False
        )
    else:
        embed.add_field(name=_("Pushes"), value=_("None. Every reply listened."), inline=False)
    embed.add_field(
        name=_("Pitched before asking?"),
        value=_("Yes: you talked about the product before asking about them.")
        if report.pitched_before_asking
        else _("No."),
        inline=False,
    )
    opinions = [item for item in report.replies if item.second_opinion is not None]
    if opinions:
        embed.add_field(
            name=_("A second opinion differs"),
            value=clip(
                "\n".join(
                    _("Reply {number} (scored {verdict}): {summary}").format(
                        number=item.number,
                        verdict=named(VERDICTS, item.verdict.value),
                        summary=safe(item.second_opinion.summary),
                    )
                    for item in opinions
                    if item.second_opinion is not None
                ),
                1024,
            ),
            inline=False,
        )
    if report.lessons:
        embed.add_field(
            name=_("Three lessons") if len(report.lessons) == 3 else _("Lessons"),
            value=clip("\n".join(f"{n}. {safe(lesson)}" for n, lesson in enumerate(report.lessons, 1)), 1024),
            inline=False,
        )
    earned = (
        ngettext("+{count} point", "+{count} points", report.points).format(count=report.points)
        if report.points
        else _("No points")
    )
    again = command("roleplay start").strip("`")  # a footer shows no code style
    embed.set_footer(
        text=_("{earned}. Points come once a week per persona, for specific listening. {command} again.").format(
            earned=earned, command=again
        )
    )
    return embed
