"""B2: the leaderboard for a week and for a year over many touches in one guild, from the daily rollup,
against the same ranking computed as a raw aggregate over the touches table (the baseline)."""

from __future__ import annotations

import random
import statistics
import tempfile
import time
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, select

from bot.coach.leaderboard import Leaderboard
from bot.db import migrate
from bot.db.engine import Database
from bot.db.models import Customer, DailyPoints, Rep, Touch
from tests.databases import postgres_reachable, postgres_schema

GUILD = 1
END = date(2026, 3, 31)
KINDS = ["listening", "check_in", "follow_up", "help", "thanks", "feedback", "solved", "honest_reset"]
CHUNK = 20_000


async def seed(db: Database, touches: int, reps: int = 200, customers_per_rep: int = 20) -> None:
    rng = random.Random(5)
    await migrate.upgrade(db.engine)
    async with db.write() as session:
        await session.execute(
            insert(Rep), [{"guild_id": GUILD, "user_id": 10_000 + n, "preferences": {}} for n in range(reps)]
        )
        rep_ids = list(await session.scalars(select(Rep.id).order_by(Rep.id)))
        await session.execute(
            insert(Customer),
            [
                {"rep_id": rep, "name": f"C{rep}-{n}", "name_key": f"c{rep}-{n}"}
                for rep in rep_ids
                for n in range(customers_per_rep)
            ],
        )
        customers = defaultdict(list)
        for rep, customer in await session.execute(select(Customer.rep_id, Customer.id)):
            customers[rep].append(customer)
    rollup: dict[tuple[int, date], list[int]] = defaultdict(lambda: [0, 0])
    written = 0
    while written < touches:
        batch = []
        for _ in range(min(CHUNK, touches - written)):
            rep = rng.choice(rep_ids)
            day = END - timedelta(days=rng.randrange(365))
            points = rng.choice((1, 2, 3, 3))
            moment = datetime(day.year, day.month, day.day, 12, tzinfo=UTC)
            batch.append(
                {
                    "rep_id": rep,
                    "customer_id": rng.choice(customers[rep]),
                    "kind": rng.choice(KINDS),
                    "occurred_at": moment,
                    "local_date": day,
                    "logged_at": moment,
                    "points": points,
                    "gap_days": rng.choice((None, 3, 20)),
                }
            )
            rollup[(rep, day)][0] += points
            rollup[(rep, day)][1] += 1
        async with db.write() as session:
            await session.execute(insert(Touch), batch)
        written += len(batch)
    rows = [
        {"rep_id": rep, "day": day, "guild_id": GUILD, "points": p, "touch_count": c, "quiz_points": 0}
        for (rep, day), (p, c) in rollup.items()
    ]
    async with db.write() as session:
        for start in range(0, len(rows), CHUNK):
            await session.execute(insert(DailyPoints), rows[start : start + CHUNK])


async def timed(call: Any, repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        await call()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


async def measure(label: str, db: Database, touches: int, repeat: int) -> list[dict[str, Any]]:
    started = time.perf_counter()
    await seed(db, touches)
    seeded = time.perf_counter() - started
    board = Leaderboard(db, lambda: datetime(2026, 3, 31, 23, tzinfo=UTC))
    rows = []
    for period, days in (("week", 7), ("year", 365)):
        start = END - timedelta(days=days - 1)

        async def rollup_ranking(start: date = start) -> Any:
            async with db.read() as session:
                return list(
                    await session.execute(
                        select(DailyPoints.rep_id, func.sum(DailyPoints.points))
                        .where(DailyPoints.guild_id == GUILD, DailyPoints.day >= start, DailyPoints.day <= END)
                        .group_by(DailyPoints.rep_id)
                        .order_by(func.sum(DailyPoints.points).desc())
                        .limit(10)
                    )
                )

        async def raw_ranking(start: date = start) -> Any:
            async with db.read() as session:
                return list(
                    await session.execute(
                        select(Touch.rep_id, func.sum(Touch.points))
                        .join(Rep, Rep.id == Touch.rep_id)
                        .where(Rep.guild_id == GUILD, Touch.local_date >= start, Touch.local_date <= END)
                        .group_by(Touch.rep_id)
                        .order_by(func.sum(Touch.points).desc())
                        .limit(10)
                    )
                )

        async def full_board(start: date = start, period: str = period) -> Any:
            return await board.between(GUILD, start, END, period=period)

        ranking_ms = await timed(rollup_ranking, repeat)
        raw_ms = await timed(raw_ranking, repeat)
        board_ms = await timed(full_board, max(1, repeat // 3))
        size = f"{touches / 1_000_000:g}M" if touches >= 1_000_000 else f"{touches // 1000}k"
        rows.append(
            {
                "id": "B2",
                "what": f"B2 {label} {period}, {size} touches: ranking",
                "p50_ms": round(ranking_ms, 2),
                "p99_ms": None,
                "baseline_p99_ms": round(raw_ms, 2),
                "ratio": round(ranking_ms / raw_ms, 3) if raw_ms else None,
                "target": "rollup >= 50x faster than raw (10M, year)",
                "met": None,
                "seed_s": round(seeded, 1),
            }
        )
        rows.append(
            {
                "id": "B2",
                "what": f"B2 {label} {period}, {size} touches: whole board",
                "p50_ms": round(board_ms, 2),
                "p99_ms": None,
                "baseline_p99_ms": round(raw_ms, 2),
                "ratio": round(board_ms / raw_ms, 3) if raw_ms else None,
                "target": "week <= 20 ms, year <= 150 ms (10M)",
                "met": None,
            }
        )
    return rows


async def run(full: bool) -> list[dict[str, Any]]:
    sizes = [1_000_000, 10_000_000] if full else [200_000]
    rows: list[dict[str, Any]] = []
    for touches in sizes:
        with tempfile.TemporaryDirectory() as directory:
            db = Database(f"sqlite+aiosqlite:///{Path(directory) / 'bench.db'}")
            try:
                rows += await measure("SQLite", db, touches, 15)
            finally:
                await db.dispose()
        if full and await postgres_reachable():
            async with postgres_schema() as (url, engine_kwargs):
                db = Database(url, **engine_kwargs)  # type: ignore[arg-type]
                try:
                    rows += await measure("PostgreSQL", db, touches, 15)
                finally:
                    await db.dispose()
    return rows
