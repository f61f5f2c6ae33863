"""Dialect-aware INSERT ... ON CONFLICT, for the rows several commands may create at once.

Each shape of statement is built once per dialect with its values as parameters, and runs as a plain table
statement: `/touch log` runs one per touch, and on SQLite building, hashing and ORM-processing the statement
cost more than running it.

Both run on a synchronous `Connection` (`/touch log`'s unit of work, `Database.run_write`) or `Session`
(async code calls them with `await session.run_sync(insert_ignore, ...)`)."""

from __future__ import annotations

import functools
from typing import Any

from sqlalchemy import Connection, Table, bindparam
from sqlalchemy.orm import DeclarativeBase, Session

from bot.db.models import table_of

# What a synchronous unit of work runs its statements on: the ORM session, or (cheaper per statement, for
# plain table statements) its connection.
Executor = Session | Connection


def _insert(dialect: str, table: Table) -> Any:
    # Imported on first use: a SQLite deployment never pays for loading the PostgreSQL dialect at start.
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as postgresql_insert

        return postgresql_insert(table)
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return sqlite_insert(table)


@functools.cache
def _ignoring(dialect: str, table: Table, conflict: tuple[str, ...]) -> Any:
    return _insert(dialect, table).on_conflict_do_nothing(index_elements=list(conflict))


@functools.cache
def _adding(dialect: str, table: Table, conflict: tuple[str, ...], added: tuple[str, ...]) -> Any:
    return _insert(dialect, table).on_conflict_do_update(
        index_elements=list(conflict),
        set_={column: table.c[column] + bindparam(f"add_{column}") for column in added},
    )


def _dialect(executor: Executor) -> str:
    return (executor.dialect if isinstance(executor, Connection) else executor.get_bind().dialect).name


def _run(executor: Executor, statement: Any, parameters: dict[str, Any]) -> None:
    if isinstance(executor, Session) and (executor.new or executor.dirty or executor.deleted):
        executor.flush()  # pending ORM changes first, as an ORM statement would have flushed them
    executor.execute(statement, parameters)


def insert_ignore(
    executor: Executor, model: type[DeclarativeBase], values: dict[str, Any], conflict: list[str]
) -> None:
    """Insert unless a row with the same `conflict` columns exists."""
    _run(executor, _ignoring(_dialect(executor), table_of(model), tuple(conflict)), values)


def insert_or_add(
    executor: Executor,
    model: type[DeclarativeBase],
    values: dict[str, Any],
    conflict: list[str],
    increments: dict[str, int],
) -> None:
    """Insert, or add `increments` to the existing row's counters (rollups)."""
    statement = _adding(_dialect(executor), table_of(model), tuple(conflict), tuple(increments))
    _run(executor, statement, {**values, **{f"add_{column}": amount for column, amount in increments.items()}})
