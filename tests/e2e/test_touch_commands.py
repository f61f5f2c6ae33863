"""`/touch log`, `/touch undo`, `/touch history` through the real discord.py, against SimCord."""

from __future__ import annotations

import asyncio

from sqlalchemy import func, select

from bot import tree
from bot.db.models import Touch
from tests.e2e.world import World, handled_errors


def bot_requests(world: World, method: str, fragment: str) -> list:
    return [r for r in world.env.http_requests if r.method == method and fragment in r.path]


async def touch_count(world: World) -> int:
    async with world.env.bot.database.read() as session:
        return await session.scalar(select(func.count()).select_from(Touch)) or 0


async def test_logging_a_touch_answers_privately_with_points_last_touch_and_streak(world: World):
    result = await world.log("Acme Corp", kind="listening", note="They worry about onboarding")
    assert result.ephemeral
    text = result.response.content
    assert text.startswith("Logged a **listening conversation** with **Acme Corp**.")
    assert "+3 points" in text
    assert "First touch" in text
    assert "Streak: 1 day" in text
    world.env.bot.clock.advance(days=12)
    text = (await world.log("acme corp", kind="check_in")).response.content
    assert "Last touch 12 days ago" in text
    assert "+2 points" in text


async def test_user_text_never_pings(world: World):
    await world.log("@everyone", note=f"<@{world.bob.id}> and @here")
    [answer] = [r.json["data"] for r in bot_requests(world, "POST", "/callback") if r.json["type"] == 4]
    assert "@everyone" in answer["content"]
    assert answer["allowed_mentions"] == {"parse": []}


async def test_a_quick_command_is_answered_in_one_response(world: World):
    await world.log("Acme")
    assert [r.json["type"] for r in bot_requests(world, "POST", "/callback")] == [4]
    assert bot_requests(world, "PATCH", "/messages/@original") == []


async def test_slow_work_defers_within_discords_three_seconds_then_edits(world: World, monkeypatch):
    log = world.env.bot.coach.touches.log

    async def slow_log(*args: object, **kwargs: object) -> object:
        await asyncio.sleep(0.2)
        return await log(*args, **kwargs)

    monkeypatch.setattr(tree, "DEFER_AFTER", 0.05)
    monkeypatch.setattr(world.env.bot.coach.touches, "log", slow_log)
    result = await world.log("@everyone", note="still private")
    assert result.ephemeral
    assert "Logged a **check-in** with **@everyone**" in result.response.content
    [callback] = bot_requests(world, "POST", "/callback")
    assert callback.json == {"type": 5, "data": {"flags": 64}}
    [edit] = bot_requests(world, "PATCH", "/messages/@original")
    assert edit.json["allowed_mentions"] == {"parse": []}


async def test_over_the_cap_is_recorded_with_zero_points_and_a_reason(world: World):
    await world.log("Acme", kind="check_in")
    text = (await world.log("Acme", kind="check_in")).response.content
    assert "No points this time" in text
    assert "already earned points" in text
    assert await touch_count(world) == 2


async def test_backdating_and_its_bounds(world: World):
    ok = await world.log("Acme", when="yesterday")
    assert "on 2026-03-09" in ok.response.content
    future = await world.log("Acme", when="2026-03-11")
    assert future.ephemeral
    assert "future" in future.response.content
    too_old = await world.log("Acme", when="2026-02-01")
    assert "at most 7 days back" in too_old.response.content
    nonsense = await world.log("Acme", when="someday")
    assert "can't read" in nonsense.response.content
    assert await touch_count(world) == 1
    assert handled_errors(world.env) == ["InvalidInput"] * 3
    assert world.env.bot.foreground.in_flight == 0  # answered or refused, no command is left "in flight"


async def test_when_autocomplete_offers_the_last_week(world: World):
    choices = await world.alice.autocomplete(world.channel, "touch log", "when", "")
    values = [choice["value"] for choice in choices]
    assert values[:3] == ["today", "yesterday", "2026-03-08"]
    assert values[-1] == "2026-03-03"


async def test_customer_autocomplete_is_the_reps_own_prefix_first(world: World):
    for name in ["Northwind", "Acme North", "Norland"]:
        await world.log(name)
    await world.log("Nordic Bob's", rep=world.bob)
    choices = await world.alice.autocomplete(world.channel, "touch log", "customer", "nor", kind="check_in")
    assert [choice["name"] for choice in choices] == ["Norland", "Northwind", "Acme North"]
    history_choices = await world.alice.autocomplete(world.channel, "touch history", "customer", "acme")
    assert [choice["value"] for choice in history_choices] == ["Acme North"]


async def test_undo_says_what_it_removed(world: World):
    await world.log("Acme", kind="help")
    result = await world.alice.slash(world.channel, "touch undo")
    assert result.ephemeral
    assert result.response.content.startswith("Removed your **help without selling** with **Acme** on 2026-03-10")
    assert "off your list too" in result.response.content
    assert await touch_count(world) == 0
    nothing = await world.alice.slash(world.channel, "touch undo")
    assert nothing.ephemeral
    assert "no touches to undo" in nothing.response.content
    assert handled_errors(world.env) == ["NothingToUndo"]


async def test_undo_after_24_hours_is_refused(world: World):
    await world.log("Acme")
    world.env.bot.clock.advance(hours=25)
    result = await world.alice.slash(world.channel, "touch undo")
    assert "more than 24 hours ago" in result.response.content
    assert await touch_count(world) == 1
    assert handled_errors(world.env) == ["NothingToUndo"]


async def test_history_pages_with_buttons(world: World):
    for index in range(13):
        await world.log(f"Customer {index:02}", note=f"note {index}")
        world.env.bot.clock.advance(minutes=10)
    result = await world.alice.slash(world.channel, "touch history")
    assert result.ephemeral
    page = result.response
    assert "Customer 12" in page.embeds[0].description  # newest first
    assert "Customer 00" not in page.embeds[0].description
    assert page.embeds[0].footer.text == "Page 1 of 2"
    buttons = {button["label"]: button for button in page.components[0]["components"]}
    assert buttons["Previous"]["disabled"] and not buttons["Next"]["disabled"]

    await world.alice.click(page.message, label="Next")
    assert page.embeds[0].footer.text == "Page 2 of 2"
    assert "Customer 00" in page.embeds[0].description
    buttons = {button["label"]: button for button in page.components[0]["components"]}
    assert buttons["Next"]["disabled"] and not buttons["Previous"]["disabled"]

    await world.alice.click(page.message, label="Previous")
    assert page.embeds[0].footer.text == "Page 1 of 2"


async def test_history_buttons_go_away_when_the_pager_times_out(world: World):
    for index in range(11):
        await world.log(f"Customer {index:02}")
    page = (await world.alice.slash(world.channel, "touch history")).response
    assert page.components
    await world.env.advance_time(15 * 60)
    assert page.components == []


async def test_history_for_one_customer_and_an_empty_window(world: World):
    await world.log("Acme", note="first chat")
    await world.log("Globex")
    result = await world.alice.slash(world.channel, "touch history", customer="acme", days=7)
    embed = result.response.embeds[0]
    assert "Acme" in embed.description and "Globex" not in embed.description
    assert "first chat" in embed.description
    empty = await world.bob.slash(world.channel, "touch history")
    assert "Nothing logged" in empty.response.embeds[0].description


async def test_guilds_do_not_share_logs(world: World):
    other_guild = world.env.create_guild(name="Other team")
    other_channel = other_guild.create_text_channel("general")
    alice_there = other_guild.add_member(world.alice.user)
    await world.log("Acme")
    result = await alice_there.slash(other_channel, "touch history")
    assert "Nothing logged" in result.response.embeds[0].description
    choices = await alice_there.autocomplete(other_channel, "touch log", "customer", "", kind="check_in")
    assert choices == []
