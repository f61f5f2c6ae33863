"""A guild's own scenarios in another language: a localized pack a manager imports translates the server's
scenarios of its theme, checked against them, and a rep reads it in their language under the same key."""

from __future__ import annotations

import pytest

from bot.coach import Coach
from bot.coach.content import ContentError, Stance
from bot.coach.quiz import Answer, Presentation
from tests.packs import MULTI_STEP_PACK, MULTI_STEP_PACK_ES

GUILD, OTHER_GUILD, ALICE, BOB = 1001, 1002, 501, 502
KEY = "guild:renewals-walkaway"


def listening(presentation: Presentation) -> int:
    return next(i for i, reply in enumerate(presentation.replies) if reply.stance is Stance.LISTENING)


async def test_a_translation_of_the_servers_own_scenarios_is_shown_in_the_reps_language(coach: Coach):
    await coach.scenarios.import_pack(GUILD, ALICE, MULTI_STEP_PACK, "renewals.toml")
    result = await coach.scenarios.import_pack(GUILD, ALICE, MULTI_STEP_PACK_ES, "renewals.es.toml")
    assert (result.language, result.added, result.updated, result.theme) == ("es", [], [KEY[6:]], "renewals")
    assert result.form.choice_points == 3
    assert (await coach.scenarios.themes(GUILD, locale="es-419"))["renewals"] == "Renovaciones"
    assert (await coach.scenarios.themes(GUILD))["renewals"] == "Renewals"
    first = await coach.quiz.start(GUILD, BOB, "renewals", locale="es-ES")
    assert first.scenario.key == KEY and first.theme_title == "Renovaciones"
    assert first.scenario.customer_says == "Estamos mirando otras herramientas de rutas antes de renovar."
    second = await coach.quiz.answer(first.presentation_id, BOB, listening(first), locale="es-ES")
    assert isinstance(second, Presentation) and second.step is not None
    assert second.step.customer_says.startswith("Se nos fueron dos conductores")
    done = await coach.quiz.answer(second.presentation_id, BOB, listening(second), locale="es-ES")
    assert isinstance(done, Answer) and done.correct and done.scenario.key == KEY
    assert done.replies[done.chosen].feedback.startswith("Le devuelves lo que le costó")
    english = await coach.quiz.start(GUILD, ALICE, "renewals", locale="en-US")
    assert english.scenario.key == KEY and english.scenario.customer_says.startswith("We're looking at other")
    found = await coach.scenarios.find(OTHER_GUILD, KEY, locale="es")
    assert found is None  # one server's translation is its own


async def test_a_rep_mid_scenario_can_switch_language(coach: Coach):
    """A translation keeps the base's reply order: positions dealt in English grade in Spanish."""
    await coach.scenarios.import_pack(GUILD, ALICE, MULTI_STEP_PACK, "renewals.toml")
    await coach.scenarios.import_pack(GUILD, ALICE, MULTI_STEP_PACK_ES, "renewals.es.toml")
    first = await coach.quiz.start(GUILD, BOB, "renewals")
    second = await coach.quiz.answer(first.presentation_id, BOB, listening(first), locale="es")
    assert isinstance(second, Presentation) and second.taken[0].step.replies[0].text.startswith("Gracias por avisarme")


async def test_a_translation_needs_the_servers_scenarios_of_its_theme(coach: Coach):
    with pytest.raises(ContentError) as error:
        await coach.scenarios.import_pack(GUILD, ALICE, MULTI_STEP_PACK_ES, "renewals.es.toml")
    assert error.value.problems == [
        "renewals.es.toml: (pack): theme: this server has no scenarios of `renewals` to translate; import them"
        " without a locale first"
    ]
    await coach.scenarios.import_pack(GUILD, ALICE, MULTI_STEP_PACK, "renewals.toml")
    swapped = MULTI_STEP_PACK_ES.replace('next = "opens-up"', 'next = "cools"', 1)
    with pytest.raises(ContentError) as error:
        await coach.scenarios.import_pack(GUILD, ALICE, swapped, "renewals.es.toml")
    assert error.value.problems == [
        'renewals.es.toml: renewals-walkaway: replies[0].next: should be `next = "opens-up"` as in the base pack'
    ]
    found = await coach.scenarios.find(GUILD, KEY, locale="es")
    assert found is not None and found.customer_says.startswith("We're looking")  # nothing was kept


async def test_a_base_reimported_in_another_shape_is_shown_as_it_now_is(coach: Coach):
    await coach.scenarios.import_pack(GUILD, ALICE, MULTI_STEP_PACK, "renewals.toml")
    await coach.scenarios.import_pack(GUILD, ALICE, MULTI_STEP_PACK_ES, "renewals.es.toml")
    reordered = MULTI_STEP_PACK.replace(
        'stance = "listening"\nfeedback = "You ask', 'stance = "pushing"\nfeedback = "You ask'
    )
    reordered = reordered.replace(
        'stance = "pushing"\nfeedback = "Pressure: a discount', 'stance = "listening"\nfeedback = "Pressure: a discount'
    )
    await coach.scenarios.import_pack(GUILD, ALICE, reordered, "renewals.toml")
    found = await coach.scenarios.find(GUILD, KEY, locale="es")
    assert found is not None and found.customer_says.startswith("We're looking")
