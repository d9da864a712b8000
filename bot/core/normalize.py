"""RawEntry → Item: plain text, canonical links, aware-UTC dates and a stable identity.

Feeds put HTML, entities (often encoded twice), tracking parameters, AMP variants and outlet
suffixes into their entries. Dedupe and matching need one stable form of each, so every rule that
turns "what the feed said" into "what we store" lives here, pure and idempotent: applying a
function to its own output changes nothing (tests/core/test_normalize.py checks it with
hypothesis). Only the stdlib is used, as everywhere in ``bot.core``.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from bot.core.dates import date_from_url, parse_date_text
from bot.core.model import Item, RawEntry
from bot.core.text import cut

TITLE_MAX = 300  # characters of a stored title; a digest line never needs more
SUMMARY_MAX = 1000  # characters of a stored summary; renderers cut further per platform
AUTHOR_MAX = 200  # characters; bylines longer than this are feed garbage
GUID_MAX = 500  # a longer guid is hashed: some feeds put whole articles there
FUTURE_SLACK = timedelta(hours=1)  # clock skew we accept before calling a date bogus
FALLBACK_TITLE_WORDS = 12  # words of the summary used when an entry has no title
ELLIPSIS = "…"

# html.parser raises AssertionError on "<![" followed by anything but these section names
# (_markupbase.parse_marked_section); such a "<![" is escaped first so it stays text.
_BAD_MARKED_SECTION = re.compile(
    r"<!\[(?!(?:cdata|temp|ignore|include|rcdata|if|else|endif)(?![-_.a-z0-9]))",
    re.IGNORECASE | re.ASCII,
)
_OPEN_CDATA = re.compile(r"<!\[CDATA\[", re.IGNORECASE)
_OPEN_MARKUP = re.compile(r"<[!/?a-zA-Z]")
_MAX_PASSES = 8  # HTML passes; realistic feeds need ≤ 3 (escaped HTML inside entities)
_INVISIBLE = frozenset("\u00ad\u200b\u2060\ufeff")  # soft hyphen, zero-width space/joiner, BOM
_SKIP_CONTENT = frozenset({"script", "style", "template", "noscript", "head", "title"})
_BLOCK_TAGS = frozenset(
    {
        "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt",
        "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header",
        "hr", "img", "li", "main", "nav", "ol", "p", "pre", "section", "table", "td",
        "th", "tr", "ul",
    }
)  # fmt: skip
# Unicode category Cc is exactly C0, DEL and C1: they become spaces; invisible characters vanish.
_FOLD_TABLE: dict[int, str | None] = {
    **dict.fromkeys((*range(32), *range(127, 160)), " "),
    **{ord(ch): None for ch in _INVISIBLE},
}

# Query parameters that only say where a click came from (campaign, click id, referrer).
TRACKING_PARAMS = frozenset(
    {
        "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "igshid", "yclid",
        "_hsenc", "_hsmi", "__hstc", "__hssc", "__hsfp", "hsctatracking", "ref_src",
        "ref_url", "cmpid", "cmp", "ocid", "xtor", "maca", "emc", "smid", "mkt_tok",
        "_ga", "_gl", "s_cid", "spm",
    }
)  # fmt: skip
TRACKING_PREFIXES = ("utm_", "mc_", "ns_", "at_", "pk_", "piwik_", "matomo_")
TRACKING_PAIRS = frozenset({("partner", "rss"), ("from", "rss"), ("ref", "rss")})
# AMP variants: a query flag, an output type, and hosts that serve the AMP copy of a site.
AMP_PAIRS = frozenset({("amp", "1"), ("amp", "true"), ("amp", ""), ("outputtype", "amp")})
AMP_HOSTS = {
    "amp.theguardian.com": "www.theguardian.com",  # same paths on both hosts
}
DEFAULT_PORTS = {"http": 80, "https": 443}

_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
_ALLOWED = _UNRESERVED | frozenset("!$&'()*+,;=:@/?%")
_PCT = re.compile(r"(%[0-9A-Fa-f]{2})")
_URL_JUNK = re.compile(r"[\t\n\r\x00-\x1f\x7f]")

# Separators between a headline and the outlet's name ("… - Reuters", "…｜BBC中文").
_SUFFIX_SEPARATORS = (" - ", " – ", " — ", " | ", "｜", "：", " :: ", " · ")
SUFFIX_MAX_WORDS = 5
SUFFIX_MAX_CHARS = 40
_NAME_CONNECTORS = frozenset(
    {"of", "the", "and", "de", "del", "la", "le", "les", "des", "du", "di", "der", "die",
     "das", "en", "for", "on", "at", "y", "e", "do", "da"}
)  # fmt: skip


class _TextExtractor(HTMLParser):
    """Collects the text of an HTML fragment; script/style bodies and comments are dropped."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_CONTENT:
            self._skip_depth += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append(" ")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK_TAGS:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_CONTENT:
            self._skip_depth = max(0, self._skip_depth - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self._skip_depth:
            self.parts.append(data)

    def unknown_decl(self, data: str) -> None:
        # A CDATA section left inside text ("<![CDATA[…]]>") still carries the words.
        if data.startswith("CDATA[") and not self._skip_depth:
            self.parts.append(data[len("CDATA[") :])


def _fold(text: str) -> str:
    """Drop control and invisible characters and fold every run of whitespace to one space.

    Other format characters stay: ZWNJ/ZWJ are part of Persian/Urdu words and emoji. One
    ``str.translate`` over a precomputed table: this runs on every title and summary.
    """
    return " ".join(text.translate(_FOLD_TABLE).split())


def _html_pass(text: str) -> str:
    if "<" not in text and "&" not in text:
        return _fold(text)
    parser = _TextExtractor()
    parser.feed(_BAD_MARKED_SECTION.sub("&lt;![", text))
    # What feed() could not finish is an unterminated construct running to the end. close()
    # would emit it as text, markup and all; browsers hide it, and so do we (an open CDATA
    # section keeps its words).
    tail = parser.rawdata
    if _OPEN_CDATA.match(tail):
        parser.rawdata = ""
        parser.handle_data(tail[len("<![CDATA[") :])
    elif _OPEN_MARKUP.match(tail):
        parser.rawdata = ""
    parser.close()
    return _fold("".join(parser.parts))


def _defuse(text: str) -> str:
    # Last resort for adversarial nesting: with no ASCII '<' or '&' left, a pass is a no-op.
    return text.replace("&", "＆").replace("<", "＜")


def _truncate(text: str, limit: int) -> str:
    """At a space near the limit, else at a grapheme boundary (``core.text.cut``)."""
    return cut(text, limit, trailing=" ")


# UTF-8 bytes that were decoded as cp1252 ("â€™" for "’", "Ã©" for "é"): real captures carry it.
_MOJIBAKE = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e"
    "\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030"
    "\u2039\u203a\u20ac\u2122]"
)
_CP1252 = {
    ch: b for b in range(256) for ch in [bytes([b]).decode("cp1252", errors="ignore") or chr(b)]
}
# "…" is what truncation appends, so it never takes part in a repair: "Ã…" stays as it is, which
# keeps plain_text idempotent (the cost: a mangled "Å" is not repaired).
_ENCODABLE_RUN = re.compile(
    "[" + "".join(re.escape(ch) for ch in sorted(_CP1252) if ch != "\u2026") + "]+"
)
_C1 = re.compile("[\u0080-\u009f]")


def repair_mojibake(text: str) -> str:
    """Undo UTF-8 text that was mis-decoded as cp1252/latin-1 somewhere upstream.

    Each run of characters that cp1252 can encode, and that shows the telltale pairs, is
    re-encoded and decoded as UTF-8; a run whose bytes are not valid UTF-8 is left as it was.
    Repeated (bounded) for text encoded twice. Text without the pairs is returned unchanged.
    """
    for _ in range(3):
        if not _MOJIBAKE.search(text):
            return text
        fixed = _ENCODABLE_RUN.sub(_repair_run, text)
        if fixed == text:
            return text
        text = fixed
    return text


def _repair_run(match: re.Match[str]) -> str:
    run = match.group()
    if not _MOJIBAKE.search(run):
        return run
    try:
        fixed = bytes(_CP1252[ch] for ch in run).decode("utf-8")
    except UnicodeDecodeError:
        return run
    return run if _C1.search(fixed) else fixed  # control characters: it was not mojibake


def plain_text(text: str | None, *, limit: int) -> str:
    """Visible text of an HTML fragment: tags removed, entities decoded, whitespace folded.

    Entities are decoded until nothing changes, so double-encoded text (``&amp;amp;``,
    ``&lt;p&gt;``) comes out clean; markup revealed by decoding is removed too. The result is at
    most ``limit`` characters, cut at a word boundary with "…".
    """
    if not text:
        return ""
    current = repair_mojibake(text)
    for _ in range(_MAX_PASSES):
        cleaned = _html_pass(current)
        if cleaned == current:
            break
        current = cleaned
    else:
        current = _defuse(_html_pass(current))
    result = _truncate(current, limit)
    if _html_pass(result) != result:  # a cut can turn text into markup: "<![x" → "<!…"
        result = _defuse(result)
    return result


def _normalize_percent(part: str) -> str:
    """Decode escapes of unreserved characters, upper-case the rest, escape what must be."""

    out: list[str] = []
    for index, piece in enumerate(_PCT.split(part)):
        if index % 2:  # an escape "%XX" kept by the capturing split
            char = chr(int(piece[1:], 16))
            out.append(char if char in _UNRESERVED else piece.upper())
            continue
        for char in piece:
            if char in _ALLOWED and char != "%":
                out.append(char)
            else:
                out.extend(f"%{byte:02X}" for byte in char.encode("utf-8"))
    return "".join(out)


def _remove_dot_segments(path: str) -> str:
    output: list[str] = []
    segments = path.split("/")
    for segment in segments[1:]:
        if segment == "..":
            if output:
                output.pop()
        elif segment != ".":
            output.append(segment)
    if segments[-1] in (".", ".."):
        output.append("")
    return "/" + "/".join(output)


def _fold_amp_path(path: str) -> str:
    segments = path.split("/")
    kept = [s for s in segments if s.lower() != "amp"]
    if len(kept) == len(segments):
        return path
    folded = "/".join(kept)
    return folded if folded.startswith("/") else "/" + folded


def _keep_param(piece: str) -> bool:
    key, _, value = piece.partition("=")
    key, value = key.lower(), value.lower()
    if key in TRACKING_PARAMS or key.startswith(TRACKING_PREFIXES):
        return False
    return (key, value) not in TRACKING_PAIRS and (key, value) not in AMP_PAIRS


def _host(hostname: str) -> str | None:
    host = hostname.rstrip(".")
    if not host:
        return None
    if ":" in host:  # IPv6 literal, already lower-cased by urlsplit
        return f"[{host}]"
    try:
        ascii_host = host.encode("idna").decode("ascii").lower()
    except UnicodeError:
        return None
    return AMP_HOSTS.get(ascii_host, ascii_host)


def canonical_url(url: str | None, base: str | None = None) -> str | None:
    """The one absolute http(s) form of a link, or None when it is not a web link.

    Lower-cased scheme and host (IDNA), no default port, userinfo or fragment, tracking
    parameters and AMP variants removed, other parameters kept in order, escapes normalized.
    """
    if not url or not url.strip():
        return None
    raw = _URL_JUNK.sub("", url.strip())
    if base:
        raw = urljoin(_URL_JUNK.sub("", base.strip()), raw)
    try:
        parts = urlsplit(raw)
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS or not parts.hostname:
        return None
    host = _host(parts.hostname)
    if host is None:
        return None
    netloc = host if port in (None, DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    path = _fold_amp_path(_remove_dot_segments(_normalize_percent(parts.path or "/")))
    pieces = (_normalize_percent(piece) for piece in parts.query.split("&") if piece)
    query = "&".join(piece for piece in pieces if _keep_param(piece))
    return f"{scheme}://{netloc}{path}" + (f"?{query}" if query else "")


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
        return urlsplit(urljoin(feed_url, _URL_JUNK.sub("", link.strip()))).fragment
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
    return _truncate(summary, TITLE_MAX)


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
        link_key = f"{url}#{_normalize_percent(fragment)}" if fragment else url
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
