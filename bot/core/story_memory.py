"""What the story index remembers: items in the window, their stories, and the lookups.

Why a module of its own: ``dedupe.StoryIndex`` decides; this keeps the state those decisions
read, and keeps it cheap. Every item is filed under all its headline+lead tokens in posting
lists (plain lists of ids, newest last), under its link and under its headline key; removal
only drops the entry, and the lists are compacted in bulk once dead ids outnumber live ones
four to one, so adding, evicting and looking up stay O(1) amortized per id. Evictions come off a
heap keyed by the later of an item's publication and arrival times (item time, not the clock:
a backfill stays as long as it is fresh to the bot). The rolling IDF (``bot.core.idf``) is
updated here, on the same add and remove; it counts stories per token, so a story of two or more
items keeps its tokens' counts (``Story.tokens``) to know when it gains or loses a token. A story
of one item needs none: its item's tokens are its tokens.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from dataclasses import dataclass

from bot.core.evidence import Probe
from bot.core.idf import RollingIdf
from bot.core.similarity import Features


@dataclass(slots=True)
class Entry:
    item_id: int
    story_id: int
    feed_id: int
    at: float  # publication time, POSIX seconds
    expires: float  # the later of publication and arrival
    estimated: bool
    url: str
    features: Features


@dataclass(slots=True)
class Story:
    members: list[int]
    first_at: float | None  # over members with a date of their own; None when none has one
    last_at: float | None
    tokens: dict[str, int] | None = None  # token -> members holding it; None for one member


class StoryMemory:
    """Entries, stories, postings, links, headline keys and the rolling IDF of the window."""

    __slots__ = (
        "_dead",
        "_expiry",
        "by_key",
        "by_link",
        "entries",
        "idf",
        "postings",
        "stories",
        "window_s",
    )

    def __init__(self, window_s: float) -> None:
        self.window_s = window_s
        self.entries: dict[int, Entry] = {}
        self.stories: dict[int, Story] = {}
        self.by_link: dict[str, list[int]] = {}
        self.by_key: dict[str, list[int]] = {}
        self.postings: dict[str, list[int]] = {}
        self.idf = RollingIdf()
        self._expiry: list[tuple[float, int]] = []
        self._dead = 0

    def near(self, entry: Entry, at: float, estimated: bool) -> bool:
        """Within the window in item time; an undated side (its time is when it was polled)
        compares with what was published or arrived within the window of that time."""
        if estimated or entry.estimated:
            return abs(entry.expires - at) <= self.window_s
        return abs(entry.at - at) <= self.window_s

    def shared_rare(
        self, probe: Probe, estimated: bool, cap: int, rare_tokens: int, head_first: float
    ) -> dict[int, float]:
        """Items near the probe -> the weight of the rare tokens they share with it.

        Tokens are read rarest first (headline tokens as if ``head_first`` times rarer), each
        posting list newest first and at most ``cap`` ids deep; a token whose postings hold
        nothing in the window (a word only last month's items used) does not count toward
        ``rare_tokens``, but at most ``4 * rare_tokens`` lists are read.
        """
        postings, entries, window = self.postings, self.entries, self.window_s
        features, weights, at = probe.features, probe.weights, probe.at
        df = self.idf.table(0.0).sf.get  # stories per token (``RollingIdf.df``)
        head, lead = features.body[: features.head_len], features.body[features.head_len :]
        ranked = [(df(t, 0) * head_first, t) for t in head if t in postings]
        ranked += [(df(t, 0), t) for t in lead if t in postings]
        ranked.sort()
        known = [t for _, t in ranked]
        mass: dict[int, float] = {}
        useful = 0
        for token in known[: 4 * rare_tokens]:
            before, w = len(mass), weights[token]
            for item_id in postings[token][: -cap - 1 : -1]:
                entry = entries.get(item_id)
                if entry is None:
                    continue
                if estimated or entry.estimated:  # ``near``, inlined in this hot loop
                    if abs(entry.expires - at) > window:
                        continue
                elif abs(entry.at - at) > window:
                    continue
                mass[item_id] = mass.get(item_id, 0.0) + w
            useful += len(mass) > before
            if useful >= rare_tokens or len(mass) >= cap:
                break
        return mass

    def add(self, entry: Entry) -> None:
        """File ``entry`` (its item must not be filed already)."""
        item_id, features = entry.item_id, entry.features
        self.entries[item_id] = entry
        gains, new_story = self._join(entry)
        if entry.url:
            self.by_link.setdefault(entry.url, []).append(item_id)
        self.by_key.setdefault(features.key, []).append(item_id)
        postings = self.postings
        for token in features.body:
            ids = postings.get(token)
            if ids is None:
                postings[token] = [item_id]
            else:
                ids.append(item_id)
        self.idf.add(features.body, features.caps, gains, new_story)
        heapq.heappush(self._expiry, (entry.expires, item_id))

    def remove(self, item_id: int) -> None:
        entry = self.entries.pop(item_id)
        losses, gone = self._leave(entry)
        self.idf.remove(entry.features.body, entry.features.caps, losses, gone)
        self._dead += len(entry.features.body) + 2

    def _join(self, entry: Entry) -> tuple[Sequence[str], bool]:
        """Add ``entry`` to its story; (the tokens the story gains, whether the story is new)."""
        body = entry.features.body
        story = self.stories.get(entry.story_id)
        if story is None:
            self.stories[entry.story_id] = Story(
                [entry.item_id], None if entry.estimated else entry.at,
                None if entry.estimated else entry.at,
            )  # fmt: skip
            return body, True
        counts = story.tokens
        if counts is None:  # a second member: start counting
            counts = story.tokens = dict.fromkeys(self.entries[story.members[0]].features.body, 1)
        gains = [token for token in body if token not in counts]
        for token in body:
            counts[token] = counts.get(token, 0) + 1
        story.members.append(entry.item_id)
        if not entry.estimated:
            at = entry.at
            story.first_at = at if story.first_at is None else min(story.first_at, at)
            story.last_at = at if story.last_at is None else max(story.last_at, at)
        return gains, False

    def _leave(self, entry: Entry) -> tuple[Sequence[str], bool]:
        """Take ``entry`` out of its story; (the tokens the story loses, whether it is gone)."""
        story = self.stories[entry.story_id]
        story.members.remove(entry.item_id)
        if not story.members:
            del self.stories[entry.story_id]
            return entry.features.body, True
        counts = story.tokens
        losses: list[str] = []
        if counts is not None:
            for token in entry.features.body:
                left = counts[token] - 1
                if left:
                    counts[token] = left
                else:
                    del counts[token]
                    losses.append(token)
            if len(story.members) == 1:
                story.tokens = None
        self._restamp(story)
        return losses, False

    def move(self, item_id: int, story_id: int) -> None:
        """Put a filed item in another story; an unknown item is ignored."""
        entry = self.entries.get(item_id)
        if entry is None or entry.story_id == story_id:
            return
        losses, gone = self._leave(entry)
        entry.story_id = story_id
        gains, new_story = self._join(entry)
        self.idf.shift(gains, losses, new_story - gone)

    def _restamp(self, story: Story) -> None:
        times = [e.at for e in (self.entries[i] for i in story.members) if not e.estimated]
        story.first_at, story.last_at = (min(times), max(times)) if times else (None, None)

    def evict_before(self, limit: float) -> int:
        """Drop items published *and* filed before ``limit`` (POSIX seconds); how many."""
        dropped, heap = 0, self._expiry
        while heap and heap[0][0] < limit:
            expires, item_id = heapq.heappop(heap)
            entry = self.entries.get(item_id)
            if entry is not None and entry.expires == expires:
                self.remove(item_id)
                dropped += 1
        if self._dead > 4 * len(self.entries) + 10_000:
            self._compact()
        return dropped

    def _compact(self) -> None:
        """Rewrite the lookup lists without the ids of evicted items (amortized O(1) per id)."""
        live = self.entries
        for index in (self.postings, self.by_link, self.by_key):
            for key in list(index):
                ids = [i for i in dict.fromkeys(index[key]) if i in live]
                if ids:
                    index[key] = ids
                else:
                    del index[key]
        self._dead = 0
