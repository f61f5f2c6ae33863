"""B1 (`/touch log` round trip at 1 and 20 concurrent) and B7 (customer autocomplete with 10,000 customers),
each against the bare discord.py bot on the same fake Discord and the same load; and B1 for a rep with three
years of history against the same log by a rep with none, in the same Rapport process."""

from __future__ import annotations

import statistics
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select, update

from bench import harness
from bot.db import migrate
from bot.db.engine import Database
from bot.db.models import Customer, DailyPoints, Rep, Touch

USER = 4242
B1_SLASH = {"kind": "slash", "name": "touch", "sub": "log", "options": {"customer": "Acme", "kind": "listening"}}
# The history row: a rep who has logged every work day for three years (an unbroken streak of about 780 touch
# days, the longest replay there is) and a rep with no history, logging the same touch in turn.
NEWCOMER, VETERAN = 4243, 4244
HISTORY_DAYS = 3 * 365


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
            await seed_history(session, guild_id)
    finally:
        await db.dispose()


async def seed_history(session: Any, guild_id: int) -> int:
    """The veteran's touches: one a work day (the guild's default, Monday to Friday) up to yesterday, as the
    touch log would have written them, rollup included. Returns how many days."""
    await session.execute(insert(Rep), [{"guild_id": guild_id, "user_id": VETERAN, "preferences": {}}])
    rep_id = await session.scalar(select(Rep.id).where(Rep.user_id == VETERAN))
    await session.execute(insert(Customer), [{"rep_id": rep_id, "name": "Acme", "name_key": "acme"}])
    customer_id = await session.scalar(select(Customer.id).where(Customer.rep_id == rep_id))
    today = datetime.now(UTC).date()  # the bot's day: the guild's default time zone is UTC
    days = [today - timedelta(days=back) for back in range(HISTORY_DAYS, 0, -1)]
    days = [day for day in days if day.weekday() < 5]
    noon = [datetime(day.year, day.month, day.day, 12, tzinfo=UTC) for day in days]
    await session.execute(
        insert(Touch),
        [
            {
                "rep_id": rep_id,
                "customer_id": customer_id,
                "kind": "check_in",
                "occurred_at": moment,
                "local_date": day,
                "logged_at": moment,
                "points": 2,
                "gap_days": None if n == 0 else (day - days[n - 1]).days,
            }
            for n, (day, moment) in enumerate(zip(days, noon, strict=True))
        ],
    )
    await session.execute(
        insert(DailyPoints),
        [{"rep_id": rep_id, "day": day, "guild_id": guild_id, "points": 2, "touch_count": 1} for day in days],
    )
    await session.execute(update(Customer).where(Customer.id == customer_id).values(last_touched_on=days[-1]))
    return len(days)


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
            result = {
                "c1": summary(one["answer_ms"]),
                "c20": summary(twenty["answer_ms"]),
                "c20_ack": summary(twenty["ack_ms"]),
                "autocomplete": summary(auto["answer_ms"]),
            }
            if kind == "rapport":
                result |= await history_pair(fake, single)
            return result
        finally:
            await harness.stop(fake, bot)


async def history_pair(fake: harness.Fake, single: int) -> dict[str, dict[str, float]]:
    """The same log by the newcomer and the veteran, one at a time and taking turns, so that whatever drifts
    over the run (the database growing, the machine) weighs on both alike."""
    pair = {**B1_SLASH, "user_ids": [NEWCOMER, VETERAN], "concurrency": 1}
    await fake.call("POST", "/_control/measure", {**pair, "count": 40})  # warm-up: each one's first log
    answers = (await fake.call("POST", "/_control/measure", {**pair, "count": 2 * single}))["answer_ms"]
    return {"newcomer": summary(answers[0::2]), "veteran": summary(answers[1::2])}


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
    # Judged on the median: one at a time, a p99 is the few slowest of the run, and over identical runs it swung
    # both ways by more than the 10% this row is about. The p99 row is printed for what it shows.
    veteran, newcomer = ours["veteran"], ours["newcomer"]
    for statistic, target in (("p50", "<= 1.1x no history"), ("p99", None)):
        value, base = veteran[statistic], newcomer[statistic]
        rows.append(
            {
                "id": "B1",
                "what": f"B1 /touch log, 3 years of history, {statistic}",
                "value": round(value, 2),
                "baseline": round(base, 2),
                "ratio": round(value / base, 2),
                "target": target,
                "met": value <= 1.1 * base if target else None,
                "n": veteran["n"],
            }
        )
    return rows
