"""Feeds and items: adding and polling feeds, and storing every article once.

Why one module of about 500 lines: adding feeds, their fetch state and storing a document's items
with its dedupe rules happen in one transaction per fetch and are read together.

Shared by both backends (``base.py`` says how). In PostgreSQL, storing a fetched document first
waits for any other process storing the same feed or one of its links (``_lock_document``, see
``Lock.ITEMS``): its dedupe reads what earlier documents stored, so two processes storing two
feeds that carry one article must not both miss the other's item.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from bot.core.model import Feed, FeedStatus, Item
from bot.errors import UserError
from bot.storage.base import Lock, StoreBase, Tx, chunks, from_ts, marks, opt_ts
from bot.storage.errors import ConstraintError

log = logging.getLogger(__name__)

SAME_TITLE_WINDOW = timedelta(hours=48)  # issue 3: same normalized title in one feed within 48 h


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
    language: str | None = None  # the feed's declared language, kept when a fetch has none


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


FEED_COLUMNS = (
    "id, url, name, status, etag, last_modified, added_at, next_fetch_at, last_fetch_at, "
    "last_success_at, error_count, error_kind, last_error, failing_since_at, scope, "
    "(SELECT count(*) FROM item_sources s WHERE s.feed_id = feeds.id) AS item_count"
)


def feed_record(row: Any) -> Feed:
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


class FeedStore(StoreBase):
    # -- feeds --------------------------------------------------------------------------------

    async def add_feed(
        self, url: str, name: str, now: datetime, *, scope: str | None = None
    ) -> Feed:
        """Add a feed due at once; a URL already present is a ``UserError``."""
        async with self._write(Lock.SETTINGS) as tx:
            existing = await tx.fetchone("SELECT id, name FROM feeds WHERE url = ?", (url,))
            if existing is not None:
                raise UserError(
                    f"feed {url} is already added (id {existing['id']}, {existing['name']!r})"
                )
            try:
                row = await tx.fetchone(
                    "INSERT INTO feeds (url, name, scope, added_at, next_fetch_at) "
                    "VALUES (?, ?, ?, ?, ?) RETURNING id",
                    (url, name, scope, now, now),
                )
            except ConstraintError as e:  # another process added it since the check
                raise UserError(f"feed {url} is already added") from e
            await self._bump_settings(tx)
        feed = await self.get_feed(int(row[0]))
        assert feed is not None  # noqa: S101 - just inserted
        return feed

    async def rename_feed(self, feed_id: int, name: str) -> None:
        async with self._write(Lock.SETTINGS) as tx:
            await tx.execute("UPDATE feeds SET name = ? WHERE id = ?", (name, feed_id))
            await self._bump_settings(tx)

    async def get_feed(self, feed_id: int) -> Feed | None:
        row = await self._fetchone(f"SELECT {FEED_COLUMNS} FROM feeds WHERE id = ?", (feed_id,))
        return None if row is None else feed_record(row)

    async def feed_by_url(self, url: str) -> Feed | None:
        row = await self._fetchone(f"SELECT {FEED_COLUMNS} FROM feeds WHERE url = ?", (url,))
        return None if row is None else feed_record(row)

    async def list_feeds(self, *, scope: str | None = None) -> list[Feed]:
        if scope is None:
            rows = await self._fetchall(f"SELECT {FEED_COLUMNS} FROM feeds ORDER BY id")
        else:
            rows = await self._fetchall(
                f"SELECT {FEED_COLUMNS} FROM feeds WHERE scope IS NULL OR scope = ? ORDER BY id",
                (scope,),
            )
        return [feed_record(r) for r in rows]

    async def remove_feed(self, feed_id: int) -> bool:
        """Remove a feed and its sources; items stay, so stories and sent digests stay intact."""
        async with self._write(Lock.SETTINGS, Lock.ITEMS) as tx:
            removed = await tx.execute("DELETE FROM feeds WHERE id = ?", (feed_id,))
            await self._bump_settings(tx)
            return removed > 0

    async def due_feeds(
        self, now: datetime, *, feed_ids: Sequence[int] | None = None
    ) -> list[Feed]:
        if feed_ids is not None:
            rows = await self._fetchall(
                f"SELECT {FEED_COLUMNS} FROM feeds WHERE id IN ({marks(len(feed_ids))}) "
                "ORDER BY id",
                feed_ids,
            )
        else:
            rows = await self._fetchall(
                f"SELECT {FEED_COLUMNS} FROM feeds "
                "WHERE status != 'paused' AND next_fetch_at <= ? ORDER BY next_fetch_at, id",
                (now,),
            )
        return [feed_record(r) for r in rows]

    async def resume_feed(self, feed_id: int, now: datetime) -> bool:
        async with self._write(Lock.SETTINGS) as tx:
            resumed = await tx.execute(
                "UPDATE feeds SET status = 'ok', error_count = 0, error_kind = NULL, "
                "last_error = NULL, failing_since_at = NULL, next_fetch_at = ? WHERE id = ?",
                (now, feed_id),
            )
            await self._bump_settings(tx)
            return resumed > 0

    async def record_fetch_state(self, updates: Sequence[tuple[int, FeedUpdate]]) -> None:
        """Write the bookkeeping of many fetches (304s, failures) in one transaction; in
        PostgreSQL this also ends each feed's lease (``claim_due_feeds``)."""
        if not updates:
            return
        async with self._write() as tx:  # by feed id: two processes lock rows in one order
            await tx.executemany(
                _UPDATE_FEED_SQL + self.FEED_RELEASE + _WHERE_ID,
                [_update_params(fid, u) for fid, u in sorted(updates, key=lambda u: u[0])],
            )
        self._fetches_recorded(fid for fid, _ in updates)

    async def save_fetch(
        self,
        feed_id: int,
        items: Sequence[Item],
        update: FeedUpdate,
        *,
        first_fetch_is_backlog: bool = True,
    ) -> SaveResult:
        """Store one fetched document's items and the feed's new state in one transaction.

        ``items`` is the whole document (what the feed lists now). An item already known is not
        stored again (``_Dedupe`` holds the rules, issue 16): same (feed, identity); else the
        same canonical link anywhere (a second source for the same article); else the same
        normalized title in this feed within 48 h (a republished item with a new guid or a
        lightly edited title). An item of this feed that the document still lists under its own
        identity is a sibling, never a target: two distinct guids in one feed are two items
        however alike their links and titles. The first successful fetch of a feed stores its
        items as backlog, so they never flood a digest. Each "known" decision is logged at DEBUG
        with its reason.
        """
        async with self._write() as tx:
            await self._lock_document(tx, feed_id, (i.url for i in items if i.url))
            row = await tx.fetchone("SELECT backlog_done FROM feeds WHERE id = ?", (feed_id,))
            if row is None:
                raise UserError(f"feed {feed_id} no longer exists")
            backlog = first_fetch_is_backlog and not row["backlog_done"]
            dedupe = await self._dedupe_for(tx, feed_id, items)
            new: list[Item] = []  # new item k has the provisional id -(k + 1) until ids are known
            sources: list[tuple[str, int, datetime]] = []
            known = 0
            for item in items:
                target, reason = dedupe.match(item)
                if reason == _SAME_IDENTITY:
                    known += 1
                    log.debug(
                        "item known feed=%d identity=%s reason=%s", feed_id, item.identity, reason
                    )
                    continue
                if target is None:
                    new.append(item)
                    target = -len(new)
                    dedupe.listed.add(target)
                else:
                    known += 1
                    log.debug(
                        "item known feed=%d identity=%s item=%d reason=%s",
                        feed_id,
                        item.identity,
                        target,
                        reason,
                    )
                dedupe.known[item.identity] = target
                sources.append((item.identity, target, item.first_seen_at))
            ids = await self._new_item_ids(tx, len(new)) if new else []
            new_items = [StoredItem(i, item, backlog) for i, item in zip(ids, new, strict=True)]
            if new_items:
                await tx.executemany(_INSERT_ITEM_SQL, [_item_params(s) for s in new_items])
            if sources:
                await tx.executemany(
                    "INSERT INTO item_sources "
                    "(feed_id, identity, item_id, first_seen_at, last_seen_at) "
                    "VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                    [
                        (feed_id, identity, ids[-t - 1] if t < 0 else t, seen, seen)
                        for identity, t, seen in sources
                    ],
                )
            # the entries this document lists are still in the feed: not prunable (retention)
            seen_at = update.fetched_at
            await tx.executemany(
                "UPDATE item_sources SET last_seen_at = ? WHERE feed_id = ? AND identity = ?",
                [(seen_at, feed_id, i) for i in dict.fromkeys(item.identity for item in items)],
            )
            await tx.execute("UPDATE feeds SET last_read_at = ? WHERE id = ?", (seen_at, feed_id))
            await tx.execute(
                _UPDATE_FEED_SQL + self.FEED_RELEASE + _WHERE_ID, _update_params(feed_id, update)
            )
            if update.success:
                await tx.execute("UPDATE feeds SET backlog_done = TRUE WHERE id = ?", (feed_id,))
        self._fetches_recorded((feed_id,))
        return SaveResult(tuple(new_items), known)

    async def _dedupe_for(self, tx: Tx, feed_id: int, items: Sequence[Item]) -> _Dedupe:
        """Everything ``_Dedupe`` needs about the stored items this document could match."""
        identities = [i.identity for i in items]
        legacy = [_legacy_identity(i) for i in identities]
        known = await _known_identities(tx, feed_id, identities + [x for x in legacy if x])
        shared = _shared_urls(items)
        by_url = await _items_by_url(tx, [i.url for i in items if i.url and i.url not in shared])
        by_title = await _items_by_title(tx, feed_id, [i.title_key for i in items if i.title_key])
        titles = await _title_keys(tx, [v for k, v in known.items() if k not in identities])
        listed = {known[i] for i in identities if i in known}
        return _Dedupe(known, by_url, by_title, titles, listed, frozenset(shared))

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
        for chunk in chunks(item_ids):
            rows = await self._fetchall(
                f"SELECT {_ITEM_COLUMNS} FROM items WHERE id IN ({marks(len(chunk))}) ORDER BY id",
                chunk,
            )
            out.extend(_stored_item(r) for r in rows)
        return out

    async def item_languages(self, item_ids: Sequence[int]) -> dict[int, str]:
        """Item id -> the declared language of a feed that carried it (items without one absent)."""
        found: dict[int, str] = {}
        for chunk in chunks(item_ids):
            rows = await self._fetchall(
                "SELECT s.item_id, min(f.language) FROM item_sources s "
                "JOIN feeds f ON f.id = s.feed_id "
                f"WHERE s.item_id IN ({marks(len(chunk))}) AND f.language IS NOT NULL "
                "GROUP BY s.item_id",
                chunk,
            )
            found.update((int(r[0]), str(r[1])) for r in rows)
        return found

    async def recent_item_ids(self, since_at: datetime, *, limit: int = 20_000) -> list[int]:
        rows = await self._fetchall(
            "SELECT id FROM items WHERE published_at >= ? ORDER BY published_at DESC LIMIT ?",
            (since_at, limit),
        )
        return [r[0] for r in rows]

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


async def _known_identities(tx: Tx, feed_id: int, identities: Sequence[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for chunk in chunks(identities):
        rows = await tx.fetchall(
            "SELECT identity, item_id FROM item_sources "
            f"WHERE feed_id = ? AND identity IN ({marks(len(chunk))})",
            (feed_id, *chunk),
        )
        found.update((r[0], r[1]) for r in rows)
    return found


async def _items_by_url(tx: Tx, urls: Sequence[str]) -> dict[str, list[int]]:
    found: dict[str, list[int]] = {}
    for chunk in chunks(urls):
        rows = await tx.fetchall(
            f"SELECT url, id FROM items WHERE url IN ({marks(len(chunk))}) ORDER BY id", chunk
        )
        for r in rows:
            found.setdefault(r[0], []).append(r[1])
    return found


async def _title_keys(tx: Tx, item_ids: Sequence[int]) -> dict[int, str]:
    found: dict[int, str] = {}
    for chunk in chunks(item_ids):
        rows = await tx.fetchall(
            f"SELECT id, title_key FROM items WHERE id IN ({marks(len(chunk))})", chunk
        )
        found.update((r[0], r[1]) for r in rows)
    return found


async def _items_by_title(
    tx: Tx, feed_id: int, keys: Sequence[str]
) -> dict[str, list[tuple[int, datetime]]]:
    found: dict[str, list[tuple[int, datetime]]] = {}
    for chunk in chunks(keys):
        rows = await tx.fetchall(
            "SELECT i.title_key, i.id, i.published_at FROM items i "
            "JOIN item_sources s ON s.item_id = i.id "
            f"WHERE s.feed_id = ? AND i.title_key IN ({marks(len(chunk))})",
            (feed_id, *chunk),
        )
        for r in rows:
            found.setdefault(r[0], []).append((r[1], from_ts(r[2])))
    return found


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
    "error_count = ?, error_kind = ?, last_error = ?, failing_since_at = ?, "
    "language = coalesce(?, language)"
)
_WHERE_ID = " WHERE id = ?"


def _update_params(feed_id: int, u: FeedUpdate) -> tuple[Any, ...]:
    return (
        u.fetched_at,
        u.next_fetch_at,
        u.status.value,
        u.success,
        u.etag,
        u.success,
        u.last_modified,
        u.success,
        u.fetched_at,
        u.error_count,
        u.error_kind,
        u.last_error,
        u.failing_since_at,
        u.language,
        feed_id,
    )


def _item_params(stored: StoredItem) -> tuple[Any, ...]:
    item = stored.item
    return (
        stored.id,
        item.url,
        item.title,
        item.summary,
        item.title_key,
        item.published_at,
        item.first_seen_at,
        item.date_estimated,
        item.author,
        stored.backlog,
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


_SAME_IDENTITY = "same identity in this feed"


def _legacy_identity(identity: str) -> str | None:
    """The identity a release before issue 16 gave a link with a telling ``#fragment``."""
    if identity.startswith("link:") and "#" in identity:
        return identity.partition("#")[0]
    return None


def _shared_urls(items: Sequence[Item]) -> set[str]:
    """Links that several items of one document carry: they identify none of them."""
    owners: dict[str, set[str]] = {}
    for item in items:
        if item.url:
            owners.setdefault(item.url, set()).add(item.identity)
    return {url for url, identities in owners.items() if len(identities) > 1}


@dataclass(slots=True)
class _Dedupe:
    """The dedupe rules of ``save_fetch`` over what the store already holds (issue 16).

    ``known`` maps this feed's identities (and legacy forms) to items; ``listed`` holds the items
    this document lists under their own identity (siblings, never merge targets); ``shared``
    holds links several entries of the document carry.
    """

    known: dict[str, int]
    by_url: dict[str, list[int]]
    by_title: dict[str, list[tuple[int, datetime]]]
    titles: dict[int, str]
    listed: set[int]
    shared: frozenset[str]

    def match(self, item: Item) -> tuple[int | None, str]:
        """(stored item this one is, why), or (None, "") for a new item."""
        if item.identity in self.known:
            return self.known[item.identity], _SAME_IDENTITY
        legacy = _legacy_identity(item.identity)
        if legacy in self.known and self.titles.get(self.known[legacy]) == item.title_key:
            return self.known[legacy], "same link and title as before fragments told entries apart"
        if item.url and item.url not in self.shared:
            candidates = self.by_url.get(item.url, [])
            if len(candidates) == 1 and candidates[0] not in self.listed:
                return candidates[0], "same canonical link"
        for item_id, other_at in self.by_title.get(item.title_key, ()):
            close = abs(other_at - item.published_at) <= SAME_TITLE_WINDOW
            if close and item_id not in self.listed:
                return item_id, "same title in this feed within 48 h"
        return None, ""
