"""A quiz theme a manager assigned: the DM (and its heads-up the day before it is due) with a button that deals
a scenario of that theme in that server, from the DM; the button carries both, so it works after a restart."""

from __future__ import annotations

import re
from typing import Any, Self

import discord

from bot.coach.assignments import QUIZ_ANSWERS_TO_COMPLETE
from bot.coach.outgoing import QuizAssignment
from bot.schedule.sender import Drawn, RenderContext
from bot.tree import reply
from bot.ui.text import safe
from bot.ui.views import Interaction, PersistentButton
from cogs.quiz.messages import presentation_embed
from cogs.quiz.views import question_view


class StartThemeButton(PersistentButton, template=r"quiz:assigned:(?P<guild>\d+):(?P<theme>[a-z0-9-]{1,40})"):
    def __init__(self, guild_id: int, theme: str) -> None:
        super().__init__(
            discord.ui.Button(
                label="Start practising",
                style=discord.ButtonStyle.success,
                custom_id=f"quiz:assigned:{guild_id}:{theme}",
            )
        )
        self.guild_id, self.theme = guild_id, theme

    @classmethod
    def from_match(cls, match: re.Match[str], item: discord.ui.Item[Any]) -> Self:
        return cls(int(match["guild"]), match["theme"])

    async def pressed(self, interaction: Interaction) -> None:
        presentation = await interaction.client.coach.quiz.start(self.guild_id, interaction.user.id, self.theme)
        replies = [item.text for item in presentation.replies]
        view = question_view(presentation.presentation_id, presentation.step_number, replies)
        await reply(interaction, embed=presentation_embed(presentation), view=view)


async def draw_quiz_assignment(assignment: QuizAssignment, context: RenderContext) -> Drawn:
    title = safe(assignment.theme_title)
    if assignment.reminder:
        text = (
            f"Reminder ({safe(context.guild_name)}): your quiz practice on **{title}** is due tomorrow. "
            f"{QUIZ_ANSWERS_TO_COMPLETE} scenarios, a few minutes; the button deals the first."
        )
    else:
        by = f" by {assignment.due:%A %d %B}" if assignment.due else ""
        text = (
            f"**{safe(assignment.from_name or 'Your manager')}** ({safe(context.guild_name)}) asks you to practise "
            f"**{title}**{by}: answer {QUIZ_ANSWERS_TO_COMPLETE} scenarios of it with `/quiz start` or the button "
            "below. Only your answers count; your manager sees that it is done and how many listened."
        )
    view = discord.ui.View(timeout=None)
    view.add_item(StartThemeButton(context.guild_id, assignment.theme))
    return Drawn(content=text[:2000], view=view)
