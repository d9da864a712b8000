"""Digest windows and claims across processes, on both backends (issues 13 and 18).

Two connections stand for two processes. Where the order matters, one holds its transaction
open at the interesting point (the store's own ``_write`` and the step it runs inside) while the
other's call is started and seen waiting (``rig.blocked``), then the first commits.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from bot.core.model import ChannelRef, TopicRecord
from bot.storage import DigestClaim, DigestConflictError, Store, open_store
from bot.storage.base import Lock
from bot.storage.digests import _claim
from tests.storage.rig import NOW, blocked, stories

DESK = ChannelRef("console", "desk")
OTHER = ChannelRef("console", "other")
TOPIC = TopicRecord("chips", "chips", "", "chip*", "", "user")
WEEK = timedelta(days=7)


async def _channel(store: Store, ref: ChannelRef = DESK) -> None:
    await store.upsert_topic(TOPIC, NOW)
    await store.ensure_channel(ref, timezone="UTC", schedule="08:00", now=NOW)
    await store.subscribe(ref, [TOPIC.key], NOW)


async def _hits(store: Store, story_ids: list[int]) -> None:
    await store.save_story_assignments([], [(s, TOPIC.key, ("chips",)) for s in story_ids], NOW)


async def _candidates(store: Store, ref: ChannelRef = DESK) -> list[int]:
    base = await store.last_recorded(ref)
    rows = await store.digest_candidates(
        ref, base=base, upto_seq=await store.last_hit_seq(), published_after=NOW - WEEK
    )
    return [row.id for row, _fresh in rows]


async def _record(store: Store, digest_id: str, ids: list[int], **kw: object) -> None:
    base = await store.last_recorded(DESK)
    args: dict[str, object] = {
        "slot_key": None,
        "created_at": NOW,
        "until_seq": await store.last_hit_seq(),
        "content": "{}",
        "story_ids": ids,
        "after_n": 0 if base is None else base.n,
    }
    args.update(kw)
    await store.record_digest(digest_id, DESK, **args)  # type: ignore[arg-type]


async def test_two_processes_building_one_channel_record_one_digest(target: str) -> None:
    async with await open_store(target) as one, await open_store(target) as two:
        await _channel(one)
        ids = await stories(one, 3)
        await _hits(one, ids)
        seen_by_two = await _candidates(two)
        assert await _candidates(one) == seen_by_two == ids
        await _record(one, "d1", ids)
        with pytest.raises(DigestConflictError, match="recorded first"):
            await two.record_digest(
                "d2", DESK, slot_key=None, created_at=NOW, until_seq=await two.last_hit_seq(),
                content="{}", story_ids=seen_by_two, after_n=0,
            )  # fmt: skip
        assert await _candidates(two) == []  # d1 holds them (pending)
        assert [d.id for d in await two.pending_digests()] == ["d1"]


async def test_recording_waits_for_the_other_process_then_refuses(target: str) -> None:
    """The base check and the insert are one step across processes: while one holds its
    recording open, the other's waits, then sees the new digest and is refused."""
    async with await open_store(target) as one, await open_store(target) as two:
        await _channel(one)
        ids = await stories(one, 2)
        await _hits(one, ids)
        async with one._write(Lock.DIGESTS) as tx:  # type: ignore[attr-defined]
            await one._insert_digest(  # type: ignore[attr-defined]
                tx, "d1", DESK, slot_key="2026-11-25T08:00", created_at=NOW, until_seq=2,
                content="{}", story_ids=ids, dropped={}, after_n=0, claim=None, empty=False,
            )  # fmt: skip
            late = asyncio.ensure_future(_record(two, "d2", ids, after_n=0))
            await blocked(one, late)
        with pytest.raises(DigestConflictError):
            await late
        assert await two.count_digests("pending") == 1
        assert [(d.id, reason) for d, reason in await two.story_in_digests(DESK, ids[0])] == [
            ("d1", None)
        ]


async def test_a_slot_is_recorded_once(target: str) -> None:
    async with await open_store(target) as one, await open_store(target) as two:
        await _channel(one)
        await _record(one, "d1", [], slot_key="2026-11-25T08:00", empty=True)
        assert await two.slot_taken(DESK, "2026-11-25T08:00")
        with pytest.raises(DigestConflictError, match="slot 2026-11-25T08:00 is taken"):
            await _record(two, "d2", [], slot_key="2026-11-25T08:00", empty=True)


async def test_a_claim_held_by_one_process_is_refused_to_the_other(target: str) -> None:
    async with await open_store(target) as one, await open_store(target) as two:
        await _channel(one)
        held = DigestClaim("one", NOW + timedelta(minutes=10))
        await _record(one, "d1", [], claim=held)
        assert not await two.claim_digest("d1", DigestClaim("two", NOW + WEEK), NOW)
        assert await one.claim_digest("d1", DigestClaim("one", NOW + timedelta(minutes=20)), NOW)
        later = NOW + timedelta(minutes=15)
        assert not await two.claim_digest("d1", DigestClaim("two", later + WEEK), later)
        assert await two.claim_digest(  # the caller knows "one" is dead
            "d1", DigestClaim("two", later + WEEK), later, take_from="one"
        )
        expired = NOW + WEEK + timedelta(minutes=16)
        assert await one.claim_digest("d1", DigestClaim("one", expired + WEEK), expired)
        record = await two.get_digest("d1")
        assert record is not None
        assert (record.claimed_by, record.claimed_until) == ("one", expired + WEEK)
        await two.mark_delivered("d1", NOW)
        assert not await one.claim_digest("d1", DigestClaim("one", expired + WEEK), expired)


async def test_a_claim_being_taken_is_refused_to_the_other_once_it_commits(target: str) -> None:
    async with await open_store(target) as one, await open_store(target) as two:
        await _channel(one)
        await _record(one, "d1", [])
        async with one._write() as tx:  # type: ignore[attr-defined]
            assert await _claim(tx, "d1", DigestClaim("one", NOW + WEEK), NOW, None)
            late = asyncio.ensure_future(
                two.claim_digest("d1", DigestClaim("two", NOW + WEEK), NOW)
            )
            await blocked(one, late)
        assert await late is False
        record = await two.get_digest("d1")
        assert record is not None
        assert record.claimed_by == "one"


async def test_hit_numbers_follow_commit_order_when_transactions_interleave(target: str) -> None:
    """Numbers are handed out in commit order: while one transaction holds numbers it has not
    committed, the other waits, and a reader never sees a number whose hit is missing."""
    async with (
        await open_store(target) as one,
        await open_store(target) as two,
        await open_store(target) as reader,  # SQLite: two's connection waits in BEGIN
    ):
        await _channel(one)
        first, second = await stories(one, 2)
        before = await one.last_hit_seq()
        async with one._write(Lock.HITS) as tx:  # type: ignore[attr-defined]
            hit = [(first, TOPIC.key, ("chips",))]
            await one._merge_topic_hits(tx, hit)  # type: ignore[attr-defined]
            late = asyncio.ensure_future(_hits(two, [second]))
            await blocked(one, late)
            assert await reader.last_hit_seq() == before  # not committed: not visible
        await late
        assert await two.last_hit_seq() == before + 2
        rows = await two._fetchall(  # type: ignore[attr-defined]
            "SELECT story_id, seq FROM story_topics ORDER BY seq"
        )
        assert [(r[0], r[1]) for r in rows] == [(first, before + 1), (second, before + 2)]


async def test_digest_numbers_follow_commit_order(target: str) -> None:
    async with await open_store(target) as one, await open_store(target) as two:
        await _channel(one)
        await _channel(one, OTHER)
        async with one._write(Lock.DIGESTS) as tx:  # type: ignore[attr-defined]
            await one._insert_digest(  # type: ignore[attr-defined]
                tx, "d1", DESK, slot_key=None, created_at=NOW, until_seq=0, content="{}",
                story_ids=[], dropped={}, after_n=0, claim=None, empty=True,
            )  # fmt: skip
            recording = two.record_digest(
                "d2", OTHER, slot_key=None, created_at=NOW, until_seq=0, content="{}",
                story_ids=[], after_n=0, empty=True,
            )  # fmt: skip
            late = asyncio.ensure_future(recording)
            await blocked(one, late)
        second = await late
        first = await two.get_digest("d1")
        assert first is not None
        assert (first.n, second.n) == (1, 2)
        # a topic subscribed now counts from the latest number: its channel's next digest
        # brings its recent stories as a first digest
        await two.upsert_topic(TopicRecord("tariffs", "tariffs", "", "tariff*", "", "user"), NOW)
        await two.subscribe(DESK, ["tariffs"], NOW)
        after = await one._fetchone(  # type: ignore[attr-defined]
            "SELECT after_n FROM subscriptions WHERE topic_key = 'tariffs'"
        )
        assert after[0] == 2


async def test_delivery_progress_is_kept_per_part(target: str) -> None:
    async with await open_store(target) as store:
        await _channel(store)
        await _record(store, "d1", [], claim=DigestClaim("one", NOW + WEEK))
        await store.mark_part_sent("d1", 0, "m1", DigestClaim("one", NOW + 2 * WEEK))
        await store.mark_part_sent("d1", 1, "m2")
        await store.record_attempt_failure("d1", "HTTP 503")
        pending = await store.pending_digest(DESK)
        assert pending is not None
        assert (pending.parts_sent, pending.message_ids, pending.attempts) == (2, ("m1", "m2"), 1)
        assert (pending.last_error, pending.claimed_by) == ("HTTP 503", None)
        await store.mark_delivered("d1", NOW + timedelta(minutes=1))
        delivered = await store.last_delivered(DESK)
        assert delivered is not None
        assert (delivered.id, delivered.delivered_at, delivered.attempts) == (
            "d1",
            NOW + timedelta(minutes=1),
            2,
        )
        assert await store.pending_digest(DESK) is None
