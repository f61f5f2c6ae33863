"""SimCord: the real discord.py bot against an in-memory Discord, on a real (SQLite) database."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest
import simcord.interactions

from bot.client import RapportBot
from bot.config import Settings
from bot.db.engine import Database
from tests import discord_spec
from tests.conftest import SteppingClock
from tests.databases import migrated_database
from tests.e2e.world import World, build_world


@pytest.fixture
async def e2e_db(tmp_path: Path) -> AsyncIterator[Database]:
    async with migrated_database("sqlite", tmp_path) as database:
        yield database


@pytest.fixture(params=["sqlite", "postgresql"])
async def e2e_db_on_both(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Database]:
    """For modules whose tests must hold on both databases: they override `e2e_db` with this one."""
    async with migrated_database(request.param, tmp_path) as database:
        yield database


@pytest.fixture
def simcord_bot(e2e_db: Database, clock: SteppingClock) -> RapportBot:
    # SimCord tests drive the planner and drain themselves, against the test clock.
    return RapportBot(Settings(database_url=e2e_db.url), database=e2e_db, clock=clock, run_scheduler=False)


@pytest.fixture(autouse=True)
def requests_match_discord_spec(request: pytest.FixtureRequest) -> Iterator[None]:
    """Every REST request the bot made in a SimCord test must be one Discord would accept."""
    if "simcord_env" not in request.fixturenames or not discord_spec.spec_available():
        yield
        return
    env = request.getfixturevalue("simcord_env")
    yield
    problems = [
        problem
        for entry in env.http_requests
        for problem in discord_spec.problems_with(entry.method, entry.path, entry.json)
    ]
    assert not problems, "requests Discord would refuse:\n" + "\n".join(problems)


@pytest.fixture
def world(simcord_env: Any) -> World:
    return build_world(simcord_env)


@pytest.fixture
def locales(monkeypatch: pytest.MonkeyPatch) -> dict[int, str]:
    """user id -> the locale their Discord client sends (SimCord always sends en-US)."""
    chosen: dict[int, str] = {}
    original = simcord.interactions.base_payload

    def with_locale(*args: Any, **kwargs: Any) -> Any:
        record, payload = original(*args, **kwargs)
        payload["locale"] = chosen.get(kwargs["user_id"], "en-US")
        return record, payload

    monkeypatch.setattr(simcord.interactions, "base_payload", with_locale)
    return chosen
