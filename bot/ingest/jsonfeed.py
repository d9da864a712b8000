"""JSON Feed 1.0 and 1.1 documents → ``ParsedFeed`` (issue 16, point 3).

feedparser was checked first: 6.0.14, the newest release on PyPI, has no JSON Feed support (its
``parsers/`` package holds only the loose and strict XML parsers), so this small mapping reads
https://www.jsonfeed.org/version/1.1/ (which keeps 1.0's fields) with the stdlib ``json``. The
entries it yields are the same ``RawEntry`` values the XML path yields, so normalization,
identity and dedupe are shared: ``id`` is the guid, ``url`` (else ``external_url``) the link,
``summary`` (else ``content_html``, else ``content_text``) the summary, ``date_published`` and
``date_modified`` the dates (RFC 3339; a string ``fromisoformat`` cannot read goes to the core
as a date text), ``authors``/``author`` the byline.

Dave Winer's RSS-in-JSON (``{"rss": {"channel": {"item": [...]}}}``, what Scripting News serves
as JSON and NetNewsWire reads) is mapped the same way from RSS's own element names.

A document is JSON when its first non-blank byte is ``{``, whatever the Content-Type says
(``application/feed+json``, ``application/json`` and ``text/plain`` are all seen). JSON that is
not a JSON Feed (no ``items`` list) is ``not_a_feed``; unreadable or absurdly nested JSON is
``broken_feed``.
"""

from __future__ import annotations

import email.utils
import json
from datetime import UTC, datetime
from typing import Any

from bot.core.model import ParsedFeed, RawEntry
from bot.errors import FeedError

JSON_START = b"{"
_BLANK = b"\xef\xbb\xbf \t\r\n"  # a UTF-8 BOM and JSON whitespace


def looks_like_json(body: bytes) -> bool:
    return body.lstrip(_BLANK)[:1] == JSON_START


def _text(value: Any) -> str | None:
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)  # JSON Feed 1.0 ids are sometimes numbers
    return value.strip() if isinstance(value, str) and value.strip() else None


def _date(value: Any) -> tuple[datetime | None, str | None]:
    """(the date, None), or (None, the text) when ``fromisoformat`` cannot read it."""
    text = _text(value)
    if text is None:
        return None, None
    try:
        when = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None, text[:200]
    when = when if when.tzinfo is not None else when.replace(tzinfo=UTC)
    return when.astimezone(UTC), None


def _author(item: dict[str, Any], feed: dict[str, Any]) -> str | None:
    for record in (item, feed):
        authors = record.get("authors")
        candidates = authors if isinstance(authors, list) else [record.get("author")]
        names = [_text(a.get("name")) for a in candidates if isinstance(a, dict)]
        if any(names):
            return ", ".join(n for n in names if n)
    return None


def _entry(item: dict[str, Any], feed: dict[str, Any]) -> RawEntry:
    published, published_text = _date(item.get("date_published"))
    updated, updated_text = _date(item.get("date_modified"))
    summary = (
        _text(item.get("summary"))
        or _text(item.get("content_html"))
        or _text(item.get("content_text"))
    )
    return RawEntry(
        guid=_text(item.get("id")),
        link=_text(item.get("url")) or _text(item.get("external_url")),
        title=_text(item.get("title")),
        summary=summary,
        published_at=published,
        updated_at=updated,
        author=_author(item, feed),
        date_texts=tuple(t for t in (published_text, updated_text) if t),
    )


def _rss_date(value: Any) -> tuple[datetime | None, str | None]:
    text = _text(value)
    if text is None:
        return None, None
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None, text[:200]
    when = when if when.tzinfo is not None else when.replace(tzinfo=UTC)
    return when.astimezone(UTC), None


def _rss_entry(item: dict[str, Any]) -> RawEntry:
    published, published_text = _rss_date(item.get("pubDate"))
    author = _text(item.get("author")) or _text(item.get("dc:creator"))
    return RawEntry(
        guid=_text(item.get("guid")),
        link=_text(item.get("link")),
        title=_text(item.get("title")),
        summary=_text(item.get("description")),
        published_at=published,
        updated_at=None,
        author=author,
        date_texts=(published_text,) if published_text else (),
    )


def _rss_in_json(rss: dict[str, Any], max_entries: int) -> ParsedFeed | None:
    channel = rss.get("channel")
    if not isinstance(channel, dict):
        return None
    items = channel.get("item")
    listed = items if isinstance(items, list) else [items] if isinstance(items, dict) else []
    return ParsedFeed(
        title=_text(channel.get("title")),
        link=_text(channel.get("link")),
        language=_text(channel.get("language")),
        entries=tuple(_rss_entry(i) for i in listed[:max_entries] if isinstance(i, dict)),
        ttl_minutes=None,
        skip_hours=frozenset(),
        bozo_reason=None,
    )


def _decode(body: bytes) -> str:
    try:
        return body.decode("utf-8-sig")  # the spec says UTF-8
    except UnicodeDecodeError:
        return body.decode("utf-8", "replace")


def parse_json_feed(body: bytes, url: str, *, max_entries: int) -> ParsedFeed:
    """Read a JSON Feed; raises ``FeedError`` when the JSON is broken or not a feed."""
    try:
        document = json.loads(_decode(body))
    except (ValueError, RecursionError) as e:
        raise FeedError(url, "broken_feed", f"broken JSON feed: {str(e)[:120]}") from e
    if isinstance(document, dict) and isinstance(document.get("rss"), dict):
        parsed = _rss_in_json(document["rss"], max_entries)
        if parsed is not None:
            return parsed
    items = document.get("items") if isinstance(document, dict) else None
    if not isinstance(document, dict) or not isinstance(items, list):
        raise FeedError(url, "not_a_feed", "not a feed: JSON without a JSON Feed items list")
    entries = tuple(_entry(i, document) for i in items[:max_entries] if isinstance(i, dict))
    language = _text(document.get("language"))
    return ParsedFeed(
        title=_text(document.get("title")),
        link=_text(document.get("home_page_url")),
        language=language,
        entries=entries,
        ttl_minutes=None,
        skip_hours=frozenset(),
        bozo_reason=None,
    )
