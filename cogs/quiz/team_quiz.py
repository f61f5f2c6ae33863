"""The daily team quiz post, its answer buttons (persistent: `tq:answer:<post>:<position>`), and the private
feedback each member gets when they answer."""

from __future__ import annotations

import re
from typing import Any, Self

import discord

from bot.coach.content import Stance
from bot.coach.outgoing import TeamQuestion
from bot.coach.team_quiz import LETTERS, TeamAnswer, TeamPost
from bot.i18n import _, current_locale, ngettext
from bot.schedule.sender import Drawn, RenderContext
from bot.tree import reply
from bot.ui.text import BRAND_COLOUR, safe
from bot.ui.views import Interaction, PersistentButton
from cogs.quiz.messages import DIFFICULTY, answer_label, customer_says, principle


def _letters(letters: list[str], *, either: bool) -> str:
    """`A`, `A or C`, `A, B and C`: the conjunction in the reader's language."""
    if len(letters) < 2:
        return "".join(letters)
    joined = _("{letters} or {last}") if either else _("{letters} and {last}")
    return joined.format(letters=", ".join(letters[:-1]), last=letters[-1])


def team_post_embed(post: TeamPost) -> discord.Embed:
    scenario = post.scenario
    parts = []
    if post.previous is not None:
        summary = post.previous
        yesterday = ngettext(
            "**Yesterday:** {count} answer, {listening} listening.",
            "**Yesterday:** {count} answers, {listening} listening.",
            summary.answered,
        ).format(count=summary.answered, listening=summary.listening)
        letters = _letters(list(summary.listening_letters), either=True)
        was = _("The listening reply was {letters}.").format(letters=letters)
        parts.append(f"{yesterday} {was} *{safe(summary.principle)}*")
    parts.append(f"{safe(scenario.context)}\n\n{customer_says(scenario.customer_says)}")
    parts.append(_("**How would you answer?** Pick below; only you see the feedback."))
    embed = discord.Embed(
        title=_("Team question · {theme} · {difficulty}").format(
            theme=post.theme_title, difficulty=DIFFICULTY[scenario.difficulty]
        )[:256],
        description="\n\n".join(parts)[:4000],
        colour=BRAND_COLOUR,
    )
    for letter, item in zip(LETTERS, post.replies, strict=False):
        embed.add_field(name=letter, value=safe(item.text), inline=False)
    return embed


def team_answer_text(answer: TeamAnswer) -> str:
    chosen = answer.replies[answer.chosen]
    verdict = _("You listened. ✅") if answer.correct else _("That reply pushes. ❌")
    listening = [LETTERS[i] for i, item in enumerate(answer.replies) if item.stance is Stance.LISTENING]
    which = ngettext(
        "The listening reply is {letters}.", "The listening replies are {letters}.", len(listening)
    ).format(letters=_letters(listening, either=False))
    so_far = ngettext(
        "-# {count} teammate answered so far. Tomorrow's post shows how the team did.",
        "-# {count} teammates answered so far. Tomorrow's post shows how the team did.",
        answer.answered,
    ).format(count=answer.answered)
    return f"{verdict} {safe(chosen.feedback)}\n{which} {principle(answer.scenario.principle)}\n{so_far}"


class TeamAnswerButton(PersistentButton, template=r"tq:answer:(?P<post>\d+):(?P<pos>[0-3])"):
    def __init__(self, post_id: int, position: int, reply_text: str | None = None) -> None:
        super().__init__(
            discord.ui.Button(
                label=LETTERS[position] if reply_text is None else answer_label(position, reply_text),
                style=discord.ButtonStyle.primary,
                custom_id=f"tq:answer:{post_id}:{position}",
                row=position,
            )
        )
        self.post_id, self.position = post_id, position

    @classmethod
    def from_match(cls, match: re.Match[str], item: discord.ui.Item[Any]) -> Self:
        return cls(int(match["post"]), int(match["pos"]))

    async def pressed(self, interaction: Interaction) -> None:
        answer = await interaction.client.coach.team_quiz.answer(
            self.post_id, interaction.user.id, self.position, locale=str(interaction.locale)
        )
        await reply(interaction, team_answer_text(answer))


def team_post_view(post: TeamPost) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    for position, item in enumerate(post.replies):
        view.add_item(TeamAnswerButton(post.post_id, position, item.text))
    return view


async def draw_team_question(question: TeamQuestion, context: RenderContext) -> Drawn:
    post = await context.coach.team_quiz.post(question.post_id, locale=current_locale())  # the server's
    if post is None:
        raise LookupError("the team quiz post or its scenario is gone")
    return Drawn(embed=team_post_embed(post), view=team_post_view(post))
