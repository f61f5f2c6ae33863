"""`/quiz start` and `/quiz stats`: reps practise answering customers by listening rather than pushing.

Answer buttons are `DynamicItem`s whose `custom_id` carries the presentation id and the reply position, so
they keep working after a restart: the database, not the process, remembers what was dealt.
"""

from __future__ import annotations

from typing import Any, cast

import discord
from discord import app_commands
from discord.ext import commands

from bot.client import RapportBot
from bot.coach import Coach
from bot.coach.quiz import Answer
from bot.permissions import guild_group, is_manager
from bot.render import quiz as render
from bot.render.team_quiz import TeamAnswerButton
from bot.replies import defer, reply
from bot.tree import answer_error

VIEW_TIMEOUT = 15 * 60  # the presentation's lifetime; clicks after that still reach the dynamic items
ANY_THEME = "-"


def _coach(interaction: discord.Interaction[Any]) -> Coach:
    return cast(RapportBot, interaction.client).coach


class AnswerButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=r"quiz:answer:(?P<pid>\d+):(?P<pos>[0-3])"):
    def __init__(self, presentation_id: int, position: int, *, style: discord.ButtonStyle | None = None) -> None:
        super().__init__(
            discord.ui.Button(
                label=render.LETTERS[position],
                style=style or discord.ButtonStyle.primary,
                custom_id=f"quiz:answer:{presentation_id}:{position}",
            )
        )
        self.presentation_id = presentation_id
        self.position = position

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: Any
    ) -> AnswerButton:
        return cls(int(match["pid"]), int(match["pos"]))

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        try:
            answer = await _coach(interaction).quiz.answer(self.presentation_id, interaction.user.id, self.position)
            await interaction.response.edit_message(
                embed=render.answer_embed(answer),
                view=answered_view(answer),
            )
        except Exception as error:
            await answer_error(interaction, error)


class NextButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=r"quiz:next:(?P<theme>[a-z0-9-]{1,40})"):
    def __init__(self, theme: str) -> None:
        super().__init__(
            discord.ui.Button(label="Next scenario", style=discord.ButtonStyle.success, custom_id=f"quiz:next:{theme}")
        )
        self.theme = theme

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: Any
    ) -> NextButton:
        return cls(match["theme"])

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        try:
            theme = None if self.theme == ANY_THEME else self.theme
            await deal(interaction, theme, edit=True)
        except Exception as error:
            await answer_error(interaction, error)


def question_view(presentation_id: int, replies: int) -> discord.ui.View:
    view = discord.ui.View(timeout=VIEW_TIMEOUT)
    for position in range(replies):
        view.add_item(AnswerButton(presentation_id, position))
    return view


def answered_view(answer: Answer) -> discord.ui.View:
    """The answer buttons, disabled, the chosen one coloured; and a button for the next scenario."""
    view = discord.ui.View(timeout=VIEW_TIMEOUT)
    for position in range(len(answer.replies)):
        chosen = position == answer.chosen
        style = (
            (discord.ButtonStyle.success if answer.correct else discord.ButtonStyle.danger)
            if chosen
            else discord.ButtonStyle.secondary
        )
        button = AnswerButton(answer.presentation_id, position, style=style)
        button.item.disabled = True
        view.add_item(button)
    view.add_item(NextButton(answer.theme_filter or ANY_THEME))
    return view


async def deal(interaction: discord.Interaction[Any], theme: str | None, *, edit: bool = False) -> None:
    """Present the rep's next scenario: a new private message, or in place of the answered one."""
    assert interaction.guild_id is not None  # noqa: S101 - guild-only commands and their buttons
    presentation = await _coach(interaction).quiz.start(interaction.guild_id, interaction.user.id, theme)
    embed = render.presentation_embed(presentation)
    view = question_view(presentation.presentation_id, len(presentation.replies))
    if edit:
        await interaction.response.edit_message(embed=embed, view=view)
    else:
        await reply(interaction, embed=embed, view=view)


class Quiz(commands.Cog):
    """Sixty-second customer moments: choose how you'd answer, learn why listening wins."""

    quiz = guild_group("quiz", "Practise answering customers by listening, not pushing")

    def __init__(self, bot: RapportBot) -> None:
        self.bot = bot

    async def theme_autocomplete(
        self, interaction: discord.Interaction[Any], current: str
    ) -> list[app_commands.Choice[str]]:
        if interaction.guild_id is None:
            return []
        typed = current.strip().casefold()
        themes = await self.bot.coach.scenarios.themes(interaction.guild_id)
        return [
            app_commands.Choice(name=title[:100], value=slug)
            for slug, title in themes.items()
            if typed in slug or typed in title.casefold()
        ][:25]

    @quiz.command(name="start", description="Get a customer scenario and choose how you'd reply")
    @app_commands.describe(theme="Only scenarios from this theme (optional)")
    @app_commands.autocomplete(theme=theme_autocomplete)
    async def start(
        self, interaction: discord.Interaction[Any], theme: app_commands.Range[str, 1, 40] | None = None
    ) -> None:
        await defer(interaction)
        await deal(interaction, theme)

    @quiz.command(name="stats", description="Your quiz accuracy by theme and over time")
    @app_commands.describe(member="Another member's stats (managers only)")
    async def stats(self, interaction: discord.Interaction[Any], member: discord.Member | None = None) -> None:
        assert interaction.guild_id is not None  # noqa: S101 - guild-only
        target = member or interaction.user
        if target.id != interaction.user.id and not await is_manager(interaction, self.bot.coach):
            await reply(interaction, "Only managers can see another member's quiz stats.")
            return
        await defer(interaction)
        stats = await self.bot.coach.quiz.stats(interaction.guild_id, target.id)
        await reply(interaction, embed=render.stats_embed(stats, target.display_name))


async def setup(bot: RapportBot) -> None:
    bot.add_dynamic_items(AnswerButton, NextButton, TeamAnswerButton)
    await bot.add_cog(Quiz(bot))
