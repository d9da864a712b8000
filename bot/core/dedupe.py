"""Group the same story from different outlets into one story (issue 4).

A new item joins a story when, in this order:

1. ``same_link``: another item in the index has the same canonical link (``StoryDoc.url`` is
   already canonical: ``Item.url``);
2. ``same_headline``: another item within the window has the same normalized headline (case,
   punctuation and a trailing " - Reuters" / " | BBC News" removed), and the headline has at
   least ``min_headline_tokens`` tokens, so "Opinion" or "Live updates" never merge;
3. ``similar``: the best candidate within the window scores at least ``similarity_threshold`` on
   headline-plus-lead similarity (``bot.core.similarity``) and nothing in the two headlines
   contradicts (different numbers, opposite verbs, names only one side mentions).

Precision comes first: a wrong merge hides a story from a reader, a missed merge only repeats one.
The defaults were measured on ``tests/data/stories_labeled.json`` (``tests/test_story_quality``).

Cost per item does not grow with the number of stored stories. The index keeps, per token, the
ids of the docs whose headline has it (an insertion-ordered dict, so deletion is O(1) and the
newest come first when iterated in reverse). A lookup takes the ``rare_tokens`` rarest tokens of
the new headline, reads at most ``max_candidates`` ids from each of their postings (newest
first) and stops after ``max_candidates`` distinct candidates, then verifies each candidate in
time linear in the two texts. So a decision costs O(rare_tokens * max_candidates + max_candidates
* text length) whatever the size of the index; adding a doc costs O(its tokens). Docs older than
the window are dropped by ``evict_older_than`` through day buckets, in time proportional to the
docs dropped. The store rebuilds the index at start from the items in the window.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from bot.core.similarity import Features, conflict, similarity

RULE_LINK = "same_link"
RULE_HEADLINE = "same_headline"
RULE_SIMILAR = "similar"
RULE_NEW = "new"


@dataclass(frozen=True, slots=True)
class StoryDoc:
    """What the index needs of one stored item."""

    item_id: int
    outlet: str
    url: str
    title: str
    summary: str
    published_at: datetime
    feed_id: int = 0
    date_estimated: bool = False


@dataclass(frozen=True, slots=True)
class DedupeSettings:
    """Thresholds of the ``[stories]`` config section.

    - ``window`` 72 h: follow-up reports of one event arrive within a day or two; beyond three
      days the same words more likely mean a new development.
    - ``similarity_threshold`` 0.50: on the labeled set 0.48 is the lowest value with pairwise
      precision 1.0 (0.45 merges "A look at other airport attacks" into the shooting itself and
      two episodes of one BBC Chinese programme); 0.50 keeps a margin.
    - ``min_headline_tokens`` 4: shorter headlines ("Opinion", "Nishikori into final") recur too
      often to merge on equality alone; they can merge only when their leads overlap enough.
    - ``max_candidates`` 50 and ``rare_tokens`` 6 bound the work per item (see module docstring).
    - ``lead_chars`` 300: about the first two sentences of a summary, where the facts are.
    """

    window: timedelta = timedelta(hours=72)
    similarity_threshold: float = 0.50
    min_headline_tokens: int = 4
    max_candidates: int = 50
    rare_tokens: int = 6
    lead_chars: int = 300


@dataclass(frozen=True, slots=True)
class MergeDecision:
    """Which story a new item joins, by which rule, with what score.

    ``also`` lists other stories that the same link or headline connects the item to: the item
    bridges them, and a caller that wants order-independent grouping merges them into
    ``story_id`` (``group`` does).
    """

    story_id: int | None
    rule: str
    score: float
    matched_item_id: int | None
    threshold: float = 0.0
    veto: str | None = None
    also: tuple[int, ...] = ()  # other stories the exact rules connect this item to

    def explain(self) -> str:
        """One line for ``python -m bot why``."""
        if self.rule == RULE_LINK:
            return f"joined story {self.story_id}: same link as item {self.matched_item_id}"
        if self.rule == RULE_HEADLINE:
            return f"joined story {self.story_id}: same headline as item {self.matched_item_id}"
        if self.rule == RULE_SIMILAR:
            return (
                f"joined story {self.story_id}: headline+lead similarity {self.score:.2f} "
                f"≥ {self.threshold:.2f} with item {self.matched_item_id}"
            )
        if self.matched_item_id is None:
            return "new story: no candidate within the window"
        if self.veto is not None:
            return f"new story: item {self.matched_item_id} scored {self.score:.2f} but {self.veto}"
        return (
            f"new story: best similarity {self.score:.2f} < {self.threshold:.2f} "
            f"(item {self.matched_item_id})"
        )


@dataclass(slots=True)
class _Entry:
    item_id: int
    story_id: int
    published_at: datetime
    url: str
    features: Features


class StoryIndex:
    """Items within the window, looked up by link, headline key and rare headline tokens."""

    __slots__ = ("_by_key", "_by_link", "_days", "_df", "_entries", "_postings", "settings")

    def __init__(self, settings: DedupeSettings) -> None:
        self.settings = settings
        self._entries: dict[int, _Entry] = {}
        self._by_link: dict[str, dict[int, None]] = {}
        self._by_key: dict[str, dict[int, None]] = {}
        self._postings: dict[str, dict[int, None]] = {}
        self._df: Counter[str] = Counter()
        self._days: dict[date, list[int]] = {}

    def __len__(self) -> int:
        return len(self._entries)

    def _features(self, doc: StoryDoc) -> Features:
        return Features.of(doc.title, doc.summary, self.settings.lead_chars)

    def _weight(self, token: str) -> float:
        return math.log((len(self._entries) + 1) / (self._df[token] + 1)) + 1.0

    def _in_window(self, entry: _Entry, at: datetime) -> bool:
        return abs(entry.published_at - at) <= self.settings.window

    def _candidates(self, features: Features, at: datetime) -> list[_Entry]:
        cap = self.settings.max_candidates
        rare = sorted(features.head, key=lambda t: (self._df[t], t))[: self.settings.rare_tokens]
        found: dict[int, _Entry] = {}
        for token in rare:
            for seen, item_id in enumerate(reversed(self._postings.get(token, {}))):
                if seen >= cap or len(found) >= cap:
                    break
                entry = self._entries[item_id]
                if self._in_window(entry, at):
                    found[item_id] = entry
        return list(found.values())

    def _exact_matches(self, doc: StoryDoc, features: Features) -> list[tuple[str, int]]:
        """Every item the exact rules connect ``doc`` to, the link match first.

        All of them, not only the first: when a doc bridges two stories, ``MergeDecision.also``
        names the others so that grouping does not depend on arrival order.
        """
        found: list[tuple[str, int]] = []
        linked = self._by_link.get(doc.url, {}) if doc.url else {}
        found.extend((RULE_LINK, item_id) for item_id in reversed(linked))
        if len(features.head) >= self.settings.min_headline_tokens:
            same_key = reversed(self._by_key.get(features.key, {}))
            found.extend(
                (RULE_HEADLINE, item_id)
                for item_id in same_key
                if self._in_window(self._entries[item_id], doc.published_at)
            )
        return found

    def decide(self, doc: StoryDoc) -> MergeDecision:
        """Which story ``doc`` joins; a pure lookup that changes nothing."""
        threshold = self.settings.similarity_threshold
        features = self._features(doc)
        exact = self._exact_matches(doc, features)
        if exact:
            rule, item_id = exact[0]
            story_id = self._entries[item_id].story_id
            others = {self._entries[i].story_id for _, i in exact} - {story_id}
            return MergeDecision(story_id, rule, 1.0, item_id, also=tuple(sorted(others)))
        weights: dict[str, float] = {}

        def weight(token: str) -> float:
            # memoized for this lookup: candidates share many tokens, and the log is the hot spot
            value = weights.get(token)
            if value is None:
                value = weights[token] = self._weight(token)
            return value

        joined: tuple[float, _Entry] | None = None
        vetoed: tuple[float, _Entry, str] | None = None
        closest: tuple[float, _Entry] | None = None
        for entry in self._candidates(features, doc.published_at):
            score = similarity(
                features, entry.features, weight, self.settings.min_headline_tokens, threshold
            )
            if closest is None or score > closest[0]:
                closest = (score, entry)
            if score < threshold:
                continue
            veto = conflict(features, entry.features)
            if veto is None and (joined is None or score > joined[0]):
                joined = (score, entry)
            elif veto is not None and (vetoed is None or score > vetoed[0]):
                vetoed = (score, entry, veto)
        if joined is not None:
            score, entry = joined
            return MergeDecision(entry.story_id, RULE_SIMILAR, score, entry.item_id, threshold)
        if vetoed is not None:
            score, entry, veto = vetoed
            return MergeDecision(None, RULE_NEW, score, entry.item_id, threshold, veto)
        if closest is not None:
            score, entry = closest
            return MergeDecision(None, RULE_NEW, score, entry.item_id, threshold)
        return MergeDecision(None, RULE_NEW, 0.0, None, threshold)

    def add(self, doc: StoryDoc, story_id: int) -> None:
        """Record that ``doc`` belongs to ``story_id`` (re-adding an item replaces it)."""
        if doc.item_id in self._entries:
            self._remove(doc.item_id)
        features = self._features(doc)
        self._entries[doc.item_id] = _Entry(
            doc.item_id, story_id, doc.published_at, doc.url, features
        )
        if doc.url:
            self._by_link.setdefault(doc.url, {})[doc.item_id] = None
        self._by_key.setdefault(features.key, {})[doc.item_id] = None
        for token in features.head:
            self._postings.setdefault(token, {})[doc.item_id] = None
        self._df.update(features.body)
        self._days.setdefault(doc.published_at.date(), []).append(doc.item_id)

    def _remove(self, item_id: int) -> None:
        entry = self._entries.pop(item_id)
        if entry.url:
            _discard(self._by_link, entry.url, item_id)
        _discard(self._by_key, entry.features.key, item_id)
        for token in entry.features.head:
            _discard(self._postings, token, item_id)
        self._df.subtract(entry.features.body)
        for token in entry.features.body:
            if self._df[token] <= 0:
                del self._df[token]
        bucket = self._days[entry.published_at.date()]
        bucket.remove(item_id)
        if not bucket:
            del self._days[entry.published_at.date()]

    def evict_older_than(self, cutoff: datetime) -> int:
        """Drop docs published before ``cutoff``; returns how many were dropped."""
        dropped = 0
        for day in sorted(d for d in self._days if d <= cutoff.date()):
            for item_id in list(self._days[day]):
                if self._entries[item_id].published_at < cutoff:
                    self._remove(item_id)
                    dropped += 1
        return dropped


def _discard(index: dict[str, dict[int, None]], key: str, item_id: int) -> None:
    ids = index[key]
    del ids[item_id]
    if not ids:
        del index[key]


def _quality(doc: StoryDoc) -> int:
    score = 0
    if doc.summary:
        score += 1
    if len(doc.summary) >= 60:
        score += 1
    if 20 <= len(doc.title) <= 140:
        score += 1
    if any(mark in doc.title + doc.summary for mark in ("Ã", "â€", "\ufffd")):
        score -= 2  # mojibake: UTF-8 read as cp1252 (tests/data/outlets/SOURCES.md)
    return score


def choose_lead(docs: Sequence[StoryDoc]) -> int:
    """The item id of the story's lead: the most complete title and summary, then the earliest."""
    if not docs:
        raise ValueError("choose_lead needs at least one doc")
    best = max(docs, key=lambda d: (_quality(d), -d.published_at.timestamp(), -d.item_id))
    return best.item_id


def group(docs: Iterable[StoryDoc], settings: DedupeSettings) -> dict[int, int]:
    """Group ``docs`` in the order given; returns item id -> story id (fresh ids from 1).

    Stories an item bridges (``MergeDecision.also``) are merged, so exact-key grouping is the
    same whatever the arrival order.
    """
    index = StoryIndex(settings)
    parent: dict[int, int] = {}

    def root(story: int) -> int:
        while parent[story] != story:
            parent[story] = parent[parent[story]]
            story = parent[story]
        return story

    assigned: dict[int, int] = {}
    for doc in docs:
        decision = index.decide(doc)
        story_id = decision.story_id
        if story_id is None:
            story_id = len(parent) + 1
            parent[story_id] = story_id
        for other in decision.also:
            parent[root(other)] = root(story_id)
        assigned[doc.item_id] = story_id
        index.add(doc, story_id)
    fresh: dict[int, int] = {}
    return {
        item_id: fresh.setdefault(root(story), len(fresh) + 1)
        for item_id, story in assigned.items()
    }
