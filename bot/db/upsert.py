"""Dialect-aware INSERT ... ON CONFLICT, for the rows several commands may create at once."""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import DeclarativeBase


def _insert(session: AsyncSession, model: type[DeclarativeBase]) -> Any:
    dialect = session.get_bind().dialect.name
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(model)


async def insert_ignore(
    session: AsyncSession, model: type[DeclarativeBase], values: dict[str, Any], conflict: list[str]
) -> None:
    """Insert unless a row with the same `conflict` columns exists."""
    statement = _insert(session, model).values(**values).on_conflict_do_nothing(index_elements=conflict)
    await session.execute(statement)


async def insert_or_add(
    session: AsyncSession,
    model: type[DeclarativeBase],
    values: dict[str, Any],
    conflict: list[str],
    increments: dict[str, int],
) -> None:
    """Insert, or add `increments` to the existing row's counters (rollups)."""
    statement = _insert(session, model).values(**values)
    table = model.__table__
    statement = statement.on_conflict_do_update(
        index_elements=conflict,
        set_={column: table.c[column] + amount for column, amount in increments.items()},
    )
    await session.execute(statement)
