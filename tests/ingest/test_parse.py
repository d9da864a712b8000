"""bot.ingest.parse: error kinds, hostile XML, wrong charsets, channel metadata, worker thread."""

from __future__ import annotations

import asyncio
import gzip
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.config import FetchSection
from bot.errors import FeedError
from bot.ingest import parse as parse_module
from bot.ingest.parse import MAX_ENTRIES, parse_feed, parse_feed_bytes
from tests.conftest import OUTLETS
from tests.paths import DATA

URL = "https://feeds.example.com/world.xml"
XML = {"content-type": "application/xml"}
PASSWD = Path("/etc/passwd")


def rss(items: str = "", channel: str = "") -> bytes:
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>World</title><link>https://example.com/</link>{channel}{items}"
        "</channel></rss>"
    ).encode()


def item(n: int) -> str:
    return (
        f"<item><title>Story {n}</title><link>/s/{n}</link>"
        f"<guid isPermaLink='false'>g{n}</guid></item>"
    )


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE rss [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0"><channel><title>t</title>
<item><title>&lol9;</title><link>http://e.com/a</link></item></channel></rss>"""
XXE = b"""<?xml version="1.0"?>
<!DOCTYPE rss [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
<rss version="2.0"><channel><title>t</title>
<item><title>x&xxe;y</title><link>http://e.com/a</link></item></channel></rss>"""
# One line: feedparser's own DOCTYPE regex leaves this declaration in place for expat.
XXE_ONE_LINE = XXE.replace(b"\n", b"")
LAUGHS_ONE_LINE = BILLION_LAUGHS.replace(b"\n", b"")
HOSTILE = [
    ("billion-laughs", BILLION_LAUGHS),
    ("billion-laughs-one-line", LAUGHS_ONE_LINE),
    ("xxe", XXE),
    ("xxe-one-line", XXE_ONE_LINE),
    ("xxe-utf16", XXE.replace(b'<?xml version="1.0"?>', b"").decode().encode("utf-16")),
]


@pytest.mark.parametrize("body", [h[1] for h in HOSTILE], ids=[h[0] for h in HOSTILE])
def test_entity_declarations_are_refused(body):
    with pytest.raises(FeedError) as err:
        parse_feed_bytes(body, XML, URL)
    assert err.value.kind == "unsafe_xml"
    assert err.value.url == URL


@pytest.mark.parametrize("body", [h[1] for h in HOSTILE[:4]], ids=[h[0] for h in HOSTILE[:4]])
def test_feedparser_layer_alone_never_expands_or_reads(body):
    # The second layer, without our DOCTYPE guard: expat with external entities off.
    result = parse_module._run_feedparser(body, XML, URL)
    titles = [e.get("title", "") for e in result["entries"]]
    assert all(len(t) < 100 for t in titles)
    first_line = PASSWD.read_text().splitlines()[0]
    assert all(first_line not in t and "root:" not in t for t in titles)


def test_external_dtd_is_not_fetched_and_feed_parses():
    body = rss(item(1)).replace(b"<rss", b'<!DOCTYPE rss SYSTEM "file:///etc/passwd"><rss', 1)
    parsed = parse_feed_bytes(body, XML, URL)
    assert [e.title for e in parsed.entries] == ["Story 1"]


ERRORS = [
    ("empty", b"", "empty_body", "empty body"),
    ("whitespace", b"  \r\n\t ", "empty_body", "empty body"),
    ("html-page", b"<!DOCTYPE html><html><head><title>Home</title></head><body>Hi</body></html>",
     "not_a_feed", "not a feed: the server returned an HTML page"),
    ("html-after-comment", b"<!-- generated --><HTML lang='en'><body>x</body></HTML>",
     "not_a_feed", "HTML page"),
    ("gzip-body", gzip.compress(rss(item(1))), "not_a_feed", "gzip"),
    ("png", b"\x89PNG\r\n\x1a\n" + bytes(200), "not_a_feed", "PNG image"),
    ("random-binary", bytes(range(256)) * 4, "not_a_feed", "binary data"),
    ("plain-text", b"Service temporarily unavailable", "not_a_feed", "no RSS, Atom or RDF"),
    ("unknown-xml", b'<?xml version="1.0"?><config><a>1</a></config>', "not_a_feed",
     "no RSS, Atom or RDF"),
    ("broken-no-entries", b'<?xml version="1.0"?><rss version="2.0"><channel><title>x</ti',
     "broken_feed", "broken feed, no entries:"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("body", "kind", "message"), [e[1:] for e in ERRORS], ids=[e[0] for e in ERRORS]
)
def test_errors(body, kind, message):
    with pytest.raises(FeedError) as err:
        parse_feed_bytes(body, XML, URL)
    assert err.value.kind == kind
    assert message in err.value.message


def test_truncated_real_feed_is_broken():
    with pytest.raises(FeedError) as err:
        parse_feed_bytes((OUTLETS / "reuters-2.xml").read_bytes(), XML, URL)
    assert err.value.kind == "broken_feed"
    assert "no element found" in err.value.message


def test_broken_xml_with_entries_still_yields_them():
    body = rss(item(1) + item(2) + "<item><title>Bad & broken</title><link>/s/3</link></item>")
    parsed = parse_feed_bytes(body, XML, URL)
    assert [e.title for e in parsed.entries] == ["Story 1", "Story 2", "Bad & broken"]
    assert parsed.bozo_reason is not None


def test_real_ill_formed_feed_yields_entries():
    parsed = parse_feed_bytes((OUTLETS / "guardian-2.xml").read_bytes(), XML, URL)
    assert len(parsed.entries) == 54
    assert parsed.bozo_reason is not None
    assert "not well-formed" in parsed.bozo_reason


def test_valid_feed_with_no_entries_is_fine():
    parsed = parse_feed_bytes(rss(), XML, URL)
    assert parsed.entries == ()
    assert parsed.title == "World"
    assert parsed.bozo_reason is None


def test_xhtml_doctype_before_rss_root_is_a_feed():
    body = rss(item(1)).replace(
        b"<rss", b'<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0//EN" "http://x.invalid/"><rss', 1
    )
    assert len(parse_feed_bytes(body, XML, URL).entries) == 1


@pytest.mark.parametrize(
    "content_type",
    ["application/rss+xml; charset=utf-8", "text/xml; charset=UTF-8"],
    ids=["rss-utf8", "text-xml-utf8"],
)
def test_wrong_declared_charset_does_not_crash(content_type):
    body = (OUTLETS / "newsru-1.xml").read_bytes()  # windows-1251 bytes
    parsed = parse_feed_bytes(body, {"Content-Type": content_type}, URL)
    assert len(parsed.entries) == 30
    assert all(e.title for e in parsed.entries)


def test_right_charset_decodes_cyrillic():
    parsed = parse_feed_bytes((OUTLETS / "newsru-2.xml").read_bytes(), {}, URL)  # koi8-r
    assert any("Росси" in (e.title or "") + (e.summary or "") for e in parsed.entries)


def test_channel_metadata_and_entry_fields():
    channel = (
        "<language>en-gb</language><ttl>15</ttl>"
        "<skipHours><hour>0</hour><hour>7</hour><hour> 23 </hour><hour>24</hour></skipHours>"
    )
    items = (
        "<item><title>A &amp;amp; B</title><link>/a?x=1</link><guid isPermaLink='false'>g1</guid>"
        "<description>&lt;p&gt;Hi&lt;/p&gt;</description><author>desk@example.com (Desk)</author>"
        "<pubDate>Mon, 01 Jan 2024 10:00:00 +0900</pubDate></item>"
    )
    parsed = parse_feed_bytes(rss(items, channel), XML, URL)
    assert (parsed.title, parsed.link, parsed.language) == (
        "World",
        "https://example.com/",
        "en-gb",
    )
    assert parsed.ttl_minutes == 15
    assert parsed.skip_hours == frozenset({0, 7, 23})
    [entry] = parsed.entries
    assert entry.guid == "g1"
    assert entry.link == "https://feeds.example.com/a?x=1"
    assert entry.title == "A &amp; B"
    assert entry.summary == "<p>Hi</p>"
    assert entry.published_at == datetime(2024, 1, 1, 1, 0, tzinfo=UTC)
    assert entry.updated_at is None
    assert entry.author is not None


@pytest.mark.parametrize(
    ("ttl", "expected"),
    [("30", 30), (" 60 ", 60), ("soon", None), ("-5", None), ("0", None), ("", None)],
    ids=["plain", "spaces", "garbage", "negative", "zero", "empty"],
)
def test_ttl(ttl, expected):
    assert parse_feed_bytes(rss(item(1), f"<ttl>{ttl}</ttl>"), XML, URL).ttl_minutes == expected


def test_no_skip_hours_is_empty():
    assert parse_feed_bytes(rss(item(1)), XML, URL).skip_hours == frozenset()


def test_atom_link_and_content_fallbacks():
    body = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>A</title><id>urn:a</id>
<entry><id>urn:1</id><title>One</title><updated>2024-05-01T12:00:00Z</updated>
<link rel="related" href="https://e.com/related"/><link href="https://e.com/one"/>
<content type="html">&lt;p&gt;Body&lt;/p&gt;</content></entry>
<entry><id>urn:2</id><title>Two</title><link rel="enclosure" href="https://e.com/a.mp3"/></entry>
</feed>"""
    parsed = parse_feed_bytes(body, XML, URL)
    one, two = parsed.entries
    assert one.link == "https://e.com/one"
    assert one.summary == "<p>Body</p>"
    assert one.updated_at == datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
    assert one.published_at is None
    assert two.link == "urn:2"  # feedparser's guidislink; canonical_url drops it later
    assert two.summary is None


@pytest.mark.parametrize("limit", [3, 1_500], ids=["below-old-cap", "above-old-1000-cap"])
def test_entries_are_capped_at_the_configured_limit(limit: int) -> None:
    body = rss("".join(item(n) for n in range(limit + 5)))
    parsed = parse_feed_bytes(body, XML, URL, max_entries=limit)
    assert len(parsed.entries) == limit
    assert parsed.entries[-1].guid == f"g{limit - 1}"


def test_the_default_cap_is_the_largest_configurable_limit() -> None:
    limits = FetchSection.__dataclass_fields__["max_entries_per_feed"].metadata
    assert limits["max"] == MAX_ENTRIES


def test_bytes_that_name_a_file_are_not_opened():
    # feedparser.parse(bytes) would open a path; we always hand it a BytesIO.
    with pytest.raises(FeedError) as err:
        parse_feed_bytes(str(PASSWD).encode(), XML, URL)
    assert err.value.kind == "not_a_feed"


async def test_parse_feed_runs_in_a_worker_thread(monkeypatch):
    seen: list[int] = []
    real = parse_module.parse_feed_bytes

    def recording(body, headers, url, *, max_entries):
        seen.append(threading.get_ident())
        return real(body, headers, url, max_entries=max_entries)

    monkeypatch.setattr(parse_module, "parse_feed_bytes", recording)
    parsed = await parse_feed(rss(item(1)), XML, URL)
    assert [e.title for e in parsed.entries] == ["Story 1"]
    assert seen
    assert seen[0] != threading.get_ident()


async def test_parse_feed_raises_feed_error():
    with pytest.raises(FeedError) as err:
        await asyncio.wait_for(parse_feed(b"", XML, URL), timeout=5)
    assert err.value.kind == "empty_body"


HELPER_CASES = [
    ("date-out-of-range", lambda: parse_module._date(time.struct_time((0, 1, 1, 0, 0, 0, 0, 1, 0))),
     None),
    ("date-not-struct", lambda: parse_module._date("2024-01-01"), None),
    ("link-first-alternate", lambda: parse_module._link(
        {"links": [{"rel": "related", "href": "https://e.com/r"},
                   {"rel": "alternate", "href": "https://e.com/a"}]}), "https://e.com/a"),
    ("link-none", lambda: parse_module._link({"links": [{"rel": "enclosure", "href": "x"}]}), None),
    ("summary-second-content", lambda: parse_module._summary(
        {"summary": " ", "content": [{"value": ""}, {"value": "<p>x</p>"}]}), "<p>x</p>"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("call", "expected"), [c[1:] for c in HELPER_CASES], ids=[c[0] for c in HELPER_CASES]
)
def test_entry_field_fallbacks(call, expected):
    # Shapes feedparser rarely emits, fed to the extractors directly as plain dicts.
    assert call() == expected


DATE_TEXT_CASES = [
    ("unreadable-pubdate", "<pubDate>Seg, 24 Set 2018 19:22:00 -0300</pubDate>",
     ("Seg, 24 Set 2018 19:22:00 -0300",)),
    ("unreadable-dc-date", "<dc:date>Mer, 05 Déc 2018 10:00:00 +0100</dc:date>",
     ("Mer, 05 Déc 2018 10:00:00 +0100",)),
    ("readable-kept-out", "<pubDate>Tue, 03 Jan 2017 10:00:00 +0900</pubDate>", ()),
]  # fmt: skip


@pytest.mark.parametrize(
    ("element", "texts"), [c[1:] for c in DATE_TEXT_CASES], ids=[c[0] for c in DATE_TEXT_CASES]
)
def test_date_strings_feedparser_cannot_read_reach_the_core(
    element: str, texts: tuple[str, ...]
) -> None:
    body = rss(f"<item><title>T</title><link>/t</link>{element}</item>").replace(
        b'<rss version="2.0">',
        b'<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">',
    )
    [entry] = parse_feed_bytes(body, XML, URL).entries
    assert entry.date_texts == texts


READERS = DATA / "readers"
JSON_FEEDS = [
    # (file, entries read): JSON Feed 1.0 and 1.1 and RSS-in-JSON, from other readers' suites
    ("netnewswire/DaringFireball.json", 48),
    ("netnewswire/rose.json", 84),
    ("netnewswire/authors.json", 4),
    ("netnewswire/ScriptingNews.json", 50),
    ("feed-rs/jsonfeed_elastic_1.1.json", 3),
    ("feedjira/json_feed_with_escaped_uris.json", 30),
    ("rsparser/jsonfeed-extension.json", 3),
]


@pytest.mark.parametrize(("name", "count"), JSON_FEEDS, ids=[n for n, _ in JSON_FEEDS])
@pytest.mark.parametrize("ctype", ["application/feed+json", "application/json", "text/plain"])
def test_json_feeds_are_read_whatever_the_content_type(name: str, count: int, ctype: str) -> None:
    body = (READERS / name).read_bytes()
    parsed = parse_feed_bytes(body, {"content-type": ctype}, URL)
    assert len(parsed.entries) == count
    assert all(e.guid or e.link for e in parsed.entries)


def test_json_feed_fields_map_to_the_same_raw_entry() -> None:
    parsed = parse_feed_bytes((READERS / "netnewswire/DaringFireball.json").read_bytes(), {}, URL)
    first = parsed.entries[0]
    assert parsed.title == "Daring Fireball"
    assert (
        first.guid == first.link == "https://daringfireball.net/linked/2017/06/26/the-talk-show-195"
    )
    assert first.title == "The Talk Show: ‘I Do Like Throwing a Baby’"
    assert first.published_at == datetime(2017, 6, 27, 0, 54, 17, tzinfo=UTC)
    assert first.updated_at == datetime(2017, 6, 27, 0, 54, 20, tzinfo=UTC)
    assert first.author == "John Gruber"
    assert first.summary is not None
    assert first.summary.startswith("<p>New episode")


def test_json_feed_1_1_authors_and_rfc822_dates() -> None:
    body = (READERS / "feed-rs/jsonfeed_elastic_1.1.json").read_bytes()
    first = parse_feed_bytes(body, {}, URL).entries[0]
    assert first.author == "Chris Churilo, Fake Author 1"  # 1.1 "authors" win over "author"
    assert first.published_at is None  # not RFC 3339: the core reads it from date_texts
    assert first.date_texts == ("Fri, 31 May 2019 12:17:58 -0700",) * 2


@pytest.mark.parametrize(
    ("body", "kind"),
    [
        (b'{"version": "https://jsonfeed.org/version/1.1", "title": "x"}', "not_a_feed"),
        (b'["items"]', "not_a_feed"),
        (b'{"items": [', "broken_feed"),
        (b'{"items": ' + b"[" * 100_000 + b"]" * 100_000 + b"}", "broken_feed"),
    ],
    ids=["no-items", "not-an-object", "truncated", "nested-100k-deep"],
)
def test_bad_json_is_a_feed_error(body: bytes, kind: str) -> None:
    with pytest.raises(FeedError) as err:
        parse_feed_bytes(body, {"content-type": "application/feed+json"}, URL)
    assert err.value.kind == kind


def test_an_xhtml_page_wrapping_an_atom_feed_is_read() -> None:
    body = (READERS / "feedjira/DuplicateContentAtomFeed.xml").read_bytes()
    parsed = parse_feed_bytes(body, XML, URL)
    assert len(parsed.entries) == 10
    assert parsed.entries[0].title == "Down time"


def test_an_html_page_is_still_refused_as_one() -> None:
    body = (READERS / "rss-parser/unrecognized.rss").read_bytes()
    with pytest.raises(FeedError) as err:
        parse_feed_bytes(body, XML, URL)
    assert err.value.message == "not a feed: the server returned an HTML page"
