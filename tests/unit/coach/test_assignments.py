"""Assignments: a manager's quiz theme or persona for one rep, its DM and heads-up, done after three answers
of the theme (how many listened is the result) or a finished conversation with the persona."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from bot.coach import Coach
from bot.coach.assignments import QUIZ_ANSWERS_TO_COMPLETE
from bot.coach.content import Stance
from bot.coach.errors import InvalidInput
from bot.coach.personas import parse_persona
from bot.coach.quiz import Answer, Presentation
from bot.db.models import OutboxMessage
from tests.packs import PERSONA

GUILD, ALICE, MANAGER = 1001, 501, 900


async def answer_theme(coach: Coach, theme: str, stance: Stance) -> Answer:
    """Deal a scenario of `theme` and answer every step with the reply of `stance`."""
    shown: Answer | Presentation = await coach.quiz.start(GUILD, ALICE, theme)
    while isinstance(shown, Presentation):
        position = next(i for i, reply in enumerate(shown.replies) if reply.stance is stance)
        shown = await coach.quiz.answer(shown.presentation_id, ALICE, position)
    return shown


async def a_theme(coach: Coach) -> str:
    return sorted(await coach.scenarios.themes(GUILD))[0]


async def test_a_theme_is_dmed_reminded_and_done_after_three_answers(coach: Coach, clock):
    theme = await a_theme(coach)
    await answer_theme(coach, theme, Stance.LISTENING)  # before the assignment: it does not count
    made = await coach.assignments.assign_theme(GUILD, MANAGER, "Sam", ALICE, theme, "2026-03-13")
    assert (made.kind, made.subject, made.due) == ("quiz", theme, date(2026, 3, 13))
    async with coach.db.read() as session:
        rows = list(await session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "quiz_assignment")))
    assert sorted(row.due_at.isoformat() for row in rows) == ["2026-03-10T15:00:00+00:00", "2026-03-12T09:00:00+00:00"]
    assert {row.payload["reminder"] for row in rows} == {False, True} and {row.created_by for row in rows} == {MANAGER}

    clock.advance(minutes=5)
    await answer_theme(coach, theme, Stance.LISTENING)
    await answer_theme(coach, theme, Stance.PUSHING)
    [still_open] = await coach.assignments.of(GUILD, ALICE, open_only=True)
    assert still_open.id == made.id
    await answer_theme(coach, theme, Stance.LISTENING)
    assert await coach.assignments.of(GUILD, ALICE, open_only=True) == []
    [done] = await coach.assignments.of(GUILD, ALICE)
    assert done.completed_at is not None and done.result == f"2 of {QUIZ_ANSWERS_TO_COMPLETE} listening"
    [listed] = await coach.assignments.in_guild(GUILD, None)
    assert listed.user_id == ALICE and listed.assigned == done


async def test_another_theme_does_not_complete_it(coach: Coach, clock):
    themes = sorted(await coach.scenarios.themes(GUILD))
    await coach.assignments.assign_theme(GUILD, MANAGER, "Sam", ALICE, themes[0], None)
    clock.advance(minutes=5)
    for _ in range(QUIZ_ANSWERS_TO_COMPLETE):
        await answer_theme(coach, themes[1], Stance.LISTENING)
    assert len(await coach.assignments.of(GUILD, ALICE, open_only=True)) == 1


async def test_a_finished_conversation_completes_a_persona_assignment(coach: Coach, clock):
    persona = parse_persona(PERSONA, "test")
    coach = Coach(coach.db, clock, personas={persona.id: persona})
    await coach.roleplay_desk.assign(GUILD, MANAGER, "Sam", ALICE, persona.id, None)
    [open_one] = await coach.assignments.of(GUILD, ALICE, open_only=True)
    assert (open_one.kind, open_one.subject, open_one.title) == ("roleplay", persona.id, persona.name)
    start = await coach.roleplay.start(GUILD, ALICE, persona.id)
    await coach.roleplay.reply(start.conversation_id, ALICE, 1, "What changed since last year?")
    await coach.roleplay.reply(start.conversation_id, ALICE, 2, "So late route changes cost you two drivers.")
    [done] = await coach.assignments.of(GUILD, ALICE)
    assert done.completed_at is not None and done.result == "trust"


@pytest.mark.parametrize(
    ("theme", "due", "says"),
    [("no-such-theme", None, "no quiz theme"), (None, "yesterday", "between today"), (None, "in 200 days", "90")],
)
async def test_a_wrong_theme_or_due_day_is_refused_and_saves_nothing(coach: Coach, theme, due, says):
    with pytest.raises(InvalidInput, match=says):
        await coach.assignments.assign_theme(GUILD, MANAGER, "Sam", ALICE, theme or await a_theme(coach), due)
    assert await coach.assignments.of(GUILD, ALICE) == []
    async with coach.db.read() as session:
        assert (await session.scalar(select(OutboxMessage.id))) is None
