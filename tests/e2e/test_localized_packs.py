"""Localized packs through discord.py: a Spanish-locale rep is dealt the Spanish scenario and reads Spanish
feedback, and the answer counts on the same scenario id as an English rep's; the team question follows the
server's language and each member's feedback their own."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.coach.content import Stance
from bot.db.engine import Database
from bot.db.models import QuizPresentation, QuizProgress
from tests.e2e.test_languages import click_reply, spanish_team_question
from tests.e2e.world import World, add_manager, answer_id, button_labels
from tests.packs import MULTI_STEP_PACK, MULTI_STEP_PACK_ES

KEPT = "pack:objections-not-now"  # single-step, translated: the one scenario left in rotation


@pytest.fixture
def e2e_db(e2e_db_on_both: Database) -> Database:
    """On SQLite and PostgreSQL: the scenario id an answer counts on is stored either way."""
    return e2e_db_on_both


async def keep_only(world: World, guild_id: int, key: str) -> None:
    """Take every shipped scenario but `key` out of the guild's rotation, so every rep is dealt that one."""
    coach = world.env.bot.coach
    for other in coach.scenarios.library.scenarios:
        if other != key:
            await coach.scenarios.set_enabled(guild_id, 0, other, False)


async def test_a_spanish_rep_is_dealt_the_spanish_scenario_on_the_english_ones_id(
    world: World, locales: dict[int, str]
):
    library = world.env.bot.coach.scenarios.library
    english, spanish = library.scenarios[KEPT], library.localized(library.scenarios[KEPT], "es")
    await keep_only(world, world.guild.id, KEPT)
    locales[world.bob.id] = "es-ES"

    dealt = (await world.bob.slash(world.channel, "quiz start", theme="objections")).response
    [embed] = dealt.embeds
    assert embed.title.startswith("El no que abre una puerta · ")
    assert spanish.context in embed.description and f"> {spanish.customer_says}" in embed.description
    assert english.customer_says not in embed.description
    assert {field.value for field in embed.fields} == {reply.text for reply in spanish.replies}
    labels = [label for label, _id in button_labels(dealt)]
    assert any(label.startswith(("A: Entendido", "B: Entendido", "C: Entendido")) for label in labels)
    await click_reply(world, world.bob, dealt, Stance.LISTENING)
    [graded] = dealt.embeds
    listening = next(reply for reply in spanish.replies if reply.stance is Stance.LISTENING)
    assert any(listening.feedback in field.value for field in graded.fields)
    assert f"**Principio:** {spanish.principle}" in graded.description
    assert graded.footer.text.startswith("El no que abre una puerta · fuente: ")

    shown = (await world.alice.slash(world.channel, "quiz start", theme="objections")).response
    [embed] = shown.embeds
    assert f"> {english.customer_says}" in embed.description and embed.title.startswith("The no that opens a door")
    await click_reply(world, world.alice, shown, Stance.PUSHING)
    assert any("Pressure:" in field.value for field in shown.embeds[0].fields)

    async with world.env.bot.database.read() as session:
        answered = list(await session.execute(select(QuizPresentation.scenario_key, QuizPresentation.correct)))
        progress = list(await session.scalars(select(QuizProgress.scenario_key)))
    assert sorted(answered) == [(KEPT, False), (KEPT, True)]
    assert progress == [KEPT, KEPT]
    [stats] = (await world.bob.slash(world.channel, "quiz stats")).response.embeds
    assert "El no que abre una puerta" in stats.fields[0].value
    assert stats.description.startswith("Respuestas de escucha: **1/1 (100%)**")


async def test_a_rep_whose_language_has_no_pack_reads_the_english(world: World, locales: dict[int, str]):
    locales[world.bob.id] = "fr"
    await keep_only(world, world.guild.id, KEPT)
    [embed] = (await world.bob.slash(world.channel, "quiz start")).response.embeds
    assert world.env.bot.coach.scenarios.library.scenarios[KEPT].customer_says in embed.description


async def test_the_team_question_reads_in_the_servers_language_and_its_feedback_in_the_members(
    world: World, locales: dict[int, str]
):
    library = world.env.bot.coach.scenarios.library
    english, spanish = library.scenarios[KEPT], library.localized(library.scenarios[KEPT], "es")
    canal, carla, dave = await spanish_team_question(world, locales, lambda guild_id: keep_only(world, guild_id, KEPT))
    post = canal.last_message
    assert post.embeds[0].title.startswith("Pregunta del equipo · El no que abre una puerta · ")
    assert f"> {spanish.customer_says}" in post.embeds[0].description
    answered = (await carla.click(post, custom_id=answer_id(post, "A"))).response.content
    assert any(reply.feedback in answered for reply in spanish.replies)
    assert f"**Principio:** {spanish.principle}" in answered
    in_english = (await dave.click(post, custom_id=answer_id(post, "A"))).response.content
    assert any(reply.feedback in in_english for reply in english.replies)
    assert f"**Principle:** {english.principle}" in in_english


async def test_a_manager_imports_a_translation_of_the_servers_own_scenarios(world: World, locales: dict[int, str]):
    locales[world.bob.id] = "es-419"
    manager = add_manager(world.env, world.guild)
    await manager.slash(world.channel, "coach scenario import", file=("renewals.toml", MULTI_STEP_PACK.encode()))
    imported = await manager.slash(
        world.channel, "coach scenario import", file=("renewals.es.toml", MULTI_STEP_PACK_ES.encode())
    )
    assert imported.response.content.startswith("Imported the `es` translation of **renewals**: 1 scenario translated.")
    dealt = (await world.bob.slash(world.channel, "quiz start", theme="renewals")).response
    assert dealt.embeds[0].title.startswith("Renovaciones · ")
    assert "> Estamos mirando otras herramientas de rutas antes de renovar." in dealt.embeds[0].description
    await click_reply(world, world.bob, dealt, Stance.LISTENING)
    assert "> Se nos fueron dos conductores" in dealt.embeds[0].description
    await click_reply(world, world.bob, dealt, Stance.LISTENING)
    assert any("*Le devuelves lo que le costó" in field.value for field in dealt.embeds[0].fields)
    english = (await world.alice.slash(world.channel, "quiz start", theme="renewals")).response
    assert "> We're looking at other route-planning tools before we renew." in english.embeds[0].description


async def test_an_assignments_button_deals_the_scenario_in_the_reps_language(world: World, locales: dict[int, str]):
    library = world.env.bot.coach.scenarios.library
    spanish = library.localized(library.scenarios[KEPT], "es")
    locales[world.bob.id] = "es-ES"
    await keep_only(world, world.guild.id, KEPT)
    manager = add_manager(world.env, world.guild)
    await manager.slash(world.channel, "coach assign", member=world.bob, what="theme:objections")
    await world.env.bot.coach.planner.tick()
    assert await world.env.bot.drain(1000).run_once() == 1
    dm = world.bob.user.dm_channel.last_message
    dealt = await world.bob.user.click(dm, label="Start practising")
    [embed] = dealt.response.embeds
    assert embed.title.startswith("El no que abre una puerta · ")
    assert f"> {spanish.customer_says}" in embed.description
