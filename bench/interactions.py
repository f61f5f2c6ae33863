"""B1 (`/touch log` round trip at 1 and 20 concurrent) and B7 (customer autocomplete with 10,000 customers),
each against the bare discord.py bot on the same fake Discord and the same load."""

from __future__ import annotations

import statistics
import tempfile
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select

from bench import harness
from bot.db import migrate
from bot.db.engine import Database
from bot.db.models import Customer, Rep

USER = 4242
B1_SLASH = {"kind": "slash", "name": "touch", "sub": "log", "options": {"customer": "Acme", "kind": "listening"}}


def p99(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))]


def summary(samples: list[float]) -> dict[str, float]:
    return {"p50": statistics.median(samples), "p99": p99(samples), "n": len(samples)}


async def seed_customers(url: str, guild_id: int, count: int) -> None:
    db = Database(url)
    try:
        await migrate.upgrade(db.engine)
        async with db.write() as session:
            await session.execute(insert(Rep), [{"guild_id": guild_id, "user_id": USER, "preferences": {}}])
            rep_id = await session.scalar(select(Rep.id).where(Rep.user_id == USER))
            await session.execute(
                insert(Customer),
                [{"rep_id": rep_id, "name": f"Customer {n:05}", "name_key": f"customer {n:05}"} for n in range(count)],
            )
    finally:
        await db.dispose()


async def run_bot(kind: str, single: int, concurrent: int, customers: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as directory:
        workdir = Path(directory)
        fake = await harness.start_fake(workdir)
        bot = None
        try:
            if kind == "rapport":
                await seed_customers(f"sqlite+aiosqlite:///{workdir / 'rapport.db'}", int(fake.guild_id), customers)
            bot = await harness.start_bot(kind, fake, workdir)
            await fake.wait_ready()
            await harness.past_on_ready()
            slash = B1_SLASH
            await fake.call("POST", "/_control/measure", {**slash, "count": 20, "concurrency": 1})  # warm-up
            one = await fake.call("POST", "/_control/measure", {**slash, "count": single, "concurrency": 1})
            # Warm at the same concurrency too: the first burst of 20 opens the pool's connections (one wave in
            # 50 that would otherwise be the whole p99); B1 is the steady state of a running bot.
            await fake.call("POST", "/_control/measure", {**slash, "count": 40, "concurrency": 20})
            twenty = await fake.call("POST", "/_control/measure", {**slash, "count": concurrent, "concurrency": 20})
            typing = {
                "kind": "autocomplete",
                "name": "touch",
                "sub": "log",
                "focused": "customer",
                "options": {"customer": "customer 0", "kind": "listening"},
            }
            auto = await fake.call("POST", "/_control/measure", {**typing, "count": single, "concurrency": 1})
            return {
                "c1": summary(one["answer_ms"]),
                "c20": summary(twenty["answer_ms"]),
                "c20_ack": summary(twenty["ack_ms"]),
                "autocomplete": summary(auto["answer_ms"]),
            }
        finally:
            await harness.stop(fake, bot)


async def run(full: bool) -> list[dict[str, Any]]:
    single, concurrent = (2000, 4000) if full else (500, 1000)
    bare = await run_bot("bare", single, concurrent, 0)
    ours = await run_bot("rapport", single, concurrent, 10_000)
    rows = []
    for label, key, target in (
        ("B1 /touch log, 1 at a time", "c1", None),
        ("B1 /touch log, 20 concurrent", "c20", "p99 <= 50 ms and <= 3x bare"),
        ("B7 autocomplete, 10,000 customers", "autocomplete", "p99 <= 20 ms"),
    ):
        value, base = ours[key]["p99"], bare[key]["p99"]
        met = None
        if key == "c20":
            met = value <= 50 and value <= 3 * base
        elif key == "autocomplete":
            met = value <= 20
        rows.append(
            {
                "id": label.split()[0],
                "what": label,
                "p50_ms": round(ours[key]["p50"], 2),
                "p99_ms": round(value, 2),
                "baseline_p99_ms": round(base, 2),
                "ratio": round(value / base, 2) if base else None,
                "target": target,
                "met": met,
                "n": ours[key]["n"],
            }
        )
    return rows
