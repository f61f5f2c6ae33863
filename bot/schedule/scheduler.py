"""APScheduler wiring: a tick every 30 s that plans what is due, and the drain that delivers it.

APScheduler holds only static jobs in memory (the tick); what is due lives in our tables, so a restart
neither drops nor doubles anything, and `SQLAlchemyJobStore` (synchronous, on the event loop) is not used.
The drain is a loop task woken by the tick (and every second) so a long fan-out never overlaps itself.

One process owns the scheduler and the drain: with PostgreSQL, the one holding the `scheduler` row of the
`leases` table, whose expiry it pushes forward every third of the lease; when it dies, another process takes
the row once it has expired (within the lease and a third). A row rather than a session advisory lock,
because a pooler in transaction mode (PgBouncer) gives each transaction whichever server connection is free,
so a lock held by "this connection" means nothing there; each renewal is one statement, and the database's
clock alone decides expiry, so hosts whose clocks disagree cannot both own it. SQLite means one process
anyway (`rapport run` holds a lock file beside it).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import uuid
from datetime import UTC, datetime

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from sqlalchemy import text

from bot.coach import Coach
from bot.db.engine import Database
from bot.db.errors import describe, is_transient
from bot.schedule.drain import Drain

log = logging.getLogger(__name__)

TICK_SECONDS = 30
DRAIN_POLL_SECONDS = 1.0
DRAIN_MAX_PAUSE_SECONDS = 30.0
SHUTDOWN_GRACE_SECONDS = 10.0
LEASE_SECONDS = 30.0
SCHEDULER_LEASE = "scheduler"
# Take the lease, or push its expiry forward when it is ours already; in one statement, on the database's clock.
TAKE_LEASE = text(
    "INSERT INTO leases (name, holder, expires_at) VALUES (:name, :holder, now() + make_interval(secs => :seconds)) "
    "ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at "
    "WHERE leases.holder = excluded.holder OR leases.expires_at < now() "
    "RETURNING holder"
)
GIVE_UP_LEASE = text("DELETE FROM leases WHERE name = :name AND holder = :holder")


def process_name() -> str:
    """Who holds a lease or serves shards, for an operator reading the table: host, pid, and a token that
    tells apart two processes of one pid (a container restarted)."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


class Ownership:
    """Whether this process runs the scheduler: it holds the `scheduler` lease (always true on SQLite)."""

    def __init__(self, database: Database, *, lease_seconds: float = LEASE_SECONDS, holder: str | None = None) -> None:
        self.database = database
        self.lease_seconds = lease_seconds
        self.holder = holder or process_name()
        self._held = False
        self._valid_until = 0.0  # event-loop time before which the lease is surely still ours

    async def held(self) -> bool:
        """Take or renew the lease. When the database cannot be asked, the lease is still ours until the
        expiry last set (counted from before that request), and no longer: by then another may take it."""
        if self.database.is_sqlite:
            return True
        loop = asyncio.get_running_loop()
        asked_at = loop.time()
        try:
            async with self.database.engine.begin() as connection:
                row = await connection.execute(
                    TAKE_LEASE, {"name": SCHEDULER_LEASE, "holder": self.holder, "seconds": self.lease_seconds}
                )
                got = row.first() is not None
        except Exception:
            if self._held and loop.time() >= self._valid_until:
                self._held = False
                log.warning("could not renew the scheduler lease before it expired; this process stops scheduling")
            raise
        if got:
            self._valid_until = asked_at + self.lease_seconds
            if not self._held:
                log.info("this process now runs the scheduler (lease of %g s)", self.lease_seconds)
        elif self._held:
            log.warning("the scheduler lease went to another process; this process stops scheduling")
        self._held = got
        return got

    @property
    def is_held(self) -> bool:
        """Whether the lease was ours at the last look, and has not run out since."""
        if self.database.is_sqlite:
            return True
        return self._held and asyncio.get_running_loop().time() < self._valid_until

    async def release(self) -> None:
        """Give the lease up (a clean stop), so another process takes over at its next look, not at expiry."""
        if self.database.is_sqlite or not self._held:
            return
        self._held = False
        try:
            async with self.database.engine.begin() as connection:
                await connection.execute(GIVE_UP_LEASE, {"name": SCHEDULER_LEASE, "holder": self.holder})
        except Exception as error:
            log.warning("could not give up the scheduler lease (%s); another process takes it at expiry", error)


class Scheduler:
    def __init__(
        self,
        coach: Coach,
        drain: Drain,
        *,
        tick_seconds: float = TICK_SECONDS,
        lease_seconds: float = LEASE_SECONDS,
    ) -> None:
        self.coach = coach
        self.tick_seconds = tick_seconds
        self.drain = drain
        self.ownership = Ownership(coach.db, lease_seconds=lease_seconds)
        self._apscheduler = AsyncIOScheduler(timezone=UTC)
        self._wake = asyncio.Event()
        self._drain_task: asyncio.Task[None] | None = None
        self._lease_task: asyncio.Task[None] | None = None
        self._owner = False
        self._stopping = False
        self._stopped = asyncio.Event()
        self._busy = asyncio.Lock()  # held while a tick plans; shutdown waits for it

    async def start(self) -> None:
        self._apscheduler.add_job(
            self.tick,
            "interval",
            seconds=self.tick_seconds,
            id="tick",
            max_instances=1,
            coalesce=True,
            misfire_grace_time=None,
            next_run_time=datetime.now(UTC),
        )
        self._apscheduler.start()
        self._drain_task = asyncio.create_task(self._drain_loop(), name="rapport-outbox-drain")
        if not self.coach.db.is_sqlite:
            self._lease_task = asyncio.create_task(self._lease_loop(), name="rapport-scheduler-lease")

    async def _lease_loop(self) -> None:
        """Renew the lease (or look whether it is free) every third of it: the tick, every 30 s, is too rare
        for a lease short enough that a dead owner's messages wait little. A process that just took over ticks
        at once rather than at its next tick."""
        while not self._stopping:
            try:
                was_owner, self._owner = self._owner, await self.ownership.held()
            except Exception as error:
                self._owner = self.ownership.is_held
                log.warning("scheduler lease: the database is unavailable (%s)", describe(error))
            else:
                if self._owner and not was_owner and not self._stopping:
                    self._apscheduler.modify_job("tick", next_run_time=datetime.now(UTC))
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopped.wait(), self.ownership.lease_seconds / 3)

    async def tick(self) -> None:
        if self._stopping:
            return
        async with self._busy:
            await self._tick()

    async def _tick(self) -> None:
        try:
            if self.coach.db.is_sqlite:
                self._owner = True
            if not self._owner:
                return
            await self.coach.outbox.expire_stale()
            await self.coach.roleplay_upkeep.expire_idle()
            report = await self.coach.planner.tick()
            if report.reminders or report.digests or report.boards:
                log.info("planned %s", report)
            self._wake.set()
        except Exception as error:
            if not is_transient(error):
                log.exception("scheduler tick failed; the next tick tries again")
                return
            log.warning("scheduler tick: the database is unavailable (%s); the next tick tries again", describe(error))

    async def _drain_loop(self) -> None:
        pause = DRAIN_POLL_SECONDS
        while not self._stopping:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), pause)
            self._wake.clear()
            if not self._owner or self._stopping:
                continue
            try:
                await self.drain.run_once(expire=False)
            except Exception as error:
                if not is_transient(error):
                    log.exception("outbox drain failed; retrying shortly")
                    continue
                # The database is down (the drain could not even record a failure): nothing is lost, every row
                # is still pending. Back off rather than hammer it, in one line, not a traceback a second.
                pause = min(pause * 2, DRAIN_MAX_PAUSE_SECONDS)
                log.warning(
                    "outbox drain: the database is unavailable (%s); retrying in %.0f s", describe(error), pause
                )
            else:
                pause = DRAIN_POLL_SECONDS

    @property
    def is_owner(self) -> bool:
        """Whether this process runs the scheduler and the drain now: it holds the lease (on SQLite, the one
        process always does), and is not stopping."""
        return not self._stopping and (self._owner or self.coach.db.is_sqlite)

    def wake(self) -> None:
        """Deliver now (a manager's nudge should not wait for the next poll)."""
        self._wake.set()

    async def stop(self, grace: float = SHUTDOWN_GRACE_SECONDS) -> None:
        """Stop cleanly within `grace` seconds: no new tick, the drain finishes the message in hand (were it
        cut off, the next start finds whether it went out), an in-flight tick completes, then the lease is
        released."""
        self._stopping = True
        self._stopped.set()
        self.drain.stopping = True
        self._wake.set()
        loop = asyncio.get_running_loop()
        deadline = loop.time() + max(grace, 0.0)
        if self._lease_task is not None:
            # It wakes on the stop and ends, so no renewal races the release below; a renewal stuck on the
            # database is cut off (the lease then runs out by itself).
            await asyncio.wait({self._lease_task}, timeout=max(deadline - loop.time(), 0.0))
            self._lease_task.cancel()
        if self._drain_task is not None:
            try:
                await asyncio.wait_for(asyncio.shield(self._drain_task), max(deadline - loop.time(), 0.0))
            except TimeoutError:
                self._drain_task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await self._drain_task
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout_at(deadline):
                await self._busy.acquire()
        # Only now: APScheduler's shutdown cancels a job still running, and a tick cancelled mid-query leaves
        # a CancelledError traceback from the connection pool.
        if self._apscheduler.running:
            self._apscheduler.shutdown(wait=False)
        await self.ownership.release()
