"""The metrics the answer path keeps, through the real discord.py client against SimCord: each command counted
by its outcome, each first answer timed."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import pytest
from prometheus_client.parser import text_string_to_metric_families

from bot import tree
from bot.client import RapportBot
from bot.config import Settings
from bot.db.engine import Database
from bot.metrics.prometheus import PrometheusMetrics
from tests.conftest import SteppingClock
from tests.e2e.world import World, handled_errors


@pytest.fixture
def simcord_bot(e2e_db: Database, clock: SteppingClock) -> RapportBot:
    settings = Settings(database_url=e2e_db.url)
    return RapportBot(settings, database=e2e_db, clock=clock, run_scheduler=False, metrics=PrometheusMetrics())


def slowed(work: Callable[..., Awaitable[object]], seconds: float) -> Callable[..., Awaitable[object]]:
    async def slow(*args: object, **kwargs: object) -> object:
        await asyncio.sleep(seconds)
        return await work(*args, **kwargs)

    return slow


def scraped(world: World) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    metrics = world.env.bot.metrics
    assert isinstance(metrics, PrometheusMetrics)
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(metrics.exposition()[0].decode())
        for sample in family.samples
    }


def value(world: World, name: str, **labels: str) -> float | None:
    return scraped(world).get((name, frozenset(labels.items())))


async def test_commands_are_counted_by_outcome_and_their_first_answer_timed(world: World):
    await world.log("Acme Corp", kind="listening")
    await world.log("Globex")
    await world.alice.slash(world.channel, "touch undo")
    await world.alice.slash(world.channel, "touch undo")
    await world.alice.slash(world.channel, "touch undo")  # nothing left to undo: refused
    assert handled_errors(world.env) == ["NothingToUndo"]
    counted = "rapport_commands_total"
    assert value(world, counted, command="touch log", outcome="ok", error="") == 2
    assert value(world, counted, command="touch undo", outcome="ok", error="") == 2
    assert value(world, counted, command="touch undo", outcome="refused", error="NothingToUndo") == 1
    assert value(world, "rapport_answer_latency_seconds_count", answer="reply") == 5
    assert value(world, "rapport_answer_latency_seconds_count", answer="deferral") is None
    assert 0 < (value(world, "rapport_answer_latency_seconds_sum", answer="reply") or 0) < 5 * tree.DEFER_AFTER


async def test_a_slow_command_is_timed_at_its_deferral_and_a_bug_counts_as_failed(world: World, monkeypatch):
    touches = world.env.bot.coach.touches
    monkeypatch.setattr(tree, "DEFER_AFTER", 0.05)
    monkeypatch.setattr(touches, "log", slowed(touches.log, 0.2))
    await world.log("Acme")
    assert value(world, "rapport_answer_latency_seconds_count", answer="deferral") == 1
    assert value(world, "rapport_answer_latency_seconds_count", answer="reply") is None  # the edit is no first answer
    assert (value(world, "rapport_answer_latency_seconds_sum", answer="deferral") or 0) < 0.2

    async def broken(*args: object, **kwargs: object) -> object:
        raise KeyError("a bug")

    monkeypatch.setattr(world.env.bot.coach.touches, "log", broken)
    await world.log("Acme")
    assert handled_errors(world.env) == ["KeyError"]  # answered with the generic apology
    assert value(world, "rapport_commands_total", command="touch log", outcome="failed", error="KeyError") == 1
