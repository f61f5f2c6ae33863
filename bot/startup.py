"""What can go wrong when `rapport run` starts, said in one line each.

Two kinds of failure, treated differently. A setting that is wrong (a SQLite file in a folder that does not
exist, a PostgreSQL role or database that does not exist, a password refused) will be as wrong in a minute:
Rapport stops at once with exit status 2. Something that may come back (the database host not answering,
PostgreSQL starting up, Discord unreachable or failing with 5xx) is retried with back-off for
`STARTUP_RETRY_SECONDS`, one line per try naming what is unreachable, then Rapport stops with status 1 for its
supervisor to restart. Never a traceback: the operator needs the host and the reason, not the call stack.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import aiohttp
import discord
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from bot.db.errors import describe, is_transient

EXIT_CONFIG = 2
EXIT_UNREACHABLE = 1
FIRST_DELAY = 1.0
LONGEST_DELAY = 30.0
# PostgreSQL SQLSTATEs that are the operator's to fix: a role, password or database that is not there.
CONFIG_SQLSTATES = ("28", "3D000")


class StartFailure(Exception):
    """Why Rapport cannot start, in one line; `retry` when it may come back by itself."""

    def __init__(self, line: str, *, retry: bool) -> None:
        super().__init__(line)
        self.line = line
        self.retry = retry


def database_place(url: str) -> str:
    """Where the database is, for a message: host and port, or the SQLite file (never the password)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return f"the SQLite file {parsed.database}"
    return f"PostgreSQL at {parsed.host or 'localhost'}:{parsed.port or 5432} (database {parsed.database})"


def sqlite_folder_missing(url: str) -> StartFailure | None:
    """A SQLite file whose folder does not exist: SQLite would only say "unable to open database file"."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    folder = Path(parsed.database).expanduser().resolve().parent
    if folder.is_dir():
        return None
    return StartFailure(
        f"DATABASE_URL puts SQLite in {folder}, which does not exist; create the folder or choose another path",
        retry=False,
    )


def database_failure(error: BaseException, url: str) -> StartFailure | None:
    """The one line for a database error at start, or None when it is no database failure (a bug)."""
    place = database_place(url)
    original = error.orig if isinstance(error, DBAPIError) else None
    sqlstate = getattr(original, "sqlstate", None)
    if isinstance(sqlstate, str) and sqlstate.startswith(CONFIG_SQLSTATES):
        return StartFailure(f"{place} refused Rapport: {describe(error)} (check DATABASE_URL)", retry=False)
    if isinstance(original, sqlite3.OperationalError) and "unable to open" in str(original):
        return StartFailure(f"can't open {place}: {describe(error)} (check the path and its permissions)", retry=False)
    if is_transient(error):
        return StartFailure(f"can't reach {place}: {describe(error)}", retry=True)
    return None


def discord_failure(error: BaseException, api_base: str) -> StartFailure | None:
    """The one line for Discord being unreachable at start (network, timeout, 5xx), or None otherwise."""
    if isinstance(error, discord.DiscordServerError):
        return StartFailure(f"Discord at {api_base} answered {error.status}: {error.text[:200]}", retry=True)
    # Every network error discord.py lets through is aiohttp's (a bare OSError or TimeoutError at start comes
    # from the database driver instead).
    if isinstance(error, aiohttp.ClientError | discord.GatewayNotFound):
        reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        return StartFailure(f"can't reach Discord at {api_base}: {type(error).__name__}: {reason[:200]}", retry=True)
    return None


@dataclass
class Retries:
    """Back-off for what may come back, within a budget of seconds: 1, 2, 4 ... 30, 30 ... s apart."""

    budget: float
    waited: float = 0.0
    delay: float = FIRST_DELAY

    async def wait(self, stopping: asyncio.Event) -> bool:
        """Wait before the next try; False when the budget is spent or a stop was asked for meanwhile."""
        if self.waited + self.delay > self.budget:
            return False
        try:
            await asyncio.wait_for(stopping.wait(), self.delay)
        except TimeoutError:
            self.waited += self.delay
            self.delay = min(self.delay * 2, LONGEST_DELAY)
            return True
        return False


FIRST_CONNECT_FAILED = "Failed to connect for shard_id"  # discord.py's AutoShardedClient.launch_shard
FIRST_CONNECT_RETRY_SECONDS = 5  # discord.py's wait before that shard's next try


class OneLineReconnects(logging.Filter):
    """discord.py logs each failed gateway connection with a full traceback ("Attempting a reconnect in ...",
    and "Failed to connect for shard_id ..." for a shard's first connection). While Discord is unreachable that
    is a traceback every few seconds for one fact: keep the fact, in one line, and drop the stack."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not record.exc_info:
            return True
        args = record.args if isinstance(record.args, tuple) else ()
        message = str(record.msg)
        if message.startswith(FIRST_CONNECT_FAILED):
            # (shard id): discord.py tries that shard again in 5 s.
            _one_line(record, f" for shard {args[0]}" if args else "", f"retrying in {FIRST_CONNECT_RETRY_SECONDS} s")
        elif message.startswith("Attempting a reconnect"):
            # (delay) or, a shard's ("Attempting a reconnect for shard ID %s in %.2fs"), (shard id, delay).
            shard = f" for shard {args[0]}" if len(args) == 2 else ""
            _one_line(record, shard, f"reconnecting in {args[-1]:.2f}s" if args else "reconnecting")
        return True


def _one_line(record: logging.LogRecord, shard: str, then: str) -> None:
    """The record as one warning naming the error, without its stack: it is retried, not an error yet."""
    assert record.exc_info is not None  # noqa: S101 - checked by the caller
    error = record.exc_info[1]
    reason = (str(error).strip().splitlines() or [""])[0] if error is not None else ""
    record.msg = "gateway unreachable%s (%s: %s); %s"
    record.args = (shard, type(error).__name__, reason[:200], then)
    record.exc_info = None
    record.exc_text = None
    record.levelno, record.levelname = logging.WARNING, "WARNING"
