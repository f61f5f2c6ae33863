"""A task never waits for a connection it holds itself: a read opened inside another session of the same
database, or a write inside a write, is refused where the tests run (strict) and logged elsewhere. The whole
suite runs strict (`tests/conftest.py`), so every tested path is checked; these pin the rule itself."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

import pytest
from sqlalchemy import func, insert, select

from bot.db.engine import Database, NestedSession
from bot.db.models import Rep
from tests.databases import migrated_database


async def reps(db: Database) -> int:
    async with db.read() as session:
        return await session.scalar(select(func.count()).select_from(Rep)) or 0


async def test_a_read_inside_a_read_is_refused(db: Database):
    async with db.read():
        with pytest.raises(NestedSession, match="a read session opened inside a read session"):
            await reps(db)
    assert await reps(db) == 0  # the refusal held nothing


async def test_a_read_inside_a_write_is_refused_and_the_write_rolls_back(db: Database):
    with pytest.raises(NestedSession, match="a read session opened inside a write session"):
        async with db.write() as session:
            await session.execute(insert(Rep).values(guild_id=1, user_id=7, preferences={}))
            await reps(db)
    assert await reps(db) == 0


async def test_a_write_inside_a_write_is_refused_rather_than_waiting_for_itself(db: Database):
    async def nested() -> None:
        async with db.write(), db.write():
            pass

    # On SQLite the inner write would wait forever for the lock its own task holds.
    with pytest.raises(NestedSession, match="a write session opened inside a write session"):
        await asyncio.wait_for(nested(), 10)
    with pytest.raises(NestedSession):

        async def unit_inside_write() -> None:
            async with db.write():
                await db.run_write(lambda connection: None)

        await asyncio.wait_for(unit_inside_write(), 10)


async def test_a_write_inside_a_read_is_allowed(db: Database):
    """The writer's holder never waits for a reader, so a reader's holder may wait for the writer."""
    async with db.read() as session:
        assert await session.scalar(select(func.count()).select_from(Rep)) == 0
        async with db.write() as writing:
            await writing.execute(insert(Rep).values(guild_id=1, user_id=7, preferences={}))
    assert await reps(db) == 1


async def test_sessions_one_after_another_and_in_other_tasks_are_not_nested(db: Database):
    with pytest.raises(RuntimeError):
        async with db.read():
            raise RuntimeError("the command failed inside its read")
    async with db.read():
        # A task started while this one holds a reader holds nothing itself (awaiting it inside the block
        # would be the same circle by other means, which the check does not see: see `Database._holding`).
        counting = asyncio.create_task(reps(db))
    assert await counting == 0
    async with db.write():
        pass
    assert await reps(db) == 0


async def test_sessions_of_two_databases_may_nest(tmp_path: Path, db: Database):
    (tmp_path / "other").mkdir()
    async with migrated_database("sqlite", tmp_path / "other") as other, db.read():
        assert await reps(other) == 0


async def test_outside_the_tests_a_nested_read_is_logged_with_its_caller_and_still_runs(
    db: Database, caplog: pytest.LogCaptureFixture
):
    db.strict = False
    with caplog.at_level(logging.WARNING, logger="bot.db.engine"):
        async with db.read():
            assert await reps(db) == 0
    [record] = [record for record in caplog.records if "inside a read session" in record.getMessage()]
    assert "pass the session held down instead" in record.getMessage()
    assert record.stack_info is not None
    assert "test_outside_the_tests_a_nested_read_is_logged" in record.stack_info


async def test_outside_the_tests_a_write_inside_a_write_is_refused_on_sqlite_and_logged_elsewhere(
    db: Database, caplog: pytest.LogCaptureFixture
):
    db.strict = False

    async def nested() -> None:
        async with db.write(), db.write() as inner:
            await inner.execute(insert(Rep).values(guild_id=1, user_id=7, preferences={}))

    with caplog.at_level(logging.WARNING, logger="bot.db.engine"):
        if db.is_sqlite:  # its write lock is not reentrant: the inner write would wait for ever
            with pytest.raises(NestedSession, match="a write session opened inside a write session"):
                await asyncio.wait_for(nested(), 10)
            assert await reps(db) == 0
        else:  # a second connection of the pool: it works, and says where
            await asyncio.wait_for(nested(), 10)
            assert await reps(db) == 1
            assert any("inside a write session" in record.getMessage() for record in caplog.records)
