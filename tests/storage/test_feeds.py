"""Feeds and items on both backends: durability, dedupe, fetch state, rollback."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta

import pytest

from bot.core.model import FeedStatus, Item
from bot.errors import UserError
from bot.storage import FeedUpdate, open_store
from tests.storage.rig import NOW, item, ok


async def test_data_survives_reopen(target: str) -> None:
    async with await open_store(target) as store:
        feed = await store.add_feed("https://news.example/rss", "Example", NOW)
        saved = await store.save_fetch(feed.id, [item(1), item(2)], ok())
        assert len(saved.new_items) == 2
    async with await open_store(target) as store:
        feeds = await store.list_feeds()
        assert [(f.url, f.etag, f.item_count) for f in feeds] == [
            ("https://news.example/rss", '"e1"', 2)
        ]
        assert await store.count_items() == 2
        got = await store.get_items(await store.item_ids_for_feed(feed.id))
        assert [s.item for s in got] == [item(1), item(2)]
        assert [s.backlog for s in got] == [True, True]


async def test_first_fetch_is_backlog_later_ones_are_not(target: str) -> None:
    async with await open_store(target) as store:
        feed = await store.add_feed("https://news.example/rss", "Example", NOW)
        first = await store.save_fetch(feed.id, [item(1)], ok())
        second = await store.save_fetch(feed.id, [item(1), item(2)], ok())
        assert [s.backlog for s in first.new_items] == [True]
        assert [(s.item.identity, s.backlog) for s in second.new_items] == [("guid:2", False)]
        assert second.known == 1


@pytest.mark.parametrize(
    ("again", "new"),
    [
        (item(1, identity="guid:changed"), 0),  # new guid, same canonical link
        (item(1, url="", identity="guid:x", title="Headline 1"), 0),  # same title, 48 h, no link
        (
            item(
                1, url="https://news.example/other", identity="guid:y", title="HEADLINE 1".lower()
            ),
            0,
        ),
        (item(1, url="", identity="guid:z", published_at=NOW + timedelta(hours=49)), 1),
        (item(9), 1),
    ],
    ids=[
        "new-guid-same-link",
        "same-title-no-link",
        "same-title-new-link",
        "same-title-too-late",
        "different",
    ],
)
async def test_within_feed_dedupe(target: str, again: Item, new: int) -> None:
    async with await open_store(target) as store:
        feed = await store.add_feed("https://news.example/rss", "Example", NOW)
        await store.save_fetch(feed.id, [item(1)], ok())
        saved = await store.save_fetch(feed.id, [again], ok())
        assert len(saved.new_items) == new
        assert await store.count_items() == 1 + new


async def test_same_link_in_two_feeds_is_one_item_with_two_sources(target: str) -> None:
    async with await open_store(target) as store:
        a = await store.add_feed("https://a.example/rss", "A", NOW)
        b = await store.add_feed("https://b.example/rss", "B", NOW)
        await store.save_fetch(a.id, [item(1, identity="guid:a1")], ok())
        saved = await store.save_fetch(b.id, [item(1, identity="guid:b7")], ok())
        assert saved.new_items == ()
        assert await store.count_items() == 1
        [stored] = await store.get_items(await store.item_ids_for_feed(a.id))
        assert await store.item_sources(stored.id) == [(a.id, "guid:a1"), (b.id, "guid:b7")]


async def test_two_processes_storing_one_article_make_one_item(target: str) -> None:
    """Two connections store two feeds carrying the same article at once: the second's
    dedupe waits for the first's commit (SQLite: one writer; PostgreSQL: Lock.ITEMS)."""
    async with await open_store(target) as one, await open_store(target) as two:
        a = await one.add_feed("https://a.example/rss", "A", NOW)
        b = await one.add_feed("https://b.example/rss", "B", NOW)
        docs = [item(n, identity=f"guid:{n}") for n in range(30)]
        other = [item(n, identity=f"other:{n}") for n in range(30)]
        saved = await asyncio.gather(
            one.save_fetch(a.id, docs, ok()), two.save_fetch(b.id, other, ok())
        )
        assert sorted(len(s.new_items) for s in saved) == [0, 30]
        assert await one.count_items() == 30


async def test_duplicate_feed_is_a_user_error(target: str) -> None:
    async with await open_store(target) as store:
        await store.add_feed("https://a.example/rss", "A", NOW)
        with pytest.raises(UserError, match="already added"):
            await store.add_feed("https://a.example/rss", "A again", NOW)


async def test_due_feeds_and_fetch_state(target: str) -> None:
    async with await open_store(target) as store:
        feed = await store.add_feed("https://a.example/rss", "A", NOW)
        assert [f.id for f in await store.due_feeds(NOW)] == [feed.id]
        failed = FeedUpdate(
            fetched_at=NOW,
            next_fetch_at=NOW + timedelta(hours=1),
            status=FeedStatus.FAILING,
            success=False,
            error_count=1,
            error_kind="http_500",
            last_error="HTTP 500",
            failing_since_at=NOW,
        )
        await store.record_fetch_state([(feed.id, failed)])
        assert await store.due_feeds(NOW) == []
        got = await store.get_feed(feed.id)
        assert got is not None
        assert (got.status, got.error_kind, got.error_count, got.etag, got.failing_since_at) == (
            FeedStatus.FAILING,
            "http_500",
            1,
            None,
            NOW,
        )
        assert [f.id for f in await store.due_feeds(NOW + timedelta(hours=1))] == [feed.id]
        assert await store.resume_feed(feed.id, NOW)
        resumed = await store.get_feed(feed.id)
        assert resumed is not None
        assert resumed.status is FeedStatus.OK


async def test_failed_transaction_rolls_back_everything(target: str) -> None:
    async with await open_store(target) as store:
        feed = await store.add_feed("https://a.example/rss", "A", NOW)
        naive = item(2, published_at=datetime(2026, 1, 1))  # noqa: DTZ001 - the bug under test
        with pytest.raises(ValueError, match="naive"):
            await store.save_fetch(feed.id, [item(1), naive], ok())
        assert await store.count_items() == 0
        got = await store.get_feed(feed.id)
        assert got is not None
        assert got.etag is None


async def test_removing_a_feed_keeps_its_items(target: str) -> None:
    async with await open_store(target) as store:
        feed = await store.add_feed("https://a.example/rss", "A", NOW)
        await store.save_fetch(feed.id, [item(1)], ok())
        assert await store.remove_feed(feed.id)
        assert not await store.remove_feed(feed.id)
        assert await store.list_feeds() == []
        assert await store.count_items() == 1
        with pytest.raises(UserError, match="no longer exists"):
            await store.save_fetch(feed.id, [item(2)], ok())


async def test_postgres_drops_nul_which_its_text_cannot_hold(pg_url: str) -> None:
    async with await open_store(pg_url) as store:
        feed = await store.add_feed("https://a.example/rss", "A\x00B", NOW)
        saved = await store.save_fetch(feed.id, [item(1, title="Head\x00line")], ok())
        [stored] = await store.get_items([s.id for s in saved.new_items])
        assert (feed.name, stored.item.title) == ("AB", "Headline")
