"""Claims on shards in PostgreSQL (`bot.shards`): disjoint shards live side by side; overlapping ones, an
unsharded process beside any other, or another SHARD_COUNT are refused; a process that died is forgotten once
its heartbeat is older than the expiry; a clean stop frees its shards at once."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from bot.db import migrate
from bot.db.engine import Database
from bot.shards import ShardRegistry, ShardsTaken, describe_shards
from tests.databases import postgres_schema


@pytest.fixture
async def db():
    async with postgres_schema() as (url, engine_kwargs):
        database = Database(url, **engine_kwargs)  # type: ignore[arg-type]
        try:
            await migrate.upgrade(database.engine)
            yield database
        finally:
            await database.dispose()


async def test_postgresql_disjoint_shards_live_side_by_side_and_overlaps_are_refused(db: Database):
    await ShardRegistry(db, 4, (0, 1)).claim()
    await ShardRegistry(db, 4, (2, 3)).claim()
    with pytest.raises(ShardsTaken, match=r"shards 0-1 of 4 already run in the process \d+ on .*shards 1-2 of 4"):
        await ShardRegistry(db, 4, (1, 2)).claim()
    with pytest.raises(ShardsTaken, match="every shard"):
        await ShardRegistry(db, None, None).claim()
    with pytest.raises(ShardsTaken, match="SHARD_COUNT 8 differs from the 4"):
        await ShardRegistry(db, 8, (7,)).claim()


async def test_postgresql_a_dead_process_is_forgotten_after_the_expiry_and_a_clean_stop_at_once(db: Database):
    dead, stopping = ShardRegistry(db, 2, (0,)), ShardRegistry(db, 2, (1,))
    await dead.claim()
    await stopping.claim()
    async with db.engine.begin() as connection:  # no heartbeat for longer than the expiry
        await connection.execute(text("UPDATE shard_processes SET heartbeat_at = now() - interval '1 hour'"))
    await stopping.leave()
    await ShardRegistry(db, 2, (0,)).claim()
    await ShardRegistry(db, 2, (1,)).claim()


def test_shards_are_described_as_an_operator_writes_them():
    assert describe_shards((0, 1, 2, 3), 8) == "shards 0-3 of 8"
    assert describe_shards((0, 1, 5, 7, 8), 9) == "shards 0-1,5,7-8 of 9"
    assert describe_shards((4,), 6) == "shard 4 of 6"
    assert describe_shards(None, None) == "every shard"


async def test_postgresql_a_claim_whose_heartbeats_are_overdue_is_waited_out_not_refused(db: Database):
    """A restart after a crash meets its own last claim: refusing it would need the operator for nothing."""
    await ShardRegistry(db, 2, (0,)).claim()
    with pytest.raises(ShardsTaken) as live:
        await ShardRegistry(db, 2, (0,)).claim()
    assert live.value.expires_in is None  # heartbeat fresh: a live process, refused
    async with db.engine.begin() as connection:  # 20 s without a heartbeat (one is due every 10 s)
        await connection.execute(text("UPDATE shard_processes SET heartbeat_at = now() - interval '20 seconds'"))
    with pytest.raises(ShardsTaken) as overdue:
        await ShardRegistry(db, 2, (0,)).claim()
    assert overdue.value.expires_in is not None
    assert 9 < overdue.value.expires_in <= 10  # forgotten 30 s after its last heartbeat
