"""``StoryBook``: places new items into stories and tags stories with the topics they match.

The decisions are the core's (``bot.core.dedupe.StoryIndex``, ``bot.core.match.TopicIndex``); this
module keeps their in-memory indexes in step with the store. At start it rebuilds the story index
(and with it the rolling IDF) from the items inside the window, by publication *or* arrival time,
re-applies the splits admins made, and places any item a crash left without a story. Placement
is serialized by a lock, story ids are reserved from the store (no two processes get one), and
each batch's membership and topic hits are written in one transaction. On PostgreSQL, where
several processes place items, each looks for the others' placements before deciding.

Off the event loop: a large batch (a first poll, a backfill) is decided in a worker thread
(``asyncio.to_thread``). That does not make grouping faster, since the GIL still runs one thread
at a time, but the interpreter switches threads every few milliseconds, so the chat gateway's
heartbeat and other commands keep running during a batch of thousands of items. Small batches,
the usual case, run inline: a thread hop would cost more than the work.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.core.dedupe import DedupeSettings, MergeDecision, StoryDoc, StoryIndex, choose_lead
from bot.core.match import TopicIndex
from bot.core.model import Clock
from bot.core.query import Query
from bot.storage import Store, StoredItem, StoryAssignment, WindowItem
from bot.stories.splits import StorySplits

log = logging.getLogger(__name__)

THREAD_BATCH = 256
"""Batches at least this large are decided in a worker thread (see the module docstring)."""
SYNC_EVERY = timedelta(seconds=2)
SYNC_MARGIN = timedelta(minutes=10)


@dataclass(frozen=True, slots=True)
class PlaceResult:
    new_stories: int
    joined: int


class StoryBook(StorySplits):
    def __init__(
        self, store: Store, settings: DedupeSettings, clock: Clock, *, shared: bool = False
    ) -> None:
        self.store = store
        self.shared = shared
        """Other processes place items into this database too (PostgreSQL): look for their
        placements before deciding (``_sync_placements``)."""
        self.settings = settings
        self.clock = clock
        self.index = StoryIndex(settings)
        self.topics = TopicIndex.compile({})
        self._leads: dict[int, StoryDoc] = {}
        self._lock = asyncio.Lock()
        self._loaded = False
        self._splits_seen_at = clock()
        self._placed_seen_at = clock()

    def set_topics(self, topics: Mapping[str, Query]) -> None:
        """Recompile the topic index (all topics in use, compiled together)."""
        self.topics = TopicIndex.compile(topics)

    async def ensure_loaded(self) -> PlaceResult:
        """Load once, on first need: commands that never place items never pay for the index."""
        if self._loaded:
            return PlaceResult(0, 0)
        return await self.load()

    async def load(self) -> PlaceResult:
        """Rebuild the index from the window, then place items a crash left unplaced."""
        await self._load_index()
        unplaced = await self.store.unassigned_item_ids()
        if not unplaced:
            return PlaceResult(0, 0)
        log.info("placing items left without a story count=%d", len(unplaced))
        return await self.place(await self.store.get_items(unplaced))

    async def _load_index(self) -> None:
        async with self._lock:
            self._loaded = True
            self.index = StoryIndex(self.settings)
            self._leads.clear()
            cutoff = self.clock() - self.settings.window
            rows = await self.store.window_items(cutoff)
            for row in rows:
                self._add_row(row)
            self._placed_seen_at = self.clock()
            for item_id, story_id in await self.store.story_splits():
                self.index.block(item_id, story_id)
            self._splits_seen_at = self.clock()
            log.info("story index loaded items=%d", len(rows))

    def _add_row(self, row: WindowItem) -> None:
        doc = StoryDoc(
            row.item_id, row.outlet, row.url, row.title, row.summary, row.published_at,
            row.feed_id, row.date_estimated, row.first_seen_at,
        )  # fmt: skip
        self.index.add(doc, row.story_id)
        if row.item_id == row.lead_item_id:
            self._leads[row.story_id] = doc

    async def _sync_placements(self, now: datetime) -> None:
        """Several processes on one database (issue 18): index the items the others placed
        since the last look, so the same event fetched by two processes still becomes one story.

        At most every ``SYNC_EVERY``; the look reaches ``SYNC_MARGIN`` further back than the
        last one, because an item is placed a little after it was first seen. Two processes
        deciding on one event within the same few seconds may still open two stories.
        """
        if not self.shared or now - self._placed_seen_at < SYNC_EVERY:
            return
        since = self._placed_seen_at - SYNC_MARGIN
        self._placed_seen_at = now
        added = merged = 0
        for row in await self.store.window_items(since):
            if self.index.story_of(row.item_id) is None:
                self._add_row(row)
                added += 1
        for other, into in await self.store.story_merges_since(since):
            if self.index.has_story(other):
                self.index.merge(into, other)
                self._leads.pop(other, None)
                merged += 1
        if added or merged:
            log.debug("story index synced items=%d merges=%d", added, merged)

    async def _sync_splits(self) -> None:
        """Apply splits another process (the command line) made since the last look."""
        for item_id, old, now_in, at in await self.store.splits_since(self._splits_seen_at):
            self.index.block(item_id, old)
            self.index.move(item_id, now_in)
            self._splits_seen_at = max(self._splits_seen_at, at)

    async def place(self, items: Sequence[StoredItem]) -> PlaceResult:
        """Give every item a story (new or existing) and record the topics it matched."""
        if not items:
            return PlaceResult(0, 0)
        if not self._loaded:
            await self._load_index()
        async with self._lock:
            now = self.clock()
            await self._sync_splits()
            await self._sync_placements(now)
            ids = [i.id for i in items]
            outlets = await self.store.item_outlets(ids)
            feeds = await self.store.item_feeds(ids)
            next_id = await self.store.reserve_story_ids(len(items))
            docs = [
                (
                    stored,
                    StoryDoc(
                        stored.id,
                        outlets.get(stored.id, ""),
                        stored.item.url,
                        stored.item.title,
                        stored.item.summary,
                        stored.item.published_at,
                        feeds.get(stored.id, 0),
                        stored.item.date_estimated,
                        stored.item.first_seen_at,
                    ),
                )
                for stored in sorted(items, key=lambda s: (s.item.published_at, s.id))
            ]
            if len(docs) >= THREAD_BATCH:
                placed, merges = await asyncio.to_thread(self._decide_all, docs, next_id)
            else:
                placed, merges = self._decide_all(docs, next_id)
            assignments = [a for a, _ in placed]
            hits = [h for _, batch in placed for h in batch]
            elsewhere = await self.store.save_story_assignments(assignments, hits, now, merges)
            for item_id, story_id in elsewhere.items():  # another process placed it first
                self.index.move(item_id, story_id)
            assignments = [a for a in assignments if a.item_id not in elsewhere]
            self._evict(now)
        new = sum(a.new_story for a in assignments)
        return PlaceResult(new, len(assignments) - new)

    def _decide_all(
        self, docs: Sequence[tuple[StoredItem, StoryDoc]], next_id: int
    ) -> tuple[
        list[tuple[StoryAssignment, list[tuple[int, str, tuple[str, ...]]]]], list[tuple[int, int]]
    ]:
        """Decide and index every doc in order (pure CPU work: safe in a worker thread).

        Returns each item's assignment with its topic hits, and the (story, story it went
        into) merges of the stories an item bridged, in order.
        """
        out: list[tuple[StoryAssignment, list[tuple[int, str, tuple[str, ...]]]]] = []
        merges: list[tuple[int, int]] = []
        for stored, doc in docs:
            decision = self.index.decide(doc)
            if decision.story_id is None:
                story_id, new_story, lead = next_id, True, doc
                next_id += 1
            else:
                story_id, new_story = decision.story_id, False
                leads = [self._leads.get(s) for s in (story_id, *decision.also)]
                known = {d.item_id: d for d in (*leads, doc) if d is not None}
                lead = known[choose_lead(list(known.values()))]
                for other in decision.also:
                    self.index.merge(story_id, other)
                    self._leads.pop(other, None)
                    merges.append((other, story_id))
            self.index.add(doc, story_id)
            self._leads[story_id] = lead
            log.debug("item placed item=%d %s", stored.id, decision.explain())
            hits = [
                (story_id, key, terms)
                for key, terms in self.topics.match(stored.item.title, stored.item.summary).items()
            ]
            out.append((_assignment(stored, doc, decision, story_id, new_story, lead), hits))
        return out, merges

    async def place_hook(self, items: Sequence[StoredItem]) -> None:
        """The ``Poller.on_new_items`` hook."""
        await self.place(items)

    def _evict(self, now: datetime) -> None:
        if self.index.evict_older_than(now - self.settings.window):
            self._leads = {s: d for s, d in self._leads.items() if self.index.has_story(s)}


def _assignment(
    stored: StoredItem,
    doc: StoryDoc,
    decision: MergeDecision,
    story_id: int,
    new_story: bool,
    lead: StoryDoc,
) -> StoryAssignment:
    return StoryAssignment(
        item_id=stored.id,
        story_id=story_id,
        new_story=new_story,
        lead_item_id=lead.item_id,
        rule=decision.rule,
        score=decision.score,
        matched_item_id=decision.matched_item_id,
        note=decision.explain(),
        first_seen_at=stored.item.first_seen_at,
        published_at=stored.item.published_at,
        backlog=stored.backlog,
        outlet=doc.outlet,
        lead_outlet=lead.outlet,
    )
