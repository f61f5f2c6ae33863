"""`rapport run` with METRICS_PORT (issue 16 item 5): `/healthz` says 503 until the gateway is connected, 200
once it is and the database answers, 503 again while the gateway is lost; `/metrics`, scraped over HTTP, counts
the commands, sends and REST responses, and shows the outbox, the scheduler's owner and the gateway's latency.
Two PostgreSQL processes with a shard each: each reports its own shard, and exactly one, the lease's holder,
owns the scheduler. A port that is taken stops the start in one line, exit 2."""

from __future__ import annotations

import asyncio
import socket
import time
from pathlib import Path

import aiohttp
import pytest
from prometheus_client.parser import text_string_to_metric_families

from bot.coach import Coach
from bot.db import migrate
from bot.db.engine import Database
from tests.fake_discord import BOT_TOKEN, FakeDiscord
from tests.full_process.harness import START_TIMEOUT, database_env, launch, output_on_failure
from tests.full_process.test_rapport_run import answered
from tests.full_process.test_shards import LEASE, fresh_postgres_database, lease_holder
from tests.full_process.test_start_up import free_port

pytestmark = pytest.mark.full_process

MANAGER = 42
NUDGED = 2_000_001  # a nudge due now: the drain sends it
LATER = 2_000_002  # a nudge due within a day: waits in the outbox


async def plan_nudges(url: str, guild_id: int) -> None:
    """Two nudges planned through the domain, as `/coach nudge` would, before the bot starts."""
    db = Database(url)
    try:
        await migrate.upgrade(db.engine)
        coach = Coach(db)
        for user, when in ((NUDGED, None), (LATER, "03:00")):
            await coach.settings.update_rep(guild_id, user, dms_enabled=True)
            await coach.nudges.schedule(guild_id, MANAGER, "Dana (manager)", user, "How did the demo go?", when)
    finally:
        await db.dispose()


async def get(port: int, path: str) -> tuple[int, str]:
    async with aiohttp.ClientSession() as session, session.get(f"http://127.0.0.1:{port}{path}") as response:
        return response.status, await response.text()


async def health_until(port: int, status: int, timeout: float = 20.0) -> str:  # noqa: ASYNC109
    """Poll `/healthz` until it answers `status`; returns its text."""

    async def poll() -> str:
        while True:
            try:
                got, text = await get(port, "/healthz")
            except aiohttp.ClientConnectionError:
                got, text = 0, ""
            if got == status:
                return text
            await asyncio.sleep(0.1)

    return await asyncio.wait_for(poll(), timeout)


def samples(exposition: str) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    """Every sample of a scrape: (name, labels) -> value."""
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(exposition)
        for sample in family.samples
    }


def value(scraped: dict[tuple[str, frozenset[tuple[str, str]]], float], name: str, **labels: str) -> float | None:
    return scraped.get((name, frozenset(labels.items())))


async def test_metrics_are_scraped_and_health_follows_the_gateway(fake: FakeDiscord, tmp_path: Path):
    port = free_port()
    env = {**fake.env(), **database_env(tmp_path), "METRICS_PORT": str(port)}
    await plan_nudges(env["DATABASE_URL"], int(fake.guild_id))
    fake.gateway_down = True  # the bot starts without a gateway: not ready
    bot = await launch(tmp_path, env)
    try:
        with output_on_failure(bot):
            await fake.wait_for(lambda: fake.gateway_refusals >= 1, START_TIMEOUT)
            assert "gateway is not connected" in await health_until(port, 503)

            fake.gateway_down = False
            await fake.wait_for(lambda: fake.identifies == 1, START_TIMEOUT)
            assert await health_until(port, 200) == "ok\n"

            logged = await fake.send_slash("touch", "log", "4242", customer="Acme", kind="listening")
            assert "Logged a **listening conversation**" in await answered(fake, logged)
            undone = await fake.send_slash("touch", "undo", "4343")
            assert "no touches to undo" in await answered(fake, undone)
            await fake.wait_for(lambda: len(fake.created) == 1)  # the nudge due now
            await fake.wait_for(lambda: fake.heartbeats >= 2)  # acknowledged: the latency is measured

            status, exposition = await get(port, "/metrics")
            assert status == 200
            scraped = samples(exposition)
            commands = "rapport_commands_total"
            assert value(scraped, commands, command="touch log", outcome="ok", error="") == 1
            assert value(scraped, commands, command="touch undo", outcome="refused", error="NothingToUndo") == 1
            assert value(scraped, "rapport_answer_latency_seconds_count", answer="reply") == 2
            assert 0 < (value(scraped, "rapport_answer_latency_seconds_sum", answer="reply") or 0) < 3
            assert value(scraped, "rapport_outbox_pending", kind="nudge") == 1  # the later one
            assert value(scraped, "rapport_outbox_due", kind="nudge") == 0
            assert value(scraped, "rapport_outbox_sends_total", result="sent") == 1
            assert value(scraped, "rapport_scheduler_owner") == 1
            assert value(scraped, "rapport_gateway_connected", shard="0") == 1
            # discord.py's own figure; against the fake it can read as a whole heartbeat interval (its heartbeat
            # thread notes the send after the fake has already acknowledged it).
            latency = value(scraped, "rapport_gateway_latency_seconds", shard="0")
            assert latency is not None and 0 <= latency < 5
            # The nudge, its DM channel, the command sync...; interaction answers counted apart.
            assert (value(scraped, "rapport_discord_requests_total", route="rest", status="2xx") or 0) >= 2
            assert value(scraped, "rapport_discord_requests_total", route="interaction", status="2xx") == 2
            assert (value(scraped, "process_resident_memory_bytes") or 0) > 0

            await fake.drop_gateway()
            assert "shard 0 not connected" in await health_until(port, 503)
            fake.gateway_down = False
            await health_until(port, 200, timeout=30)
    finally:
        code = await bot.stop()
    assert code == 0, bot.text
    assert "Traceback" not in bot.text, bot.text


async def test_two_postgresql_processes_each_report_their_shards_and_one_owns_the_scheduler(
    fake: FakeDiscord, tmp_path: Path
):
    async with fresh_postgres_database() as database:
        env = {**fake.env(), **database, "SHARD_COUNT": "2", "SCHEDULER_LEASE_SECONDS": str(LEASE)}
        ports = {shard: free_port() for shard in (0, 1)}
        bots = {
            shard: await launch(tmp_path, {**env, "SHARD_IDS": str(shard), "METRICS_PORT": str(ports[shard])})
            for shard in (0, 1)
        }
        try:
            with output_on_failure(bots[0]), output_on_failure(bots[1]):
                await fake.wait_for(lambda: fake.identifies == 2, START_TIMEOUT)
                for port in ports.values():
                    await health_until(port, 200)
                owner_pid = await lease_holder(database)
                owner = next(shard for shard, bot in bots.items() if bot.process.pid == owner_pid)

                async def owners() -> dict[int, float | None]:
                    scraped = {shard: samples((await get(port, "/metrics"))[1]) for shard, port in ports.items()}
                    return {shard: value(scraped[shard], "rapport_scheduler_owner") for shard in ports}

                deadline = time.monotonic() + 2 * LEASE  # the other process notices at its next look at the lease
                while (owned := await owners()) != {owner: 1, 1 - owner: 0}:
                    assert time.monotonic() < deadline, f"the scheduler's owner as scraped: {owned}"
                    await asyncio.sleep(0.2)
                for shard, port in ports.items():
                    scraped = samples((await get(port, "/metrics"))[1])
                    assert value(scraped, "rapport_gateway_connected", shard=str(shard)) == 1
                    assert value(scraped, "rapport_gateway_connected", shard=str(1 - shard)) is None
        finally:
            codes = [await bot.stop() for bot in bots.values()]
        assert codes == [0, 0], [bot.text for bot in bots.values()]


async def test_a_metrics_port_in_use_is_one_line_and_exit_2(tmp_path: Path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        env = {"DISCORD_TOKEN": BOT_TOKEN, **database_env(tmp_path), "METRICS_PORT": str(port)}
        bot = await launch(tmp_path, env)
        code = await bot.stop(None, timeout=30)
    assert code == 2, bot.text
    assert len(bot.output) == 1, bot.text
    assert f"METRICS_PORT {port} can't be opened on METRICS_HOST 127.0.0.1" in bot.text


@pytest.mark.parametrize("given", ["http", "70000"])
async def test_a_metrics_port_that_is_no_port_is_one_line_and_exit_2(tmp_path: Path, given: str):
    bot = await launch(tmp_path, {"DISCORD_TOKEN": BOT_TOKEN, **database_env(tmp_path), "METRICS_PORT": given})
    code = await bot.stop(None, timeout=30)
    assert code == 2, bot.text
    assert len(bot.output) == 1, bot.text
    assert "METRICS_PORT must be a port" in bot.text
