"""Several pollers on one database (issue 18): real pollers, a real PostgreSQL server (two
connections stand for two processes), and a loopback server that counts the fetches of each feed.

The pollers claim the due feeds a batch at a time, so polling at once they fetch every feed
exactly once and share the work; a poller that dies holding leases hands them over at once to the
next poll on this host (its process is gone), and a poll that fails mid-batch releases its claims.
"""

from __future__ import annotations

import asyncio
import signal
import sys
from collections import Counter
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest

from bot.core.dedupe import DedupeSettings
from bot.core.model import Feed
from bot.ingest.fetch import Fetcher, FetchSettings
from bot.ingest.poller import Poller, PollSettings
from bot.storage import Store, open_store
from bot.storage.owners import owner_is_dead
from bot.stories.book import StoryBook
from tests.clock import FixedClock
from tests.feedserver import TINY_FEED, FeedServer

FEEDS = 24
BATCH = 4  # small batches, so two pollers interleave their claims


def _poller(store: Store, fetcher: Fetcher, clock: FixedClock, owner: str) -> Poller:
    book = StoryBook(store, DedupeSettings(), clock, shared=True)
    settings = PollSettings(jitter=timedelta(0), max_in_flight=BATCH)
    return Poller(store, fetcher, clock, settings, on_new_items=book.place_hook, owner=owner)


@pytest.fixture
async def server() -> AsyncIterator[FeedServer]:
    async with FeedServer() as served:
        for n in range(FEEDS):
            served.set_body(f"shared/{n}.xml", TINY_FEED)
        yield served


async def _add_feeds(store: Store, server: FeedServer, clock: FixedClock) -> list[Feed]:
    return [
        await store.add_feed(server.url(f"shared/{n}.xml"), f"Outlet {n}", clock())
        for n in range(FEEDS)
    ]


def _fetches(server: FeedServer) -> Counter[str]:
    return Counter(path for _, path in server.requests if path.startswith("/shared/"))


async def test_two_pollers_at_once_fetch_every_feed_once_and_share_the_work(
    pg_url: str, server: FeedServer, clock: FixedClock
) -> None:
    settings = FetchSettings(allow_private_addresses=True, total_timeout_s=5)
    async with (
        await open_store(pg_url) as one,
        await open_store(pg_url) as two,
        Fetcher(settings) as fetcher,
    ):
        await _add_feeds(one, server, clock)
        a, b = _poller(one, fetcher, clock, "a"), _poller(two, fetcher, clock, "b")
        first, second = await asyncio.gather(a.poll_due_feeds(), b.poll_due_feeds())
        fetched = _fetches(server)
        assert len(fetched) == FEEDS
        assert set(fetched.values()) == {1}, fetched
        assert len(first.results) + len(second.results) == FEEDS
        assert first.results, "both pollers took part of the work"
        assert second.results, "both pollers took part of the work"
        assert await one.claim_due_feeds("c", clock(), lease=timedelta(minutes=5)) == []
        clock.advance(timedelta(minutes=16))  # one interval later: each feed is due once more
        await asyncio.gather(a.poll_due_feeds(), b.poll_due_feeds())
        assert set(_fetches(server).values()) == {2}


HOLDER = """
import asyncio, sys
from datetime import datetime, timedelta
from bot.storage import open_store
from bot.storage.owners import process_owner

async def main():
    store = await open_store(sys.argv[1])
    now = datetime.fromisoformat(sys.argv[2])
    owner = process_owner()
    feeds = await store.claim_due_feeds(owner, now, lease=timedelta(minutes=5))
    print(owner, len(feeds), flush=True)
    await asyncio.Event().wait()  # holds its leases until it is killed

asyncio.run(main())
"""


async def test_a_dead_process_s_leases_are_taken_over_by_the_next_poll(
    pg_url: str, server: FeedServer, clock: FixedClock
) -> None:
    """A process on this host leases every feed and is SIGKILLed mid-poll: the next poll of a
    live process sees the holder is gone and fetches every feed now, not when the leases expire."""
    async with await open_store(pg_url) as store:
        await _add_feeds(store, server, clock)
    holder = await asyncio.create_subprocess_exec(
        sys.executable, "-c", HOLDER, pg_url, clock().isoformat(), stdout=asyncio.subprocess.PIPE
    )
    assert holder.stdout is not None
    owner, held = (await asyncio.wait_for(holder.stdout.readline(), 60)).decode().split()
    assert int(held) == FEEDS
    holder.send_signal(signal.SIGKILL)
    assert await holder.wait() == -signal.SIGKILL
    settings = FetchSettings(allow_private_addresses=True, total_timeout_s=5)
    async with await open_store(pg_url) as store, Fetcher(settings) as fetcher:
        assert await store.feed_lease_holders(clock()) == [owner]
        assert owner_is_dead(owner)
        summary = await _poller(store, fetcher, clock, "survivor").poll_due_feeds()
        assert len(summary.results) == FEEDS
        assert set(_fetches(server).values()) == {1}
        assert await store.feed_lease_holders(clock()) == []


async def test_a_poll_that_fails_mid_batch_hands_its_claims_back(
    pg_url: str, server: FeedServer, clock: FixedClock
) -> None:
    """A failure while recording (injected: the batched write raises) ends the poll, and the
    feeds it had claimed but not recorded are released for the next poll, not held for minutes."""
    settings = FetchSettings(allow_private_addresses=True, total_timeout_s=5)
    async with await open_store(pg_url) as store, Fetcher(settings) as fetcher:
        await _add_feeds(store, server, clock)
        poller = _poller(store, fetcher, clock, "crashing")

        async def broken(updates: object) -> None:
            raise RuntimeError("disk on fire")

        store.record_fetch_state = broken  # type: ignore[method-assign]  # the failure injected
        server.set_body("shared/0.xml", b"<html>down</html>")  # one feed fails: recorded late
        with pytest.raises(RuntimeError, match="disk on fire"):
            await poller.poll_due_feeds()
        holders = await store.feed_lease_holders(clock())
        assert holders == [], "the failed batch's claims were released"
