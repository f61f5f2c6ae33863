"""Form check: can the quiz be passed without reading it?

A rep who has not read the customer can still score if the listening reply gives itself away by its form:
the longest one, the one with a question mark, the one that says "you" most. Each guesser below picks a
reply by form alone, and its *expected* accuracy (ties broken uniformly at random, computed exactly as a
fraction, never sampled) says how far the quiz can be gamed that way. Content whose best guesser does much
better than chance teaches the tell, not the listening, so shipped packs must keep every guesser under a
limit.

The guessers see only `ChoicePoint`s, not the pack schema, so multi-step scenarios (several choice points
under one scenario id) need no change here: only `choice_points` knows how a scenario is written.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import partial
from typing import TypeVar

from bot.coach.content import ScenarioBody, Stance

GUESSER_LIMIT = Fraction(60, 100)
LONGEST_LIMIT = Fraction(45, 100)
QUESTION_LIMIT = Fraction(50, 100)

YOU_WORDS = frozenset({"you", "your", "you're", "yours", "you'll", "you've", "you'd"})
NUMBER_WORDS = frozenset({
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty",
})  # fmt: skip
# Spanish: the rep's "tú" and "usted" forms (a translated pack addresses customers either way); "su" and "le"
# are left out, since they as often mean "his", "her" or "their".
SPANISH_YOU_WORDS = frozenset({
    "tú", "tu", "tus", "te", "ti", "contigo", "usted", "ustedes", "vos", "tuyo", "tuya", "tuyos", "tuyas",
})  # fmt: skip
SPANISH_NUMBER_WORDS = frozenset({
    "cero", "uno", "una", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve", "diez",
    "once", "doce", "trece", "catorce", "quince", "dieciséis", "diecisiete", "dieciocho", "diecinueve", "veinte",
})  # fmt: skip
# A word keeps its inner apostrophes ("you're", "we'll") so contractions count as the word they are.
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z0-9]+)*")
# Other languages' words have letters beyond a-z ("está", "año"): any letter or digit.
_ANY_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)*")
# Per language a pack can declare: its you-words and number words, and what a word is. English also reads any
# language without its own sets.
_LANGUAGES: dict[str, tuple[frozenset[str], frozenset[str], re.Pattern[str]]] = {
    "en": (YOU_WORDS, NUMBER_WORDS, _WORD),
    "es": (SPANISH_YOU_WORDS, SPANISH_NUMBER_WORDS, _ANY_WORD),
}
# "1,500", "2.5" and "9:30" are one number each, not two digit runs.
_NUMBER = re.compile(r"\d+(?:[.,:]\d+)*")

T = TypeVar("T")


@dataclass(frozen=True)
class ChoicePoint:
    """One moment where the rep picks a reply: each reply's text and whether it is a listening one.

    `scenario_id` groups the choice points of one scenario, so a guesser that learns from the content can
    leave the whole scenario out when it is tested on any of its points."""

    scenario_id: str
    replies: tuple[tuple[str, bool], ...]


def choice_points(bodies: Iterable[ScenarioBody]) -> list[ChoicePoint]:
    """The choice points of written scenarios: one per step (one for a single-step scenario).

    The only part of this module that knows the pack schema."""
    return [
        ChoicePoint(body.id, tuple((reply.text, reply.stance is Stance.LISTENING) for reply in step.replies))
        for body in bodies
        for step in body.choice_steps()
    ]


def _language(language: str) -> tuple[frozenset[str], frozenset[str], re.Pattern[str]]:
    return _LANGUAGES.get(language, _LANGUAGES["en"])


def words(text: str, language: str = "en") -> list[str]:
    """Lowercase word tokens; a typographic apostrophe counts as a plain one."""
    return _language(language)[2].findall(text.casefold().replace("\u2019", "'"))


def you_count(text: str, language: str = "en") -> int:
    you = _language(language)[0]
    return sum(word in you for word in words(text, language))


def number_count(text: str, language: str = "en") -> int:
    """Digit runs plus the number words zero to twenty.

    A percent sign is not counted: in practice it always follows a number already counted, so counting it
    again would make "15% off" weigh as two numbers while "15 people" weighs one. Number words include "one",
    which is also a pronoun ("which one matters most?"); a rep skimming for numbers would not tell them
    apart either."""
    numbers = _language(language)[1]
    return len(_NUMBER.findall(text)) + sum(word in numbers for word in words(text, language))


def _best(values: Sequence[T], key: Callable[[T], Fraction | int]) -> tuple[int, ...]:
    """Every index whose key is the highest: the guesser picks uniformly among them."""
    keys = [key(value) for value in values]
    top = max(keys)
    return tuple(index for index, value in enumerate(keys) if value == top)


# A guesser at one choice point: the indices of the replies it may pick, each equally likely.
Picks = tuple[int, ...]


def longest(point: ChoicePoint, language: str = "en") -> Picks:
    return _best([text for text, _ in point.replies], len)


def question_mark(point: ChoicePoint, language: str = "en") -> Picks:
    asking = tuple(index for index, (text, _) in enumerate(point.replies) if "?" in text)
    return asking or tuple(range(len(point.replies)))


def most_you(point: ChoicePoint, language: str = "en") -> Picks:
    return _best([text for text, _ in point.replies], partial(you_count, language=language))


def never_shortest(point: ChoicePoint, language: str = "en") -> Picks:
    """All but the shortest (all tied for shortest are left out); all of them if every reply is as short."""
    lengths = [len(text) for text, _ in point.replies]
    longer = tuple(index for index, length in enumerate(lengths) if length > min(lengths))
    return longer or tuple(range(len(point.replies)))


def fewest_numbers(point: ChoicePoint, language: str = "en") -> Picks:
    return _best([text for text, _ in point.replies], lambda text: -number_count(text, language))


def question_then_longest(point: ChoicePoint, language: str = "en") -> Picks:
    """The longest reply with a question mark, else the longest of all."""
    asking = [index for index, (text, _) in enumerate(point.replies) if "?" in text] or range(len(point.replies))
    return tuple(asking[index] for index in _best([point.replies[index][0] for index in asking], len))


class _LeaveOneScenarioOut:
    """Word counts by class over all the replies and per scenario. The model for a held-out scenario reads
    the totals minus that scenario's counts instead of recounting the rest, so the whole check is one pass
    over the words, not one per scenario."""

    def __init__(self, points: Sequence[ChoicePoint], tokens: Sequence[Sequence[Counter[str]]]) -> None:
        self.total: dict[bool, Counter[str]] = {True: Counter(), False: Counter()}
        self.held: dict[str, dict[bool, Counter[str]]] = defaultdict(lambda: {True: Counter(), False: Counter()})
        for point, counts in zip(points, tokens, strict=True):
            for (_, listening), count in zip(point.replies, counts, strict=True):
                self.total[listening].update(count)
                self.held[point.scenario_id][listening].update(count)
        vocabulary = self.total[True] + self.total[False]
        listening_words, pushing_words = self.total[True].total(), self.total[False].total()
        # Laplace-smoothed denominators of P(word | class) without the scenario: the class's training words
        # plus the training vocabulary (less the words only that scenario uses).
        self.denominators: dict[str, tuple[int, int]] = {}
        for scenario_id, out in self.held.items():
            out_vocabulary = out[True] + out[False]
            size = len(vocabulary) - sum(vocabulary[word] == out_vocabulary[word] for word in out_vocabulary)
            self.denominators[scenario_id] = (
                listening_words - out[True].total() + size,
                pushing_words - out[False].total() + size,
            )

    def odds(self, scenario_id: str, count: Counter[str]) -> Fraction:
        """P(words | listening) / P(words | pushing) trained without `scenario_id`, exactly; words that
        training never saw are skipped."""
        out = self.held[scenario_id]
        listening_total, pushing_total = self.denominators[scenario_id]
        numerator = denominator = 1
        for word, times in count.items():
            in_listening = self.total[True][word] - out[True][word]
            in_pushing = self.total[False][word] - out[False][word]
            if in_listening + in_pushing:
                numerator *= ((in_listening + 1) * pushing_total) ** times
                denominator *= ((in_pushing + 1) * listening_total) ** times
        return Fraction(numerator, denominator)


def naive_bayes(points: Sequence[ChoicePoint], language: str = "en") -> list[Picks]:
    """Multinomial naive Bayes on lowercase word counts, Laplace smoothing, classes listening and pushing.

    Each choice point is guessed by a model trained on every *other* scenario's replies: the whole scenario
    is left out, every one of its choice points, so a multi-step scenario cannot teach the model its own
    answer. The pick is the reply with the highest odds of listening. The class prior multiplies every
    reply's odds alike, so it cannot change the pick and is left out. A word the training replies never used
    is skipped, as the textbook multinomial model does: smoothing it would only add a term that grows with
    the reply's length (more pushing words than listening ones in training make every unseen word lean to
    listening), which is the longest-reply guesser's job, not a word's. Odds are compared exactly, as
    fractions, so equal odds are a real tie."""
    tokens = [[Counter(words(text, language)) for text, _ in point.replies] for point in points]
    model = _LeaveOneScenarioOut(points, tokens)
    return [_best(counts, partial(model.odds, point.scenario_id)) for point, counts in zip(points, tokens, strict=True)]


def expected_accuracy(points: Sequence[ChoicePoint], picks: Sequence[Picks]) -> Fraction:
    """The chance the guess is a listening reply, averaged over the choice points (each weighs the same)."""
    if not points:
        raise ValueError("no choice points to check")
    hits = sum(
        (
            Fraction(sum(point.replies[index][1] for index in chosen), len(chosen))
            for point, chosen in zip(points, picks, strict=True)
        ),
        Fraction(0),
    )
    return hits / len(points)


def random_baseline(points: Sequence[ChoicePoint]) -> Fraction:
    return expected_accuracy(points, [tuple(range(len(point.replies))) for point in points])


# Each guesser takes a choice point and the pack's language (only the word-counting ones read it).
GUESSERS: tuple[tuple[str, Callable[[ChoicePoint, str], Picks], Fraction], ...] = (
    ("longest reply", longest, LONGEST_LIMIT),
    ("has a question mark", question_mark, QUESTION_LIMIT),
    ("most you/your", most_you, GUESSER_LIMIT),
    ("never the shortest", never_shortest, GUESSER_LIMIT),
    ("fewest numbers", fewest_numbers, GUESSER_LIMIT),
    ("question mark, longest", question_then_longest, GUESSER_LIMIT),
)
NAIVE_BAYES = "naive Bayes (held out)"
RANDOM = "random (baseline)"


@dataclass(frozen=True)
class FormRow:
    """One guesser's expected accuracy; `limit` is None for the random baseline, shown for comparison."""

    name: str
    accuracy: Fraction
    limit: Fraction | None
    passed: bool


def _percent(value: Fraction) -> str:
    return f"{round(value * 100)}%"


@dataclass(frozen=True)
class FormReport:
    """The random baseline and every guesser's row; it passes when no guesser is over its limit."""

    rows: tuple[FormRow, ...]
    choice_points: int

    @property
    def passed(self) -> bool:
        return all(row.passed for row in self.rows)

    def table(self) -> str:
        """Plain aligned text, short enough (under 1,000 characters) for a Discord message in a code block."""
        width = max(len(row.name) for row in self.rows)
        lines = [f"{'guesser':<{width}}  right  limit", f"{'-' * width}  -----  -----"]
        for row in self.rows:
            limit = "-" if row.limit is None else _percent(row.limit)
            mark = "" if row.passed else "  over"
            lines.append(f"{row.name:<{width}}  {_percent(row.accuracy):>5}  {limit:>5}{mark}")
        over = sum(not row.passed for row in self.rows)
        verdict = "passed" if self.passed else f"failed: {over} guesser(s) over the limit"
        lines.append(f"form check on {self.choice_points} choice point(s): {verdict}")
        return "\n".join(lines)


def form_check(points: Sequence[ChoicePoint], language: str = "en") -> FormReport:
    """Every guesser's expected accuracy on `points` against its limit, with the random baseline; the words a
    guesser counts ("you", numbers) are those of the pack's `language` (a translated pack is measured too)."""
    if any(not point.replies for point in points):
        raise ValueError("a choice point without replies")
    rows = [FormRow(RANDOM, random_baseline(points), None, True)]
    for name, guesser, limit in GUESSERS:
        accuracy = expected_accuracy(points, [guesser(point, language) for point in points])
        rows.append(FormRow(name, accuracy, limit, accuracy <= limit))
    accuracy = expected_accuracy(points, naive_bayes(points, language))
    rows.append(FormRow(NAIVE_BAYES, accuracy, GUESSER_LIMIT, accuracy <= GUESSER_LIMIT))
    return FormReport(tuple(rows), len(points))
