"""A split on both backends (issue 14): the item leaves its story for a new one, the split is
remembered, and both stories' topic hits are replaced."""

from __future__ import annotations

from datetime import timedelta

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
