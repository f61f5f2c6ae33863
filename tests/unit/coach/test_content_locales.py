"""Localized packs: a translation follows its base pack scenario for scenario, and each way it can stray is
refused as `path: id: field: problem`; the shipped translations pass every check the English packs pass."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from bot.coach.content import MAX_REPLY, ContentError, load_library, pack_language, parse_pack
from bot.coach.form_check import choice_points, form_check, number_count, you_count

BASE = """
theme = "custom"
title = "Our product"
description = "Scenarios about our own product."

[[scenarios]]
id = "custom-webhooks"
difficulty = 2
channel = "call"
customer_role = "lead developer"
sector = "software"
context = "A customer asks about the API."
customer_says = "Does it have webhooks?"
principle = "Answer what you know."
source = { file = "004_fd32e5b7498b1a8b.txt", quote = "A real Sales begins when Customer says No" }

[[scenarios.replies]]
text = "Not yet. What would you use them for?"
stance = "listening"
feedback = "Honest and curious."

[[scenarios.replies]]
text = "Yes, everything is possible."
stance = "pushing"
feedback = "Over-promising."

[[scenarios.replies]]
text = "Sign first, then we'll see."
stance = "pushing"
feedback = "Pressure."

[[scenarios]]
id = "custom-steps"
difficulty = 1
channel = "email"
customer_role = "office manager"
sector = "retail"
context = "A customer writes back after a quiet month."
customer_says = "We're still thinking."
principle = "Ask before you pitch."
source = { file = "004_fd32e5b7498b1a8b.txt", quote = "A real Sales begins when Customer says No" }

[[scenarios.replies]]
text = "Take your time. What are you weighing?"
stance = "listening"
feedback = "Curious."
next = "opens"

[[scenarios.replies]]
text = "The offer ends Friday."
stance = "pushing"
feedback = "Pressure."
next = "cools"

[[scenarios.replies]]
text = "Shall I send the contract?"
stance = "pushing"
feedback = "Pressure."
next = "cools"

[[scenarios.steps]]
id = "opens"
context = "She pauses."
customer_says = "Mostly whether the team will use it."

[[scenarios.steps.replies]]
text = "What would make them use it?"
stance = "listening"
feedback = "Curious."

[[scenarios.steps.replies]]
text = "They will, trust me."
stance = "pushing"
feedback = "Over-promise."

[[scenarios.steps.replies]]
text = "Everyone loves it."
stance = "pushing"
feedback = "Talking past her."

[[scenarios.steps]]
id = "cools"
customer_says = "Then we'll pass."

[[scenarios.steps.replies]]
text = "Fair. What made it a no?"
stance = "listening"
feedback = "Owning it."

[[scenarios.steps.replies]]
text = "Last chance at this price."
stance = "pushing"
feedback = "Pressure."

[[scenarios.steps.replies]]
text = "I'll call your boss."
stance = "pushing"
feedback = "Pressure."
"""

TRANSLATION = """
theme = "custom"
locale = "es"
title = "Nuestro producto"
description = "Escenarios sobre nuestro propio producto."

[[scenarios]]
id = "custom-webhooks"
customer_role = "desarrolladora principal"
context = "Una clienta pregunta por la API."
customer_says = "¿Tiene webhooks?"
principle = "Responde lo que sabes."

[[scenarios.replies]]
text = "Todavía no. ¿Para qué los usaría?"
stance = "listening"
feedback = "Honesto y con curiosidad."

[[scenarios.replies]]
text = "Sí, todo es posible."
stance = "pushing"
feedback = "Promesa de más."

[[scenarios.replies]]
text = "Firme primero y luego vemos."
stance = "pushing"
feedback = "Presión."

[[scenarios]]
id = "custom-steps"
customer_role = "responsable de oficina"
context = "Una clienta responde tras un mes de silencio."
customer_says = "Todavía lo estamos pensando."
principle = "Pregunta antes de presentar."

[[scenarios.replies]]
text = "Con calma. ¿Qué están valorando?"
stance = "listening"
feedback = "Curiosidad."
next = "opens"

[[scenarios.replies]]
text = "La oferta acaba el viernes."
stance = "pushing"
feedback = "Presión."
next = "cools"

[[scenarios.replies]]
text = "¿Le envío el contrato?"
stance = "pushing"
feedback = "Presión."
next = "cools"

[[scenarios.steps]]
id = "opens"
context = "Se queda pensando."
customer_says = "Sobre todo si el equipo lo va a usar."

[[scenarios.steps.replies]]
text = "¿Qué haría que lo usaran?"
stance = "listening"
feedback = "Curiosidad."

[[scenarios.steps.replies]]
text = "Lo usarán, se lo aseguro."
stance = "pushing"
feedback = "Promesa de más."

[[scenarios.steps.replies]]
text = "A todo el mundo le encanta."
stance = "pushing"
feedback = "Hablar sin escuchar."

[[scenarios.steps]]
id = "cools"
customer_says = "Entonces lo dejamos."

[[scenarios.steps.replies]]
text = "Entendido. ¿Qué lo convirtió en un no?"
stance = "listening"
feedback = "Asumirlo."

[[scenarios.steps.replies]]
text = "Última oportunidad a este precio."
stance = "pushing"
feedback = "Presión."

[[scenarios.steps.replies]]
text = "Llamaré a su jefe."
stance = "pushing"
feedback = "Presión."
"""


def library_of(tmp_path: Path, translation: str) -> None:
    folder = tmp_path / "scenarios"
    folder.mkdir(exist_ok=True)
    (folder / "custom.toml").write_text(BASE, encoding="utf-8")
    (folder / "custom.es.toml").write_text(translation, encoding="utf-8")
    load_library(tmp_path)


def problems(tmp_path: Path, translation: str) -> list[str]:
    with pytest.raises(ContentError) as error:
        library_of(tmp_path, translation)
    return error.value.problems


def test_a_rep_locale_reads_its_language():
    assert pack_language("es-ES") == pack_language("es-419") == pack_language("es") == "es"
    assert pack_language("en-US") == pack_language(None) == "en"
    assert pack_language("pt_BR") == "pt"


def test_a_translation_keeps_ids_and_takes_where_which_and_the_essay_from_the_base(tmp_path: Path):
    folder = tmp_path / "scenarios"
    folder.mkdir()
    (folder / "custom.toml").write_text(BASE, encoding="utf-8")
    (folder / "custom.es.toml").write_text(TRANSLATION, encoding="utf-8")
    library = load_library(tmp_path)
    assert list(library.scenarios) == ["pack:custom-webhooks", "pack:custom-steps"]  # translations add none
    base = library.scenarios["pack:custom-steps"]
    spanish = library.localized(base, "es")
    assert spanish.key == base.key and spanish.theme == base.theme == "custom"
    assert spanish.customer_says == "Todavía lo estamos pensando."
    assert (spanish.difficulty, spanish.channel, spanish.sector) == (base.difficulty, base.channel, base.sector)
    assert (spanish.source, spanish.source_file) == (base.source, base.source_file)
    assert [r.stance for r in spanish.replies] == [r.stance for r in base.replies]
    assert spanish.step("opens").customer_says == "Sobre todo si el equipo lo va a usar."
    assert library.localized(base, "en") is base and library.localized(base, "fr") is base
    assert library.theme_title("custom", "es") == "Nuestro producto"
    assert library.theme_title("custom", "fr") == library.theme_title("custom", None) == "Our product"


LOCALE_PROBLEM = (
    "(pack): locale: should be a language code like `es` (a rep's `es-ES` and `es-419` both read it), not `en`"
)


def test_a_locale_must_be_a_language(tmp_path: Path):
    for bad in ('"es-ES"', '"EN"', '"en"', "3"):
        found = problems(tmp_path, TRANSLATION.replace('locale = "es"', f"locale = {bad}"))
        assert any(line.endswith(LOCALE_PROBLEM) for line in found), found


def test_a_translation_needs_a_base_pack_of_its_theme(tmp_path: Path):
    found = problems(tmp_path, TRANSLATION.replace('theme = "custom"', 'theme = "other"'))
    assert found == [
        f"{tmp_path / 'scenarios' / 'custom.es.toml'}: (pack): theme: has no base pack (`other` with no locale)"
        " for this translation to follow"
    ]


def test_an_id_the_base_lacks_and_a_scenario_left_untranslated_are_refused(tmp_path: Path):
    path = tmp_path / "scenarios" / "custom.es.toml"
    found = problems(tmp_path, TRANSLATION.replace('id = "custom-webhooks"', 'id = "custom-hooks"'))
    assert f"{path}: custom-hooks: id: is not a scenario of the base pack" in found
    assert f"{path}: custom-webhooks: id: is in the base pack but not translated here" in found


def test_a_scenario_translated_twice_is_refused(tmp_path: Path):
    found = problems(tmp_path, TRANSLATION.replace('id = "custom-steps"', 'id = "custom-webhooks"'))
    path = tmp_path / "scenarios" / "custom.es.toml"
    assert f"{path}: custom-webhooks: id: is translated twice in this pack" in found


def test_where_how_hard_and_the_essay_are_the_base_packs(tmp_path: Path):
    translation = TRANSLATION.replace(
        'customer_role = "desarrolladora principal"',
        'customer_role = "desarrolladora principal"\ndifficulty = 3\nsector = "retail"\nsource = "Mi libro"',
    )
    path = tmp_path / "scenarios" / "custom.es.toml"
    assert problems(tmp_path, translation) == [
        f"{path}: custom-webhooks: {name}: comes from the base pack: leave it out of a translation"
        for name in ("difficulty", "sector", "source")
    ]


def test_replies_keep_the_base_count_order_stances_and_next(tmp_path: Path):
    path = tmp_path / "scenarios" / "custom.es.toml"
    swapped = TRANSLATION.replace(
        'text = "Todavía no. ¿Para qué los usaría?"\nstance = "listening"',
        'text = "Todavía no. ¿Para qué los usaría?"\nstance = "pushing"',
    ).replace(
        'text = "Sí, todo es posible."\nstance = "pushing"', 'text = "Sí, todo es posible."\nstance = "listening"'
    )
    assert problems(tmp_path, swapped) == [
        f"{path}: custom-webhooks: replies[0].stance: should be 'listening' as in the base pack (replies keep the"
        " base's order)",
        f"{path}: custom-webhooks: replies[1].stance: should be 'pushing' as in the base pack (replies keep the"
        " base's order)",
    ]
    dropped = TRANSLATION.replace('[[scenarios.replies]]\ntext = "Firme primero y luego vemos."', "[[x]]\ntext = ''")
    dropped = dropped.replace('[[x]]\ntext = \'\'\nstance = "pushing"\nfeedback = "Presión."\n', "")
    assert f"{path}: custom-webhooks: replies: should have 3 entries, as the base pack has (2 given)" in problems(
        tmp_path, dropped
    )
    rerouted = TRANSLATION.replace('feedback = "Presión."\nnext = "cools"', 'feedback = "Presión."\nnext = "opens"', 1)
    assert problems(tmp_path, rerouted) == [
        f'{path}: custom-steps: replies[1].next: should be `next = "cools"` as in the base pack'
    ]


def test_steps_keep_the_base_shape(tmp_path: Path):
    path = tmp_path / "scenarios" / "custom.es.toml"
    renamed = TRANSLATION.replace('id = "cools"', 'id = "enfria"').replace('next = "cools"', 'next = "enfria"')
    found = problems(tmp_path, renamed)
    assert f"{path}: custom-steps: steps[1].id: should be `cools`, the base pack's step 2" in found
    no_context = TRANSLATION.replace('context = "Se queda pensando."\n', "")
    assert problems(tmp_path, no_context) == [
        f"{path}: custom-steps: steps[0].context: is required: the base pack has it"
    ]
    one_step = TRANSLATION[: TRANSLATION.index('[[scenarios.steps]]\nid = "cools"')]
    found = problems(tmp_path, one_step)
    assert f"{path}: custom-steps: steps: should have 2 entries, as the base pack has (1 given)" in found


def test_a_translation_is_held_to_the_same_form_and_lengths(tmp_path: Path):
    path = tmp_path / "scenarios" / "custom.es.toml"
    long = "a" * (MAX_REPLY + 1)
    found = problems(tmp_path, TRANSLATION.replace("Sí, todo es posible.", long))
    assert found == [
        f"{path}: custom-webhooks: replies[1].text: should have at most {MAX_REPLY} characters ({MAX_REPLY + 1} given)"
    ]


def test_a_guild_pack_cannot_name_a_locale_without_a_base():
    with pytest.raises(ContentError) as error:
        parse_pack(TRANSLATION, "ours.toml")
    assert error.value.problems == [
        "ours.toml: (pack): theme: has no base pack (`custom` with no locale) for this translation to follow"
    ]


# The shipped translations: what the English packs are held to, in their language.
LIBRARY = load_library()


def test_shipped_translations_cover_objections_discovery_and_honest_fit_in_spanish():
    spanish = LIBRARY.translations["es"]
    for theme in ("objections", "discovery", "honest-fit"):
        base = {scenario.key for scenario in LIBRARY.in_theme(theme)}
        assert base <= set(spanish), theme
        assert LIBRARY.translated_themes["es"][theme] != LIBRARY.themes[theme]


def test_shipped_translations_cannot_be_passed_by_form():
    for language, translated in LIBRARY.translations.items():
        report = form_check(choice_points(translated.values()), language)
        assert report.passed, (language, report.table())


def test_spanish_you_and_number_words_are_counted():
    assert you_count("¿Tú qué harías? Te lo pregunto a ti, y a usted también.", "es") == 4
    assert number_count("Dos turnos, 14 % más barato y veinte técnicos", "es") == 3


def test_translations_say_something_else_than_the_english():
    """A translation left in English (copied to fill the file) would pass every other check."""
    for scenario in LIBRARY.translations["es"].values():
        base = LIBRARY.scenarios[scenario.key]
        assert scenario.customer_says != base.customer_says, scenario.id
        for step, base_step in zip(scenario.choice_steps(), base.choice_steps(), strict=True):
            texts = Counter(reply.text for reply in step.replies)
            assert not texts & Counter(reply.text for reply in base_step.replies), scenario.id
