"""RawEntry → Item: plain text, canonical links, aware-UTC dates and a stable identity.

Feeds put HTML, entities (often encoded twice), tracking parameters, AMP variants and outlet
suffixes into their entries. Dedupe and matching need one stable form of each, so every rule that
turns "what the feed said" into "what we store" lives here, pure and idempotent: applying a
function to its own output changes nothing (tests/core/test_normalize.py checks it with
hypothesis). Only the stdlib is used, as everywhere in ``bot.core``.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import urljoin, urlsplit

from bot.core.dates import date_from_url, parse_date_text
from bot.core.model import Item, RawEntry
from bot.core.plaintext import plain_text as plain_text
from bot.core.plaintext import truncate
from bot.core.urls import URL_JUNK, normalize_percent
from bot.core.urls import canonical_url as canonical_url

TITLE_MAX = 300  # characters of a stored title; a digest line never needs more
SUMMARY_MAX = 1000  # characters of a stored summary; renderers cut further per platform
AUTHOR_MAX = 200  # characters; bylines longer than this are feed garbage
GUID_MAX = 500  # a longer guid is hashed: some feeds put whole articles there
FUTURE_SLACK = timedelta(hours=1)  # clock skew we accept before calling a date bogus
FALLBACK_TITLE_WORDS = 12  # words of the summary used when an entry has no title
ELLIPSIS = "…"

# Separators between a headline and the outlet's name ("… - Reuters", "…｜BBC中文").
_SUFFIX_SEPARATORS = (" - ", " – ", " — ", " | ", "｜", "：", " :: ", " · ")
SUFFIX_MAX_WORDS = 5
SUFFIX_MAX_CHARS = 40
_NAME_CONNECTORS = frozenset(
    {"of", "the", "and", "de", "del", "la", "le", "les", "des", "du", "di", "der", "die",
     "das", "en", "for", "on", "at", "y", "e", "do", "da"}
)  # fmt: skip


def _looks_like_outlet(suffix: str) -> bool:
    """Short, and every word capitalized (or uncased, like CJK) except connectors."""
    words = suffix.split()
    if not _has_word(suffix) or len(words) > SUFFIX_MAX_WORDS or len(suffix) > SUFFIX_MAX_CHARS:
        return False
    for word in words:
        first = next((ch for ch in word if ch.isalpha()), "")
        if first.islower() and word.lower() not in _NAME_CONNECTORS and "." not in word:
            return False
    return True


def _strip_outlet_suffix(title: str) -> str:
    cut = max((title.rfind(sep), sep) for sep in _SUFFIX_SEPARATORS)
    position, separator = cut
    if position <= 0:
        return title
    rest, suffix = title[:position].strip(), title[position + len(separator) :].strip()
    if _looks_like_outlet(suffix) and len(rest) >= len(suffix) and _has_word(rest):
        return rest
    return title


def _has_word(text: str) -> bool:
    return any(ch.isalnum() for ch in text)


def _key_pass(text: str) -> str:
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold())
    return " ".join(
        "".join(" " if unicodedata.category(ch)[0] in "PSCZ" else ch for ch in folded).split()
    )


def headline_key(title: str) -> str:
    """A headline folded for dedupe: NFKC, casefold, no punctuation, no outlet suffix."""
    # One pass is a fixpoint: NFKC∘casefold∘NFKC is stable, dropping P/S/C/Z leaves no
    # separator for a second suffix cut (checked over every code point; hypothesis rechecks).
    return _key_pass(_strip_outlet_suffix(" ".join(title.split())))


def _sha1(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8"), usedforsecurity=False).hexdigest()


def item_identity(
    guid: str | None, url: str | None, title: str | None, published_at: datetime | None
) -> str:
    """``guid:<guid>``, else ``link:<canonical url>``, else ``hash:<sha1 of title key + date>``.

    ``url`` may carry a ``#fragment`` when the fragment is what tells two entries of one document
    apart (``entry_link_identity``).
    """
    guid = (guid or "").strip()
    if guid:
        return f"guid:sha1:{_sha1(guid)}" if len(guid) > GUID_MAX else f"guid:{guid}"
    if url:
        return f"link:{url}"
    date = published_at.astimezone(UTC).isoformat() if published_at else ""
    return f"hash:{_sha1(headline_key(title or '') + '|' + date)}"


def has_own_identity(identity: str) -> bool:
    """True for an item the feed named itself (a guid), false for one known by link or hash."""
    return identity.startswith("guid:")


def _fragment(link: str | None, feed_url: str) -> str:
    if not link:
        return ""
    try:
        return urlsplit(urljoin(feed_url, URL_JUNK.sub("", link.strip()))).fragment
    except ValueError:
        return ""


def _fragment_siblings(entries: list[RawEntry], feed_url: str) -> frozenset[str]:
    """Canonical links that several entries of one document carry with different fragments.

    Scripting News links each post as ``…/26.html#a080605``: the fragment is the only thing that
    tells the posts apart, so for these links it is part of the identity (issue 16).
    """
    fragments: dict[str, set[str]] = {}
    for entry in entries:
        url = canonical_url(entry.link, feed_url)
        if url:
            fragments.setdefault(url, set()).add(_fragment(entry.link, feed_url))
    return frozenset(url for url, seen in fragments.items() if len(seen) > 1)


def _utc(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def _not_future(when: datetime | None, now_utc: datetime) -> datetime | None:
    return None if when is None or when > now_utc + FUTURE_SLACK else when


def _evidence_date(entry: RawEntry, url: str | None, now_utc: datetime) -> datetime | None:
    """The best date evidence after the parser's: the feed's own date strings the parser could
    not read (``bot.core.dates``), else a day in the article's URL (``/2017/01/03/``).

    A URL gives only a day: noon UTC of it, or now if that is still ahead (today's article).
    """
    for text in entry.date_texts:
        when = _not_future(parse_date_text(text), now_utc)
        if when is not None:
            return when
    day = date_from_url(url)
    if day is None or day > now_utc + FUTURE_SLACK + timedelta(days=1):
        return None  # a "day" in the future is not a date (a product code, an id)
    return min(day, now_utc)


def _fallback_title(summary: str) -> str:
    words = summary.split()
    if len(words) > FALLBACK_TITLE_WORDS:
        summary = " ".join(words[:FALLBACK_TITLE_WORDS]) + ELLIPSIS
    return truncate(summary, TITLE_MAX)


def normalize_entry(
    entry: RawEntry,
    *,
    feed_url: str,
    now: datetime,
    guid_usable: bool = True,
    fragment_identity: bool = False,
) -> Item | None:
    """One entry as an Item, or None when it has no title, no link and no text.

    A title-less, link-less post (JSON Feed microblogs) is titled from its text.

    ``guid_usable=False`` ignores the guid for identity (a feed that repeats one guid).
    ``fragment_identity=True`` keeps the link's ``#fragment`` in a link identity (siblings in one
    document that differ only by it); the stored ``url`` stays canonical, without it.
    """
    title = plain_text(entry.title, limit=TITLE_MAX)
    url = canonical_url(entry.link, feed_url)
    summary = plain_text(entry.summary, limit=SUMMARY_MAX)
    if not title and not url and not summary:
        return None
    if not title:
        title = _fallback_title(summary) if summary else str(url)
    now_utc = now.astimezone(UTC)
    parsed = _not_future(_utc(entry.published_at) or _utc(entry.updated_at), now_utc)
    stated = parsed or _evidence_date(entry, url, now_utc)
    guid = (entry.guid or "").strip() or None
    author = plain_text(entry.author, limit=AUTHOR_MAX) or None
    link_key = url
    if url and fragment_identity:
        fragment = _fragment(entry.link, feed_url)
        link_key = f"{url}#{normalize_percent(fragment)}" if fragment else url
    return Item(
        # the parser's own date, as before issue 16: a hash identity must not change on upgrade
        identity=item_identity(guid if guid_usable else None, link_key, title, parsed),
        url=url or "",
        title=title,
        summary=summary,
        published_at=stated or now_utc,
        first_seen_at=now_utc,
        date_estimated=stated is None,
        title_key=headline_key(title),
        guid=guid,
        author=author,
    )


def _shared_guids(entries: list[RawEntry], feed_url: str) -> frozenset[str]:
    """Guids that several entries with different links carry: they identify nothing."""
    links: dict[str, set[str | None]] = {}
    counts: Counter[str] = Counter()
    for entry in entries:
        guid = (entry.guid or "").strip()
        if guid:
            counts[guid] += 1
            links.setdefault(guid, set()).add(canonical_url(entry.link, feed_url) or entry.title)
    return frozenset(g for g, n in counts.items() if n > 1 and len(links[g]) > 1)


@dataclass(frozen=True, slots=True)
class Normalized:
    """A document's items, and why each entry left out was left out (for DEBUG logs)."""

    items: tuple[Item, ...]
    dropped: tuple[tuple[str, str], ...]
    """(entry's identity or title, reason) of entries not kept."""


def normalize_document(entries: Iterable[RawEntry], *, feed_url: str, now: datetime) -> Normalized:
    """Normalize one document's entries, keeping every entry that has an identity of its own.

    Distinct guids are distinct items even when their links are equal (a podcast whose every
    ``<link>`` is the show's home page; issue 16). Repeats of one identity keep the first, and an
    entry known only by its link is a repeat of an earlier entry with that link.
    """
    listed = list(entries)
    shared = _shared_guids(listed, feed_url)
    siblings = _fragment_siblings(listed, feed_url)
    items: list[Item] = []
    dropped: list[tuple[str, str]] = []
    seen: set[str] = set()
    urls: set[str] = set()
    for entry in listed:
        usable = (entry.guid or "").strip() not in shared
        url = canonical_url(entry.link, feed_url)
        item = normalize_entry(
            entry,
            feed_url=feed_url,
            now=now,
            guid_usable=usable,
            fragment_identity=url in siblings,
        )
        if item is None:
            dropped.append((entry.guid or "", "no title, no link and no text"))
            continue
        if item.identity in seen:
            dropped.append((item.identity, "the document lists this identity twice"))
            continue
        if item.url in urls and not has_own_identity(item.identity) and url not in siblings:
            dropped.append((item.identity, "no guid, and an earlier entry has this link"))
            continue
        seen.add(item.identity)
        if item.url:
            urls.add(item.url)
        items.append(item)
    return Normalized(tuple(items), tuple(dropped))


def normalize_entries(entries: Iterable[RawEntry], *, feed_url: str, now: datetime) -> list[Item]:
    """``normalize_document``'s items."""
    return list(normalize_document(entries, feed_url=feed_url, now=now).items)
