"""The quiz's buttons. Answer buttons are `DynamicItem`s whose `custom_id` carries the presentation id and the
reply position, so they keep working after a restart: the database, not the process, remembers what was
dealt."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, Self

import discord

from bot.coach.quiz import Answer, Presentation
from bot.i18n import _
from bot.tree import edit, reply
from bot.ui.views import Interaction, PersistentButton
from cogs.quiz.messages import LETTERS, answer_embed, answer_label, presentation_embed

VIEW_TIMEOUT = 15 * 60  # the presentation's lifetime; clicks after that still reach the dynamic items
ANY_THEME = "-"


class AnswerButton(PersistentButton, template=r"quiz:answer:(?P<pid>\d+)(?::(?P<step>[0-9]))?:(?P<pos>[0-3])"):
    """`quiz:answer:<presentation>:<step>:<position>`: the step makes a click on an earlier step's button (an
    old message, a double click) a clear refusal rather than an answer to the step on show. Buttons sent
    before steps existed carry no step and answer whichever is on show."""

    def __init__(
        self,
        presentation_id: int,
        step: int | None,
        position: int,
        *,
        reply_text: str | None = None,
        style: discord.ButtonStyle | None = None,
    ) -> None:
        step_part = "" if step is None else f"{step}:"
        super().__init__(
            discord.ui.Button(
                label=LETTERS[position] if reply_text is None else answer_label(position, reply_text),
                style=style or discord.ButtonStyle.primary,
                custom_id=f"quiz:answer:{presentation_id}:{step_part}{position}",
                row=position,  # one reply a row: long labels read as a list
            )
        )
        self.presentation_id = presentation_id
        self.step = step
        self.position = position

    @classmethod
    def from_match(cls, match: re.Match[str], item: discord.ui.Item[Any]) -> Self:
        return cls(int(match["pid"]), None if match["step"] is None else int(match["step"]), int(match["pos"]))

    async def pressed(self, interaction: Interaction) -> None:
        result = await interaction.client.coach.quiz.answer(
            self.presentation_id, interaction.user.id, self.position, self.step, locale=str(interaction.locale)
        )
        if isinstance(result, Presentation):  # a multi-step scenario goes on: the customer answers
            view = question_view(result.presentation_id, result.step_number, [item.text for item in result.replies])
            await edit(interaction, embed=presentation_embed(result), view=view)
            return
        await edit(interaction, embed=answer_embed(result), view=answered_view(result))


class NextButton(PersistentButton, template=r"quiz:next:(?P<theme>[a-z0-9-]{1,40})"):
    def __init__(self, theme: str) -> None:
        super().__init__(
            discord.ui.Button(
                label=_("Next scenario"), style=discord.ButtonStyle.success, custom_id=f"quiz:next:{theme}", row=4
            )
        )
        self.theme = theme

    @classmethod
    def from_match(cls, match: re.Match[str], item: discord.ui.Item[Any]) -> Self:
        return cls(match["theme"])

    async def pressed(self, interaction: Interaction) -> None:
        await deal(interaction, None if self.theme == ANY_THEME else self.theme, in_place=True)


def question_view(presentation_id: int, step: int, replies: Sequence[str]) -> discord.ui.View:
    """One button per reply, labelled with its letter and the start of its text."""
    view = discord.ui.View(timeout=VIEW_TIMEOUT)
    for position, text in enumerate(replies):
        view.add_item(AnswerButton(presentation_id, step, position, reply_text=text))
    return view


def answered_view(answer: Answer) -> discord.ui.View:
    """The answer buttons, disabled, the chosen one coloured; and a button for the next scenario."""
    view = discord.ui.View(timeout=VIEW_TIMEOUT)
    for position, item in enumerate(answer.replies):
        chosen = position == answer.chosen
        style = (
            (discord.ButtonStyle.success if answer.correct else discord.ButtonStyle.danger)
            if chosen
            else discord.ButtonStyle.secondary
        )
        button = AnswerButton(
            answer.presentation_id, len(answer.taken) - 1, position, reply_text=item.text, style=style
        )
        button.item.disabled = True
        view.add_item(button)
    view.add_item(NextButton(answer.theme_filter or ANY_THEME))
    return view


async def deal(interaction: Interaction, theme: str | None, *, in_place: bool = False) -> None:
    """Present the rep's next scenario: a new private message, or in place of the answered one."""
    assert interaction.guild_id is not None  # noqa: S101 - guild-only commands and their buttons
    presentation = await interaction.client.coach.quiz.start(
        interaction.guild_id, interaction.user.id, theme, locale=str(interaction.locale)
    )
    embed = presentation_embed(presentation)
    view = question_view(
        presentation.presentation_id, presentation.step_number, [item.text for item in presentation.replies]
    )
    if in_place:
        await edit(interaction, embed=embed, view=view)
    else:
        await reply(interaction, embed=embed, view=view)
