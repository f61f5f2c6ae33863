"""A quiz theme a manager assigned: the DM (and its heads-up the day before it is due) with a button that deals
a scenario of that theme in that server, from the DM; the button carries both, so it works after a restart."""

from __future__ import annotations

import re
from typing import Any, Self

import discord

from bot.coach.assignments import QUIZ_ANSWERS_TO_COMPLETE
from bot.coach.content import pack_language
from bot.coach.outgoing import QuizAssignment
from bot.i18n import _, command, current_locale, ngettext
from bot.i18n.days import long_day
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
                label=_("Start practising"),
                style=discord.ButtonStyle.success,
                custom_id=f"quiz:assigned:{guild_id}:{theme}",
            )
        )
        self.guild_id, self.theme = guild_id, theme

    @classmethod
    def from_match(cls, match: re.Match[str], item: discord.ui.Item[Any]) -> Self:
        return cls(int(match["guild"]), match["theme"])

    async def pressed(self, interaction: Interaction) -> None:
        presentation = await interaction.client.coach.quiz.start(
            self.guild_id, interaction.user.id, self.theme, locale=str(interaction.locale)
        )
        replies = [item.text for item in presentation.replies]
        view = question_view(presentation.presentation_id, presentation.step_number, replies)
        await reply(interaction, embed=presentation_embed(presentation), view=view)


async def draw_quiz_assignment(assignment: QuizAssignment, context: RenderContext) -> Drawn:
    count = QUIZ_ANSWERS_TO_COMPLETE
    if assignment.reminder:
        template = ngettext(
            "Reminder ({server}): your quiz practice on **{theme}** is due tomorrow. {count} scenario, a few"
            " minutes; the button deals it.",
            "Reminder ({server}): your quiz practice on **{theme}** is due tomorrow. {count} scenarios, a few"
            " minutes; the button deals the first.",
            count,
        )
    elif assignment.due:
        template = ngettext(
            "**{manager}** ({server}) asks you to practise **{theme}** by {day}: answer {count} scenario of it"
            " with {command} or the button below. Only your answers count; your manager sees that it is done"
            " and how many listened.",
            "**{manager}** ({server}) asks you to practise **{theme}** by {day}: answer {count} scenarios of it"
            " with {command} or the button below. Only your answers count; your manager sees that it is done"
            " and how many listened.",
            count,
        )
    else:
        template = ngettext(
            "**{manager}** ({server}) asks you to practise **{theme}**: answer {count} scenario of it with"
            " {command} or the button below. Only your answers count; your manager sees that it is done and how"
            " many listened.",
            "**{manager}** ({server}) asks you to practise **{theme}**: answer {count} scenarios of it with"
            " {command} or the button below. Only your answers count; your manager sees that it is done and how"
            " many listened.",
            count,
        )
    # A shipped theme's title as the rep's language has it (a server's own theme keeps the title it was given).
    library = context.coach.scenarios.library
    title = library.theme_title(assignment.theme, pack_language(current_locale())) or assignment.theme_title
    text = template.format(
        manager=safe(assignment.from_name) if assignment.from_name else _("Your manager"),
        server=safe(context.guild_name),
        theme=safe(title),
        day=long_day(assignment.due) if assignment.due else "",
        count=count,
        command=command("quiz start"),
    )
    view = discord.ui.View(timeout=None)
    view.add_item(StartThemeButton(context.guild_id, assignment.theme))
    return Drawn(content=text[:2000], view=view)
