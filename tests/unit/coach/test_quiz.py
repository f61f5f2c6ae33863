from __future__ import annotations

import itertools
from datetime import date

import pytest
from sqlalchemy import select

from bot.coach import Coach
from bot.coach.content import Stance, parse_pack
from bot.coach.errors import InvalidInput, NotFound
from bot.coach.quiz import AlreadyAnswered, Answer, Expired, Presentation
from bot.db.models import DailyPoints
from tests.packs import MULTI_STEP_PACK

GUILD, OTHER_GUILD, ALICE, BOB = 1001, 1002, 501, 502


def listening_position(presentation) -> int:
    return next(i for i, reply in enumerate(presentation.replies) if reply.stance is Stance.LISTENING)


def pushing_position(presentation) -> int:
    return next(i for i, reply in enumerate(presentation.replies) if reply.stance is Stance.PUSHING)


async def quiz_points(coach: Coach, day: date = date(2026, 3, 10)) -> tuple[int, int]:
    async with coach.db.read() as session:
        row = await session.scalar(select(DailyPoints).where(DailyPoints.day == day))
        return (0, 0) if row is None else (row.points, row.quiz_points)


async def test_a_listening_answer_earns_points_and_a_pushing_one_does_not(coach: Coach):
    first = await coach.quiz.start(GUILD, ALICE)
    assert first.new
    assert 3 <= len(first.replies) <= 4
    right = await coach.quiz.answer(first.presentation_id, ALICE, listening_position(first))
    assert right.correct and right.points == 2 and not right.capped
    assert right.box == 2
    second = await coach.quiz.start(GUILD, ALICE)
    wrong = await coach.quiz.answer(second.presentation_id, ALICE, pushing_position(second))
    assert not wrong.correct and wrong.points == 0
    assert wrong.box == 1
    assert await quiz_points(coach) == (2, 2)


async def test_quiz_points_share_the_rollup_with_touches_and_cap_at_10_a_day(coach: Coach, clock):
    from bot.coach.kinds import TouchKind

    await coach.touches.log(GUILD, ALICE, customer="Acme", kind=TouchKind.LISTENING)
    earned = []
    for _ in range(7):
        presentation = await coach.quiz.start(GUILD, ALICE)
        answer = await coach.quiz.answer(presentation.presentation_id, ALICE, listening_position(presentation))
        earned.append((answer.points, answer.capped))
    assert earned == [(2, False)] * 5 + [(0, True)] * 2
    assert await quiz_points(coach) == (13, 10)
    assert await coach.touches.streak(GUILD, ALICE) == 1  # practice does not fake a touch streak
    clock.advance(days=1)
    presentation = await coach.quiz.start(GUILD, ALICE)
    assert (await coach.quiz.answer(presentation.presentation_id, ALICE, listening_position(presentation))).points == 2


async def test_one_answer_per_presentation(coach: Coach):
    presentation = await coach.quiz.start(GUILD, ALICE)
    await coach.quiz.answer(presentation.presentation_id, ALICE, 0)
    with pytest.raises(AlreadyAnswered):
        await coach.quiz.answer(presentation.presentation_id, ALICE, 1)


async def test_double_click_at_the_same_moment_lands_once(coach: Coach):
    import asyncio

    presentation = await coach.quiz.start(GUILD, ALICE)
    results = await asyncio.gather(
        *(coach.quiz.answer(presentation.presentation_id, ALICE, listening_position(presentation)) for _ in range(2)),
        return_exceptions=True,
    )
    assert sorted(type(result).__name__ for result in results) == ["AlreadyAnswered", "Answer"]
    assert await quiz_points(coach) == (2, 2)


async def test_presentations_expire_after_15_minutes(coach: Coach, clock):
    presentation = await coach.quiz.start(GUILD, ALICE)
    clock.advance(minutes=15, seconds=1)
    with pytest.raises(Expired):
        await coach.quiz.answer(presentation.presentation_id, ALICE, 0)


async def test_only_the_rep_it_was_dealt_to_can_answer(coach: Coach):
    presentation = await coach.quiz.start(GUILD, ALICE)
    with pytest.raises(NotFound, match="someone else"):
        await coach.quiz.answer(presentation.presentation_id, BOB, 0)
    with pytest.raises(NotFound):
        await coach.quiz.answer(presentation.presentation_id + 999, ALICE, 0)


async def test_reply_order_is_shuffled_per_presentation(coach: Coach, clock):
    orders = set()
    for _ in range(12):
        presentation = await coach.quiz.start(GUILD, ALICE, "discovery")
        orders.add((presentation.scenario.key, tuple(r.text for r in presentation.replies)))
        await coach.quiz.answer(presentation.presentation_id, ALICE, pushing_position(presentation))
        clock.advance(hours=2)  # missed scenarios come back after an hour
    by_scenario: dict[str, set] = {}
    for key, texts in orders:
        by_scenario.setdefault(key, set()).add(texts)
    assert any(len(variants) > 1 for variants in by_scenario.values())


async def test_never_the_same_scenario_twice_in_a_row_and_missed_ones_return(coach: Coach, clock):
    keys = []
    missed = None
    for step in range(10):
        presentation = await coach.quiz.start(GUILD, ALICE, "service")
        keys.append(presentation.scenario.key)
        if step == 0:
            missed = presentation.scenario.key
            await coach.quiz.answer(presentation.presentation_id, ALICE, pushing_position(presentation))
        else:
            await coach.quiz.answer(presentation.presentation_id, ALICE, listening_position(presentation))
        clock.advance(minutes=30)
    assert all(a != b for a, b in itertools.pairwise(keys))
    assert missed in keys[2:5]  # due again after an hour, ahead of new material


async def test_themes_filter_and_unknown_theme(coach: Coach):
    presentation = await coach.quiz.start(GUILD, ALICE, "honest-fit")
    assert presentation.scenario.theme == "honest-fit"
    assert presentation.theme_title == "Honesty when the product doesn't fit"
    with pytest.raises(InvalidInput, match="no quiz theme `astrology`"):
        await coach.quiz.start(GUILD, ALICE, "astrology")


async def test_stats_by_theme_and_week(coach: Coach, clock):
    for theme, right in [("discovery", True), ("discovery", False), ("service", True)]:
        presentation = await coach.quiz.start(GUILD, ALICE, theme)
        position = listening_position(presentation) if right else pushing_position(presentation)
        await coach.quiz.answer(presentation.presentation_id, ALICE, position)
    clock.advance(weeks=1)
    presentation = await coach.quiz.start(GUILD, ALICE, "service")
    await coach.quiz.answer(presentation.presentation_id, ALICE, listening_position(presentation))
    stats = await coach.quiz.stats(GUILD, ALICE)
    assert (stats.overall.answered, stats.overall.correct) == (4, 3)
    assert stats.by_theme["discovery"].accuracy == 0.5
    assert stats.by_theme["service"].accuracy == 1.0
    assert [(week.isoformat(), tally.answered) for week, tally in stats.by_week[-2:]] == [
        ("2026-03-09", 3),
        ("2026-03-16", 1),
    ]
    assert len(stats.by_week) == 8
    assert stats.points_today == 2
    empty = await coach.quiz.stats(GUILD, BOB)
    assert empty.overall.answered == 0


OWN_PACK = """
theme = "our-product"
title = "Our product"
description = "Questions customers ask about our CRM."

[[scenarios]]
id = "crm-webhooks"
difficulty = 2
context = "A prospect evaluating our CRM asks about integrations."
customer_says = "Does it support webhooks to our billing system?"
principle = "Answer what you know; ask what they need."
source = "Team playbook"

[[scenarios.replies]]
text = "Not natively yet. What should happen in billing when a deal changes?"
stance = "listening"
feedback = "Honest about the gap, curious about the need."

[[scenarios.replies]]
text = "Yes, it integrates with everything."
stance = "pushing"
feedback = "An over-promise they will discover."

[[scenarios.replies]]
text = "Sign today and our engineers will build it."
stance = "pushing"
feedback = "Committing another team to close."
"""


async def test_guild_scenarios_mix_in_only_for_that_guild(coach: Coach):
    result = await coach.scenarios.import_pack(GUILD, ALICE, OWN_PACK, "ours.toml")
    assert (result.added, result.updated, result.theme) == (["crm-webhooks"], [], "our-product")
    themes = await coach.scenarios.themes(GUILD)
    assert themes["our-product"] == "Our product"
    assert "our-product" not in await coach.scenarios.themes(OTHER_GUILD)
    presentation = await coach.quiz.start(GUILD, ALICE, "our-product")
    assert presentation.scenario.key == "guild:crm-webhooks"
    answer = await coach.quiz.answer(presentation.presentation_id, ALICE, listening_position(presentation))
    assert answer.correct
    again = await coach.scenarios.import_pack(GUILD, ALICE, OWN_PACK.replace("difficulty = 2", "difficulty = 3"), "o")
    assert again.updated == ["crm-webhooks"]


async def test_an_import_with_any_error_imports_nothing(coach: Coach):
    from bot.coach.content import ContentError

    second = "[[scenarios]]" + OWN_PACK.split("[[scenarios]]", 1)[1]
    broken = OWN_PACK + second.replace("crm-webhooks", "crm-two").replace('stance = "listening"', 'stance = "maybe"')
    with pytest.raises(ContentError) as caught:
        await coach.scenarios.import_pack(GUILD, ALICE, broken, "ours.toml")
    assert any("crm-two: replies[0].stance" in problem for problem in caught.value.problems)
    assert "our-product" not in await coach.scenarios.themes(GUILD)
    clash = OWN_PACK.replace("crm-webhooks", "discovery-budget-approved")
    with pytest.raises(ContentError, match="shipped scenario already uses this id"):
        await coach.scenarios.import_pack(GUILD, ALICE, clash, "ours.toml")


async def test_disabled_scenarios_leave_rotation_and_can_return(coach: Coach):
    pack = parse_pack(OWN_PACK, "x")
    await coach.scenarios.add(GUILD, ALICE, pack.scenarios[0], "our-product")
    with pytest.raises(InvalidInput, match="already has a scenario"):
        await coach.scenarios.add(GUILD, ALICE, pack.scenarios[0], "our-product")
    await coach.scenarios.set_enabled(GUILD, ALICE, "guild:crm-webhooks", False)
    assert "our-product" not in await coach.scenarios.themes(GUILD)
    suggestions = await coach.scenarios.suggest(GUILD, "crm", enabled=False)
    assert suggestions == [("guild:crm-webhooks", "crm-webhooks (our-product, yours)")]
    await coach.scenarios.set_enabled(GUILD, ALICE, "guild:crm-webhooks", True)
    assert "our-product" in await coach.scenarios.themes(GUILD)
    await coach.scenarios.set_enabled(GUILD, ALICE, "pack:service-angry-billing", False)
    active = {s.key for s in await coach.scenarios.active(GUILD, "service")}
    assert "pack:service-angry-billing" not in active and len(active) == 6
    assert len(await coach.scenarios.active(OTHER_GUILD, "service")) == 7
    with pytest.raises(NotFound):
        await coach.scenarios.set_enabled(GUILD, ALICE, "guild:nope", False)


async def test_next_id_for_modal_scenarios(coach: Coach):
    assert await coach.scenarios.next_id(GUILD, "our-product") == "our-product-1"
    pack = parse_pack(OWN_PACK.replace("crm-webhooks", "our-product-1"), "x")
    await coach.scenarios.add(GUILD, ALICE, pack.scenarios[0], "our-product")
    assert await coach.scenarios.next_id(GUILD, "our-product") == "our-product-2"


async def deal_multi_step(coach: Coach):
    await coach.scenarios.import_pack(GUILD, ALICE, MULTI_STEP_PACK, "renewals.toml")
    return await coach.quiz.start(GUILD, ALICE, "renewals")


async def test_a_multi_step_scenario_down_a_listening_path_is_one_right_item(coach: Coach):
    first = await deal_multi_step(coach)
    assert first.scenario.multi_step and first.step is None
    second = await coach.quiz.answer(first.presentation_id, ALICE, listening_position(first), step=0)
    assert isinstance(second, Presentation)
    assert second.step is not None and second.step.id == "opens-up" and second.step_number == 1
    assert second.taken[0].listened and second.taken[0].step.id == "start"
    done = await coach.quiz.answer(second.presentation_id, ALICE, listening_position(second), step=1)
    assert isinstance(done, Answer)
    assert done.correct and done.points == 2 and done.multi_step
    assert [(item.step.id, item.listened) for item in done.taken] == [("start", True), ("opens-up", True)]
    stats = await coach.quiz.stats(GUILD, ALICE)
    assert (stats.overall.answered, stats.overall.correct) == (1, 1)  # one scenario, one item
    assert await quiz_points(coach) == (2, 2)


async def test_a_push_anywhere_on_the_path_makes_the_scenario_wrong(coach: Coach):
    first = await deal_multi_step(coach)
    second = await coach.quiz.answer(first.presentation_id, ALICE, pushing_position(first))
    assert isinstance(second, Presentation) and second.step is not None and second.step.id == "cools"
    done = await coach.quiz.answer(second.presentation_id, ALICE, listening_position(second))
    assert isinstance(done, Answer)
    assert not done.correct and done.points == 0
    assert [item.listened for item in done.taken] == [False, True]
    assert await quiz_points(coach) == (0, 0)


async def test_an_earlier_steps_button_cannot_answer_the_step_on_show(coach: Coach):
    first = await deal_multi_step(coach)
    await coach.quiz.answer(first.presentation_id, ALICE, listening_position(first), step=0)
    with pytest.raises(AlreadyAnswered, match="moved on"):
        await coach.quiz.answer(first.presentation_id, ALICE, pushing_position(first), step=0)


async def test_the_team_quiz_never_posts_a_multi_step_scenario(coach: Coach):
    await coach.scenarios.import_pack(GUILD, ALICE, MULTI_STEP_PACK, "renewals.toml")
    for scenario in coach.scenarios.library.scenarios.values():
        await coach.scenarios.set_enabled(GUILD, ALICE, scenario.key, False)
    assert await coach.team_quiz.post_for(GUILD, date(2026, 3, 10)) is None
