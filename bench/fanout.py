"""B3: a fan-out of due reminders through the real planner, outbox and drain of `rapport run`, against a fake
Discord enforcing 50 requests/s, with 5% of reps' DMs closed. The baseline is the configured ceiling
(`OUTBOX_RATE`, 45 requests/s). A second day shows that closed DMs are tried once, not daily.

B4: `/touch log` at 20 concurrent while that fan-out runs, against the same bot after it."""

from __future__ import annotations

import asyncio
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import delete, insert, update

from bench import harness
from bench.interactions import B1_SLASH, p99
from bot.db import migrate
from bot.db.engine import Database
from bot.db.models import OutboxMessage, Rep

CEILING = 45.0


async def seed_reps(url: str, guild_id: int, count: int) -> list[int]:
    db = Database(url)
    users = [3_000_000 + number for number in range(count)]
    due = datetime.now(UTC) - timedelta(minutes=1)
    try:
        await migrate.upgrade(db.engine)
        async with db.write() as session:
            await session.execute(
                insert(Rep),
                [
                    {
                        "guild_id": guild_id,
                        "user_id": user,
                        "preferences": {},
                        "quiet_days": [],
                        "next_reminder_at": due,
                        "next_digest_at": due + timedelta(days=7),
                    }
                    for user in users
                ],
            )
    finally:
        await db.dispose()
    return users


async def _fan_out(fake: harness.Fake, expected: int, during: Any = None) -> dict[str, Any]:
    """Wait until `expected` DMs were created or refused; `during` (a coroutine) runs alongside."""
    started = time.perf_counter()
    deadline = started + (expected / CEILING) * 2.5 + 60
    measured = await during if during is not None else None
    state: dict[str, Any] = {}
    while time.perf_counter() < deadline:
        state = await fake.call("GET", "/_control/state")
        if state["created"] + state["statuses"].get("403", 0) >= expected:
            break
        await asyncio.sleep(0.5)
    return {"state": state, "measured": measured}


async def _next_day(url: str) -> None:
    """The same reps due again, as on the next work day (the outbox of the first day cleared)."""
    db = Database(url)
    try:
        async with db.write() as session:
            await session.execute(delete(OutboxMessage))
            await session.execute(update(Rep).values(next_reminder_at=datetime.now(UTC) - timedelta(minutes=1)))
    finally:
        await db.dispose()


def _refused_per_ten_minutes(state: dict[str, Any]) -> float:
    statuses = state.get("statuses", {})
    refused = sum(statuses.get(code, 0) for code in ("401", "403", "429"))
    return refused * 600 / (state.get("request_span_s") or 1.0)


async def run(full: bool) -> list[dict[str, Any]]:
    count, commands = (10_000, 2000) if full else (450, 600)
    slash = {**B1_SLASH, "count": commands, "concurrency": 20, "timeout": 120}
    with tempfile.TemporaryDirectory() as directory:
        workdir = Path(directory)
        url = f"sqlite+aiosqlite:///{workdir / 'rapport.db'}"
        fake = await harness.start_fake(workdir)
        bot = None
        try:
            users = await seed_reps(url, int(fake.guild_id), count)
            closed = users[::20]
            await fake.call("POST", "/_control/config", {"rate_limit": 50, "closed_dm_users": closed})
            bot = await harness.start_rapport(fake, workdir)
            await fake.wait_ready()
            await fake.call("POST", "/_control/config", {"reset_counters": True})
            # B4: `/touch log` at 20 concurrent while the drain fans out, then alone on the same bot and data.
            await fake.wait_for_created(20)  # the drain is under way
            await harness.past_on_ready()
            await fake.call("POST", "/_control/measure", {**slash, "count": 40})  # warm-up, as in B1
            first = await _fan_out(fake, count, fake.call("POST", "/_control/measure", slash))
            alone = await fake.call("POST", "/_control/measure", slash)
            await bot.stop()
            # The next day: the reps whose DMs were found closed are not tried again.
            await _next_day(url)
            await fake.call("POST", "/_control/config", {"reset_counters": True})
            bot = await harness.start_rapport(fake, workdir)
            second = await _fan_out(fake, count - len(closed))
        finally:
            await harness.stop(fake, bot)
    state = first["state"]
    rate = state.get("requests", 0) / (state.get("request_span_s") or 1.0)
    statuses = state.get("statuses", {})
    day_one, day_two = _refused_per_ten_minutes(state), _refused_per_ten_minutes(second["state"])
    during, after = p99(first["measured"]["answer_ms"]), p99(alone["answer_ms"])
    return [
        {
            "id": "B3",
            "what": f"B3 fan-out of {count:,} reminders: requests/s",
            "value": round(rate, 1),
            "baseline": CEILING,
            "ratio": round(rate / CEILING, 2),
            "target": ">= 0.9x the ceiling, 0 429s",
            "met": rate >= 0.9 * CEILING and statuses.get("429", 0) == 0,
            "delivered": state.get("created"),
            "status_429": statuses.get("429", 0),
            "busiest_second": state.get("max_requests_in_a_second"),
        },
        {
            "id": "B3",
            "what": "B3 refused (401/403/429) per 10 min, first day",
            "value": round(day_one, 1),
            "target": "one try per closed DM, then never again",
        },
        {
            "id": "B3",
            "what": "B3 refused (401/403/429) per 10 min, every day after",
            "value": round(day_two, 1),
            "target": "< 100 per 10 min",
            "met": day_two < 100 and second["state"].get("statuses", {}).get("429", 0) == 0,
            "delivered": second["state"].get("created"),
        },
        {
            "id": "B4",
            "what": "B4 /touch log, 20 concurrent, during the fan-out",
            "p50_ms": round(statistics.median(first["measured"]["answer_ms"]), 2),
            "value": round(during, 2),
            "baseline": round(after, 2),
            "ratio": round(during / after, 2),
            "target": "p99 <= 1.5x B1 alone",
            "met": during <= 1.5 * after,
        },
    ]
