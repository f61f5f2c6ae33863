"""The SQLite writer: one connection called in place, which waits for another process's write lock on the
event loop rather than inside SQLite, and never alongside another writer of its own process."""

from __future__ import annotations

import asyncio
import sqlite3
import time
from pathlib import Path

import pytest
from sqlalchemy import Connection, func, insert, select, update
from sqlalchemy.exc import OperationalError

from bot.db import engine as db_engine
from bot.db.inline_sqlite import DRIVER
from bot.db.models import Rep
from tests.databases import migrated_database


async def rep_count(db: db_engine.Database) -> int:
    async with db.read() as session:
        return await session.scalar(select(func.count()).select_from(Rep)) or 0


async def add_rep(db: db_engine.Database, user_id: int) -> None:
    async with db.write() as session:
        await session.execute(insert(Rep).values(guild_id=1, user_id=user_id, preferences={}))


def insert_rep(connection: Connection, user_id: int) -> None:
    connection.execute(insert(Rep).values(guild_id=1, user_id=user_id, preferences={}))


async def add_rep_in_one_unit(db: db_engine.Database, user_id: int) -> None:
    await db.run_write(insert_rep, user_id)


# Both ways to write: a session in a context manager, and a synchronous unit of work (`/touch log`'s).
WRITES = pytest.mark.parametrize("add", [add_rep, add_rep_in_one_unit], ids=["write", "run_write"])


async def test_writes_run_on_the_inline_connection_and_reads_see_them(tmp_path: Path):
    async with migrated_database("sqlite", tmp_path) as db:
        async with db.write() as session:
            assert session.get_bind().dialect.driver == DRIVER
            await session.execute(insert(Rep).values(guild_id=1, user_id=7, preferences={}))
        async with db.read() as session:
            assert session.get_bind().dialect.driver == "aiosqlite"
        assert await rep_count(db) == 1


async def test_a_failed_unit_of_work_rolls_back_and_frees_the_writer(tmp_path: Path):
    def insert_then_fail(connection: Connection) -> None:
        insert_rep(connection, 7)
        raise RuntimeError("the command failed half way")

    async with migrated_database("sqlite", tmp_path) as db:
        with pytest.raises(RuntimeError):
            await db.run_write(insert_then_fail)
        await add_rep_in_one_unit(db, 8)
        async with db.read() as session:
            assert list(await session.scalars(select(Rep.user_id))) == [8]


async def test_a_failed_write_rolls_back_and_frees_the_writer(tmp_path: Path):
    async with migrated_database("sqlite", tmp_path) as db:
        with pytest.raises(RuntimeError):
            async with db.write() as session:
                await session.execute(insert(Rep).values(guild_id=1, user_id=7, preferences={}))
                raise RuntimeError("the command failed half way")
        await add_rep(db, 8)
        async with db.read() as session:
            assert list(await session.scalars(select(Rep.user_id))) == [8]


@WRITES
async def test_concurrent_writes_take_turns(tmp_path: Path, add):
    async with migrated_database("sqlite", tmp_path) as db:
        await asyncio.gather(*(add(db, user) for user in range(25)), *(add_rep(db, user) for user in range(25, 50)))
        assert await rep_count(db) == 50


@WRITES
async def test_another_processs_write_lock_is_waited_for_without_blocking_the_loop(tmp_path: Path, add):
    async with migrated_database("sqlite", tmp_path) as db:
        other = sqlite3.connect(tmp_path / "rapport.db", isolation_level=None)
        other.execute("BEGIN IMMEDIATE")  # a CLI command in another process holds the write lock
        writing = asyncio.create_task(add(db, 7))
        ticks = 0
        started = time.monotonic()
        while time.monotonic() - started < 0.3:  # the loop keeps turning while the write waits
            await asyncio.sleep(0.01)
            ticks += 1
        assert not writing.done()
        assert ticks >= 10
        other.execute("COMMIT")
        other.close()
        await asyncio.wait_for(writing, 2)
        assert await rep_count(db) == 1


@WRITES
async def test_a_write_lock_held_too_long_fails_the_write_clearly(tmp_path: Path, monkeypatch, add):
    monkeypatch.setattr(db_engine, "WRITE_LOCK_WAIT", 0.2)
    async with migrated_database("sqlite", tmp_path) as db:
        other = sqlite3.connect(tmp_path / "rapport.db", isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        try:
            with pytest.raises(OperationalError, match="database is locked"):
                await add(db, 7)
        finally:
            other.execute("ROLLBACK")
            other.close()
        await add(db, 8)  # the writer is usable again
        assert await rep_count(db) == 1


async def test_the_writers_connection_runs_core_statements_too(tmp_path: Path):
    async with migrated_database("sqlite", tmp_path) as db:
        async with db.write() as session:
            connection = await session.connection()
            await connection.execute(insert(Rep).values(guild_id=1, user_id=7, preferences={}))
            updated = await connection.execute(update(Rep).where(Rep.user_id == 7).values(timezone="Europe/Paris"))
            assert updated.rowcount == 1
        async with db.read() as session:
            assert await session.scalar(select(Rep.timezone)) == "Europe/Paris"


async def test_a_burst_of_reads_waits_for_the_few_reader_connections(tmp_path: Path):
    async with migrated_database("sqlite", tmp_path) as db:
        await add_rep(db, 7)
        held: list[int] = []

        async def read() -> int:
            async with db.read() as session:
                count = await session.scalar(select(func.count()).select_from(Rep)) or 0
                held.append(db.engine.pool.checkedout())  # type: ignore[attr-defined]
                await asyncio.sleep(0.01)
                return count

        assert await asyncio.gather(*(read() for _ in range(40))) == [1] * 40
        assert max(held) == db_engine.SQLITE_READERS


def size(database: Path) -> int:
    return database.stat().st_size


async def wal_copied(database: Path, size_before: int, timeout: float = 2.0) -> bool:  # noqa: ASYNC109
    """Whether a checkpoint copied the WAL's pages into the database file within `timeout`."""
    deadline = time.monotonic() + timeout
    while size(database) < size_before + 7_000_000:
        if time.monotonic() > deadline:
            return False
        await asyncio.sleep(0.01)
    return True


async def test_the_writer_leaves_checkpoints_to_a_reader_once_it_is_quiet(tmp_path: Path, monkeypatch):
    """SQLite's own rule would copy the WAL into the database inside the commit that passes 1,000 pages, on
    the event loop; here a reader does it, once enough writes gathered and the writer is quiet."""
    monkeypatch.setattr(db_engine, "CHECKPOINT_EVERY", 3)
    monkeypatch.setattr(db_engine, "CHECKPOINT_QUIET", 0.3)
    database = tmp_path / "rapport.db"
    async with migrated_database("sqlite", tmp_path) as db:
        size_before = size(database)
        for user in range(3):  # each adds about 600 pages to the WAL
            await add_big_rep(db, user)
        # Past 1,000 pages: SQLite's writer would have checkpointed. Here it waits for a quiet moment.
        assert size(database) == size_before
        assert not await wal_copied(database, size_before, timeout=0.15)
        assert await wal_copied(database, size_before)
        assert await rep_count(db) == 3


async def test_unbroken_writes_get_a_checkpoint_all_the_same(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(db_engine, "CHECKPOINT_EVERY", 2)
    monkeypatch.setattr(db_engine, "CHECKPOINT_QUIET", 60.0)  # never quiet enough
    monkeypatch.setattr(db_engine, "CHECKPOINT_AT_MOST", 4)
    database = tmp_path / "rapport.db"
    async with migrated_database("sqlite", tmp_path) as db:
        size_before = size(database)
        for user in range(3):
            await add_big_rep(db, user)
        assert not await wal_copied(database, size_before, timeout=0.1)
        await add_big_rep(db, 3)  # the most writes a checkpoint waits for
        assert await wal_copied(database, size_before)
        assert await rep_count(db) == 4


async def add_big_rep(db: db_engine.Database, user_id: int) -> None:
    async with db.write() as session:
        notes = {"notes": "x" * 2_500_000}
        await session.execute(insert(Rep).values(guild_id=1, user_id=user_id, preferences=notes))
