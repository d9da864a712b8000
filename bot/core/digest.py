"""Building one channel's digest from the stories the store hands over (issues #6, #12, #13).

The shell asks the store for a channel's candidate stories and calls ``build_digest`` with ``now``
and the time of the channel's last digest; everything that decides what a reader sees happens here,
deterministically, so a digest rebuilt from the same inputs equals the recorded one and ``why`` can
name the single stage that dropped a story.

Which stories are candidates is the store's part, in commit order: the stories whose topic hits
were committed after the channel's last digest (a topic subscribed since then, or a channel with no
digest yet: its stories published within the age limit), minus stories already sent there. A
story is therefore either in this digest, recorded as dropped by it (with the reason), or a
candidate of the next one; nothing falls between two digests.

The stages, in the order a candidate meets them (its ``Drop`` reason is the first that stops it):

1. age: published no earlier than ``now - max_age`` (the runner makes ``max_age`` at least the
   channel's schedule period, so a weekly digest covers its week);
2. backlog: a story that arrived with its feed's first fetch after the channel's last digest
   (a new feed's archive) is shown only if it was published after that digest (``since_at``);
   one seen before it (its commit raced the digest), a channel's first digest and a topic new
   to the channel count back ``max_age`` instead; an undated one never is, since nothing says it
   is fresh;
3. topic: listed once, under the first of the channel's topics (in the order they were subscribed)
   that it matched;
4. per topic, in rank order (dated before undated, then outlets covering the story desc, published
   desc, story id): at most ``per_outlet_per_topic`` stories led by one outlet, then at most
   ``per_topic`` stories;
5. total: topics take turns, best first, until ``total`` stories are placed, so one busy topic
   cannot crowd out the others; the rest are dropped as ``TOTAL_CAP``.

Why only a prefix of each topic is sorted: once a topic is full, its outlet counts no longer
change, so the reason for every remaining story is known without ranking it (the benchmark in
``bench/digest.py`` builds over 100k candidates in about 30 ms on a 2-core machine).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from operator import attrgetter
from zoneinfo import ZoneInfo

from bot.core.model import ChannelRef, Digest, DigestEntry, DigestSection
from bot.core.text import cut

ELLIPSIS = "…"
# A sentence ends at . ! ? (and a closing quote or bracket) before whitespace and a capital,
# digit or opening quote, or at a CJK full stop; "Mr.", an initial "J." or "U.S." do not end one.
_SENTENCE_END = re.compile(r"(?:[.!?][\"'”’)\]]*\s+(?=[A-Z0-9\"'“‘(\[])|[。！？]\s*)")
_ABBREVIATIONS = frozenset(
    {"mr", "mrs", "ms", "dr", "st", "gen", "sen", "rep", "gov", "prof", "lt", "col", "no", "vs"}
)
_SPACE = re.compile(r"\s+")
_UNDATED_RANK = 1_000_000  # undated stories rank below every dated one
_STORY_ID = attrgetter("story_id")
_PUBLISHED_AT = attrgetter("published_at")


@dataclass(frozen=True, slots=True)
class Candidate:
    """One story as the store returns it for a channel, with the channel's topics it matched."""

    story_id: int
    title: str
    url: str
    summary: str
    outlets: tuple[str, ...]
    first_seen_at: datetime
    published_at: datetime
    backlog: bool
    matches: tuple[tuple[str, tuple[str, ...]], ...] = ()
    undated: bool = False
    """The story's date is when the bot first saw it: its feed gave none."""
    first_for_channel: bool = False
    """It comes in through a topic the channel did not have at its last digest: like a
    channel's first digest, its backlog counts back ``max_age``, not to the last digest."""


@dataclass(frozen=True, slots=True)
class DigestLimits:
    max_age: timedelta = timedelta(hours=48)
    per_topic: int = 10
    total: int = 30
    per_outlet_per_topic: int = 3
    send_empty: bool = False

    def __post_init__(self) -> None:
        if self.max_age <= timedelta(0):
            raise ValueError(f"max_age must be positive, got {self.max_age}")
        for name in ("per_topic", "total", "per_outlet_per_topic"):
            if getattr(self, name) < 1:
                raise ValueError(f"{name} must be at least 1, got {getattr(self, name)}")


class Drop(StrEnum):
    """Why a candidate is not in the digest, as ``why`` shows it."""

    TOO_OLD = "too old"
    BACKLOG = "from its feed's first fetch, published before this channel's last digest"
    UNDATED_BACKLOG = "from its feed's first fetch, with no date to show it is new"
    NO_TOPIC = "no topic matched"
    PER_OUTLET_CAP = "per-outlet cap"
    PER_TOPIC_CAP = "per-topic cap"
    TOTAL_CAP = "total cap"


@dataclass(frozen=True, slots=True)
class DigestBuild:
    """The digest plus, for ``why``, where each candidate went."""

    digest: Digest
    dropped: Mapping[int, Drop]
    placed: Mapping[int, str]


def _lead_outlet(candidate: Candidate) -> str:
    return candidate.outlets[0] if candidate.outlets else ""


def _rank_topic(
    pool: list[Candidate], limits: DigestLimits, dropped: dict[int, Drop]
) -> list[Candidate]:
    """The topic's listed stories in rank order; records the per-outlet and per-topic drops.

    Stories are bucketed by their number of outlets (the first rank key) and only the buckets
    reached before the topic fills are sorted, with C-level keys: most of a big pool is never
    ranked at all.
    """
    by_outlets: dict[int, list[Candidate]] = {}
    for c in pool:
        count = len(c.outlets) if not c.undated else len(c.outlets) - _UNDATED_RANK
        if count in by_outlets:
            by_outlets[count].append(c)
        else:
            by_outlets[count] = [c]
    per_outlet: dict[str, int] = {}
    chosen: list[Candidate] = []
    leftovers: list[Candidate] = []
    for count in sorted(by_outlets, reverse=True):
        group = by_outlets[count]
        if len(chosen) < limits.per_topic:
            group.sort(key=_STORY_ID)
            group.sort(key=_PUBLISHED_AT, reverse=True)  # stable: ties stay in story-id order
            group = group[_fill(group, limits, per_outlet, chosen, dropped) :]
        leftovers.extend(group)
    # The topic is full, so outlet counts are final: the leftovers need no ranking.
    full = {outlet for outlet, n in per_outlet.items() if n >= limits.per_outlet_per_topic}
    if full:
        outlet_cap, topic_cap = Drop.PER_OUTLET_CAP, Drop.PER_TOPIC_CAP
        for c in leftovers:
            dropped[c.story_id] = outlet_cap if _lead_outlet(c) in full else topic_cap
    else:
        dropped.update(dict.fromkeys(map(_STORY_ID, leftovers), Drop.PER_TOPIC_CAP))
    return chosen


def _fill(
    ranked: list[Candidate],
    limits: DigestLimits,
    per_outlet: dict[str, int],
    chosen: list[Candidate],
    dropped: dict[int, Drop],
) -> int:
    """Take ``ranked`` stories into ``chosen`` until the topic is full; returns how many it saw."""
    for index, candidate in enumerate(ranked):
        if len(chosen) >= limits.per_topic:
            return index
        outlet = _lead_outlet(candidate)
        count = per_outlet.get(outlet, 0)
        if count >= limits.per_outlet_per_topic:
            dropped[candidate.story_id] = Drop.PER_OUTLET_CAP
        else:
            per_outlet[outlet] = count + 1
            chosen.append(candidate)
    return len(ranked)


def _take_turns(ranked: list[list[Candidate]], total: int) -> list[int]:
    """How many of each topic's ranked stories fit in ``total``, topics taking turns."""
    taken = [0] * len(ranked)
    left = total
    depth = 0
    while left:
        progressed = False
        for index, stories in enumerate(ranked):
            if left and depth < len(stories):
                taken[index] += 1
                left -= 1
                progressed = True
        if not progressed:
            break
        depth += 1
    return taken


def _pool_by_topic(
    candidates: Iterable[Candidate],
    topics: Sequence[str],
    *,
    since_at: datetime | None,
    oldest_at: datetime,
    dropped: dict[int, Drop],
) -> list[list[Candidate]]:
    """Stages 1-3: each candidate either lands in its first topic's pool or gets a reason.

    This loop touches every candidate, so it is written for speed: a topic lookup without a
    generator for the common one- and two-topic stories.
    """
    order = {topic: i for i, topic in reversed(list(enumerate(topics)))}
    none = len(topics)
    get = order.get
    pools: list[list[Candidate]] = [[] for _ in range(none + 1)]
    last_digest_at = since_at if since_at is not None else oldest_at
    old, backlog, undated = (
        Drop.TOO_OLD,
        Drop.BACKLOG,
        Drop.UNDATED_BACKLOG,
    )  # enum lookups are slow
    for c in candidates:
        if c.published_at < oldest_at:
            dropped[c.story_id] = old
        elif c.backlog and c.undated:
            dropped[c.story_id] = undated
        elif c.backlog and c.published_at <= (
            # the archive of a feed first fetched after the last digest; a story seen before it
            # (its commit raced that digest) or new to the channel counts back max_age only
            last_digest_at
            if c.first_seen_at > last_digest_at and not c.first_for_channel
            else oldest_at
        ):
            dropped[c.story_id] = backlog
        elif len(matches := c.matches) == 1:
            pools[get(matches[0][0], none)].append(c)
        elif len(matches) == 2:
            first, second = get(matches[0][0], none), get(matches[1][0], none)
            pools[min(first, second)].append(c)
        else:
            pools[min([get(name, none) for name, _ in matches], default=none)].append(c)
    for c in pools.pop():
        dropped[c.story_id] = Drop.NO_TOPIC
    return pools


def build_digest(
    candidates: Iterable[Candidate],
    *,
    channel: ChannelRef,
    topics: Sequence[str],
    since_at: datetime | None,
    now: datetime,
    timezone: str,
    limits: DigestLimits,
    digest_id: str,
) -> DigestBuild:
    """Select, group, rank and cap ``candidates`` into ``channel``'s digest (see module doc).

    Raises ``ValueError`` if a story id occurs twice: the store returns each story once.
    """
    zone = ZoneInfo(timezone)
    oldest_at = now - limits.max_age
    dropped: dict[int, Drop] = {}
    items = list(candidates)
    pools = _pool_by_topic(items, topics, since_at=since_at, oldest_at=oldest_at, dropped=dropped)
    ranked = [_rank_topic(pool, limits, dropped) for pool in pools]
    taken = _take_turns(ranked, limits.total)
    sections: list[DigestSection] = []
    placed: dict[int, str] = {}
    for topic, pool, stories, count in zip(topics, pools, ranked, taken, strict=True):
        for candidate in stories[count:]:
            dropped[candidate.story_id] = Drop.TOTAL_CAP
        if count:
            entries = tuple(_entry(c, topic) for c in stories[:count])
            placed.update((e.story_id, topic) for e in entries)
            sections.append(DigestSection(topic, entries, more=len(pool) - count))
    if len(dropped) + len(placed) != len(items) or any(i in dropped for i in placed):
        raise ValueError("a story id occurs more than once among the candidates")
    note = None
    if not sections and limits.send_empty:
        local = (since_at or oldest_at).astimezone(zone)
        about = f" for {', '.join(topics)}" if topics else ""
        note = f"Nothing new{about} since {local:%Y-%m-%d %H:%M} {local.tzname()}."
    digest = Digest(digest_id, channel, now, since_at, timezone, tuple(sections), note)
    return DigestBuild(digest, dropped, placed)


def _entry(candidate: Candidate, topic: str) -> DigestEntry:
    terms = next(terms for name, terms in candidate.matches if name == topic)
    return DigestEntry(
        story_id=candidate.story_id,
        title=candidate.title,
        url=candidate.url,
        summary=one_line(candidate.summary),
        outlets=candidate.outlets,
        published_at=candidate.published_at,
        matched_terms=terms,
        undated=candidate.undated,
    )


def one_line(summary: str, limit: int = 200) -> str:
    """The first sentence of ``summary`` on one line, cut at a word boundary with "…" if long."""
    if limit < 1:
        raise ValueError(f"limit must be at least 1, got {limit}")
    text = _SPACE.sub(" ", summary).strip()
    for end in _SENTENCE_END.finditer(text):
        words = text[: end.start()].rsplit(" ", 1)
        last = words[-1].rstrip(".").lower()
        if text[end.start()] == "." and (len(last) == 1 or "." in last or last in _ABBREVIATIONS):
            continue
        text = text[: end.end()].rstrip()
        break
    # at a space near the limit, else at a grapheme boundary (CJK has no spaces; issue 16)
    return cut(text, limit, ellipsis=ELLIPSIS, trailing=" ,;:-–—")
