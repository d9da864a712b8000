"""Tolerant OPML import over real files, hostile files, and the import → export round trip.

Real files come from tests/data/opml (sources in its SOURCES.md); the service runs over a real
SQLite file with the address guard on (issue 16, point 2; issue 13, point 6).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.app import App, open_app
from bot.config import Config, DatabaseSection
from bot.errors import UserError
from bot.ingest.opml import MAX_OPML_BYTES, feed_url, parse_opml, read_opml_file
from tests.paths import DATA

OPML = DATA / "opml"
REAL = sorted(p for p in OPML.rglob("*.opml") if len(p.relative_to(OPML).parts) > 1)
NOW = datetime(2030, 1, 1, tzinfo=UTC)
XML_URL = re.compile(rb"\sxmlurl\s*=", re.IGNORECASE)


@pytest.fixture
async def app(tmp_path: Path) -> AsyncIterator[App]:
    config = dataclasses.replace(Config(), database=DatabaseSection(path=str(tmp_path / "b.db")))
    async with open_app(config, clock=lambda: NOW) as opened:
        yield opened


@pytest.mark.parametrize("path", REAL, ids=[str(p.relative_to(OPML)) for p in REAL])
def test_every_xml_url_of_a_real_file_is_accounted_for(path: Path) -> None:
    data = path.read_bytes()
    entries = parse_opml(data)
    found = len(entries.feeds) + len(entries.duplicates) + len(entries.refused)
    assert found == len(XML_URL.findall(data))
    assert all(reason for _, reason in entries.refused)


def test_real_broken_files_keep_their_urls_whole() -> None:
    # raw "&" in a query string, and a description holding '<a href="…">' (awesome-rss-feeds)
    bangladesh = OPML / "awesome-rss-feeds/countries/with_category/Bangladesh.opml"
    android = OPML / "awesome-rss-feeds/recommended/with_category/Android Development.opml"
    urls = {f.url for f in parse_opml(bangladesh.read_bytes()).feeds}
    assert "https://bdnews24.com/?widgetName=rssfeed&widgetId=1150&getXmlFeed=true" in urls
    names = {f.name: f for f in parse_opml(android.read_bytes()).feeds}
    assert names["Saket Narayan"].url.startswith("https://sak")
    assert names["Saket Narayan"].folder == ("Android Development",)


def test_nested_folders_are_kept_per_feed() -> None:
    entries = parse_opml((OPML / "nested-export.opml").read_bytes())
    folders = {f.name: f.folder for f in entries.feeds}
    assert folders["The Japan Times"] == ("Asia", "Japan")
    assert folders["Council on Foreign Relations"] == ("Think tanks",)


@pytest.mark.parametrize(
    ("value", "url", "reason"),
    [
        ("example.org/feed", "https://example.org/feed", ""),
        ("example.org:8080/feed", "https://example.org:8080/feed", ""),
        ("//example.org/feed", "https://example.org/feed", ""),
        ("feed://example.org/rss", "http://example.org/rss", ""),
        ("feed:https://example.org/rss", "https://example.org/rss", ""),
        (" https://example.org/rss ", "https://example.org/rss", ""),
        ("mailto:news@example.com", None, "not an http(s) URL (mailto scheme)"),
        ("https://example.org:99999/", None, "not a valid URL"),
        ("", None, "empty xmlUrl"),
        ("https:///path", None, "no host name"),
        ("&x;", None, "not a valid host name"),
    ],
    ids=["bare-host", "bare-host-port", "scheme-relative", "feed-scheme", "feed-prefix",
         "spaces", "mailto", "bad-port", "empty", "no-host", "entity-host"],
)  # fmt: skip
def test_feed_url(value: str, url: str | None, reason: str) -> None:
    assert feed_url(value) == (url, reason)


HOSTILE = [
    (
        "billion-laughs",
        b'<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">]>'
        b'<opml><body><outline text="&c;" xmlUrl="https://e.org/&c;"/></body></opml>',
        "https://e.org/&c;",
    ),
    (
        "xxe",
        b'<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b'<opml><body><outline text="&x;" xmlUrl="&x;"/></body></opml>',
        None,
    ),
    (
        "legacy-entity-in-query",
        b'<opml><body><outline text="n" xmlUrl="https://e.org/?a=1&notify=2&copy=3"/></body></opml>',
        "https://e.org/?a=1&notify=2&copy=3",
    ),
]


@pytest.mark.parametrize(("data", "url"), [h[1:] for h in HOSTILE], ids=[h[0] for h in HOSTILE])
def test_entities_are_never_declared_expanded_or_fetched(data: bytes, url: str | None) -> None:
    entries = parse_opml(data)
    assert [f.url for f in entries.feeds] == ([url] if url else [])
    assert all("root:" not in f.name for f in entries.feeds)


def test_a_file_that_is_not_opml_is_refused_whole() -> None:
    with pytest.raises(UserError, match="not an OPML file"):
        parse_opml(b"<html><body><p>hello</p></body></html>")


def test_legacy_encodings_are_decoded() -> None:
    data = '<?xml version="1.0" encoding="ISO-8859-1"?><opml><body><outline text="Café" xmlUrl="https://e.org/"/></body></opml>'
    [feed] = parse_opml(data.encode("latin-1")).feeds
    assert feed.name == "Café"


def test_a_big_file_is_refused_after_reading_only_the_cap(tmp_path: Path) -> None:
    path = tmp_path / "big.opml"
    path.write_bytes(b"<opml>" + b" " * (MAX_OPML_BYTES + 10))
    with pytest.raises(UserError, match="too large"):
        read_opml_file(path)
    small = read_opml_file(path, limit=MAX_OPML_BYTES * 2)
    assert len(small) == MAX_OPML_BYTES + 16
    with pytest.raises(UserError, match="cannot read"):
        read_opml_file(tmp_path / "missing.opml")


async def test_import_reports_each_outline_and_round_trips(app: App) -> None:
    data = (OPML / "awesome-rss-feeds/countries/with_category/Australia.opml").read_bytes()
    report = await app.service.import_opml(data)
    assert len(report.added) == len(XML_URL.findall(data))
    again = await app.service.import_opml(data)
    assert again.added == ()
    assert {reason for _, reason in again.skipped} == {"already added"}
    exported = await app.service.export_opml()
    reread = parse_opml(exported.encode())
    assert [(f.url, f.name) for f in reread.feeds] == [
        (f.url, f.name) for f in await app.store.list_feeds()
    ]


async def test_import_refuses_loopback_and_junk_with_reasons(app: App) -> None:
    data = (
        b'<opml><body><outline text="a" xmlUrl="http://127.1/feed"/>'
        b'<outline text="b" xmlUrl="mailto:x@example.org"/>'
        b'<outline text="c" xmlUrl="example.org/feed"/></body></opml>'
    )
    report = await app.service.import_opml(data)
    assert [f.url for f in report.added] == ["https://example.org/feed"]
    assert [url for url, _ in report.refused] == ["mailto:x@example.org", "http://127.1/feed"]
    assert all(reason for _, reason in report.refused)
