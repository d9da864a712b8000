"""Feed leases, story id blocks and the settings version: what several processes share (issue 18).

On PostgreSQL, two connections stand for two processes. On SQLite, claims live in the one
process's memory (one process per file), so there the workers share one store.
"""

from __future__ import annotations

import asyncio
import signal
import sys
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime, timedelta

import pytest

from bot.core.model import ChannelRef, FeedStatus, TopicRecord
from bot.storage import FeedUpdate, Store, StoryAssignment, open_store
from tests.storage.rig import NOW, stories

LEASE = timedelta(minutes=5)
INTERVAL = timedelta(minutes=15)


async def _feeds(store: Store, count: int) -> list[int]:
    return [
        (await store.add_feed(f"https://f{n}.example/rss", f"F{n}", NOW)).id for n in range(count)
    ]


def _fetched(now: datetime = NOW) -> FeedUpdate:
    return FeedUpdate(fetched_at=now, next_fetch_at=now + INTERVAL, status=FeedStatus.OK)


async def _second(target: str, backend: str, first: Store) -> Store:
    """Another process's store (PostgreSQL), or the same process's (SQLite)."""
    return await open_store(target) if backend == "postgres" else first


@asynccontextmanager
async def _two_stores(target: str, backend: str) -> AsyncIterator[tuple[Store, Store]]:
    """Two processes' stores (PostgreSQL: two connections; SQLite: one store, shared)."""
    async with await open_store(target) as one:
        two = await _second(target, backend, one)
        try:
            yield one, two
        finally:
            if two is not one:
                await two.close()


async def test_claims_are_disjoint_and_every_due_feed_is_claimed_once(
    target: str, backend: str
) -> None:
    async with _two_stores(target, backend) as (one, two):
        ids = await _feeds(one, 10)
        a = [f.id for f in await one.claim_due_feeds("a", NOW, lease=LEASE, limit=4)]
        b = [f.id for f in await two.claim_due_feeds("b", NOW, lease=LEASE, limit=4)]
        c = [f.id for f in await one.claim_due_feeds("a", NOW, lease=LEASE, limit=4)]
        assert (len(a), len(b), len(c)) == (4, 4, 2)
        assert sorted(a + b + c) == ids
        assert await two.claim_due_feeds("b", NOW, lease=LEASE) == []


async def test_a_claim_in_progress_is_skipped_not_waited_for(pg_url: str) -> None:
    """SKIP LOCKED: while one process's claim is uncommitted, another's takes other feeds."""
    from bot.storage.postgres.store import _claim_due  # the [postgres] extra

    async with await open_store(pg_url) as one, await open_store(pg_url) as two:
        ids = await _feeds(one, 6)
        async with one._write() as tx:  # type: ignore[attr-defined]
            held = await _claim_due(tx, "a", NOW, NOW + LEASE, 3)
            got = await asyncio.wait_for(two.claim_due_feeds("b", NOW, lease=LEASE), 5)
        assert [f.id for f in held] == ids[:3]
        assert [f.id for f in got] == ids[3:]
        assert await two.claim_due_feeds("b", NOW, lease=LEASE) == []  # a's, once committed


async def test_workers_polling_at_once_fetch_every_feed_once_per_interval(
    target: str, backend: str
) -> None:
    """Three workers claim in batches, 'fetch' and record, until nothing is due: every feed is
    fetched exactly once and, across processes, the work spreads."""
    async with await open_store(target) as first:
        ids = await _feeds(first, 60)
        stores = [first] + [await _second(target, backend, first) for _ in range(2)]
        fetches: Counter[int] = Counter()
        per_worker: Counter[str] = Counter()

        async def worker(name: str, store: Store) -> None:
            while batch := await store.claim_due_feeds(name, NOW, lease=LEASE, limit=5):
                fetches.update(f.id for f in batch)
                per_worker[name] += len(batch)
                await asyncio.sleep(0)  # the fetch: other workers claim meanwhile
                await store.record_fetch_state([(f.id, _fetched()) for f in batch])

        try:
            await asyncio.gather(*(worker(f"w{i}", s) for i, s in enumerate(stores)))
        finally:
            for store in stores[1:]:
                if store is not first:
                    await store.close()
        assert fetches == Counter(ids)
        assert sum(per_worker.values()) == 60
        assert all(per_worker[f"w{i}"] > 0 for i in range(3)), per_worker
        assert await first.due_feeds(NOW) == []
        assert len(await first.due_feeds(NOW + INTERVAL)) == 60


async def test_an_expired_lease_is_taken_over(target: str, backend: str) -> None:
    async with _two_stores(target, backend) as (one, two):
        [feed] = await _feeds(one, 1)
        assert [f.id for f in await one.claim_due_feeds("a", NOW, lease=LEASE)] == [feed]
        assert await two.claim_due_feeds("b", NOW + LEASE / 2, lease=LEASE) == []
        taken = await two.claim_due_feeds("b", NOW + LEASE, lease=LEASE)
        assert [f.id for f in taken] == [feed]


@pytest.mark.parametrize("end", ["recorded", "saved", "released"])
async def test_recording_or_releasing_a_fetch_ends_its_lease(
    target: str, backend: str, end: str
) -> None:
    async with _two_stores(target, backend) as (one, two):
        [feed] = await _feeds(one, 1)
        await one.claim_due_feeds("a", NOW, lease=LEASE)
        due_again = FeedUpdate(fetched_at=NOW, next_fetch_at=NOW, status=FeedStatus.OK)
        if end == "recorded":
            await one.record_fetch_state([(feed, due_again)])
        elif end == "saved":
            await one.save_fetch(feed, [], due_again)
        else:
            assert await one.release_feeds("b", [feed]) == 0  # not b's to release
            assert await one.release_feeds("a", [feed]) == 1
        assert [f.id for f in await two.claim_due_feeds("b", NOW, lease=LEASE)] == [feed]


HOLDER = """
import asyncio, sys
from datetime import UTC, datetime, timedelta
from bot.storage import open_store

async def main():
    store = await open_store(sys.argv[1])
    now = datetime.fromisoformat(sys.argv[2])
    feeds = await store.claim_due_feeds("doomed", now, lease=timedelta(minutes=5))
    print(",".join(str(f.id) for f in feeds), flush=True)
    await asyncio.Event().wait()  # holds its leases until it is killed

asyncio.run(main())
"""


async def test_a_killed_process_s_claims_are_taken_over(target: str, backend: str) -> None:
    """A real process claims every due feed and is SIGKILLed: its claims die with it (SQLite,
    where they lived in its memory) or expire with their lease (PostgreSQL), and then another
    process gets every feed, none twice."""
    async with await open_store(target) as store:
        ids = await _feeds(store, 5)
    holder = await asyncio.create_subprocess_exec(
        sys.executable, "-c", HOLDER, target, NOW.isoformat(), stdout=asyncio.subprocess.PIPE
    )
    assert holder.stdout is not None
    line = await asyncio.wait_for(holder.stdout.readline(), 60)
    assert sorted(int(i) for i in line.decode().strip().split(",")) == ids
    holder.send_signal(signal.SIGKILL)
    assert await holder.wait() == -signal.SIGKILL
    async with await open_store(target) as survivor:
        when = NOW
        if backend == "postgres":  # the dead holder's leases run until they expire
            assert await survivor.claim_due_feeds("survivor", NOW, lease=LEASE) == []
            when = NOW + LEASE
        taken = await survivor.claim_due_feeds("survivor", when, lease=LEASE)
        assert sorted(f.id for f in taken) == ids
        assert await survivor.claim_due_feeds("other", when, lease=LEASE) == []


async def test_story_id_blocks_never_overlap(target: str, backend: str) -> None:
    async with _two_stores(target, backend) as (one, two):
        blocks = await asyncio.gather(
            *(s.reserve_story_ids(n) for s, n in ((one, 5), (two, 3), (one, 1), (two, 4)))
        )
        sizes = (5, 3, 1, 4)
        taken = [i for f, n in zip(blocks, sizes, strict=True) for i in range(f, f + n)]
        assert sorted(taken) == list(range(1, 14))
        if backend == "postgres":  # SQLite's next_story_id is one process's, and ignores them
            assert await two.next_story_id() == 14


async def test_the_settings_version_moves_with_every_settings_change(target: str) -> None:
    desk = ChannelRef("console", "desk")
    topic = TopicRecord("chips", "chips", "", "chip*", "", "user")
    async with await open_store(target) as one, await open_store(target) as two:
        seen = [await two.settings_version()]

        async def changed() -> bool:
            seen.append(await two.settings_version())
            return seen[-1] > seen[-2]

        await one.upsert_topic(topic, NOW)
        assert await changed()
        await one.ensure_channel(desk, timezone="UTC", schedule="08:00", now=NOW)
        assert await changed()
        await one.ensure_channel(desk, timezone="UTC", schedule="08:00", now=NOW)
        assert not await changed()  # already there: nothing changed
        await one.subscribe(desk, ["chips"], NOW)
        assert await changed()
        await one.set_schedule(desk, "09:00", "Asia/Seoul")
        assert await changed()
        await one.set_meta("heartbeat", NOW.isoformat())
        assert not await changed()  # bookkeeping, not settings
        feed = await one.add_feed("https://a.example/rss", "A", NOW)
        assert await changed()
        await one.record_fetch_state([(feed.id, _fetched())])
        assert not await changed()
        await one.unsubscribe(desk, ["chips"])
        assert await changed()
        await one.remove_topic("chips")
        assert await changed()
        assert seen[0] == 0


async def test_documents_sharing_no_link_store_at_once_and_a_shared_link_waits(
    pg_url: str,
) -> None:
    """Two processes store documents at once unless they carry a common link (then the second
    waits for the first, whose item it must see): the lock is per link, not global."""
    from tests.storage.rig import blocked, item, ok

    async with await open_store(pg_url) as one, await open_store(pg_url) as two:
        a, b, c = await _feeds(one, 3)
        async with one._write() as tx:  # type: ignore[attr-defined]
            await one._lock_document(tx, a, ["https://news.example/1"])  # type: ignore[attr-defined]
            other = await asyncio.wait_for(two.save_fetch(b, [item(2)], ok()), 5)
            assert len(other.new_items) == 1  # no common link: it did not wait
            same = asyncio.ensure_future(two.save_fetch(c, [item(1, identity="c:1")], ok()))
            await blocked(one, same)
        assert len((await same).new_items) == 1


async def test_lease_holders_are_listed_and_one_holder_s_leases_end_together(
    target: str, backend: str
) -> None:
    async with _two_stores(target, backend) as (one, two):
        await _feeds(one, 6)
        await one.claim_due_feeds("a", NOW, lease=LEASE, limit=4)
        await two.claim_due_feeds("b", NOW, lease=LEASE, limit=1)
        assert await one.feed_lease_holders(NOW) == ["a", "b"]
        assert await one.feed_lease_holders(NOW + LEASE) == [], "expired leases hold nothing"
        assert await one.release_leases_of("a") == 4
        assert await two.feed_lease_holders(NOW) == ["b"]
        again = await two.claim_due_feeds("c", NOW, lease=LEASE)
        assert len(again) == 5, "a's four feeds and the one nobody held"


async def test_an_item_placed_by_two_processes_keeps_its_first_story(
    target: str, backend: str
) -> None:
    """Two processes may place one unplaced item at once (one starting up places what it finds
    unplaced while another is placing it): the first placement wins, the second is dropped
    with the story and hits only it made, and its caller learns where the item is."""
    async with _two_stores(target, backend) as (one, two):
        (story,) = await stories(one, 1)
        (member,) = await one.story_members(story)
        late_story = await two.reserve_story_ids(1)
        late = StoryAssignment(
            item_id=member.item_id, story_id=late_story, new_story=True,
            lead_item_id=member.item_id, rule="new", score=0.0, matched_item_id=None,
            note="", first_seen_at=NOW, published_at=NOW, backlog=False, outlet="A",
            lead_outlet="A",
        )  # fmt: skip
        hits = [(late_story, "taiwan", ("Taiwan",))]
        elsewhere = await two.save_story_assignments([late], hits, NOW)
        assert elsewhere == {member.item_id: story}
        assert await one.get_story(late_story) is None
        assert [m.item_id for m in await one.story_members(story)] == [member.item_id]
        assert await one.last_hit_seq() == 0, "no hit of the dropped story was written"


async def test_a_batch_s_items_of_a_story_whose_first_item_another_process_placed_follow_it(
    target: str, backend: str
) -> None:
    """A batch opens a story with an item another process placed meanwhile, and a second item of
    the batch joins that story: the second goes where the first is. Before, the story was never
    written and the second item's row pointed at it, so PostgreSQL refused the whole batch (a
    foreign-key error in the multi-process end-to-end test)."""
    from tests.storage.rig import item, ok

    async with _two_stores(target, backend) as (one, two):
        (story,) = await stories(one, 1)
        (member,) = await one.story_members(story)
        (feed,) = await _feeds(two, 1)
        (joiner,) = (await two.save_fetch(feed, [item(7)], ok())).new_items
        late_story = await two.reserve_story_ids(1)

        def assignment(item_id: int, new_story: bool) -> StoryAssignment:
            return StoryAssignment(
                item_id=item_id, story_id=late_story, new_story=new_story,
                lead_item_id=member.item_id, rule="new" if new_story else "similar", score=0.0,
                matched_item_id=None if new_story else member.item_id, note="",
                first_seen_at=NOW, published_at=NOW, backlog=False, outlet="A", lead_outlet="A",
            )  # fmt: skip

        batch = [assignment(member.item_id, True), assignment(joiner.id, False)]
        hits = [(late_story, "taiwan", ("Taiwan",))]
        elsewhere = await two.save_story_assignments(batch, hits, NOW)
        assert elsewhere == {member.item_id: story, joiner.id: story}
        assert await one.get_story(late_story) is None
        members = sorted(m.item_id for m in await one.story_members(story))
        assert members == sorted((member.item_id, joiner.id))
