"""B2: the leaderboard for a week and for a year over many touches in one guild, from the daily rollup,
against the same ranking computed as a raw aggregate over the touches table (the baseline)."""

from __future__ import annotations

import statistics
import tempfile
import time
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, select, text

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
    # Millions of touches are generated inside the database (a Python loop took 27 s per 200,000), then the
    # daily rollup is built from them exactly as the product keeps it: per rep and local day.
    async with db.write() as session:
        first_rep, first_customer = min(rep_ids), min(min(ids) for ids in customers.values())
        generate = SQLITE_TOUCHES if db.is_sqlite else POSTGRES_TOUCHES
        values = {
            "count": touches,
            "reps": reps,
            "per_rep": customers_per_rep,
            "first_rep": first_rep,
            "first_customer": first_customer,
            "end": END.isoformat() if db.is_sqlite else END,
        }
        await session.execute(text(generate), values)
        await session.execute(
            text(
                "INSERT INTO daily_points (rep_id, day, guild_id, points, touch_count, quiz_points) "
                "SELECT rep_id, local_date, :guild, sum(points), count(*), 0 FROM touches GROUP BY rep_id, local_date"
            ),
            {"guild": GUILD},
        )
    async with db.engine.connect() as connection:
        await connection.execute(text("ANALYZE"))
        await connection.commit()


# One touch per row: a random rep, one of that rep's customers, a day in the year up to END, 1-3 points.
SQLITE_TOUCHES = """
INSERT INTO touches (rep_id, customer_id, kind, occurred_at, local_date, logged_at, points, gap_days)
SELECT :first_rep + r, :first_customer + r * :per_rep + c, kind, day || ' 12:00:00.000000', day,
       day || ' 12:00:00.000000', points, gap
FROM (
    SELECT abs(random()) % :reps AS r, abs(random()) % :per_rep AS c,
           date(:end, '-' || (abs(random()) % 365) || ' days') AS day,
           CASE abs(random()) % 4 WHEN 0 THEN 1 WHEN 1 THEN 2 ELSE 3 END AS points,
           CASE abs(random()) % 3 WHEN 0 THEN NULL WHEN 1 THEN 3 ELSE 20 END AS gap,
           CASE abs(random()) % 4 WHEN 0 THEN 'listening' WHEN 1 THEN 'check_in' WHEN 2 THEN 'follow_up'
                ELSE 'help' END AS kind
    FROM (WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < :count) SELECT i FROM n)
)
"""
POSTGRES_TOUCHES = """
INSERT INTO touches (rep_id, customer_id, kind, occurred_at, local_date, logged_at, points, gap_days)
SELECT :first_rep + r, :first_customer + r * :per_rep + c, kind, day + time '12:00' at time zone 'UTC', day,
       day + time '12:00' at time zone 'UTC', points, gap
FROM (
    SELECT floor(random() * :reps)::int AS r, floor(random() * :per_rep)::int AS c,
           CAST(:end AS date) - floor(random() * 365)::int AS day,
           (ARRAY[1, 2, 3, 3])[1 + floor(random() * 4)::int] AS points,
           (ARRAY[NULL, 3, 20])[1 + floor(random() * 3)::int] AS gap,
           (ARRAY['listening', 'check_in', 'follow_up', 'help'])[1 + floor(random() * 4)::int] AS kind
    FROM generate_series(1, :count)
) AS generated
"""


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
        limit = 20 if period == "week" else 150
        target = f"<= {limit} ms" + (", >= 50x faster than raw" if period == "year" else "") + " (10M)"
        met = None
        if touches >= 10_000_000:
            met = ranking_ms <= limit and (period == "week" or raw_ms / ranking_ms >= 50)
        rows.append(
            {
                "id": "B2",
                "what": f"B2 {label} {period}, {size} touches: ranking",
                "p50_ms": round(ranking_ms, 2),
                "p99_ms": None,
                "baseline_p99_ms": round(raw_ms, 2),
                "ratio": round(raw_ms / ranking_ms, 1) if ranking_ms else None,  # times faster than raw
                "target": target,
                "met": met,
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
                "ratio": round(raw_ms / board_ms, 2) if board_ms else None,
                "target": "everything the board shows: streaks, most improved, re-engaged",
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
