"""Which database errors pass by themselves.

A database that is briefly unavailable (SQLite's write lock held by another process past the writer's wait,
PostgreSQL connections terminated by a failover or a restart, a pool or a server out of connections) is not
a reason to give up on work: whoever meets such an error waits and tries again, like after a network error.
Everything else (a constraint, a bad statement, a value out of range) would fail the same way again.
"""

from __future__ import annotations

from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

# PostgreSQL SQLSTATEs that mean "not now" rather than "never": connection exceptions (08), insufficient
# resources (53: too many connections, disk full), operator intervention (57P: shutdown, starting up),
# serialization failures and deadlocks (40001, 40P01), a lock not available (55P03), and a read-only
# transaction (25006: a failover briefly pointing at the old primary, now a standby).
TRANSIENT_SQLSTATES = ("08", "53", "57P", "40001", "40P01", "55P03", "25006")


def is_transient(error: BaseException) -> bool:
    """Whether `error` means the database is unavailable for now, so the same work may succeed later."""
    if isinstance(error, DBAPIError):
        if error.connection_invalidated or isinstance(error, OperationalError | InterfaceError):
            return True
        sqlstate = getattr(error.orig, "sqlstate", None)
        return isinstance(sqlstate, str) and sqlstate.startswith(TRANSIENT_SQLSTATES)
    # A pool with no connection free in time; a connection refused or timed out before SQLAlchemy wraps it
    # (asyncpg's connect raises the socket's own error); or asyncpg's own error about a connection left broken
    # mid-operation, which older SQLAlchemy (2.0) lets through unwrapped when the server ends the connection
    # ("cannot switch to state 15; another operation is in progress").
    return isinstance(error, PoolTimeout | OSError | TimeoutError) or _broken_asyncpg_connection(error)


def _broken_asyncpg_connection(error: BaseException) -> bool:
    kind = type(error)
    return kind.__module__.startswith("asyncpg") and kind.__name__ in ASYNCPG_BROKEN_CONNECTION


ASYNCPG_BROKEN_CONNECTION = frozenset({"InternalClientError", "ConnectionDoesNotExistError", "InterfaceError"})


def describe(error: BaseException) -> str:
    """One line for a log: the driver's message without SQLAlchemy's statement and background link."""
    cause = error.orig if isinstance(error, DBAPIError) and error.orig is not None else error
    first_line = (str(cause).strip().splitlines() or [type(cause).__name__])[0]
    return f"{type(cause).__name__}: {first_line}"[:300]
