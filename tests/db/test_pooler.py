"""Behind PgBouncer in transaction mode (CI runs the PostgreSQL tests through one as well: `.ci/pgbouncer`),
each transaction may land on another server connection, so asyncpg's prepared statements break unless
`DATABASE_POOLER` says so. Run only when the tests' PostgreSQL URL is a pooler."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import text

from bot.db.engine import Database
from tests.databases import POOLER, POSTGRES_URL, require_postgres

pytestmark = pytest.mark.skipif(not POOLER, reason="the tests' PostgreSQL is not behind a pooler")


async def busy(db: Database) -> None:
    """Thirty clients, each running transactions of two statements: more clients than server connections."""

    async def client(number: int) -> None:
        for turn in range(20):
            async with db.engine.begin() as connection:
                await connection.execute(text("SELECT :turn + 1"), {"turn": turn})
                await connection.execute(text("SELECT count(*) FROM pg_class WHERE relpages > :n"), {"n": number})

    await asyncio.gather(*(client(number) for number in range(30)))


async def test_postgresql_behind_a_pooler_rapport_told_so_works():
    await require_postgres()
    db = Database(POSTGRES_URL, pooler=True)
    try:
        await busy(db)
    finally:
        await db.dispose()


async def test_postgresql_behind_a_pooler_rapport_not_told_breaks_which_is_why_the_setting_exists():
    await require_postgres()
    db = Database(POSTGRES_URL)
    try:
        with pytest.raises(Exception, match="prepared statement"):
            await busy(db)
    finally:
        await db.dispose()
