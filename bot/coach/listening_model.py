"""A small learned weigher for the listening scorer: naive Bayes over a reply's words and word pairs.

Standard library only, at training and at run time. Training is deterministic (counts, no randomness, weights
rounded to four decimals), so the shipped weights are exactly what `train` gives on the dev set:

    python -m bot.coach.listening_model train [--out PATH]

Each weight belongs to a lowercased word ("w:price") or a pair of neighbouring words ("b:sounds like"); a
positive weight leans toward pushing. `weigh` returns the margin and, for explanation, the words of the reply
that weigh most in each direction, as spans of the reply so they can be quoted verbatim.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import re
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import pairwise
from pathlib import Path

WEIGHTS = Path(__file__).with_name("listening_model.json")
DEV_SET = Path(__file__).resolve().parents[2] / "tests" / "data" / "roleplay-dev.tsv"
TOKEN = re.compile(r"[a-z0-9']+", re.IGNORECASE)
MIN_COUNT = 2  # a feature seen fewer times in training is dropped
DIGITS = 4  # a weight's decimals in the shipped file
PUSHING, LISTENING = "pushing", "listening"


@dataclass(frozen=True)
class Weight:
    feature: str
    start: int  # the feature's span in the reply
    end: int
    weight: float


CLAUSE = re.compile(r"[^.!?\n]+")


def features(reply: str) -> list[tuple[str, int, int]]:
    """A reply's features with their spans: each word, and each pair of neighbouring words in one sentence."""
    text = reply.replace("\u2019", "'").replace("\u2018", "'")
    found: list[tuple[str, int, int]] = []
    for clause in CLAUSE.finditer(text):
        words = [
            (word.group(0).lower().strip("'"), word.start(), word.end())
            for word in TOKEN.finditer(text, clause.start(), clause.end())
        ]
        words = [word for word in words if word[0]]
        found.extend((f"w:{word}", start, end) for word, start, end in words)
        found.extend((f"b:{first} {second}", start, end) for (first, start, _), (second, _, end) in pairwise(words))
    return found


def train(rows: Iterable[tuple[str, str]]) -> dict[str, float]:
    """Weights from (reply, label) rows, label "pushing" or "listening": naive Bayes over which features a
    reply holds, each weight the log of how much likelier the feature is in a push than in listening (add-one
    smoothing), the bias the log of the labels' ratio."""
    held: dict[str, Counter[str]] = {PUSHING: Counter(), LISTENING: Counter()}
    replies: Counter[str] = Counter()
    for reply, label in rows:
        replies[label] += 1
        held[label].update({name for name, _, _ in features(reply)})
    pushes, listens = replies[PUSHING], replies[LISTENING]
    weights = {
        name: round(
            math.log((held[PUSHING][name] + 1) / (pushes + 2)) - math.log((held[LISTENING][name] + 1) / (listens + 2)),
            DIGITS,
        )
        for name in sorted(held[PUSHING].keys() | held[LISTENING].keys())
        if held[PUSHING][name] + held[LISTENING][name] >= MIN_COUNT
    }
    weights[""] = round(math.log(pushes / listens), DIGITS)
    return weights


@cache
def load() -> dict[str, float]:
    """The shipped weights, read on first use."""
    with WEIGHTS.open(encoding="utf-8") as source:
        weights: dict[str, float] = json.load(source)
    return weights


def weigh(reply: str, weights: dict[str, float] | None = None) -> tuple[float, list[Weight]]:
    """The reply's margin (above 0 leans pushing) and its weighed features, heaviest first."""
    table = load() if weights is None else weights
    seen: dict[str, Weight] = {}
    for name, start, end in features(reply):
        if name in table and name not in seen:
            seen[name] = Weight(name, start, end, table[name])
    margin = table.get("", 0.0) + sum(weight.weight for weight in seen.values())
    return margin, sorted(seen.values(), key=lambda weight: -abs(weight.weight))


def read_rows(path: Path) -> list[tuple[str, str]]:
    with path.open(encoding="utf-8", newline="") as source:
        return [
            (row["rep_reply"], row["label"]) for row in csv.DictReader(source, delimiter="\t", quoting=csv.QUOTE_NONE)
        ]


def dump(weights: dict[str, float]) -> str:
    return json.dumps(weights, sort_keys=True, separators=(",", ":")) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.coach.listening_model")
    parser.add_argument("command", choices=["train"])
    parser.add_argument("--data", type=Path, default=DEV_SET)
    parser.add_argument("--out", type=Path, default=WEIGHTS)
    args = parser.parse_args(argv)
    weights = train(read_rows(args.data))
    args.out.write_text(dump(weights), encoding="utf-8")
    print(f"{len(weights) - 1} weights -> {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
