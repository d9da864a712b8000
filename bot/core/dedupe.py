"""Group the reports of one event from many outlets into one story (issues 4 and 14).

A new item joins a story when, in this order:

1. ``same_link``: an item of *another feed* has the same canonical link. Two distinct items of
   one feed never merge on their link alone (a podcast whose every ``<link>`` is its home page);
2. ``same_headline``: an item within the window has the same normalized headline (case,
   punctuation, a trailing " - Reuters" removed) of at least ``min_headline_tokens`` tokens;
3. ``similar``: the story as a whole is close enough. Each story near the item is scored by its
   best member (``bot.core.evidence.compare``: IDF-weighted overlap and containment of headline
   and lead, shared names and numbers, time) and must pass guards against chaining one topic's
   successive events into a blob: the item must lie within ``SPAN_H`` of the story's first and
   last reports, a member that vetoes (a new toll half a day later, opposite words) counts
   against the story, and a story of three or more must also be close as a whole (its centroid).

An admin can split an item out of a story (``block``); the item never rejoins that story.

**Time is item time.** Items compare by their publication times, never the wall clock: a
backfill, a feed added with a week of items or a bot that was down still groups those items with
each other. Eviction (``evict_older_than``) drops an item only when both its publication time
and the time it entered the index are older than the cutoff, so memory stays bounded by what
arrived or was published within the window.

**Cost per item does not grow with the index.** Every item is indexed under all its headline+lead
tokens in posting lists (plain lists of ids, newest last; evicted ids are skipped and compacted
away in bulk). A lookup reads the newest ``max_candidates`` ids of the ``rare_tokens`` rarest
tokens of the new item, so it costs O(rare_tokens * max_candidates) plus the comparisons,
whatever the size of the index. Features are computed once per item (``decide`` keeps them for
the ``add`` that follows).
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from bot.core.evidence import (
    NAME_SHARE,
    THRESHOLD,
    Evidence,
    Probe,
    centroid_overlap,
    compare,
)
from bot.core.idf import RollingIdf
from bot.core.similarity import Features

RULE_LINK = "same_link"
RULE_HEADLINE = "same_headline"
RULE_SIMILAR = "similar"
RULE_NEW = "new"
RULE_SPLIT = "split"

SPAN_H = 36.0  # an item joins a story only within this many hours of its first and last report
CENTROID_MIN = 0.2  # a story of 3+ items must be this close as a whole (cosine to its centroid)
MEMBERS_COMPARED = 16
HEAD_FIRST = 0.25  # headline tokens are looked up as if this much rarer than lead tokens
PREFILTER = 0.75  # rare weight (in units) a story must share through the tokens looked up
MAX_STORIES = 6  # stories judged per item at most, those sharing the most rare weight
AVERAGE_GAP = 1.0  # the mean over the story's members may fall at most this far below the bar
SUPPORT = 0.15  # log-odds per other member that also matches fairly well: it fits the core
SUPPORT_GAP = 1.0  # a member supports when it scores within this of the threshold
SUPPORT_MAX = 3  # the newest members a new item is compared with, per story


@dataclass(frozen=True, slots=True)
class StoryDoc:
    """What the index needs of one stored item. ``seen_at`` defaults to ``published_at``."""

    item_id: int
    outlet: str
    url: str
    title: str
    summary: str
    published_at: datetime
    feed_id: int = 0  # 0: unknown (then a shared link always merges)
    date_estimated: bool = False
    seen_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class DedupeSettings:
    """The ``[stories]`` config section.

    - ``window`` 72 h: how far apart (in item time) two items may be and still be compared.
    - ``merge_log_odds`` 0.5: the score a story must reach (``bot.core.evidence``).
    - ``min_headline_tokens`` 4: shorter headlines ("Opinion") never merge on equality alone.
    - ``max_candidates`` 50 and ``rare_tokens`` 8 bound the work per item (module docstring).
    - ``lead_chars`` 300: about the first two sentences of a summary, where the facts are.
    """

    window: timedelta = timedelta(hours=72)
    merge_log_odds: float = THRESHOLD
    min_headline_tokens: int = 4
    max_candidates: int = 50
    rare_tokens: int = 8
    lead_chars: int = 300


@dataclass(frozen=True, slots=True)
class MergeDecision:
    """Which story a new item joins, by which rule, with what score and evidence.

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
    also: tuple[int, ...] = ()
    evidence: Evidence | None = field(default=None, compare=False)

    def explain(self) -> str:
        """One line for ``why``: the rule and, for an evidence decision, its breakdown."""
        detail = f"; {self.evidence.explain()}" if self.evidence is not None else ""
        if self.rule == RULE_LINK:
            return f"joined story {self.story_id}: same link as item {self.matched_item_id}"
        if self.rule == RULE_HEADLINE:
            return f"joined story {self.story_id}: same headline as item {self.matched_item_id}"
        if self.rule == RULE_SIMILAR:
            return (
                f"joined story {self.story_id} via item {self.matched_item_id}: "
                f"score {self.score:.2f} ≥ {self.threshold:.2f}{detail}"
            )
        if self.matched_item_id is None:
            return "new story: no candidate within the window"
        if self.veto is not None:
            return f"new story: item {self.matched_item_id} ruled out, {self.veto}{detail}"
        return (
            f"new story: best score {self.score:.2f} < {self.threshold:.2f} "
            f"(item {self.matched_item_id}){detail}"
        )


@dataclass(slots=True)
class _Entry:
    item_id: int
    story_id: int
    feed_id: int
    at: float  # publication time, POSIX seconds
    expires: float  # the later of publication and arrival
    estimated: bool
    url: str
    features: Features


@dataclass(slots=True)
class _Story:
    members: list[int]
    first_at: float | None  # over members with a date of their own; None when none has one
    last_at: float | None


@dataclass(slots=True)
class _Verdict:
    story_id: int
    score: float
    evidence: Evidence
    member: int
    veto: str | None


class StoryIndex:
    """Items within the window, looked up by link, headline key and rare tokens."""

    __slots__ = (
        "_blocked",
        "_by_key",
        "_by_link",
        "_dead",
        "_entries",
        "_expiry",
        "_idf",
        "_pending",
        "_postings",
        "_stories",
        "settings",
    )

    def __init__(self, settings: DedupeSettings) -> None:
        self.settings = settings
        self._entries: dict[int, _Entry] = {}
        self._stories: dict[int, _Story] = {}
        self._by_link: dict[str, list[int]] = {}
        self._by_key: dict[str, list[int]] = {}
        self._postings: dict[str, list[int]] = {}
        self._idf = RollingIdf()
        self._expiry: list[tuple[float, int]] = []
        self._blocked: dict[int, set[int]] = {}
        self._pending: tuple[StoryDoc, Features] | None = None
        self._dead = 0

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def idf(self) -> RollingIdf:
        return self._idf

    def _features(self, doc: StoryDoc) -> Features:
        pending = self._pending
        if pending is not None and pending[0] == doc:
            return pending[1]
        features = Features.of(doc.title, doc.summary, self.settings.lead_chars)
        self._pending = (doc, features)
        return features

    # -- splits ---------------------------------------------------------------------------------

    def block(self, item_id: int, story_id: int) -> None:
        """``item_id`` must never (re)join ``story_id`` (an admin split it out)."""
        self._blocked.setdefault(item_id, set()).add(story_id)

    def blocked(self, item_id: int) -> frozenset[int]:
        return frozenset(self._blocked.get(item_id, ()))

    # -- lookups --------------------------------------------------------------------------------

    def _near(self, entry: _Entry, at: float, estimated: bool) -> bool:
        """Within the window in item time; an undated side (its time is when it was polled)
        compares with what was published or arrived within the window of that time."""
        if estimated or entry.estimated:
            return abs(entry.expires - at) <= self._window_s
        return abs(entry.at - at) <= self._window_s

    @property
    def _window_s(self) -> float:
        return self.settings.window.total_seconds()

    def _candidates(self, probe: Probe, estimated: bool) -> dict[int, float]:
        """Stories near the probe, by the weight of the rare tokens their items share with it.

        Bounded work whatever the index size: tokens are read rarest first, each posting list
        newest first and at most ``max_candidates`` ids deep; a token whose postings hold
        nothing in the window (a word only last month's items used) does not count toward
        ``rare_tokens``, but at most ``4 * rare_tokens`` lists are read. Each story is ranked
        by its best item's shared weight, and only the ``MAX_STORIES`` best are judged.
        """
        cap, idf, postings = self.settings.max_candidates, self._idf, self._postings
        body, weights, at = probe.features.body, probe.weights, probe.at
        head, df = probe.head, idf.df
        known = [
            t
            for _, t in sorted(
                (df(t) * (HEAD_FIRST if t in head else 1.0), t) for t in body if t in postings
            )
        ]
        mass: dict[int, float] = {}
        entries, useful, window = self._entries, 0, self._window_s
        for token in known[: 4 * self.settings.rare_tokens]:
            before, w = len(mass), weights[token]
            for item_id in postings[token][: -cap - 1 : -1]:
                entry = entries.get(item_id)
                if entry is None:
                    continue
                if estimated or entry.estimated:  # see _near, inlined here
                    if abs(entry.expires - at) > window:
                        continue
                elif abs(entry.at - at) > window:
                    continue
                mass[item_id] = mass.get(item_id, 0.0) + w
            useful += len(mass) > before
            if useful >= self.settings.rare_tokens or len(mass) >= cap:
                break
        stories: dict[int, float] = {}
        floor = min(PREFILTER * probe.unit, max(mass.values(), default=0.0))  # keep the best
        for item_id, shared in mass.items():
            story = entries[item_id].story_id
            if shared >= floor and shared > stories.get(story, -1.0):
                stories[story] = shared
        if len(stories) > MAX_STORIES:
            ranked = sorted(stories.items(), key=lambda s: (-s[1], s[0]))[:MAX_STORIES]
            stories = dict(ranked)
        return stories

    def _exact_matches(self, doc: StoryDoc, features: Features) -> list[tuple[str, int]]:
        """Every item the exact rules connect ``doc`` to, the link matches first."""
        found: list[tuple[str, int]] = []
        at, entries = doc.published_at.timestamp(), self._entries
        blocked = self._blocked.get(doc.item_id, ())
        for item_id in reversed(self._by_link.get(doc.url, ()) if doc.url else ()):
            entry = entries.get(item_id)
            if entry is None or entry.story_id in blocked or item_id == doc.item_id:
                continue
            if entry.feed_id != doc.feed_id or not doc.feed_id:
                found.append((RULE_LINK, item_id))
        if len(features.head) >= self.settings.min_headline_tokens:
            for item_id in reversed(self._by_key.get(features.key, ())):
                entry = entries.get(item_id)
                if entry is None or entry.story_id in blocked or item_id == doc.item_id:
                    continue
                if self._near(entry, at, doc.date_estimated):
                    found.append((RULE_HEADLINE, item_id))
        return found

    def _probe(self, features: Features, doc: StoryDoc) -> Probe:
        idf = self._idf
        log_docs = idf.log_docs()

        def weight(token: str) -> float:
            return idf.weight(token, log_docs)

        caps = features.caps

        inner = features.inner_caps

        def is_name(token: str) -> bool:  # the new item counts too: it is not in the corpus yet
            if not idf.df(token):
                return token in inner  # unseen: trust where this item capitalizes it
            return idf.name_share(token, token in caps) >= NAME_SHARE

        def is_known_name(token: str) -> bool:
            return idf.name_share(token) >= NAME_SHARE

        at = doc.published_at.timestamp()
        return Probe.of(
            features, at, doc.date_estimated, weight, log_docs, is_name, is_known_name,
            idf.table(log_docs),
        )  # fmt: skip

    def decide(self, doc: StoryDoc) -> MergeDecision:
        """Which story ``doc`` joins; a pure lookup that changes nothing."""
        threshold = self.settings.merge_log_odds
        features = self._features(doc)
        exact = self._exact_matches(doc, features)
        if exact:
            rule, item_id = exact[0]
            story_id = self._entries[item_id].story_id
            others = {self._entries[i].story_id for _, i in exact} - {story_id}
            return MergeDecision(story_id, rule, 1.0, item_id, also=tuple(sorted(others)))
        probe = self._probe(features, doc)
        blocked = self._blocked.get(doc.item_id, ())
        stories = sorted(set(self._candidates(probe, doc.date_estimated)) - set(blocked))
        verdicts = [self._judge(probe, story_id, doc.feed_id) for story_id in stories]
        joinable = [v for v in verdicts if v.veto is None and v.score >= threshold]
        if joinable:
            best = max(joinable, key=lambda v: (v.score, -v.story_id))
            return MergeDecision(
                best.story_id, RULE_SIMILAR, best.score, best.member, threshold,
                evidence=best.evidence,
            )  # fmt: skip
        if not verdicts:
            return MergeDecision(None, RULE_NEW, 0.0, None, threshold)
        closest = max(verdicts, key=lambda v: (v.score, -v.story_id))
        return MergeDecision(
            None, RULE_NEW, closest.score, closest.member, threshold, closest.veto,
            evidence=closest.evidence,
        )  # fmt: skip

    def _judge(self, probe: Probe, story_id: int, feed: int) -> _Verdict:
        """Score one story as a whole: its best member, with the anti-chaining guards."""
        threshold = self.settings.merge_log_odds
        story = self._stories[story_id]
        entries = self._entries
        members = [entries[i] for i in story.members[-MEMBERS_COMPARED:]]
        best: tuple[float, Evidence, int] | None = None
        vetoes: list[tuple[Evidence, int]] = []
        scores: list[float] = []
        for entry in members:
            same_feed = bool(feed) and entry.feed_id == feed
            evidence = compare(probe, entry.features, entry.at, entry.estimated, same_feed)
            score = evidence.score - evidence.bar
            if evidence.veto is not None:
                vetoes.append((evidence, entry.item_id))
                continue
            scores.append(score)
            if best is None or score > best[0]:
                best = (score, evidence, entry.item_id)
        if best is None:  # every member vetoes: explain with the closest of them
            evidence, member = max(vetoes, key=lambda v: v[0].score)
            return _Verdict(story_id, evidence.score, evidence, member, evidence.veto)
        score, evidence, member = best
        support = SUPPORT * max(
            0, min(SUPPORT_MAX, sum(s >= threshold - SUPPORT_GAP for s in scores) - 1)
        )
        if support:
            score += support
            evidence = replace(evidence, support=support)
        veto: str | None = None
        span = SPAN_H * 3600
        first, last = story.first_at, story.last_at
        if (
            not probe.estimated
            and first is not None
            and last is not None
            and (probe.at - first > span or last - probe.at > span)
        ):
            veto = f"outside the story's {SPAN_H:.0f} h span"
        elif len(scores) > 1 and sum(scores) / len(scores) < threshold - AVERAGE_GAP:
            mean = sum(scores) / len(scores)
            veto = (
                f"fits one report, not the story (mean {mean:.2f} < {threshold - AVERAGE_GAP:.2f})"
            )
        elif len(strong := [v for v in vetoes if v[0].score >= threshold]) * 2 >= len(members):
            veto = f"{len(strong)} of {len(members)} reports rule it out: {strong[0][0].veto}"
        elif len(members) >= 3 and CENTROID_MIN:
            whole = centroid_overlap(probe, (e.features for e in members))
            if whole < CENTROID_MIN:
                veto = f"far from the story as a whole ({whole:.2f} < {CENTROID_MIN})"
        return _Verdict(story_id, score, evidence, member, veto)

    # -- changes --------------------------------------------------------------------------------

    def add(self, doc: StoryDoc, story_id: int) -> None:
        """Record that ``doc`` belongs to ``story_id`` (re-adding an item replaces it)."""
        if doc.item_id in self._entries:
            self._remove(doc.item_id)
        features = self._features(doc)
        self._pending = None
        at = doc.published_at.timestamp()
        seen = doc.seen_at.timestamp() if doc.seen_at is not None else at
        entry = _Entry(
            doc.item_id, story_id, doc.feed_id, at, max(at, seen), doc.date_estimated, doc.url,
            features,
        )  # fmt: skip
        item_id = doc.item_id
        self._entries[item_id] = entry
        story = self._stories.get(story_id)
        if story is None:
            story = self._stories[story_id] = _Story([], None, None)
        story.members.append(item_id)
        if not doc.date_estimated:
            story.first_at = at if story.first_at is None else min(story.first_at, at)
            story.last_at = at if story.last_at is None else max(story.last_at, at)
        if doc.url:
            self._by_link.setdefault(doc.url, []).append(item_id)
        self._by_key.setdefault(features.key, []).append(item_id)
        postings = self._postings
        for token in features.body:
            ids = postings.get(token)
            if ids is None:
                postings[token] = [item_id]
            else:
                ids.append(item_id)
        self._idf.add(features.body, features.caps)
        heapq.heappush(self._expiry, (entry.expires, item_id))

    def _remove(self, item_id: int) -> None:
        entry = self._entries.pop(item_id)
        story = self._stories[entry.story_id]
        story.members.remove(item_id)
        if not story.members:
            del self._stories[entry.story_id]
        else:
            self._restamp(story)
        self._idf.remove(entry.features.body, entry.features.caps)
        self._dead += len(entry.features.body) + 2

    def evict_older_than(self, cutoff: datetime) -> int:
        """Drop items published *and* indexed before ``cutoff``; returns how many were dropped."""
        limit, dropped = cutoff.timestamp(), 0
        heap = self._expiry
        while heap and heap[0][0] < limit:
            expires, item_id = heapq.heappop(heap)
            entry = self._entries.get(item_id)
            if entry is not None and entry.expires == expires:
                self._remove(item_id)
                dropped += 1
        if self._dead > 4 * len(self._entries) + 10_000:
            self._compact()
        return dropped

    def _compact(self) -> None:
        """Rewrite the lookup lists without the ids of evicted items (amortized O(1) per id)."""
        live = self._entries
        for index in (self._postings, self._by_link, self._by_key):
            for key in list(index):
                ids = [i for i in dict.fromkeys(index[key]) if i in live]
                if ids:
                    index[key] = ids
                else:
                    del index[key]
        self._dead = 0

    def move(self, item_id: int, story_id: int) -> None:
        """Put an indexed item in another story (a split made elsewhere); unknown items pass."""
        entry = self._entries.get(item_id)
        if entry is None or entry.story_id == story_id:
            return
        old = self._stories[entry.story_id]
        old.members.remove(item_id)
        if not old.members:
            del self._stories[entry.story_id]
        else:
            self._restamp(old)
        entry.story_id = story_id
        story = self._stories.get(story_id)
        if story is None:
            story = self._stories[story_id] = _Story([], None, None)
        story.members.append(item_id)
        self._restamp(story)

    def _restamp(self, story: _Story) -> None:
        times = [e.at for e in (self._entries[i] for i in story.members) if not e.estimated]
        story.first_at, story.last_at = (min(times), max(times)) if times else (None, None)

    def has_story(self, story_id: int) -> bool:
        return story_id in self._stories

    def story_of(self, item_id: int) -> int | None:
        entry = self._entries.get(item_id)
        return None if entry is None else entry.story_id


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
