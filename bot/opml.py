"""OPML 2.0 import and export of feed lists.

Import walks nested outlines and returns every ``xmlUrl`` once, in document order, with the
outline's title; anything that is not an http(s) URL is reported as refused rather than dropped
silently. ElementTree never resolves external entities, and Python's expat (≥ 2.4) stops entity
expansion attacks; a DOCTYPE is refused outright because OPML never needs one.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from urllib.parse import urlsplit

from bot.errors import UserError

MAX_OPML_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class OutlineFeed:
    url: str
    name: str


@dataclass(frozen=True, slots=True)
class OpmlEntries:
    feeds: tuple[OutlineFeed, ...]
    refused: tuple[tuple[str, str], ...]
    """(value, reason) of outlines whose xmlUrl cannot be polled."""
    duplicates: tuple[str, ...]


def parse_opml(data: bytes) -> OpmlEntries:
    if len(data) > MAX_OPML_BYTES:
        raise UserError(f"OPML file too large: {len(data)} bytes (limit {MAX_OPML_BYTES})")
    if b"<!DOCTYPE" in data[:4096].upper() or b"<!ENTITY" in data.upper():
        raise UserError(
            "OPML file refused: it declares a DOCTYPE or entities, which OPML never needs"
        )
    try:
        root = ET.fromstring(data)  # noqa: S314 - entity declarations refused above
    except ET.ParseError as e:
        raise UserError(f"not a valid OPML file: {e}") from e
    if root.tag != "opml":
        raise UserError(f"not an OPML file: the root element is <{root.tag}>, expected <opml>")
    feeds: list[OutlineFeed] = []
    refused: list[tuple[str, str]] = []
    duplicates: list[str] = []
    seen: set[str] = set()
    for outline in root.iter("outline"):
        url = (outline.get("xmlUrl") or outline.get("xmlurl") or "").strip()
        if not url:
            continue
        name = (outline.get("title") or outline.get("text") or "").strip()
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            refused.append((url, "not an http(s) URL"))
            continue
        if url in seen:
            duplicates.append(url)
            continue
        seen.add(url)
        feeds.append(OutlineFeed(url, name))
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
