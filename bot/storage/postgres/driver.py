"""The shared SQL on asyncpg: ``?`` numbered, values checked, errors named (issue 18).

The domain code writes ``?`` (SQLite's style) and this module numbers them ``$1 … $n`` once per
statement text (cached: the texts are constants, and asyncpg caches one prepared statement per
text and connection). Values cross as they are, except that a naive datetime is refused as in
SQLite (asyncpg would take it for UTC silently) and NUL characters are dropped from strings
(PostgreSQL's text cannot hold them). Any asyncpg or connection error becomes one
``StoreError`` line naming the database (the URL without its password) and what to do.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeAlias

import asyncpg

from bot.storage.errors import ConstraintError, StoreError

if TYPE_CHECKING:
    from asyncpg.pool import PoolConnectionProxy

    Connection: TypeAlias = asyncpg.Connection[Any] | PoolConnectionProxy[Any]


@functools.lru_cache(maxsize=1024)
def numbered(sql: str) -> str:
    """``sql`` with each ``?`` outside quotes replaced by ``$1``, ``$2``, … in order."""
    out: list[str] = []
    quote = ""
    n = 0
    for char in sql:
        if quote:
            quote = "" if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char == "?":
            n += 1
            out.append(f"${n}")
            continue
        out.append(char)
    return "".join(out)


def values(params: Sequence[Any]) -> Sequence[Any]:
    """``params`` as asyncpg takes them: a naive datetime is a bug (as in SQLite), and NUL,
    which PostgreSQL text cannot hold (SQLite keeps it), is dropped from strings."""
    nul = False
    for value in params:
        if isinstance(value, datetime) and value.tzinfo is None:
            raise ValueError("naive datetime reached the store")
        nul = nul or (isinstance(value, str) and "\x00" in value)
    if not nul:
        return params
    return [v.replace("\x00", "") if isinstance(v, str) else v for v in params]


def rowcount(status: str) -> int:
    """Rows a statement changed, from its command tag (``UPDATE 3``, ``INSERT 0 1``)."""
    last = status.rpartition(" ")[2]
    return int(last) if last.isdigit() else 0


class PgTx:
    """``Tx`` over one asyncpg connection (inside its transaction, in ``_write``)."""

    def __init__(self, con: Connection) -> None:
        self._con = con

    async def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        return rowcount(await self._con.execute(numbered(sql), *values(params)))

    async def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        checked = [values(r) for r in rows]
        if checked:
            await self._con.executemany(numbered(sql), checked)

    async def fetchone(self, sql: str, params: Sequence[Any] = ()) -> Any:
        return await self._con.fetchrow(numbered(sql), *values(params))

    async def fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        return list(await self._con.fetch(numbered(sql), *values(params)))


DRIVER_ERRORS = (asyncpg.PostgresError, asyncpg.InterfaceError, OSError, TimeoutError)
"""What asyncpg and the network raise: the server's errors, a closed connection, a refused or
timed-out connect."""

_HINTS: tuple[tuple[type[BaseException], str], ...] = (
    (asyncpg.LockNotAvailableError, "is busy: a lock was held by another process longer than "
     "database.busy_timeout_ms"),
    (asyncpg.InvalidCatalogNameError, "does not exist (create it: createdb, or CREATE DATABASE)"),
    (asyncpg.InvalidPasswordError, "refused the password (check the URL or PGPASSWORD)"),
    (asyncpg.InvalidAuthorizationSpecificationError, "refused this user (check pg_hba.conf)"),
    (asyncpg.InsufficientPrivilegeError, "refused: this user lacks a privilege the bot needs"),
    (asyncpg.ReadOnlySQLTransactionError, "is read-only (a standby? point the URL at the primary)"),
    (asyncpg.UndefinedTableError, "is missing a table (damaged, or not this bot's database)"),
    (asyncpg.UndefinedColumnError, "is missing a column (damaged, or not this bot's database)"),
    (asyncpg.DiskFullError, "cannot grow: the server's disk is full"),
    (asyncpg.TooManyConnectionsError, "has no free connection (raise max_connections)"),
    (asyncpg.DeadlockDetectedError, "ended a transaction in a deadlock (a bug: please report)"),
    (asyncpg.InterfaceError, "connection failed in use (the server restarted or went away)"),
    (asyncpg.PostgresConnectionError, "cannot be reached (is the server up?)"),
    (OSError, "cannot be reached (is the server up, and the host and port right?)"),
    (TimeoutError, "did not answer in time"),
)  # fmt: skip


def store_error(where: str, error: BaseException) -> StoreError:
    """``error`` as one line an operator can act on, naming the database."""
    if isinstance(error, asyncpg.UniqueViolationError):
        return ConstraintError(f"database {where}: {error}")
    for kind, meaning in _HINTS:
        if isinstance(error, kind):
            return StoreError(f"database {where} {meaning} ({type(error).__name__}: {error})")
    return StoreError(f"database {where}: {type(error).__name__}: {error}")
