"""`/healthz` and `/metrics` as an orchestrator and Prometheus see them: ready only when every shard is
connected and the database answers; the reason, in one line, when not."""

from __future__ import annotations

import socket
import subprocess
import sys

import aiohttp

from bot.db.engine import Database
from bot.metrics.endpoint import MetricsEndpoint, unhealthy
from bot.metrics.prometheus import PrometheusMetrics
from tests.unit.bot.metrics.test_prometheus import Shard, StubBot


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def test_ready_only_with_every_shard_connected_and_the_database_answering(db: Database):
    assert await unhealthy(None) == "starting: the gateway is not connected yet"
    assert await unhealthy(StubBot(ready=False, database=db)) == "starting: the gateway is not connected yet"  # type: ignore[arg-type]
    shards = {0: Shard(False, 0.04), 1: Shard(True, 0.04), 2: Shard(True, 0.04)}
    bot = StubBot(shards=shards, database=db)
    assert await unhealthy(bot) == "gateway: shards 1, 2 not connected"  # type: ignore[arg-type]
    shards[1] = shards[2] = Shard(False, 0.04)
    assert await unhealthy(bot) is None  # type: ignore[arg-type]
    bot.closed = True
    assert await unhealthy(bot) == "stopping"  # type: ignore[arg-type]


async def test_not_ready_when_the_database_does_not_answer():
    database = Database(f"postgresql+asyncpg://rapport@127.0.0.1:{free_port()}/rapport")  # nothing listens
    try:
        problem = await unhealthy(StubBot(shards={0: Shard(False, 0.04)}, database=database))  # type: ignore[arg-type]
    finally:
        await database.dispose()
    assert problem is not None
    assert problem.startswith("database: ")
    assert "Connect" in problem or "refused" in problem


async def test_the_endpoint_answers_health_and_metrics_over_http(db: Database):
    metrics = PrometheusMetrics()
    port = free_port()
    endpoint = MetricsEndpoint(metrics, "127.0.0.1", port)
    await endpoint.start()
    try:
        async with aiohttp.ClientSession() as session:
            async with session.get(f"http://127.0.0.1:{port}/healthz") as response:
                assert (response.status, await response.text()) == (503, "starting: the gateway is not connected yet\n")
            metrics.watch(StubBot(shards={0: Shard(False, 0.04)}, database=db))  # type: ignore[arg-type]
            async with session.get(f"http://127.0.0.1:{port}/healthz") as response:
                assert (response.status, await response.text()) == (200, "ok\n")
            async with session.get(f"http://127.0.0.1:{port}/metrics") as response:
                assert response.status == 200
                assert response.headers["Content-Type"].startswith("text/plain; version=0.0.4")
                assert 'rapport_gateway_connected{shard="0"} 1.0' in await response.text()
    finally:
        await endpoint.stop()


def test_a_bot_without_metrics_never_loads_the_library():
    """Memory (bench B5): `rapport run` without METRICS_PORT imports everything it runs on, and not this."""
    loaded = subprocess.run(
        [sys.executable, "-c", "import sys, bot.cli, bot.client; print('prometheus_client' in sys.modules)"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert loaded.stdout.strip() == "False"
