"""OPML 2.0 import and export of feed lists.

Import is tolerant (issue 16): 82 of 136 real OPML files (awesome-rss-feeds' lists, reader
exports) are not well-formed XML, mostly a raw ``&`` in an ``xmlUrl`` query string or a stray
quote in a title, and feed readers accept them all. A strict XML parser refuses such a file
whole, and lxml's ``recover=True`` mode drops or truncates the broken attribute, which is the
very URL we need. So the outlines are read with the stdlib's HTML tokenizer
(``html.parser``), which is made for broken markup: it never stops on an error, keeps every
attribute it can delimit, and lower-cases names (``xmlUrl`` and ``xmlurl`` alike). Before
tokenizing, every ``&`` that does not start a well-formed reference is escaped, so
``?a=1&notify=2`` keeps its ``&notify`` (HTML would read the legacy entity ``&not``).

Safety without a DOCTYPE refusal: the tokenizer never reads a DTD, so an internal subset's
entities are never declared, never expanded (no billion laughs) and never fetched (no XXE);
``&xxe;`` stays the literal text ``&xxe;`` and is refused as a URL like any other junk.
Only the stdlib is used, and nothing here touches the network.

Each outline with an ``xmlUrl`` ends as a feed to add, a duplicate, or a refusal with its
reason. Scheme-less URLs (``example.org/feed``, ``//example.org/feed``) are tried as
``https://``; ``feed://`` and ``feed:https://`` are the http(s) URLs they stand for. Folders
(outlines without ``xmlUrl``) may nest to any depth; each feed keeps its folder path. The file
is read with its size cap (``read_opml_file``): never more than the cap plus one byte.

Export writes a well-formed OPML 2.0 document that imports back to the same list.
"""

from __future__ import annotations

import codecs
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

from bot.errors import UserError

MAX_OPML_BYTES = 5 * 1024 * 1024
MAX_FOLDER_DEPTH = 50  # deeper nesting is kept, only the folder path is cut
_BARE_AMPERSAND = re.compile(
    r"&(?!(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{0,31});)"
)
# One attribute of a broken <outline> tag: a quoted value ends at the quote that is followed by
# another attribute or by the tag's end and then markup, so a description holding
# '<a href="x">y</a>' (awesome-rss-feeds does) does not end the tag early. Values are bounded.
_NAME = r"[A-Za-z_:][-\w:.]*"
_VALUE_END = rf"(?=\s+{_NAME}\s*=|\s*/?>\s*(?:<|\Z))"
_ATTRIBUTE = re.compile(
    rf"\s+({_NAME})(?:\s*=\s*(?:\"(.{{0,4000}}?)\"{_VALUE_END}|'(.{{0,4000}}?)'{_VALUE_END}"
    r"|([^\s\"'<>=`]+)))?",
    re.DOTALL,
)
_OUTLINE_OPEN = re.compile(r"<outline\b", re.IGNORECASE)
_TAG_END = re.compile(r"\s*(/?)>")
_ATTRIBUTE_ESCAPES = str.maketrans({'"': "&quot;", "<": "&lt;", ">": "&gt;"})
_XML_ENCODING = re.compile(rb"^<\?xml[^>]{0,200}?encoding\s*=\s*[\"']([A-Za-z0-9._-]{1,40})[\"']")
_HOST = re.compile(r"[\w.-]+|[0-9a-f:.]+")  # a name (IDN too) or an IP literal, bracket-free
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


@dataclass(frozen=True, slots=True)
class OutlineFeed:
    url: str
    name: str
    folder: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class OpmlEntries:
    feeds: tuple[OutlineFeed, ...]
    refused: tuple[tuple[str, str], ...]
    """(value, reason) of outlines whose xmlUrl cannot be polled."""
    duplicates: tuple[str, ...]


def read_opml_file(path: Path, limit: int = MAX_OPML_BYTES) -> bytes:
    """The file's bytes, reading at most ``limit + 1`` (issue 13: never 100 MB before a check)."""
    try:
        with path.open("rb") as f:
            data = f.read(limit + 1)
    except OSError as e:
        raise UserError(f"{path}: cannot read: {e.strerror or e}") from e
    if len(data) > limit:
        raise UserError(f"OPML file too large: more than {limit} bytes")
    return data


def _decode(data: bytes) -> str:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data.decode(codec, "replace")
    declared = _XML_ENCODING.match(data.lstrip())
    if declared is not None:
        try:
            return data.decode(codecs.lookup(declared.group(1).decode("ascii")).name, "replace")
        except LookupError:
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", "replace")


def _repair_outline_tags(text: str) -> str:
    """Rewrite each ``<outline>`` start tag with its attribute values re-quoted.

    Only tags whose attributes parse under ``_ATTRIBUTE`` are rewritten; anything else is left
    for the tokenizer to recover as best it can.
    """
    out: list[str] = []
    done = 0
    for opening in _OUTLINE_OPEN.finditer(text):
        if opening.start() < done:
            continue
        pos = opening.end()
        attributes: list[str] = []
        while (attribute := _ATTRIBUTE.match(text, pos)) is not None:
            name, double, single, bare = attribute.groups()
            value = next((v for v in (double, single, bare) if v is not None), "")
            attributes.append(f' {name}="{value.translate(_ATTRIBUTE_ESCAPES)}"')
            pos = attribute.end()
        end = _TAG_END.match(text, pos)
        if end is None:
            continue
        out.append(text[done : opening.start()])
        out.append("<outline" + "".join(attributes) + (" />" if end.group(1) else ">"))
        done = end.end()
    out.append(text[done:])
    return "".join(out)


class _OutlineReader(HTMLParser):
    """Collects every ``<outline>``'s attributes with its folder path; never raises."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.saw_opml = False
        self.outlines: list[tuple[dict[str, str], tuple[str, ...]]] = []
        self._folders: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "opml":
            self.saw_opml = True
        if tag != "outline":
            return
        values = {key: value or "" for key, value in attrs}
        self.outlines.append((values, tuple(self._folders[:MAX_FOLDER_DEPTH])))
        name = " ".join((values.get("title") or values.get("text") or "").split())
        self._folders.append(name)

    def handle_endtag(self, tag: str) -> None:
        if tag == "outline" and self._folders:
            self._folders.pop()


def feed_url(value: str) -> tuple[str | None, str]:
    """(the http(s) URL an ``xmlUrl`` stands for, "") or (None, why it cannot be polled)."""
    url = value.strip()
    if not url:
        return None, "empty xmlUrl"
    lowered = url.lower()
    scheme = _SCHEME.match(url)
    if lowered.startswith("feed://"):
        url = "http://" + url[len("feed://") :]
    elif lowered.startswith("feed:"):
        url = url[len("feed:") :]
    elif url.startswith("//"):
        url = "https:" + url
    elif scheme is None or "." in scheme.group(1):
        url = "https://" + url  # "example.org/feed", "example.org:8080/feed"
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        return None, "not a valid URL"
    if parts.scheme.lower() not in ("http", "https"):
        return None, f"not an http(s) URL ({parts.scheme or 'no'} scheme)"
    if not parts.hostname:
        return None, "no host name"
    if not _HOST.fullmatch(parts.hostname):
        return None, "not a valid host name"
    return url, ""


def parse_opml(data: bytes) -> OpmlEntries:
    """Every outline with an ``xmlUrl``: a feed, a duplicate in this file, or a refusal."""
    if len(data) > MAX_OPML_BYTES:
        raise UserError(f"OPML file too large: {len(data)} bytes (limit {MAX_OPML_BYTES})")
    reader = _OutlineReader()
    reader.feed(_repair_outline_tags(_BARE_AMPERSAND.sub("&amp;", _decode(data))))
    reader.close()
    if not reader.saw_opml and not reader.outlines:
        raise UserError("not an OPML file: it has no <opml> element and no outlines")
    feeds: list[OutlineFeed] = []
    refused: list[tuple[str, str]] = []
    duplicates: list[str] = []
    seen: set[str] = set()
    for values, folder in reader.outlines:
        if "xmlurl" not in values:
            continue  # a folder, or an outline that is not a feed
        raw = values["xmlurl"]
        url, reason = feed_url(raw)
        if url is None:
            refused.append((raw.strip() or "(empty)", reason))
            continue
        if url in seen:
            duplicates.append(url)
            continue
        seen.add(url)
        name = " ".join((values.get("title") or values.get("text") or "").split())
        feeds.append(OutlineFeed(url, name, folder))
    return OpmlEntries(tuple(feeds), tuple(refused), tuple(duplicates))


def export_opml(feeds: list[tuple[str, str]], *, title: str = "News Digest Bot feeds") -> str:
    """A valid OPML 2.0 document listing ``(url, name)`` pairs."""
    root = ET.Element("opml", version="2.0")
    head = ET.SubElement(root, "head")
    ET.SubElement(head, "title").text = title
    body = ET.SubElement(root, "body")
    for url, name in feeds:
        ET.SubElement(body, "outline", type="rss", text=name or url, title=name or url, xmlUrl=url)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
