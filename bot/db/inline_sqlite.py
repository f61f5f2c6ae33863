"""SQLite called straight from the event loop, for the one connection that writes.

aiosqlite runs every call in a thread of its own and hands the result back through the event loop: two
thread switches per call, and a write transaction makes a dozen calls (begin, each statement, fetch, commit):
each costs several times the statement itself (README, Performance, B1). Writes are short point statements
that already run one at a time (SQLite has one writer, and `Database.write` queues writers on an
`asyncio.Lock`), so the threads bought no concurrency there, only latency that every queued command paid
again.

The writer never waits inside SQLite, which would stall the loop: its connection has no busy timeout and
starts each transaction with `BEGIN IMMEDIATE`, so another process holding the write lock fails the begin at
once and `Database.write` retries it after an `asyncio.sleep`. Once begun, nothing in a WAL database can
make the transaction wait (readers never block the writer, and the checkpoint after a commit is passive).
Reads stay on aiosqlite's threads: a large report may scan for a while, and the loop must not wait for it.

The dialect is SQLAlchemy's own pysqlite dialect, declared async so `create_async_engine` accepts it; each
DBAPI call first awaits a no-op so SQLAlchemy's asyncio layer sees the await it expects of an async driver,
and cursors answer the one async call `AsyncConnection.execute` makes on them (SQLAlchemy 2.1; 2.0 makes none).
"""

from __future__ import annotations

import sqlite3
from typing import Any

from sqlalchemy import pool
from sqlalchemy.dialects import registry
from sqlalchemy.dialects.sqlite.pysqlite import SQLiteDialect_pysqlite
from sqlalchemy.engine.interfaces import DBAPICursor, ExecutionContext
from sqlalchemy.engine.url import URL

try:  # SQLAlchemy 2.1 names the greenlet bridge `await_`; 2.0 only has `await_only` (2.1's deprecated alias).
    from sqlalchemy.util import await_
except ImportError:  # SQLAlchemy 2.0
    from sqlalchemy.util import await_only as await_

DRIVER = "rapport_inline"


async def _in_place() -> None:
    """Returns at once: awaiting it marks the call as async without leaving the loop's turn."""


class InlineCursor(sqlite3.Cursor):
    async def _async_soft_close(self) -> None:
        """`AsyncConnection.execute` asks an async driver's cursor to let go of the server; a sqlite3 cursor
        holds nothing that needs it."""


class InlineConnection(sqlite3.Connection):
    def cursor(self, factory: Any = InlineCursor) -> Any:
        return super().cursor(factory)


class InlineSQLiteDialect(SQLiteDialect_pysqlite):
    driver = DRIVER
    is_async = True
    supports_statement_cache = True

    @classmethod
    def get_pool_class(cls, url: URL) -> type[pool.Pool]:
        return pool.AsyncAdaptedQueuePool

    def do_begin(self, dbapi_connection: Any) -> None:
        # Take the write lock now, so no statement later in the transaction can find the database busy.
        # Straight on the DBAPI connection: an event listener's `exec_driver_sql` is a statement's worth of
        # SQLAlchemy machinery on every write.
        await_(_in_place())
        dbapi_connection.execute("BEGIN IMMEDIATE")

    def do_execute(
        self, cursor: DBAPICursor, statement: str, parameters: Any, context: ExecutionContext | None = None
    ) -> None:
        await_(_in_place())
        super().do_execute(cursor, statement, parameters, context)  # type: ignore[no-untyped-call]

    def do_execute_no_params(
        self, cursor: DBAPICursor, statement: str, context: ExecutionContext | None = None
    ) -> None:
        await_(_in_place())
        super().do_execute_no_params(cursor, statement, context)  # type: ignore[no-untyped-call]

    def do_executemany(
        self, cursor: DBAPICursor, statement: str, parameters: Any, context: ExecutionContext | None = None
    ) -> None:
        await_(_in_place())
        super().do_executemany(cursor, statement, parameters, context)  # type: ignore[no-untyped-call]


registry.register(f"sqlite.{DRIVER}", __name__, "InlineSQLiteDialect")


def inline_url(url: URL) -> URL:
    """The same SQLite file, through the inline dialect."""
    return url.set(drivername=f"sqlite+{DRIVER}")
