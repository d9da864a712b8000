"""Feed bytes → ParsedFeed: the only module that calls feedparser.

feedparser is given the fetched bytes wrapped in ``io.BytesIO`` (never a str or bare bytes: it
would treat those as a URL or a file path and open them itself) and the HTTP response headers,
so the HTTP charset rules apply and ``content-location`` is the base for relative links.
Nothing from feedparser leaks out: entries become ``RawEntry`` values.

A JSON body (first byte ``{``) is a JSON Feed, read by ``bot.ingest.jsonfeed`` (feedparser 6.0.14
has no JSON support). Before feedparser runs on anything else, the body is screened:
- empty, binary and HTML bodies fail fast with a ``FeedError`` saying what came back (an XHTML
  page that wraps a feed element is not "HTML": feedparser reads the feed inside);
- a DOCTYPE with an internal subset (the only place entity declarations can live) is refused as
  ``unsafe_xml``. Real feeds never need one, and refusing it rules out billion-laughs expansion
  and external entities (XXE) without trusting feedparser's regex-based DOCTYPE rewriting. expat
  (with external entities off, as feedparser sets it) is the second layer;
  tests/ingest/test_parse.py checks both layers.

``bozo`` alone is not fatal: a broken document that still yields entries is used, and only a
broken one with no entries fails (``broken_feed``). feedparser does not expose RSS
``<skipHours>``, so it is read with a bounded regex on the (ASCII-compatible view of the) bytes.
Parsing is CPU-bound: ``parse_feed`` runs it in a worker thread so the chat gateway's heartbeat
never starves.
"""

from __future__ import annotations

import asyncio
import io
import logging
import re
import time
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import feedparser

from bot.core.model import ParsedFeed, RawEntry
from bot.errors import FeedError
from bot.ingest.jsonfeed import looks_like_json, parse_json_feed

log = logging.getLogger(__name__)

MAX_ENTRIES = 100_000  # the most fetch.max_entries_per_feed allows (config.py); callers pass theirs
SNIFF_BYTES = 4_096  # bytes inspected for binary content and the root element
REASON_MAX = 160  # characters of feedparser's reason kept in messages

# feedparser's "nobody cares" warnings: the charset was overridden or guessed, not a broken doc.
_HARMLESS_BOZO = (
    feedparser.CharacterEncodingOverride,
    feedparser.CharacterEncodingUnknown,
    feedparser.NonXMLContentType,
)
_BINARY_MAGIC = (
    (b"\x1f\x8b", "gzip"),
    (b"\x89PNG", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF8", "GIF image"),
    (b"%PDF", "PDF"),
    (b"PK\x03\x04", "ZIP archive"),
    (b"BZh", "bzip2"),
    (b"\xfd7zXZ", "xz"),
    (b"(\xb5/\xfd", "zstd"),
)
# (byte prefix, codec) of encodings that are not ASCII-compatible; all the rest are screened raw.
_WIDE_ENCODINGS = (
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\x00<", "utf-32-be"),
    (b"<\x00\x00\x00", "utf-32-le"),
    (b"\xfe\xff", "utf-16-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\x00<", "utf-16-be"),
    (b"<\x00", "utf-16-le"),
    (b"\x4c\x6f\xa7\x94", "cp037"),  # EBCDIC "<?xm"
)
_CONTROL = re.compile(rb"[\x00-\x08\x0e-\x1f]")
_INTERNAL_SUBSET = re.compile(rb"<!DOCTYPE[^>\[]*\[", re.IGNORECASE)
_COMMENT = re.compile(rb"<!--.*?(?:-->|\Z)", re.DOTALL)
_ROOT = re.compile(rb"<([A-Za-z][\w:.-]*)")
_HTML_ROOTS = frozenset({b"html", b"head", b"body"})
# A feed element inside an (X)HTML page: feedparser reads such a wrapped Atom feed (feedjira's
# DuplicateContentAtomFeed), so the page is not refused as HTML (issue 16).
_FEED_ELEMENT = re.compile(rb"<(?:[A-Za-z][\w.-]*:)?(?:feed|rss|RDF)[\s>]")
_SKIP_HOURS = re.compile(rb"<skipHours\b[^>]{0,200}>(.{0,2000}?)</skipHours\s*>", re.DOTALL)
_HOUR = re.compile(rb"<hour\b[^>]{0,200}>\s*(\d{1,2})\s*</hour\s*>")


def _screen_view(body: bytes) -> bytes:
    """The body as ASCII-compatible bytes, so the byte regexes see UTF-16/32 and EBCDIC too."""
    for prefix, codec in _WIDE_ENCODINGS:
        if body.startswith(prefix):
            return body.decode(codec, "replace").encode("utf-8")
    return body


def _binary_kind(body: bytes, view: bytes) -> str | None:
    for magic, name in _BINARY_MAGIC:
        if body.startswith(magic):
            return name
    sample = view[:SNIFF_BYTES]
    if b"\x00" in sample or len(_CONTROL.findall(sample)) * 20 > len(sample):
        return "binary data"
    return None


def _root_name(view: bytes) -> bytes | None:
    head = _COMMENT.sub(b"", view[: SNIFF_BYTES * 4])
    match = _ROOT.search(head)
    return match.group(1).lower() if match else None


def _skip_hours(view: bytes) -> frozenset[int]:
    match = _SKIP_HOURS.search(view)
    if match is None:
        return frozenset()
    hours = (int(h) for h in _HOUR.findall(match.group(1)))
    return frozenset(h for h in hours if 0 <= h <= 23)


def _ttl(value: Any) -> int | None:
    try:
        minutes = int(str(value).strip())
    except ValueError:
        return None
    return minutes if 0 < minutes <= 60 * 24 * 366 else None


def _field(record: Any, key: str) -> Any:
    """A raw key of a FeedParserDict: its ``.get`` maps a missing "updated" to "published"
    with a DeprecationWarning, and we want exactly what the feed said."""
    return dict.get(record, key)


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def _date(value: Any) -> datetime | None:
    """feedparser's ``*_parsed`` values are UTC ``struct_time``s."""
    if not isinstance(value, time.struct_time):
        return None
    try:
        return datetime(*value[:6], tzinfo=UTC)
    except (ValueError, OverflowError):
        return None


def _link(entry: Any) -> str | None:
    link = _text(_field(entry, "link"))
    if link:
        return link
    for candidate in _field(entry, "links") or ():
        if candidate.get("rel", "alternate") == "alternate" and _text(candidate.get("href")):
            return str(candidate["href"])
    return None


def _summary(entry: Any) -> str | None:
    summary = _text(_field(entry, "summary"))
    if summary:
        return summary
    for content in _field(entry, "content") or ():
        value = _text(content.get("value"))
        if value:
            return value
    return None


_DATE_KEYS = ("published", "updated", "created")  # feedparser files dc:date under "updated"


def _date_texts(entry: Any) -> tuple[str, ...]:
    """Date strings feedparser kept but could not read (``+0900`` glued, localized months)."""
    texts = []
    for key in _DATE_KEYS:
        text = _text(_field(entry, key))
        if text and _date(_field(entry, f"{key}_parsed")) is None:
            texts.append(text[:200])
    return tuple(texts)


def _raw_entry(entry: Any) -> RawEntry:
    return RawEntry(
        guid=_text(_field(entry, "id")),
        link=_link(entry),
        title=_text(_field(entry, "title")),
        summary=_summary(entry),
        published_at=_date(_field(entry, "published_parsed")),
        updated_at=_date(_field(entry, "updated_parsed")),
        author=_text(_field(entry, "author")),
        date_texts=_date_texts(entry),
    )


def _reason(exc: BaseException | None) -> str | None:
    if exc is None:
        return None
    text = str(exc).removeprefix("<unknown>:") or type(exc).__name__
    return text[:REASON_MAX]


def _run_feedparser(body: bytes, headers: Mapping[str, str], url: str) -> Any:
    """feedparser on bytes only; ``url`` becomes the base for relative links."""
    response_headers = {key.lower(): value for key, value in headers.items()}
    response_headers.setdefault("content-location", url)
    return feedparser.parse(
        io.BytesIO(body),
        response_headers=response_headers,
        resolve_relative_uris=True,
        sanitize_html=True,
    )


def parse_feed_bytes(
    body: bytes, headers: Mapping[str, str], url: str, *, max_entries: int = MAX_ENTRIES
) -> ParsedFeed:
    """Parse one fetched document; raises ``FeedError`` when it holds no usable feed.

    Only the first ``max_entries`` entries are kept (``fetch.max_entries_per_feed``: one limit,
    the configured one; issue 16).
    """
    if not body.strip():
        raise FeedError(url, "empty_body", "empty body: the server returned no content")
    if looks_like_json(body):
        return parse_json_feed(body, url, max_entries=max_entries)
    view = _screen_view(body)
    binary = _binary_kind(body, view)
    if binary is not None:
        raise FeedError(url, "not_a_feed", f"not a feed: the server returned {binary}")
    if _INTERNAL_SUBSET.search(view):
        raise FeedError(
            url, "unsafe_xml", "unsafe XML: a DOCTYPE declares entities (refused, not expanded)"
        )
    if _root_name(view) in _HTML_ROOTS and not _FEED_ELEMENT.search(view, 0, SNIFF_BYTES * 16):
        raise FeedError(url, "not_a_feed", "not a feed: the server returned an HTML page")

    try:
        result = _run_feedparser(body, headers, url)
    except (ValueError, LookupError, TypeError, AttributeError, RecursionError) as e:
        # feedparser raises these on hostile documents (a &#xD800; or &#x110000; reference,
        # nesting deep enough to exhaust the stack): the document's fault, not a bug of ours
        raise FeedError(
            url, "parse_error", f"the feed parser failed on this document ({type(e).__name__})"
        ) from e
    exc = result.get("bozo_exception") if result.get("bozo") else None
    broken = exc is not None and not isinstance(exc, _HARMLESS_BOZO)
    entries = result.get("entries") or []
    if not entries:
        if not result.get("version"):
            raise FeedError(url, "not_a_feed", "not a feed: no RSS, Atom or RDF elements found")
        if broken:
            raise FeedError(url, "broken_feed", f"broken feed, no entries: {_reason(exc)}")
    if len(entries) > max_entries:
        log.debug("entries capped url=%s total=%d kept=%d", url, len(entries), max_entries)
    feed = result.get("feed") or {}
    return ParsedFeed(
        title=_text(_field(feed, "title")),
        link=_text(_field(feed, "link")),
        language=_text(_field(feed, "language")),
        entries=tuple(_raw_entry(entry) for entry in entries[:max_entries]),
        ttl_minutes=_ttl(_field(feed, "ttl")),
        skip_hours=_skip_hours(view),
        bozo_reason=_reason(exc),
    )


async def parse_feed(
    body: bytes, headers: Mapping[str, str], url: str, *, max_entries: int = MAX_ENTRIES
) -> ParsedFeed:
    """``parse_feed_bytes`` in a worker thread, so the event loop keeps running meanwhile."""
    return await asyncio.to_thread(parse_feed_bytes, body, headers, url, max_entries=max_entries)
