"""B5 (memory with many guilds connected, and its growth over a run of commands) and B6 (cold start to commands
ready), Rapport beside the bare discord.py bot, both served the same READY by the fake Discord: N guilds, each
GUILD_CREATE carrying 50 text channels."""

from __future__ import annotations

import asyncio
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from bench import harness
from bot.db import migrate
from bot.db.engine import Database

CHANNELS = 50
RESTARTS = 5  # B6 is the median of this many restarts (one, in the quick run)
USERS = [5_000_000 + n for n in range(500)]  # commands come from many members, so Rapport holds many reps
SLASH = {"kind": "slash", "name": "touch", "sub": "log", "options": {"customer": "Acme", "kind": "check_in"}}


async def _ready(fake: harness.Fake, guilds: int, identifies: int) -> None:
    """Wait until the fake sent every GUILD_CREATE, then until the bot answers a command behind them."""
    deadline = time.perf_counter() + 300
    while time.perf_counter() < deadline:
        state = await fake.call("GET", "/_control/state")
        if state["identifies"] >= identifies and state["guilds_sent"] >= guilds * identifies:
            break
        await asyncio.sleep(0.01)
    await fake.call("POST", "/_control/measure", {**SLASH, "count": 1, "concurrency": 1, "timeout": 300})


async def run_bot(kind: str, guilds: int, commands: int, restarts: int = 1) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as directory:
        workdir = Path(directory)
        fake = await harness.start_fake(workdir)
        bot = None
        try:
            if kind == "rapport":
                db = Database(f"sqlite+aiosqlite:///{workdir / 'rapport.db'}")
                await migrate.upgrade(db.engine)
                await db.dispose()
            await fake.call("POST", "/_control/config", {"extra_guilds": guilds - 1, "channels_per_guild": CHANNELS})
            bot = await harness.start_bot(kind, fake, workdir)
            await _ready(fake, guilds, 1)
            await harness.past_on_ready()
            connected = bot.rss_mb()
            load = {**SLASH, "user_ids": USERS, "concurrency": 20, "timeout": 120}
            await fake.call("POST", "/_control/measure", {**load, "count": 500})  # caches and pools warm
            warm = bot.rss_mb()
            await fake.call("POST", "/_control/measure", {**load, "count": commands})
            after = bot.rss_mb()
            await bot.stop()
            bot = None
            # B6: restarts (the database and the command registration already there), to commands ready. One
            # restart on a shared machine spreads by half a second; the median of a few says more.
            starts = []
            for restart in range(restarts):
                started = time.perf_counter()
                bot = await harness.start_bot(kind, fake, workdir)
                await _ready(fake, guilds, 2 + restart)
                starts.append(time.perf_counter() - started)
                await bot.stop()
                bot = None
            cold_start = statistics.median(starts)
            return {"connected_mb": connected, "warm_mb": warm, "after_mb": after, "cold_start_s": cold_start}
        finally:
            await harness.stop(fake, bot)


async def run(full: bool) -> list[dict[str, Any]]:
    guilds, commands = (1000, 10_000) if full else (100, 500)
    restarts = RESTARTS if full else 1
    bare = await run_bot("bare", guilds, commands, restarts)
    ours = await run_bot("rapport", guilds, commands, restarts)
    growth = (ours["after_mb"] - ours["warm_mb"]) / ours["warm_mb"]
    bare_growth = (bare["after_mb"] - bare["warm_mb"]) / bare["warm_mb"]
    return [
        _compared(
            "B5", f"B5 RSS MB, {guilds:,} guilds x {CHANNELS} channels connected", ours, bare, "connected_mb", full
        ),
        _compared("B5", f"B5 RSS MB after {commands:,} more commands", ours, bare, "after_mb", full),
        {
            "id": "B5",
            "what": f"B5 RSS growth % over {commands:,} commands",
            "value": round(100 * growth, 1),
            "baseline": round(100 * bare_growth, 1),
            "ratio": None,
            "target": "< 5%",
            "met": growth < 0.05,
        },
        _compared(
            "B6", f"B6 restart to commands ready, {guilds:,} guilds, s (median)", ours, bare, "cold_start_s", full
        ),
    ]


def _compared(
    id_: str, what: str, ours: dict[str, float], bare: dict[str, float], key: str, full: bool
) -> dict[str, Any]:
    """A row of Rapport beside the bare bot: RSS at most 1.5x and 150 MB (B5), start-up at most 2x (B6).
    The targets are for 1,000 guilds: with the quick run's 100, Rapport's fixed cost (its libraries) weighs
    more against the bare bot's smaller guild cache, so quick rows are not judged."""
    value, base = ours[key], bare[key]
    ratio = value / base
    met = ratio <= 2 if key == "cold_start_s" else ratio <= 1.5 and value <= 150
    target = "<= 2x bare" if key == "cold_start_s" else "<= 1.5x bare and <= 150 MB"
    if not full:
        met, target = None, f"{target} (1,000 guilds)"
    return {
        "id": id_,
        "what": what,
        "value": round(value, 2 if key == "cold_start_s" else 1),
        "baseline": round(base, 2 if key == "cold_start_s" else 1),
        "ratio": round(ratio, 2),
        "target": target,
        "met": met,
    }
