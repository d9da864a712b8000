"""Ingest end to end: loopback feed server → fetch → parse → normalize → store (a real file)."""

from __future__ import annotations

import sqlite3
import urllib.parse
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from bot.core.dedupe import DedupeSettings
from bot.core.model import FeedStatus
from bot.ingest.fetch import Fetcher, FetchSettings
from bot.ingest.parser_pool import ParserPool
from bot.ingest.poller import Outcome, Poller, PollSettings
from bot.storage import Store, StoredItem
from bot.stories.book import StoryBook
from tests.clock import FixedClock
from tests.feedserver import TINY_FEED, FeedServer, gzip_bomb
from tests.paths import DATA

CAPTURES = [
    "outlets/bbc-news-1.xml",
    "outlets/cnn-1.xml",
    "outlets/japan-times-1.xml",
    "outlets/nytimes-chinese-1.xml",
    "outlets/newsru-2.xml",
    "outlets/acn-newswire-1.xml",
]


@dataclass
class Rig:
    server: FeedServer
    store: Store
    poller: Poller
    clock: FixedClock
    path: Path


@pytest.fixture
async def rig(tmp_path: Path, clock: FixedClock) -> AsyncIterator[Rig]:
    settings = FetchSettings(
        allow_private_addresses=True, total_timeout_s=0.5, connect_timeout_s=0.5
    )
    path = tmp_path / "bot.db"
    async with FeedServer() as server, Fetcher(settings) as fetcher:
        store = await Store.open(path)
        try:
            book = StoryBook(store, DedupeSettings(), clock)
            poller = Poller(
                store,
                fetcher,
                clock,
                PollSettings(jitter=timedelta(0)),
                on_new_items=book.place_hook,
            )
            yield Rig(server, store, poller, clock, path)
        finally:
            await store.close()


def count(path: Path, table: str) -> int:
    con = sqlite3.connect(path)
    try:
        return int(con.execute(f"SELECT count(*) FROM {table}").fetchone()[0])  # noqa: S608 - test table names
    finally:
        con.close()


async def test_cold_poll_then_all_304_writes_nothing(rig: Rig) -> None:
    for path in CAPTURES:
        await rig.store.add_feed(rig.server.url(path), path, rig.clock())
    first = await rig.poller.poll_due_feeds()
    assert [r.outcome for r in first.results] == [Outcome.UPDATED] * len(CAPTURES)
    items = count(rig.path, "items")
    assert items == first.new_items > 250
    assert all(s.backlog for r in first.results for s in r.new_items), "first fetch is backlog"
    assert count(rig.path, "items WHERE story_id IS NULL") == 0, "every item has a story"

    rig.clock.advance(hours=1)
    second = await rig.poller.poll_due_feeds()
    assert [r.outcome for r in second.results] == [Outcome.NOT_MODIFIED] * len(CAPTURES)
    assert second.new_items == 0
    assert count(rig.path, "items") == items
    assert count(rig.path, "item_sources") == items
    assert count(rig.path, "stories") <= items
    conditional = rig.server.request_headers[-len(CAPTURES) :]
    assert all("If-None-Match" in h for h in conditional)


async def test_refetching_changed_feed_stores_only_new_items(rig: Rig) -> None:
    url = rig.server.url("live/feed.xml")
    original = (DATA / "outlets/bbc-news-1.xml").read_bytes()
    rig.server.set_body("live/feed.xml", original)
    feed = await rig.store.add_feed(url, "BBC", rig.clock())
    first = await rig.poller.poll_due_feeds()
    before = count(rig.path, "items")
    rig.server.set_body("live/feed.xml", (DATA / "outlets/bbc-news-3.xml").read_bytes())
    rig.clock.advance(hours=1)
    second = await rig.poller.poll_due_feeds()
    [result] = second.results
    assert result.outcome is Outcome.UPDATED
    assert result.known_items > 0, "republished items are recognised"
    assert count(rig.path, "items") == before + len(result.new_items)
    assert all(not s.backlog for s in result.new_items), "later fetches are not backlog"
    stored = await rig.store.get_feed(feed.id)
    assert stored is not None
    assert stored.item_count >= len(first.results[0].new_items)


# Each fault gets its own specific stored reason, while good feeds in the same poll succeed.
FAULTS = [
    ("fault/500", "http_500"),
    ("fault/404", "http_404"),
    ("fault/410", "http_410"),
    ("fault/429", "http_429"),
    ("fault/redirect-loop", "redirect_loop"),
    ("fault/slow", "timeout"),
    ("fault/trickle", "timeout"),
    ("fault/huge", "too_large"),
    ("fault/gzip-bomb", "too_large"),
    ("fault/html", "not_a_feed"),
    ("fault/empty", "empty_body"),
    ("fault/binary", "not_a_feed"),
    ("fault/billion-laughs", "unsafe_xml"),
    ("fault/xxe", "unsafe_xml"),
]


async def test_bad_feeds_get_specific_reasons_and_leave_others_alone(rig: Rig) -> None:
    gzip_bomb()  # built (~0.6 s) and cached before the timed fetches, not inside one
    good = [rig.server.url(p) for p in CAPTURES[:2]]
    for url in good:
        await rig.store.add_feed(url, "good", rig.clock())
    for path, _ in FAULTS:
        await rig.store.add_feed(rig.server.url(path), path, rig.clock())
    summary = await rig.poller.poll_due_feeds()
    by_url = {r.url: r for r in summary.results}
    assert all(by_url[u].outcome is Outcome.UPDATED for u in good)
    for path, kind in FAULTS:
        result = by_url[rig.server.url(path)]
        assert result.outcome is Outcome.FAILED, path
        assert result.error is not None
        assert result.error.kind == kind, (path, result.error.message)
    feeds = {f.url: f for f in await rig.store.list_feeds()}
    for path, kind in FAULTS:
        feed = feeds[rig.server.url(path)]
        assert (feed.status, feed.error_kind, feed.error_count) == (FeedStatus.FAILING, kind, 1)
        assert feed.last_error
        assert feed.next_fetch_at > rig.clock(), "a failing feed backs off"
    retry = feeds[rig.server.url("fault/429")]
    assert retry.next_fetch_at >= rig.clock() + timedelta(seconds=120), "Retry-After honoured"


async def test_broken_xml_with_entries_and_wrong_charset_still_store_items(rig: Rig) -> None:
    for path in ("fault/broken-xml", "fault/wrong-charset"):
        await rig.store.add_feed(rig.server.url(path), path, rig.clock())
    summary = await rig.poller.poll_due_feeds()
    assert [r.outcome for r in summary.results] == [Outcome.UPDATED, Outcome.UPDATED]
    assert all(r.new_items for r in summary.results)


async def test_backoff_doubles_and_gone_feed_is_paused_after_a_week(rig: Rig) -> None:
    feed = await rig.store.add_feed(rig.server.url("fault/404"), "gone", rig.clock())
    delays = []
    for _ in range(3):
        await rig.poller.poll_due_feeds()
        stored = await rig.store.get_feed(feed.id)
        assert stored is not None
        delays.append(stored.next_fetch_at - rig.clock())
        rig.clock.set(stored.next_fetch_at)
    assert delays[1] == 2 * delays[0]
    assert delays[2] == 2 * delays[1]
    rig.clock.advance(days=8)
    await rig.poller.poll_due_feeds()
    stored = await rig.store.get_feed(feed.id)
    assert stored is not None
    assert stored.status is FeedStatus.PAUSED
    assert stored.last_error is not None
    assert "404" in stored.last_error
    rig.clock.advance(days=30)
    assert await rig.store.due_feeds(rig.clock()) == [], "a paused feed is not polled"


async def test_default_guard_refuses_loopback_feed(tmp_path: Path, clock: FixedClock) -> None:
    async with (
        FeedServer() as server,
        Fetcher(FetchSettings()) as fetcher,
        await Store.open(tmp_path / "bot.db") as store,
    ):
        feed = await store.add_feed(server.url(CAPTURES[0]), "loop", clock())
        poller = Poller(store, fetcher, clock, PollSettings())
        summary = await poller.poll_due_feeds()
        [result] = summary.results
        assert result.error is not None
        assert result.error.kind == "private_address"
        assert "allow_private_addresses" in result.error.message
        assert server.requests == []
        stored = await store.get_feed(feed.id)
        assert stored is not None
        assert stored.error_kind == "private_address"


async def test_parsing_in_worker_processes_stores_the_same_items(
    tmp_path: Path, clock: FixedClock
) -> None:
    settings = FetchSettings(allow_private_addresses=True, total_timeout_s=5)
    async with (
        FeedServer() as server,
        Fetcher(settings) as fetcher,
        ParserPool(1) as parser,
        await Store.open(tmp_path / "bot.db") as store,
    ):
        poller = Poller(store, fetcher, clock, PollSettings(), parser=parser)
        for path in [*CAPTURES[:2], "fault/html"]:
            await store.add_feed(server.url(path), path, clock())
        summary = await poller.poll_due_feeds()
        outcomes = [r.outcome for r in summary.results]
        assert outcomes == [Outcome.UPDATED, Outcome.UPDATED, Outcome.FAILED]
        error = summary.results[2].error
        assert error is not None
        assert error.kind == "not_a_feed", "a FeedError crosses the process boundary intact"
        assert await store.count_items() == summary.new_items > 50


class TickingClock:
    """A fixed clock that moves 100 ms each time it is read, as real time does during a poll."""

    def __init__(self, start: FixedClock) -> None:
        self.now = start.now

    def __call__(self) -> datetime:
        self.now += timedelta(milliseconds=100)
        return self.now


@pytest.mark.parametrize(
    ("next_tick", "polled"),
    [
        (timedelta(seconds=60), True),  # the tick on time
        (timedelta(seconds=55), True),  # the tick up to the jitter early
        (timedelta(seconds=60, milliseconds=-1), True),
        (timedelta(seconds=30), False),  # half an interval: not yet due
    ],
    ids=["on-time", "jitter-early", "a-millisecond-early", "half-interval"],
)
async def test_a_feed_is_polled_at_the_first_tick_at_or_after_its_due_time(
    tmp_path: Path, clock: FixedClock, next_tick: timedelta, polled: bool
) -> None:
    """Issue 12: a feed fetched a little after its tick was not due at the next one and waited
    a whole extra interval (a 60-second feed fetched every ~90 s)."""
    ticking = TickingClock(clock)
    settings = FetchSettings(allow_private_addresses=True, total_timeout_s=5)
    async with (
        FeedServer() as server,
        Fetcher(settings) as fetcher,
        await Store.open(tmp_path / "bot.db") as store,
    ):
        poller = Poller(
            store,
            fetcher,
            ticking,
            PollSettings(interval=timedelta(seconds=60), jitter=timedelta(seconds=5)),
        )
        server.set_body("live/tiny.xml", TINY_FEED)  # no <ttl>: the poll interval decides
        await store.add_feed(server.url("live/tiny.xml"), "Tiny", clock())
        tick = clock()
        ticking.now = tick
        assert len((await poller.poll_due_feeds()).results) == 1
        ticking.now = tick + next_tick
        second = await poller.poll_due_feeds()
        assert len(second.results) == (1 if polled else 0)


HOSTILE_BODIES = {
    "surrogate-reference": b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
    b"<item><title>bad &#xD800; char</title><link>http://example.com/s</link></item>"
    b"</channel></rss>",
    "beyond-unicode": b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
    b"<item><title>bad &#x110000; char</title><link>http://example.com/u</link></item>"
    b"</channel></rss>",
}
HOSTILE_REDIRECTS = {
    "bad-port": "http://x.invalid:99999/",
    "broken-ipv6": "http://[::1/",
    "long-label": f"http://{'a' * 300}.example/feed",
}


async def test_hostile_bodies_and_redirects_fail_alone_beside_good_feeds(rig: Rig) -> None:
    """Issue 13: errors inside feedparser and in joining a redirect's URL stopped every poll."""
    good = [rig.server.url(p) for p in CAPTURES[:2]]
    for url in good:
        await rig.store.add_feed(url, "good", rig.clock())
    bad: list[str] = []
    for name, body in HOSTILE_BODIES.items():
        rig.server.set_body(f"hostile/{name}.xml", body)
        bad.append(rig.server.url(f"hostile/{name}.xml"))
    bad.extend(
        rig.server.url("fault/redirect-to/" + urllib.parse.quote(target, safe=""))
        for target in HOSTILE_REDIRECTS.values()
    )
    for url in bad:
        await rig.store.add_feed(url, "bad", rig.clock())
    summary = await rig.poller.poll_due_feeds()
    by_url = {r.url: r for r in summary.results}
    assert all(by_url[u].outcome is Outcome.UPDATED for u in good)
    for url in bad:
        result = by_url[url]
        if result.outcome is Outcome.UPDATED:  # feedparser may read past a bad reference
            continue
        assert result.error is not None, url
        assert result.error.kind != "internal", (url, result.error.message)
        stored = await rig.store.get_feed(result.feed_id)
        assert stored is not None
        assert stored.status is FeedStatus.FAILING
        assert stored.next_fetch_at > rig.clock(), "backed off like any failing feed"
    rig.clock.advance(hours=1)
    again = await rig.poller.poll_due_feeds()
    assert {r.url for r in again.results} >= set(good), "the next poll runs too"


class BuggyParser(ParserPool):
    """The real parser, with a bug of ours on one URL (what the per-feed boundary is for)."""

    def __init__(self, buggy_url: str) -> None:
        super().__init__(workers=0)
        self.buggy_url = buggy_url

    async def parse(self, body, headers, url, now, max_entries):
        if url == self.buggy_url:
            raise KeyError("a bug in our own code")
        return await super().parse(body, headers, url, now, max_entries)


@pytest.mark.parametrize("raise_bugs", [False, True], ids=["running-bot", "tests"])
async def test_a_bug_on_one_feed_is_that_feeds_internal_error(
    rig: Rig, caplog: pytest.LogCaptureFixture, raise_bugs: bool
) -> None:
    good = rig.server.url(CAPTURES[0])
    buggy = rig.server.url(CAPTURES[1])
    for url in (good, buggy):
        await rig.store.add_feed(url, url, rig.clock())
    poller = Poller(
        rig.store,
        rig.poller.fetcher,
        rig.clock,
        PollSettings(jitter=timedelta(0), raise_bugs=raise_bugs),
        parser=BuggyParser(buggy),
    )
    if raise_bugs:
        with pytest.raises(KeyError, match="a bug in our own code"):
            await poller.poll_due_feeds()
    else:
        summary = await poller.poll_due_feeds()
        by_url = {r.url: r for r in summary.results}
        assert by_url[good].outcome is Outcome.UPDATED
        reason = by_url[buggy].reason
        assert reason is not None
        assert reason.startswith("internal error while polling: KeyError")
    feeds = {f.url: f for f in await rig.store.list_feeds()}
    assert feeds[good].item_count > 0, "the other feed was stored either way"
    assert feeds[buggy].error_kind == "internal"
    assert feeds[buggy].next_fetch_at > rig.clock(), "backed off like any failing feed"
    errors = [r for r in caplog.records if r.levelname == "ERROR" and "poll bug" in r.message]
    assert errors
    assert errors[0].exc_info is not None, "logged with its traceback"


async def test_a_feed_seeded_without_a_name_is_named_by_its_title(rig: Rig) -> None:
    """Config and OPML feeds start with their host as name; two feeds of one host would be one
    outlet in a digest. The first successful poll names them by their own title, as an add
    from chat does; a name someone gave is kept."""
    unnamed_url = rig.server.url("outlets/bbc-news-1.xml")
    host = urllib.parse.urlsplit(unnamed_url).hostname
    assert host is not None
    unnamed = await rig.store.add_feed(unnamed_url, host, rig.clock())
    named = await rig.store.add_feed(rig.server.url("outlets/cnn-1.xml"), "My CNN", rig.clock())
    summary = await rig.poller.poll_due_feeds()
    titles = {r.feed_id: r.title for r in summary.results}
    assert titles[unnamed.id]
    after = {f.id: f.name for f in await rig.store.list_feeds()}
    assert after[unnamed.id] == titles[unnamed.id]
    assert after[named.id] == "My CNN"


DEV_DAY = sorted((DATA / "stories_dev/feeds").glob("2024-05-27_*.xml"))


async def _stories_of_one_poll(
    server: FeedServer, fetcher: Fetcher, path: Path, clock: FixedClock, files: list[Path]
) -> set[frozenset[str]]:
    """Poll ``files`` (added in that order) once into a new database; the stories as link sets."""
    store = await Store.open(path)
    try:
        book = StoryBook(store, DedupeSettings(), clock)
        poller = Poller(
            store, fetcher, clock, PollSettings(jitter=timedelta(0)), on_new_items=book.place_hook
        )
        for file in files:
            await store.add_feed(server.url(str(file.relative_to(DATA))), file.name, clock())
        summary = await poller.poll_due_feeds()
        assert summary.count(Outcome.UPDATED) == len(files)
        con = sqlite3.connect(path)
        try:
            rows = con.execute("SELECT story_id, url FROM items").fetchall()
        finally:
            con.close()
    finally:
        await store.close()
    stories: dict[int, set[str]] = {}
    for story_id, url in rows:
        assert story_id is not None, "every item has a story"
        stories.setdefault(story_id, set()).add(url)
    return {frozenset(links) for links in stories.values()}


async def test_a_poll_groups_the_same_whichever_feed_comes_first(
    tmp_path: Path, clock: FixedClock
) -> None:
    """A first poll of many outlets gives the same stories whatever order its feeds come in:
    the poller hands the batch's items to grouping together, in publication order. Feed by
    feed, one outlet's whole day was grouped before any other outlet's, and the stories
    depended on which feed was first (and on the dev set found fewer cross-outlet pairs)."""
    assert len(DEV_DAY) >= 10
    settings = FetchSettings(allow_private_addresses=True)
    async with FeedServer() as server, Fetcher(settings) as fetcher:
        forward = await _stories_of_one_poll(server, fetcher, tmp_path / "a.db", clock, DEV_DAY)
        backward = await _stories_of_one_poll(
            server, fetcher, tmp_path / "b.db", clock, DEV_DAY[::-1]
        )
    assert forward == backward
    assert sum(len(s) > 2 for s in forward) >= 10, "real multi-outlet stories were formed"


async def test_a_batch_of_feeds_is_handed_to_grouping_in_one_call(rig: Rig) -> None:
    calls: list[list[int]] = []
    feed_of: dict[str, int] = {}

    async def record(items: Sequence[StoredItem]) -> None:
        calls.append([i.id for i in items])

    rig.poller.on_new_items = record
    for path in CAPTURES[:3]:
        feed = await rig.store.add_feed(rig.server.url(path), path, rig.clock())
        feed_of[path] = feed.id
    summary = await rig.poller.poll_due_feeds()
    assert len(calls) == 1, "one hand-over for the batch, not one per feed"
    assert sorted(calls[0]) == sorted(i.id for r in summary.results for i in r.new_items)
    assert len({r.feed_id for r in summary.results if r.new_items}) == 3

    rig.clock.advance(hours=1)
    await rig.poller.poll_due_feeds()
    assert len(calls) == 1, "an all-304 poll hands nothing over"


@pytest.mark.parametrize("by_id", [False, True], ids=["due-feeds", "feed-ids"])
async def test_each_batch_is_handed_over_once_in_order(rig: Rig, by_id: bool) -> None:
    """Feeds are fetched ``max_in_flight`` at a time; each batch's items go to grouping in one
    call, batch after batch (while the next batch is fetched), for a due poll and for
    ``poll --feed`` / ``poll --all`` alike (which once fetched every listed feed as one batch
    and grouped nothing until the last one answered)."""
    calls: list[set[int]] = []

    async def record(items: Sequence[StoredItem]) -> None:
        calls.append({i.id for i in items})

    poller = Poller(
        rig.store,
        rig.poller.fetcher,
        rig.clock,
        PollSettings(jitter=timedelta(0), max_in_flight=2),
        on_new_items=record,
    )
    ids = [
        (await rig.store.add_feed(rig.server.url(path), path, rig.clock())).id
        for path in CAPTURES[:5]
    ]
    summary = await poller.poll_due_feeds(feed_ids=ids if by_id else None)
    assert [r.outcome for r in summary.results] == [Outcome.UPDATED] * 5
    batches = [summary.results[i : i + 2] for i in range(0, 5, 2)]
    assert calls == [{item.id for r in batch for item in r.new_items} for batch in batches]
    assert all(calls), "every batch brought new items"


async def test_items_a_failed_placement_left_are_placed_at_the_next_start(
    rig: Rig, caplog: pytest.LogCaptureFixture
) -> None:
    async def broken(items: Sequence[StoredItem]) -> None:
        raise KeyError("a bug in our own code")

    rig.poller.on_new_items = broken
    for path in CAPTURES[:2]:
        await rig.store.add_feed(rig.server.url(path), path, rig.clock())
    summary = await rig.poller.poll_due_feeds()
    assert [r.outcome for r in summary.results] == [Outcome.UPDATED] * 2, "the feeds were read"
    stored = count(rig.path, "items")
    assert stored == summary.new_items > 0
    assert count(rig.path, "items WHERE story_id IS NULL") == stored, "nothing placed yet"
    errors = [r for r in caplog.records if "placing new items failed" in r.message]
    assert errors
    assert errors[0].exc_info is not None, "logged with its traceback"

    restarted = StoryBook(rig.store, DedupeSettings(), rig.clock)
    placed = await restarted.load()
    assert placed.new_stories + placed.joined == stored
    assert count(rig.path, "items WHERE story_id IS NULL") == 0


async def test_a_placement_bug_is_raised_after_the_poll_when_asked(rig: Rig) -> None:
    async def broken(items: Sequence[StoredItem]) -> None:
        raise KeyError("a bug in our own code")

    poller = Poller(
        rig.store,
        rig.poller.fetcher,
        rig.clock,
        PollSettings(jitter=timedelta(0), raise_bugs=True),
        on_new_items=broken,
    )
    await rig.store.add_feed(rig.server.url(CAPTURES[0]), "one", rig.clock())
    with pytest.raises(KeyError, match="a bug in our own code"):
        await poller.poll_due_feeds()
    assert count(rig.path, "items") > 0, "the items were stored before the bug"
    [feed] = await rig.store.list_feeds()
    assert feed.error_kind is None, "the feed itself was read fine"
