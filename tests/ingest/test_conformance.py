"""Every bundled feed (real outlets + feedparser's ill-formed and encoding corpora) goes through
parse_feed_bytes + normalize_entries, and every item it yields keeps the invariants.

Files that legitimately fail are listed in EXPECTED_ERRORS with their kind and why; nothing is
skipped silently (a file that fails but is not listed, or is listed but parses, fails the test).
HTTP headers follow feedparser's corpus convention: a file whose path contains "http" was served
with its own ``Header:`` lines (``Content-Type: text/xml`` by default); the others were parsed
with no HTTP headers at all (a text/xml default would force us-ascii on the UTF-16/32 files).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.core.normalize import TITLE_MAX, normalize_entries
from bot.errors import FeedError
from bot.ingest.parse import parse_feed_bytes
from tests.conftest import DATA

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
FILES = sorted(
    [*DATA.glob("outlets/*.xml"), *DATA.glob("feedparser/illformed/**/*.xml"),
     *DATA.glob("feedparser/encoding/**/*.xml")]
)  # fmt: skip
IDS = [str(path.relative_to(DATA)) for path in FILES]

EXPECTED_ERRORS = {
    "outlets/reuters-2.xml": ("broken_feed", "capture truncated mid-document, no <item> survives"),
    "feedparser/illformed/aaa_illformed.xml": ("broken_feed", "'</rss' never closed, no items"),
    "feedparser/illformed/rss_empty_document.xml": ("not_a_feed", "only a comment, no root"),
    "feedparser/illformed/undeclared_namespace.xml": (
        "broken_feed",
        "unbound 'itunes:' prefix and no items",
    ),
    "feedparser/encoding/bozo_invalid-bytes-with-bom.xml": (
        "broken_feed",
        "invalid UTF-8 after a BOM, unclosed '</rss', no items",
    ),
}
HEADER = re.compile(rb"^Header:\s*([\w-]+):\s*(.+?)\s*$", re.MULTILINE)
TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*[\s/>]")
ENTITY = re.compile(r"&(?:[a-zA-Z][a-zA-Z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6});")


def headers_for(name: str, body: bytes) -> dict[str, str]:
    if "http" not in name:
        return {}
    found = {k.decode().lower(): v.decode("latin-1") for k, v in HEADER.findall(body[:2000])}
    return {"content-type": "text/xml", **found}


def test_every_expected_error_names_a_bundled_file():
    assert set(EXPECTED_ERRORS) <= set(IDS)


def test_corpus_is_all_there():
    assert len(FILES) >= 46 + 19 + 82


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_conformance(path: Path) -> None:
    name = str(path.relative_to(DATA))
    body = path.read_bytes()
    feed_url = f"https://feeds.example.com/{name}"
    if name in EXPECTED_ERRORS:
        kind, _why = EXPECTED_ERRORS[name]
        with pytest.raises(FeedError) as err:
            parse_feed_bytes(body, headers_for(name, body), feed_url)
        assert err.value.kind == kind
        return
    parsed = parse_feed_bytes(body, headers_for(name, body), feed_url)
    items = normalize_entries(parsed.entries, feed_url=feed_url, now=NOW)
    assert len(items) <= len(parsed.entries)
    identities = [item.identity for item in items]
    assert len(set(identities)) == len(identities)
    urls = [item.url for item in items if item.url]
    assert len(set(urls)) == len(urls)
    for item in items:
        assert item.title
        assert len(item.title) <= TITLE_MAX
        assert TAG.search(item.title) is None, item.title
        assert ENTITY.search(item.title) is None, item.title
        assert ENTITY.search(item.summary) is None, item.summary
        assert item.url == "" or item.url.startswith(("http://", "https://"))
        assert item.published_at.tzinfo is UTC
        assert item.first_seen_at == NOW
        assert item.published_at <= NOW or not item.date_estimated


def test_real_outlets_yield_items():
    # Every outlet capture with <item>s (SOURCES.md) gives items; only daily-mail-1 has none.
    empty = []
    for path in sorted(DATA.glob("outlets/*.xml")):
        name = str(path.relative_to(DATA))
        if name in EXPECTED_ERRORS:
            continue
        parsed = parse_feed_bytes(path.read_bytes(), {}, "https://feeds.example.com/x")
        if not normalize_entries(parsed.entries, feed_url="https://feeds.example.com/x", now=NOW):
            empty.append(path.stem)
    assert empty == ["daily-mail-1"]
