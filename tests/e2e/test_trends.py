"""Trends through real discord.py: twelve seeded weeks, and /coach trends and /me trends answer with a chart,
its text equivalent, three observations and a CSV whose figures are the seeded ones."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta
from typing import Any

from bot.coach.content import Stance
from bot.coach.kinds import TouchKind
from bot.coach.quiz import Answer, Presentation
from tests.e2e.world import World, add_manager

FIRST_MONDAY = datetime(2026, 1, 5, 15, 0, tzinfo=UTC)  # twelve weeks before the Monday of 2026-03-23


async def seed(world: World) -> dict[str, list[int]]:
    """Alice logs (week + 1) touches each week, one customer a week; Bob one touch a week; Alice answers one
    scenario a week from week 8 on, listening in weeks 8 and 9 only."""
    coach, clock = world.env.bot.coach, world.env.bot.clock
    alice, bob = world.alice.user.id, world.bob.user.id
    expected: dict[str, list[int]] = {"alice": [], "bob": []}
    for week in range(12):
        clock.set(FIRST_MONDAY + timedelta(weeks=week, days=1))
        for n in range(week + 1):
            await coach.touches.log(
                world.guild.id, alice, customer=f"Acme {week}", kind=TouchKind.CHECK_IN, note=str(n)
            )
        await coach.touches.log(world.guild.id, bob, customer="Bramble", kind=TouchKind.LISTENING)
        expected["alice"].append(week + 1)
        expected["bob"].append(1)
        if week >= 8:
            stance = Stance.LISTENING if week < 10 else Stance.PUSHING
            shown: Answer | Presentation = await coach.quiz.start(world.guild.id, alice)
            while isinstance(shown, Presentation):
                position = next(i for i, reply in enumerate(shown.replies) if reply.stance is stance)
                shown = await coach.quiz.answer(shown.presentation_id, alice, position)
    clock.set(FIRST_MONDAY + timedelta(weeks=11, days=2))
    return expected


async def table(files: list[Any]) -> list[dict[str, str]]:
    data = await next(file for file in files if file.filename == "rapport-trends.csv").read()
    return list(csv.DictReader(io.StringIO(data.decode())))


def rows(table: list[dict[str, str]], name: str) -> list[dict[str, str]]:
    return [row for row in table if row["display_name"] == name]


async def test_coach_trends_charts_twelve_weeks_whose_figures_are_the_seeded_ones(world: World):
    expected = await seed(world)
    manager = add_manager(world.env, world.guild)
    await world.alice.slash(world.channel, "me settings")  # her display name, as last seen
    result = await manager.slash(world.channel, "coach trends")
    assert result.ephemeral
    embed = result.response.embeds[0]
    assert embed.title.startswith("Trends for the team: 12 weeks from 05 Jan 2026")
    files = result.response.attachments
    assert {file.filename for file in files} == {"rapport-trends.png", "rapport-trends.csv"}
    png = await next(file for file in files if file.filename == "rapport-trends.png").read()
    assert png.startswith(b"\x89PNG")
    csv_rows = await table(files)
    assert "Week by week (the chart as text)" in {field.name for field in embed.fields}

    alice = rows(csv_rows, "alice")
    assert [row["week_start"] for row in alice][:2] == ["2026-01-05", "2026-01-12"]
    assert [int(row["touches"]) for row in alice] == expected["alice"]
    assert [int(row["customers_touched"]) for row in alice] == [1] * 12
    assert [int(row["quiz_answered"]) for row in alice] == [0] * 8 + [1] * 4
    assert [int(row["quiz_listening"]) for row in alice] == [0] * 8 + [1, 1, 0, 0]
    both = [a + b for a, b in zip(expected["alice"], expected["bob"], strict=True)]
    assert [int(row["touches"]) for row in rows(csv_rows, "team")] == both

    # The observations, from the same figures: the last four weeks against the four before.
    observations = embed.description
    recent, before = sum(both[-4:]), sum(both[-8:-4])
    change = (recent - before) / before
    assert f"Touches up {change:.0%} over the last 4 weeks: {recent}, against {before}" in observations
    assert "Listening accuracy 50% over 4 weeks (4 answers)" in observations


async def test_a_rep_sees_her_own_trends_against_the_team(world: World):
    await seed(world)
    result = await world.alice.slash(world.channel, "me trends", weeks=4)
    assert result.ephemeral
    assert "Listening accuracy 50% over 4 weeks, team 50%" in result.response.embeds[0].description
    names = {row["display_name"] for row in await table(result.response.attachments)}
    assert names == {"team", "alice"}  # nobody else's rows
