"""`/quiz start`, answering with buttons (also after a restart), expiry, next scenario, and `/quiz stats`."""

from __future__ import annotations

import re

from bot.client import RapportBot
from bot.coach.content import Stance
from tests.e2e.world import World, add_manager, answer_id, handled_errors
from tests.packs import MULTI_STEP_PACK


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
    step = scenario.step(presentation.step_id)
    for position, index in enumerate(presentation.reply_order):
        if step.replies[index].stance is stance:
            return "ABCD"[position]
    raise AssertionError("no reply with that stance")


async def choose(world: World, message, stance: Stance) -> None:
    """Click the answer button of a reply with `stance` (found by its label, "A: ...")."""
    await world.alice.click(message.message, custom_id=answer_id(message, await position_of(world, message, stance)))


async def only_single_step(world: World) -> None:
    """Take the multi-step scenarios out of this guild's rotation, for tests about one-click answers."""
    coach = world.env.bot.coach
    for scenario in coach.scenarios.library.scenarios.values():
        if scenario.multi_step:
            await coach.scenarios.set_enabled(world.guild.id, 0, scenario.key, False)


async def answer_through(world: World, message, stance: Stance) -> None:
    """Answer with `stance` at every step until the scenario is graded (one click for most scenarios)."""
    for _ in range(3):
        await world.alice.click(
            message.message, custom_id=answer_id(message, await position_of(world, message, stance))
        )
        if any(button["custom_id"].startswith("quiz:next") for button in buttons(message)):
            return
    raise AssertionError("the scenario never ended")


async def test_start_shows_a_private_scenario_with_one_button_per_reply(world: World):
    result = await world.alice.slash(world.channel, "quiz start")
    assert result.ephemeral
    embed = result.response.embeds[0]
    assert "The customer says" in embed.description
    labels = [field.name for field in embed.fields]
    assert labels == list("ABCD"[: len(labels)]) and 3 <= len(labels) <= 4
    ids = [button["custom_id"] for button in buttons(result.response)]
    assert all(re.fullmatch(r"quiz:answer:\d+:0:[0-3]", custom_id) for custom_id in ids)  # step 0
    assert "expires in 15 minutes" in embed.footer.text


async def test_a_listening_answer_explains_every_reply_and_earns_points(world: World):
    await only_single_step(world)
    message = (await world.alice.slash(world.channel, "quiz start")).response
    letter = await position_of(world, message, Stance.LISTENING)
    await world.alice.click(message.message, custom_id=answer_id(message, letter))
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
    await answer_through(world, message, Stance.PUSHING)
    embed = message.embeds[0]
    assert embed.title.startswith(("That reply pushes", "You pushed"))
    assert "No points for pushing replies" in embed.description


async def test_next_scenario_stays_in_the_chosen_theme(world: World):
    message = (await world.alice.slash(world.channel, "quiz start", theme="service")).response
    first_context = message.embeds[0].description
    await answer_through(world, message, Stance.LISTENING)
    await world.alice.click(message.message, label="Next scenario")
    assert message.embeds[0].title.startswith("Service is not a battle")
    assert message.embeds[0].description != first_context
    assert not any(button["disabled"] for button in buttons(message))


async def test_answer_buttons_work_after_a_restart(world: World, e2e_db, clock):
    message = (await world.alice.slash(world.channel, "quiz start")).response
    letter = await position_of(world, message, Stance.LISTENING)
    await world.env.restart_bot(RapportBot(world.env.bot.settings, database=e2e_db, clock=clock, run_scheduler=False))
    await world.alice.click(message.message, custom_id=answer_id(message, letter))
    if not message.embeds[0].title.startswith("You listened"):  # a multi-step scenario: the customer answered
        await answer_through(world, message, Stance.LISTENING)
    assert message.embeds[0].title.startswith("You listened")


async def test_an_expired_scenario_says_so_privately(world: World):
    message = (await world.alice.slash(world.channel, "quiz start")).response
    world.env.bot.clock.advance(minutes=16)
    result = await world.alice.click(message.message, custom_id=answer_id(message, "A"))
    assert result.ephemeral
    assert "expired after 15 minutes" in result.response.content
    assert message.embeds[0].title != "You listened. That builds the relationship."


async def test_theme_autocomplete_lists_titles(world: World):
    choices = await world.alice.autocomplete(world.channel, "quiz start", "theme", "serv")
    assert choices == [{"name": "Service is not a battle", "value": "service"}]
    everything = await world.alice.autocomplete(world.channel, "quiz start", "theme", "")
    assert len(everything) == 12


async def test_an_unknown_theme_is_a_clear_error(world: World):
    result = await world.alice.slash(world.channel, "quiz start", theme="astrology")
    assert result.ephemeral
    assert "no quiz theme `astrology`" in result.response.content
    assert handled_errors(world.env) == ["InvalidInput"]


async def test_stats_are_private_and_others_need_manager_rights(world: World):
    await only_single_step(world)
    message = (await world.alice.slash(world.channel, "quiz start", theme="discovery")).response
    await world.alice.click(
        message.message, custom_id=answer_id(message, await position_of(world, message, Stance.LISTENING))
    )
    own = await world.alice.slash(world.channel, "quiz stats")
    assert own.ephemeral
    assert "1/1 (100%)" in own.response.embeds[0].description
    refused = await world.bob.slash(world.channel, "quiz stats", member=world.alice)
    assert "Only managers" in refused.response.content
    manager = add_manager(world.env, world.guild)
    seen = await manager.slash(world.channel, "quiz stats", member=world.alice)
    assert "alice" in seen.response.embeds[0].title
    assert "Discovery: listen before you pitch: 1/1 (100%)" in seen.response.embeds[0].fields[0].value


async def deal_renewals(world: World):
    manager = add_manager(world.env, world.guild)
    imported = await manager.slash(
        world.channel, "coach scenario import", file=("renewals.toml", MULTI_STEP_PACK.encode())
    )
    assert "Imported into **renewals**: 1 new scenario" in imported.response.content
    return (await world.alice.slash(world.channel, "quiz start", theme="renewals")).response


async def test_a_multi_step_scenario_down_a_listening_path_across_a_restart(world: World, e2e_db, clock):
    message = await deal_renewals(world)
    assert "several steps" in message.embeds[0].title
    await world.alice.click(
        message.message, custom_id=answer_id(message, await position_of(world, message, Stance.LISTENING))
    )
    step_two = message.embeds[0]
    assert "step 2" in step_two.title
    assert "Two drivers quit" in step_two.description  # the customer answered the listening reply
    assert "**You:** Thanks for telling me early. What changed?" in step_two.description
    assert all(re.fullmatch(r"quiz:answer:\d+:1:[0-3]", b["custom_id"]) for b in buttons(message))
    await world.env.restart_bot(RapportBot(world.env.bot.settings, database=e2e_db, clock=clock, run_scheduler=False))
    await world.alice.click(
        message.message, custom_id=answer_id(message, await position_of(world, message, Stance.LISTENING))
    )
    done = message.embeds[0]
    assert done.title == "You listened at every step (2 of 2)."
    assert "+2 points" in done.description
    assert [field.name for field in done.fields] == ["Step 1 · ✅ you listened", "Step 2 · ✅ you listened"]
    assert "Late changes cost you drivers" in done.fields[1].value


async def test_a_multi_step_scenario_down_a_pushing_path_walks_the_path_back(world: World):
    message = await deal_renewals(world)
    await world.alice.click(
        message.message, custom_id=answer_id(message, await position_of(world, message, Stance.PUSHING))
    )
    assert "It's not really about price" in message.embeds[0].description  # the customer cooled
    await world.alice.click(
        message.message, custom_id=answer_id(message, await position_of(world, message, Stance.LISTENING))
    )
    done = message.embeds[0]
    assert done.title.startswith("You pushed at 1 step of 2")
    names = [field.name for field in done.fields]
    assert names == ["Step 1 · ❌ you pushed", "Step 1 · the listening reply", "Step 2 · ✅ you listened"]
    assert "Thanks for telling me early. What changed?" in done.fields[1].value
    assert "No points for pushing replies" in done.description
    assert len(done) <= 6000
    stats = await world.alice.slash(world.channel, "quiz stats")
    assert "0/1 (0%)" in stats.response.embeds[0].description


def labels_match_fields(message) -> None:
    """Each answer button reads "<letter>: <the start of its reply>" within Discord's 80 characters, one a row."""
    answers = [button for button in buttons(message) if button["custom_id"].startswith("quiz:answer")]
    fields = [field for field in message.embeds[0].fields if len(field.name) == 1 or field.name[1:3] == " ·"]
    assert len(answers) == len(fields) >= 3
    for button, field in zip(answers, fields, strict=True):
        letter = field.name[0]
        shown = field.value.split("\n")[0].replace("\\", "")  # the reply as the embed shows it, unescaped
        assert button["label"].startswith(f"{letter}: ") and len(button["label"]) <= 80
        assert shown.startswith(button["label"][3:].rstrip("…"))
    assert len(message.components) == len(answers) + (1 if len(buttons(message)) > len(answers) else 0)


async def test_answer_buttons_carry_the_start_of_their_reply(world: World):
    await only_single_step(world)
    message = (await world.alice.slash(world.channel, "quiz start")).response
    labels_match_fields(message)
    await choose(world, message, Stance.LISTENING)
    labels_match_fields(message)  # answered: the same labels, disabled


async def test_each_step_of_a_multi_step_scenario_labels_its_own_replies(world: World):
    message = await deal_renewals(world)
    labels_match_fields(message)
    await choose(world, message, Stance.LISTENING)
    assert "step 2" in message.embeds[0].title
    labels_match_fields(message)
    assert any("Two drivers quit" not in button["label"] for button in buttons(message))
