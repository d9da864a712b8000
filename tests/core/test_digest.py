"""Building one channel's digest: window, ranking, grouping, caps, notes, JSON (issue #6)."""

from __future__ import annotations

import dataclasses
import random
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.core.digest import (
    Candidate,
    DigestBuild,
    DigestLimits,
    Drop,
    build_digest,
    one_line,
)
from bot.core.digest_record import digest_from_json, digest_to_json
from bot.core.model import ChannelRef, Digest, DigestEntry, DigestSection

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
SINCE = NOW - timedelta(hours=24)
CHANNEL = ChannelRef("console", "desk")
TOPICS = ("japan-korea", "taiwan", "coercion")


def cand(
    story_id: int,
    *,
    topics: tuple[str, ...] = ("japan-korea",),
    outlets: tuple[str, ...] = ("NHK",),
    seen: timedelta = timedelta(hours=1),
    published: timedelta | None = None,
    backlog: bool = False,
    undated: bool = False,
) -> Candidate:
    """A candidate first seen ``seen`` before NOW and published ``published`` before NOW."""
    return Candidate(
        story_id=story_id,
        title=f"Story {story_id}",
        url=f"https://example.com/{story_id}",
        summary=f"Story {story_id} happened. More details followed.",
        outlets=outlets,
        first_seen_at=NOW - seen,
        published_at=NOW - (seen if published is None else published),
        backlog=backlog,
        matches=tuple((t, (f"{t} term",)) for t in topics),
        undated=undated,
    )


def build(
    candidates: list[Candidate],
    limits: DigestLimits | None = None,
    *,
    since_at: datetime | None = SINCE,
    topics: tuple[str, ...] = TOPICS,
    timezone: str = "Asia/Seoul",
) -> DigestBuild:
    return build_digest(
        candidates,
        channel=CHANNEL,
        topics=topics,
        since_at=since_at,
        now=NOW,
        timezone=timezone,
        limits=limits or DigestLimits(),
        digest_id="d1",
    )


def layout(result: DigestBuild) -> list[tuple[str, list[int]]]:
    return [(s.topic, [e.story_id for e in s.entries]) for s in result.digest.sections]


H = timedelta(hours=1)
LAYOUT_CASES = [
    (
        "more outlets first",
        [cand(1, outlets=("A",)), cand(2, outlets=("B", "C", "D")), cand(3, outlets=("E", "F"))],
        DigestLimits(),
        [("japan-korea", [2, 3, 1])],
    ),
    (
        "then most recent",
        [cand(1, published=3 * H), cand(2, published=1 * H), cand(3, published=2 * H)],
        DigestLimits(),
        [("japan-korea", [2, 3, 1])],
    ),
    (
        "then story id",
        [cand(3), cand(1), cand(2)],
        DigestLimits(),
        [("japan-korea", [1, 2, 3])],
    ),
    (
        "sections follow the channel's topic order",
        [cand(1, topics=("coercion",)), cand(2, topics=("taiwan",)), cand(3)],
        DigestLimits(),
        [("japan-korea", [3]), ("taiwan", [2]), ("coercion", [1])],
    ),
    (
        "two topics: listed once, under the first in channel order",
        [cand(1, topics=("coercion", "taiwan")), cand(2, topics=("coercion",))],
        DigestLimits(),
        [("taiwan", [1]), ("coercion", [2])],
    ),
    (
        "per-topic cap",
        [cand(i, outlets=(f"O{i}",)) for i in range(1, 6)],
        DigestLimits(per_topic=3),
        [("japan-korea", [1, 2, 3])],
    ),
    (
        "per-outlet cap leaves room for another outlet",
        [cand(i, outlets=("NHK",), published=i * H) for i in range(1, 5)]
        + [cand(9, outlets=("Yonhap",), published=9 * H)],
        DigestLimits(per_outlet_per_topic=3),
        [("japan-korea", [1, 2, 3, 9])],
    ),
    (
        "per-outlet cap counts the lead outlet only",
        [cand(i, outlets=("NHK", "Yonhap")) for i in range(1, 4)] + [cand(4, outlets=("Yonhap",))],
        DigestLimits(per_outlet_per_topic=2),
        [("japan-korea", [1, 2, 4])],
    ),
    (
        "per-outlet cap is per topic",
        [cand(1), cand(2), cand(3, topics=("taiwan",))],
        DigestLimits(per_outlet_per_topic=1),
        [("japan-korea", [1]), ("taiwan", [3])],
    ),
    (
        "total cap: topics take turns",
        [cand(i) for i in range(1, 6)]
        + [cand(i, topics=("taiwan",)) for i in range(11, 16)]
        + [cand(21, topics=("coercion",))],
        DigestLimits(total=6, per_outlet_per_topic=10),
        [("japan-korea", [1, 2, 3]), ("taiwan", [11, 12]), ("coercion", [21])],
    ),
    (
        "total cap: a small topic leaves its share to the others",
        [cand(i) for i in range(1, 6)] + [cand(11, topics=("taiwan",))],
        DigestLimits(total=4, per_outlet_per_topic=10),
        [("japan-korea", [1, 2, 3]), ("taiwan", [11])],
    ),
    (
        "a topic full before the single-outlet stories",
        [cand(1, outlets=("A", "B")), cand(2, outlets=("C",)), cand(3, outlets=("D", "E"))],
        DigestLimits(per_topic=2),
        [("japan-korea", [1, 3])],
    ),
    (
        "a story without outlets",
        [cand(1, outlets=()), cand(2, outlets=())],
        DigestLimits(per_outlet_per_topic=1),
        [("japan-korea", [1])],
    ),
    (
        "duplicate topic names list a story once",
        [cand(1)],
        DigestLimits(),
        [("japan-korea", [1])],
    ),
]


@pytest.mark.parametrize(
    ("candidates", "limits", "expected"),
    [c[1:] for c in LAYOUT_CASES],
    ids=[c[0] for c in LAYOUT_CASES],
)
def test_layout(
    candidates: list[Candidate], limits: DigestLimits, expected: list[tuple[str, list[int]]]
) -> None:
    topics = (*TOPICS, "japan-korea")  # a repeated name must not create a second section
    assert layout(build(candidates, limits, topics=topics)) == expected


DROP_CASES = [
    ("published too long ago", cand(1, published=48 * H + timedelta(microseconds=1)), Drop.TOO_OLD),
    (
        "backlog published before since_at",
        cand(1, seen=H, published=25 * H, backlog=True),
        Drop.BACKLOG,
    ),
    (
        "backlog published at since_at",
        cand(1, seen=H, published=24 * H, backlog=True),
        Drop.BACKLOG,
    ),
    ("undated backlog", cand(1, backlog=True, undated=True), Drop.UNDATED_BACKLOG),
    ("age before backlog", cand(1, published=60 * H, backlog=True), Drop.TOO_OLD),
    ("no topic matched", cand(1, topics=()), Drop.NO_TOPIC),
    ("only another channel's topic", cand(1, topics=("elections", "sports")), Drop.NO_TOPIC),
]


@pytest.mark.parametrize(
    ("candidate", "reason"), [c[1:] for c in DROP_CASES], ids=[c[0] for c in DROP_CASES]
)
def test_drop_reasons(candidate: Candidate, reason: Drop) -> None:
    result = build([candidate])
    assert result.dropped == {1: reason}
    assert result.placed == {}
    assert result.digest.is_empty


KEEP_CASES = [
    ("first seen now", cand(1, seen=timedelta(0))),
    ("first seen long before since_at: the store's commit order decides", cand(1, seen=40 * H)),
    ("published exactly max_age ago", cand(1, published=48 * H)),
    ("published in the future", cand(1, published=-H)),
    (
        "backlog published after since_at",
        cand(1, published=24 * H - timedelta(microseconds=1), backlog=True),
    ),
    ("undated, not from a first fetch", cand(1, undated=True)),
    (
        "backlog seen before since_at: its commit raced the last digest",
        cand(1, seen=24 * H + timedelta(seconds=1), published=30 * H, backlog=True),
    ),
    (
        "backlog seen exactly at since_at",
        cand(1, seen=24 * H, published=30 * H, backlog=True),
    ),
]


@pytest.mark.parametrize("candidate", [c[1] for c in KEEP_CASES], ids=[c[0] for c in KEEP_CASES])
def test_window_edges_that_are_kept(candidate: Candidate) -> None:
    assert build([candidate]).placed == {1: "japan-korea"}


def test_no_since_means_only_max_age_bounds_the_window() -> None:
    old, older = cand(1, seen=47 * H), cand(2, seen=49 * H)
    result = build([old, older], since_at=None)
    assert result.placed == {1: "japan-korea"}
    assert result.dropped == {2: Drop.TOO_OLD}


def test_first_digest_takes_a_new_feeds_backlog_within_the_age_limit_but_never_undated() -> None:
    recent = cand(1, published=47 * H, backlog=True)
    undated = cand(2, published=H, backlog=True, undated=True)
    result = build([recent, undated], since_at=None)
    assert result.placed == {1: "japan-korea"}
    assert result.dropped == {2: Drop.UNDATED_BACKLOG}


def test_undated_stories_rank_below_dated_ones() -> None:
    undated = cand(1, outlets=("A", "B", "C"), published=0 * H, undated=True)
    dated = cand(2, outlets=("D",), published=5 * H)
    (section,) = build([undated, dated]).digest.sections
    assert [e.story_id for e in section.entries] == [2, 1]
    assert [e.undated for e in section.entries] == [False, True]


def test_cap_reasons_name_the_stage() -> None:
    stories = [cand(i, outlets=("NHK",)) for i in range(1, 4)]
    stories += [cand(4, outlets=("NHK",), published=2 * H)]  # ranked last
    stories += [cand(i, outlets=(f"O{i}",)) for i in range(5, 8)]
    stories += [cand(i, topics=("taiwan",), outlets=(f"O{i}",)) for i in range(11, 14)]
    result = build(stories, DigestLimits(per_topic=4, per_outlet_per_topic=2, total=5))
    assert layout(result) == [("japan-korea", [1, 2, 5]), ("taiwan", [11, 12])]
    assert result.dropped == {
        3: Drop.PER_OUTLET_CAP,  # ranked before the topic filled
        4: Drop.PER_OUTLET_CAP,  # ranked after it: NHK was already full
        7: Drop.PER_TOPIC_CAP,
        6: Drop.TOTAL_CAP,
        13: Drop.TOTAL_CAP,
    }
    assert result.placed == {1: "japan-korea", 2: "japan-korea", 5: "japan-korea"} | {
        11: "taiwan",
        12: "taiwan",
    }


def test_entry_holds_what_a_renderer_needs() -> None:
    story = dataclasses.replace(
        cand(7, topics=("coercion", "taiwan"), outlets=("Reuters", "AP")),
        summary="  Beijing  halted imports.\nAnalysts expect more. ",
    )
    (section,) = build([story]).digest.sections
    assert section == DigestSection(
        "taiwan",
        (
            DigestEntry(
                story_id=7,
                title="Story 7",
                url="https://example.com/7",
                summary="Beijing halted imports.",
                outlets=("Reuters", "AP"),
                published_at=story.published_at,
                matched_terms=("taiwan term",),
            ),
        ),
    )


def test_digest_record_fields() -> None:
    digest = build([cand(1)], timezone="Europe/Berlin").digest
    assert (digest.id, digest.channel, digest.created_at) == ("d1", CHANNEL, NOW)
    assert (digest.since_at, digest.timezone, digest.note) == (SINCE, "Europe/Berlin", None)


NOTE_CASES = [
    (
        "since the last digest",
        SINCE,
        TOPICS,
        "Nothing new for japan-korea, taiwan, coercion since 2026-11-24 18:00 KST.",
    ),
    (
        "no last digest: since max age",
        None,
        ("taiwan",),
        "Nothing new for taiwan since 2026-11-23 18:00 KST.",
    ),
    ("no topics", SINCE, (), "Nothing new since 2026-11-24 18:00 KST."),
]


@pytest.mark.parametrize(
    ("since_at", "topics", "note"), [c[1:] for c in NOTE_CASES], ids=[c[0] for c in NOTE_CASES]
)
def test_send_empty_note(since_at: datetime | None, topics: tuple[str, ...], note: str) -> None:
    result = build(
        [cand(1, backlog=True, undated=True)],
        DigestLimits(send_empty=True),
        since_at=since_at,
        topics=topics,
    )
    assert result.digest.sections == ()
    assert result.digest.note == note
    assert not result.digest.is_empty


def test_empty_digest_without_send_empty() -> None:
    digest = build([]).digest
    assert digest.is_empty
    assert digest.note is None


def test_a_note_only_when_nothing_is_left() -> None:
    assert build([cand(1)], DigestLimits(send_empty=True)).digest.note is None


@pytest.mark.parametrize(
    "candidates",
    [[cand(1), cand(1)], [cand(1), cand(1, backlog=True)], [cand(1, backlog=True)] * 2],
    ids=["both placed", "placed and dropped", "both dropped"],
)
def test_a_story_given_twice_is_a_bug(candidates: list[Candidate]) -> None:
    with pytest.raises(ValueError, match="more than once"):
        build(candidates)


@pytest.mark.parametrize(
    ("field", "value"),
    [("max_age", timedelta(0)), ("per_topic", 0), ("total", 0), ("per_outlet_per_topic", -1)],
    ids=["max_age", "per_topic", "total", "per_outlet_per_topic"],
)
def test_limits_reject_nonsense(field: str, value: object) -> None:
    with pytest.raises(ValueError, match=field):
        DigestLimits(**{field: value})  # type: ignore[arg-type]  # each field takes its own type


def test_drop_values_are_readable() -> None:
    assert [str(d) for d in Drop] == [
        "too old",
        "from its feed's first fetch, published before this channel's last digest",
        "from its feed's first fetch, with no date to show it is new",
        "no topic matched",
        "per-outlet cap",
        "per-topic cap",
        "total cap",
    ]


LONG = "word " * 60
ONE_LINE_CASES = [
    ("short", "Talks resumed.", 200, "Talks resumed."),
    ("first sentence", "Talks resumed. Officials said more.", 200, "Talks resumed."),
    ("question", "Will talks resume? Officials won't say.", 200, "Will talks resume?"),
    ("quoted end", 'He said "no." Then he left.', 200, 'He said "no."'),
    ("title abbreviation", "Mr. Kim met Dr. Lee. They talked.", 200, "Mr. Kim met Dr. Lee."),
    ("initial", "J. Smith wrote it. Others agreed.", 200, "J. Smith wrote it."),
    ("acronym", "U.S. Officials met. They talked.", 200, "U.S. Officials met."),
    (
        "lower case after a dot",
        "Version 2.0 ships. e.g. today",
        200,
        "Version 2.0 ships. e.g. today",
    ),
    ("cjk", "日韓首脳が会談した。詳細は後日。", 200, "日韓首脳が会談した。"),
    ("whitespace folded", " a\n\tb  c ", 200, "a b c"),
    ("empty", "", 200, ""),
    ("cut at a word", "alpha beta gamma delta", 15, "alpha beta…"),
    ("cut drops trailing punctuation", "alpha beta, gamma delta", 15, "alpha beta…"),
    ("long word hard cut", "abcdefghijklmnopqrstuvwxyz", 10, "abcdefghi…"),
    ("cjk hard cut", "日" * 30, 10, "日" * 9 + "…"),
    ("long first sentence", LONG + ". Next.", 20, "word word word word…"),
    ("limit one", "abc", 1, "…"),
]


@pytest.mark.parametrize(
    ("summary", "limit", "expected"),
    [c[1:] for c in ONE_LINE_CASES],
    ids=[c[0] for c in ONE_LINE_CASES],
)
def test_one_line(summary: str, limit: int, expected: str) -> None:
    assert one_line(summary, limit) == expected


def test_one_line_default_limit() -> None:
    assert len(one_line(LONG)) == 200
    assert one_line(LONG).endswith("word…")


def test_one_line_rejects_a_zero_limit() -> None:
    with pytest.raises(ValueError, match="limit"):
        one_line("abc", 0)


@given(st.text(), st.integers(1, 300))
def test_one_line_is_one_short_line(summary: str, limit: int) -> None:
    line = one_line(summary, limit)
    assert len(line) <= limit
    assert "\n" not in line
    assert line == line.strip()
    assert one_line(line, limit) == line


def test_json_round_trip_of_a_built_digest() -> None:
    stories = [cand(1, outlets=("聯合ニュース", "NHK")), cand(2, topics=("taiwan",))]
    digest = build(stories).digest
    text = digest_to_json(digest)
    assert "聯合ニュース" in text  # readable in the database, not \\u-escaped
    assert digest_from_json(text) == digest


def test_json_round_trip_of_a_note() -> None:
    digest = build([], DigestLimits(send_empty=True), since_at=None).digest
    assert digest_from_json(digest_to_json(digest)) == digest


def test_json_of_another_version_is_refused() -> None:
    text = digest_to_json(build([cand(1)]).digest).replace('"v":1', '"v":2')
    with pytest.raises(ValueError, match="version 2"):
        digest_from_json(text)


# --- properties -------------------------------------------------------------------------------

ALL_TOPICS = (*TOPICS, "elections")
candidates_strategy = st.lists(
    st.builds(
        lambda sid, topics, outlets, seen, published, backlog, undated: cand(
            sid,
            topics=tuple(topics),
            outlets=tuple(outlets),
            seen=timedelta(hours=seen),
            published=timedelta(hours=published),
            backlog=backlog,
            undated=undated,
        ),
        st.integers(0, 10_000),
        st.lists(st.sampled_from(ALL_TOPICS), max_size=3, unique=True),
        st.lists(st.sampled_from(["A", "B", "C"]), max_size=3, unique=True),
        st.integers(-1, 26),  # mostly inside the 24 h window
        st.integers(-1, 50),
        st.sampled_from([False, False, False, True]),  # backlog is the exception
        st.sampled_from([False, False, False, True]),  # so are undated stories
    ),
    max_size=60,
    unique_by=lambda c: c.story_id,
)
limits_strategy = st.builds(
    DigestLimits,
    max_age=st.sampled_from([timedelta(hours=12), timedelta(hours=48)]),
    per_topic=st.integers(1, 8),
    total=st.integers(1, 20),
    per_outlet_per_topic=st.integers(1, 4),
    send_empty=st.booleans(),
)


CAPS = {Drop.PER_OUTLET_CAP, Drop.PER_TOPIC_CAP, Drop.TOTAL_CAP}


def expected_reason(c: Candidate, limits: DigestLimits) -> Drop | None:
    """The filter stages restated independently; None: the story reaches ranking."""
    if c.published_at < NOW - limits.max_age:
        return Drop.TOO_OLD
    if c.backlog and c.undated:
        return Drop.UNDATED_BACKLOG
    # a backlog story first seen before the last digest (or new to the channel) counts back
    # max_age only: published exactly max_age ago, it is dropped as backlog, not shown
    last = SINCE if c.first_seen_at > SINCE and not c.first_for_channel else NOW - limits.max_age
    if c.backlog and c.published_at <= last:
        return Drop.BACKLOG
    if not any(topic in TOPICS for topic, _ in c.matches):
        return Drop.NO_TOPIC
    return None


@given(candidates_strategy, limits_strategy, st.randoms(use_true_random=False))
def test_digest_properties(
    candidates: list[Candidate], limits: DigestLimits, rnd: random.Random
) -> None:
    result = build(candidates, limits)
    digest = result.digest
    by_id = {c.story_id: c for c in candidates}
    ids = digest.story_ids
    assert len(ids) == len(set(ids))  # no story twice
    assert len(ids) <= limits.total
    assert set(result.placed) == set(ids)
    assert set(result.placed).isdisjoint(result.dropped)  # exactly one fate each
    assert set(result.placed) | set(result.dropped) == set(by_id)
    for section in digest.sections:
        assert 0 < len(section.entries) <= limits.per_topic
        leads = [e.outlets[0] if e.outlets else "" for e in section.entries]
        assert max(leads.count(o) for o in leads) <= limits.per_outlet_per_topic
        keys = [
            (e.undated, -len(e.outlets), -e.published_at.timestamp(), e.story_id)
            for e in section.entries
        ]
        assert keys == sorted(keys)
        for entry in section.entries:
            story = by_id[entry.story_id]
            first = next(t for t in TOPICS if t in dict(story.matches))
            assert section.topic == result.placed[entry.story_id] == first
            assert entry.matched_terms == dict(story.matches)[first]
    assert [s.topic for s in digest.sections] == [
        t for t in TOPICS if t in {s.topic for s in digest.sections}
    ]
    for story_id, reason in result.dropped.items():
        early = expected_reason(by_id[story_id], limits)
        assert reason == early if early is not None else reason in CAPS
    for story_id in result.placed:
        assert expected_reason(by_id[story_id], limits) is None
    if Drop.TOTAL_CAP in result.dropped.values():
        assert len(ids) == limits.total
    assert (digest.note is not None) == (not ids and limits.send_empty)
    assert digest_from_json(digest_to_json(digest)) == digest
    shuffled = list(candidates)
    rnd.shuffle(shuffled)
    assert build(shuffled, limits) == result  # deterministic whatever the store's row order


def test_rebuilt_digest_equals_the_recorded_one() -> None:
    stories = [
        cand(i, topics=(TOPICS[i % 3],), outlets=(f"O{i % 4}",), seen=i * H / 2) for i in range(40)
    ]
    recorded = digest_from_json(digest_to_json(build(stories).digest))
    assert build(list(reversed(stories))).digest == recorded
    assert isinstance(recorded, Digest)
