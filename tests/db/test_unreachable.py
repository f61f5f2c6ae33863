"""A database that is not there is told apart from a statement that is wrong, on every way of not being there:
nothing listening, a server that never answers (held no longer than `CONNECT_TIMEOUT`), a SQLite file that
cannot be opened. The tree answers the first kind with "can't reach its database"; the second is a bug."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import text

from bot.db import engine
from bot.db.engine import Database, unreachable
from tests.databases import migrated_database, require_postgres


@pytest.fixture
async def silent_port() -> AsyncIterator[int]:
    """A TCP server that accepts connections and never says a word: a database behind a dropped network."""
    held: list[asyncio.StreamWriter] = []

    async def hold(_reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        held.append(writer)

    server = await asyncio.start_server(hold, "127.0.0.1", 0)
    yield server.sockets[0].getsockname()[1]
    for writer in held:
        writer.close()
    server.close()


async def unreachable_at(url: str) -> bool:
    """Whether a write at `url` fails as unreachable. A write: on SQLite it runs on the writer called in place,
    whereas a reader's failed connect leaves an aiosqlite thread that reports after the test's loop closed."""
    database = Database(url)
    try:
        async with database.write() as session:
            await session.execute(text("SELECT 1"))
    except Exception as error:
        return unreachable(error)
    finally:
        await database.dispose()
    raise AssertionError(f"{url} answered")


async def test_a_postgresql_that_never_answers_is_given_up_on_after_the_connect_timeout(silent_port, monkeypatch):
    monkeypatch.setattr(engine, "CONNECT_TIMEOUT", 0.5)
    started = time.perf_counter()
    assert await unreachable_at(f"postgresql+asyncpg://postgres@127.0.0.1:{silent_port}/test")
    assert time.perf_counter() - started < 5  # asyncpg's own default is 60 s


@pytest.mark.parametrize(
    "url", ["postgresql+asyncpg://postgres@127.0.0.1:1/test", "sqlite+aiosqlite:////nonexistent/rapport/rapport.db"]
)
async def test_nothing_listening_and_a_file_that_cannot_open_are_unreachable(url: str):
    if url.startswith("postgresql"):
        await require_postgres()  # the driver must be installed and the machine must have loopback
    assert await unreachable_at(url)


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
async def test_a_wrong_statement_is_not_unreachable(kind: str, tmp_path: Path):
    async with migrated_database(kind, tmp_path) as database:
        try:
            async with database.read() as session:
                await session.execute(text("SELECT no_such_column FROM touches"))
        except Exception as error:  # each dialect raises its own kind
            judged = unreachable(error)
    assert judged is False
