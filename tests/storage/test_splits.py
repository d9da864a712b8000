"""A split on both backends (issue 14): the item leaves its story for a new one, the split is
remembered, and both stories' topic hits are replaced."""

from __future__ import annotations

from datetime import timedelta

from bot.core.model import ChannelRef, TopicRecord
from bot.storage import StoryAssignment, StorySplit, open_store
from tests.storage.rig import NOW, item, ok

LATER = NOW + timedelta(hours=1)


def _placed(item_id: int, story_id: int, *, new: bool, lead: int) -> StoryAssignment:
    return StoryAssignment(
        item_id=item_id, story_id=story_id, new_story=new, lead_item_id=lead,
        rule="new" if new else "same event", score=0.0 if new else 0.9,
        matched_item_id=None if new else lead, note="", first_seen_at=NOW, published_at=NOW,
        backlog=False, outlet="A", lead_outlet="A",
    )  # fmt: skip


async def test_a_split_item_gets_a_story_of_its_own_and_never_rejoins(target: str) -> None:
    async with await open_store(target) as store:
        feed = await store.add_feed("https://a.example/rss", "A", NOW)
        saved = await store.save_fetch(
            feed.id, [item(1), item(2)], ok(), first_fetch_is_backlog=False
        )
        lead, other = (s.id for s in saved.new_items)
        story = await store.reserve_story_ids(1)
        await store.save_story_assignments(
            [
                _placed(lead, story, new=True, lead=lead),
                _placed(other, story, new=False, lead=lead),
            ],
            [(story, "chips", ("chips",)), (story, "chips", ("chip",))],
            NOW,
        )
        assert (await store.get_story(story)).item_ids == (lead, other)  # type: ignore[union-attr]
        new = await store.reserve_story_ids(1)
        split = StorySplit(
            item_id=other, old_story_id=story, new_story_id=new, old_lead_item_id=lead,
            old_outlets=("A",), new_outlets=("A",), old_topics=(("chips", ("chips",)),),
            new_topics=(("tariffs", ("tariff",)),),
        )  # fmt: skip
        await store.split_story_item(split, "split by an admin", LATER)

        assert [m.item_id for m in await store.story_members(story)] == [lead]
        assert [m.item_id for m in await store.story_members(new)] == [other]
        assert await store.story_splits() == [(other, story)]
        assert await store.splits_since(NOW) == [(other, story, new, LATER)]
        assert await store.splits_since(LATER) == []
        [trace] = await store.trace_items(other, None)
        assert (trace.story_id, trace.rule, trace.note) == (new, "split", "split by an admin")
        moved = await store.get_story(new)
        assert moved is not None
        assert (moved.topics, moved.outlets, moved.lead_item_id) == (
            {"tariffs": ("tariff",)},
            ("A",),
            other,
        )
        kept = await store.get_story(story)
        assert kept is not None
        assert kept.topics == {"chips": ("chips",)}
        assert await store.item_feeds([lead, other]) == {lead: feed.id, other: feed.id}


async def test_a_split_loses_no_story_and_sends_no_item_twice(target: str) -> None:
    """Story 1 went out in a digest, story 2 did not yet; an item is split out of each. The next
    digest must still carry story 2 and the item split out of it, and must not carry story 1
    again nor the item split out of it (the channel saw it inside story 1)."""
    desk = ChannelRef("console", "desk")
    topic = TopicRecord("chips", "chips", "", "chip*", "", "user")
    async with await open_store(target) as store:
        await store.upsert_topic(topic, NOW)
        await store.ensure_channel(desk, timezone="UTC", schedule="08:00", now=NOW)
        await store.subscribe(desk, [topic.key], NOW)
        feed = await store.add_feed("https://a.example/rss", "A", NOW)
        saved = await store.save_fetch(
            feed.id, [item(n) for n in range(1, 5)], ok(), first_fetch_is_backlog=False
        )
        a1, a2, b1, b2 = (s.id for s in saved.new_items)

        async def story(lead: int, other: int) -> int:
            sid = await store.reserve_story_ids(1)
            await store.save_story_assignments(
                [
                    _placed(lead, sid, new=True, lead=lead),
                    _placed(other, sid, new=False, lead=lead),
                ],
                [(sid, topic.key, ("chips",))],
                NOW,
            )
            return sid

        async def candidates() -> list[int]:
            rows = await store.digest_candidates(
                desk,
                base=await store.last_recorded(desk),
                upto_seq=await store.last_hit_seq(),
                published_after=NOW - timedelta(days=7),
            )
            return [row.id for row, _fresh in rows]

        sent = await story(a1, a2)
        await store.record_digest(
            "d1", desk, slot_key=None, created_at=NOW, until_seq=await store.last_hit_seq(),
            content="{}", story_ids=[sent], after_n=0,
        )  # fmt: skip
        await store.mark_delivered("d1", NOW)
        waiting = await story(b1, b2)
        assert await candidates() == [waiting]

        splits = []
        for old, lead, moved in ((sent, a1, a2), (waiting, b1, b2)):
            new = await store.reserve_story_ids(1)
            splits.append(new)
            await store.split_story_item(
                StorySplit(
                    item_id=moved,
                    old_story_id=old,
                    new_story_id=new,
                    old_lead_item_id=lead,
                    old_outlets=("A",),
                    new_outlets=("A",),
                    old_topics=((topic.key, ("chips",)),),
                    new_topics=((topic.key, ("chip",)),),
                ),
                "split by an admin",
                LATER,
            )
        assert await candidates() == [waiting, splits[1]]
