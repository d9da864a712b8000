"""Group the reports of one event from many outlets into one story (issues 4 and 14).

A new item joins a story when, in this order:

1. ``same_link``: an item of *another feed* has the same canonical link. Two distinct items of
   one feed never merge on their link alone (a podcast whose every ``<link>`` is its home page);
2. ``same_headline``: an item within the window has the same normalized headline (case,
   punctuation, a trailing " - Reuters" removed) of at least ``min_headline_tokens`` tokens,
   unless one feed published both ``SERIES_H`` or more apart (a daily column);
3. ``similar``: the story as a whole is close enough. Each story near the item is scored by its
   best member (``bot.core.evidence.compare``: IDF-weighted overlap and containment of headline
   and lead, shared names and numbers, time) and must pass guards against chaining one topic's
   successive events into a blob: the item must lie within ``SPAN_H`` of the story's first and
   last reports, a member that vetoes (a new toll half a day later, opposite words) counts
   against the story, a story of three or more must also be close as a whole (its centroid),
   and the item's own outlet must not have filed another report of a small story
   ``FOLLOW_UP_H`` or more apart (the outlet's next-day piece is a follow-up: ``_follow_ups``).

A newsletter or briefing ("FirstFT: …", "Tuesday briefing: …", ``similarity.is_roundup``) joins
a story only by rules 1 and 2 (its own recapture), and nothing joins it by rule 3: it covers
several events, and the labeled sets keep it out of each of them. Measured over the 22 sets,
mean precision 0.936 -> 0.948 (publication order) and 0.954 -> 0.957 (feeds) at recall 0.285 ->
0.284 and 0.256 -> 0.255, no look-alike more (dev 0.977 / 0.507 -> 0.982 / 0.505): the al-Shifa
raid's story of 15-16 November 2023 had taken in three newsletters about it (0.644 -> 0.851).
A roundup column ("Middle East round-up: …", "Health Care Roundup: Market Talk") is one too, and
one feed's editions of it under one headline are not one report (rule 2 does not join them):
mean precision 0.948 -> 0.953 and 0.957 -> 0.961 with the section labels of
``evidence.section_label``, recall unchanged.

An item that fits two stories (both pass rule 3) brings them together when they also fit each
other (``_compatible``): the fragments that varied coverage of one event starts (an early
"set to recognise Palestine", a later "Spain formally recognises Palestine") become one story
once a report ("Spain, Ireland and Norway recognise Palestinian state") shows they are.
Measured on the dev corpus: recall 0.408 -> 0.457, precision 0.969 -> 0.972; on the November
2023 set 0.194 -> 0.225 at 0.982 -> 0.985; no look-alike more on dev, 2023 or 2022.

An admin can split an item out of a story (``block``); the item never rejoins that story, nor
any story its old one is merged into, and no merge brings the two back together.

**Time is item time.** Items compare by their publication times, never the wall clock: a
backfill, a feed added with a week of items or a bot that was down still groups those items with
each other. Eviction (``evict_older_than``) drops an item only when both its publication time
and the time it entered the index are older than the cutoff, so memory stays bounded by what
arrived or was published within the window.

**Cost per item does not grow with the index.** ``bot.core.story_memory`` files every item
under its headline+lead tokens; a lookup reads the newest ``max_candidates`` ids of the
``rare_tokens`` rarest tokens of the new item (headline first), ranks the stories found by the
rare weight they share with it, and judges at most ``MAX_STORIES`` of them, comparing each with
at most ``MEMBERS_COMPARED`` members. Features are computed once per item (``decide`` keeps them
for the ``add`` that follows); IDF weights are read fresh at each comparison.

About 670 lines: the records of a decision, the rules and their anti-chaining guards read best
together; the state they read lives in ``story_memory`` and the evidence in ``evidence``.
"""

from __future__ import annotations

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
    daily_column,
)
from bot.core.idf import RollingIdf
from bot.core.similarity import Features
from bot.core.story_memory import Entry, Story, StoryMemory

RULE_LINK = "same_link"
RULE_HEADLINE = "same_headline"
RULE_SIMILAR = "similar"
RULE_NEW = "new"
RULE_SPLIT = "split"

SPAN_H = 36.0  # an item joins a story only within this many hours of its first and last report
CENTROID_MIN = 0.2  # a story of 3+ items must be this close as a whole (cosine to its centroid)
MEMBERS_COMPARED = 16  # the newest members a new item is compared with, per story
HEAD_FIRST = 0.25  # headline tokens are looked up as if this much rarer than lead tokens
PREFILTER = 1.0  # rare weight (in units) a story must share through the tokens looked up
MAX_STORIES = 4  # stories judged per item at most, those sharing the most rare weight
AVERAGE_GAP = 1.0  # the mean over the story's members may fall at most this far below the bar
SUPPORT = 0.15  # log-odds per other member that also matches fairly well: it fits the core
SUPPORT_GAP = 1.0  # a member supports when it scores within this of the threshold
BRIDGE_GAP = 0.8  # two stories one item fits merge if their closest reports score this near the bar
BRIDGE_PAIRS = 4  # the newest reports of each story compared for that
SUPPORT_MAX = 3  # supporting members counted at most
FRAMING_GAP = 0.5  # a member this far above the bar: a framing step of the story may be unsaid
FOLLOW_UP_H = 18.0  # one outlet's other report this far apart, another headline: a follow-up
FOLLOW_UP_MAX = 10  # ... in a story of at most this many reports (a big event's explainers join)
ROUNDUP = "a newsletter or briefing: it covers several events, not one story"
ROUNDUP_STORY = "a newsletter or briefing: nothing joins it by similarity"  # its story's reports


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
    - ``merge_log_odds`` 1.5: the score a story must reach (``bot.core.evidence``).
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
        bridged = ""
        if self.also:
            listed = ", ".join(str(s) for s in self.also)
            bridged = f"; story {listed} merged into it (this item reports both)"
        if self.rule == RULE_LINK:
            return (
                f"joined story {self.story_id}: same link as item {self.matched_item_id}{bridged}"
            )
        if self.rule == RULE_HEADLINE:
            return (
                f"joined story {self.story_id}: same headline as item {self.matched_item_id}"
                f"{bridged}"
            )
        if self.rule == RULE_SIMILAR:
            return (
                f"joined story {self.story_id} via item {self.matched_item_id}: "
                f"score {self.score:.2f} ≥ {self.threshold:.2f}{bridged}{detail}"
            )
        if self.veto == ROUNDUP:
            return f"new story: {ROUNDUP}"
        if self.matched_item_id is None:
            return "new story: no candidate within the window"
        if self.veto is not None:
            return f"new story: item {self.matched_item_id} ruled out, {self.veto}{detail}"
        return (
            f"new story: best score {self.score:.2f} < {self.threshold:.2f} "
            f"(item {self.matched_item_id}){detail}"
        )


@dataclass(slots=True)
class _Verdict:
    story_id: int
    score: float
    evidence: Evidence
    member: int
    veto: str | None


class StoryIndex:
    """Decides which story a new item joins, over the items of the window (``StoryMemory``)."""

    __slots__ = ("_blocked", "_memory", "_pending", "settings")

    def __init__(self, settings: DedupeSettings) -> None:
        self.settings = settings
        self._memory = StoryMemory(settings.window.total_seconds())
        self._blocked: dict[int, set[int]] = {}
        self._pending: tuple[StoryDoc, Features] | None = None

    def __len__(self) -> int:
        return len(self._memory.entries)

    @property
    def idf(self) -> RollingIdf:
        return self._memory.idf

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

    def move(self, item_id: int, story_id: int) -> None:
        """Put an indexed item in another story (a split made elsewhere); unknown items pass."""
        self._memory.move(item_id, story_id)

    # -- decisions ------------------------------------------------------------------------------

    def _candidates(self, probe: Probe, estimated: bool) -> tuple[dict[int, float], int | None]:
        """Stories near the probe, ranked by the rare weight their best item shares with it.

        Stories sharing less than ``PREFILTER`` units through the tokens looked up are not
        judged (the best one always is), nor stories the item lies outside the span of (the
        guard would refuse them: the closest of those is returned beside, for ``why``), and at
        most ``MAX_STORIES`` are.
        """
        s, memory = self.settings, self._memory
        mass = memory.shared_rare(probe, estimated, s.max_candidates, s.rare_tokens, HEAD_FIRST)
        stories: dict[int, float] = {}
        floor = min(PREFILTER * probe.unit, max(mass.values(), default=0.0))
        entries, known = memory.entries, memory.stories
        span, at = SPAN_H * 3600, probe.at
        outside: tuple[float, int] | None = None
        for item_id, shared in mass.items():
            if shared < floor:
                continue
            story = entries[item_id].story_id
            if shared > stories.get(story, -1.0):
                first, last = known[story].first_at, known[story].last_at
                if estimated or first is None or last is None or first + span >= at >= last - span:
                    stories[story] = shared
                elif outside is None or shared > outside[0]:
                    outside = (shared, item_id)  # the span guard would refuse it: not judged
        if len(stories) > MAX_STORIES:
            ranked = sorted(stories.items(), key=lambda s: (-s[1], s[0]))[:MAX_STORIES]
            stories = dict(ranked)
        return stories, None if outside is None else outside[1]

    def _exact_matches(self, doc: StoryDoc, features: Features) -> list[tuple[str, int]]:
        """Every item the exact rules connect ``doc`` to, the link matches first."""
        found: list[tuple[str, int]] = []
        memory = self._memory
        at, entries = doc.published_at.timestamp(), memory.entries
        blocked = self._blocked.get(doc.item_id, ())
        for item_id in reversed(memory.by_link.get(doc.url, ()) if doc.url else ()):
            entry = entries.get(item_id)
            if entry is None or entry.story_id in blocked or item_id == doc.item_id:
                continue
            if entry.feed_id != doc.feed_id or not doc.feed_id:
                found.append((RULE_LINK, item_id))
        if len(features.head) >= self.settings.min_headline_tokens:
            for item_id in reversed(memory.by_key.get(features.key, ())):
                entry = entries.get(item_id)
                if entry is None or entry.story_id in blocked or item_id == doc.item_id:
                    continue
                if not memory.near(entry, at, doc.date_estimated):
                    continue
                same_feed = bool(doc.feed_id) and entry.feed_id == doc.feed_id
                if same_feed and features.roundup:  # its column's headline: another edition
                    continue
                hours = abs(entry.at - at) / 3600
                if not daily_column(same_feed, hours, doc.date_estimated or entry.estimated):
                    found.append((RULE_HEADLINE, item_id))
        return found

    def _probe(self, features: Features, doc: StoryDoc) -> Probe:
        return self._probe_at(features, doc.published_at.timestamp(), doc.date_estimated)

    def _probe_at(self, features: Features, at: float, estimated: bool) -> Probe:
        idf = self._memory.idf
        log_docs = idf.log_docs()
        caps, inner = features.caps, features.inner_caps

        def weight(token: str) -> float:
            return idf.weight(token, log_docs)

        def is_name(token: str) -> bool:  # the new item counts too: it is not in the corpus yet
            if not idf.df(token):
                return token in inner  # unseen: trust where this item capitalizes it
            return idf.name_share(token, token in caps) >= NAME_SHARE

        def is_known_name(token: str) -> bool:
            return idf.name_share(token) >= NAME_SHARE

        return Probe.of(
            features, at, estimated, weight, log_docs, is_name, is_known_name,
            idf.table(log_docs),
        )  # fmt: skip

    def decide(self, doc: StoryDoc) -> MergeDecision:
        """Which story ``doc`` joins; a pure lookup that changes nothing."""
        threshold = self.settings.merge_log_odds
        features = self._features(doc)
        exact = self._exact_matches(doc, features)
        entries = self._memory.entries
        if exact:
            rule, item_id = exact[0]
            story_id = entries[item_id].story_id
            others = {entries[i].story_id for _, i in exact} - {story_id}
            others = {o for o in others if not self._split_between(story_id, o)}
            return MergeDecision(story_id, rule, 1.0, item_id, also=tuple(sorted(others)))
        if features.roundup:  # a newsletter's items are several events: it joins none of them
            return MergeDecision(None, RULE_NEW, 0.0, None, threshold, ROUNDUP)
        probe = self._probe(features, doc)
        blocked = self._blocked.get(doc.item_id, ())
        near, outside = self._candidates(probe, doc.date_estimated)
        stories = sorted(set(near) - set(blocked))
        verdicts = [self._judge(probe, story_id, doc) for story_id in stories]
        joinable = [v for v in verdicts if v.veto is None and v.score >= threshold]
        if joinable:
            best = max(joinable, key=lambda v: (v.score, -v.story_id))
            bridged = tuple(
                sorted(v.story_id for v in joinable if self._compatible(best.story_id, v.story_id))
            )
            return MergeDecision(
                best.story_id, RULE_SIMILAR, best.score, best.member, threshold,
                also=bridged, evidence=best.evidence,
            )  # fmt: skip
        if not verdicts:
            veto = None if outside is None else f"outside its story's {SPAN_H:.0f} h span"
            return MergeDecision(None, RULE_NEW, 0.0, outside, threshold, veto)
        closest = max(verdicts, key=lambda v: (v.score, -v.story_id))
        return MergeDecision(
            None, RULE_NEW, closest.score, closest.member, threshold, closest.veto,
            evidence=closest.evidence,
        )  # fmt: skip

    def _judge(self, probe: Probe, story_id: int, doc: StoryDoc) -> _Verdict:
        """Score one story as a whole: its best member, with the anti-chaining guards."""
        threshold = self.settings.merge_log_odds
        feed = doc.feed_id
        story = self._memory.stories[story_id]
        entries = self._memory.entries
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
        agree = sum(s >= threshold - SUPPORT_GAP for s in scores) - 1
        support = SUPPORT * max(0, min(SUPPORT_MAX, agree))
        if support:
            score += support
            evidence = replace(evidence, support=support)
        veto = self._guard(probe, story, scores, vetoes) or self._follow_up(probe, story, doc)
        if veto is None and all(entry.features.roundup for entry in members):
            veto = ROUNDUP_STORY  # a story of newsletters only (not the item: ``why`` says which)
        return _Verdict(story_id, score, evidence, member, veto)

    def _guard(
        self, probe: Probe, story: Story, scores: list[float], vetoes: list[tuple[Evidence, int]]
    ) -> str | None:
        """Why a story that one member matches must still not take the item (anti-chaining)."""
        threshold = self.settings.merge_log_odds
        span, first, last = SPAN_H * 3600, story.first_at, story.last_at
        members = len(scores) + len(vetoes)
        if (
            not probe.estimated
            and first is not None
            and last is not None
            and (probe.at - first > span or last - probe.at > span)
        ):
            return f"outside the story's {SPAN_H:.0f} h span"
        entries = self._memory.entries
        recent = [entries[i].features for i in story.members[-MEMBERS_COMPARED:]]
        strong_match = max(scores, default=threshold) >= threshold + FRAMING_GAP
        new = new_steps(probe.features, recent, strong_match)
        if new:
            return f"a new development: {', '.join(sorted(new))}"
        if len(scores) > 1 and sum(scores) / len(scores) < threshold - AVERAGE_GAP:
            mean = sum(scores) / len(scores)
            return (
                f"fits one report, not the story (mean {mean:.2f} < {threshold - AVERAGE_GAP:.2f})"
            )
        strong = [v for v in vetoes if v[0].score >= threshold]
        if strong and len(strong) * 2 >= members:
            return f"{len(strong)} of {members} reports rule it out: {strong[0][0].veto}"
        if members >= 3:
            whole = centroid_overlap(probe, recent)
            if whole < CENTROID_MIN:
                return f"far from the story as a whole ({whole:.2f} < {CENTROID_MIN})"
        return None

    def _follow_up(self, probe: Probe, story: Story, doc: StoryDoc) -> str | None:
        """The item's own outlet filed another report of the story ``FOLLOW_UP_H`` or more
        apart, under another headline and link: the outlet's next-day piece is a follow-up,
        a new development, not an update of the report the story holds (``_follow_ups``).

        Only in a story of at most ``FOLLOW_UP_MAX`` reports. A big event draws every outlet's
        explainers and reactions for a day and more ("What does the assassination mean for
        Ecuador?" the evening after the killing), which belong with it. Measured: uncapped,
        the rule cost the 9-10 August 2023 set (labeled blind after it was written) recall
        0.420 -> 0.347 with no wrong pair fewer. Of the 18 times it refused a story an item
        scored into, over every labeled set in publication order, it was right 8 times, all in
        stories of one to five reports, and wrong 10 times, four of them in stories of 12 to 18.
        Capped at 10 (feed order, where stories are larger when a feed's late report comes,
        keeps its gains only above 8), the 22 sets' mean recall is 0.285 (0.281 uncapped,
        0.286 without the rule) at precision 0.936 (0.936, 0.932), 20 look-alikes (20, 27)."""
        first, last, at = story.first_at, story.last_at, probe.at
        if len(story.members) > FOLLOW_UP_MAX:
            return None  # a big event: an outlet's next-day explainer belongs with it
        if not doc.feed_id or probe.estimated or first is None or last is None:
            return None
        if at - first < FOLLOW_UP_H * 3600 and last - at < FOLLOW_UP_H * 3600:
            return None  # every report lies closer than that: nothing to look for
        entries = self._memory.entries
        mine = [(at, doc.url, probe.features.key)]
        for item_id in story.members:
            entry = entries[item_id]
            if entry.feed_id == doc.feed_id and _follow_ups(mine, entry):
                hours = (at - entry.at) / 3600
                when = f"{abs(hours):.0f} h {'earlier' if hours > 0 else 'later'}"
                return f"a follow-up: its outlet filed another report of the story {when}"
        return None

    def _follow_ups_across(self, story: Story, other: Story) -> bool:
        """One outlet has a report in each of two stories of at most ``FOLLOW_UP_MAX`` reports,
        a report and its follow-up (``_follow_ups``): the two must not be bridged."""
        if len(story.members) > FOLLOW_UP_MAX or len(other.members) > FOLLOW_UP_MAX:
            return False
        entries = self._memory.entries
        by_feed: dict[int, list[tuple[float, str, str]]] = {}
        for i in story.members:
            entry = entries[i]
            if entry.feed_id and not entry.estimated:
                by_feed.setdefault(entry.feed_id, []).append(
                    (entry.at, entry.url, entry.features.key)
                )
        return any(
            _follow_ups(by_feed.get(entries[i].feed_id, ()), entries[i]) for i in other.members
        )

    def _split_between(self, story_a: int, story_b: int) -> bool:
        """An admin split an item of one of the two stories out of the other."""
        stories = self._memory.stories
        for mine, theirs in ((story_a, story_b), (story_b, story_a)):
            story = stories.get(mine)
            if story is not None and any(theirs in self._blocked.get(i, ()) for i in story.members):
                return True
        return False

    def _compatible(self, story_id: int, other_id: int) -> bool:
        """Whether two stories one item fits may become one (``MergeDecision.also``).

        The item alone is not enough: a report of two events ("Bezos vows to give away his
        fortune, and hands Dolly Parton $100m") fits both. So the stories must fit each other
        too: together they lie within ``SPAN_H``, no report of the other names a step the first
        story never tells or leaves out one it mostly names (``new_steps``), no outlet has a
        report in each a day apart (``_follow_ups``), and one of the ``BRIDGE_PAIRS`` newest
        reports of each scores within ``BRIDGE_GAP`` of the bar against one of the other's.
        """
        if other_id == story_id or self._split_between(story_id, other_id):
            return False
        stories, entries = self._memory.stories, self._memory.entries
        story, other = stories[story_id], stories[other_id]
        ends = (story.first_at, story.last_at, other.first_at, other.last_at)
        times = [t for t in ends if t is not None]
        if times and max(times) - min(times) > SPAN_H * 3600:
            return False
        recent = [entries[i].features for i in story.members[-MEMBERS_COMPARED:]]
        if any(new_steps(entries[i].features, recent) for i in other.members[-MEMBERS_COMPARED:]):
            return False
        if self._follow_ups_across(story, other):
            return False
        bar = self.settings.merge_log_odds - BRIDGE_GAP
        for i in other.members[-BRIDGE_PAIRS:]:
            mine = entries[i]
            probe = self._probe_at(mine.features, mine.at, mine.estimated)
            for j in story.members[-BRIDGE_PAIRS:]:
                theirs = entries[j]
                same_feed = bool(mine.feed_id) and mine.feed_id == theirs.feed_id
                evidence = compare(probe, theirs.features, theirs.at, theirs.estimated, same_feed)
                if evidence.veto is None and evidence.score - evidence.bar >= bar:
                    return True
        return False

    # -- changes --------------------------------------------------------------------------------

    def merge(self, story_id: int, other_id: int) -> None:
        """Move every item of ``other_id`` into ``story_id`` (an item bridged the two).

        An item an admin split out of ``other_id`` stays out of the merged story too.
        """
        memory = self._memory
        other = memory.stories.get(other_id)
        if other is None or other_id == story_id:
            return
        for item_id in list(other.members):
            memory.move(item_id, story_id)
        for stories in self._blocked.values():
            if other_id in stories:
                stories.add(story_id)

    def add(self, doc: StoryDoc, story_id: int) -> None:
        """Record that ``doc`` belongs to ``story_id`` (re-adding an item replaces it)."""
        memory = self._memory
        if doc.item_id in memory.entries:
            memory.remove(doc.item_id)
        features = self._features(doc)
        self._pending = None
        at = doc.published_at.timestamp()
        seen = doc.seen_at.timestamp() if doc.seen_at is not None else at
        memory.add(
            Entry(
                doc.item_id, story_id, doc.feed_id, at, max(at, seen), doc.date_estimated,
                doc.url, features,
            )
        )  # fmt: skip

    def evict_older_than(self, cutoff: datetime) -> int:
        """Drop items published *and* indexed before ``cutoff``; returns how many were dropped."""
        return self._memory.evict_before(cutoff.timestamp())

    def has_story(self, story_id: int) -> bool:
        return story_id in self._memory.stories

    def story_of(self, item_id: int) -> int | None:
        entry = self._memory.entries.get(item_id)
        return None if entry is None else entry.story_id


def _follow_ups(reports: Iterable[tuple[float, str, str]], entry: Entry) -> bool:
    """Whether ``entry`` and one of ``reports`` (time, link, headline key) of the same feed are
    an outlet's report and its follow-up: ``FOLLOW_UP_H`` or more apart, another link, another
    headline. An outlet seldom reports one event twice; a day later it reports what happened
    next. Measured over the labeled sets, the stories' same-feed pairs 18 h or more apart were
    3 right and 9 wrong, 6 of them look-alikes (Alaa Abd El-Fattah alive / ends his hunger
    strike; a Brussels gunman at large / shot by police). An undated entry never counts: its
    time is when it was polled. A re-listed article keeps its link; a daily column its headline
    (``daily_column``)."""
    if entry.estimated:
        return False
    limit = FOLLOW_UP_H * 3600
    for at, url, key in reports:
        if abs(entry.at - at) >= limit and entry.url != url and entry.features.key != key:
            return True
    return False


_STEP_LANGUAGES = frozenset(("en", ""))  # the language of the step words (and "": unsure)
_NO_STEPS: frozenset[str] = frozenset()
FRAMING_STEPS = frozenset(("demand",))  # how a statement is reported more than what happened


def new_steps(
    features: Features, members: Sequence[Features], strong_match: bool = False
) -> frozenset[str]:
    """The development steps that set ``features`` apart from a story of ``members``.

    Both ways, so that arrival order does not matter: a step the item's headline names that no
    report of the story mentions ("apologises" against reports of a slur), and a step most of
    the story's headlines name that the item never mentions (reports of the slur against a story
    of the apology). See ``bot.core.events``.

    ``strong_match``: the item matches a report of the story ``FRAMING_GAP`` above the bar. Then a
    framing step (``FRAMING_STEPS``: "calls for") most of the story names may go unsaid: "China
    calls for a ceasefire" is how eight outlets framed the peace plan that "China unveils 12-point
    peace plan" reports. The item naming such a step the story lacks still counts ("Sunak faces
    calls to recognise Palestine" is not the recognition), as do all other steps.

    The step words are English, so only reports in English (or of unknown language) are compared:
    a report in Polish names no step, which is no evidence that it tells another development.
    """
    if features.lang not in _STEP_LANGUAGES:
        return _NO_STEPS
    members = [m for m in members if m.lang in _STEP_LANGUAGES]
    if not members:
        return _NO_STEPS
    told: set[str] = set()
    named: dict[str, int] = {}
    for member in members:
        told.update(member.lead_steps)
        for step in member.steps:
            named[step] = named.get(step, 0) + 1
    new = features.steps.difference(told)
    defining = {
        step
        for step, count in named.items()
        if 2 * count >= len(members) and not (strong_match and step in FRAMING_STEPS)
    }
    return new | defining.difference(features.lead_steps) if defining else new


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
            index.merge(story_id, other)
        assigned[doc.item_id] = story_id
        index.add(doc, story_id)
    fresh: dict[int, int] = {}
    return {
        item_id: fresh.setdefault(root(story), len(fresh) + 1)
        for item_id, story in assigned.items()
    }
