"""The statements every `/touch log` runs find their rows through an index, whatever a rep's history holds.

Plans, not timings: a plan that visits every touch of a customer-day costs nothing in a test database and
0.1 ms per thousand touches in production (bench B1)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from bot.coach.touches import _AUTHOR, _CUSTOMER_AND_SCORED_KINDS
from tests.databases import migrated_database

PARAMETERS = {"rep_id": 1, "name_key": "acme", "day": date(2026, 11, 25)}


async def plan(session: AsyncSession, kind: str, statement: Any = _CUSTOMER_AND_SCORED_KINDS) -> str:
    compiled = statement.params(PARAMETERS).compile(
        dialect=session.get_bind().dialect, compile_kwargs={"literal_binds": True}
    )
    # SQLAlchemy 2.0 keeps some values as parameters even with literal binds (aggregate_strings' separator):
    # pass what is left, in the driver's own order.
    arguments = tuple(compiled.params[name] for name in compiled.positiontup or [])
    connection = await session.connection()
    if kind == "sqlite":
        rows = await connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}", arguments)
        return "\n".join(row[-1] for row in rows)
    # PostgreSQL picks by statistics, and an empty table is scanned whole; ask which index it would use.
    await session.execute(text("SET LOCAL enable_seqscan = off"))
    return "\n".join(row[0] for row in await connection.exec_driver_sql(f"EXPLAIN {compiled}", arguments))


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
async def test_the_per_day_caps_read_only_the_touches_that_scored(kind: str, tmp_path: Path):
    async with migrated_database(kind, tmp_path) as db, db.write() as session:
        found = await plan(session, kind)
    assert "ix_touches_customer_id_local_date_points" in found, found
    if kind == "sqlite":
        assert "(customer_id=? AND local_date=? AND points>?)" in found, found
    else:
        conditions = [line for line in found.splitlines() if "Index Cond" in line]
        assert any("(local_date = '2026-11-25'::date) AND (points > 0)" in line for line in conditions), found


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
async def test_the_streak_reads_only_the_days_after_the_reps_stored_replay(kind: str, tmp_path: Path):
    async with migrated_database(kind, tmp_path) as db, db.write() as session:
        found = await plan(session, kind, _AUTHOR.params(guild_id=1, user_id=2))
    if kind == "sqlite":
        assert "SEARCH daily_points USING INDEX sqlite_autoindex_daily_points_1 (rep_id=? AND day>?)" in found, found
    else:
        conditions = [line for line in found.splitlines() if "Index Cond" in line]
        assert any("(rep_id = reps.id) AND (day > COALESCE(reps.streak_checkpoint_on" in line for line in conditions), (
            found
        )
