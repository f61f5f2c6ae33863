"""Customer autocomplete with 10,000 customers for one rep (plus 40,000 of other reps), on SQLite and,
when reachable, PostgreSQL.

Measures `CustomerBook.suggest` (the query behind `/touch log customer:`) for typed prefixes, substrings and
the empty string; the baseline is a primary-key lookup of one customer on the same database in the same
run, the floor for any query there.

    python -m bench.autocomplete [--customers 10000] [--queries 400]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

from sqlalchemy import insert, select

from bench.interactions import p99 as percentile_99
from bot.coach import Coach
from bot.db import migrate
from bot.db.engine import Database
from bot.db.models import Customer, Rep

GUILD = 1
WORDS = [
    "acme",
    "north",
    "star",
    "blue",
    "river",
    "peak",
    "harbor",
    "summit",
    "pine",
    "cedar",
    "globex",
    "initech",
    "umbrella",
    "stark",
    "wayne",
]
POSTGRES_URL = os.environ.get("RAPPORT_TEST_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test")


async def seed(db: Database, customers: int) -> None:
    rng = random.Random(7)
    async with db.write() as session:
        await session.execute(
            insert(Rep), [{"guild_id": GUILD, "user_id": user, "preferences": {}} for user in range(5)]
        )
        rep_ids = list(await session.scalars(select(Rep.id).order_by(Rep.id)))
        for rep_id in rep_ids:
            names = {f"{rng.choice(WORDS).title()} {rng.choice(WORDS).title()} {n}" for n in range(customers)}
            await session.execute(
                insert(Customer), [{"rep_id": rep_id, "name": name, "name_key": name.casefold()} for name in names]
            )


async def timed(call: Callable[[], Awaitable[object]], queries: int) -> list[float]:
    samples = []
    for _ in range(queries):
        start = time.perf_counter()
        await call()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


async def measure(label: str, db: Database, customers: int, queries: int) -> None:
    await migrate.upgrade(db.engine)
    await seed(db, customers)
    coach = Coach(db)
    rng = random.Random(11)
    typed = [rng.choice(["", "a", "ac", "acme n", "ver", "summit pi", "zzz"]) for _ in range(queries)]
    iterator = iter(typed)
    await coach.customers.suggest(GUILD, 0, "warm")

    async def suggest() -> object:
        return await coach.customers.suggest(GUILD, 0, next(iterator))

    async def lookup() -> object:
        async with db.read() as session:
            return await session.get(Customer, rng.randint(1, customers))

    baseline = await timed(lookup, queries)
    results = await timed(suggest, queries)
    p50, p99 = statistics.median(results), percentile_99(results)
    b50, b99 = statistics.median(baseline), percentile_99(baseline)
    print(
        f"{label:<11} suggest p50 {p50:6.2f} ms  p99 {p99:6.2f} ms | pk lookup p50 {b50:5.2f} ms  p99 {b99:5.2f} ms"
        f" | ratio p99 {p99 / b99:4.1f}x"
    )


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=10_000)
    parser.add_argument("--queries", type=int, default=400)
    arguments = parser.parse_args()
    print(f"autocomplete over {arguments.customers:,} customers per rep, 5 reps, {arguments.queries} queries")
    with tempfile.TemporaryDirectory() as directory:
        db = Database(f"sqlite+aiosqlite:///{Path(directory) / 'bench.db'}")
        try:
            await measure("SQLite", db, arguments.customers, arguments.queries)
        finally:
            await db.dispose()
    from tests.databases import postgres_reachable, postgres_schema

    if await postgres_reachable():
        async with postgres_schema() as (url, engine_kwargs):
            db = Database(url, **engine_kwargs)  # type: ignore[arg-type]
            try:
                await measure("PostgreSQL", db, arguments.customers, arguments.queries)
            finally:
                await db.dispose()
    else:
        print("PostgreSQL  unreachable; skipped")


if __name__ == "__main__":
    asyncio.run(main())
