"""The SQLite store: one file, one process, the embedded default.

One aiosqlite connection (one worker thread) in WAL mode with ``synchronous=NORMAL``,
``foreign_keys=ON`` and a ``busy_timeout``. Autocommit mode with explicit ``BEGIN IMMEDIATE``:
every multi-statement write runs inside ``self._write()``, which holds an asyncio lock, so there is
exactly one writer and a transaction never interleaves with another coroutine's statements (the
advisory ``Lock``s PostgreSQL needs mean nothing more here). Hot paths batch: a feed's items are
looked up with a few ``IN (…)`` queries and written with ``executemany``, so the cost per feed is
a handful of thread hops, not one per row.

The schema is versioned with ``PRAGMA user_version``; ``migrations/NNNN_name.sql`` files each
carry their own ``BEGIN … PRAGMA user_version = N; COMMIT``. Datetimes are stored as ISO-8601 UTC
text, which sorts chronologically; ``SqliteTx`` converts them on the way in.

One process per file (``bot/runlock.py``), so feed claims (``claim_due_feeds``) live in memory:
they give a poller the same answers as PostgreSQL's row leases, without a schema change.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import re
import sqlite3
from collections.abc import AsyncIterator, Iterable, Sequence
from contextlib import asynccontextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Self

import aiosqlite

from bot.core.model import Feed
from bot.storage.base import Lock, StoreBase, Tx, load_migrations, newer_schema, ts
from bot.storage.channels import ChannelStore
from bot.storage.digests import DigestStore
from bot.storage.errors import StoreError
from bot.storage.feeds import FeedStore
from bot.storage.retention import RetentionStore
from bot.storage.splits import SplitStore
from bot.storage.sqlite.diagnose import store_error
from bot.storage.stories import StoryStore

log = logging.getLogger(__name__)


def _values(params: Sequence[Any]) -> tuple[Any, ...]:
    return tuple(ts(v) if isinstance(v, datetime) else v for v in params)


async def _enable_wal(db: aiosqlite.Connection, busy_timeout_ms: int) -> None:
    """``PRAGMA journal_mode = WAL``, retried for up to the busy timeout.

    While another connection is creating the same new file or switching it to WAL (the bot and a
    cron CLI command starting together), SQLite can answer "database is locked" at once, without
    calling its busy handler; every other statement waits through ``busy_timeout`` by itself.
    """
    loop = asyncio.get_running_loop()
    deadline = loop.time() + busy_timeout_ms / 1000
    delay = 0.005
    while True:
        try:
            await db.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as e:
            if "locked" not in str(e) or loop.time() + delay > deadline:
                raise
        await asyncio.sleep(delay)
        delay = min(delay * 2, 0.1)


class SqliteTx:
    """``Tx`` over the aiosqlite connection: datetimes become sortable UTC text."""

    def __init__(self, db: aiosqlite.Connection) -> None:
        self._db = db

    async def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        cur = await self._db.execute(sql, _values(params))
        return cur.rowcount

    async def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        await self._db.executemany(sql, [_values(r) for r in rows])

    async def fetchone(self, sql: str, params: Sequence[Any] = ()) -> Any:
        async with self._db.execute(sql, _values(params)) as cur:
            return await cur.fetchone()

    async def fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        async with self._db.execute(sql, _values(params)) as cur:
            return list(await cur.fetchall())


class SqliteStore(
    FeedStore, DigestStore, StoryStore, SplitStore, ChannelStore, RetentionStore, StoreBase
):
    """The bot's SQLite file, with every domain's methods."""

    HITS_AGGREGATE = "group_concat(st.topic_key || char(30) || st.terms, char(31))"
    ID_LIST = "(SELECT value FROM json_each(?))"

    def __init__(self, db: aiosqlite.Connection, path: Path) -> None:
        self._db = db
        self._path = path
        self._lock = asyncio.Lock()
        self._tx = SqliteTx(db)
        self._claims: dict[int, tuple[str, datetime]] = {}  # feed id -> (owner, until)
        self._story_ids_reserved = 0  # reserve_story_ids hands out ids below this once

    @classmethod
    async def open(cls, target: str | os.PathLike[str], *, busy_timeout_ms: int = 5000) -> Self:
        """Open (creating and migrating) the SQLite file ``target``."""
        path = Path(target)
        if str(target).startswith(("postgresql:", "postgres:")):
            raise StoreError(f"{target!r} is a PostgreSQL URL, not a file: use open_store")
        if str(path) != ":memory:":
            path.parent.mkdir(parents=True, exist_ok=True)
        try:
            db = await aiosqlite.connect(path, isolation_level=None)
        except sqlite3.Error as e:
            raise store_error(path, e) from e
        try:
            db.row_factory = aiosqlite.Row
            await db.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
            await _enable_wal(db, busy_timeout_ms)
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

    @property
    def path(self) -> Path:
        return self._path

    async def close(self) -> None:
        """Wait for the writer, then close; this always ends aiosqlite's worker thread."""
        async with self._lock:
            await self._db.close()
        # aiosqlite stops its worker after close() but does not join it; join it so that the
        # process can always exit cleanly (issue 3). ``_thread`` is aiosqlite's own attribute.
        worker = getattr(self._db, "_thread", None)
        if worker is not None and worker.is_alive():
            await asyncio.to_thread(worker.join, 5.0)

    # -- schema -------------------------------------------------------------------------------

    async def schema_version(self) -> int:
        row = await self._fetchone("PRAGMA user_version")
        return int(row[0]) if row else 0

    async def _migrate(self) -> None:
        migrations = load_migrations("sqlite")
        current = await self.schema_version()
        latest = migrations[-1].version if migrations else 0
        if current > latest:
            raise newer_schema(str(self.path), current, latest)
        for migration in migrations:
            if migration.version <= current:
                continue
            async with self._lock:
                try:
                    applied = await self._apply(migration.version, migration.sql)
                except BaseException:
                    if self._db.in_transaction:
                        await self._db.execute("ROLLBACK")
                    raise
            if applied:
                log.info("migrated database=%s version=%d", self.path, migration.version)

    async def _apply(self, version: int, sql: str) -> bool:
        """Apply one migration unless another process did it first.

        Two processes opening an older file at once (the bot and a CLI command from cron) both
        see the old version; the version is therefore read again inside ``BEGIN IMMEDIATE``,
        which only one writer holds at a time, and the migration's statements run in that
        transaction (its own ``BEGIN;``/``COMMIT;`` lines are the house style of the files).
        Found by the soak: the second process failed with "duplicate column name".
        """
        await self._db.execute("BEGIN IMMEDIATE")
        async with self._db.execute("PRAGMA user_version") as cur:
            row = await cur.fetchone()
        if row is not None and int(row[0]) >= version:
            await self._db.execute("ROLLBACK")
            return False
        for statement in _statements(sql):
            await self._db.execute(statement)
        await self._db.execute("COMMIT")
        return True

    # -- transactions and dialect -------------------------------------------------------------

    @asynccontextmanager
    async def _write(self, *locks: Lock) -> AsyncIterator[Tx]:
        """One write transaction; the asyncio lock and BEGIN IMMEDIATE make it the only writer,
        so ``locks`` are held already."""
        async with self._lock:
            try:
                await self._db.execute("BEGIN IMMEDIATE")
                try:
                    yield self._tx
                except BaseException:
                    if self._db.in_transaction:
                        await self._db.execute("ROLLBACK")
                    raise
                await self._db.execute("COMMIT")
            except sqlite3.Error as e:
                raise store_error(self.path, e) from e

    async def _fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        try:
            return await self._tx.fetchall(sql, params)
        except sqlite3.Error as e:
            raise store_error(self.path, e) from e

    async def _fetchone(self, sql: str, params: Sequence[Any] = ()) -> Any:
        try:
            return await self._tx.fetchone(sql, params)
        except sqlite3.Error as e:
            raise store_error(self.path, e) from e

    def _id_list(self, ids: Iterable[int]) -> Any:
        return json.dumps([int(i) for i in ids])

    async def _new_item_ids(self, tx: Tx, count: int) -> list[int]:
        row = await tx.fetchone("SELECT coalesce(max(id), 0) FROM items")
        first = int(row[0]) + 1
        return list(range(first, first + count))

    async def _defer_foreign_keys(self, tx: Tx) -> None:
        await tx.execute("PRAGMA defer_foreign_keys = ON")

    # -- one process: claims and story ids in memory -------------------------------------------

    async def claim_due_feeds(
        self, owner: str, now: datetime, *, lease: timedelta, limit: int = 100
    ) -> list[Feed]:
        """Due feeds no unexpired claim holds, at most ``limit``, claimed for ``owner`` until
        ``now + lease``; a fetch recorded for a feed (or ``release_feeds``) ends its claim."""
        picked: list[Feed] = []
        for feed in await self.due_feeds(now):
            held = self._claims.get(feed.id)
            if held is not None and held[1] > now:
                continue
            self._claims[feed.id] = (owner, now + lease)
            picked.append(feed)
            if len(picked) == limit:
                break
        return picked

    async def release_feeds(self, owner: str, feed_ids: Sequence[int]) -> int:
        """End ``owner``'s claims on feeds it did not fetch after all; returns how many."""
        released = [i for i in feed_ids if self._claims.get(i, ("", None))[0] == owner]
        for feed_id in released:
            del self._claims[feed_id]
        return len(released)

    async def feed_lease_holders(self, now: datetime) -> list[str]:
        return sorted({owner for owner, until in self._claims.values() if until > now})

    async def release_leases_of(self, owner: str) -> int:
        held = [feed_id for feed_id, (who, _) in self._claims.items() if who == owner]
        return await self.release_feeds(owner, held)

    async def _lock_document(self, tx: Tx, feed_id: int, urls: Iterable[str]) -> None:
        """Nothing to wait for: this transaction is the only writer."""

    def _fetches_recorded(self, feed_ids: Iterable[int]) -> None:
        for feed_id in feed_ids:
            self._claims.pop(feed_id, None)

    async def reserve_story_ids(self, count: int) -> int:
        """The first of ``count`` consecutive story ids no other caller of this store gets."""
        first = max(await self.next_story_id(), self._story_ids_reserved)
        self._story_ids_reserved = first + count
        return first

    async def table_rows(
        self, table: str, columns: Sequence[str], *, batch: int = 5000
    ) -> AsyncIterator[list[tuple[Any, ...]]]:
        """Every row of ``table`` (these columns, stored values), ``batch`` at a time: what
        ``postgres.copy`` reads, without holding a large table in memory."""
        try:
            async with self._db.execute(f"SELECT {', '.join(columns)} FROM {table}") as cur:
                while rows := await cur.fetchmany(batch):
                    yield [tuple(r) for r in rows]
        except sqlite3.Error as e:
            raise store_error(self.path, e) from e

    # -- size ---------------------------------------------------------------------------------

    def database_bytes(self) -> int:
        """The database's size on disk, with its write-ahead log."""
        return sum(
            part.stat().st_size
            for part in (self.path, Path(f"{self.path}-wal"))
            if str(self.path) != ":memory:" and part.exists()
        )

    async def size_bytes(self) -> int:
        return self.database_bytes()


_TRANSACTION_CONTROL = re.compile(r"(?i)(BEGIN|COMMIT)\s*;")


def _statements(sql: str) -> list[str]:
    """A migration file's statements, without its whole-line comments and its own
    ``BEGIN;``/``COMMIT;`` (``_apply`` runs them in its transaction). ``complete_statement``
    is SQLite's own test of where a statement ends, so a trigger body's ``;`` stays inside."""
    out: list[str] = []
    pending = ""
    for line in sql.splitlines(keepends=True):
        if not pending and line.lstrip().startswith("--"):
            continue
        pending += line
        if sqlite3.complete_statement(pending):
            statement = pending.strip()
            pending = ""
            if not _TRANSACTION_CONTROL.fullmatch(statement):
                out.append(statement)
    if pending.strip():
        out.append(pending.strip())
    return out
