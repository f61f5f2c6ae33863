"""B9: the listening scorer's cost per role-play reply, in process (it runs on the event loop).

Every reply of the development set (`tests/data/roleplay-dev.tsv`), scored many times over, gives the p50
and p99 per reply; the adversarial row is a 4,000-character reply built to make regular expressions work
hard (long runs of near-matches: "you need" and "lock" without what completes them, question marks,
commas). Targets: p99 at most 5 ms per reply, at most 50 ms for the adversarial one. The baseline is
splitting the same reply into words, the floor of reading it at all.

    python -m bench.scorer [--full]
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import statistics
import time
from pathlib import Path
from typing import Any

from bench.interactions import p99
from bot.coach.listening import score_reply

DEV_SET = Path(__file__).resolve().parents[1] / "tests" / "data" / "roleplay-dev.tsv"


def adversarial() -> str:
    piece = "you need, lock, if i could, would you, what, so, sounds, our platform, 100, promise, by the end of? "
    return (piece * (4000 // len(piece) + 1))[:4000]


def _timed(rows: list[tuple[str, str]], rounds: int) -> list[float]:
    times = []
    for _ in range(rounds):
        for customer, reply in rows:
            start = time.perf_counter()
            score_reply(reply, customer)
            times.append((time.perf_counter() - start) * 1000)
    return times


async def run(full: bool) -> list[dict[str, Any]]:
    with DEV_SET.open(encoding="utf-8") as source:
        rows = [(row["customer_says"], row["rep_reply"]) for row in csv.DictReader(source, delimiter="\t")]
    rounds = 20 if full else 3
    replies = _timed(rows, rounds)
    floor = []
    for _ in range(rounds):
        for _customer, reply in rows:
            start = time.perf_counter()
            reply.split()
            floor.append((time.perf_counter() - start) * 1000)
    long_reply = adversarial()
    worst = _timed([("We need to think about it.", long_reply)], 50 if full else 10)
    return [
        {
            "what": f"B9 scorer, {len(rows)} dev-set replies x{rounds}",
            "p50_ms": round(statistics.median(replies), 3),
            "p99_ms": round(p99(replies), 3),
            "baseline_p99_ms": round(p99(floor), 4),
            "target": "p99 <= 5",
            "met": p99(replies) <= 5,
        },
        {
            "what": "B9 scorer, a 4,000-character adversarial reply",
            "p50_ms": round(statistics.median(worst), 2),
            "p99_ms": round(p99(worst), 2),
            "target": "p99 <= 50",
            "met": p99(worst) <= 50,
        },
    ]


if __name__ == "__main__":
    from bench.__main__ import table

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--full", action="store_true")
    print(table(asyncio.run(run(parser.parse_args().full))))
