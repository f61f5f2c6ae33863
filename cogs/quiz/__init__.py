"""The quiz: reps practise answering customers by listening rather than pushing (`/quiz ...`), and the daily
team question posted in the channel."""

from __future__ import annotations

from bot.client import RapportBot
from bot.coach.outgoing import QuizAssignment, TeamQuestion
from cogs.quiz.assignment import StartThemeButton, draw_quiz_assignment
from cogs.quiz.commands import Quiz
from cogs.quiz.team_quiz import TeamAnswerButton, draw_team_question
from cogs.quiz.views import AnswerButton, NextButton


async def setup(bot: RapportBot) -> None:
    bot.add_dynamic_items(AnswerButton, NextButton, TeamAnswerButton, StartThemeButton)
    bot.renderers.register(TeamQuestion, draw_team_question)
    bot.renderers.register(QuizAssignment, draw_quiz_assignment)
    await bot.add_cog(Quiz(bot))


async def teardown(bot: RapportBot) -> None:
    bot.remove_dynamic_items(AnswerButton, NextButton, TeamAnswerButton, StartThemeButton)
    bot.renderers.unregister(TeamQuestion)
    bot.renderers.unregister(QuizAssignment)
