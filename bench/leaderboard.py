"""B2: the board of one guild of 500 reps with two years of touches (about 1M), in a database of 10M touches
over 1,000 guilds: the ranking alone from the daily rollup against the same ranking as a raw aggregate over
the touches (the baseline), and the whole board (streaks, most improved, customers re-engaged, best listener,
promises kept) for a week and for a year, on SQLite and PostgreSQL.

`python -m bench.leaderboard [--full]` runs these rows alone."""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, select, text

from bot.coach.kinds import TouchKind
from bot.coach.leaderboard import Days, Leaderboard, rolled_sums
from bot.coach.touches import TouchLog
from bot.db import migrate
from bot.db.engine import Database
from bot.db.models import Rep, Touch
from tests.databases import postgres_reachable, postgres_schema

GUILD = 1
END = date(2026, 3, 31)
NOW = datetime(2026, 3, 31, 23, tzinfo=UTC)
DAYS = 730  # two years of touches
CUSTOMERS_PER_REP = 20
COLD_AFTER_DAYS = 14  # the default threshold: customers' last re-engagement is stamped under it


@dataclass(frozen=True)
class Size:
    touches: int  # in the whole database
    guilds: int
    guild_reps: int  # in the measured guild
    guild_touches: int  # of the measured guild
    other_reps: int  # per other guild

    @property
    def label(self) -> str:
        def short(count: int) -> str:
            return f"{count / 1_000_000:g}M" if count >= 1_000_000 else f"{count // 1000}k"

        return f"{self.guild_reps} reps, {short(self.guild_touches)} of {short(self.touches)} touches"


FULL = Size(touches=10_000_000, guilds=1_000, guild_reps=500, guild_touches=1_000_000, other_reps=10)
QUICK = Size(touches=200_000, guilds=50, guild_reps=100, guild_touches=40_000, other_reps=10)


async def seed(db: Database, size: Size) -> None:
    await migrate.upgrade(db.engine)
    others = (size.guilds - 1) * size.other_reps
    async with db.write() as session:
        await session.execute(
            insert(Rep),
            [
                {
                    "guild_id": GUILD if n < size.guild_reps else 2 + (n - size.guild_reps) // size.other_reps,
                    "user_id": 10_000 + n,
                    "preferences": {},
                }
                for n in range(size.guild_reps + others)
            ],
        )
        first_rep = int(await session.scalar(select(func.min(Rep.id))) or 0)
    # Millions of rows are generated inside the database (a Python loop took 27 s per 200,000): customers,
    # touches (the measured guild's over its reps, the rest over the other guilds' reps), then what the
    # product keeps up to date on write, built here from them as the product would have it.
    generate = SQLITE if db.is_sqlite else POSTGRES
    values = {"first_rep": first_rep, "per_rep": CUSTOMERS_PER_REP, "days": DAYS, "cold": COLD_AFTER_DAYS}
    values["end"] = END.isoformat() if db.is_sqlite else END  # type: ignore[assignment]
    async with db.write() as session:
        await session.execute(text(generate["customers"]), {**values, "reps": size.guild_reps + others})
        first_customer = int(await session.scalar(text("SELECT min(id) FROM customers")) or 0)
        for offset, reps, count in (
            (0, size.guild_reps, size.guild_touches),
            (size.guild_reps, others, size.touches - size.guild_touches),
        ):
            await session.execute(
                text(generate["touches"]),
                {**values, "first_customer": first_customer, "offset": offset, "reps": reps, "count": count},
            )
        for step in generate["rollups"]:
            await session.execute(text(step), values)
    async with db.engine.connect() as connection:
        await connection.execute(text("ANALYZE"))
        await connection.commit()
    # Each rep of the measured guild logs today, as reps do: that stores their streak's replay checkpoint, which
    # the boards resume from, exactly as in production.
    log = TouchLog(db, lambda: NOW.replace(hour=12))
    for n in range(size.guild_reps):
        await log.log(GUILD, 10_000 + n, customer=f"C{first_rep + n}-0", kind=TouchKind.CHECK_IN)


_ROLLUPS = [
    "INSERT INTO daily_points (rep_id, day, guild_id, points, touch_count, quiz_points, quiz_answered, quiz_listening,"
    " promises_kept) SELECT touches.rep_id, touches.local_date, min(reps.guild_id), sum(touches.points), count(*),"
    " 0, count(*) % 3, count(*) % 2, sum(CASE WHEN touches.id % 20 = 0 THEN 1 ELSE 0 END)"
    " FROM touches JOIN reps ON reps.id = touches.rep_id GROUP BY touches.rep_id, touches.local_date",
    "INSERT INTO weekly_points (rep_id, week, guild_id, points, touch_count, quiz_points, quiz_answered,"
    " quiz_listening, promises_kept) SELECT rep_id, {monday}, min(guild_id), sum(points), sum(touch_count), 0,"
    " sum(quiz_answered), sum(quiz_listening), sum(promises_kept) FROM daily_points GROUP BY rep_id, {monday}",
    "CREATE TEMPORARY TABLE last_touches AS SELECT customer_id, max(local_date) AS last_on,"
    " max(CASE WHEN gap_days >= :cold THEN local_date END) AS reengaged_on FROM touches GROUP BY customer_id",
    "UPDATE customers SET last_touched_on = last_touches.last_on, reengaged_on = last_touches.reengaged_on"
    " FROM last_touches WHERE last_touches.customer_id = customers.id",
    "DROP TABLE last_touches",
]
# One promise kept per 20 touches (counted into the rollups below, on the day it was kept).
_PROMISES = [
    "INSERT INTO promises (rep_id, customer_id, what, due_on, status, created_at, closed_on)"
    " SELECT rep_id, customer_id, 'send the notes', local_date, 'kept', logged_at, local_date"
    " FROM touches WHERE id % 20 = 0",
]
_SQLITE_MONDAY = "date(day, '-' || ((CAST(strftime('%w', day) AS INTEGER) + 6) % 7) || ' days')"
SQLITE = {
    "customers": """
INSERT INTO customers (rep_id, name, name_key, created_at)
SELECT :first_rep + r, 'C' || (:first_rep + r) || '-' || c, 'c' || (:first_rep + r) || '-' || c, '2024-01-01 00:00:00'
FROM (WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < :reps - 1) SELECT i AS r FROM n),
     (WITH RECURSIVE m(j) AS (SELECT 0 UNION ALL SELECT j + 1 FROM m WHERE j < :per_rep - 1) SELECT j AS c FROM m)
""",
    # One touch per row: a random rep of the range, one of that rep's customers, a day of the two years, 1-3
    # points, a gap that is sometimes a re-engagement; one promise kept per 20 touches.
    "touches": """
INSERT INTO touches (rep_id, customer_id, kind, occurred_at, local_date, logged_at, points, gap_days)
SELECT :first_rep + :offset + r, :first_customer + (:offset + r) * :per_rep + c, kind, day || ' 12:00:00.000000',
       day, day || ' 12:00:00.000000', points, gap
FROM (
    SELECT abs(random()) % :reps AS r, abs(random()) % :per_rep AS c,
           date(:end, '-' || (abs(random()) % :days) || ' days') AS day,
           CASE abs(random()) % 4 WHEN 0 THEN 1 WHEN 1 THEN 2 ELSE 3 END AS points,
           CASE abs(random()) % 3 WHEN 0 THEN NULL WHEN 1 THEN 3 ELSE 20 END AS gap,
           CASE abs(random()) % 4 WHEN 0 THEN 'listening' WHEN 1 THEN 'check_in' WHEN 2 THEN 'follow_up'
                ELSE 'help' END AS kind
    FROM (WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < :count) SELECT i FROM n)
)
""",
    "rollups": [*_PROMISES, *(step.replace("{monday}", _SQLITE_MONDAY) for step in _ROLLUPS)],
}
POSTGRES = {
    "customers": """
INSERT INTO customers (rep_id, name, name_key, created_at)
SELECT CAST(:first_rep AS int) + r, 'C' || (CAST(:first_rep AS int) + r) || '-' || c,
       'c' || (CAST(:first_rep AS int) + r) || '-' || c, '2024-01-01'
FROM generate_series(0, CAST(:reps AS int) - 1) AS r, generate_series(0, CAST(:per_rep AS int) - 1) AS c
""",
    "touches": """
INSERT INTO touches (rep_id, customer_id, kind, occurred_at, local_date, logged_at, points, gap_days)
SELECT CAST(:first_rep AS int) + CAST(:offset AS int) + r,
       CAST(:first_customer AS int) + (CAST(:offset AS int) + r) * CAST(:per_rep AS int) + c, kind,
       day + time '12:00' at time zone 'UTC', day, day + time '12:00' at time zone 'UTC', points, gap
FROM (
    SELECT floor(random() * CAST(:reps AS int))::int AS r, floor(random() * CAST(:per_rep AS int))::int AS c,
           CAST(:end AS date) - floor(random() * CAST(:days AS int))::int AS day,
           (ARRAY[1, 2, 3, 3])[1 + floor(random() * 4)::int] AS points,
           (ARRAY[NULL, 3, 20])[1 + floor(random() * 3)::int] AS gap,
           (ARRAY['listening', 'check_in', 'follow_up', 'help'])[1 + floor(random() * 4)::int] AS kind
    FROM generate_series(1, :count)
) AS generated
""",
    "rollups": [*_PROMISES, *(step.replace("{monday}", "CAST(date_trunc('week', day) AS date)") for step in _ROLLUPS)],
}


async def timed(call: Any, repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        await call()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


async def measure(label: str, db: Database, size: Size, repeat: int) -> list[dict[str, Any]]:
    started = time.perf_counter()
    await seed(db, size)
    seeded = time.perf_counter() - started
    board = Leaderboard(db, lambda: NOW)
    full = size == FULL
    rows = []
    for period, days in (("week", 7), ("year", 365)):
        start = END - timedelta(days=days - 1)

        async def rollup_ranking(start: date = start) -> Any:
            async with db.read() as session:  # the board's own read: whole weeks, then the days around them
                points = await rolled_sums(session, GUILD, Days(start, END), "points")
            return sorted(points.items(), key=lambda item: -item[1][0])[:10]

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

        async def whole_board(start: date = start, period: str = period) -> Any:
            if period == "week":  # as `/leaderboard` asks: the last 7 days, each rep's own
                return await board.for_period(GUILD, "week")
            return await board.between(GUILD, start, END, period=period)

        ranking_ms = await timed(rollup_ranking, repeat)
        raw_ms = await timed(raw_ranking, repeat)
        board_ms = await timed(whole_board, repeat)
        rows.append(
            {
                "id": "B2",
                "what": f"B2 {label} {period}, {size.label}: ranking",
                "p50_ms": round(ranking_ms, 2),
                "p99_ms": None,
                "baseline_p99_ms": round(raw_ms, 2),
                "ratio": round(raw_ms / ranking_ms, 1) if ranking_ms else None,  # times faster than raw
                "target": None,
                "met": None,
                "seed_s": round(seeded, 1),
            }
        )
        limit = 50 if period == "week" else 200
        rows.append(
            {
                "id": "B2",
                "what": f"B2 {label} {period}, {size.label}: whole board",
                "p50_ms": round(board_ms, 2),
                "p99_ms": None,
                "baseline_p99_ms": round(raw_ms, 2),
                "ratio": round(raw_ms / board_ms, 2) if board_ms else None,
                "target": f"<= {limit} ms (full size)",
                "met": board_ms <= limit if full else None,
            }
        )
    return rows


async def run(full: bool) -> list[dict[str, Any]]:
    size = FULL if full else QUICK
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as directory:
        db = Database(f"sqlite+aiosqlite:///{Path(directory) / 'bench.db'}")
        try:
            rows += await measure("SQLite", db, size, 15)
        finally:
            await db.dispose()
    if full and await postgres_reachable():
        async with postgres_schema() as (url, engine_kwargs):
            db = Database(url, **engine_kwargs)  # type: ignore[arg-type]
            try:
                rows += await measure("PostgreSQL", db, size, 15)
            finally:
                await db.dispose()
    return rows


if __name__ == "__main__":
    from bench.__main__ import table

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--full", action="store_true", help="the full sizes (minutes, not seconds)")
    print(table(asyncio.run(run(parser.parse_args().full))))
