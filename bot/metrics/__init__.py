"""What Rapport reports about itself while it runs, for an operator's Prometheus (README, Operations: Metrics
and health).

The answer path (`bot.tree`) and the outbox drain call a `Metrics` object as they work. This base keeps
nothing: with `METRICS_PORT` unset every hook is a call that returns at once, nothing listens, and
`prometheus_client` is never imported (bench B5 measures the memory of a bot without it). `rapport run` with
`METRICS_PORT` builds `bot.metrics.prometheus.PrometheusMetrics` instead and serves it with
`bot.metrics.endpoint`. The domain (`bot/coach/`) knows nothing of either.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    import aiohttp

    from bot.coach import Coach
    from bot.db.engine import Database

# How a command ended, as `rapport_commands_total` counts it.
OK = "ok"  # answered with its result
REFUSED = "refused"  # answered with a specific reason (a domain rule, a permission, a stale command...)
UNAVAILABLE = "unavailable"  # the database could not be reached: answered that nothing was saved
FAILED = "failed"  # a bug: answered with the generic apology, logged with its traceback

# What the drain did with one message, as `rapport_outbox_sends_total` counts it.
SENT = "sent"
FOUND = "found"  # an earlier attempt had reached Discord: recorded, not sent again
DMS_CLOSED = "dms_closed"
RATE_LIMITED = "rate_limited"  # a 429 that outlasted discord.py's own retries: tried again after retry_after
TRANSIENT = "transient"  # 5xx or network: tried again with back-off
REFUSED_FOR_GOOD = "refused"  # another 4xx: failed, logged
DATABASE = "database"  # our database failed while delivering: tried again, no try used up
ERROR = "error"  # a bug while drawing or sending: failed, logged


class SchedulerState(Protocol):
    @property
    def is_owner(self) -> bool:
        """Whether this process runs the scheduler and the outbox drain now (it holds the lease)."""


class Observed(Protocol):
    """The bot as the scrape-time gauges and the health check read it (`RapportBot`, a discord.py client)."""

    @property
    def database(self) -> Database: ...
    @property
    def scheduler(self) -> SchedulerState | None: ...
    @property
    def has_coach(self) -> bool: ...
    @property
    def coach(self) -> Coach: ...
    @property
    def latency(self) -> float: ...
    @property
    def ws(self) -> Any: ...
    def is_ready(self) -> bool: ...
    def is_closed(self) -> bool: ...


class Metrics:
    """The hooks Rapport calls as it works. This base records nothing (metrics off)."""

    enabled = False

    def command_finished(self, command: str, outcome: str, error: str = "") -> None:
        """A slash command ended: `outcome` is one of OK, REFUSED, UNAVAILABLE, FAILED; `error` names the
        error's class for the last three."""

    def first_answer(self, answer: str, seconds: float) -> None:
        """A command's first response to Discord (`reply`, `deferral` or `form`) went out `seconds` after the
        command reached the tree."""

    def delivered(self, result: str) -> None:
        """The drain finished with one outbox message (one of the results above)."""

    def http_trace(self) -> aiohttp.TraceConfig | None:
        """Hooks on discord.py's HTTP session, to count every REST response by status; None: no hooks."""
        return None

    def watch(self, bot: Observed) -> None:
        """The bot whose gateway, scheduler and outbox the scrape-time gauges read."""


NO_METRICS = Metrics()
