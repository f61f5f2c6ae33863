"""Real databases for tests: a fresh SQLite file, or a fresh PostgreSQL schema, migrated to head.

PostgreSQL is at 127.0.0.1:5432 (trust auth, database `test`) on dev machines and CI; override with
`RAPPORT_TEST_POSTGRES_URL`. Tests skip it when it is unreachable, unless `RAPPORT_REQUIRE_POSTGRES=1`.
`RAPPORT_TEST_POSTGRES_POOLER=1` says that URL is a pooler in transaction mode (CI runs the PostgreSQL tests
a second time through PgBouncer, `.ci/pgbouncer`): Rapport is then told so (`DATABASE_POOLER`), and a test's
schema is set in each transaction, since PgBouncer passes no `search_path` given at connection.
"""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import asyncpg
import pytest
from sqlalchemy.engine import make_url

from bot.db import migrate
from bot.db.engine import Database

POSTGRES_URL = os.environ.get("RAPPORT_TEST_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test")
POOLER = os.environ.get("RAPPORT_TEST_POSTGRES_POOLER") == "1"
_reachable: bool | None = None


def _plain_dsn() -> str:
    return POSTGRES_URL.replace("postgresql+asyncpg://", "postgresql://", 1)


async def admin_connection() -> asyncpg.Connection:
    """A plain asyncpg connection for setting up and tearing down (no statement cache behind a pooler)."""
    return await asyncpg.connect(_plain_dsn(), statement_cache_size=0 if POOLER else 100)


def postgres_env(database: str) -> dict[str, str]:
    """The settings that point `rapport run` at `database` on the test PostgreSQL (through the pooler, if
    the tests run through one)."""
    url = make_url(POSTGRES_URL).set(database=database).render_as_string(hide_password=False)
    return {"DATABASE_URL": url, **({"DATABASE_POOLER": "true"} if POOLER else {})}


async def postgres_reachable() -> bool:
    global _reachable
    if _reachable is None:
        try:
            connection = await asyncio.wait_for(admin_connection(), timeout=3)
        except (OSError, asyncpg.PostgresError, TimeoutError):
            _reachable = False
        else:
            await connection.close()
            _reachable = True
    return _reachable


async def require_postgres() -> None:
    if await postgres_reachable():
        return
    if os.environ.get("RAPPORT_REQUIRE_POSTGRES") == "1":
        pytest.fail(f"PostgreSQL is required (RAPPORT_REQUIRE_POSTGRES=1) but {POSTGRES_URL} is unreachable")
    pytest.skip(f"PostgreSQL unreachable at {POSTGRES_URL}")


@asynccontextmanager
async def postgres_schema() -> AsyncIterator[tuple[str, dict[str, object]]]:
    """A throwaway schema; yields the URL and the engine arguments that put it first on the search path."""
    await require_postgres()
    schema = f"rapport_test_{uuid.uuid4().hex[:12]}"
    admin = await admin_connection()
    try:
        await admin.execute(f'CREATE SCHEMA "{schema}"')
        if POOLER:
            yield POSTGRES_URL, {"pooler": True, "search_path": f'"{schema}"'}
        else:
            yield POSTGRES_URL, {"connect_args": {"server_settings": {"search_path": schema}}}
    finally:
        await admin.execute(f'DROP SCHEMA "{schema}" CASCADE')
        await admin.close()


@asynccontextmanager
async def empty_database(kind: str, tmp_path: Path) -> AsyncIterator[Database]:
    """A database with no tables yet, of `kind` "sqlite" or "postgresql"."""
    if kind == "sqlite":
        db = Database(f"sqlite+aiosqlite:///{tmp_path / 'rapport.db'}")
        try:
            yield db
        finally:
            await db.dispose()
        return
    async with postgres_schema() as (url, engine_kwargs):
        db = Database(url, **engine_kwargs)  # type: ignore[arg-type]
        try:
            yield db
        finally:
            await db.dispose()


@asynccontextmanager
async def migrated_database(kind: str, tmp_path: Path) -> AsyncIterator[Database]:
    async with empty_database(kind, tmp_path) as db:
        await migrate.upgrade(db.engine)
        yield db
