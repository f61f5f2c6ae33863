"""Rapport's metrics in Prometheus's terms, with the standard client library (`prometheus_client`).

Imported only when `METRICS_PORT` is set. Each `PrometheusMetrics` keeps its own `CollectorRegistry`, not the
library's global one, so several bots in one process (the tests) each count their own. What changes as events
happen (commands, answers, sends, REST responses) is counted as it happens, an increment each; what is a state
(the gateway, the scheduler's owner, the outbox) is read when Prometheus scrapes, so it costs nothing between
scrapes. The outbox is read from the database, asynchronously, just before the exposition is written
(`refresh`); the rest is read from the bot in the collector.
"""

from __future__ import annotations

import asyncio
import logging
import math
from collections.abc import Iterator
from typing import Any

import aiohttp
from prometheus_client import CollectorRegistry, Counter, Histogram, ProcessCollector
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.exposition import choose_encoder

from bot.coach.outbox import Depth
from bot.db.errors import describe
from bot.metrics import Metrics, Observed

log = logging.getLogger(__name__)

# Seconds, from the command reaching the tree to its first response. Discord wants that response within 3 s;
# Rapport answers in one response within 1.5 s or defers at 1.5 s (bot.tree.DEFER_AFTER).
ANSWER_BUCKETS = (0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 5.0)
# A scrape reads the outbox at most this long; past it the outbox's series are left out of that scrape.
OUTBOX_READ_SECONDS = 2.0
# Interaction responses and follow-ups: outside Discord's global limit of 50 requests a second.
INTERACTION_PATHS = ("/interactions/", "/webhooks/")
SWITCHING_PROTOCOLS = 101  # the gateway's websocket upgrade: a connection, not a REST request


def status_label(status: int) -> str:
    """`429` on its own (what the global limit and discord.py's retries are about), else the status class."""
    return "429" if status == 429 else f"{status // 100}xx"


class PrometheusMetrics(Metrics):
    enabled = True

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self._bot: Observed | None = None
        self._outbox: list[Depth] | None = None
        self.commands = Counter(
            "rapport_commands",
            "Slash commands that ended, by command, outcome (ok, refused, unavailable, failed) and error class.",
            ["command", "outcome", "error"],
            registry=self.registry,
        )
        self.answer_latency = Histogram(
            "rapport_answer_latency_seconds",
            "From a slash command reaching the bot to its first response (reply, deferral or form).",
            ["answer"],
            buckets=ANSWER_BUCKETS,
            registry=self.registry,
        )
        self.sends = Counter(
            "rapport_outbox_sends",
            "Outbox messages the drain finished with, by result (sent, found, dms_closed, rate_limited, "
            "transient, refused, database, error).",
            ["result"],
            registry=self.registry,
        )
        self.requests = Counter(
            "rapport_discord_requests",
            "REST responses from Discord, by route (interaction or rest) and status (2xx, 4xx, 429, 5xx, error).",
            ["route", "status"],
            registry=self.registry,
        )
        self.registry.register(_StateCollector(self))
        ProcessCollector(registry=self.registry)  # memory, CPU, open files: the process_* series

    # ---------------------------------------------------------------- counted as it happens
    def command_finished(self, command: str, outcome: str, error: str = "") -> None:
        self.commands.labels(command, outcome, error).inc()

    def first_answer(self, answer: str, seconds: float) -> None:
        self.answer_latency.labels(answer).observe(seconds)

    def delivered(self, result: str) -> None:
        self.sends.labels(result).inc()

    def http_trace(self) -> aiohttp.TraceConfig:
        trace = aiohttp.TraceConfig()
        trace.on_request_end.append(self._request_ended)
        trace.on_request_exception.append(self._request_failed)
        return trace

    async def _request_ended(
        self, _session: aiohttp.ClientSession, _context: Any, params: aiohttp.TraceRequestEndParams
    ) -> None:
        status = params.response.status
        if status != SWITCHING_PROTOCOLS:
            self.requests.labels(_route(params.url.path), status_label(status)).inc()

    async def _request_failed(
        self, _session: aiohttp.ClientSession, _context: Any, params: aiohttp.TraceRequestExceptionParams
    ) -> None:
        if params.url.scheme in ("http", "https"):
            self.requests.labels(_route(params.url.path), "error").inc()

    # ---------------------------------------------------------------- read at scrape time
    def watch(self, bot: Observed) -> None:
        self._bot = bot
        self._outbox = None

    @property
    def bot(self) -> Observed | None:
        return self._bot

    async def refresh(self) -> None:
        """Read what the outbox holds, for the scrape about to be written; when the database cannot answer in
        time, that scrape leaves the outbox's series out (a gap in the graph, not a stale number)."""
        self._outbox = None
        if self._bot is None or not self._bot.has_coach:  # built in setup_hook: nothing to read before
            return
        try:
            async with asyncio.timeout(OUTBOX_READ_SECONDS):
                self._outbox = await self._bot.coach.outbox.depth()
        except Exception as error:
            log.warning("metrics: could not read the outbox (%s)", describe(error))

    def exposition(self, accept: str = "") -> tuple[bytes, str]:
        """The metrics and their content type, in the format the scraper's `Accept` header asks for: Prometheus's
        classic text format unless it asks for OpenMetrics."""
        encoder, content_type = choose_encoder(accept)
        return encoder(self.registry), content_type


def _route(path: str) -> str:
    return "interaction" if any(part in path for part in INTERACTION_PATHS) else "rest"


class _StateCollector:
    """The gauges that describe a state: read from the bot (and the outbox read by `refresh`) at each scrape."""

    def __init__(self, metrics: PrometheusMetrics) -> None:
        self.metrics = metrics

    def describe(self) -> list[Metric]:
        return []  # names are not checked for clashes at registration: these are all our own

    def collect(self) -> Iterator[Metric]:
        bot = self.metrics.bot
        latency = GaugeMetricFamily(
            "rapport_gateway_latency_seconds",
            "Time between a gateway heartbeat and Discord's acknowledgement, by shard (absent until the first).",
            labels=["shard"],
        )
        connected = GaugeMetricFamily(
            "rapport_gateway_connected", "1 while the shard's gateway connection is open and ready.", labels=["shard"]
        )
        for shard, (is_open, seconds) in gateway_state(bot).items():
            connected.add_metric([str(shard)], 1.0 if is_open else 0.0)
            if math.isfinite(seconds):
                latency.add_metric([str(shard)], seconds)
        yield latency
        yield connected
        scheduler = bot.scheduler if bot is not None else None
        yield GaugeMetricFamily(
            "rapport_scheduler_owner",
            "1 in the process that runs the scheduler and the outbox drain (holds the lease), else 0.",
            value=1.0 if scheduler is not None and scheduler.is_owner else 0.0,
        )
        depths = self.metrics._outbox
        if depths is not None:
            pending = GaugeMetricFamily(
                "rapport_outbox_pending", "Outbox messages waiting to be sent, by kind.", labels=["kind"]
            )
            due = GaugeMetricFamily(
                "rapport_outbox_due",
                "Outbox messages waiting whose time has come (the drain's backlog), by kind.",
                labels=["kind"],
            )
            for depth in depths:
                pending.add_metric([depth.kind], depth.pending)
                due.add_metric([depth.kind], depth.due)
            yield pending
            yield due


def gateway_state(bot: Observed | None) -> dict[int, tuple[bool, float]]:
    """Shard id -> (connected and ready, heartbeat latency in seconds; inf before the first acknowledgement).
    An unsharded bot is shard 0."""
    if bot is None or bot.is_closed():
        return {}
    shards = getattr(bot, "shards", None)
    if isinstance(shards, dict):  # AutoShardedClient: ShardInfo by shard id
        return {
            shard_id: (bot.is_ready() and not shard.is_closed(), shard.latency)
            for shard_id, shard in sorted(shards.items())
        }
    socket = bot.ws if bot.is_ready() else None
    return {0: (socket is not None and socket.open, bot.latency)}
