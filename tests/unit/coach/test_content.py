"""The shipped quiz content: schema, balance, no near-duplicates, lengths; and the errors bad packs get."""

from __future__ import annotations

import itertools
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from bot.coach.content import ContentError, Stance, load_library, parse_pack

LIBRARY = load_library()
SCENARIOS = list(LIBRARY.scenarios.values())
RAPPORT = Path(sys.executable).with_name("rapport")


def words(text: str) -> set[str]:
    return set(re.findall(r"[a-z']+", text.casefold()))


def similarity(left: str, right: str) -> float:
    a, b = words(left), words(right)
    return len(a & b) / len(a | b)


def test_at_least_48_scenarios_across_at_least_8_themes():
    per_theme = Counter(scenario.theme for scenario in SCENARIOS)
    assert len(SCENARIOS) >= 48
    assert len(per_theme) >= 8
    assert min(per_theme.values()) >= 5


def test_every_scenario_has_a_listening_and_a_pushing_reply():
    for scenario in SCENARIOS:
        stances = Counter(reply.stance for reply in scenario.replies)
        assert stances[Stance.LISTENING] >= 1 and stances[Stance.PUSHING] >= 1, scenario.id
        assert 3 <= len(scenario.replies) <= 4


def test_difficulties_are_spread_within_each_theme():
    for theme in LIBRARY.themes:
        assert {scenario.difficulty for scenario in LIBRARY.in_theme(theme)} >= {1, 2, 3}, theme


def test_some_scenarios_have_two_good_answers():
    """Listening is not one magic option: a few scenarios offer two, so reps judge rather than pattern-match."""
    assert {sum(r.stance is Stance.LISTENING for r in s.replies) for s in SCENARIOS} == {1, 2}


def test_no_two_scenarios_are_near_duplicates():
    texts = {s.id: f"{s.context} {s.customer_says}" for s in SCENARIOS}
    close = [
        (a, b, round(similarity(texts[a], texts[b]), 2))
        for a, b in itertools.combinations(texts, 2)
        if similarity(texts[a], texts[b]) > 0.35
    ]
    assert close == []


def test_no_two_replies_anywhere_are_near_duplicates():
    replies = [(s.id, r.text) for s in SCENARIOS for r in s.replies]
    close = [
        (a[0], b[0])
        for a, b in itertools.combinations(replies, 2)
        if len(words(a[1])) > 6 and similarity(a[1], b[1]) > 0.6
    ]
    assert close == []


def test_listening_replies_are_specific_not_generic():
    generic = {"tell me more", "can you tell me more?", "tell me more about that.", "interesting, go on."}
    for scenario in SCENARIOS:
        for reply in scenario.replies:
            if reply.stance is Stance.LISTENING:
                assert reply.text.casefold().strip() not in generic, scenario.id
                assert len(reply.text) >= 40, scenario.id


def test_customers_come_from_many_industries():
    contexts = " ".join(s.context.casefold() for s in SCENARIOS)
    industries = [
        "dental", "logistics", "restaurant", "school", "insurance", "farm", "hotel", "law", "bakery",
        "software", "manufactur", "nonprofit", "salon", "hospital", "cafe", "solar", "recruit",
    ]  # fmt: skip
    assert sum(industry in contexts for industry in industries) >= 14


def test_every_scenario_names_an_essay_idea_and_a_principle():
    essays = (
        "Tale of Two Leaders",
        "Selling Beyond The Sale",
        "Relationships Matter",
        "About Connection",
        "Margin Call",
    )
    for scenario in SCENARIOS:
        assert any(essay in scenario.source for essay in essays), scenario.id
        assert scenario.principle.endswith((".", "!")), scenario.id


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


def test_the_library_refuses_a_theme_split_across_files_and_repeated_ids(tmp_path: Path):
    (tmp_path / "scenarios").mkdir()
    (tmp_path / "scenarios" / "a.toml").write_text(GOOD_PACK)
    (tmp_path / "scenarios" / "b.toml").write_text(GOOD_PACK)
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
    (tmp_path / "scenarios" / "bad.toml").write_text(GOOD_PACK.replace("difficulty = 2", "difficulty = 0"))
    bad = subprocess.run(
        [str(RAPPORT), "content", "check", "--dir", str(tmp_path)], capture_output=True, text=True, check=False
    )
    assert bad.returncode == 1
    assert f"{tmp_path / 'scenarios' / 'bad.toml'}: custom-one: difficulty: " in bad.stdout
