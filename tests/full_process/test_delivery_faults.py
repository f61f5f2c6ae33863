"""`rapport run` delivering nudges through faults (issue 15): a restart after Discord's nonce window with a
message created but never marked sent, and the database locked by another process while the drain stores a
rep's DM channel."""

from __future__ import annotations

import asyncio
import signal
import sqlite3
import time
from pathlib import Path

from bot.coach import Coach
from bot.db import migrate
from bot.db.engine import Database
from tests.fake_discord import FakeDiscord
from tests.full_process.harness import START_TIMEOUT, database_env, launch, output_on_failure

GUILD = 1234
NONCE_WINDOW = 3.0
LOCKED_FOR = 7.0  # longer than the bot's 5 s wait for SQLite's write lock


async def plan_nudges(url: str, users: list[int]) -> None:
    db = Database(url)
    try:
        await migrate.upgrade(db.engine)
        coach = Coach(db)
        for user in users:
            await coach.settings.update_rep(GUILD, user, dms_enabled=True)
            await coach.nudges.schedule(GUILD, 42, "Dana (manager)", user, f"Nudge for {user}", None)
    finally:
        await db.dispose()


def outbox(path: Path) -> list[tuple[str, int | None, int]]:
    with sqlite3.connect(path) as connection:
        return connection.execute("SELECT status, message_id, attempts FROM outbox ORDER BY id").fetchall()


async def until_settled(path: Path, timeout: float) -> list[tuple[str, int | None, int]]:  # noqa: ASYNC109
    """The outbox once no row is pending, read every 100 ms (the bot writes it from another process)."""
    deadline = time.monotonic() + timeout
    while True:
        rows = outbox(path)
        if rows and all(status != "pending" for status, _, _ in rows):
            return rows
        assert time.monotonic() < deadline, f"still pending after {timeout} s: {rows}"
        await asyncio.sleep(0.1)


async def test_a_restart_after_the_nonce_window_delivers_a_created_message_once(fake: FakeDiscord, tmp_path: Path):
    env = {**fake.env(), **database_env(tmp_path)}
    await plan_nudges(env["DATABASE_URL"], [4242])
    fake.nonce_window = NONCE_WINDOW
    fake.hold_message_number = 1  # Discord creates the message; the bot never hears back

    first = await launch(tmp_path, env)
    try:
        await fake.wait_for(lambda: len(fake.created) == 1, START_TIMEOUT)
    finally:
        first.process.send_signal(signal.SIGKILL)
        await first.stop(None)
    assert outbox(tmp_path / "rapport.db")[0][0] == "pending"
    await asyncio.sleep(NONCE_WINDOW)  # a resend now would post the nudge a second time
    fake.hold_message_number = None

    second = await launch(tmp_path, env)
    try:
        with output_on_failure(second):
            [(status, message_id, _)] = await until_settled(tmp_path / "rapport.db", START_TIMEOUT)
    finally:
        code = await second.stop()
    assert code == 0, second.text
    assert [m["content"].endswith("Nudge for 4242") for m in fake.created] == [True]
    assert (status, message_id) == ("sent", int(fake.created[0]["id"]))
    assert fake.history_reads() == 1
    assert fake.nonce_replays == 0
    assert fake.spec_problems == []


async def test_the_database_locked_while_a_dm_channel_is_stored_loses_no_nudge(fake: FakeDiscord, tmp_path: Path):
    env = {**fake.env(), **database_env(tmp_path)}
    users = [5_000_000 + number for number in range(10)]
    await plan_nudges(env["DATABASE_URL"], users)
    lockers: list[sqlite3.Connection] = []

    async def another_process_locks_the_database(_user: str) -> None:
        if lockers:
            return
        other = sqlite3.connect(tmp_path / "rapport.db", isolation_level=None, check_same_thread=False)
        other.execute("BEGIN IMMEDIATE")
        lockers.append(other)
        asyncio.get_running_loop().call_later(LOCKED_FOR, other.rollback)

    fake.on_dm_open = another_process_locks_the_database
    bot = await launch(tmp_path, env)
    try:
        with output_on_failure(bot):
            rows = await until_settled(tmp_path / "rapport.db", 60)
    finally:
        code = await bot.stop()
        for other in lockers:
            other.close()
    assert code == 0, bot.text
    assert lockers, "the fault was never injected"
    assert [status for status, _, _ in rows] == ["sent"] * len(users)
    assert sorted(fake.messages_per_nonce().values()) == [1] * len(users)
    assert "database is locked" in bot.text  # the blip happened, and was retried
    assert "Traceback" not in bot.text
    assert fake.spec_problems == []
