"""Localized packs: a translation follows its base pack scenario for scenario, and each way it can stray is
refused as `path: id: field: problem`; the shipped translations pass every check the English packs pass."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from bot.coach.content import MAX_REPLY, ContentError, load_library, pack_language, parse_pack
from bot.coach.form_check import choice_points, form_check, number_count, you_count
from tests.packs import MULTI_STEP_PACK, MULTI_STEP_PACK_ES

BASES = {"renewals": parse_pack(MULTI_STEP_PACK, "renewals.toml")}
WHERE = "renewals.es.toml"
KEY = "renewals-walkaway"


def problems(translation: str) -> list[str]:
    with pytest.raises(ContentError) as error:
        parse_pack(translation, WHERE, bases=BASES)
    return error.value.problems


def test_a_rep_locale_reads_its_language():
    assert pack_language("es-ES") == pack_language("es-419") == pack_language("es") == "es"
    assert pack_language("en-US") == pack_language(None) == "en"
    assert pack_language("pt_BR") == "pt"


def test_a_translation_keeps_ids_and_takes_how_hard_and_the_source_from_the_base():
    [base] = BASES["renewals"].scenarios
    pack = parse_pack(MULTI_STEP_PACK_ES, WHERE, bases=BASES)
    [spanish] = pack.scenarios
    assert (pack.locale, pack.theme, pack.title, spanish.id) == ("es", "renewals", "Renovaciones", KEY)
    assert spanish.customer_says == "Estamos mirando otras herramientas de rutas antes de renovar."
    assert (spanish.difficulty, spanish.channel, spanish.sector) == (base.difficulty, base.channel, base.sector)
    assert (spanish.source, spanish.source_file) == (base.source, base.source_file)
    assert [r.stance for r in spanish.replies] == [r.stance for r in base.replies]
    assert [r.next for r in spanish.replies] == [r.next for r in base.replies]
    assert spanish.step("opens-up").customer_says.startswith("Se nos fueron dos conductores")


def test_the_library_serves_a_translation_under_the_base_key(tmp_path: Path):
    folder = tmp_path / "scenarios"
    folder.mkdir()
    shipped = MULTI_STEP_PACK.replace(
        'source = "Team playbook"',
        'source = { file = "004_fd32e5b7498b1a8b.txt", quote = "A real Sales begins when Customer says No" }',
    )
    (folder / "renewals.toml").write_text(shipped, encoding="utf-8")
    (folder / "renewals.es.toml").write_text(MULTI_STEP_PACK_ES, encoding="utf-8")
    library = load_library(tmp_path)
    assert list(library.scenarios) == [f"pack:{KEY}"]  # a translation adds no scenario
    base = library.scenarios[f"pack:{KEY}"]
    spanish = library.localized(base, "es")
    assert spanish.key == base.key and spanish.theme == "renewals" and spanish.source_file == base.source_file
    assert spanish.customer_says.startswith("Estamos mirando")
    assert library.localized(base, "en") is base and library.localized(base, "fr") is base
    assert library.theme_title("renewals", "es") == "Renovaciones"
    assert library.theme_title("renewals", "fr") == library.theme_title("renewals", None) == "Renewals"
    (folder / "renewals.es2.toml").write_text(MULTI_STEP_PACK_ES, encoding="utf-8")
    with pytest.raises(ContentError) as error:
        load_library(tmp_path)
    assert error.value.problems == [
        f"{folder / 'renewals.es2.toml'}: (pack): locale: `renewals` already has a `es` translation"
    ]


LOCALE_PROBLEM = (
    "(pack): locale: should be a language code like `es` (a rep's `es-ES` and `es-419` both read it), not `en`"
)


def test_a_locale_must_be_a_language():
    for bad in ('"es-ES"', '"EN"', '"en"', "3"):
        assert problems(MULTI_STEP_PACK_ES.replace('locale = "es"', f"locale = {bad}")) == [
            f"{WHERE}: {LOCALE_PROBLEM}"
        ]


def test_a_translation_needs_a_base_pack_of_its_theme():
    assert problems(MULTI_STEP_PACK_ES.replace('theme = "renewals"', 'theme = "other"')) == [
        f"{WHERE}: (pack): theme: has no base pack (`other` with no locale) for this translation to follow"
    ]
    with pytest.raises(ContentError) as error:
        parse_pack(MULTI_STEP_PACK_ES, WHERE)
    assert error.value.problems == [
        f"{WHERE}: (pack): theme: has no base pack (`renewals` with no locale) for this translation to follow"
    ]


def test_an_id_the_base_lacks_and_a_scenario_left_untranslated_are_refused():
    assert problems(MULTI_STEP_PACK_ES.replace(f'id = "{KEY}"', 'id = "renewals-leaving"')) == [
        f"{WHERE}: renewals-leaving: id: is not a scenario of the base pack",
        f"{WHERE}: {KEY}: id: is in the base pack but not translated here",
    ]


def test_a_scenario_translated_twice_is_refused():
    scenario = MULTI_STEP_PACK_ES[MULTI_STEP_PACK_ES.index("[[scenarios]]") :]
    assert f"{WHERE}: {KEY}: id: is translated twice in this pack" in problems(MULTI_STEP_PACK_ES + scenario)


def test_where_how_hard_and_the_source_are_the_base_packs():
    translation = MULTI_STEP_PACK_ES.replace(
        'customer_role = "jefa', 'difficulty = 3\nsector = "retail"\nsource = "Mi libro"\ncustomer_role = "jefa'
    )
    assert problems(translation) == [
        f"{WHERE}: {KEY}: {name}: comes from the base pack: leave it out of a translation"
        for name in ("difficulty", "sector", "source")
    ]


def test_replies_keep_the_base_count_order_stances_and_next():
    swapped = MULTI_STEP_PACK_ES.replace(
        'stance = "listening"\nfeedback = "Preguntas', 'stance = "pushing"\nfeedback = "Preguntas'
    ).replace(
        'stance = "pushing"\nfeedback = "Presión: un descuento',
        'stance = "listening"\nfeedback = "Presión: un descuento',
    )
    assert problems(swapped) == [
        f"{WHERE}: {KEY}: replies[0].stance: should be 'listening' as in the base pack (replies keep the base's order)",
        f"{WHERE}: {KEY}: replies[1].stance: should be 'pushing' as in the base pack (replies keep the base's order)",
    ]
    third = MULTI_STEP_PACK_ES.index('[[scenarios.replies]]\ntext = "Ninguna')
    dropped = MULTI_STEP_PACK_ES[:third] + MULTI_STEP_PACK_ES[MULTI_STEP_PACK_ES.index("[[scenarios.steps]]") :]
    assert f"{WHERE}: {KEY}: replies: should have 3 entries, as the base pack has (2 given)" in problems(dropped)
    rerouted = MULTI_STEP_PACK_ES.replace('next = "cools"', 'next = "opens-up"', 1)
    assert problems(rerouted) == [f'{WHERE}: {KEY}: replies[1].next: should be `next = "cools"` as in the base pack']


def test_steps_keep_the_base_shape():
    renamed = MULTI_STEP_PACK_ES.replace('id = "cools"', 'id = "enfria"').replace('next = "cools"', 'next = "enfria"')
    assert f"{WHERE}: {KEY}: steps[1].id: should be `cools`, the base pack's step 2" in problems(renamed)
    no_context = MULTI_STEP_PACK_ES.replace('context = "Responde en menos de una hora."\n', "")
    assert problems(no_context) == [f"{WHERE}: {KEY}: steps[0].context: is required: the base pack has it"]
    one_step = MULTI_STEP_PACK_ES[: MULTI_STEP_PACK_ES.index('[[scenarios.steps]]\nid = "cools"')]
    assert f"{WHERE}: {KEY}: steps: should have 2 entries, as the base pack has (1 given)" in problems(one_step)


def test_a_translation_is_held_to_the_same_lengths():
    long = "a" * (MAX_REPLY + 1)
    assert problems(
        MULTI_STEP_PACK_ES.replace(
            "Ninguna otra herramienta planifica rutas tan bien como la nuestra, de verdad.", long
        )
    ) == [f"{WHERE}: {KEY}: replies[2].text: should have at most {MAX_REPLY} characters ({MAX_REPLY + 1} given)"]


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
