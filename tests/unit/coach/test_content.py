"""The shipped quiz content: schema, balance, no near-duplicates, lengths; and the errors bad packs get."""

from __future__ import annotations

import itertools
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from bot.coach.content import CHANNELS, ContentError, Stance, load_library, parse_pack
from bot.coach.form_check import choice_points, form_check

LIBRARY = load_library()
SCENARIOS = list(LIBRARY.scenarios.values())
RAPPORT = Path(sys.executable).with_name("rapport")
ROOT = Path(__file__).resolve().parents[3]


def words(text: str) -> set[str]:
    return set(re.findall(r"[a-z']+", text.casefold()))


def similarity(left: str, right: str) -> float:
    a, b = words(left), words(right)
    return len(a & b) / len(a | b)


def test_at_least_72_scenarios_in_at_least_10_themes_of_6_and_12_with_several_steps():
    per_theme = Counter(scenario.theme for scenario in SCENARIOS)
    assert len(SCENARIOS) >= 72
    assert len(per_theme) >= 10
    assert min(per_theme.values()) >= 6
    assert sum(scenario.multi_step for scenario in SCENARIOS) >= 12


def test_every_choice_has_a_listening_and_a_pushing_reply():
    for scenario in SCENARIOS:
        for step in scenario.choice_steps():
            stances = Counter(reply.stance for reply in step.replies)
            assert stances[Stance.LISTENING] >= 1 and stances[Stance.PUSHING] >= 1, (scenario.id, step.id)
            assert 3 <= len(step.replies) <= 4


def test_difficulties_are_spread_within_each_theme():
    for theme in LIBRARY.themes:
        assert {scenario.difficulty for scenario in LIBRARY.in_theme(theme)} >= {1, 2, 3}, theme


def test_the_shipped_packs_cannot_be_passed_by_form():
    """Longest reply, question mark, "you" words, numbers, a word-count learner: none may tell the answer
    (`rapport content check` prints the same table)."""
    report = form_check(choice_points(SCENARIOS))
    assert report.passed, report.table()


def test_every_scenario_says_where_and_who_and_no_sector_dominates():
    for scenario in SCENARIOS:
        assert scenario.channel in CHANNELS and scenario.customer_role and scenario.sector, scenario.id
    sectors = Counter(scenario.sector for scenario in SCENARIOS)
    assert max(sectors.values()) <= 0.2 * len(SCENARIOS), sectors.most_common(3)
    assert len(sectors) >= 10
    assert set(Counter(scenario.channel for scenario in SCENARIOS)) == set(CHANNELS)


FAILURES = re.compile(r"pressur|rigid|neglect|evasi|evad|over-?promis|talk(s|ing)? past", re.IGNORECASE)
# The same failures as the Spanish packs name them (presión, rigidez, descuido, evasiva, prometer de más, hablar
# sin escuchar).
FAILURES_ES = re.compile(r"presi[oó]n|rigidez|descuid|evasi|promet|sin escuchar", re.IGNORECASE)


@pytest.mark.parametrize(
    ("scenarios", "failures"),
    [(SCENARIOS, FAILURES), (list(LIBRARY.translations["es"].values()), FAILURES_ES)],
    ids=["en", "es"],
)
def test_every_pushing_reply_names_its_failure_in_at_most_two_sentences(scenarios, failures):
    for scenario in scenarios:
        for step in scenario.choice_steps():
            for reply in step.replies:
                if reply.stance is Stance.PUSHING:
                    assert failures.search(reply.feedback), (scenario.id, reply.text)
                    sentences = [part for part in re.split(r"(?<=[.!?])\s+", reply.feedback.strip()) if part]
                    assert len(sentences) <= 2, (scenario.id, reply.text)


def test_no_two_scenarios_are_near_duplicates():
    texts = {s.id: f"{s.context} {s.customer_says}" for s in SCENARIOS}
    close = [
        (a, b, round(similarity(texts[a], texts[b]), 2))
        for a, b in itertools.combinations(texts, 2)
        if similarity(texts[a], texts[b]) > 0.35
    ]
    assert close == []


def test_no_two_replies_anywhere_are_near_duplicates():
    replies = [(s.id, r.text) for s in SCENARIOS for step in s.choice_steps() for r in step.replies]
    close = [
        (a[0], b[0])
        for a, b in itertools.combinations(replies, 2)
        if len(words(a[1])) > 6 and similarity(a[1], b[1]) > 0.6
    ]
    assert close == []


def test_listening_replies_are_never_the_generic_prompt():
    """Short is fine ("What changed?"); a reply that would fit any customer is not."""
    generic = {
        "tell me more",
        "tell me more.",
        "can you tell me more?",
        "tell me more about that.",
        "interesting, go on.",
    }
    for scenario in SCENARIOS:
        for step in scenario.choice_steps():
            for reply in step.replies:
                assert reply.text.casefold().strip() not in generic, scenario.id


SEEDS = ROOT.parent / "shared" / "seeds"


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the essays are not beside this checkout")
def test_every_source_quotes_its_essay_verbatim():
    for scenario in SCENARIOS:
        essay = SEEDS / str(scenario.source_file)
        assert essay.is_file(), (scenario.id, scenario.source_file)
        assert str(scenario.source_quote) in essay.read_text(encoding="utf-8"), scenario.id
        assert scenario.principle.endswith((".", "!", "?")), scenario.id


GOOD_PACK = """
theme = "custom"
title = "Our product"
description = "Scenarios about our own product."

[[scenarios]]
id = "custom-one"
difficulty = 2
context = "A customer asks about the API."
customer_says = "Does it have webhooks?"
principle = "Answer what you know."
source = "Our playbook"

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
"""


def test_a_good_pack_parses():
    pack = parse_pack(GOOD_PACK, "custom.toml")
    assert pack.scenarios[0].id == "custom-one"


def test_bad_packs_report_path_scenario_field_and_problem():
    bad = GOOD_PACK.replace('stance = "listening"', 'stance = "closing"').replace("difficulty = 2", "difficulty = 7")
    with pytest.raises(ContentError) as caught:
        parse_pack(bad, "prompts/scenarios/custom.toml")
    problems = caught.value.problems
    assert any(p.startswith("prompts/scenarios/custom.toml: custom-one: difficulty: ") for p in problems)
    assert any(p.startswith("prompts/scenarios/custom.toml: custom-one: replies[0].stance: ") for p in problems)


def test_a_scenario_without_a_listening_reply_is_refused():
    bad = GOOD_PACK.replace('stance = "listening"', 'stance = "pushing"')
    with pytest.raises(ContentError, match=r"custom-one: .*listening and one pushing"):
        parse_pack(bad, "x.toml")


def test_broken_toml_is_reported_with_its_position():
    with pytest.raises(ContentError, match=r"x.toml: \(pack\): toml: .*line"):
        parse_pack("theme = \ntitle = 1", "x.toml")


def test_every_kind_of_problem_is_listed_at_once_with_its_place():
    bad = (
        GOOD_PACK.replace('title = "Our product"', "title = 3")
        .replace('id = "custom-one"', 'id = "custom-one"\nmood = "sunny"')
        .replace('context = "A customer asks about the API."\n', "")
        .replace("difficulty = 2", 'difficulty = "2"')
        .replace('feedback = "Pressure."', 'feedback = "   "')
    )
    with pytest.raises(ContentError) as caught:
        parse_pack(bad, "x.toml")
    assert sorted(caught.value.problems) == [
        "x.toml: (pack): title: should be text",
        "x.toml: custom-one: context: is required",
        "x.toml: custom-one: difficulty: should be a whole number",
        "x.toml: custom-one: mood: is not a field here",
        "x.toml: custom-one: replies[2].feedback: should not be empty",
    ]


def test_text_is_trimmed_and_a_pack_needs_scenarios():
    pack = parse_pack(GOOD_PACK.replace('"Our product"', '"  Our product  "'), "x.toml")
    assert pack.title == "Our product"
    with pytest.raises(ContentError, match=r"x.toml: \(pack\): scenarios: should have at least 1 entries"):
        parse_pack(GOOD_PACK.split("[[scenarios]]")[0] + "scenarios = []", "x.toml")


def test_overlong_text_is_refused():
    bad = GOOD_PACK.replace("Does it have webhooks?", "x" * 401)
    with pytest.raises(ContentError, match=r"customer_says: should have at most 400 characters \(401 given\)"):
        parse_pack(bad, "x.toml")


SHIPPED_PACK = GOOD_PACK.replace(
    'source = "Our playbook"',
    'channel = "chat"\ncustomer_role = "IT lead at a clinic"\nsector = "healthcare"\n'
    'source = { file = "004_fd32e5b7498b1a8b.txt", quote = "first step is to understand and carefully listen" }',
)


def test_a_shipped_pack_says_where_who_and_which_essay(tmp_path: Path):
    (tmp_path / "scenarios").mkdir()
    (tmp_path / "scenarios" / "a.toml").write_text(GOOD_PACK)
    with pytest.raises(ContentError) as caught:
        load_library(tmp_path)
    text = str(caught.value)
    for field in ("channel", "customer_role", "sector"):
        assert f"custom-one: {field}: is required in a shipped pack" in text
    assert "custom-one: source: should be `{ file = ..., quote = ... }` in a shipped pack" in text
    (tmp_path / "scenarios" / "a.toml").write_text(SHIPPED_PACK)
    [scenario] = load_library(tmp_path).scenarios.values()
    assert (scenario.channel, scenario.sector, scenario.source_file) == (
        "chat",
        "healthcare",
        "004_fd32e5b7498b1a8b.txt",
    )
    assert scenario.source == "“first step is to understand and carefully listen”"


def test_the_library_refuses_a_theme_split_across_files_and_repeated_ids(tmp_path: Path):
    (tmp_path / "scenarios").mkdir()
    (tmp_path / "scenarios" / "a.toml").write_text(SHIPPED_PACK)
    (tmp_path / "scenarios" / "b.toml").write_text(SHIPPED_PACK)
    with pytest.raises(ContentError) as caught:
        load_library(tmp_path)
    text = str(caught.value)
    assert "theme: `custom` is already the theme of" in text
    assert "custom-one: id: used twice" in text


def test_content_check_command(tmp_path: Path):
    ok = subprocess.run([str(RAPPORT), "content", "check"], capture_output=True, text=True, check=False)
    assert ok.returncode == 0
    assert f"ok: {len(SCENARIOS)} scenarios in {len(LIBRARY.themes)} themes" in ok.stdout
    (tmp_path / "scenarios").mkdir()
    (tmp_path / "scenarios" / "bad.toml").write_text(SHIPPED_PACK.replace("difficulty = 2", "difficulty = 0"))
    bad = subprocess.run(
        [str(RAPPORT), "content", "check", "--dir", str(tmp_path)], capture_output=True, text=True, check=False
    )
    assert bad.returncode == 1
    assert f"{tmp_path / 'scenarios' / 'bad.toml'}: custom-one: difficulty: " in bad.stdout


@pytest.mark.parametrize("nested", ["x = " + "[" * 1000 + "]" * 1000, "x = " + "{a = " * 600 + "1" + "}" * 600])
def test_a_file_nested_too_deep_to_read_is_refused_not_a_crash(nested: str):
    with pytest.raises(ContentError) as refused:
        parse_pack(nested, "deep.toml")
    assert refused.value.problems == ["deep.toml: (pack): toml: nested too deeply to read"]


def test_a_byte_order_mark_is_not_part_of_the_document():
    from tests.unit.coach.test_quiz import OWN_PACK

    assert parse_pack("\ufeff" + OWN_PACK, "bom.toml").theme == parse_pack(OWN_PACK, "plain.toml").theme
