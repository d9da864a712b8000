"""What the store tests build on: items, fetch results, stored stories, and ``blocked``, which
waits until a task really waits for a lock another connection holds (PostgreSQL shows it in
``pg_locks``), so interleavings are deterministic, not timed.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from bot.core.model import FeedStatus, Item
from bot.storage import FeedUpdate, Store, StoryAssignment, is_postgres_url

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


def item(
    n: int,
    *,
    url: str | None = None,
    title: str | None = None,
    identity: str | None = None,
    published_at: datetime = NOW,
) -> Item:
    title = title or f"Headline {n}"
    return Item(
        identity=identity or f"guid:{n}",
        url=f"https://news.example/{n}" if url is None else url,
        title=title,
        summary=f"Summary {n}",
        published_at=published_at,
        first_seen_at=NOW,
        date_estimated=False,
        title_key=title.lower(),
    )


def ok(now: datetime = NOW, etag: str | None = '"e1"') -> FeedUpdate:
    return FeedUpdate(
        fetched_at=now,
        next_fetch_at=now + timedelta(minutes=15),
        status=FeedStatus.OK,
        etag=etag,
        last_modified="Wed, 25 Nov 2026 08:00:00 GMT",
    )


async def stories(store: Store, count: int, *, feed: str = "https://a.example/rss") -> list[int]:
    """``count`` stored stories of one item each (not backlog), published an hour apart."""
    added = await store.add_feed(feed, feed.split("/")[2], NOW)
    docs = [item(n, published_at=NOW - timedelta(hours=n)) for n in range(count)]
    saved = await store.save_fetch(added.id, docs, ok(), first_fetch_is_backlog=False)
    first = await store.reserve_story_ids(count)
    assignments = [
        StoryAssignment(
            item_id=s.id,
            story_id=first + i,
            new_story=True,
            lead_item_id=s.id,
            rule="new",
            score=0.0,
            matched_item_id=None,
            note="",
            first_seen_at=s.item.first_seen_at,
            published_at=s.item.published_at,
            backlog=False,
            outlet=added.name,
            lead_outlet=added.name,
        )
        for i, s in enumerate(saved.new_items)
    ]
    await store.save_story_assignments(assignments, [], NOW)
    return [a.story_id for a in assignments]


async def waiting_locks(store: Store) -> int:
    """PostgreSQL: how many backends wait for a lock now."""
    row = await store._fetchone("SELECT count(*) FROM pg_locks WHERE NOT granted")  # type: ignore[attr-defined]
    return int(row[0])


async def blocked(observer: Store, task: asyncio.Task[Any]) -> None:
    """Return once ``task`` waits for a lock another connection holds.

    PostgreSQL: ``pg_locks`` shows the waiting backend (polled every 5 ms, at most 5 s). SQLite
    has no such view: the task gets 20 ms to reach its ``BEGIN IMMEDIATE`` and wait there."""
    if not is_postgres_url(str(observer.path)):
        await asyncio.sleep(0.02)
        assert not task.done(), "the task should be waiting for the writer"
        return
    for _ in range(1000):
        assert not task.done(), "the task finished instead of waiting for the lock"
        if await waiting_locks(observer):
            return
        await asyncio.sleep(0.005)
    raise AssertionError("the task never waited for the lock")


def ids(rows: Sequence[Any]) -> list[int]:
    return [r.id for r in rows]
