"""`PrometheusMetrics`: what it counts, what it reads at scrape time, and that each bot keeps its own registry."""

from __future__ import annotations

import math
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from prometheus_client.parser import text_string_to_metric_families

from bot.coach import Coach
from bot.coach.outgoing import Nudge
from bot.metrics import NO_METRICS, OK, RATE_LIMITED, REFUSED, SENT
from bot.metrics.prometheus import PrometheusMetrics, gateway_state, status_label

Scraped = dict[tuple[str, frozenset[tuple[str, str]]], float]


def scrape(metrics: PrometheusMetrics) -> Scraped:
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(metrics.exposition()[0].decode())
        for sample in family.samples
    }


def value(scraped: Scraped, name: str, **labels: str) -> float | None:
    return scraped.get((name, frozenset(labels.items())))


@dataclass
class Shard:
    closed: bool
    latency: float

    def is_closed(self) -> bool:
        return self.closed


@dataclass
class Scheduler:
    is_owner: bool


@dataclass
class StubBot:
    """What the gauges read of a bot: its shards (or its one connection), its scheduler, its coach."""

    shards: dict[int, Shard] | None = None
    ready: bool = True
    closed: bool = False
    latency: float = 0.05
    ws: Any = None
    scheduler: Scheduler | None = None
    database: Any = None
    coach_: Coach | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def has_coach(self) -> bool:
        return self.coach_ is not None

    @property
    def coach(self) -> Coach:
        assert self.coach_ is not None
        return self.coach_

    def is_ready(self) -> bool:
        return self.ready

    def is_closed(self) -> bool:
        return self.closed


def test_commands_answers_and_sends_are_counted_with_their_labels():
    metrics = PrometheusMetrics()
    metrics.command_finished("touch log", OK)
    metrics.command_finished("touch log", OK)
    metrics.command_finished("touch undo", REFUSED, "NothingToUndo")
    metrics.first_answer("reply", 0.2)
    metrics.first_answer("reply", 2.0)
    metrics.first_answer("deferral", 1.5)
    metrics.delivered(SENT)
    metrics.delivered(RATE_LIMITED)
    scraped = scrape(metrics)
    assert value(scraped, "rapport_commands_total", command="touch log", outcome="ok", error="") == 2
    assert value(scraped, "rapport_commands_total", command="touch undo", outcome="refused", error="NothingToUndo") == 1
    assert value(scraped, "rapport_answer_latency_seconds_count", answer="reply") == 2
    assert value(scraped, "rapport_answer_latency_seconds_bucket", answer="reply", le="0.25") == 1
    assert value(scraped, "rapport_answer_latency_seconds_bucket", answer="reply", le="3.0") == 2
    assert value(scraped, "rapport_answer_latency_seconds_sum", answer="deferral") == 1.5
    assert value(scraped, "rapport_outbox_sends_total", result="sent") == 1
    assert value(scraped, "rapport_outbox_sends_total", result="rate_limited") == 1


def test_each_bot_counts_in_its_own_registry():
    first, second = PrometheusMetrics(), PrometheusMetrics()
    first.command_finished("help", OK)
    assert value(scrape(first), "rapport_commands_total", command="help", outcome="ok", error="") == 1
    assert value(scrape(second), "rapport_commands_total", command="help", outcome="ok", error="") is None


def test_metrics_off_keep_nothing_and_hook_nothing():
    assert not NO_METRICS.enabled
    assert NO_METRICS.http_trace() is None
    NO_METRICS.command_finished("help", OK)  # returns, records nothing
    NO_METRICS.first_answer("reply", 0.1)


def test_the_scraper_gets_the_format_it_asks_for():
    metrics = PrometheusMetrics()
    metrics.command_finished("help", OK)
    text, content_type = metrics.exposition()
    assert content_type == "text/plain; version=0.0.4; charset=utf-8"
    assert b'rapport_commands_total{command="help",error="",outcome="ok"} 1.0' in text
    openmetrics, content_type = metrics.exposition("application/openmetrics-text; version=1.0.0")
    assert content_type.startswith("application/openmetrics-text")
    assert openmetrics.endswith(b"# EOF\n")


def test_statuses_are_classes_with_429_apart():
    assert [status_label(status) for status in (200, 204, 400, 403, 429, 500, 503)] == [
        "2xx", "2xx", "4xx", "4xx", "429", "5xx", "5xx"
    ]  # fmt: skip


@pytest.fixture
async def discord_like() -> AsyncIterator[str]:
    """A server answering like Discord: 200 for a REST route, 204 for an interaction callback, a 429."""

    async def answer(request: web.Request) -> web.Response:
        if request.path.endswith("/callback"):
            return web.Response(status=204)
        if request.path.endswith("/limited"):
            return web.json_response({"retry_after": 0.1}, status=429)
        return web.json_response({})

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", answer)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    yield f"http://127.0.0.1:{port}/api/v10"
    await runner.cleanup()


async def test_every_rest_response_is_counted_by_route_and_status(discord_like: str):
    metrics = PrometheusMetrics()
    async with aiohttp.ClientSession(trace_configs=[metrics.http_trace()]) as session:
        for path in ("/users/@me", "/channels/1/messages", "/interactions/1/token/callback", "/limited"):
            async with session.post(discord_like + path):
                pass
        with pytest.raises(aiohttp.ClientConnectionError):
            async with session.get("http://127.0.0.1:1/api/v10/gateway"):  # nothing listens there
                pass
    scraped = scrape(metrics)
    assert value(scraped, "rapport_discord_requests_total", route="rest", status="2xx") == 2
    assert value(scraped, "rapport_discord_requests_total", route="interaction", status="2xx") == 1
    assert value(scraped, "rapport_discord_requests_total", route="rest", status="429") == 1
    assert value(scraped, "rapport_discord_requests_total", route="rest", status="error") == 1


def test_the_gateway_per_shard_and_the_scheduler_owner_are_read_at_scrape_time():
    metrics = PrometheusMetrics()
    bot = StubBot(shards={0: Shard(False, 0.042), 1: Shard(True, math.inf)}, scheduler=Scheduler(True))
    metrics.watch(bot)  # type: ignore[arg-type]
    scraped = scrape(metrics)
    assert value(scraped, "rapport_gateway_latency_seconds", shard="0") == 0.042
    assert value(scraped, "rapport_gateway_latency_seconds", shard="1") is None  # no acknowledgement yet
    assert value(scraped, "rapport_gateway_connected", shard="0") == 1
    assert value(scraped, "rapport_gateway_connected", shard="1") == 0
    assert value(scraped, "rapport_scheduler_owner") == 1
    bot.scheduler = Scheduler(False)  # the lease went to another process
    bot.shards[1] = Shard(False, 0.05)  # type: ignore[index]
    scraped = scrape(metrics)
    assert value(scraped, "rapport_scheduler_owner") == 0
    assert value(scraped, "rapport_gateway_connected", shard="1") == 1


def test_an_unsharded_bot_is_shard_0_and_a_closed_one_has_no_shards():
    class Socket:
        open = True

    assert gateway_state(StubBot(ws=Socket(), latency=0.03)) == {0: (True, 0.03)}  # type: ignore[arg-type]
    assert gateway_state(StubBot(ws=Socket(), ready=False)) == {0: (False, 0.05)}  # type: ignore[arg-type]
    assert gateway_state(StubBot(ws=Socket(), closed=True)) == {}  # type: ignore[arg-type]
    assert gateway_state(None) == {}


async def test_the_outbox_depth_is_read_for_each_scrape(coach: Coach):
    metrics = PrometheusMetrics()
    bot = StubBot(shards={})
    metrics.watch(bot)  # type: ignore[arg-type]
    await metrics.refresh()  # no coach yet (before setup_hook): no outbox series
    assert not any(name.startswith("rapport_outbox_pending") for name, _ in scrape(metrics))
    bot.coach_ = coach
    await coach.outbox.enqueue(Nudge("Call Acme back", "Maya", 7), key="n", guild_id=1, target_id=2)
    await metrics.refresh()
    scraped = scrape(metrics)
    assert value(scraped, "rapport_outbox_pending", kind="nudge") == 1
    assert value(scraped, "rapport_outbox_due", kind="nudge") == 1
