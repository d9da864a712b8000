"""The SQLite store: the only module with SQL.

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
import re
from collections.abc import AsyncIterator, Iterable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from importlib import resources
from pathlib import Path
from types import TracebackType
from typing import Any

import aiosqlite

from bot.core.model import Feed, FeedStatus, Item
from bot.errors import BotError, UserError

log = logging.getLogger(__name__)

SAME_TITLE_WINDOW = timedelta(hours=48)  # issue 3: same normalized title in one feed within 48 h
_MIGRATION_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")
_SQL_VARS = 500  # stay well under SQLite's bound-parameter limit per IN (…) query


class SchemaError(BotError):
    """The database file cannot be used by this version of the bot."""


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
    for entry in resources.files("bot.migrations").iterdir():
        match = _MIGRATION_NAME.match(entry.name)
        if match:
            found.append(Migration(int(match.group(1)), entry.name, entry.read_text("utf-8")))
    found.sort(key=lambda m: m.version)
    for expected, migration in enumerate(found, start=1):
        if migration.version != expected:
            raise SchemaError(f"migration {migration.name}: expected version {expected}")
    return found


@dataclass(frozen=True, slots=True)
class FeedUpdate:
    """The bookkeeping written after one fetch attempt (decided by ``ingest`` from ``policy``)."""

    fetched_at: datetime
    next_fetch_at: datetime
    status: FeedStatus
    etag: str | None = None
    last_modified: str | None = None
    success: bool = True
    error_count: int = 0
    error_kind: str | None = None
    last_error: str | None = None
    failing_since_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class StoredItem:
    """An item as stored, with its row id; ``backlog`` items never reach a digest."""

    id: int
    item: Item
    backlog: bool


@dataclass(frozen=True, slots=True)
class SaveResult:
    new_items: tuple[StoredItem, ...]
    known: int
    """Entries already stored (same feed identity, same canonical link or same title)."""


_FEED_COLUMNS = (
    "id, url, name, status, etag, last_modified, added_at, next_fetch_at, last_fetch_at, "
    "last_success_at, error_count, error_kind, last_error, failing_since_at, scope, "
    "(SELECT count(*) FROM item_sources s WHERE s.feed_id = feeds.id) AS item_count"
)


def _feed(row: Any) -> Feed:
    return Feed(
        id=row["id"],
        url=row["url"],
        name=row["name"],
        status=FeedStatus(row["status"]),
        etag=row["etag"],
        last_modified=row["last_modified"],
        added_at=from_ts(row["added_at"]),
        next_fetch_at=from_ts(row["next_fetch_at"]),
        last_fetch_at=opt_ts(row["last_fetch_at"]),
        last_success_at=opt_ts(row["last_success_at"]),
        error_count=row["error_count"],
        error_kind=row["error_kind"],
        last_error=row["last_error"],
        failing_since_at=opt_ts(row["failing_since_at"]),
        item_count=row["item_count"],
        scope=row["scope"],
    )


def _chunks(values: Sequence[str]) -> Iterable[Sequence[str]]:
    for start in range(0, len(values), _SQL_VARS):
        yield values[start : start + _SQL_VARS]


class Store:
    """Async access to the bot's SQLite file. Use ``async with await Store.open(path)``."""

    def __init__(self, db: aiosqlite.Connection, path: Path) -> None:
        self._db = db
        self.path = path
        self._lock = asyncio.Lock()

    @classmethod
    async def open(cls, path: Path | str, *, busy_timeout_ms: int = 5000) -> Store:
        path = Path(path)
        if str(path) != ":memory:":
            path.parent.mkdir(parents=True, exist_ok=True)
        db = await aiosqlite.connect(path, isolation_level=None)
        try:
            db.row_factory = aiosqlite.Row
            await db.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
            await db.execute("PRAGMA journal_mode = WAL")
            await db.execute("PRAGMA synchronous = NORMAL")
            await db.execute("PRAGMA foreign_keys = ON")
            store = cls(db, path)
            await store._migrate()
        except BaseException:
            await db.close()
            raise
        return store

    async def close(self) -> None:
        """Wait for the writer, then close; this always ends aiosqlite's worker thread."""
        async with self._lock:
            await self._db.close()

    async def __aenter__(self) -> Store:
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
        async with self._db.execute("PRAGMA user_version") as cur:
            row = await cur.fetchone()
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
            await self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                await self._db.execute("ROLLBACK")
                raise
            await self._db.execute("COMMIT")

    async def _fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        async with self._db.execute(sql, params) as cur:
            return list(await cur.fetchall())

    async def _fetchone(self, sql: str, params: Sequence[Any] = ()) -> Any:
        async with self._db.execute(sql, params) as cur:
            return await cur.fetchone()

    # -- feeds --------------------------------------------------------------------------------

    async def add_feed(
        self, url: str, name: str, now: datetime, *, scope: str | None = None
    ) -> Feed:
        """Add a feed due at once; a URL already present is a ``UserError``."""
        async with self._write() as db:
            existing = await self._fetchone("SELECT id, name FROM feeds WHERE url = ?", (url,))
            if existing is not None:
                raise UserError(f"feed {url} is already added (id {existing['id']}, {existing['name']!r})")
            cur = await db.execute(
                "INSERT INTO feeds (url, name, scope, added_at, next_fetch_at) VALUES (?, ?, ?, ?, ?)",
                (url, name, scope, ts(now), ts(now)),
            )
            feed_id = cur.lastrowid
        feed = await self.get_feed(int(feed_id or 0))
        assert feed is not None  # noqa: S101 - just inserted under the writer lock
        return feed

    async def get_feed(self, feed_id: int) -> Feed | None:
        row = await self._fetchone(f"SELECT {_FEED_COLUMNS} FROM feeds WHERE id = ?", (feed_id,))
        return None if row is None else _feed(row)

    async def feed_by_url(self, url: str) -> Feed | None:
        row = await self._fetchone(f"SELECT {_FEED_COLUMNS} FROM feeds WHERE url = ?", (url,))
        return None if row is None else _feed(row)

    async def list_feeds(self, *, scope: str | None = None) -> list[Feed]:
        if scope is None:
            rows = await self._fetchall(f"SELECT {_FEED_COLUMNS} FROM feeds ORDER BY id")
        else:
            rows = await self._fetchall(
                f"SELECT {_FEED_COLUMNS} FROM feeds WHERE scope IS NULL OR scope = ? ORDER BY id",
                (scope,),
            )
        return [_feed(r) for r in rows]

    async def remove_feed(self, feed_id: int) -> bool:
        """Remove a feed and its sources; items stay, so stories and sent digests stay intact."""
        async with self._write() as db:
            cur = await db.execute("DELETE FROM feeds WHERE id = ?", (feed_id,))
            return cur.rowcount > 0

    async def due_feeds(self, now: datetime, *, feed_ids: Sequence[int] | None = None) -> list[Feed]:
        if feed_ids is not None:
            marks = ",".join("?" * len(feed_ids))
            rows = await self._fetchall(
                f"SELECT {_FEED_COLUMNS} FROM feeds WHERE id IN ({marks}) ORDER BY id", feed_ids
            )
        else:
            rows = await self._fetchall(
                f"SELECT {_FEED_COLUMNS} FROM feeds "
                "WHERE status != 'paused' AND next_fetch_at <= ? ORDER BY next_fetch_at, id",
                (ts(now),),
            )
        return [_feed(r) for r in rows]

    async def resume_feed(self, feed_id: int, now: datetime) -> bool:
        async with self._write() as db:
            cur = await db.execute(
                "UPDATE feeds SET status = 'ok', error_count = 0, error_kind = NULL, "
                "last_error = NULL, failing_since_at = NULL, next_fetch_at = ? WHERE id = ?",
                (ts(now), feed_id),
            )
            return cur.rowcount > 0

    async def record_fetch_state(self, updates: Sequence[tuple[int, FeedUpdate]]) -> None:
        """Write the bookkeeping of many fetches (304s, failures) in one transaction."""
        if not updates:
            return
        async with self._write() as db:
            await db.executemany(_UPDATE_FEED_SQL, [_update_params(fid, u) for fid, u in updates])

    async def save_fetch(
        self, feed_id: int, items: Sequence[Item], update: FeedUpdate
    ) -> SaveResult:
        """Store one fetched document's items and the feed's new state in one transaction.

        An item already known is not stored again: same (feed, identity), else the same canonical
        link anywhere (a second source for the same item), else the same normalized title in this
        feed within 48 h (a republished item with a new guid or a lightly edited title). The first
        successful fetch of a feed stores its items as backlog, so they never flood a digest.
        """
        async with self._write() as db:
            row = await self._fetchone("SELECT backlog_done FROM feeds WHERE id = ?", (feed_id,))
            if row is None:
                raise UserError(f"feed {feed_id} no longer exists")
            backlog = not row["backlog_done"]
            known_ids = await self._known_identities(feed_id, [i.identity for i in items])
            by_url = await self._items_by_url([i.url for i in items if i.url])
            by_title = await self._items_by_title(feed_id, [i.title_key for i in items if i.title_key])
            row = await self._fetchone("SELECT coalesce(max(id), 0) FROM items")
            next_id = int(row[0]) + 1
            new_rows: list[tuple[Any, ...]] = []
            sources: list[tuple[int, str, int, str]] = []
            new_items: list[StoredItem] = []
            known = 0
            for item in items:
                if item.identity in known_ids:
                    known += 1
                    continue
                target = by_url.get(item.url) if item.url else None
                if target is None:
                    target = _same_title(by_title.get(item.title_key, ()), item.published_at)
                if target is None:
                    target = next_id
                    next_id += 1
                    new_rows.append(_item_params(target, item, backlog))
                    new_items.append(StoredItem(target, item, backlog))
                    if item.url:
                        by_url[item.url] = target
                    by_title.setdefault(item.title_key, []).append((target, item.published_at))
                else:
                    known += 1
                known_ids.add(item.identity)
                sources.append((feed_id, item.identity, target, ts(item.first_seen_at)))
            if new_rows:
                await db.executemany(_INSERT_ITEM_SQL, new_rows)
            if sources:
                await db.executemany(
                    "INSERT OR IGNORE INTO item_sources (feed_id, identity, item_id, first_seen_at) "
                    "VALUES (?, ?, ?, ?)",
                    sources,
                )
            await db.execute(_UPDATE_FEED_SQL, _update_params(feed_id, update))
            if update.success:
                await db.execute("UPDATE feeds SET backlog_done = 1 WHERE id = ?", (feed_id,))
        return SaveResult(tuple(new_items), known)

    async def _known_identities(self, feed_id: int, identities: Sequence[str]) -> set[str]:
        found: set[str] = set()
        for chunk in _chunks(identities):
            marks = ",".join("?" * len(chunk))
            rows = await self._fetchall(
                f"SELECT identity FROM item_sources WHERE feed_id = ? AND identity IN ({marks})",
                (feed_id, *chunk),
            )
            found.update(r[0] for r in rows)
        return found

    async def _items_by_url(self, urls: Sequence[str]) -> dict[str, int]:
        found: dict[str, int] = {}
        for chunk in _chunks(urls):
            marks = ",".join("?" * len(chunk))
            rows = await self._fetchall(f"SELECT url, id FROM items WHERE url IN ({marks})", chunk)
            found.update((r[0], r[1]) for r in rows)
        return found

    async def _items_by_title(
        self, feed_id: int, keys: Sequence[str]
    ) -> dict[str, list[tuple[int, datetime]]]:
        found: dict[str, list[tuple[int, datetime]]] = {}
        for chunk in _chunks(keys):
            marks = ",".join("?" * len(chunk))
            rows = await self._fetchall(
                "SELECT i.title_key, i.id, i.published_at FROM items i "
                "JOIN item_sources s ON s.item_id = i.id "
                f"WHERE s.feed_id = ? AND i.title_key IN ({marks})",
                (feed_id, *chunk),
            )
            for r in rows:
                found.setdefault(r[0], []).append((r[1], from_ts(r[2])))
        return found

    # -- items --------------------------------------------------------------------------------

    async def count_items(self) -> int:
        row = await self._fetchone("SELECT count(*) FROM items")
        return int(row[0])

    async def item_ids_for_feed(self, feed_id: int) -> list[int]:
        rows = await self._fetchall(
            "SELECT item_id FROM item_sources WHERE feed_id = ? ORDER BY item_id", (feed_id,)
        )
        return [r[0] for r in rows]

    async def get_items(self, item_ids: Sequence[int]) -> list[StoredItem]:
        out: list[StoredItem] = []
        for chunk in _chunks([str(i) for i in item_ids]):
            marks = ",".join("?" * len(chunk))
            rows = await self._fetchall(
                f"SELECT {_ITEM_COLUMNS} FROM items WHERE id IN ({marks}) ORDER BY id",
                [int(i) for i in chunk],
            )
            out.extend(_stored_item(r) for r in rows)
        return out

    async def item_sources(self, item_id: int) -> list[tuple[int, str]]:
        """(feed id, identity) pairs under which an item was seen."""
        rows = await self._fetchall(
            "SELECT feed_id, identity FROM item_sources WHERE item_id = ? ORDER BY feed_id",
            (item_id,),
        )
        return [(r[0], r[1]) for r in rows]

    async def last_fetch_at(self) -> datetime | None:
        row = await self._fetchone("SELECT max(last_success_at) FROM feeds")
        return opt_ts(row[0]) if row else None


_ITEM_COLUMNS = (
    "id, url, title, summary, title_key, published_at, first_seen_at, date_estimated, author, "
    "backlog, (SELECT identity FROM item_sources s WHERE s.item_id = items.id LIMIT 1) AS identity"
)

_INSERT_ITEM_SQL = (
    "INSERT INTO items (id, url, title, summary, title_key, published_at, first_seen_at, "
    "date_estimated, author, backlog) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)

_UPDATE_FEED_SQL = (
    "UPDATE feeds SET last_fetch_at = ?, next_fetch_at = ?, status = ?, "
    "etag = CASE WHEN ? THEN ? ELSE etag END, "
    "last_modified = CASE WHEN ? THEN ? ELSE last_modified END, "
    "last_success_at = CASE WHEN ? THEN ? ELSE last_success_at END, "
    "error_count = ?, error_kind = ?, last_error = ?, failing_since_at = ? WHERE id = ?"
)


def _update_params(feed_id: int, u: FeedUpdate) -> tuple[Any, ...]:
    return (
        ts(u.fetched_at),
        ts(u.next_fetch_at),
        u.status.value,
        u.success,
        u.etag,
        u.success,
        u.last_modified,
        u.success,
        ts(u.fetched_at),
        u.error_count,
        u.error_kind,
        u.last_error,
        None if u.failing_since_at is None else ts(u.failing_since_at),
        feed_id,
    )


def _item_params(item_id: int, item: Item, backlog: bool) -> tuple[Any, ...]:
    return (
        item_id,
        item.url,
        item.title,
        item.summary,
        item.title_key,
        ts(item.published_at),
        ts(item.first_seen_at),
        item.date_estimated,
        item.author,
        backlog,
    )


def _stored_item(row: Any) -> StoredItem:
    item = Item(
        identity=row["identity"] or "",
        url=row["url"],
        title=row["title"],
        summary=row["summary"],
        published_at=from_ts(row["published_at"]),
        first_seen_at=from_ts(row["first_seen_at"]),
        date_estimated=bool(row["date_estimated"]),
        title_key=row["title_key"],
        author=row["author"],
    )
    return StoredItem(row["id"], item, bool(row["backlog"]))


def _same_title(candidates: Iterable[tuple[int, datetime]], published_at: datetime) -> int | None:
    for item_id, other_at in candidates:
        if abs(other_at - published_at) <= SAME_TITLE_WINDOW:
            return item_id
    return None
