"""Several bot processes on one PostgreSQL: only one runs the scheduler; another takes over when it dies."""

from __future__ import annotations

import asyncio
import random
from pathlib import Path

import pytest

from bot.schedule.scheduler import Ownership
from tests.databases import empty_database


@pytest.fixture(autouse=True)
def private_lock_key(monkeypatch: pytest.MonkeyPatch) -> None:
    """Advisory locks are database-wide: a key of our own keeps parallel test runs from meeting."""
    monkeypatch.setattr("bot.schedule.scheduler.ADVISORY_LOCK_KEY", random.randint(1, 2**31 - 1))


async def test_one_owner_at_a_time_and_takeover(tmp_path: Path):
    async with empty_database("postgresql", tmp_path) as first_db, empty_database("postgresql", tmp_path) as second_db:
        first, second = Ownership(first_db), Ownership(second_db)
        assert await first.held() is True
        assert await second.held() is False
        assert await first.held() is True  # still ours on the next tick
        await first.release()  # the owner's connection closes (process died or stopped)
        assert await second.held() is True
        assert await first.held() is False
        await second.release()


async def test_sqlite_means_one_process_which_always_owns(tmp_path: Path):
    async with empty_database("sqlite", tmp_path) as db:
        assert await Ownership(db).held() is True


async def test_when_the_owner_dies_another_takes_over(tmp_path: Path):
    from sqlalchemy import text

    async with empty_database("postgresql", tmp_path) as first_db, empty_database("postgresql", tmp_path) as second_db:
        first, second = Ownership(first_db), Ownership(second_db)
        assert await first.held() is True
        assert first._connection is not None
        pid = (await first._connection.execute(text("SELECT pg_backend_pid()"))).scalar()
        async with second_db.engine.connect() as admin:
            await admin.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})  # the owner dies
        # Termination is asynchronous: the lock goes when the backend has exited; a later tick takes it.
        for _ in range(50):
            if await second.held():
                break
            await asyncio.sleep(0.05)
        assert await second.held() is True
        assert await first.held() is False  # it notices its connection is gone and does not claim the lock
        await second.release()
        await first.release()
