"""Which process serves which Discord shards, so that no two processes answer the same interactions.

Discord sends a guild's events, interactions included, to the one gateway connection that identified with
the guild's shard, `(guild_id >> 22) % shard_count`. Two processes identifying the same shard (or two
unsharded processes) both receive, and both answer, every interaction of its guilds: two touch rows for one
`/touch log`. So at start a process claims its shards, and refuses to start when a live process has any of
them, or counts shards differently (then guilds would map to different shards in each):

- PostgreSQL: a row in `shard_processes` per process, with a heartbeat every `HEARTBEAT_SECONDS`. Claims are
  made one at a time under a transaction-level advisory lock (so two processes started together cannot both
  see the other's shards free; transaction-level, so it works through PgBouncer in transaction mode); a row
  whose heartbeat is older than `EXPIRY_SECONDS` is a process that died, and is forgotten. A clean stop
  deletes the row.
- SQLite: an exclusive lock on a file beside the database, held while the process lives (the kernel drops it
  when the process dies, however it dies). SQLite means one bot process anyway.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import logging
import os
import socket
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.db.engine import Database
from bot.schedule.scheduler import process_name

log = logging.getLogger(__name__)

HEARTBEAT_SECONDS = 10.0
EXPIRY_SECONDS = 30.0
# A heartbeat this much later than due means the process is probably gone (a busy one is seldom 5 s late).
HEARTBEAT_GRACE = 5.0
CLAIM_LOCK_KEY = 0x52534844  # "RSHD"


class ShardsTaken(Exception):
    """Another live process serves some of these shards; the message is the one line to print. `expires_in`:
    that process has missed its heartbeats (it may have died: a restart after a crash meets its own last claim),
    so its claim is waited out, these many seconds, rather than refused."""

    def __init__(self, line: str, *, expires_in: float | None = None) -> None:
        super().__init__(line)
        self.expires_in = expires_in


def describe_shards(shard_ids: tuple[int, ...] | None, shard_count: int | None) -> str:
    """`shards 0-1 of 4`, `every shard` (unsharded: Discord's recommended count, all in one process)."""
    if shard_ids is None or shard_count is None:
        return "every shard"
    runs: list[str] = []
    start = previous = shard_ids[0]
    for shard in (*shard_ids[1:], None):
        if shard is not None and shard == previous + 1:
            previous = shard
            continue
        runs.append(str(start) if start == previous else f"{start}-{previous}")
        if shard is not None:
            start = previous = shard
    return f"shard{'s' if len(shard_ids) > 1 else ''} {','.join(runs)} of {shard_count}"


@dataclass(frozen=True)
class Claimed:
    """A live process's claim, as read from `shard_processes`."""

    id: str
    shard_count: int | None
    shard_ids: tuple[int, ...] | None
    host: str
    pid: int
    seen_seconds_ago: float

    def conflict(self, shard_count: int | None, shard_ids: tuple[int, ...] | None) -> str | None:
        """Why a process claiming `shard_ids` of `shard_count` may not run beside this one, or None."""
        mine = describe_shards(shard_ids, shard_count)
        theirs = describe_shards(self.shard_ids, self.shard_count)
        who = f"the process {self.pid} on {self.host} (heartbeat {self.seen_seconds_ago:.0f} s ago)"
        if self.shard_ids is None or shard_ids is None:
            overlap = True
        elif self.shard_count != shard_count:
            return (
                f"SHARD_COUNT {shard_count} differs from the {self.shard_count} of {who}: every process must use "
                "the same SHARD_COUNT"
            )
        else:
            overlap = bool(set(self.shard_ids) & set(shard_ids))
        if not overlap:
            return None
        return (
            f"{theirs} already run in {who}, and this process would run {mine}: both would answer the same "
            f"interactions. Give each process its own SHARD_IDS (a process that died is forgotten "
            f"{EXPIRY_SECONDS:.0f} s after its last heartbeat)"
        )


class ShardRegistry:
    """This process's claim on its shards in PostgreSQL (see the module's notes)."""

    def __init__(self, database: Database, shard_count: int | None, shard_ids: tuple[int, ...] | None) -> None:
        self.database = database
        self.shard_count = shard_count
        self.shard_ids = shard_ids
        self.id = process_name()[:40]
        self._heartbeat: asyncio.Task[None] | None = None

    async def claim(self) -> None:
        """Claim the shards, or raise `ShardsTaken` naming the live process that has them."""
        async with self.database.engine.begin() as connection:
            await connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": CLAIM_LOCK_KEY})
            await connection.execute(
                text("DELETE FROM shard_processes WHERE heartbeat_at < now() - make_interval(secs => :expiry)"),
                {"expiry": EXPIRY_SECONDS},
            )
            rows = await connection.execute(
                text(
                    "SELECT id, shard_count, shard_ids, host, pid, "
                    "extract(epoch FROM now() - heartbeat_at) AS ago FROM shard_processes ORDER BY started_at"
                )
            )
            for row in rows:
                live = Claimed(row.id, row.shard_count, parse_stored(row.shard_ids), row.host, row.pid, float(row.ago))
                reason = live.conflict(self.shard_count, self.shard_ids)
                if reason is not None:
                    overdue = live.seen_seconds_ago > HEARTBEAT_SECONDS + HEARTBEAT_GRACE
                    raise ShardsTaken(reason, expires_in=EXPIRY_SECONDS - live.seen_seconds_ago if overdue else None)
            await self._insert(connection)
        log.info("this process runs %s", describe_shards(self.shard_ids, self.shard_count))

    async def _insert(self, connection: AsyncConnection) -> None:
        await connection.execute(
            text(
                "INSERT INTO shard_processes (id, shard_count, shard_ids, host, pid, started_at, heartbeat_at) "
                "VALUES (:id, :count, :ids, :host, :pid, now(), now())"
            ),
            {
                "id": self.id,
                "count": self.shard_count,
                "ids": None if self.shard_ids is None else ",".join(map(str, self.shard_ids)),
                "host": socket.gethostname()[:200],
                "pid": os.getpid(),
            },
        )

    def start_heartbeat(self) -> None:
        self._heartbeat = asyncio.create_task(self._beat(), name="rapport-shard-heartbeat")

    async def _beat(self) -> None:
        while True:
            await asyncio.sleep(HEARTBEAT_SECONDS)
            try:
                async with self.database.engine.begin() as connection:
                    updated = await connection.execute(
                        text("UPDATE shard_processes SET heartbeat_at = now() WHERE id = :id"), {"id": self.id}
                    )
                    if updated.rowcount == 0:  # silent for longer than the expiry (a long pause): claim again
                        log.warning("this process's shard claim had expired; claiming its shards again")
                        await self._insert(connection)
            except Exception as error:
                log.warning("shard heartbeat failed (%s); trying again in %.0f s", error, HEARTBEAT_SECONDS)

    async def leave(self) -> None:
        """A clean stop: drop the claim, so the same shards may start again at once."""
        if self._heartbeat is not None:
            self._heartbeat.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._heartbeat
        try:
            async with self.database.engine.begin() as connection:
                await connection.execute(text("DELETE FROM shard_processes WHERE id = :id"), {"id": self.id})
        except Exception as error:
            log.warning("could not drop this process's shard claim (%s); it expires by itself", error)


def parse_stored(text_: str | None) -> tuple[int, ...] | None:
    return None if text_ is None else tuple(int(part) for part in text_.split(","))


def lock_sqlite_file(url: str) -> IO[str] | None:
    """Hold an exclusive lock on `<database>.lock` for as long as the returned file stays open; None when the
    URL is no SQLite file. Raises `ShardsTaken` when another process holds it."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    path = Path(parsed.database).expanduser().resolve()
    lock = open(path.with_name(path.name + ".lock"), "a+", encoding="utf-8")  # noqa: SIM115 - held for the run
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        lock.seek(0)
        holder = lock.read().strip() or "another process"
        lock.close()
        raise ShardsTaken(
            f"another Rapport process ({holder}) already runs on the SQLite file {path}: SQLite means one bot "
            "process (run several on PostgreSQL, see README, Operations)"
        ) from None
    lock.seek(0)
    lock.truncate()
    lock.write(f"pid {os.getpid()} on {socket.gethostname()}\n")
    lock.flush()
    return lock
