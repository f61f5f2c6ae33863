"""Promises, away days, consent boards and the reminder DM's buttons, through real discord.py."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from tests.e2e.test_scheduler_commands import deliver
from tests.e2e.world import World, add_manager, handled_errors


async def test_promise_add_list_done_on_time_logs_a_follow_up(world: World):
    added = await world.alice.slash(
        world.channel, "promise add", customer="Acme", what="Send the revised quote", due="friday"
    )
    assert added.ephemeral
    assert "Promise **#1** to **Acme**, due Friday 13 March" in added.response.content
    listed = await world.alice.slash(world.channel, "promise list")
    assert "`#1` **Acme**: Send the revised quote · due Fri 13 Mar (in 3 days)" in listed.response.embeds[0].description
    choices = await world.alice.autocomplete(world.channel, "promise done", "id", "quote")
    assert choices == [{"name": "#1 Acme: Send the revised quote", "value": 1}]
    done = await world.alice.slash(world.channel, "promise done", id=1)
    assert "Kept, on time" in done.response.content and "+3 points" in done.response.content
    history = await world.alice.slash(world.channel, "touch history")
    assert "follow-up after delivery" in history.response.embeds[0].description
    assert "Kept a promise: Send the revised quote" in history.response.embeds[0].description
    empty = await world.alice.slash(world.channel, "promise list")
    assert "No open promises" in empty.response.embeds[0].description


async def test_a_late_promise_earns_nothing_and_a_drop_is_private(world: World):
    await world.alice.slash(world.channel, "promise add", customer="Acme", what="Call back", due="tomorrow")
    await world.alice.slash(world.channel, "promise add", customer="Globex", what="Send a case study", due="in 5 days")
    world.env.bot.clock.advance(days=3)
    listed = await world.alice.slash(world.channel, "promise list")
    assert "**overdue by 2 days**" in listed.response.embeds[0].description
    late = await world.alice.slash(world.channel, "promise done", id=1)
    assert "a little late" in late.response.content
    dropped = await world.alice.slash(world.channel, "promise drop", id=2, reason="They went another way")
    assert dropped.ephemeral and "Dropped promise #2" in dropped.response.content
    mine = await world.alice.slash(world.channel, "touch history")
    assert "Nothing logged" in mine.response.embeds[0].description


async def test_bad_promise_dates_and_ids_are_explained(world: World):
    past = await world.alice.slash(world.channel, "promise add", customer="Acme", what="x", due="2026-03-01")
    assert "That day has passed" in past.response.content
    nonsense = await world.alice.slash(world.channel, "promise add", customer="Acme", what="x", due="soonish")
    assert "can't read `soonish`" in nonsense.response.content
    missing = await world.bob.slash(world.channel, "promise done", id=99)
    assert "no promise with that number" in missing.response.content
    assert handled_errors(world.env) == ["InvalidInput", "InvalidInput", "NotFound"]


async def test_promise_heads_up_the_morning_before_and_on_the_day(world: World):
    await world.alice.slash(
        world.channel, "promise add", customer="Acme", what="Send the revised quote", due="2026-03-12"
    )
    world.env.bot.clock.set(datetime(2026, 3, 11, 9, 5, tzinfo=UTC))
    await deliver(world)
    world.env.bot.clock.set(datetime(2026, 3, 12, 9, 5, tzinfo=UTC))
    await deliver(world)
    texts = [
        r.json.get("content", "")
        for r in world.env.http_requests
        if r.method == "POST" and r.path.endswith("/messages")
    ]
    heads_up = [text for text in texts if text.startswith("Heads-up")]
    assert len(heads_up) == 2
    assert "tomorrow is the day you promised **Acme**" in heads_up[0]
    assert "today is the day you promised **Acme**" in heads_up[1]


async def test_away_days_are_set_shown_and_cleared(world: World):
    result = await world.alice.slash(world.channel, "me away", **{"from": "2026-03-16", "to": "2026-03-20"})
    assert result.ephemeral and "Away Mon 16 Mar to Fri 20 Mar" in result.response.content
    shown = await world.alice.slash(world.channel, "me settings")
    assert {f.name: f.value for f in shown.response.embeds[0].fields}["Away"] == "2026-03-16 to 2026-03-20"
    backwards = await world.alice.slash(world.channel, "me away", **{"from": "2026-03-20", "to": "2026-03-16"})
    assert "comes before the first" in backwards.response.content
    cleared = await world.alice.slash(world.channel, "me away", clear=True)
    assert "You are not marked away" in cleared.response.content
    assert handled_errors(world.env) == ["InvalidInput"]


async def test_a_private_rep_counts_for_the_team_but_is_not_named(world: World):
    await world.log("Acme", kind="listening")
    await world.log("Globex", kind="thanks", rep=world.bob)
    await world.alice.slash(world.channel, "me settings", board="private")
    board = await world.alice.slash(world.channel, "leaderboard")
    assert f"<@{world.alice.id}>" not in board.response.embeds[0].description
    team = {f.name: f.value for f in board.response.embeds[0].fields}["The team"]
    assert team.startswith("4 points from 2 reps")
    assert "#1" in board.followups[0].content and "only you see this rank" in board.followups[0].content


async def test_managers_are_left_off_the_board_unless_included(world: World):
    manager = add_manager(world.env, world.guild)
    await world.log("Acme", kind="thanks")
    await manager.slash(world.channel, "touch log", customer="Initech", kind="listening")
    board = await world.alice.slash(world.channel, "leaderboard")
    assert f"<@{manager.id}>" not in board.response.embeds[0].description
    await manager.slash(world.channel, "coach setup", board_includes_managers=True)
    board = await world.alice.slash(world.channel, "leaderboard")
    assert f"<@{manager.id}>" in board.response.embeds[0].description


async def test_past_weeks_stay_viewable(world: World):
    await world.log("Acme", kind="listening")
    world.env.bot.clock.advance(weeks=1)
    await world.log("Globex", kind="thanks", rep=world.bob)
    last_week = await world.bob.slash(world.channel, "leaderboard", week=1)
    description = last_week.response.embeds[0].description
    assert f"<@{world.alice.id}>" in description and f"<@{world.bob.id}>" not in description
    # the calendar week the last weekly board showed (Monday 2026-03-16, 09:00), not the last 7 days before that
    assert last_week.response.embeds[0].title == "Relationship board: 2026-03-09 to 2026-03-15"


async def first_reminder(world: World) -> Any:
    """Alice logs a touch yesterday; her reminder DM of today (16:30, nothing logged yet) as she received it."""
    await world.log("Acme", when="yesterday")
    await deliver(world)
    world.env.bot.clock.set(datetime(2026, 3, 10, 16, 31, tzinfo=UTC))
    assert await deliver(world) == 1
    return world.alice.user.dm_channel.last_message


async def test_reminder_dm_buttons_log_a_touch_and_snooze(world: World):
    clock = world.env.bot.clock
    reminder = await first_reminder(world)
    alice = world.alice.user  # in DMs she acts as a user, not as a member of the guild
    assert "No customer touch logged yet today" in reminder.content
    snoozed = await alice.click(reminder, label="Snooze 2 h")
    assert "Snoozed: I'll remind you again" in snoozed.response.content
    shown = await alice.click(reminder, label="Log a touch")
    assert shown.modal is not None
    logged = await alice.submit_modal(shown, {"customer": "Globex", "kind": ["help"], "note": "Sent an intro"})
    assert "Logged a **help without selling** with **Globex**" in logged.response.content
    assert "Logged in **Sales floor**" in logged.response.content
    clock.set(datetime(2026, 3, 10, 18, 32, tzinfo=UTC))
    assert await deliver(world) == 0  # the snoozed reminder is dropped: she logged a touch meanwhile


async def test_a_press_in_a_dm_teaches_rapport_the_reps_language(world: World, locales: dict[int, str]):
    clock = world.env.bot.clock
    assert "No customer touch logged yet today" in (await first_reminder(world)).content
    alice = world.alice.user
    locales[world.alice.id] = "es-ES"  # she switched her Discord to Spanish and pressed Snooze in the DM
    snoozed = await alice.click(alice.dm_channel.last_message, label="Snooze 2 h")
    assert snoozed.response.content.startswith("Pospuesto")
    clock.set(datetime(2026, 3, 10, 18, 32, tzinfo=UTC))
    assert await deliver(world) == 1  # the snoozed reminder, now in her language
    assert "Hoy todavía no has registrado ningún contacto" in alice.dm_channel.last_message.content
