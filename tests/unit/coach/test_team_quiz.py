from datetime import UTC, date, datetime, timedelta

import pytest

from bot.coach import Coach
from bot.coach.content import Stance
from bot.coach.quiz import AlreadyAnswered, Expired

GUILD, ALICE, BOB = 1001, 501, 502
DAY = date(2026, 3, 10)


async def test_one_post_per_day_and_different_scenarios(coach: Coach):
    first = await coach.team_quiz.post_for(GUILD, DAY)
    again = await coach.team_quiz.post_for(GUILD, DAY)
    assert first is not None and again is not None
    assert first.post_id == again.post_id
    following = await coach.team_quiz.post_for(GUILD, DAY + timedelta(days=1))
    assert following is not None and following.scenario.key != first.scenario.key


async def test_everyone_answers_once_and_the_next_post_summarises(coach: Coach, clock):
    post = await coach.team_quiz.post_for(GUILD, DAY)
    listening = next(i for i, reply in enumerate(post.replies) if reply.stance is Stance.LISTENING)
    pushing = next(i for i, reply in enumerate(post.replies) if reply.stance is Stance.PUSHING)
    right = await coach.team_quiz.answer(post.post_id, ALICE, listening)
    wrong = await coach.team_quiz.answer(post.post_id, BOB, pushing)
    assert right.correct and not wrong.correct and wrong.answered == 2
    with pytest.raises(AlreadyAnswered):
        await coach.team_quiz.answer(post.post_id, ALICE, pushing)
    tomorrow = await coach.team_quiz.post_for(GUILD, DAY + timedelta(days=1))
    assert tomorrow.previous is not None
    assert (tomorrow.previous.answered, tomorrow.previous.listening) == (2, 1)
    assert "ABCD"[listening] in tomorrow.previous.listening_letters
    clock.advance(days=3)
    with pytest.raises(Expired):
        await coach.team_quiz.answer(post.post_id, 503, listening)


async def test_planner_posts_on_work_days_when_switched_on(coach: Coach, clock):
    clock.set(datetime(2026, 3, 13, 8, 0, tzinfo=UTC))  # Friday
    await coach.settings.update_guild(GUILD, channel_id=777, team_quiz=True)
    await coach.planner.tick()
    clock.set(datetime(2026, 3, 13, 9, 1, tzinfo=UTC))
    assert (await coach.planner.tick()).team_quizzes == 1
    clock.set(datetime(2026, 3, 14, 9, 1, tzinfo=UTC))  # Saturday: no post
    assert (await coach.planner.tick()).team_quizzes == 0
    clock.set(datetime(2026, 3, 16, 9, 1, tzinfo=UTC))  # Monday
    assert (await coach.planner.tick()).team_quizzes == 1
