"""Read every row of every table and find what still holds a member: the walk `/privacy delete` is tested by.

Generic on purpose: it reads `Base.metadata`, so a table or column added later is walked without a change here.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import JSON, Integer, String, Table, Text, select

from bot.db.engine import Database
from bot.db.models import Base

Snapshot = dict[str, set[tuple[Any, ...]]]


async def snapshot(db: Database) -> Snapshot:
    """Every row of every table, as comparable tuples (JSON as sorted text)."""
    tables = {}
    async with db.read() as session:
        for table in Base.metadata.sorted_tables:
            rows = await session.execute(select(table))
            tables[table.name] = {
                tuple(json.dumps(value, sort_keys=True) if isinstance(value, dict | list) else value for value in row)
                for row in rows
            }
    return tables


def _points_at_reps(table: Table, column_name: str) -> bool:
    column = table.columns[column_name]
    if table.name == "reps":
        return column_name == "id"
    return column_name == "rep_id" or any(key.column.table.name == "reps" for key in column.foreign_keys)


def leftovers(tables: Snapshot, user_id: int, rep_id: int | None, words: list[str]) -> list[str]:
    """Cells that still hold the member: their Discord id in any number or text, their rep row's id in a column
    that points at reps, or their words (case-folded) in any text or JSON; as `table.column=value`."""
    folded = [word.casefold() for word in words]
    found = []
    for name, rows in tables.items():
        table = Base.metadata.tables[name]
        for row in rows:
            for column, value in zip(table.columns, row, strict=True):
                if value is None:
                    continue
                cell = f"{name}.{column.name}={value!r}"[:300]
                if (isinstance(column.type, Integer) and value == user_id) or (
                    rep_id is not None and value == rep_id and _points_at_reps(table, column.name)
                ):
                    found.append(cell)
                elif isinstance(column.type, String | Text | JSON) and isinstance(value, str):
                    text = value.casefold()
                    if str(user_id) in text or any(word in text for word in folded):
                        found.append(cell)
    return found
