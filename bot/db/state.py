"""A tiny key-value store for facts the process keeps between runs."""

from __future__ import annotations

from bot.db.engine import Database
from bot.db.models import BotState, utcnow


async def read_state(db: Database, key: str) -> str | None:
    async with db.read() as session:
        row = await session.get(BotState, key)
        return None if row is None else row.value


async def write_state(db: Database, key: str, value: str) -> None:
    async with db.write() as session:
        row = await session.get(BotState, key)
        if row is None:
            session.add(BotState(key=key, value=value, updated_at=utcnow()))
        else:
            row.value = value
