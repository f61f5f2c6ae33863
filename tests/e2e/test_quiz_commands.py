"""`/quiz start`, answering with buttons (also after a restart), expiry, next scenario, and `/quiz stats`."""

from __future__ import annotations

import re

from bot.client import RapportBot
from bot.coach.content import Stance
from tests.e2e.world import World, add_manager, handled_errors


def buttons(message) -> list[dict]:
    return [button for row in message.components for button in row["components"]]


async def position_of(world: World, message, stance: Stance) -> str:
    """The letter of a reply with `stance`, read from the database behind the presented order."""
    custom_id = buttons(message)[0]["custom_id"]
    presentation_id = int(custom_id.split(":")[2])
    from bot.db.models import QuizPresentation

    async with world.env.bot.database.read() as session:
        presentation = await session.get(QuizPresentation, presentation_id)
    scenario = await world.env.bot.coach.scenarios.find(presentation.guild_id, presentation.scenario_key)
    for position, index in enumerate(presentation.reply_order):
        if scenario.replies[index].stance is stance:
            return "ABCD"[position]
    raise AssertionError("no reply with that stance")


async def test_start_shows_a_private_scenario_with_one_button_per_reply(world: World):
    result = await world.alice.slash(world.channel, "quiz start")
    assert result.ephemeral
    embed = result.response.embeds[0]
    assert "The customer says" in embed.description
    labels = [field.name for field in embed.fields]
    assert labels == list("ABCD"[: len(labels)]) and 3 <= len(labels) <= 4
    ids = [button["custom_id"] for button in buttons(result.response)]
    assert all(re.fullmatch(r"quiz:answer:\d+:[0-3]", custom_id) for custom_id in ids)
    assert "expires in 15 minutes" in embed.footer.text


async def test_a_listening_answer_explains_every_reply_and_earns_points(world: World):
    message = (await world.alice.slash(world.channel, "quiz start")).response
    letter = await position_of(world, message, Stance.LISTENING)
    await world.alice.click(message.message, label=letter)
    embed = message.embeds[0]
    assert embed.title.startswith("You listened")
    assert "+2 points" in embed.description
    assert "**Principle:**" in embed.description
    marks = [field.name for field in embed.fields]
    assert any("✅ listening" in mark and "your answer" in mark for mark in marks)
    assert any("❌ pushing" in mark for mark in marks)
    assert all(field.value.count("*") >= 2 for field in embed.fields)  # every reply carries its feedback
    answer_buttons = [button for button in buttons(message) if button["custom_id"].startswith("quiz:answer")]
    assert all(button["disabled"] for button in answer_buttons)
    assert any(button["label"] == "Next scenario" for button in buttons(message))


async def test_a_pushing_answer_says_why_and_earns_nothing(world: World):
    message = (await world.alice.slash(world.channel, "quiz start", theme="quota-squeeze")).response
    await world.alice.click(message.message, label=await position_of(world, message, Stance.PUSHING))
    embed = message.embeds[0]
    assert embed.title.startswith("That reply pushes")
    assert "No points for pushing replies" in embed.description


async def test_next_scenario_stays_in_the_chosen_theme(world: World):
    message = (await world.alice.slash(world.channel, "quiz start", theme="service")).response
    first_context = message.embeds[0].description
    await world.alice.click(message.message, label=await position_of(world, message, Stance.LISTENING))
    await world.alice.click(message.message, label="Next scenario")
    assert message.embeds[0].title.startswith("Service is not a battle")
    assert message.embeds[0].description != first_context
    assert not any(button["disabled"] for button in buttons(message))


async def test_answer_buttons_work_after_a_restart(world: World, e2e_db, clock):
    message = (await world.alice.slash(world.channel, "quiz start")).response
    letter = await position_of(world, message, Stance.LISTENING)
    await world.env.restart_bot(RapportBot(world.env.bot.settings, database=e2e_db, clock=clock, run_scheduler=False))
    await world.alice.click(message.message, label=letter)
    assert message.embeds[0].title.startswith("You listened")


async def test_an_expired_scenario_says_so_privately(world: World):
    message = (await world.alice.slash(world.channel, "quiz start")).response
    world.env.bot.clock.advance(minutes=16)
    result = await world.alice.click(message.message, label="A")
    assert result.ephemeral
    assert "expired after 15 minutes" in result.response.content
    assert message.embeds[0].title != "You listened. That builds the relationship."


async def test_theme_autocomplete_lists_titles(world: World):
    choices = await world.alice.autocomplete(world.channel, "quiz start", "theme", "serv")
    assert choices == [{"name": "Service is not a battle", "value": "service"}]
    everything = await world.alice.autocomplete(world.channel, "quiz start", "theme", "")
    assert len(everything) == 9


async def test_an_unknown_theme_is_a_clear_error(world: World):
    result = await world.alice.slash(world.channel, "quiz start", theme="astrology")
    assert result.ephemeral
    assert "no quiz theme `astrology`" in result.response.content
    assert handled_errors(world.env) == ["InvalidInput"]


async def test_stats_are_private_and_others_need_manager_rights(world: World):
    message = (await world.alice.slash(world.channel, "quiz start", theme="discovery")).response
    await world.alice.click(message.message, label=await position_of(world, message, Stance.LISTENING))
    own = await world.alice.slash(world.channel, "quiz stats")
    assert own.ephemeral
    assert "1/1 (100%)" in own.response.embeds[0].description
    refused = await world.bob.slash(world.channel, "quiz stats", member=world.alice)
    assert "Only managers" in refused.response.content
    manager = add_manager(world.env, world.guild)
    seen = await manager.slash(world.channel, "quiz stats", member=world.alice)
    assert "alice" in seen.response.embeds[0].title
    assert "Discovery: listen before you pitch: 1/1 (100%)" in seen.response.embeds[0].fields[0].value
