"""Retention on both backends: old stories go with their items, in batches, never one a feed
still lists or a pending digest holds; each channel keeps its latest digest (issue 13).

Stories and items point at each other, so each batch checks foreign keys at commit (SQLite's
``defer_foreign_keys``, PostgreSQL's ``SET CONSTRAINTS ALL DEFERRED``): both must accept it.
"""

from __future__ import annotations

from datetime import timedelta

from bot.core.model import ChannelRef
from bot.storage import PruneResult, Store, open_store
from tests.storage.rig import NOW, item, ok, stories

DESK = ChannelRef("console", "desk")
LATER = NOW + timedelta(days=40)


async def _digest(store: Store, digest_id: str, story_ids: list[int], *, deliver: bool) -> None:
    base = await store.last_recorded(DESK)
    await store.record_digest(
        digest_id, DESK, slot_key=None, created_at=NOW, until_seq=0, content="{}",
        story_ids=story_ids, after_n=0 if base is None else base.n,
    )  # fmt: skip
    if deliver:
        await store.mark_delivered(digest_id, NOW)


async def test_prune_keeps_what_is_listed_pending_or_latest(target: str) -> None:
    async with await open_store(target) as store:
        gone, held, listed = await stories(store, 3)
        [feed] = await store.list_feeds()
        # the feed's latest document lists only item 2: items 0 and 1 have left the feed
        listing = [item(2, published_at=NOW - timedelta(hours=2))]
        await store.save_fetch(feed.id, listing, ok(NOW + timedelta(hours=1)))
        await store.ensure_channel(DESK, timezone="UTC", schedule="08:00", now=NOW)
        await _digest(store, "d1", [gone], deliver=True)
        await _digest(store, "d2", [], deliver=True)
        await _digest(store, "d3", [held], deliver=False)
        assert await store.oldest_item_at() == NOW

        result = await store.prune_before(LATER - timedelta(days=30))

        assert result == PruneResult(stories=1, items=1, digests=2)
        assert await store.get_story(gone) is None
        assert [
            s.id for s in [await store.get_story(held), await store.get_story(listed)] if s
        ] == [
            held,
            listed,
        ]
        assert (await store.count_stories(), await store.count_items()) == (2, 2)
        assert [d.id for d, _ in await store.story_in_digests(DESK, held)] == ["d3"]
        assert await store.last_recorded(DESK) == await store.get_digest("d3")
        assert await store.prune_before(LATER) == PruneResult(0, 0, 0)


async def test_prune_goes_in_batches_until_nothing_is_left(target: str) -> None:
    async with await open_store(target) as store:
        ids = await stories(store, 5)
        [feed] = await store.list_feeds()
        await store.save_fetch(feed.id, [], ok(NOW + timedelta(hours=1)))  # lists nothing now
        await store.save_story_assignments([], [], NOW, merges=[(ids[0], ids[1])])
        assert await store.story_merges_since(NOW - timedelta(1)) == [(ids[0], ids[1])]
        result = await store.prune_before(LATER, batch=2)
        assert result == PruneResult(stories=4, items=5, digests=0)
        assert await store.story_merges_since(NOW - timedelta(1)) == []  # merges go too
        assert (await store.count_stories(), await store.count_items()) == (0, 0)
        assert await store.oldest_item_at() is None
        [after] = await store.list_feeds()
        assert after.item_count == 0
