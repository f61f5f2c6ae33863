from __future__ import annotations

import os
import random
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.coach import Coach
from bot.db.engine import Database
from tests.databases import migrated_database

# A session opened inside another of the same database raises here, in every process the tests start, rather
# than being logged (`Database._holding`).
os.environ["RAPPORT_STRICT_SESSIONS"] = "1"


class SteppingClock:
    """A clock tests move by hand. Starts at a fixed, ordinary instant."""

    def __init__(self, start: datetime | None = None) -> None:
        self.now = start or datetime(2026, 3, 10, 15, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)

    def set(self, moment: datetime) -> None:
        self.now = moment


@pytest.fixture(params=["sqlite", "postgresql"])
async def db(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Database]:
    """A migrated, empty database: each test runs once on SQLite and once on PostgreSQL."""
    async with migrated_database(request.param, tmp_path) as database:
        yield database


@pytest.fixture
def clock() -> SteppingClock:
    return SteppingClock()


@pytest.fixture
def coach(db: Database, clock: SteppingClock) -> Coach:
    return Coach(db, clock, rng=random.Random(1234))
