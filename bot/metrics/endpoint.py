"""The port `METRICS_PORT` opens: `/metrics` for Prometheus, `/healthz` for an orchestrator's readiness probe.

Served by aiohttp (discord.py's own HTTP library, already loaded) on the bot's event loop, so `/healthz` sees
the gateway and the database as the bot does, and a scrape never waits on a thread. Both answers are small
and quick: a scrape is a grouped read of the outbox and a few counters written out; a health check is one
`SELECT 1` with a short timeout.

The endpoint lives as long as `rapport run`'s attempt to run the bot, across the bot objects its start-up
retries build (`serve`), so a probe gets an answer, 503 while starting, from the moment the port is open.
"""

from __future__ import annotations

import asyncio
import logging

from aiohttp import web
from sqlalchemy import text

from bot.db.errors import describe
from bot.metrics import Observed
from bot.metrics.prometheus import PrometheusMetrics, gateway_state

log = logging.getLogger(__name__)

# The database must answer `SELECT 1` within this for the process to count as ready.
HEALTH_DATABASE_SECONDS = 2.0


class MetricsEndpoint:
    def __init__(self, metrics: PrometheusMetrics, host: str, port: int) -> None:
        self.metrics = metrics
        self.host = host
        self.port = port
        self._runner: web.AppRunner | None = None

    async def start(self) -> None:
        """Listen; raises OSError when the address cannot be had (in use, not this host's)."""
        app = web.Application()
        app.router.add_get("/metrics", self._metrics)
        app.router.add_get("/healthz", self._healthz)
        runner = web.AppRunner(app, access_log=None, handle_signals=False)
        await runner.setup()
        try:
            await web.TCPSite(runner, self.host, self.port).start()
        except BaseException:
            await runner.cleanup()
            raise
        self._runner = runner
        log.info("metrics on http://%s:%d/metrics, health on /healthz", self.host, self.port)

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def _metrics(self, request: web.Request) -> web.Response:
        await self.metrics.refresh()
        body, content_type = self.metrics.exposition(request.headers.get("Accept", ""))
        return web.Response(body=body, headers={"Content-Type": content_type})

    async def _healthz(self, _request: web.Request) -> web.Response:
        problem = await unhealthy(self.metrics.bot)
        if problem is None:
            return web.Response(text="ok\n")
        return web.Response(status=503, text=problem + "\n")


async def unhealthy(bot: Observed | None) -> str | None:
    """Why this process should not be sent traffic now, in one short line; None when it is ready: the gateway is
    connected on every shard it runs, and the database answers within `HEALTH_DATABASE_SECONDS`."""
    if bot is not None and bot.is_closed():
        return "stopping"
    if bot is None or not bot.is_ready():
        return "starting: the gateway is not connected yet"
    down = [shard for shard, (connected, _) in gateway_state(bot).items() if not connected]
    if down:
        return f"gateway: shard{'s' if len(down) > 1 else ''} {', '.join(map(str, down))} not connected"
    try:
        async with asyncio.timeout(HEALTH_DATABASE_SECONDS), bot.database.read() as session:
            await session.execute(text("SELECT 1"))
    except TimeoutError:
        return f"database: no answer within {HEALTH_DATABASE_SECONDS:g} s"
    except Exception as error:
        return f"database: {describe(error)}"
    return None
