"""Two stories one report bridges become one, in the bot's story book (issue 14).

Real parts: the development corpus' real items (``tests/data/stories_dev``), a SQLite file, and
two ``StoryBook``s on it as two processes would have them (``shared``). On 28 May 2024 the
Financial Times' "Spain, Ireland and Norway set to recognise Palestine" and Al Jazeera's "Spain
formally recognises Palestine as a state" start two stories; CNA's "Spain, Ireland and Norway
recognise Palestinian state" fits both, and the two stories fit each other, so they become one.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench.story_quality import load_dev
from bot.core.dedupe import DedupeSettings, StoryDoc
from bot.core.model import FeedStatus, Item
from bot.storage import FeedUpdate, Store, StoredItem
from bot.stories.book import StoryBook

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
BRIDGE = "Spain, Ireland and Norway recognise Palestinian state"
FIRST = "Spain, Ireland and Norway set to recognise Palestine"
SECOND = "Spain formally recognises Palestine as a state"


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> datetime:
        return self.now


def as_item(doc: StoryDoc) -> Item:
    return Item(
        identity=f"guid:{doc.item_id}", url=doc.url, title=doc.title, summary=doc.summary,
        published_at=doc.published_at, first_seen_at=NOW, date_estimated=False,
        title_key=doc.title.casefold(),
    )  # fmt: skip


async def store_dev(store: Store, feeds: dict[str, int], docs: list[StoryDoc]) -> list[StoredItem]:
    """``docs`` stored, one feed per outlet; returned in publication order."""
    by_outlet: dict[str, list[StoryDoc]] = defaultdict(list)
    for doc in docs:
        by_outlet[doc.outlet].append(doc)
    stored: list[StoredItem] = []
    for outlet, mine in sorted(by_outlet.items()):
        if outlet not in feeds:
            url = f"https://outlet{len(feeds)}.example/rss"
            feeds[outlet] = (await store.add_feed(url, outlet, NOW)).id
        update = FeedUpdate(NOW, NOW + timedelta(minutes=15), FeedStatus.OK)
        saved = await store.save_fetch(feeds[outlet], [as_item(d) for d in mine], update)
        stored.extend(saved.new_items)
    return sorted(stored, key=lambda s: (s.item.published_at, s.id))


async def story_of(store: Store, item_id: int) -> int | None:
    return (await store.trace_items(item_id, None))[0].story_id


async def test_a_bridging_report_merges_two_stories_for_every_process(tmp_path: Path) -> None:
    clock = Clock()
    async with (
        await Store.open(tmp_path / "bot.db") as one,
        await Store.open(tmp_path / "bot.db") as two,
    ):
        here = StoryBook(one, DedupeSettings(), clock, shared=True)
        there = StoryBook(two, DedupeSettings(), clock, shared=True)
        docs = sorted(load_dev().docs, key=lambda d: (d.published_at, d.item_id))
        cut = next(n for n, d in enumerate(docs) if d.title == BRIDGE)
        feeds: dict[str, int] = {}
        items = await store_dev(one, feeds, docs[:cut])
        await here.place(items)
        by_title = {s.item.title: s.id for s in items}
        a, b = await story_of(one, by_title[FIRST]), await story_of(one, by_title[SECOND])
        assert a != b
        await there.ensure_loaded()  # the other process knows both stories apart
        assert there.index.story_of(by_title[SECOND]) == b

        rest = await store_dev(one, feeds, docs[cut:])
        by_title.update((s.item.title, s.id) for s in rest)
        await here.place(rest)

        merged = await story_of(one, by_title[BRIDGE])
        assert merged in (a, b)
        gone = b if merged == a else a
        assert gone is not None
        assert await story_of(one, by_title[FIRST]) == merged
        assert await story_of(one, by_title[SECOND]) == merged
        assert await one.get_story(gone) is None
        story = await one.get_story(merged)
        assert story is not None
        assert {by_title[FIRST], by_title[SECOND], by_title[BRIDGE]} <= set(story.item_ids)
        [trace] = await one.trace_items(by_title[BRIDGE], None)
        assert trace.note is not None
        assert f"story {gone} merged into it" in trace.note
        assert await one.story_merges_since(NOW - timedelta(seconds=1)) != []

        clock.now = NOW + timedelta(seconds=5)  # the other process looks again before placing
        await there.place([])
        assert there.index.story_of(by_title[SECOND]) == b, "nothing placed: no look yet"
        feed = await two.add_feed("https://late.example/rss", "late", clock())
        late = Item(
            identity="guid:late", url="https://late.example/1", title=BRIDGE, summary="",
            published_at=docs[cut].published_at + timedelta(hours=1), first_seen_at=NOW,
            date_estimated=False, title_key=BRIDGE.casefold(),
        )  # fmt: skip
        update = FeedUpdate(clock(), clock(), FeedStatus.OK)
        saved = await two.save_fetch(feed.id, [late], update)
        await there.place(saved.new_items)
        assert there.index.story_of(by_title[SECOND]) == merged
        assert there.index.story_of(by_title[FIRST]) == merged
        assert not there.index.has_story(gone)
        assert await story_of(two, saved.new_items[0].id) == merged
