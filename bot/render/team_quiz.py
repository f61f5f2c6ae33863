"""The daily team quiz post, its answer buttons (persistent: `tq:answer:<post>:<position>`), and the private
feedback each member gets when they answer."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

import discord

from bot.coach.content import Stance
from bot.coach.team_quiz import LETTERS, TeamAnswer, TeamPost
from bot.render.quiz import DIFFICULTY
from bot.render.text import BRAND_COLOUR, plural, safe
from bot.replies import reply
from bot.tree import answer_error

if TYPE_CHECKING:
    from bot.client import RapportBot


def team_post_embed(post: TeamPost) -> discord.Embed:
    scenario = post.scenario
    parts = []
    if post.previous is not None:
        summary = post.previous
        letters = " or ".join(summary.listening_letters)
        parts.append(
            f"**Yesterday:** {plural(summary.answered, 'answer')}, {summary.listening} listening. "
            f"The listening reply was {letters}. *{safe(summary.principle)}*"
        )
    parts.append(f"{safe(scenario.context)}\n\n**The customer says:**\n> {safe(scenario.customer_says)}")
    parts.append("**How would you answer?** Pick below; only you see the feedback.")
    embed = discord.Embed(
        title=f"Team question · {post.theme_title} · {DIFFICULTY[scenario.difficulty]}",
        description="\n\n".join(parts)[:4000],
        colour=BRAND_COLOUR,
    )
    for letter, item in zip(LETTERS, post.replies, strict=False):
        embed.add_field(name=letter, value=safe(item.text), inline=False)
    return embed


def team_answer_text(answer: TeamAnswer) -> str:
    chosen = answer.replies[answer.chosen]
    verdict = "You listened. ✅" if answer.correct else "That reply pushes. ❌"
    listening = [LETTERS[i] for i, item in enumerate(answer.replies) if item.stance is Stance.LISTENING]
    return (
        f"{verdict} {safe(chosen.feedback)}\n"
        f"The listening {'reply is' if len(listening) == 1 else 'replies are'} {' and '.join(listening)}. "
        f"**Principle:** {safe(answer.scenario.principle)}\n"
        f"-# {plural(answer.answered, 'teammate')} answered so far. Tomorrow's post shows how the team did."
    )


class TeamAnswerButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]], template=r"tq:answer:(?P<post>\d+):(?P<pos>[0-3])"
):
    def __init__(self, post_id: int, position: int) -> None:
        super().__init__(
            discord.ui.Button(
                label=LETTERS[position], style=discord.ButtonStyle.primary, custom_id=f"tq:answer:{post_id}:{position}"
            )
        )
        self.post_id, self.position = post_id, position

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: Any
    ) -> TeamAnswerButton:
        return cls(int(match["post"]), int(match["pos"]))

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        bot = cast("RapportBot", interaction.client)
        try:
            answer = await bot.coach.team_quiz.answer(self.post_id, interaction.user.id, self.position)
            await reply(interaction, team_answer_text(answer))
        except Exception as error:
            await answer_error(interaction, error)


def team_post_view(post: TeamPost) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    for position in range(len(post.replies)):
        view.add_item(TeamAnswerButton(post.post_id, position))
    return view
