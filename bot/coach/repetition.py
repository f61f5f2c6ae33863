"""Spaced repetition for the quiz: Leitner boxes, and which scenario a rep should meet next.

Pure functions over plain values, so the rules can be tested exhaustively:
- a missed scenario drops to box 1 and comes back within the hour; a correct answer moves it up a box and
  further out (1, 3, 7, 21, then 60 days);
- reviews that are due come first, lowest box first, but every third presentation introduces a new
  scenario while any are left, so new material arrives steadily;
- never the same scenario twice in a row (unless it is the only one).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

BOX_INTERVALS: Mapping[int, timedelta] = {
    1: timedelta(days=1),
    2: timedelta(days=3),
    3: timedelta(days=7),
    4: timedelta(days=21),
    5: timedelta(days=60),
}
TOP_BOX = max(BOX_INTERVALS)
MISSED_RETRY = timedelta(hours=1)
NEW_EVERY = 3


@dataclass(frozen=True)
class Progress:
    box: int
    due_at: datetime


@dataclass(frozen=True)
class Candidate:
    key: str
    difficulty: int


def after_answer(previous: Progress | None, correct: bool, now: datetime) -> Progress:
    """Where a scenario goes after an answer."""
    if not correct:
        return Progress(1, now + MISSED_RETRY)
    box = 2 if previous is None else min(previous.box + 1, TOP_BOX)
    return Progress(box, now + BOX_INTERVALS[box])


def _shuffle_key(seed: str, key: str) -> str:
    """A per-rep order for new scenarios, stable between calls, different between reps."""
    return hashlib.sha256(f"{seed}:{key}".encode()).hexdigest()


def choose_next(
    candidates: Sequence[Candidate],
    progress: Mapping[str, Progress],
    *,
    last_key: str | None,
    now: datetime,
    presented_count: int,
    seed: str,
) -> str | None:
    """The key of the scenario to present next, or None when there are no candidates."""
    pool = [c for c in candidates if c.key != last_key] or list(candidates)
    if not pool:
        return None
    due = sorted(
        (c for c in pool if c.key in progress and progress[c.key].due_at <= now),
        key=lambda c: (progress[c.key].box, progress[c.key].due_at, c.key),
    )
    new = sorted((c for c in pool if c.key not in progress), key=lambda c: (c.difficulty, _shuffle_key(seed, c.key)))
    if due and new:
        return new[0].key if presented_count % NEW_EVERY == NEW_EVERY - 1 else due[0].key
    if due:
        return due[0].key
    if new:
        return new[0].key
    return min(pool, key=lambda c: (progress[c.key].due_at, c.key)).key
