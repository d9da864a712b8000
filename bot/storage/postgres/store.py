"""The PostgreSQL store: several bot processes on one database (issue 18).

A small asyncpg pool per process. Reads take any pooled connection; writes go through
``_write(*locks)``: one writer per process (an asyncio lock, as in SQLite), one transaction at
READ COMMITTED on one connection, which first takes the advisory locks it names
(``pg_advisory_xact_lock``, released at COMMIT or ROLLBACK, always in ``Lock`` order so two
transactions never wait on each other in a cycle). Which writes lock what, and why, is said in
``base.Lock`` and the domain modules; every other write is a single conditional statement whose
row locks are enough (a digest claim, a mark, a meta value).

Where PostgreSQL does what SQLite does differently: new item ids come from the ``items`` identity
sequence; story ids are reserved in blocks from a counter row (``reserve_story_ids``); a feed's
poll is leased with ``SELECT … FOR UPDATE SKIP LOCKED`` and a ``lease_until`` time
(``claim_due_feeds``), ended by the UPDATE that records the fetch (``FEED_RELEASE``), so a killed
process's leases expire and another process takes them over; foreign keys between stories and
items are ``DEFERRABLE`` and retention defers them with ``SET CONSTRAINTS``.

Migrations are this folder's own numbered files, each with its own ``BEGIN … COMMIT`` that also
records its number in ``schema_migrations``; a session advisory lock lets one starting process
migrate while the others wait, and a database newer than this bot is refused. ``busy_timeout_ms``
is PostgreSQL's ``lock_timeout``: how long a write waits for a lock another process holds, as in
SQLite.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import AsyncIterator, Iterable, Sequence
from contextlib import asynccontextmanager
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Self

import asyncpg

from bot.core.model import Feed
from bot.storage.backends import is_postgres_url, redact_url
from bot.storage.base import Lock, StoreBase, Tx, load_migrations, newer_schema
from bot.storage.channels import ChannelStore
from bot.storage.digests import DigestStore
from bot.storage.errors import StoreError
from bot.storage.feeds import FEED_COLUMNS, FeedStore, feed_record
from bot.storage.postgres.driver import DRIVER_ERRORS, PgTx, store_error
from bot.storage.retention import RetentionStore
from bot.storage.splits import SplitStore
from bot.storage.stories import StoryStore

if TYPE_CHECKING:
    from bot.storage.postgres.driver import Connection

log = logging.getLogger(__name__)

LOCK_SPACE = 0x4E44  # "ND": the first key of the advisory locks below
MIGRATE_LOCK = 0  # the second key while migrating (``Lock`` values are 1…4)
FEED_SPACE = 0x4E45  # (FEED_SPACE, feed id): a feed's document is being stored
LINK_SPACE = 0x4E46  # (LINK_SPACE, hashtext(url)): a document carrying this link is
LINK_LOCKS = 256  # more links than this: the document takes Lock.ITEMS whole
STORY_IDS_KEY = "story_ids"  # meta key: the next story id not yet reserved
CONNECT_TIMEOUT_S = 10.0
POOL_SIZE = 4  # reads beside the one writer; a poll's reads are short


class PostgresStore(
    FeedStore, DigestStore, StoryStore, SplitStore, ChannelStore, RetentionStore, StoreBase
):
    """A PostgreSQL database, with every domain's methods."""

    HITS_AGGREGATE = (
        "string_agg(st.topic_key || chr(30) || st.terms, chr(31) ORDER BY st.topic_key)"
    )
    ID_LIST = "(SELECT unnest(CAST(? AS bigint[])))"
    FEED_RELEASE = ", lease_owner = NULL, lease_until = NULL"

    def __init__(self, pool: asyncpg.Pool[Any], url: str) -> None:
        self._pool = pool
        self._where = redact_url(url)
        self._lock = asyncio.Lock()
        self._size = 0

    @classmethod
    async def open(
        cls,
        target: str | os.PathLike[str],
        *,
        busy_timeout_ms: int = 5000,
        pool_size: int = POOL_SIZE,
    ) -> Self:
        """Connect to the ``postgresql://`` URL ``target`` and migrate its schema."""
        url = os.fspath(target)
        if not is_postgres_url(url):
            raise StoreError(f"{url!r} is not a postgresql:// URL")
        where = redact_url(url)
        try:
            pool = await asyncpg.create_pool(
                url,
                min_size=1,
                max_size=pool_size,
                timeout=CONNECT_TIMEOUT_S,
                server_settings={
                    "lock_timeout": f"{max(int(busy_timeout_ms), 1)}ms",
                    "application_name": "news-digest-bot",
                },
            )
        except DRIVER_ERRORS as e:
            raise store_error(where, e) from e
        store = cls(pool, url)
        try:
            await store._migrate()
            await store.size_bytes()
        except BaseException as e:
            await pool.close()
            if isinstance(e, DRIVER_ERRORS):
                raise store_error(where, e) from e
            raise
        return store

    @property
    def path(self) -> str:
        return self._where

    async def close(self) -> None:
        """Wait for the writer, then close every pooled connection."""
        async with self._lock:
            await self._pool.close()

    # -- schema -------------------------------------------------------------------------------

    async def schema_version(self) -> int:
        async with self._pool.acquire() as con:
            return await _version(con)

    async def _migrate(self) -> None:
        migrations = load_migrations("postgres")
        latest = migrations[-1].version if migrations else 0
        async with self._pool.acquire() as con:
            # one process migrates at a time; the others wait here, then find nothing to do
            await con.execute("SELECT pg_advisory_lock($1, $2)", LOCK_SPACE, MIGRATE_LOCK)
            try:
                current = await _version(con)
                if current > latest:
                    raise newer_schema(self.path, current, latest)
                for migration in migrations[current:]:
                    try:
                        await con.execute(migration.sql)
                    except BaseException:
                        if con.is_in_transaction():
                            await con.execute("ROLLBACK")
                        raise
                    log.info("migrated database=%s version=%d", self.path, migration.version)
            finally:
                await con.execute("SELECT pg_advisory_unlock($1, $2)", LOCK_SPACE, MIGRATE_LOCK)

    # -- transactions and dialect -------------------------------------------------------------

    @asynccontextmanager
    async def _write(self, *locks: Lock) -> AsyncIterator[Tx]:
        async with self._lock:
            try:
                async with self._pool.acquire() as con, con.transaction():
                    for lock in sorted(set(locks)):
                        await con.execute(
                            "SELECT pg_advisory_xact_lock($1, $2)", LOCK_SPACE, int(lock)
                        )
                    yield PgTx(con)
            except DRIVER_ERRORS as e:
                raise store_error(self.path, e) from e

    async def _fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        try:
            async with self._pool.acquire() as con:
                return await PgTx(con).fetchall(sql, params)
        except DRIVER_ERRORS as e:
            raise store_error(self.path, e) from e

    async def _fetchone(self, sql: str, params: Sequence[Any] = ()) -> Any:
        try:
            async with self._pool.acquire() as con:
                return await PgTx(con).fetchone(sql, params)
        except DRIVER_ERRORS as e:
            raise store_error(self.path, e) from e

    def _id_list(self, ids: Iterable[int]) -> Any:
        return [int(i) for i in ids]

    async def _new_item_ids(self, tx: Tx, count: int) -> list[int]:
        rows = await tx.fetchall(
            "SELECT nextval(pg_get_serial_sequence('items', 'id')) FROM generate_series(1, ?)",
            (count,),
        )
        return [int(r[0]) for r in rows]

    async def _defer_foreign_keys(self, tx: Tx) -> None:
        await tx.execute("SET CONSTRAINTS ALL DEFERRED")

    # -- several processes: feed leases and story ids -----------------------------------------

    async def claim_due_feeds(
        self, owner: str, now: datetime, *, lease: timedelta, limit: int = 100
    ) -> list[Feed]:
        """Lease up to ``limit`` due feeds to ``owner`` until ``now + lease``: feeds another
        transaction is leasing at this moment are skipped (SKIP LOCKED), not waited for, and
        a lease that has expired (its holder died) is taken over."""
        async with self._write() as tx:
            return await _claim_due(tx, owner, now, now + lease, limit)

    async def release_feeds(self, owner: str, feed_ids: Sequence[int]) -> int:
        """End ``owner``'s leases on feeds it did not fetch after all; returns how many."""
        async with self._write() as tx:
            return await tx.execute(
                "UPDATE feeds SET lease_owner = NULL, lease_until = NULL "
                f"WHERE id IN {self.ID_LIST} AND lease_owner = ?",
                (self._id_list(feed_ids), owner),
            )

    async def _lock_document(self, tx: Tx, feed_id: int, urls: Iterable[str]) -> None:
        """``Lock.ITEMS`` shared, then the feed's lock and one lock per link (a hash of it), in
        key order so two documents never wait on each other in a cycle. A document with more
        links than ``LINK_LOCKS`` holds ``Lock.ITEMS`` alone instead, which bounds what one
        transaction takes from the server's lock table (``max_locks_per_transaction``)."""
        links = sorted(set(urls))
        if len(links) > LINK_LOCKS:
            await tx.execute("SELECT pg_advisory_xact_lock(?, ?)", (LOCK_SPACE, int(Lock.ITEMS)))
            return
        await tx.execute("SELECT pg_advisory_xact_lock_shared(?, ?)", (LOCK_SPACE, int(Lock.ITEMS)))
        await tx.execute("SELECT pg_advisory_xact_lock(?, ?)", (FEED_SPACE, feed_id % 2**31))
        await tx.execute(
            "SELECT count(pg_advisory_xact_lock(?, h)) FROM (SELECT DISTINCT hashtext(u) AS h "
            "FROM unnest(CAST(? AS text[])) AS u ORDER BY h) AS keys",
            (LINK_SPACE, links),
        )

    def _fetches_recorded(self, feed_ids: Iterable[int]) -> None:
        """Nothing to do: ``FEED_RELEASE`` ended the leases in the UPDATE itself."""

    async def next_story_id(self) -> int:
        row = await self._fetchone(
            "SELECT greatest((SELECT coalesce(max(id), 0) + 1 FROM stories), "
            "(SELECT CAST(value AS BIGINT) FROM meta WHERE key = ?))",
            (STORY_IDS_KEY,),
        )
        return int(row[0])

    async def reserve_story_ids(self, count: int) -> int:
        """The first of ``count`` consecutive story ids no other process gets: one statement
        that moves a counter row (the row lock orders concurrent reservations), never below
        the stories already stored."""
        async with self._write() as tx:
            row = await tx.fetchone(
                "INSERT INTO meta (key, value) VALUES "
                "(?, CAST((SELECT coalesce(max(id), 0) + 1 FROM stories) + ? AS TEXT)) "
                "ON CONFLICT (key) DO UPDATE SET value = CAST(greatest(CAST(meta.value AS BIGINT), "
                "(SELECT coalesce(max(id), 0) + 1 FROM stories)) + ? AS TEXT) "
                "RETURNING CAST(value AS BIGINT) - ?",
                (STORY_IDS_KEY, count, count, count),
            )
        return int(row[0])

    # -- size ---------------------------------------------------------------------------------

    def database_bytes(self) -> int:
        """The database's size as last measured (at open and by ``size_bytes``)."""
        return self._size

    async def size_bytes(self) -> int:
        row = await self._fetchone("SELECT pg_database_size(current_database())")
        self._size = int(row[0])
        return self._size


async def _version(con: Connection) -> int:
    if await con.fetchval("SELECT to_regclass('schema_migrations')") is None:
        return 0
    return int(await con.fetchval("SELECT coalesce(max(version), 0) FROM schema_migrations"))


async def _claim_due(tx: Tx, owner: str, now: datetime, until: datetime, limit: int) -> list[Feed]:
    """``claim_due_feeds``' one statement: the rows it leases stay locked until COMMIT, and a
    concurrent claim skips them (and finds them leased once this one commits)."""
    rows = await tx.fetchall(
        "UPDATE feeds SET lease_owner = ?, lease_until = ? WHERE id IN ("
        " SELECT id FROM feeds WHERE status != 'paused' AND next_fetch_at <= ?"
        " AND (lease_until IS NULL OR lease_until <= ?)"
        " ORDER BY next_fetch_at, id LIMIT ? FOR UPDATE SKIP LOCKED) "
        f"RETURNING {FEED_COLUMNS}",
        (owner, until, now, now, limit),
    )
    return sorted((feed_record(r) for r in rows), key=lambda f: (f.next_fetch_at, f.id))
