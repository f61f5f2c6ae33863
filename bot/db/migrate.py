"""Run Alembic from inside Rapport, on the application's own async engine.

Alembic itself, large once imported, is loaded only when the schema is behind: a restart of an up-to-date
Rapport reads one row and moves on (README, Performance: B5, B6).

Several processes may start at once on an empty PostgreSQL database (an orchestrator starts its replicas
together): two upgrades creating the same tables side by side fail on PostgreSQL's catalogue (`duplicate key
value violates unique constraint "pg_type_typname_nsp_index"`). So an upgrade first takes a transaction-level
advisory lock: the others wait for it, then find the schema at head and do nothing. Transaction-level, not a
session lock, because a pooler in transaction mode (PgBouncer) may hand each transaction another server
connection: the lock must live and die with the upgrade's own transaction.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

if TYPE_CHECKING:
    from alembic.config import Config

SCRIPT_LOCATION = "bot.db:migrations"
# The newest revision under bot/db/migrations/versions; tests/db/test_migrations.py holds it to Alembic's head.
HEAD = "0018"
# The advisory lock key that serialises upgrades across processes ("RMIG").
MIGRATION_LOCK_KEY = 0x524D4947


def alembic_config() -> Config:
    """Config that finds the migrations inside the installed package, wherever Rapport runs from."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", SCRIPT_LOCATION)
    return config


def _run(connection: Connection, revision: str, direction: str) -> None:
    from alembic import command

    config = alembic_config()
    config.attributes["connection"] = connection
    if direction == "up":
        command.upgrade(config, revision)
    else:
        command.downgrade(config, revision)


def _revision(connection: Connection) -> str | None:
    if not inspect(connection).has_table("alembic_version"):
        return None
    return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


async def current_revision(engine: AsyncEngine) -> str | None:
    """The schema's revision, or None for an empty database."""
    async with engine.connect() as connection:
        return await connection.run_sync(_revision)


async def upgrade(engine: AsyncEngine, revision: str = "head") -> None:
    """Create or upgrade the schema to `revision` in one transaction (nothing to do when already at head).
    On PostgreSQL, one process at a time: Alembic reads the schema's revision only once the lock is held, so a
    process that waited finds the work done."""
    if revision == "head" and await current_revision(engine) == HEAD:
        return
    async with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            await connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY})
        await connection.run_sync(_run, revision, "up")


async def downgrade(engine: AsyncEngine, revision: str) -> None:
    async with engine.begin() as connection:
        await connection.run_sync(_run, revision, "down")
