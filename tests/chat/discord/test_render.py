"""discord_render: Discord's limits, order, and that nothing from a feed can mention or link."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.chat.discord.render import (
    DiscordMessage,
    fit,
    link_target,
    render_digest,
    sanitize,
    shorten,
    text_len,
)
from bot.core.model import ChannelRef, Digest, DigestEntry, DigestSection, Source

CREATED_AT = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
# Discord's documented limits, written out again here so the test does not trust the module.
LIMITS = {
    "content": 2000,
    "title": 256,
    "description": 4096,
    "footer": 2048,
    "total": 6000,
    "embeds": 10,
}
LIVE_MENTION = re.compile(r"@everyone|@here|<@|<#|<@&")
MARKER = re.compile(r"⟦(\d+)⟧")


def entry(story_id: int, title: str = "", **overrides: Any) -> DigestEntry:
    plain = DigestEntry(
        story_id=story_id,
        title=title or f"⟦{story_id}⟧ Seoul and Tokyo agree on export controls",
        url=f"https://news.example/story/{story_id}",
        summary="Officials met in Busan to settle a long dispute.",
        outlets=("Yonhap", "NHK"),
        published_at=CREATED_AT - timedelta(hours=story_id % 24),
    )
    return replace(plain, **overrides)


def digest(
    *sections: DigestSection, timezone: str = "Asia/Tokyo", note: str | None = None
) -> Digest:
    return Digest(
        id="d-1",
        channel=ChannelRef("discord", "1:2"),
        created_at=CREATED_AT,
        since_at=None,
        timezone=timezone,
        sections=sections,
        note=note,
    )


def section(topic: str, count: int, start: int = 0, **overrides: Any) -> DigestSection:
    return DigestSection(topic, tuple(entry(start + i, **overrides) for i in range(count)))


def strings(message: DiscordMessage) -> list[str]:
    """Every text the message would show."""
    out = [message.content]
    for embed in message.embeds:
        out += [embed.title or "", embed.description or "", embed.footer.text or ""]
    return out


def limit_problems(messages: list[DiscordMessage]) -> list[str]:
    problems = []
    for n, message in enumerate(messages):
        for measure in (len, text_len):
            if measure(message.content) > LIMITS["content"]:
                problems.append(f"{n}: content")
            total = 0
            for embed in message.embeds:
                data = embed.to_dict()
                title = data.get("title", "")
                description = data.get("description", "")
                footer = data.get("footer", {}).get("text", "")
                assert "fields" not in data
                assert "author" not in data
                if measure(title) > LIMITS["title"]:
                    problems.append(f"{n}: title")
                if measure(description) > LIMITS["description"]:
                    problems.append(f"{n}: description")
                if measure(footer) > LIMITS["footer"]:
                    problems.append(f"{n}: footer")
                total += measure(title) + measure(description) + measure(footer)
            if total > LIMITS["total"]:
                problems.append(f"{n}: total {total}")
        if len(message.embeds) > LIMITS["embeds"]:
            problems.append(f"{n}: embeds")
        urls = [e.url for e in message.embeds if e.url]
        if len(urls) != len(set(urls)):
            problems.append(f"{n}: duplicate embed urls")
        if not message.content and not message.embeds:
            problems.append(f"{n}: empty")
    return problems


def story_order(messages: list[DiscordMessage]) -> list[int]:
    found = []
    for message in messages:
        for embed in message.embeds:
            found += [int(m) for m in MARKER.findall(embed.description or "")]
    return found


# -- layout and limits ---------------------------------------------------------------------


def test_small_digest_is_one_message_with_header_embed_and_footer():
    messages = render_digest(digest(section("Japan–Korea", 2)))
    assert len(messages) == 1
    (message,) = messages
    assert message.content == "📰 **Digest for Wed 25 Nov 2026** — 2 stories"
    (embed,) = message.embeds
    assert embed.title == "Japan–Korea"
    assert embed.footer.text == "Times in Asia/Tokyo"
    first_block = (embed.description or "").split("\n\n")[0]
    assert first_block == (
        "**[⟦0⟧ Seoul and Tokyo agree on export controls](https://news.example/story/0)**"
        " — Yonhap, NHK · 25 Nov 18:00\nOfficials met in Busan to settle a long dispute."
    )


@pytest.mark.parametrize(
    ("timezone", "expected_time", "footer"),
    [
        ("Asia/Tokyo", "25 Nov 18:00", "Times in Asia/Tokyo"),
        ("America/New_York", "25 Nov 04:00", "Times in America/New\\_York"),
        ("Not/AZone", "25 Nov 09:00", "Times in UTC"),
        ("", "25 Nov 09:00", "Times in UTC"),
    ],
    ids=["tokyo", "new-york-escaped-underscore", "unknown-zone-utc", "empty-zone-utc"],
)
def test_times_are_shown_in_the_digest_zone(timezone, expected_time, footer):
    (message,) = render_digest(digest(section("t", 1), timezone=timezone))
    assert f"· {expected_time}\n" in (message.embeds[0].description or "")
    assert message.embeds[0].footer.text == footer


@pytest.mark.parametrize(
    ("stories", "header_end"),
    [(0, "no new stories"), (1, "1 story"), (7, "7 stories")],
    ids=["none", "singular", "plural"],
)
def test_header_counts_stories(stories, header_end):
    sections = (section("t", stories),) if stories else ()
    messages = render_digest(digest(*sections, note="Nothing new since yesterday."))
    assert messages[0].content.startswith("📰 **Digest for Wed 25 Nov 2026** — " + header_end)


def test_note_only_digest_is_one_content_message():
    messages = render_digest(digest(note="Nothing new since *yesterday* @everyone"))
    assert len(messages) == 1
    assert messages[0].embeds == ()
    assert messages[0].content.endswith("\nNothing new since \\*yesterday\\* @\u200beveryone")


def test_blank_topic_gets_a_title():
    (message,) = render_digest(digest(section("  ", 1)))
    assert message.embeds[0].title == "Stories"


def test_empty_sections_are_skipped():
    messages = render_digest(digest(DigestSection("empty", ()), section("full", 1)))
    assert [e.title for e in messages[0].embeds] == ["full"]


@pytest.mark.parametrize(
    ("sections", "expect_messages"),
    [
        ((section("a", 3),), 1),
        ((section("a", 40),), 2),
        (tuple(section(f"t{i}", 2, start=i * 2) for i in range(12)), 2),
        ((section("a", 300),), 9),
    ],
    ids=["few", "one-long-section", "eleven-plus-sections", "300-stories"],
)
def test_long_digests_split_in_order_within_limits(sections, expect_messages):
    messages = render_digest(digest(*sections))
    assert len(messages) == expect_messages
    assert limit_problems(messages) == []
    ids = [e.story_id for s in sections for e in s.entries]
    assert story_order(messages) == ids
    if expect_messages > 1:
        assert [m.content.rsplit(" · ", 1)[1] for m in messages] == [
            f"part {n}/{expect_messages}" for n in range(1, expect_messages + 1)
        ]


def test_long_section_continues_with_a_continued_title():
    messages = render_digest(digest(section("Taiwan", 60)))
    titles = [e.title for m in messages for e in m.embeds]
    assert titles[0] == "Taiwan"
    assert set(titles[1:]) == {"Taiwan (continued)"}
    assert len(titles) > 2


def test_note_rides_on_the_first_part_only():
    messages = render_digest(digest(section("a", 40), note="Feeds were slow today."))
    assert messages[0].content.endswith("\nFeeds were slow today.")
    assert all("Feeds were slow" not in m.content for m in messages[1:])


LONG_WORDS = " ".join(f"word{i}" for i in range(400))


@pytest.mark.parametrize(
    ("overrides", "check"),
    [
        ({"title": "⟦0⟧ " + LONG_WORDS}, lambda d: "word35 word36…](" in d),
        ({"summary": LONG_WORDS}, lambda d: d.endswith("word42 word43…")),
        ({"summary": "x" * 5000}, lambda d: d.endswith("x" * 299 + "…")),
        (
            {"outlets": tuple(f"Outlet {i}" for i in range(100))},
            lambda d: "Outlet 13, Outlet 14… · 25 Nov" in d,
        ),
        ({"url": "https://news.example/" + "a" * 2000}, lambda d: "](" not in d),
        ({"summary": ""}, lambda d: d.endswith("· 25 Nov 18:00")),
        ({"outlets": ()}, lambda d: "** — 25 Nov 18:00\n" in d),
        ({"title": "   "}, lambda d: d.startswith("**[(untitled)](")),
    ],
    ids=[
        "oversize-title-word-boundary",
        "oversize-summary-word-boundary",
        "single-giant-word-cut",
        "many-outlets",
        "giant-url-unlinked",
        "no-summary",
        "no-outlets",
        "blank-title",
    ],
)
def test_oversize_fields_are_shortened(overrides, check):
    (message,) = render_digest(digest(DigestSection("t", (entry(0, **overrides),))))
    description = message.embeds[0].description or ""
    assert check(description), description
    assert limit_problems([message]) == []


def test_oversize_topic_title_is_shortened_and_continued():
    topic = "Economic coercion " * 40
    messages = render_digest(digest(DigestSection(topic, tuple(entry(i) for i in range(60)))))
    titles = [e.title or "" for m in messages for e in m.embeds]
    assert titles[0].endswith("coercion…")
    assert text_len(titles[0]) <= 256
    assert titles[1].endswith("… (continued)")
    assert text_len(titles[1]) <= 256
    assert limit_problems(messages) == []


def test_rendering_is_deterministic():
    d = digest(section("a", 50), section("b", 5, start=50))
    first = [(m.content, [e.to_dict() for e in m.embeds]) for m in render_digest(d)]
    second = [(m.content, [e.to_dict() for e in m.embeds]) for m in render_digest(d)]
    assert first == second


# -- safety ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("@everyone look", "@\u200beveryone look"),
        ("@here now", "@\u200bhere now"),
        ("hi <@123>", "hi <\u200b@123>"),
        ("hi <@!123456789012345678>", "hi <\u200b@\u200b!123456789012345678>"),
        ("role <@&456>", "role <\u200b@&456>"),
        ("chan <#789>", "chan <\u200b#789>"),
        ("[click](http://evil)", "［click］(http:\u200b//evil)"),  # bare URL made non-clickable
        ("a](http://evil) [b", "a］(http:\u200b//evil) ［b"),
        ("**bold** __under__ `code`", "\\*\\*bold\\*\\* \\_\\_under\\_\\_ \\`code\\`"),
        ("||spoiler|| ~~gone~~", "\\|\\|spoiler\\|\\| \\~\\~gone\\~\\~"),
        ("@\u200beveryone", "@\u200beveryone"),
        ("@\u200deveryone", "@\u200deveryone"),
        ("back\\slash", "back\\\\slash"),
        ("line\n# heading\n> quote", "line # heading > quote"),
    ],
    ids=[
        "everyone",
        "here",
        "user-short-id",
        "user-snowflake",
        "role",
        "channel",
        "masked-link",
        "bracket-breakout",
        "bold-underline-code",
        "spoiler-strike",
        "zwsp-everyone",
        "zwj-everyone",
        "backslash",
        "newlines-folded",
    ],
)
def test_hostile_titles_are_inert(title, expected):
    assert sanitize(title) == expected
    (message,) = render_digest(digest(DigestSection("t", (entry(0, title=title),))))
    description = message.embeds[0].description or ""
    assert description.startswith(f"**[{expected}](https://news.example/story/0)**")
    assert LIVE_MENTION.search(description) is None
    assert description.count("](") == 1


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://a.example/x", "https://a.example/x"),
        ("HTTP://a.example/x", "HTTP://a.example/x"),
        ("https://a.example/wiki/Foo_(bar)", "https://a.example/wiki/Foo_%28bar%29"),
        ("https://a.example/a b", "https://a.example/a%20b"),
        ("https://a.example/x)](http://evil", "https://a.example/x%29%5D%28http://evil"),
        ("https://a.example/@everyone", "https://a.example/%40everyone"),
        ("https://a.example/<x>", "https://a.example/%3Cx%3E"),
        ("https://a.example/?q=1&r=%20#frag", "https://a.example/?q=1&r=%20#frag"),
        ("https://a.example/ü", "https://a.example/%C3%BC"),
        ("  https://a.example/x  ", "https://a.example/x"),
        ("javascript:alert(1)", None),
        ("ftp://a.example/x", None),
        ("/relative/path", None),
        ("https://", None),
        ("http://[::1", None),
        ("", None),
    ],
    ids=[
        "plain",
        "upper-scheme",
        "parens",
        "space",
        "link-breakout",
        "at-sign",
        "angle-brackets",
        "query-kept",
        "non-ascii",
        "stripped",
        "javascript",
        "ftp",
        "relative",
        "no-host",
        "bad-ipv6",
        "empty",
    ],
)
def test_link_targets(url, expected):
    assert link_target(url) == expected


def test_entry_without_safe_url_has_no_link():
    (message,) = render_digest(
        digest(DigestSection("t", (entry(0, title="Headline", url="javascript:x()"),)))
    )
    assert (message.embeds[0].description or "").startswith("**Headline** — ")


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        ("short", 10, "short"),
        ("one two three", 9, "one two…"),
        ("one two three", 8, "one two…"),
        ("one two three", 7, "one…"),
        ("abcdefghij", 5, "abcd…"),
        ("ab", 1, "…"),
        ("😀😀😀 x", 5, "😀😀…"),
    ],
    ids=["fits", "boundary", "boundary-exact", "earlier-boundary", "hard-cut", "tiny", "astral"],
)
def test_shorten(text, limit, expected):
    assert shorten(text, limit) == expected
    assert text_len(shorten(text, limit)) <= limit


def test_fit_accounts_for_escapes():
    raw = "*" * 300
    fitted = fit(raw, 256)
    assert text_len(fitted) <= 256
    assert fitted.endswith("…")
    assert not fitted.removesuffix("…").endswith("\\")  # no dangling escape before the ellipsis


@pytest.mark.parametrize(
    ("raw", "limit", "expected"),
    [("<", 1, "…"), ("<<<<", 3, "…"), ("a<b c", 4, "a<\u200b…"), ("plain", 5, "plain")],
    ids=["escape-cannot-fit", "escapes-shrink-to-ellipsis", "escape-forces-earlier-cut", "fits"],
)
def test_fit_small_limits(raw, limit, expected):
    assert fit(raw, limit) == expected


# -- properties --------------------------------------------------------------------------------

TEXT = st.text(st.characters(blacklist_characters="⟦⟧", blacklist_categories=["Cs"]), max_size=600)
HOSTILE = st.sampled_from(
    ["@everyone", "@here", "<@123>", "<@&456>", "<#789>", "[x](http://evil)", "**", "`", "\\", "<"]
)
PIECE = st.one_of(TEXT, HOSTILE)


@st.composite
def digests(draw):
    total = draw(st.sampled_from([0, 1, 3, 30, 120, 300]))
    n_sections = draw(st.integers(min_value=1, max_value=12))
    cuts = sorted(
        draw(st.lists(st.integers(0, total), min_size=n_sections - 1, max_size=n_sections - 1))
    )
    bounds = [0, *cuts, total]
    sections = []
    for i in range(n_sections):
        entries = []
        for story_id in range(bounds[i], bounds[i + 1]):
            title = f"⟦{story_id}⟧ " + "".join(draw(st.lists(PIECE, max_size=3)))
            entries.append(
                DigestEntry(
                    story_id=story_id,
                    title=title,
                    url=draw(st.sampled_from(["", "https://x.example/", "ftp://x/"]))
                    + draw(st.text(max_size=40)),
                    summary="".join(draw(st.lists(PIECE, max_size=3))),
                    outlets=tuple(draw(st.lists(TEXT, max_size=4))),
                    published_at=CREATED_AT - timedelta(minutes=story_id),
                    undated=draw(st.booleans()),
                    sources=tuple(
                        Source(
                            "".join(draw(st.lists(PIECE, max_size=3))),
                            draw(st.sampled_from(["", "https://o.example/", "javascript:"]))
                            + draw(st.text(max_size=60)),
                        )
                        for _ in range(draw(st.integers(0, 12)))
                    ),
                )
            )
        sections.append(
            DigestSection(
                "".join(draw(st.lists(PIECE, max_size=2))),
                tuple(entries),
                more=draw(st.integers(0, 500)) if entries else 0,
            )
        )
    note = draw(st.one_of(st.none(), TEXT))
    return digest(*sections, note=note)


@settings(max_examples=60)
@given(digests())
def test_property_limits_order_and_no_live_mentions(d):
    messages = render_digest(d)
    assert messages
    assert limit_problems(messages) == []
    assert story_order(messages) == list(d.story_ids)
    for message in messages:
        for text in strings(message):
            assert LIVE_MENTION.search(text) is None, text


@given(PIECE)
def test_property_sanitized_text_cannot_open_a_link_or_mention(text):
    clean = sanitize(text)
    assert "[" not in clean
    assert "]" not in clean
    assert LIVE_MENTION.search(clean) is None


def test_every_outlet_is_linked_to_its_own_article_lead_first() -> None:
    sources = (
        Source("NHK", "https://www3.nhk.or.jp/news/a"),
        Source("Yonhap **bold** @everyone [x](http://evil)", "https://en.yna.co.kr/b(1)"),
        Source("Scheme-less", "javascript:alert(1)"),
    )
    story = replace(entry(0), outlets=tuple(s.outlet for s in sources), sources=sources)
    (message,) = render_digest(digest(DigestSection("t", (story,), more=7)))
    text = message.embeds[0].description or ""
    assert "[NHK](https://www3.nhk.or.jp/news/a)" in text
    assert "(https://en.yna.co.kr/b%281%29)" in text, "the outlet's own link, encoded"
    assert "javascript" not in text, "only http(s) links"
    assert "Scheme-less" in text, "a source without a usable link is named, not linked"
    assert LIVE_MENTION.search(text) is None
    assert "[x](http://evil)" not in text
    assert text.index("NHK") < text.index("Yonhap"), "lead outlet first"
    assert text.endswith("*…and 7 more stories on this topic*")
