"""Trends through real discord.py: twelve seeded weeks, and /coach trends and /me trends answer with a chart,
its text equivalent, three observations and CSVs whose figures are the seeded ones: the weeks (assigned practice
included) and quiz accuracy by theme, the weakest theme observed against the team's."""

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


async def table(files: list[Any], filename: str = "rapport-trends.csv") -> list[dict[str, str]]:
    data = await next(file for file in files if file.filename == filename).read()
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
    assert {file.filename for file in files} == {
        "rapport-trends.png",
        "rapport-trends.csv",
        "rapport-trends-themes.csv",
    }
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


async def answer(world: World, user_id: int, theme: str, listening: bool) -> None:
    """One scenario of `theme`, answered listening (every step) or pushing."""
    stance = Stance.LISTENING if listening else Stance.PUSHING
    shown: Answer | Presentation = await world.env.bot.coach.quiz.start(world.guild.id, user_id, theme)
    while isinstance(shown, Presentation):
        position = next(i for i, reply in enumerate(shown.replies) if reply.stance is stance)
        shown = await world.env.bot.coach.quiz.answer(shown.presentation_id, user_id, position)


async def test_trends_observe_the_weakest_theme_against_the_team_and_count_assigned_practice(world: World):
    """In the week of 16 March Alice is given objections (due Friday) and does it on Wednesday, Bob is given it
    due that Monday and does it late; Alice answers objections 2 of 5 listening and discovery 4 of 5, Bob
    objections 5 of 5. In the week of 23 March she is given discovery due that day, and by Wednesday it is
    overdue. The objections theme is hers to work on: 40% over 4 weeks, against the team's 70%."""
    coach, clock = world.env.bot.coach, world.env.bot.clock
    guild, alice, bob = world.guild.id, world.alice.user.id, world.bob.user.id
    manager = add_manager(world.env, world.guild)
    titles = await coach.scenarios.themes(guild)
    monday = FIRST_MONDAY + timedelta(weeks=10)  # Monday 16 March, 15:00 UTC (the server's zone)
    clock.set(monday)
    await coach.assignments.assign_theme(guild, manager.id, "Lead", alice, "objections", "friday")
    await coach.assignments.assign_theme(guild, manager.id, "Lead", bob, "objections", "today")
    clock.set(monday + timedelta(days=2))
    for listening in (True, False, False, True, False):
        await answer(world, alice, "objections", listening)
    for listening in (True, True, True, True, False):
        await answer(world, alice, "discovery", listening)
    for _ in range(5):
        await answer(world, bob, "objections", True)
    clock.set(monday + timedelta(weeks=1))
    await coach.assignments.assign_theme(guild, manager.id, "Lead", alice, "discovery", "today")
    clock.set(monday + timedelta(weeks=1, days=2))
    await world.alice.slash(world.channel, "me settings")  # her display name, as last seen

    team = await manager.slash(world.channel, "coach trends")
    observations = team.response.embeds[0].description
    assert "Listening accuracy 73% over 4 weeks (15 answers)." in observations
    assert "Weakest theme: objections accuracy 70% over 4 weeks (7 of 10)." in observations
    assert "Assigned practice: 3 given, 2 done (1 on time); 1 overdue." in observations
    weeks = {row["week_start"]: row for row in rows(await table(team.response.attachments), "team")}
    practice = ("assignments_given", "assignments_done", "assignments_done_on_time")
    given = {day: tuple(row[name] for name in practice) for day, row in weeks.items() if row[practice[0]] != "0"}
    assert given == {"2026-03-16": ("2", "2", "1"), "2026-03-23": ("1", "0", "0")}  # done only where given
    chart_text = {field.name: field.value for field in team.response.embeds[0].fields}[
        "Week by week (the chart as text)"
    ]
    assert "16 Mar: 0 touches, 0 customers (0 re-engaged), quiz 11/15, assigned 2, done 2 (1 on time)" in chart_text
    assert "23 Mar: 0 touches, 0 customers (0 re-engaged), no quiz, assigned 1, done 0 (0 on time)" in chart_text

    hers = await manager.slash(world.channel, "coach trends", member=world.alice)
    observations = hers.response.embeds[0].description
    assert "Listening accuracy 60% over 4 weeks, team 73%." in observations
    assert "Weakest theme: objections accuracy 40% over 4 weeks (2 of 5), team 70%." in observations
    assert (
        f"Assigned practice: 2 given, 1 done (1 on time); 1 overdue: {titles['discovery']} (due 23 Mar)."
        in observations
    )
    themes = await table(hers.response.attachments, "rapport-trends-themes.csv")
    by_theme = {(row["display_name"], row["theme"]): row for row in themes}
    assert set(by_theme) == {
        ("team", "discovery"),
        ("team", "objections"),
        ("alice", "discovery"),
        ("alice", "objections"),
    }
    figures = ("answered_last_4_weeks", "listening_last_4_weeks", "accuracy_last_4_weeks")
    assert [by_theme[("alice", "objections")][name] for name in figures] == ["5", "2", "0.40"]
    assert [by_theme[("team", "objections")][name] for name in figures] == ["10", "7", "0.70"]
    assert [by_theme[("alice", "discovery")][name] for name in figures] == ["5", "4", "0.80"]
    assert by_theme[("alice", "objections")]["user_id"] == str(alice)

    # Bob answered one theme only: it is named without "weakest".
    mine = await world.bob.slash(world.channel, "me trends", weeks=4)
    assert "Theme: objections accuracy 100% over 4 weeks (5 of 5), team 70%." in mine.response.embeds[0].description
