"""Several `rapport run` processes on one bot token (issue 16, items 1 to 3), against the fake Discord, which
routes each guild's events to shard `(guild_id >> 22) % shard_count` as Discord does: processes with disjoint
shards, started at the same moment on an empty PostgreSQL database, both start and answer each interaction
once; a process whose shards overlap a live one's refuses in one line; the scheduler's owner SIGKILLed, the
other takes the scheduler over within the lease; SQLite refuses a second process on its file in one line."""

from __future__ import annotations

import asyncio
import signal
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import asyncpg
from sqlalchemy.engine import make_url

from bot.coach import Coach
from bot.db.engine import Database
from bot.shards import EXPIRY_SECONDS, HEARTBEAT_GRACE, HEARTBEAT_SECONDS
from tests.databases import admin_connection, postgres_env, require_postgres
from tests.fake_discord import FakeDiscord
from tests.full_process.harness import START_TIMEOUT, RapportProcess, database_env, launch, output_on_failure

LEASE = 3.0  # SCHEDULER_LEASE_SECONDS for these tests: takeover within it and a third (README, Operations)
GUILDS = 20


@asynccontextmanager
async def fresh_postgres_database() -> AsyncIterator[dict[str, str]]:
    """An empty database of its own (the processes migrate it themselves); yields `rapport run`'s settings."""
    await require_postgres()
    name = f"rapport_shards_{uuid.uuid4().hex[:10]}"
    admin = await admin_connection()
    await admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield postgres_env(name)
    finally:
        await admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        await admin.close()


async def query(env: dict[str, str], sql: str, *arguments: object) -> list[asyncpg.Record]:
    url = make_url(env["DATABASE_URL"])
    connection = await asyncpg.connect(
        host=url.host, port=url.port, user=url.username, database=url.database, statement_cache_size=0
    )
    try:
        return await connection.fetch(sql, *arguments)
    finally:
        await connection.close()


async def exited(bot: RapportProcess) -> int:
    return await bot.stop(None, timeout=60)


def one_line_refusal(bot: RapportProcess, code: int, words: str) -> None:
    assert code == 2, bot.text
    assert "Traceback" not in bot.text, bot.text
    errors = [line for line in bot.output if line.startswith("error:")]
    assert len(errors) == 1, bot.text
    assert words in errors[0], bot.text
    assert bot.output == errors, bot.text  # nothing else: no log line, no traceback


async def test_two_postgresql_processes_with_disjoint_shards_start_together_and_answer_once(
    fake: FakeDiscord, tmp_path: Path
):
    guilds = fake.add_guilds(GUILDS)
    shards = {int(guild) >> 22 for guild in guilds}
    assert len({shard % 4 for shard in shards}) == 4  # the guilds fall on every shard
    async with fresh_postgres_database() as database:
        env = {**fake.env(), **database, "SHARD_COUNT": "4", "SCHEDULER_LEASE_SECONDS": str(LEASE)}
        # Started at the same moment on an empty database: both migrate, one after the other.
        first, second = await asyncio.gather(
            launch(tmp_path, {**env, "SHARD_IDS": "0-1"}), launch(tmp_path, {**env, "SHARD_IDS": "2-3"})
        )
        bots = (first, second)
        try:
            with output_on_failure(first), output_on_failure(second):
                await fake.wait_for(lambda: fake.identifies == 4, START_TIMEOUT)
                assert sorted(fake.identified_shards) == [(0, 4), (1, 4), (2, 4), (3, 4)]
                interactions = [
                    await fake.send_slash("touch", "log", "4242", guild_id=guild, customer="Acme", kind="listening")
                    for guild in guilds
                ]
                await fake.wait_for(lambda: all(i in fake.callbacks for i in interactions), START_TIMEOUT)

                # A third process whose shards overlap a live one's refuses, in one line.
                third = await launch(tmp_path, {**env, "SHARD_IDS": "1-2"})
                one_line_refusal(third, await exited(third), "already run in the process")
                unsharded = await launch(tmp_path, {key: value for key, value in env.items() if key != "SHARD_COUNT"})
                one_line_refusal(unsharded, await exited(unsharded), "both would answer the same interactions")

                # Each interaction reached one process, which answered it once and wrote one touch.
                assert all(fake.callback_counts[i] == 1 for i in interactions), fake.callback_counts
                [[touches]] = await query(database, "SELECT count(*) FROM touches")
                assert touches == GUILDS
                assert fake.count("PUT", "/commands") == 1  # commands synced by the process with shard 0 only
        finally:
            codes = [await bot.stop() for bot in bots]
        assert codes == [0, 0], [bot.text for bot in bots]
        for bot in bots:
            assert "Traceback" not in bot.text, bot.text
        assert await query(database, "SELECT * FROM shard_processes") == []  # clean stops drop their claims


async def test_the_postgresql_scheduler_owner_killed_the_other_process_takes_over_within_the_lease(
    fake: FakeDiscord, tmp_path: Path
):
    async with fresh_postgres_database() as database:
        env = {**fake.env(), **database, "SHARD_COUNT": "2", "SCHEDULER_LEASE_SECONDS": str(LEASE)}
        first = await launch(tmp_path, {**env, "SHARD_IDS": "0"})
        await fake.wait_for(lambda: fake.identifies == 1, START_TIMEOUT)
        second = await launch(tmp_path, {**env, "SHARD_IDS": "1"})
        bots = {first.process.pid: first, second.process.pid: second}
        try:
            with output_on_failure(first), output_on_failure(second):
                await fake.wait_for(lambda: fake.identifies == 2, START_TIMEOUT)
                owner_pid = await lease_holder(database)
                owner = bots.pop(owner_pid)
                [(other_pid, other)] = bots.items()
                owner.process.send_signal(signal.SIGKILL)
                await owner.stop(None)
                killed = time.monotonic()
                while await lease_holder(database) != other_pid:
                    taken_after = time.monotonic() - killed
                    assert taken_after < LEASE * 4 / 3 + 2, f"no takeover {taken_after:.1f} s after the kill"
                    await asyncio.sleep(0.1)
                # The new owner delivers: a nudge planned now goes out once.
                await plan_nudge(database["DATABASE_URL"], database.get("DATABASE_POOLER") == "true")
                await fake.wait_for(lambda: len(fake.created) == 1, START_TIMEOUT)
                await asyncio.sleep(LEASE)  # a second sender, were there one, would have sent by now
                assert len(fake.created) == 1
                assert "this process now runs the scheduler" in other.text

                # Restarted by its supervisor, the killed process meets its own last claim: once that claim's
                # heartbeats are overdue, it waits the claim out and starts, rather than refusing.
                await until_overdue(database, owner_pid)
                restarted = await launch(tmp_path, {**env, "SHARD_IDS": "0" if owner is first else "1"})
                with output_on_failure(restarted):
                    await fake.wait_for(lambda: fake.identifies == 3, EXPIRY_SECONDS + START_TIMEOUT)
                    assert "heartbeat is overdue, waiting" in restarted.text
                assert await restarted.stop() == 0, restarted.text
        finally:
            code = await other.stop()
        assert code == 0, other.text


async def until_overdue(env: dict[str, str], pid: int) -> None:
    """Until the claim of the process `pid` has missed its heartbeats (a process that died)."""
    late = HEARTBEAT_SECONDS + HEARTBEAT_GRACE + 1
    sql = "SELECT 1 FROM shard_processes WHERE pid = $1 AND heartbeat_at < now() - make_interval(secs => $2)"
    deadline = time.monotonic() + EXPIRY_SECONDS
    while not await query(env, sql, pid, late):
        assert time.monotonic() < deadline, "the dead process's claim never became overdue"
        await asyncio.sleep(0.2)


async def lease_holder(env: dict[str, str]) -> int | None:
    """The pid of the process holding the scheduler's lease (its holder is `host:pid:token`)."""
    deadline = time.monotonic() + START_TIMEOUT
    while True:
        rows = await query(env, "SELECT holder FROM leases WHERE name = 'scheduler' AND expires_at > now()")
        if rows:
            return int(rows[0]["holder"].split(":")[1])
        assert time.monotonic() < deadline, "nobody took the scheduler's lease"
        await asyncio.sleep(0.1)


async def plan_nudge(url: str, pooler: bool) -> None:
    db = Database(url, pooler=pooler)
    try:
        coach = Coach(db)
        await coach.settings.update_rep(1234, 4242, dms_enabled=True)
        await coach.nudges.schedule(1234, 42, "Dana (manager)", 4242, "Call Acme back", None)
    finally:
        await db.dispose()


async def test_a_second_process_on_one_sqlite_file_refuses_in_one_line(fake: FakeDiscord, tmp_path: Path):
    env = {**fake.env(), **database_env(tmp_path)}
    first = await launch(tmp_path, env)
    try:
        with output_on_failure(first):
            await fake.wait_for(lambda: fake.identifies == 1, START_TIMEOUT)
            second = await launch(tmp_path, env)
            one_line_refusal(second, await exited(second), "already runs on the SQLite file")
            assert "SQLite means one bot process" in second.text
    finally:
        assert await first.stop() == 0, first.text
    again = await launch(tmp_path, env)  # the lock went with the process that held it
    try:
        await fake.wait_for(lambda: fake.identifies == 2, START_TIMEOUT)
    finally:
        assert await again.stop() == 0, again.text
