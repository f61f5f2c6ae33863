"""APScheduler wiring: a tick every 30 s that plans what is due, and the drain that delivers it.

APScheduler holds only static jobs in memory (the tick); what is due lives in our tables, so a restart
neither drops nor doubles anything, and `SQLAlchemyJobStore` (synchronous, on the event loop) is not used.
The drain is a loop task woken by the tick (and every second) so a long fan-out never overlaps itself.

One process owns the scheduler: with PostgreSQL, the one holding a session advisory lock (another takes over
at its next tick when the owner dies and its connection closes); SQLite means one process anyway.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import UTC, datetime

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.coach import Coach
from bot.db.engine import Database
from bot.db.errors import describe, is_transient
from bot.schedule.drain import Drain

log = logging.getLogger(__name__)

TICK_SECONDS = 30
DRAIN_POLL_SECONDS = 1.0
DRAIN_MAX_PAUSE_SECONDS = 30.0
SHUTDOWN_GRACE_SECONDS = 10.0
ADVISORY_LOCK_KEY = 0x52415050  # "RAPP"


class Ownership:
    """Whether this process runs the scheduler (PostgreSQL advisory lock; always true on SQLite)."""

    def __init__(self, database: Database) -> None:
        self.database = database
        self._connection: AsyncConnection | None = None

    async def held(self) -> bool:
        db = self.database
        if db.is_sqlite:
            return True
        if self._connection is not None:
            try:
                await self._connection.execute(text("SELECT 1"))
                return True
            except Exception:  # the connection died: so did the lock
                log.warning("lost the scheduler lock's connection; will try to take the lock again")
                await self.release()
        connection = await db.engine.connect()
        got = (await connection.execute(text("SELECT pg_try_advisory_lock(:key)"), {"key": ADVISORY_LOCK_KEY})).scalar()
        await connection.commit()
        if got:
            self._connection = connection
            log.info("this process now runs the scheduler")
            return True
        await connection.close()
        return False

    async def release(self) -> None:
        """Give the lock up. A pooled connection outlives `close()`, and the lock with it: unlock first,
        and if that fails, throw the connection away rather than return it to the pool."""
        if self._connection is None:
            return
        connection, self._connection = self._connection, None
        try:
            await connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": ADVISORY_LOCK_KEY})
            await connection.commit()
        except Exception:
            with contextlib.suppress(Exception):
                await connection.invalidate()
        with contextlib.suppress(Exception):
            await connection.close()


class Scheduler:
    def __init__(self, coach: Coach, drain: Drain, *, tick_seconds: float = TICK_SECONDS) -> None:
        self.coach = coach
        self.tick_seconds = tick_seconds
        self.drain = drain
        self.ownership = Ownership(coach.db)
        self._apscheduler = AsyncIOScheduler(timezone=UTC)
        self._wake = asyncio.Event()
        self._drain_task: asyncio.Task[None] | None = None
        self._owner = False
        self._stopping = False
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

    async def tick(self) -> None:
        if self._stopping:
            return
        async with self._busy:
            await self._tick()

    async def _tick(self) -> None:
        try:
            self._owner = await self.ownership.held()
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

    def wake(self) -> None:
        """Deliver now (a manager's nudge should not wait for the next poll)."""
        self._wake.set()

    async def stop(self, grace: float = SHUTDOWN_GRACE_SECONDS) -> None:
        """Stop cleanly within `grace` seconds: no new tick, the drain finishes the message in hand (were it
        cut off, the next start finds whether it went out), an in-flight tick completes, then the lock is
        released."""
        self._stopping = True
        self.drain.stopping = True
        self._wake.set()
        loop = asyncio.get_running_loop()
        deadline = loop.time() + max(grace, 0.0)
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
