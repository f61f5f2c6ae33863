"""B8: `rapport run` as two processes of two shards each against one process of all four, on PostgreSQL and the
fake Discord (which routes each guild to shard `(guild_id >> 22) % shard_count`): `/touch log` at 20 concurrent
over guilds on every shard, each interaction answered exactly once; then, with nudges due, the process owning
the scheduler SIGKILLed mid-delivery, the other taking it over and delivering the rest, none lost or doubled.

`python -m bench.shards [--full]` runs these rows alone."""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

from bench import harness
from bench.interactions import B1_SLASH, summary
from bot.coach import Coach
from bot.db.engine import Database
from bot.schedule.scheduler import TICK_SECONDS
from tests.databases import POSTGRES_URL, postgres_reachable
from tests.full_process.test_shards import LEASE, fresh_postgres_database, lease_holder

SHARDS = 4
GUILDS = 20  # besides the fake's own guild; consecutive ids, so they fall on every shard in turn
USERS = [5_000_000 + n for n in range(40)]
NUDGED = 6_000_000  # the first of the users nudged in the takeover
NUDGE_GUILD = 1234


@dataclass
class Sized:
    commands: int  # /touch log at 20 concurrent, measured, per layout
    nudges: int  # due when the scheduler's owner is killed


QUICK = Sized(commands=400, nudges=60)
FULL = Sized(commands=4000, nudges=300)


@asynccontextmanager
async def layout(shard_ids: list[str]) -> AsyncIterator[tuple[harness.Fake, list[str], dict[str, str], list[Any]]]:
    """A fake Discord of its own with the guilds, a fresh database, and one `rapport run` per entry of
    `shard_ids` (started together, all pinned to one core: the same CPU whatever the layout), ready."""
    fake = await harness.start_fake(harness.ROOT)
    bots: list[harness.Process] = []
    try:
        guilds = [fake.guild_id, *(await fake.call("POST", "/_control/config", {"more_guilds": GUILDS}))["guild_ids"]]
        async with fresh_postgres_database() as database:
            clean = {key: value for key, value in os.environ.items() if not key.startswith(("DISCORD_", "DATABASE_"))}
            env = {
                **clean,
                **fake.env,
                **database,
                "LOG_LEVEL": "WARNING",
                "SHARD_COUNT": str(SHARDS),
                "SCHEDULER_LEASE_SECONDS": str(LEASE),
            }
            bots = list(
                await asyncio.gather(
                    *(
                        harness.spawn([str(harness.RAPPORT), "run"], {**env, "SHARD_IDS": ids}, 0, harness.ROOT)
                        for ids in shard_ids
                    )
                )
            )
            await ready(fake, len(guilds), bots)
            try:
                yield fake, guilds, database, bots
            finally:
                for bot in bots:
                    await bot.stop()
    finally:
        await fake.process.stop()


async def ready(fake: harness.Fake, guilds: int, bots: list[harness.Process]) -> None:
    """Every shard identified, every guild sent, the commands synced, past on_ready."""
    deadline = time.perf_counter() + 120
    while True:
        state = await fake.call("GET", "/_control/state")
        if state["identifies"] >= SHARDS and state["guilds_sent"] >= guilds and state["commands"]:
            break
        if time.perf_counter() > deadline or any(bot.process.returncode is not None for bot in bots):
            raise RuntimeError("the processes did not connect:\n" + "\n".join(line for b in bots for line in b.lines))
        await asyncio.sleep(0.05)
    await harness.past_on_ready()


async def measure(shard_ids: list[str], size: Sized, *, then_takeover: bool) -> dict[str, Any]:
    """`/touch log` at 20 concurrent over every guild, the answers counted at the fake; then, when asked, the
    scheduler's takeover on the same processes."""
    async with layout(shard_ids) as (fake, guilds, database, bots):
        load = {**B1_SLASH, "user_ids": USERS, "guild_ids": guilds, "timeout": 120}
        sent = 0
        for count, concurrency in ((len(guilds), 1), (200, 20)):  # warm-up: each guild, then the pools at 20
            await fake.call("POST", "/_control/measure", {**load, "count": count, "concurrency": concurrency})
            sent += count
        measured = await fake.call("POST", "/_control/measure", {**load, "count": size.commands, "concurrency": 20})
        sent += size.commands
        await asyncio.sleep(0.5)  # an answer twice would have come by now
        callbacks = (await fake.call("GET", "/_control/state"))["callbacks"]
        result = {"c20": summary(measured["answer_ms"]), "sent": sent, "once": callbacks.get("1", 0)}
        if then_takeover:
            result["takeover"] = await takeover(fake, database, bots, size)
        return result


async def plan_nudges(url: str, pooler: bool, users: list[int]) -> None:
    """A nudge due now for each of `users` (as a manager's `/nudge`, DMs on)."""
    db = Database(url, pooler=pooler)
    try:
        coach = Coach(db)
        for user in users:
            await coach.settings.update_rep(NUDGE_GUILD, user, dms_enabled=True)
            await coach.nudges.schedule(NUDGE_GUILD, 42, "Dana (manager)", user, "Call Acme back", None)
    finally:
        await db.dispose()


async def takeover(
    fake: harness.Fake, database: dict[str, str], bots: list[harness.Process], size: Sized
) -> dict[str, Any]:
    """Nudges due; the scheduler's owner SIGKILLed once a quarter of them are out; the other process's takeover
    timed from the kill to the lease and to the last nudge delivered; the DMs counted per user at the fake."""
    users = [NUDGED + n for n in range(size.nudges)]

    async def delivered() -> dict[str, int]:
        dms = (await fake.call("GET", "/_control/state"))["dms_per_user"]
        return {str(user): dms.get(str(user), 0) for user in users}

    by_pid = {bot.process.pid: bot for bot in bots}
    owner = by_pid[await lease_holder(database) or 0]
    await plan_nudges(database["DATABASE_URL"], database.get("DATABASE_POOLER") == "true", users)
    deadline = time.monotonic() + 60
    while sum((await delivered()).values()) < size.nudges // 4:
        if time.monotonic() > deadline:
            raise RuntimeError("the scheduler's owner sent no nudges:\n" + "\n".join(owner.lines))
        await asyncio.sleep(0.01)
    owner.process.kill()
    killed = time.monotonic()
    await owner.process.wait()
    before = sum((await delivered()).values())
    lease_after = all_after = None
    deadline = killed + TICK_SECONDS + LEASE + 60
    while time.monotonic() < deadline:
        if lease_after is None and await lease_holder(database) not in (None, owner.process.pid):
            lease_after = time.monotonic() - killed
        if sum((await delivered()).values()) >= size.nudges:
            all_after = time.monotonic() - killed
            break
        await asyncio.sleep(0.05)
    await asyncio.sleep(LEASE)  # a nudge sent twice would have been by now
    counts = await delivered()
    return {
        "before": before,
        "lease_s": lease_after,
        "all_s": all_after,
        "lost": sum(1 for n in counts.values() if n == 0),
        "doubled": sum(1 for n in counts.values() if n > 1),
    }


def _median_run(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The runs' latencies as their medians (of two: the mean), the answers counted over them all."""
    return {
        "c20": {key: statistics.median(run["c20"][key] for run in runs) for key in ("p50", "p99")},
        "sent": sum(run["sent"] for run in runs),
        "once": sum(run["once"] for run in runs),
    }


async def run(full: bool) -> list[dict[str, Any]]:
    if not await postgres_reachable():
        print(f"B8 skipped: PostgreSQL unreachable at {POSTGRES_URL}")
        return []
    size = FULL if full else QUICK
    # The layouts take turns (one, two, one, two at full size) and each keeps its median: a machine's drift
    # over a run then lands on both, not on whichever was measured second.
    ones: list[dict[str, Any]] = []
    twos: list[dict[str, Any]] = []
    rounds = 2 if full else 1
    for turn in range(rounds):
        ones.append(await measure(["0-3"], size, then_takeover=False))
        twos.append(await measure(["0-1", "2-3"], size, then_takeover=turn == rounds - 1))
    one, two = _median_run(ones), _median_run(twos)
    moved = twos[-1]["takeover"]
    value, base = two["c20"]["p99"], one["c20"]["p99"]
    took = moved["all_s"]
    bound = TICK_SECONDS + LEASE
    return [
        {
            "id": "B8",
            "what": "B8 /touch log, 20 concurrent, 2 x 2 shards vs 1 x 4",
            "p50_ms": round(two["c20"]["p50"], 2),
            "p99_ms": round(value, 2),
            "baseline_p99_ms": round(base, 2),
            "baseline_p50_ms": round(one["c20"]["p50"], 2),
            "ratio": round(value / base, 2),
            "target": "<= 1.2x one process",
            "met": value <= 1.2 * base,
        },
        {
            "id": "B8",
            "what": "B8 answered exactly once, 2 processes (1)",
            "value": f"{two['once']} of {two['sent']}",
            "baseline": f"{one['once']} of {one['sent']}",
            "target": "all",
            "met": two["once"] == two["sent"] and one["once"] == one["sent"],
        },
        {
            "id": "B8",
            "what": f"B8 scheduler owner SIGKILLed: lease taken, s (lease {LEASE:g})",
            "value": None if moved["lease_s"] is None else round(moved["lease_s"], 2),
            "baseline": LEASE,
            "target": None,
            "met": None,
        },
        {
            "id": "B8",
            "what": f"B8 ... all {size.nudges} nudges out ({moved['before']} before the kill), s",
            "value": None if took is None else round(took, 2),
            "baseline": bound,
            "ratio": None if took is None else round(took / bound, 2),
            "target": f"<= 1 tick + lease ({bound:g} s)",
            "met": took is not None and took <= bound,
        },
        {
            "id": "B8",
            "what": "B8 ... nudges lost / doubled",
            "value": f"{moved['lost']} / {moved['doubled']}",
            "target": "0 / 0",
            "met": moved["lost"] == 0 and moved["doubled"] == 0,
        },
    ]


if __name__ == "__main__":
    from bench.__main__ import table

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--full", action="store_true", help="the full sizes")
    print(table(asyncio.run(run(parser.parse_args().full))))
