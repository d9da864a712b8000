"""slack_render: Block Kit limits, order, and that feed text can never mention or break a link."""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.chat.slack.render import (
    FALLBACK_TEXT,
    SLACK_BLOCK_ID,
    SLACK_HEADER_TEXT,
    SLACK_MAX_BLOCKS,
    SLACK_MESSAGE_TEXT_BUDGET,
    SLACK_SECTION_TEXT,
    URL_BUDGET,
    SlackMessage,
    block_text_length,
    clean_text,
    escape_text,
    link_target,
    render_digest,
)
from bot.core.model import ChannelRef, Digest, DigestEntry, DigestSection, Source

CREATED_AT = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
PUBLISHED_AT = datetime(2026, 11, 25, 7, 30, tzinfo=UTC)
CHANNEL = ChannelRef("slack", "T1:C1")
LINK = re.compile(r"<(https?://[^<>|\s]+)\|([^<>|]*)>")
LIVE_SPECIAL = re.compile(r"<[!@#]")


def entry(
    story_id: int = 1,
    title: str = "Headline",
    url: str = "https://example.com/a",
    summary: str = "Summary.",
    outlets: tuple[str, ...] = ("BBC",),
) -> DigestEntry:
    return DigestEntry(story_id, title, url, summary, outlets, PUBLISHED_AT)


def digest(
    *sections: DigestSection,
    note: str | None = None,
    timezone: str = "Europe/Paris",
    since_at: datetime | None = None,
) -> Digest:
    return Digest("d1", CHANNEL, CREATED_AT, since_at, timezone, tuple(sections), note)


def section(topic: str, count: int, start: int = 1, **kwargs: Any) -> DigestSection:
    return DigestSection(topic, tuple(entry(start + i, **kwargs) for i in range(count)))


def texts_of(message: SlackMessage) -> list[str]:
    found = [message.text]
    for block in message.blocks:
        if "text" in block:
            found.append(block["text"]["text"])
        found.extend(e["text"] for e in block.get("elements", ()))
    return found


def story_blocks(messages: list[SlackMessage]) -> list[dict[str, Any]]:
    return [
        b for m in messages for b in m.blocks if str(b.get("block_id", "")).startswith("story-")
    ]


def story_text(d: Digest) -> str:
    [block] = story_blocks(render_digest(d))
    return str(block["text"]["text"])


def assert_safe(messages: list[SlackMessage]) -> None:
    """No live special mention, no link breakout, every & an entity, no control characters."""
    for message in messages:
        for text in texts_of(message):
            assert not LIVE_SPECIAL.search(text), text
            without_links = LINK.sub("", text)
            assert "<" not in without_links, text
            assert ">" not in without_links, text
            assert not re.search(r"&(?!amp;|lt;|gt;)", text), text
            for ch in text:
                assert ch == "\n" or unicodedata.category(ch) not in ("Cc", "Cs"), repr(text)
                assert ch not in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


def assert_within_limits(messages: list[SlackMessage]) -> None:
    assert messages
    for message in messages:
        assert 0 < len(message.text) <= FALLBACK_TEXT
        assert 0 < len(message.blocks) <= SLACK_MAX_BLOCKS
        assert sum(block_text_length(b) for b in message.blocks) <= SLACK_MESSAGE_TEXT_BUDGET
        ids = [b["block_id"] for b in message.blocks if "block_id" in b]
        assert len(ids) == len(set(ids))
        for block in message.blocks:
            assert len(block.get("block_id", "")) <= SLACK_BLOCK_ID
            if block["type"] == "section":
                assert 0 < len(block["text"]["text"]) <= SLACK_SECTION_TEXT
                assert block["text"]["text"].count("\n") <= 2
            if block["type"] == "header":
                assert block["text"]["type"] == "plain_text"
                assert 0 < len(block["text"]["text"]) <= SLACK_HEADER_TEXT


HOSTILE_TITLES = [
    ("<!channel> alert", "&lt;!channel&gt; alert"),
    ("<!here|here> now", "&lt;!here¦here&gt; now"),
    ("<!everyone>", "&lt;!everyone&gt;"),
    ("hi <@U123>", "hi &lt;@U123&gt;"),
    ("<!subteam^S1|team>", "&lt;!subteam^S1¦team&gt;"),
    ("&lt; already escaped", "&amp;lt; already escaped"),
    ("a | b > c", "a ¦ b &gt; c"),
    ("<http://evil.example|click>", "&lt;http:\u200b//evil.example¦click&gt;"),
    ("Tom & Jerry", "Tom &amp; Jerry"),
    ("line\nbreak\tand\x00nul\x1b", "line break and nul"),
    ("\u202eevil\u202c bidi", "evil bidi"),
    ("  ", "(untitled)"),
]


@pytest.mark.parametrize(
    ("title", "label"), HOSTILE_TITLES, ids=[repr(t)[:30] for t, _ in HOSTILE_TITLES]
)
def test_hostile_titles_become_inert_labels(title: str, label: str) -> None:
    text = story_text(digest(section("World", 1, title=title)))
    assert text.splitlines()[0] == f"*<https://example.com/a|{label}>*"
    assert_safe(render_digest(digest(section("World", 1, title=title))))


URLS = [
    ("https://example.com/a?b=1&c=2", "*<https://example.com/a?b=1&amp;c=2|"),
    ("https://example.com/a|<!channel>", "*<https://example.com/a%7C%3C!channel%3E|"),
    ("https://example.com/a b\tc", "*<https://example.com/a%20b%09c|"),
    ("HTTP://Example.com/x", "*<http://Example.com/x|"),
    ("https://example.com/\u202e", "*<https://example.com/%E2%80%AE|"),
    ("javascript:alert(1)", "*Headline*"),
    ("mailto:a@example.com", "*Headline*"),
    ("", "*Headline*"),
    ("https:///no-host", "*Headline*"),
    ("http://[::1/broken", "*Headline*"),
    ("https://example.com/" + "x" * URL_BUDGET, "*Headline*"),
]


@pytest.mark.parametrize(("url", "expected"), URLS, ids=[u[:30] for u, _ in URLS])
def test_link_targets_are_http_and_cannot_break_out(url: str, expected: str) -> None:
    d = digest(section("World", 1, url=url))
    assert story_text(d).startswith(expected)
    assert_safe(render_digest(d))


def test_link_target_refuses_other_schemes_and_encodes_pipes() -> None:
    assert link_target("ftp://example.com/") is None
    assert link_target("https://x.example/a|b") == "https://x.example/a%7Cb"


def test_story_layout_shows_outlets_local_time_and_summary() -> None:
    text = story_text(digest(section("World", 1, outlets=("BBC", "<Reuters>", ""))))
    assert text.splitlines() == [
        "*<https://example.com/a|Headline>*",
        "BBC, &lt;Reuters&gt; · 2026-11-25 08:30",  # 07:30 UTC in Paris
        "Summary.",
    ]


def test_story_without_outlets_or_summary_keeps_the_time_line() -> None:
    text = story_text(digest(section("World", 1, outlets=(), summary=" \n ")))
    assert text.splitlines() == ["*<https://example.com/a|Headline>*", "2026-11-25 08:30"]


@pytest.mark.parametrize(
    ("zone", "shown"),
    [("Asia/Tokyo", "16:30"), ("Not/AZone", "07:30"), ("../../etc/passwd", "07:30")],
    ids=["tokyo", "unknown-zone-falls-back-to-utc", "invalid-zone-name"],
)
def test_times_are_local_to_the_digest_zone(zone: str, shown: str) -> None:
    messages = render_digest(digest(section("World", 1), timezone=zone))
    assert story_text(digest(section("World", 1), timezone=zone)).splitlines()[1].endswith(shown)
    intro = messages[0].blocks[0]
    assert intro["type"] == "context"
    assert intro["elements"][0]["text"].endswith(zone if shown != "07:30" else "UTC")


def test_intro_counts_stories_and_shows_since() -> None:
    one = render_digest(digest(section("World", 1)))[0].blocks[0]["elements"][0]["text"]
    assert one == "1 new story · times in Europe/Paris"
    since = CREATED_AT - timedelta(days=1)
    many = render_digest(digest(section("World", 2), since_at=since))
    assert many[0].blocks[0]["elements"][0]["text"] == (
        "2 new stories since 2026-11-24 10:00 · times in Europe/Paris"
    )
    assert many[0].text == "News digest, 2 stories: World"


def test_mrkdwn_text_is_verbatim_so_bare_names_are_not_linked() -> None:
    blocks = render_digest(digest(section("World", 1, title="@channel #general")))[0].blocks
    for block in blocks:
        text = block.get("text") or block["elements"][0]
        if text["type"] == "mrkdwn":
            assert text["verbatim"] is True


def test_topics_get_headers_and_dividers_between_them() -> None:
    messages = render_digest(digest(section("A & B", 1), section("", 1, start=2)))
    [message] = messages
    kinds = [b["type"] for b in message.blocks]
    assert kinds == ["context", "header", "section", "divider", "header", "section"]
    assert message.blocks[1]["text"]["text"] == "A &amp; B"
    assert message.blocks[4]["text"]["text"] == "News"  # a topic name that cleans to nothing
    assert message.text == "News digest, 2 stories: A &amp; B, News"


def test_empty_sections_are_skipped() -> None:
    [message] = render_digest(digest(DigestSection("Empty", ()), section("World", 1)))
    assert [b["type"] for b in message.blocks] == ["context", "header", "section"]


@pytest.mark.parametrize(
    ("note", "sections", "text", "first_block"),
    [
        ("Nothing new <!here>", (), "Nothing new &lt;!here&gt;", "Nothing new &lt;!here&gt;"),
        (None, (), "News digest: no new stories.", "No new stories."),
        ("\x00\n", (), "News digest: no new stories.", "No new stories."),
        ("Note", (DigestSection("World", ()),), "Note", "Note"),
    ],
    ids=["note", "nothing-at-all", "note-of-only-control-chars", "note-and-empty-section"],
)
def test_notes_and_empty_digests_still_render_one_message(
    note: str | None, sections: tuple[DigestSection, ...], text: str, first_block: str
) -> None:
    [message] = render_digest(digest(*sections, note=note))
    assert message.text == text
    assert message.blocks[0]["text"]["text"] == first_block


def test_note_comes_before_stories() -> None:
    [message] = render_digest(digest(section("World", 1), note="Heads up"))
    assert [b["type"] for b in message.blocks][:2] == ["section", "context"]
    assert message.text == "News digest, 1 story: World"


def test_long_fields_are_clipped_at_a_word_boundary_on_their_escaped_length() -> None:
    title = "word " * 100 + "<&>" * 200
    summary = "&" * 2000
    text = story_text(digest(section("World", 1, title=title, summary=summary)))
    headline, _, body = text.splitlines()
    label = LINK.fullmatch(headline.strip("*"))
    assert label is not None
    assert label[2].endswith("word…")  # cut before the half-word, not inside it
    assert len(label[2]) <= 300
    assert body == "&amp;" * 99 + "…"  # never half an entity
    assert len(text) <= SLACK_SECTION_TEXT


def test_a_cut_that_lands_on_a_space_keeps_the_whole_last_word() -> None:
    text = story_text(digest(section("World", 1, title="a" * 299 + " tail")))
    assert "|" + "a" * 299 + "…>" in text


def test_one_giant_word_is_cut_because_it_must_be() -> None:
    text = story_text(digest(section("World", 1, title="x" * 1000)))
    assert "|" + "x" * 299 + "…>" in text


def test_header_is_clipped_with_room_for_continued() -> None:
    topic = "T" * 400
    messages = render_digest(digest(section(topic, 60)))
    headers = [b["text"]["text"] for m in messages for b in m.blocks if b["type"] == "header"]
    assert headers[0] == "T" * 149 + "…"
    assert headers[1] == "T" * (150 - len(" (continued)") - 1) + "… (continued)"
    assert all(len(h) <= SLACK_HEADER_TEXT for h in headers)


def test_block_limit_splits_in_order_and_repeats_the_header() -> None:
    messages = render_digest(digest(section("World", 120)))
    assert len(messages) == 3
    assert [len(m.blocks) for m in messages] == [50, 50, 24]  # intro + header + 48, header + 49…
    assert [m.blocks[0]["type"] for m in messages] == ["context", "header", "header"]
    assert messages[1].blocks[0]["text"]["text"] == "World (continued)"
    ids = [int(b["block_id"].split("-")[1]) for b in story_blocks(messages)]
    assert ids == list(range(1, 121))
    assert [m.text.rsplit("(", 1)[1] for m in messages] == [
        "part 1 of 3)",
        "part 2 of 3)",
        "part 3 of 3)",
    ]
    assert_within_limits(messages)


def test_text_budget_splits_long_stories() -> None:
    summary = "lorem ipsum " * 100  # clipped to ~500 characters per story
    messages = render_digest(digest(section("World", 60, summary=summary)))
    assert len(messages) > 2
    assert all(len(m.blocks) < SLACK_MAX_BLOCKS for m in messages)
    budgets = [sum(block_text_length(b) for b in m.blocks) for m in messages]
    assert max(budgets) <= SLACK_MESSAGE_TEXT_BUDGET
    assert max(budgets) > SLACK_MESSAGE_TEXT_BUDGET - 1000  # packed, not one story per message
    assert_within_limits(messages)


def test_a_new_topic_starts_a_new_message_when_header_and_story_do_not_fit() -> None:
    # intro + header + 47 stories = 49 blocks: the next topic's header and story need 2 more.
    messages = render_digest(digest(section("A", 47), section("B", 1, start=100)))
    assert [len(m.blocks) for m in messages] == [49, 2]
    assert messages[1].blocks[0]["text"]["text"] == "B"
    assert messages[0].blocks[-1]["type"] == "section"


def test_divider_is_dropped_when_only_header_and_story_fit() -> None:
    # intro + header + 46 stories = 48 blocks: divider + header + story would be 51.
    messages = render_digest(digest(section("A", 46), section("B", 1, start=100)))
    assert [len(m.blocks) for m in messages] == [50]
    assert [b["type"] for b in messages[0].blocks[-3:]] == ["section", "header", "section"]


def test_rendering_is_deterministic() -> None:
    d = digest(section("World", 70), section("Tech", 5, start=200), note="n")
    assert render_digest(d) == render_digest(d)


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("a\u2028b\u2029c", "a b c"),
        ("\ud800lone surrogate", "lone surrogate"),
        ("zwj 👩\u200d💻 kept", "zwj 👩\u200d💻 kept"),
        ("a \x07 b", "a b"),
    ],
    ids=["line-separators", "surrogate", "zwj-kept", "bell-between-spaces"],
)
def test_clean_text(raw: str, clean: str) -> None:
    assert clean_text(raw) == clean


def test_escape_text_touches_only_the_three_characters() -> None:
    assert escape_text("<a href='x'>&\"*_~`</a>") == "&lt;a href='x'&gt;&amp;\"*_~`&lt;/a&gt;"


def test_block_text_length_counts_sections_contexts_and_not_dividers() -> None:
    assert block_text_length({"type": "divider"}) == 0
    assert block_text_length({"type": "section", "text": {"type": "mrkdwn", "text": "abc"}}) == 3
    context = {"type": "context", "elements": [{"text": "ab"}, {"text": "cd"}]}
    assert block_text_length(context) == 4


# --- properties ---------------------------------------------------------------------------

HOSTILE = st.sampled_from(
    [
        *"<>&|*\x00\n\r\t\x1b\x85\u2028\u202e\u2066 é字…",
        *("<!channel>", "<!here|here>", "<!everyone>", "<@U123>", "<!subteam^S1>", "&lt;", "  "),
        *("<https://x.example|x>", "@everyone", "@here"),
    ]
)
FEED_TEXT = st.lists(st.one_of(HOSTILE, st.text(max_size=8)), max_size=60).map("".join)
LONG_TEXT = st.one_of(FEED_TEXT, st.integers(0, 1200).map(lambda n: ("word & " * n)[: n * 3]))
URL = st.one_of(
    st.builds(lambda path: "https://example.com/" + path, FEED_TEXT),
    FEED_TEXT,
    st.just("javascript:alert(1)"),
)
ENTRY = st.builds(
    DigestEntry,
    story_id=st.integers(1, 10**9),
    title=LONG_TEXT,
    url=URL,
    summary=LONG_TEXT,
    outlets=st.lists(FEED_TEXT, max_size=4).map(tuple),
    published_at=st.integers(0, 4_000_000_000).map(lambda s: datetime.fromtimestamp(s, UTC)),
    undated=st.booleans(),
    sources=st.lists(st.builds(Source, outlet=FEED_TEXT, url=URL), max_size=12).map(tuple),
)
SECTION = st.builds(
    DigestSection,
    topic=LONG_TEXT,
    entries=st.lists(ENTRY, max_size=70).map(tuple),
    more=st.integers(0, 500),
)
DIGEST = st.builds(
    Digest,
    id=st.just("d"),
    channel=st.just(CHANNEL),
    created_at=st.just(CREATED_AT),
    since_at=st.none() | st.just(CREATED_AT - timedelta(days=1)),
    timezone=st.sampled_from(["UTC", "Europe/Paris", "Asia/Kolkata", "No/Such"]),
    sections=st.lists(SECTION, max_size=4).map(tuple),
    note=st.none() | FEED_TEXT,
)


@given(DIGEST)
def test_property_no_message_breaks_a_limit(d: Digest) -> None:
    assert_within_limits(render_digest(d))


@given(DIGEST)
def test_property_every_story_once_and_in_order(d: Digest) -> None:
    blocks = story_blocks(render_digest(d))
    assert [int(b["block_id"].split("-")[1]) for b in blocks] == list(d.story_ids)
    assert [int(b["block_id"].split("-")[2]) for b in blocks] == list(range(len(d.story_ids)))


@given(DIGEST)
def test_property_feed_text_cannot_mention_or_inject_controls(d: Digest) -> None:
    assert_safe(render_digest(d))


def test_every_outlet_is_linked_to_its_own_article_lead_first() -> None:
    sources = (
        Source("NHK", "https://www3.nhk.or.jp/news/a"),
        Source("Tom & Jerry <!channel> | Co", "https://example.com/b?x=1&y=2"),
        Source("No link", "javascript:alert(1)"),
    )
    story = replace(entry(1), sources=sources)
    [message] = render_digest(digest(DigestSection("World", (story,), more=2)))
    text = json.dumps(message.blocks, ensure_ascii=False)
    assert "<https://www3.nhk.or.jp/news/a|NHK>" in text
    assert "|Tom &amp; Jerry &lt;!channel&gt; ¦ Co>" in text, "the name escaped, never markup"
    assert "javascript" not in text
    assert "No link" in text
    assert text.index("NHK") < text.index("Tom")
    assert "…and 2 more stories on this topic" in text
