"""Two stories one item bridged become one, on both backends (issue 14): items, topic hits,
digests that carried either, splits and times all go to the story that stays, and a process
that still places into the old story is sent to the new one."""

from __future__ import annotations

from datetime import timedelta

from bot.core.model import ChannelRef
from bot.storage import StoryAssignment, StorySplit, open_store
from tests.storage.rig import NOW, item, ok

LATER = NOW + timedelta(hours=1)
DESK = ChannelRef("console", "desk")


def _placed(item_id: int, story_id: int, *, new: bool, outlet: str = "A") -> StoryAssignment:
    return StoryAssignment(
        item_id=item_id, story_id=story_id, new_story=new, lead_item_id=item_id,
        rule="new" if new else "similar", score=0.0, matched_item_id=None, note="",
        first_seen_at=NOW, published_at=NOW, backlog=False, outlet=outlet, lead_outlet=outlet,
    )  # fmt: skip


async def test_a_merge_moves_everything_and_is_followed_later(target: str) -> None:
    async with await open_store(target) as store:
        a = await store.add_feed("https://a.example/rss", "A", NOW)
        b = await store.add_feed("https://b.example/rss", "B", NOW)
        early = item(1, published_at=NOW - timedelta(hours=3))
        one, two = (
            await store.save_fetch(a.id, [early, item(2)], ok(), first_fetch_is_backlog=False)
        ).new_items
        [three] = (
            await store.save_fetch(b.id, [item(3)], ok(), first_fetch_is_backlog=False)
        ).new_items
        keep = await store.reserve_story_ids(2)
        gone = keep + 1
        await store.save_story_assignments(
            [
                _placed(one.id, gone, new=True),
                _placed(two.id, keep, new=True),
                _placed(three.id, gone, new=False, outlet="B"),
            ],
            [],
            NOW,
        )
        await store.split_story_item(
            StorySplit(
                item_id=three.id, old_story_id=gone, new_story_id=await store.reserve_story_ids(1),
                old_lead_item_id=one.id, old_outlets=("A",), new_outlets=("B",),
            ),
            "split",
            NOW,
        )  # fmt: skip
        await store.save_story_assignments(
            [],
            [(gone, "chips", ("chip",)), (gone, "trade", ("tariff",)), (keep, "chips", ("wafer",))],
            NOW,
        )
        seqs = {
            (r[0], r[1]): r[2]
            for r in await store._fetchall("SELECT story_id, topic_key, seq FROM story_topics")  # type: ignore[attr-defined]
        }
        await store.ensure_channel(DESK, timezone="UTC", schedule="08:00", now=NOW)
        await store.record_digest(
            "d1", DESK, slot_key=None, created_at=NOW, until_seq=await store.last_hit_seq(),
            content="{}", story_ids=[gone], after_n=0,
        )  # fmt: skip

        moved = await store.save_story_assignments([], [], LATER, merges=[(gone, keep)])

        assert moved == {}
        assert await store.get_story(gone) is None
        story = await store.get_story(keep)
        assert story is not None
        assert sorted(story.item_ids) == sorted([one.id, two.id])
        assert story.topics == {"chips": ("wafer", "chip"), "trade": ("tariff",)}
        assert story.published_at == early.published_at  # the earlier of the two
        after = {
            (r[0], r[1]): r[2]
            for r in await store._fetchall("SELECT story_id, topic_key, seq FROM story_topics")  # type: ignore[attr-defined]
        }
        assert after[(keep, "chips")] == max(seqs[(keep, "chips")], seqs[(gone, "chips")])
        assert after[(keep, "trade")] == seqs[(gone, "trade")]
        assert [d.id for d, _ in await store.story_in_digests(DESK, keep)] == ["d1"]
        assert await store.story_in_digests(DESK, gone) == []
        assert await store.story_splits() == [(three.id, keep)]  # the split holds for both
        assert await store.story_merges_since(NOW) == [(gone, keep)]
        assert await store.story_merges_since(LATER) == []

        # Another process, whose index still has the old story, places an item into it.
        [four] = (
            await store.save_fetch(b.id, [item(4)], ok(), first_fetch_is_backlog=False)
        ).new_items
        late = await store.save_story_assignments(
            [_placed(four.id, gone, new=False, outlet="B")], [(gone, "chips", ("chip",))], LATER
        )
        assert late == {four.id: keep}
        story = await store.get_story(keep)
        assert story is not None
        assert four.id in story.item_ids
        assert story.topics["chips"] == ("wafer", "chip")


async def test_merges_follow_one_another(target: str) -> None:
    """A story merged into one that is merged in turn ends in the last one."""
    async with await open_store(target) as store:
        feed = await store.add_feed("https://a.example/rss", "A", NOW)
        saved = await store.save_fetch(
            feed.id, [item(n) for n in range(3)], ok(), first_fetch_is_backlog=False
        )
        first = await store.reserve_story_ids(3)
        await store.save_story_assignments(
            [_placed(s.id, first + n, new=True) for n, s in enumerate(saved.new_items)], [], NOW
        )
        await store.save_story_assignments([], [], NOW, merges=[(first, first + 1)])
        await store.save_story_assignments(
            [], [], LATER, merges=[(first + 1, first + 2), (first, first + 1)]
        )
        story = await store.get_story(first + 2)
        assert story is not None
        assert sorted(story.item_ids) == sorted(s.id for s in saved.new_items)
        assert await store.get_story(first) is None
        assert await store.get_story(first + 1) is None
        assert sorted(await store.story_merges_since(NOW - timedelta(1))) == [
            (first, first + 2),
            (first + 1, first + 2),
        ]


async def test_a_batch_that_merges_its_own_story_reports_no_redirect(target: str) -> None:
    """The caller's index made the merge itself: only placements into a story merged away
    before the batch (by another process) come back."""
    async with await open_store(target) as store:
        feed = await store.add_feed("https://a.example/rss", "A", NOW)
        saved = await store.save_fetch(
            feed.id, [item(n) for n in range(3)], ok(), first_fetch_is_backlog=False
        )
        one, two, three = (s.id for s in saved.new_items)
        first = await store.reserve_story_ids(2)
        back = await store.save_story_assignments(
            [
                _placed(one, first, new=True),
                _placed(two, first + 1, new=True),
                _placed(three, first + 1, new=False),
            ],
            [],
            NOW,
            merges=[(first + 1, first)],
        )
        assert back == {}
        story = await store.get_story(first)
        assert story is not None
        assert sorted(story.item_ids) == sorted([one, two, three])


async def test_the_merged_story_lists_its_lead_items_outlet_first(target: str) -> None:
    """The bridging item may make the other story's lead the lead of the merged one."""
    async with await open_store(target) as store:
        ids = []
        for n, name in enumerate(("A", "B", "C")):
            feed = await store.add_feed(f"https://{name.lower()}.example/rss", name, NOW)
            saved = await store.save_fetch(feed.id, [item(n)], ok(), first_fetch_is_backlog=False)
            ids.append(saved.new_items[0].id)
        first = await store.reserve_story_ids(2)
        await store.save_story_assignments(
            [_placed(ids[0], first, new=True), _placed(ids[1], first + 1, new=True, outlet="B")],
            [],
            NOW,
        )
        bridge = StoryAssignment(
            item_id=ids[2], story_id=first, new_story=False, lead_item_id=ids[1],
            rule="similar", score=2.0, matched_item_id=ids[0], note="", first_seen_at=NOW,
            published_at=NOW, backlog=False, outlet="C", lead_outlet="B",
        )  # fmt: skip
        await store.save_story_assignments([bridge], [], NOW, merges=[(first + 1, first)])
        story = await store.get_story(first)
        assert story is not None
        assert story.lead_item_id == ids[1]
        assert story.outlets == ("B", "A", "C")
