"""Several bot processes on one PostgreSQL: only one runs the scheduler, by holding a lease row that it renews;
another takes over once that lease has expired (its holder died), or at once when it was given up."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from sqlalchemy import text

from bot.db import migrate
from bot.db.engine import Database
from bot.schedule.scheduler import Ownership
from tests.databases import empty_database, postgres_schema


@asynccontextmanager
async def two_processes() -> AsyncIterator[tuple[Database, Database]]:
    """Two processes' databases on one PostgreSQL schema (each its own engine and connections)."""
    async with postgres_schema() as (url, engine_kwargs):
        first, second = Database(url, **engine_kwargs), Database(url, **engine_kwargs)  # type: ignore[arg-type]
        try:
            await migrate.upgrade(first.engine)
            yield first, second
        finally:
            await first.dispose()
            await second.dispose()


async def expire_the_lease(db: Database) -> None:
    """What the lease's holder dying amounts to, once its lease time has passed: nobody renewed it."""
    async with db.engine.begin() as connection:
        await connection.execute(text("UPDATE leases SET expires_at = now() - interval '1 second'"))


async def test_postgresql_one_owner_at_a_time_and_takeover_when_given_up():
    async with two_processes() as (first_db, second_db):
        first, second = Ownership(first_db), Ownership(second_db)
        assert await first.held() is True
        assert await second.held() is False
        assert await first.held() is True  # renewed: still ours
        assert await second.held() is False
        await first.release()  # a clean stop gives it up: no wait for the expiry
        assert await second.held() is True
        assert await first.held() is False


async def test_postgresql_when_the_owner_dies_another_takes_over_once_the_lease_expired():
    async with two_processes() as (first_db, second_db):
        first, second = Ownership(first_db, lease_seconds=60), Ownership(second_db, lease_seconds=60)
        assert await first.held() is True
        assert await second.held() is False  # not expired yet: the owner may only be slow
        await expire_the_lease(second_db)
        assert await second.held() is True
        assert await first.held() is False  # back from its pause, the old owner sees it lost the lease
        assert first.is_held is False
        assert second.is_held is True


async def test_sqlite_means_one_process_which_always_owns(tmp_path: Path):
    async with empty_database("sqlite", tmp_path) as db:
        assert await Ownership(db).held() is True
