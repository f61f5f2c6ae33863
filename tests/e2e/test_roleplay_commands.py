"""Role-play through real discord.py: a conversation down a listening path ends in trust, one down a pushing
path ends cold, one interrupted by a restart resumes, one times out; the report, sharing it and a manager's
review; a stale button gets a clear answer."""

from __future__ import annotations

from typing import Any

from bot.client import RapportBot
from tests.e2e.world import World, add_manager, handled_errors
from tests.packs import PERSONA

ASK, REFLECT = "What changed since last year?", "So late route changes cost you two drivers."
PUSH = "Renew today and I can lock in 15% off."


def labels(message: Any) -> list[str]:
    return [button["label"] for row in message.components for button in row["components"]]


async def start(world: World) -> tuple[Any, Any]:
    manager = add_manager(world.env, world.guild)
    imported = await manager.slash(world.channel, "coach roleplay import", file=("maya.toml", PERSONA.encode()))
    assert "Imported persona `courier-renewal`" in imported.response.content
    started = await world.alice.slash(world.channel, "roleplay start", persona="courier-renewal")
    assert started.ephemeral
    return manager, started.response


async def say(world: World, message: Any, text: str) -> Any:
    shown = await world.alice.click(message.message, label="Reply")
    assert shown.modal is not None
    return await world.alice.submit_modal(shown, {"reply": text})


async def test_a_listening_path_ends_in_trust_with_a_report_and_a_share(world: World):
    manager, message = await start(world)
    embed = message.embeds[0]
    assert embed.title.startswith("Maya Brennan, operations lead")
    assert "route-planning software" in embed.description  # the situation
    assert labels(message) == ["Reply", "Hint", "End"]
    hint = await world.alice.click(message.message, label="Hint")
    assert hint.ephemeral and "Ask what changed." in hint.response.content
    await say(world, message, ASK)
    assert f"**You:** {ASK}" in message.embeds[0].description
    assert any(line in message.embeds[0].description for line in ("Two drivers quit", "reshuffles everything"))
    await say(world, message, REFLECT)
    report = message.embeds[0]
    assert report.title.startswith("They offered the next step: trust")
    fields = {field.name: field.value for field in report.fields}
    assert "Questions: 1 open, 0 closed" in fields["How you talked"]
    assert fields["Pushes"] == "None. Every reply listened."
    assert "plan frozen by 8 pm" in report.description  # the hidden need, revealed
    assert labels(message) == ["Share with my manager"]
    shared = await world.alice.click(message.message, label="Share with my manager")
    assert "your managers can read this conversation" in shared.response.content
    choices = await manager.autocomplete(world.channel, "coach roleplay review", "conversation", "", member=world.alice)
    assert len(choices) == 1 and "Maya Brennan" in choices[0]["name"]
    review = await manager.slash(
        world.channel, "coach roleplay review", member=world.alice, conversation=choices[0]["value"]
    )
    transcript = review.response.embeds[0].description
    assert ASK in transcript and "*listening*" in transcript
    assert review.ephemeral


async def test_a_pushing_path_ends_cold_and_quotes_the_push(world: World):
    _manager, message = await start(world)
    await say(world, message, PUSH)
    report = message.embeds[0]
    assert report.title.startswith("They closed the door: cold")
    fields = {field.name: field.value for field in report.fields}
    pushes = next(value for name, value in fields.items() if name.startswith("Pushes:"))
    assert "15% off" in pushes
    assert "No points" in report.footer.text


async def test_a_conversation_survives_a_restart(world: World, e2e_db, clock):
    _manager, message = await start(world)
    await say(world, message, ASK)
    await world.env.restart_bot(RapportBot(world.env.bot.settings, database=e2e_db, clock=clock, run_scheduler=False))
    await say(world, message, REFLECT)
    assert message.embeds[0].title.startswith("They offered the next step: trust")


async def test_an_idle_conversation_times_out_and_a_stale_button_says_so(world: World):
    _manager, message = await start(world)
    world.env.bot.clock.advance(minutes=16)
    result = await say(world, message, ASK)
    assert result.ephemeral and "timed out after 15 minutes" in result.response.content
    again = await world.alice.click(message.message, label="Hint")
    assert "has ended" in again.response.content
    assert "ConversationOver" in handled_errors(world.env)


async def test_a_rep_with_no_conversation_starts_a_shipped_persona(world: World):
    started = await world.bob.slash(world.channel, "roleplay start")
    embed = started.response.embeds[0]
    assert started.ephemeral and embed.description and "Reply" in labels(started.response)


async def test_an_assignment_is_dmed_with_a_button_that_starts_it_and_a_heads_up(world: World):
    manager, _message = await start(world)  # imports the persona; alice already talks with Maya
    await world.alice.click(_message.message, label="End")
    assigned = await manager.slash(
        world.channel, "coach roleplay assign", member=world.alice, persona="courier-renewal", due="2026-03-13"
    )
    said = assigned.response.content
    assert "Assigned **courier-renewal**" in said and "Friday 13 March" in said
    assert await world.env.bot.drain(1000).run_once() == 1  # the DM now; the heads-up waits for the 12th
    alice = world.alice.user
    dm = alice.dm_channel.last_message
    assert "asks you to practise a conversation with **Maya Brennan** by Friday 13 March" in dm.content
    started = await alice.click(dm, label="Start the role-play")
    assert started.response.embeds[0].title.startswith("Maya Brennan")
    world.env.bot.clock.advance(days=2)  # the morning of the 12th, in her zone (UTC)
    assert await world.env.bot.drain(1000).run_once() == 1
    assert "due tomorrow" in alice.dm_channel.last_message.content


async def test_a_reply_in_spanish_comes_back_to_copy_and_counts_nothing(world: World):
    _manager, message = await start(world)
    before = message.embeds[0].description
    spanish = "Entiendo. ¿Qué ha cambiado desde el año pasado con las rutas?"
    refused = await say(world, message, spanish)
    assert refused.ephemeral
    said = refused.response.content
    assert said.startswith("The customers in role-play speak English")
    assert said.endswith(f"> {spanish}") and "Nothing was counted" in said
    assert message.embeds[0].description == before  # the conversation did not move
    await say(world, message, ASK)
    assert f"**You:** {ASK}" in message.embeds[0].description
    assert "InvalidInput" in handled_errors(world.env)


async def test_a_rep_whose_discord_is_in_spanish_is_told_the_customer_speaks_english(
    world: World, locales: dict[int, str]
):
    locales[world.alice.id] = "es-ES"
    _manager, message = await start(world)
    assert "El cliente habla inglés y Rapport lee tus respuestas en inglés." in message.embeds[0].description
    locales[world.bob.id] = "en-GB"
    started = await world.bob.slash(world.channel, "roleplay start", persona="courier-renewal")
    assert "speaks English" not in started.response.embeds[0].description
