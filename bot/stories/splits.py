"""Undoing a wrong merge (issue 14): an admin splits an item out of its story, for good.

The item becomes a story of its own; the old story gets a new lead, outlets and topics; the split
is stored (``story_splits``) so the item never rejoins that story, in this process (the index
blocks the pair at once) or in another (``StoryBook`` re-reads splits before placing). A mixin
of ``StoryBook``, whose index and lock it shares: a split and a placement never interleave.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from datetime import datetime

from bot.core.dedupe import StoryDoc, StoryIndex, choose_lead
from bot.core.match import TopicIndex
from bot.core.model import Clock
from bot.errors import UserError
from bot.storage import Store, StoryMember, StorySplit

log = logging.getLogger(__name__)


class StorySplits:
    """The split half of ``StoryBook`` (which provides these attributes)."""

    store: Store
    clock: Clock
    index: StoryIndex
    topics: TopicIndex
    _leads: dict[int, StoryDoc]
    _lock: asyncio.Lock
    _loaded: bool
    _splits_seen_at: datetime

    async def _load_index(self) -> None:
        raise NotImplementedError  # StoryBook's

    async def split(self, item_id: int) -> StorySplit:
        """Take ``item_id`` out of its story into a new one; it never rejoins the old story."""
        if not self._loaded:
            await self._load_index()
        async with self._lock:
            traces = await self.store.trace_items(item_id, None)
            if not traces:
                raise UserError(f"no stored item has the id {item_id}")
            old_story = traces[0].story_id
            if old_story is None:
                raise UserError(f"item {item_id} is not in a story yet")
            members = await self.store.story_members(old_story)
            mine = next(m for m in members if m.item_id == item_id)
            rest = [m for m in members if m.item_id != item_id]
            if not rest:
                raise UserError(f"item {item_id} is alone in story {old_story}: nothing to split")
            rest_docs = [member_doc(m) for m in rest]
            lead_id = members[0].item_id
            if lead_id == item_id:
                lead_id = choose_lead(rest_docs)
            new_story = await self.store.next_story_id()
            split = StorySplit(
                item_id=item_id,
                old_story_id=old_story,
                new_story_id=new_story,
                old_lead_item_id=lead_id,
                old_outlets=_outlets([m for m in rest if m.item_id == lead_id] + rest),
                new_outlets=_outlets([mine]),
                old_topics=self._topics_of(rest),
                new_topics=self._topics_of([mine]),
            )
            note = f"split out of story {old_story} by an admin; never rejoins it"
            now = self.clock()
            await self.store.split_story_item(split, note, now)
            self._splits_seen_at = max(self._splits_seen_at, now)
            self.index.block(item_id, old_story)
            doc = member_doc(mine)
            self.index.add(doc, new_story)
            self._leads[new_story] = doc
            if self._leads.get(old_story) is not None and lead_id != item_id:
                self._leads[old_story] = next(d for d in rest_docs if d.item_id == lead_id)
            log.info("item split item=%d from=%d to=%d", item_id, old_story, new_story)
            return split

    def _topics_of(self, members: Sequence[StoryMember]) -> tuple[tuple[str, tuple[str, ...]], ...]:
        found: dict[str, list[str]] = {}
        for m in members:
            for key, terms in self.topics.match(m.title, m.summary).items():
                bucket = found.setdefault(key, [])
                bucket.extend(t for t in terms if t not in bucket)
        return tuple((k, tuple(v)) for k, v in found.items())


def member_doc(m: StoryMember) -> StoryDoc:
    return StoryDoc(
        m.item_id, m.outlet, m.url, m.title, m.summary, m.published_at, m.feed_id or 0,
        m.date_estimated, m.first_seen_at,
    )  # fmt: skip


def _outlets(members: Sequence[StoryMember]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(m.outlet for m in members if m.outlet))
