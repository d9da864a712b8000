"""The SQLite store's connection, schema migrations and write transactions.

One aiosqlite connection (one worker thread) in WAL mode with ``synchronous=NORMAL``,
``foreign_keys=ON`` and a ``busy_timeout``. Autocommit mode with explicit ``BEGIN IMMEDIATE``:
every multi-statement write runs inside ``self._write()``, which holds an asyncio lock, so there is
exactly one writer and a transaction never interleaves with another coroutine's statements.
Hot paths batch: a feed's items are looked up with three ``IN (…)`` queries and written with
``executemany``, so the cost per feed is a handful of thread hops, not one per row.

The schema is versioned with ``PRAGMA user_version``; ``migrations/NNNN_name.sql`` files each carry
their own ``BEGIN … PRAGMA user_version = N; COMMIT``. Method names are domain intents and return
core records. Datetimes are stored as ISO-8601 UTC text, which sorts chronologically.
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
import sqlite3
from collections.abc import AsyncIterator, Iterable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from types import TracebackType
from typing import Any

import aiosqlite

from bot.errors import BotError

log = logging.getLogger(__name__)

_MIGRATION_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")
SQL_VARS = 500  # stay well under SQLite's bound-parameter limit per IN (…) query


class SchemaError(BotError):
    """The database file cannot be used by this version of the bot."""


class StoreError(BotError):
    """The database file cannot be used (read-only, not SQLite, damaged): one line saying which
    file and what is wrong, never a traceback (issue 13). Anything SQLite raises becomes this."""


_SQLITE_HINTS = (
    ("file is not a database", "is not a SQLite database, or its header is damaged"),
    ("malformed", "is damaged (corrupted pages); restore a backup"),
    ("readonly", "is read-only for this user"),
    ("read-only", "is read-only for this user"),
    ("unable to open", "cannot be opened (check the path and the directory's permissions)"),
    ("no such table", "is missing a table (damaged, or not this bot's database)"),
    ("no such column", "is missing a column (damaged, or not this bot's database)"),
    ("disk i/o error", "cannot be read or written (disk I/O error)"),
    ("database or disk is full", "cannot grow: the disk is full"),
)


def store_error(path: Path, error: sqlite3.Error) -> StoreError:
    """``error`` as one line an operator can act on, naming the file."""
    text = str(error)
    lowered = text.lower()
    cannot_write = not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK))
    if ("unable to open" in lowered or "readonly" in lowered) and path.exists() and cannot_write:
        # WAL needs to write the file and create -wal/-shm beside it
        return StoreError(
            f"database {path} is read-only for this user (the file, its directory or the "
            f"file system cannot be written) ({text})"
        )
    for needle, meaning in _SQLITE_HINTS:
        if needle in lowered:
            return StoreError(f"database {path} {meaning} ({text})")
    return StoreError(f"database {path}: {text}")


def ts(value: datetime) -> str:
    """An aware datetime as sortable UTC text."""
    if value.tzinfo is None:
        raise ValueError("naive datetime reached the store")
    return value.astimezone(UTC).isoformat(timespec="microseconds")


def from_ts(value: str) -> datetime:
    return datetime.fromisoformat(value)


def opt_ts(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value)


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    sql: str


def load_migrations() -> list[Migration]:
    found: list[Migration] = []
    for entry in resources.files("bot").joinpath("migrations").iterdir():
        match = _MIGRATION_NAME.match(entry.name)
        if match:
            found.append(Migration(int(match.group(1)), entry.name, entry.read_text("utf-8")))
    found.sort(key=lambda m: m.version)
    for expected, migration in enumerate(found, start=1):
        if migration.version != expected:
            raise SchemaError(f"migration {migration.name}: expected version {expected}")
    return found


def chunks(values: Sequence[str]) -> Iterable[Sequence[str]]:
    for start in range(0, len(values), SQL_VARS):
        yield values[start : start + SQL_VARS]


class StoreBase:
    """The connection, the writer lock and migrations; domain methods live in mixins."""

    def __init__(self, db: aiosqlite.Connection, path: Path) -> None:
        self._db = db
        self.path = path
        self._lock = asyncio.Lock()

    @classmethod
    async def open(cls, path: Path | str, *, busy_timeout_ms: int = 5000) -> Any:
        path = Path(path)
        if str(path) != ":memory:":
            path.parent.mkdir(parents=True, exist_ok=True)
        try:
            db = await aiosqlite.connect(path, isolation_level=None)
        except sqlite3.Error as e:
            raise store_error(path, e) from e
        try:
            db.row_factory = aiosqlite.Row
            await db.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
            await db.execute("PRAGMA journal_mode = WAL")
            await db.execute("PRAGMA synchronous = NORMAL")
            await db.execute("PRAGMA foreign_keys = ON")
            store = cls(db, path)
            await store._migrate()
        except sqlite3.Error as e:
            await db.close()
            raise store_error(path, e) from e
        except BaseException:
            await db.close()
            raise
        return store

    async def close(self) -> None:
        """Wait for the writer, then close; this always ends aiosqlite's worker thread."""
        async with self._lock:
            await self._db.close()
        # aiosqlite stops its worker after close() but does not join it; join it so that the
        # process can always exit cleanly (issue 3). ``_thread`` is aiosqlite's own attribute.
        worker = getattr(self._db, "_thread", None)
        if worker is not None and worker.is_alive():
            await asyncio.to_thread(worker.join, 5.0)

    async def __aenter__(self) -> Any:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    # -- schema -------------------------------------------------------------------------------

    async def schema_version(self) -> int:
        row = await self._fetchone("PRAGMA user_version")
        return int(row[0]) if row else 0

    async def _migrate(self) -> None:
        migrations = load_migrations()
        current = await self.schema_version()
        latest = migrations[-1].version if migrations else 0
        if current > latest:
            raise SchemaError(
                f"{self.path}: database schema version {current} is newer than this bot "
                f"supports ({latest}); upgrade the bot or restore a backup"
            )
        for migration in migrations:
            if migration.version <= current:
                continue
            async with self._lock:
                try:
                    await self._db.executescript(migration.sql)
                except Exception:
                    if self._db.in_transaction:
                        await self._db.execute("ROLLBACK")
                    raise
            log.info("migrated database=%s version=%d", self.path, migration.version)

    @asynccontextmanager
    async def _write(self) -> AsyncIterator[aiosqlite.Connection]:
        """One write transaction; the lock makes this the only writer."""
        async with self._lock:
            try:
                await self._db.execute("BEGIN IMMEDIATE")
                try:
                    yield self._db
                except BaseException:
                    if self._db.in_transaction:
                        await self._db.execute("ROLLBACK")
                    raise
                await self._db.execute("COMMIT")
            except sqlite3.Error as e:
                raise store_error(self.path, e) from e

    async def _fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        try:
            async with self._db.execute(sql, params) as cur:
                return list(await cur.fetchall())
        except sqlite3.Error as e:
            raise store_error(self.path, e) from e

    async def _fetchone(self, sql: str, params: Sequence[Any] = ()) -> Any:
        try:
            async with self._db.execute(sql, params) as cur:
                return await cur.fetchone()
        except sqlite3.Error as e:
            raise store_error(self.path, e) from e
