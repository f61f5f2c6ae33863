"""One `Database` per process: an async engine, a session factory, and the single-writer rule for SQLite.

SQLite allows one writer at a time. Several aiosqlite connections contending for the write lock were
measured at a 2.3 s worst case under 20 concurrent commands (Discord's first-reply deadline is 3 s), while
one writer at a time gave 85 ms. So every write transaction goes through `Database.write()`, which on a
SQLite file queues writers on an in-process lock and runs them on one connection called in place
(`bot/db/inline_sqlite.py`: no thread hop per statement); reads run alongside on aiosqlite's threads
thanks to WAL. PostgreSQL needs none of this. `run_write` is the cheaper form for hot paths.

SQLite copies the WAL back into the database file (a checkpoint, with two fsyncs) inside whichever commit
takes the WAL past 1,000 pages. On the writer, called in place, that stalled the whole event loop every
couple of hundred touches (B1 at 20 concurrent: p99 9.7 ms above p50 with it, 2.6 ms without). So the
writer never checkpoints. A reader connection does it, on its aiosqlite thread (`PASSIVE`: it waits for
nobody, and writers carry on meanwhile), once `CHECKPOINT_EVERY` writes have gathered and the writer has
been quiet for `CHECKPOINT_QUIET` seconds, or at `CHECKPOINT_AT_MOST` writes under unbroken load. Even off
the loop a checkpoint costs about 2 ms of CPU (most of it the fsyncs), which commands in flight share: under
B1's unbroken load, p99 15.6-17.3 ms without checkpoints, 17.7-21.1 ms with one every 200 writes.

Behind a pooler in transaction mode (PgBouncer; `pooler=True`), each transaction may run on another server
connection, so nothing may outlive one: neither asyncpg nor SQLAlchemy keeps prepared statements between
uses (`statement_cache_size=0`, `prepared_statement_cache_size=0`), and each statement asyncpg prepares gets
a unique name, so two clients sharing a server connection never collide on asyncpg's numbered ones. Every
statement Rapport runs is inside a transaction, where its prepare and execute reach the same server.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import logging
import os
import time
import uuid
import weakref
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any, Concatenate, ParamSpec, TypeVar

from sqlalchemy import Connection, Engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import Session

from bot.db.inline_sqlite import InlineConnection, inline_url

POOL_SIZE = 20
# A PostgreSQL that does not answer (a dropped network, a failover under way) would hold each new connection,
# and the command waiting on it, for asyncpg's default of 60 s; past this, the command is told the database is
# unreachable instead. A healthy connect takes milliseconds, a distant one with TLS well under a second.
CONNECT_TIMEOUT = 5.0
POOL_OVERFLOW = 10
# Two readers: most commands read nothing once their member is settled, and a read takes about a millisecond
# at team scale. Safe because no task ever waits for a reader while holding one, or the writer (`_holding`).
SQLITE_READERS = 2
# Each SQLite connection (the writer and every reader) keeps its own page cache, 2 MB by default, filled as the
# database grows: three connections could hold 6 MB of pages the OS already caches for every process. 128 KB
# each holds the pages a command touches (the B-tree's upper levels and the rows of the member at hand); the
# rest is a read from the OS's cache, which B1 and B7 do not notice (docs/performance.md, B5).
SQLITE_PAGE_CACHE_KB = 128
# How long a write waits for another process (a CLI command) to release SQLite's write lock, and how often
# it looks again meanwhile.
WRITE_LOCK_WAIT = 5.0
WRITE_LOCK_POLL = 0.02
# Checkpoints of the WAL (see above): due after this many writes (a `/touch log` adds about five pages;
# SQLite's own threshold is 1,000 pages), run after this long without a write, or at the most writes
# (about 4 MB of WAL: a checkpoint's cost grows with the pages it copies, so not larger).
CHECKPOINT_EVERY = 100
CHECKPOINT_QUIET = 0.05
CHECKPOINT_AT_MOST = 200

log = logging.getLogger(__name__)
P = ParamSpec("P")
T = TypeVar("T")


# SQLSTATE classes of a database that is not there for us: connection exceptions, insufficient resources (too
# many connections), operator intervention (shutting down, starting up, a failover's terminated backends).
_UNREACHABLE_SQLSTATES = ("08", "53", "57")
_UNREACHABLE_SQLITE = ("database is locked", "unable to open database file", "disk i/o error", "readonly database")


def unreachable(error: BaseException) -> bool:
    """Whether `error` (or what caused it) says the database could not be reached or used just now, rather
    than that the statement was wrong: then nothing was saved and trying again later may work.

    Checked by kind and SQLSTATE rather than by class so the drivers (asyncpg is large) need not be imported.
    """
    seen: set[int] = set()
    pending: list[BaseException | None] = [error]
    while pending:
        current = pending.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, OSError | PoolTimeout):  # refused, reset, timed out, no route; pool exhausted
            return True
        if isinstance(current, DBAPIError) and current.connection_invalidated:
            return True
        sqlstate = getattr(current, "sqlstate", None) or getattr(current, "pgcode", None)
        if isinstance(sqlstate, str) and sqlstate.startswith(_UNREACHABLE_SQLSTATES):
            return True
        if type(current).__name__ == "OperationalError" and str(current).lower().startswith(_UNREACHABLE_SQLITE):
            return True
        pending += [current.__cause__, current.__context__, getattr(current, "orig", None)]
    return False


def _on_sqlite_connect(dbapi_connection: Any, _record: Any, *, busy_timeout_ms: int = 5000) -> None:
    # Let SQLAlchemy emit BEGIN itself (pysqlite's own transaction handling is known to be wrong),
    # then tune the connection: WAL so readers never wait for the writer, foreign keys enforced.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={busy_timeout_ms:d}")
    cursor.execute(f"PRAGMA cache_size=-{SQLITE_PAGE_CACHE_KB:d}")
    cursor.close()


def _on_writer_connect(dbapi_connection: Any, record: Any) -> None:
    # Called in place, the writer must never sleep inside SQLite: a busy database fails at once. Nor does it
    # checkpoint the WAL: `Database.checkpoint` does, off the event loop.
    _on_sqlite_connect(dbapi_connection, record, busy_timeout_ms=0)
    dbapi_connection.execute("PRAGMA wal_autocheckpoint=0")


def _on_sqlite_begin(connection: Any) -> None:
    connection.exec_driver_sql("BEGIN")


def create_engine(url: str, **kwargs: Any) -> AsyncEngine:
    """An async engine with Rapport's per-dialect settings applied."""
    engine = create_async_engine(url, **kwargs)
    if engine.dialect.name == "sqlite":
        event.listen(engine.sync_engine, "connect", _on_sqlite_connect)
        event.listen(engine.sync_engine, "begin", _on_sqlite_begin)
    return engine


def _unique_statement_name() -> str:
    return f"__rapport_{uuid.uuid4().hex}__"


def pooler_connect_args() -> dict[str, Any]:
    """asyncpg arguments for a pooler in transaction mode: no statement kept, none named twice (see above)."""
    return {
        "statement_cache_size": 0,
        "prepared_statement_cache_size": 0,
        "prepared_statement_name_func": _unique_statement_name,
    }


def _create_writer(url: str, **kwargs: Any) -> AsyncEngine:
    """The one connection that writes to a SQLite file, called in place (see `bot/db/inline_sqlite.py`)."""
    # `write()` always ends the transaction itself, so returning the connection to the pool needs no rollback.
    kwargs.update(pool_size=1, max_overflow=0, pool_reset_on_return=None)
    kwargs.setdefault("connect_args", {}).update(check_same_thread=False, factory=InlineConnection)
    engine = create_async_engine(inline_url(make_url(url)), **kwargs)
    event.listen(engine.sync_engine, "connect", _on_writer_connect)
    return engine


class _WriterBusy(Exception):
    """Another process holds SQLite's write lock: the transaction did not begin."""

    def __init__(self, error: OperationalError) -> None:
        super().__init__(str(error))
        self.error = error


@contextlib.contextmanager
def _beginning() -> Iterator[None]:
    """Around a begin: SQLite's "database is locked" there (`BEGIN IMMEDIATE` on the writer) means another
    process writes, and the transaction never started."""
    try:
        yield
    except OperationalError as error:
        if "database is locked" in str(error.orig):
            raise _WriterBusy(error) from error
        raise


def _begin(session: Session) -> None:
    with _beginning():
        session.connection()


class NestedSession(RuntimeError):
    """A task asked for a session while it held another of the same database (see `Database._holding`)."""


@dataclass
class _Hold:
    database: int
    kind: str
    task: weakref.ref[asyncio.Task[Any]] | None  # weak: a task started inside the block inherits the holds


# The sessions the current task holds, innermost last: a task inherits its creator's, so each hold names its task.
_holds: contextvars.ContextVar[tuple[_Hold, ...]] = contextvars.ContextVar("rapport_session_holds", default=())


class Database:
    """The engine, a session factory, and the write path."""

    def __init__(self, url: str, *, pooler: bool = False, search_path: str | None = None, **engine_kwargs: Any) -> None:
        """`pooler`: the URL is a pooler in transaction mode (see above). `search_path`: PostgreSQL schemas to
        use, set in each transaction, as a pooler in transaction mode drops a connection's own settings (the
        tests give each a schema of its own)."""
        self.url = url
        self.strict = os.environ.get("RAPPORT_STRICT_SESSIONS") == "1"
        parsed = make_url(url)
        self.is_sqlite = parsed.get_backend_name() == "sqlite"
        self.pooler = pooler and not self.is_sqlite
        if self.pooler:
            engine_kwargs["connect_args"] = {**engine_kwargs.get("connect_args", {}), **pooler_connect_args()}
        file_db = parsed.database not in (None, "", ":memory:")
        writer_kwargs = dict(engine_kwargs)
        if self.is_sqlite and file_db:
            # Only reads use this pool (writes have their own connection). A few connections, and no more: a
            # burst of reads waits its turn rather than opening connections, each an aiosqlite thread whose
            # stack and page cache stay resident after it closes (docs/performance.md, B5).
            engine_kwargs.setdefault("pool_size", SQLITE_READERS)
            engine_kwargs.setdefault("max_overflow", 0)
        elif file_db:
            # Past `pool_size`, a connection is opened for the moment and closed on return: at 20 concurrent
            # commands SQLAlchemy's default of 5 opened and closed connections all the time. Keep enough for
            # a burst of commands plus the scheduler.
            engine_kwargs.setdefault("pool_size", POOL_SIZE)
            engine_kwargs.setdefault("max_overflow", POOL_OVERFLOW)
        if parsed.get_backend_name() == "postgresql":
            connect_args = dict(engine_kwargs.get("connect_args") or {})
            connect_args.setdefault("timeout", CONNECT_TIMEOUT)
            engine_kwargs["connect_args"] = connect_args
        self.engine = create_engine(url, **engine_kwargs)
        if search_path is not None and not self.is_sqlite:
            set_path = text(f"SET LOCAL search_path TO {search_path}")
            event.listen(self.engine.sync_engine, "begin", lambda connection: connection.execute(set_path))
        self.sessions = async_sessionmaker(self.engine, expire_on_commit=False)
        self._writer: AsyncEngine | None = None
        if self.is_sqlite and file_db:
            self._writer = _create_writer(url, **writer_kwargs)
        self._writer_sessions = async_sessionmaker(self._writer, expire_on_commit=False) if self._writer else None
        self._write_lock = asyncio.Lock()
        self._writes_since_checkpoint = 0
        self._checkpoint: asyncio.Task[None] | None = None
        self._checkpoint_timer: asyncio.TimerHandle | None = None

    @contextlib.contextmanager
    def _holding(self, kind: str) -> Iterator[None]:
        """Marks the current task as holding a `kind` ("read" or "write") session of this database for the block.

        A read inside any other session of this database waits for a second connection while its task holds
        one (a reader, or the writer): a few such callers at once can hold every reader while each waits for
        one more, until the pool's timeout (30 s) fails them all as "database unreachable". A write inside a
        write on SQLite waits for the in-process write lock its own task holds, which is forever. On a SQLite
        file a write inside a read is safe, since the writer's holder never waits for a reader (elsewhere a
        write takes a second connection of the same pool, which is larger).

        Strict (`RAPPORT_STRICT_SESSIONS=1`, as in the tests) raises `NestedSession`; otherwise a nested read
        is logged with the caller's stack and opened all the same, and a write inside a write on SQLite is
        refused always. Only the current task's holds count: work awaited in other tasks while a session is
        held (`gather`, a `TaskGroup`, `wait_for` before Python 3.12) is not seen, and must not open one."""
        task = asyncio.current_task()
        held = [
            hold
            for hold in _holds.get()
            if hold.database == id(self) and (hold.task() if hold.task is not None else None) is task
        ]
        if held and (kind == "read" or any(hold.kind == "write" for hold in held)):
            message = f"a {kind} session opened inside a {held[-1].kind} session of the same database"
            if self.strict or (kind == "write" and self.is_sqlite):
                raise NestedSession(message)
            log.warning("%s: pass the session held down instead", message, stack_info=True)
        hold = _Hold(id(self), kind, None if task is None else weakref.ref(task))
        token = _holds.set((*_holds.get(), hold))
        try:
            yield
        finally:
            _holds.reset(token)

    @asynccontextmanager
    async def read(self) -> AsyncIterator[AsyncSession]:
        """A session for queries only (never inside another session of this database: see `_holding`)."""
        with self._holding("read"):
            async with self.sessions() as session:
                yield session

    @asynccontextmanager
    async def read_in(self, session: AsyncSession | None) -> AsyncIterator[AsyncSession]:
        """`session` when the caller holds one (a read or a write of this database), else a read of its own:
        for queries called both inside and outside a session, which must not open a second (`_holding`)."""
        if session is not None:
            yield session
            return
        async with self.read() as own:
            yield own

    async def run_write(self, work: Callable[Concatenate[Connection, P], T], *args: P.args, **kwargs: P.kwargs) -> T:
        """`work(connection, *args, **kwargs)` in one write transaction of plain table statements, begun, run
        and committed as one synchronous unit of work: one greenlet for all of it, and a connection's begin
        and commit rather than a session's, which cost `/touch log` twice as much (README, Performance, B1)."""

        def unit(_carrier: Session, engine: Engine) -> T:
            # The session only carries the call into a greenlet (`run_sync`); the work has a connection.
            with engine.connect() as connection:  # closing rolls back whatever was not committed
                with _beginning():
                    connection.begin()
                result = work(connection, *args, **kwargs)
                connection.commit()
                return result

        with self._holding("write"):
            if self._writer is not None and self._writer_sessions is not None:
                writer, writer_sessions = self._writer.sync_engine, self._writer_sessions
                async with self._write_lock:
                    result = await self._when_writer_free(lambda: writer_sessions().run_sync(unit, writer))
                self._wrote()
                return result
            async with self._write_lock if self.is_sqlite else contextlib.nullcontext():
                return await self.sessions().run_sync(unit, self.engine.sync_engine)

    @asynccontextmanager
    async def write(self) -> AsyncIterator[AsyncSession]:
        """A session inside one transaction: committed on success, rolled back on any error."""
        with self._holding("write"):
            async with self._write_session() as session:
                yield session

    @asynccontextmanager
    async def _write_session(self) -> AsyncIterator[AsyncSession]:
        if self._writer_sessions is not None:
            async with self._write_lock:
                session = await self._begin_sqlite_write()
                try:
                    yield session
                    await session.commit()
                except BaseException:
                    await session.rollback()
                    raise
                finally:
                    await session.close()
            self._wrote()
        elif self.is_sqlite:
            async with self._write_lock, self.sessions() as session, session.begin():
                yield session
        else:
            async with self.sessions() as session, session.begin():
                yield session

    async def _begin_sqlite_write(self) -> AsyncSession:
        """A writer session whose `BEGIN IMMEDIATE` succeeded."""
        assert self._writer_sessions is not None  # noqa: S101 - only called for a SQLite file
        writer_sessions = self._writer_sessions

        async def begun() -> AsyncSession:
            session = writer_sessions()
            try:
                await session.run_sync(_begin)
            except BaseException:
                await session.close()
                raise
            return session

        return await self._when_writer_free(begun)

    async def _when_writer_free(self, attempt: Callable[[], Awaitable[T]]) -> T:
        """`attempt()`, again while another process holds SQLite's write lock: waiting here, on the event
        loop, rather than inside SQLite, for up to `WRITE_LOCK_WAIT`; then its "database is locked" error."""
        deadline = time.monotonic() + WRITE_LOCK_WAIT
        while True:
            try:
                return await attempt()
            except _WriterBusy as busy:
                if time.monotonic() >= deadline:
                    raise busy.error from None
                await asyncio.sleep(WRITE_LOCK_POLL)

    def _wrote(self) -> None:
        self._writes_since_checkpoint += 1
        if self._writes_since_checkpoint < CHECKPOINT_EVERY or self._checkpoint is not None:
            return
        if self._checkpoint_timer is not None:
            self._checkpoint_timer.cancel()
        if self._writes_since_checkpoint >= CHECKPOINT_AT_MOST:
            self._start_checkpoint()
        else:
            self._checkpoint_timer = asyncio.get_running_loop().call_later(CHECKPOINT_QUIET, self._start_checkpoint)

    def _start_checkpoint(self) -> None:
        self._writes_since_checkpoint = 0
        self._checkpoint_timer = None
        self._checkpoint = asyncio.create_task(self.checkpoint())
        self._checkpoint.add_done_callback(self._checkpoint_done)

    def _checkpoint_done(self, task: asyncio.Task[None]) -> None:
        self._checkpoint = None
        if not task.cancelled() and task.exception() is not None:
            log.warning("checkpoint of the SQLite WAL failed; the next one retries", exc_info=task.exception())

    async def checkpoint(self) -> None:
        """Copy the SQLite WAL into the database file, on a reader's thread (see the module's notes)."""
        async with self.engine.connect() as connection:
            await connection.exec_driver_sql("PRAGMA wal_checkpoint(PASSIVE)")

    async def dispose(self) -> None:
        if self._checkpoint_timer is not None:
            self._checkpoint_timer.cancel()  # closing the last connection checkpoints anyway
        if self._checkpoint is not None:
            await asyncio.wait({self._checkpoint})
        await self.engine.dispose()
        if self._writer is not None:
            await self._writer.dispose()
