"""B3: a fan-out of due reminders through the real planner, outbox and drain of `rapport run`, against a fake
Discord enforcing 50 requests/s, with 5% of reps' DMs closed. The baseline is the configured ceiling
(`OUTBOX_RATE`, 45 requests/s)."""

from __future__ import annotations

import asyncio
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert

from bench import harness
from bot.db import migrate
from bot.db.engine import Database
from bot.db.models import Rep

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


async def run(full: bool) -> list[dict[str, Any]]:
    count = 10_000 if full else 900
    with tempfile.TemporaryDirectory() as directory:
        workdir = Path(directory)
        fake = await harness.start_fake(workdir)
        bot = None
        try:
            users = await seed_reps(f"sqlite+aiosqlite:///{workdir / 'rapport.db'}", int(fake.guild_id), count)
            closed = users[::20]
            await fake.call("POST", "/_control/config", {"rate_limit": 50, "closed_dm_users": closed})
            bot = await harness.start_rapport(fake, workdir)
            await fake.wait_ready()
            await fake.call("POST", "/_control/config", {"reset_counters": True})
            started = time.perf_counter()
            deadline = started + (count / CEILING) * 2.5 + 60
            state: dict[str, Any] = {}
            while time.perf_counter() < deadline:
                state = await fake.call("GET", "/_control/state")
                if state["created"] + state["statuses"].get("403", 0) >= count:
                    break
                await asyncio.sleep(0.5)
        finally:
            if bot is not None:
                await bot.stop()
            await fake.process.stop()
    span = state.get("request_span_s") or 1.0
    rate = state.get("requests", 0) / span
    statuses = state.get("statuses", {})
    refused = sum(statuses.get(code, 0) for code in ("401", "403", "429"))
    per_ten_minutes = refused * 600 / span
    return [
        {
            "id": "B3",
            "what": f"B3 fan-out of {count:,} reminders: requests/s",
            "p50_ms": None,
            "p99_ms": round(rate, 1),
            "baseline_p99_ms": CEILING,
            "ratio": round(rate / CEILING, 2),
            "target": ">= 0.9x the ceiling, 0 429s, < 100 refused per 10 min",
            "met": rate >= 0.9 * CEILING and statuses.get("429", 0) == 0 and per_ten_minutes < 100,
            "delivered": state.get("created"),
            "status_429": statuses.get("429", 0),
            "refused_per_10_min": round(per_ten_minutes, 1),
            "busiest_second": state.get("max_requests_in_a_second"),
        }
    ]
