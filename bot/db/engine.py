"""One `Database` per process: an async engine, a session factory, and the single-writer rule for SQLite.

SQLite allows one writer at a time. Several aiosqlite connections contending for the write lock were
measured at a 2.3 s worst case under 20 concurrent commands (Discord's first-reply deadline is 3 s), while
one writer at a time gave 85 ms. So every write transaction goes through `Database.write()`, which holds an
in-process lock on SQLite; reads run alongside it thanks to WAL. PostgreSQL needs no such lock.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

POOL_SIZE = 20
POOL_OVERFLOW = 10


def _on_sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy emit BEGIN itself (pysqlite's own transaction handling is known to be wrong),
    # then tune the connection: WAL so readers never wait for the writer, foreign keys enforced.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def _on_sqlite_begin(connection: Any) -> None:
    connection.exec_driver_sql("BEGIN")


def create_engine(url: str, **kwargs: Any) -> AsyncEngine:
    """An async engine with Rapport's per-dialect settings applied."""
    engine = create_async_engine(url, **kwargs)
    if engine.dialect.name == "sqlite":
        event.listen(engine.sync_engine, "connect", _on_sqlite_connect)
        event.listen(engine.sync_engine, "begin", _on_sqlite_begin)
    return engine


class Database:
    """The engine, a session factory, and the write path."""

    def __init__(self, url: str, **engine_kwargs: Any) -> None:
        self.url = url
        parsed = make_url(url)
        if parsed.database not in (None, "", ":memory:"):
            # Past `pool_size`, a connection is opened for the moment and closed on return: at 20 concurrent
            # commands SQLAlchemy's default of 5 opened and closed connections (an aiosqlite thread each)
            # all the time. Keep enough for a burst of commands plus the scheduler.
            engine_kwargs.setdefault("pool_size", POOL_SIZE)
            engine_kwargs.setdefault("max_overflow", POOL_OVERFLOW)
        self.engine = create_engine(url, **engine_kwargs)
        self.sessions = async_sessionmaker(self.engine, expire_on_commit=False)
        self.is_sqlite = parsed.get_backend_name() == "sqlite"
        self._write_lock = asyncio.Lock()

    @asynccontextmanager
    async def read(self) -> AsyncIterator[AsyncSession]:
        """A session for queries only."""
        async with self.sessions() as session:
            yield session

    @asynccontextmanager
    async def write(self) -> AsyncIterator[AsyncSession]:
        """A session inside one transaction: committed on success, rolled back on any error."""
        if self.is_sqlite:
            async with self._write_lock, self.sessions() as session, session.begin():
                yield session
        else:
            async with self.sessions() as session, session.begin():
                yield session

    async def dispose(self) -> None:
        await self.engine.dispose()
