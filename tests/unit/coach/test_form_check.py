"""The form check: each guesser's exact expected accuracy on choice points small enough to work out by hand,
leave-one-scenario-out that really leaves the scenario out, the limits, the table and the CLI."""

from __future__ import annotations

import subprocess
import sys
import time
from dataclasses import replace
from fractions import Fraction
from pathlib import Path

import pytest

from bot.coach.content import Reply, ScenarioBody, Stance, load_library
from bot.coach.form_check import (
    NAIVE_BAYES,
    RANDOM,
    ChoicePoint,
    choice_points,
    expected_accuracy,
    fewest_numbers,
    form_check,
    longest,
    most_you,
    naive_bayes,
    never_shortest,
    number_count,
    question_mark,
    question_then_longest,
    random_baseline,
    you_count,
)

RAPPORT = Path(sys.executable).with_name("rapport")
L, P = True, False


def point(*replies: tuple[str, bool], scenario: str = "s") -> ChoicePoint:
    return ChoicePoint(scenario, replies)


def accuracy(guesser, points: list[ChoicePoint]) -> Fraction:
    return expected_accuracy(points, [guesser(p) for p in points])


def test_random_baseline_is_the_mean_listening_share():
    points = [point(("a", L), ("b", P), ("c", P)), point(("a", L), ("b", L), ("c", P), ("d", P))]
    assert random_baseline(points) == Fraction(1, 3) / 2 + Fraction(1, 2) / 2


def test_longest_reply_breaks_ties_uniformly():
    clear = point(("aaaa", L), ("bb", P), ("cc", P))
    tied = point(("xxxx", L), ("yyyy", P), ("z", P))
    assert longest(tied) == (0, 1)
    assert accuracy(longest, [clear, tied]) == Fraction(3, 4)


def test_question_mark_is_uniform_among_asking_replies_else_among_all():
    two_ask = point(("Why?", L), ("Buy now.", P), ("Sign today?", P))  # 1/2
    none_ask = point(("a", L), ("b", P), ("c", P))  # 1/3
    one_asks = point(("Okay?", L), ("No.", P))  # 1
    assert accuracy(question_mark, [two_ask, none_ask, one_asks]) == Fraction(11, 18)


def test_you_words_are_whole_words_in_any_case():
    assert you_count("You're YOURS; you'd, you've, you'll: your you. Youth, bayou, young, yourself.") == 7
    assert you_count("You\u2019re right") == 1
    more = point(("How are you and your team?", L), ("You'll love it.", P), ("Sign here.", P))
    tied = point(("Thank you.", L), ("Your call.", P), ("Youth wins.", P))  # 1/2
    nobody = point(("a", L), ("b", P), ("c", P))  # 1/3
    assert accuracy(most_you, [more, tied, nobody]) == (1 + Fraction(1, 2) + Fraction(1, 3)) / 3


def test_never_the_shortest_leaves_out_every_reply_tied_for_shortest():
    one_shortest = point(("aaa", L), ("bbbb", P), ("c", P))  # {0, 1}: 1/2
    two_shortest = point(("a", L), ("b", P), ("cccc", P))  # {2}: 0
    all_tied = point(("aa", L), ("bb", P), ("cc", P))  # nothing left out: 1/3
    assert never_shortest(two_shortest) == (2,)
    assert accuracy(never_shortest, [one_shortest, two_shortest, all_tied]) == Fraction(5, 18)


def test_numbers_are_digit_runs_and_number_words():
    # 15, 2, 1,500, 2.5 and 9:30 are five numbers; "twenty-one" is two words, "one" a third; no "%" counted.
    assert number_count("Save 15% on 2 seats: 1,500 users in 2.5 days at 9:30, twenty-one of them, one week") == 8
    assert number_count("Someone often weighs the tone") == 0
    clear = point(("What matters most?", L), ("Save 20% today.", P), ("Three seats for 2.", P))  # 1
    tied = point(("One question.", L), ("Ten percent.", P), ("2 things.", P))  # 1/3
    assert fewest_numbers(tied) == (0, 1, 2)
    assert accuracy(fewest_numbers, [clear, tied]) == Fraction(2, 3)


def test_question_then_longest():
    longer_asks = point(("Short?", L), ("A much longer question?", P), ("Longest of all, and no question.", P))  # 0
    no_question = point(("long long", L), ("short", P))  # 1
    tied_askers = point(("ab?", L), ("cd?", P), ("efghijk", P))  # 1/2
    assert question_then_longest(longer_asks) == (1,)
    assert accuracy(question_then_longest, [longer_asks, no_question, tied_askers]) == Fraction(1, 2)


# Trained on this alone: listening words a, b (2); pushing a, c, d, e (4); a vocabulary of 5. So the odds of
# listening are 9/7 for "a" (as common in both, but the listening class has fewer words), 18/7 for "b",
# 9/14 for "c", "d" or "e", and 1 for a word never seen.
TRAINING = point(("a b", L), ("a c d e", P), scenario="training")


@pytest.mark.parametrize(
    ("replies", "picks"),
    [
        # (9/7)^4 = 2.73 beats 18/7 = 2.57: word counts multiply, and "z" (held out) is not in the vocabulary,
        # which would make it 6 and turn the pick to "b" ((10/8)^4 = 2.44 < 2.5).
        ((("b", P), ("a a a a", L), ("z", P)), (1,)),
        # (9/7)^3 = 2.12 loses to 18/7.
        ((("b", L), ("a a a", P)), (0,)),
        # 9/14 each for "c" and "d", (9/14)^2 for "e e": an exact tie between the first two.
        ((("c", L), ("d", P), ("e e", P)), (0, 1)),
        # Never-seen words carry no evidence: odds 1 each, a tie.
        ((("zebra", L), ("yak", P)), (0, 1)),
    ],
)
def test_naive_bayes_picks_the_highest_odds_of_listening(replies, picks):
    assert naive_bayes([TRAINING, point(*replies, scenario="held")])[1] == picks


def test_naive_bayes_leaves_the_whole_scenario_out():
    """Scenario s has two choice points with the same words; trained on anything of s, the model would know
    "quokka" is listening. Left out as a whole, s's words are unseen and every pick is a coin toss."""
    first = point(("quokka", L), ("wombat", P), scenario="s")
    other = point(("ask", L), ("sell", P), scenario="o")
    second = point(("quokka", L), ("wombat", P), scenario="s")
    points = [first, other, second]
    assert naive_bayes(points) == [(0, 1), (0, 1), (0, 1)]
    assert expected_accuracy(points, naive_bayes(points)) == Fraction(1, 2)
    # The same replies under distinct scenario ids teach each other: the test above would catch the leak.
    leaky = [replace(first, scenario_id="s1"), other, replace(second, scenario_id="s2")]
    assert expected_accuracy(leaky, naive_bayes(leaky)) == Fraction(5, 6)


def test_choice_points_come_from_scenario_bodies():
    body = ScenarioBody(
        id="custom-one",
        difficulty=1,
        context="c",
        customer_says="s",
        replies=(
            Reply("Ask first?", Stance.LISTENING, "f"),
            Reply("Buy now.", Stance.PUSHING, "f"),
            Reply("Sign today.", Stance.PUSHING, "f"),
        ),
        principle="p",
        source="s",
    )
    assert choice_points([body]) == [
        ChoicePoint("custom-one", (("Ask first?", True), ("Buy now.", False), ("Sign today.", False)))
    ]


# Every tell points away from listening, and the two scenarios share no word, so naive Bayes learns nothing.
HIDDEN = [
    point(("Noted, thanks.", L), ("Shall we sign today?", P), ("Our plan covers everything needed.", P), scenario="a"),
    point(
        ("Fair point.", L), ("Want the premium tier?", P), ("Honestly this beats every rival product.", P), scenario="b"
    ),
]
# Here the listening reply is the longest, says "you" and shares "what" and "the" with the other's.
TELLING = [
    point(
        ("Noted, and what would make the plan worth it to your team?", L), ("Sign?", P), ("Our plan.", P), scenario="a"
    ),
    point(
        ("Fair; tell me what the last vendor got wrong for you.", L), ("Premium?", P), ("Best one.", P), scenario="b"
    ),
]


def test_a_report_within_every_limit_passes_and_renders_a_table():
    report = form_check(HIDDEN)
    assert report.passed
    assert report.rows[0].name == RANDOM and report.rows[-1].name == NAIVE_BAYES
    assert report.table() == (
        "guesser                 right  limit\n"
        "----------------------  -----  -----\n"
        "random (baseline)         33%      -\n"
        "longest reply              0%    45%\n"
        "has a question mark        0%    50%\n"
        "most you/your             33%    60%\n"
        "never the shortest         0%    60%\n"
        "fewest numbers            33%    60%\n"
        "question mark, longest     0%    60%\n"
        "naive Bayes (held out)    33%    60%\n"
        "form check on 2 choice point(s): passed"
    )


def test_each_limit_is_at_most_and_failures_are_marked():
    report = form_check(TELLING)
    rows = {row.name: row for row in report.rows}
    assert rows["longest reply"].accuracy == 1 and not rows["longest reply"].passed
    assert rows["most you/your"].accuracy == 1 and rows[NAIVE_BAYES].accuracy == 1
    assert rows["has a question mark"].accuracy == Fraction(1, 4) and rows["has a question mark"].passed
    assert rows["random (baseline)"].passed and rows["random (baseline)"].limit is None
    assert not report.passed
    table = report.table()
    assert "longest reply            100%    45%  over" in table
    assert table.endswith("failed: 3 guesser(s) over the limit")
    assert sum(line.endswith("over") for line in table.splitlines()) == 3
    # Exactly at the limit passes: half the points with the only "?" on the listening reply is 50%.
    at_limit = [point(("Why?", L), ("No.", P)), point(("Why?", P), ("No.", L), scenario="b")]
    assert {row.name: row.passed for row in form_check(at_limit).rows}["has a question mark"]


def test_no_choice_points_or_an_empty_one_is_refused():
    with pytest.raises(ValueError, match="no choice points"):
        form_check([])
    with pytest.raises(ValueError, match="without replies"):
        form_check([point()])


def test_the_shipped_packs_fit_a_message_and_check_fast():
    points = choice_points(load_library().scenarios.values())
    table = form_check(points).table()
    assert len(table) < 1000
    assert len({len(line) for line in table.splitlines()[:-1] if not line.endswith("over")}) == 1
    # Ten times the shipped content, as distinct scenarios: a generous bound that only a check growing
    # with the square of the content (retraining for every held-out scenario) would miss.
    many = [replace(p, scenario_id=f"{p.scenario_id}-{copy}") for copy in range(10) for p in points]
    start = time.perf_counter()
    form_check(many)
    assert time.perf_counter() - start < 2


PACK = """
theme = "custom"
title = "Our product"
description = "Scenarios about our own product."
{scenarios}
"""
SCENARIO = """
[[scenarios]]
id = "{id}"
difficulty = 2
context = "A customer asks about the API."
customer_says = "Does it have webhooks?"
principle = "Answer what you know."
channel = "chat"
customer_role = "IT lead at a clinic"
sector = "healthcare"
source = {{ file = "004_fd32e5b7498b1a8b.txt", quote = "first step is to understand and carefully listen" }}
{replies}
"""
REPLY = """
[[scenarios.replies]]
text = "{text}"
stance = "{stance}"
feedback = "Because."
"""


def write_pack(directory: Path, points: list[ChoicePoint]) -> str:
    scenarios = "".join(
        SCENARIO.format(
            id=f"custom-{p.scenario_id}",
            replies="".join(REPLY.format(text=text, stance="listening" if ok else "pushing") for text, ok in p.replies),
        )
        for p in points
    )
    (directory / "scenarios").mkdir(parents=True)
    (directory / "scenarios" / "custom.toml").write_text(PACK.format(scenarios=scenarios))
    return str(directory)


def rapport(*arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(RAPPORT), "content", "check", *arguments], capture_output=True, text=True, check=False)


def test_content_check_shows_the_form_table_and_fails_on_it(tmp_path: Path):
    plain = rapport()
    assert plain.returncode == 0  # the shipped packs pass
    assert plain.stdout.index("ok: ") < plain.stdout.index("longest reply")
    hidden = rapport("--dir", write_pack(tmp_path / "hidden", HIDDEN))
    assert hidden.returncode == 0
    assert "form check on 2 choice point(s): passed" in hidden.stdout
    telling = rapport("--dir", write_pack(tmp_path / "telling", TELLING))
    assert telling.returncode == 1
