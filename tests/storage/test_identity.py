"""save_fetch's dedupe rules for items that carry their own identity (issue 16), both backends."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest

from bot.core.model import Item
from bot.storage import open_store
from tests.storage.rig import NOW, item, ok

HOME = "https://show.example/"


async def test_distinct_guids_with_one_link_are_distinct_items(target: str) -> None:
    episodes = [item(n, url=HOME, title=f"Episode {n}") for n in range(5)]
    async with await open_store(target) as store:
        feed = await store.add_feed("https://show.example/rss", "Show", NOW)
        first = await store.save_fetch(feed.id, episodes, ok())
        assert len(first.new_items) == 5
        newer = [item(5, url=HOME, title="Episode 5"), *episodes]
        second = await store.save_fetch(feed.id, newer, ok(NOW + timedelta(hours=1)))
        assert [s.item.identity for s in second.new_items] == ["guid:5"]
        assert second.known == 5
        assert await store.count_items() == 6


async def test_same_title_siblings_in_one_document_stay_apart(target: str) -> None:
    # two listings with one title, eight seconds apart (rss-parser's craigslist.rss)
    twins = [item(1, title="Studio, upper floor"), item(2, title="Studio, upper floor")]
    async with await open_store(target) as store:
        feed = await store.add_feed("https://ads.example/rss", "Ads", NOW)
        saved = await store.save_fetch(feed.id, twins, ok())
        assert len(saved.new_items) == 2


@pytest.mark.parametrize(
    ("later", "new"),
    [
        ([item(1, identity="guid:1b")], 0),  # the old entry is gone: a republish
        ([item(1), item(1, identity="guid:1b")], 1),  # the old entry is still listed: a sibling
    ],
    ids=["replaced-by-new-guid", "listed-beside-it"],
)
async def test_a_stored_item_still_listed_is_never_a_merge_target(
    target: str, later: list[Item], new: int
) -> None:
    async with await open_store(target) as store:
        feed = await store.add_feed("https://news.example/rss", "News", NOW)
        await store.save_fetch(feed.id, [item(1)], ok())
        saved = await store.save_fetch(feed.id, later, ok(NOW + timedelta(hours=1)))
        assert len(saved.new_items) == new


async def test_a_link_several_items_carry_identifies_none_across_feeds(target: str) -> None:
    async with await open_store(target) as store:
        show = await store.add_feed("https://show.example/rss", "Show", NOW)
        other = await store.add_feed("https://other.example/rss", "Other", NOW)
        await store.save_fetch(show.id, [item(1, url=HOME), item(2, url=HOME)], ok())
        saved = await store.save_fetch(other.id, [item(7, url=HOME)], ok())
        assert len(saved.new_items) == 1
        single = await store.save_fetch(other.id, [item(8, url="https://news.example/1")], ok())
        assert len(single.new_items) == 1


async def test_known_decisions_are_logged_with_their_reason(
    target: str, caplog: pytest.LogCaptureFixture
) -> None:
    async with await open_store(target) as store:
        a = await store.add_feed("https://a.example/rss", "A", NOW)
        b = await store.add_feed("https://b.example/rss", "B", NOW)
        await store.save_fetch(a.id, [item(1)], ok())
        with caplog.at_level(logging.DEBUG, logger="bot.storage.feeds"):
            await store.save_fetch(a.id, [item(1)], ok())
            await store.save_fetch(b.id, [item(1, identity="guid:b1")], ok())
            await store.save_fetch(b.id, [item(9, url="", title="Headline 1")], ok())
    reasons = [r.getMessage().rpartition("reason=")[2] for r in caplog.records]
    assert reasons == [
        "same identity in this feed",
        "same canonical link",
        "same title in this feed within 48 h",
    ]
