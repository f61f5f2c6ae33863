"""Run Alembic from inside Rapport, on the application's own async engine."""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

SCRIPT_LOCATION = "bot.db:migrations"


def alembic_config() -> Config:
    """Config that finds the migrations inside the installed package, wherever Rapport runs from."""
    config = Config()
    config.set_main_option("script_location", SCRIPT_LOCATION)
    return config


def _run(connection: Connection, revision: str, direction: str) -> None:
    config = alembic_config()
    config.attributes["connection"] = connection
    if direction == "up":
        command.upgrade(config, revision)
    else:
        command.downgrade(config, revision)


async def upgrade(engine: AsyncEngine, revision: str = "head") -> None:
    """Create or upgrade the schema to `revision` in one transaction."""
    async with engine.begin() as connection:
        await connection.run_sync(_run, revision, "up")


async def downgrade(engine: AsyncEngine, revision: str) -> None:
    async with engine.begin() as connection:
        await connection.run_sync(_run, revision, "down")
