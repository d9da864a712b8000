"""``StoryBook``: places new items into stories and tags stories with the topics they match.

The decisions are the core's (``bot.core.dedupe.StoryIndex``, ``bot.core.match.TopicIndex``); this
module keeps their in-memory indexes in step with the store. At start it rebuilds the story index
from the items inside the window and places any item a crash left without a story. Placement is
serialized by a lock (story ids are allocated from the store under it), and each batch's
membership and topic hits are written in one transaction.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.core.dedupe import DedupeSettings, StoryDoc, StoryIndex, choose_lead
from bot.core.match import TopicIndex
from bot.core.model import Clock
from bot.core.query import Query
from bot.storage import Store, StoredItem, StoryAssignment

log = logging.getLogger(__name__)

RETAG_WINDOW = timedelta(days=7)
"""How far back a new or changed topic is matched against stored stories."""


@dataclass(frozen=True, slots=True)
class PlaceResult:
    new_stories: int
    joined: int


class StoryBook:
    def __init__(self, store: Store, settings: DedupeSettings, clock: Clock) -> None:
        self.store = store
        self.settings = settings
        self.clock = clock
        self.index = StoryIndex(settings)
        self.topics = TopicIndex.compile({})
        self._leads: dict[int, StoryDoc] = {}
        self._lock = asyncio.Lock()
        self._loaded = False

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
                doc = StoryDoc(
                    row.item_id, row.outlet, row.url, row.title, row.summary, row.published_at
                )
                self.index.add(doc, row.story_id)
                if row.item_id == row.lead_item_id:
                    self._leads[row.story_id] = doc
            log.info("story index loaded items=%d", len(rows))

    async def place(self, items: Sequence[StoredItem]) -> PlaceResult:
        """Give every item a story (new or existing) and record the topics it matched."""
        if not items:
            return PlaceResult(0, 0)
        if not self._loaded:
            await self._load_index()
        async with self._lock:
            now = self.clock()
            outlets = await self.store.item_outlets([i.id for i in items])
            next_id = await self.store.next_story_id()
            assignments: list[StoryAssignment] = []
            hits: list[tuple[int, str, tuple[str, ...]]] = []
            for stored in sorted(items, key=lambda s: (s.item.published_at, s.id)):
                item = stored.item
                doc = StoryDoc(
                    stored.id,
                    outlets.get(stored.id, ""),
                    item.url,
                    item.title,
                    item.summary,
                    item.published_at,
                )
                decision = self.index.decide(doc)
                if decision.story_id is None:
                    story_id, new_story, lead = next_id, True, doc
                    next_id += 1
                else:
                    story_id, new_story = decision.story_id, False
                    current = self._leads.get(story_id)
                    lead = doc
                    if current is not None:
                        lead_id = choose_lead([current, doc])
                        lead = current if lead_id == current.item_id else doc
                self.index.add(doc, story_id)
                self._leads[story_id] = lead
                log.debug("item placed item=%d %s", stored.id, decision.explain())
                assignments.append(
                    StoryAssignment(
                        item_id=stored.id,
                        story_id=story_id,
                        new_story=new_story,
                        lead_item_id=lead.item_id,
                        rule=decision.rule,
                        score=decision.score,
                        matched_item_id=decision.matched_item_id,
                        note=decision.explain(),
                        first_seen_at=item.first_seen_at,
                        published_at=item.published_at,
                        backlog=stored.backlog,
                        outlet=doc.outlet,
                        lead_outlet=lead.outlet,
                    )
                )
                for key, terms in self.topics.match(item.title, item.summary).items():
                    hits.append((story_id, key, terms))
            await self.store.save_story_assignments(assignments, hits, now)
            self._evict(now)
        new = sum(a.new_story for a in assignments)
        return PlaceResult(new, len(assignments) - new)

    async def place_hook(self, items: Sequence[StoredItem]) -> None:
        """The ``Poller.on_new_items`` hook."""
        await self.place(items)

    def _evict(self, now: datetime) -> None:
        cutoff = now - self.settings.window
        if self.index.evict_older_than(cutoff):
            self._leads = {s: d for s, d in self._leads.items() if d.published_at >= cutoff}

    async def retag(self, key: str, query: Query | None) -> int:
        """Recompute one topic's hits over recent stories (it was created, changed or removed)."""
        if query is None:
            await self.store.delete_topic_hits(key)
            return 0
        single = TopicIndex.compile({key: query})
        found: dict[int, list[str]] = {}
        for story_id, title, summary in await self.store.recent_story_texts(
            self.clock() - RETAG_WINDOW
        ):
            for terms in single.match(title, summary).values():
                bucket = found.setdefault(story_id, [])
                bucket.extend(t for t in terms if t not in bucket)
        await self.store.replace_topic_hits(key, [(s, tuple(t)) for s, t in found.items()])
        return len(found)
