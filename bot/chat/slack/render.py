"""Digest → Slack Block Kit messages: pure and deterministic, so a resend yields the same parts.

Safety (issue 8): feed text is never trusted. Slack gives ``&``, ``<`` and ``>`` a meaning, so
exactly those three are escaped in every piece of feed text and nothing else is touched
(https://docs.slack.dev/messaging/formatting-message-text#escaping). With ``<`` escaped, feed text
cannot open ``<!channel>``, ``<!here>``, ``<!everyone>``, ``<@U…>`` or ``<!subteam^…>``. The only
``<`` we emit opens a link we built: its URL must be http(s) and has ``|``, ``<``, ``>``, spaces and
control characters percent-encoded; its label has ``|`` replaced by ``¦`` (Slack splits the link at
the first ``|``) and ``>`` escaped, so it cannot close the link early. mrkdwn text objects carry
``verbatim: true`` so Slack does not auto-link bare names or mentions in feed text either, and the
deliverer never sets ``link_names`` or ``parse``. Control characters, lone surrogates and bidi
overrides from feed text are removed; line breaks inside feed text collapse to spaces, so the only
newlines are the ones this module writes.

Limits: each message keeps under ``SLACK_MAX_BLOCKS`` blocks and ``SLACK_MESSAGE_TEXT_BUDGET``
characters of block text; a long digest is split at block boundaries (never inside a word or a
link), and a topic that continues into the next message repeats its header. Each field is clipped
on its escaped length at a word boundary with "…", so no section or header exceeds its limit.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.core.model import Digest, DigestEntry
from bot.core.text import cut, feed_text

# Block Kit limits, from https://docs.slack.dev/reference/block-kit/blocks and its pages:
SLACK_MAX_BLOCKS = 50  # "up to 50 blocks in each message"
SLACK_SECTION_TEXT = 3000  # section-block: text "maximum length ... 3000 characters"
SLACK_HEADER_TEXT = 150  # header-block: plain_text "maximum length ... 150 characters"
SLACK_BLOCK_ID = 255  # every block: block_id "maximum length ... 255 characters"
# chat.postMessage answers msg_blocks_too_long from about 13,200 characters of block text,
# below any documented per-block limit (slackapi/bolt-js#2509); 12,000 leaves headroom.
SLACK_MESSAGE_TEXT_BUDGET = 12_000
# The top-level ``text`` is only the notification / screen-reader fallback (Slack truncates it at
# 40,000 characters; chat.postMessage docs); a short summary line is what a notification shows.
FALLBACK_TEXT = 300

# Per-field budgets, measured on escaped text; together they keep a story far below 3,000.
TITLE_BUDGET = 300
OUTLETS_BUDGET = 200
OUTLET_NAME_BUDGET = 60
SOURCES_BUDGET = 550  # the linked outlets; with the budgets above a story stays below 3,000
SUMMARY_BUDGET = 500
URL_BUDGET = 1500  # a longer link is shown as a plain bold headline rather than risk the limit
TIME_FORMAT = "%Y-%m-%d %H:%M"
CONTINUED = " (continued)"
ELLIPSIS = "…"
LABEL_BAR = "¦"  # stands in for "|" inside a link label

_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_ESCAPE_TABLE = str.maketrans(_ESCAPES)
_BIDI_CONTROLS = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))
_DROPPED_CATEGORIES = frozenset({"Cc", "Cs"})
_URL_UNSAFE = frozenset('|<>"`')


@dataclass(frozen=True, slots=True)
class SlackMessage:
    """One ``chat.postMessage`` payload: ``text`` is the fallback, ``blocks`` the Block Kit body."""

    text: str
    blocks: tuple[dict[str, Any], ...]


def render_digest(digest: Digest) -> list[SlackMessage]:
    """Render ``digest`` as one or more messages, in order; never returns an empty list."""
    zone, zone_name = _zone(digest.timezone)
    story_count = sum(len(s.entries) for s in digest.sections)
    pages: list[_Page] = [_Page()]
    note = _clean(digest.note or "")
    if note:
        pages[-1].add(_section(_clip(note, SLACK_SECTION_TEXT)))
    if story_count:
        pages[-1].add(_intro(digest, story_count, zone, zone_name))
    position = 0
    for section in digest.sections:
        if not section.entries:
            continue
        topic = _clean(section.topic) or "News"
        for index, entry in enumerate(section.entries):
            story = _story(entry, zone, position)
            position += 1
            page = pages[-1]
            if index == 0:
                header = _header(topic, continued=False)
                divider = [_divider()] if page.stories else []
                if not page.fits([*divider, header, story]):
                    divider = []
                    if not page.fits([header, story]):
                        page = _Page()
                        pages.append(page)
                page.add(*divider, header, story)
                page.topics.append(topic)
            elif page.fits([story]):
                page.add(story)
            else:
                page = _Page()
                pages.append(page)
                page.add(_header(topic, continued=True), story)
                page.topics.append(topic)
            page.stories += 1
        if section.more:
            more = _more(section.more)
            if not pages[-1].fits([more]):
                pages.append(_Page())
            pages[-1].add(more)
    if not pages[-1].blocks:
        pages[-1].add(_section("No new stories."))
    total = len(pages)
    return [
        SlackMessage(text=_fallback(page, digest, number, total), blocks=tuple(page.blocks))
        for number, page in enumerate(pages, start=1)
    ]


class _Page:
    """The blocks of one message being packed, with what its fallback text needs."""

    __slots__ = ("blocks", "chars", "stories", "topics")

    def __init__(self) -> None:
        self.blocks: list[dict[str, Any]] = []
        self.chars = 0
        self.stories = 0
        self.topics: list[str] = []

    def fits(self, blocks: list[dict[str, Any]]) -> bool:
        return (
            len(self.blocks) + len(blocks) <= SLACK_MAX_BLOCKS
            and self.chars + sum(block_text_length(b) for b in blocks) <= SLACK_MESSAGE_TEXT_BUDGET
        )

    def add(self, *blocks: dict[str, Any]) -> None:
        self.blocks.extend(blocks)
        self.chars += sum(block_text_length(b) for b in blocks)


def block_text_length(block: dict[str, Any]) -> int:
    """Characters of text a block carries (what counts toward Slack's per-message budget)."""
    texts = [block["text"]] if "text" in block else list(block.get("elements", ()))
    return sum(len(t["text"]) for t in texts)


def escape_text(text: str) -> str:
    """Slack's escaping: ``&``, ``<`` and ``>`` become entities; nothing else changes."""
    return text.translate(_ESCAPE_TABLE)


def clean_text(text: str) -> str:
    """Feed text made inert by the rule every renderer shares (``core.text.feed_text``)."""
    return feed_text(text)


def link_target(url: str) -> str | None:
    """The escaped http(s) URL to put before ``|`` in ``<url|label>``, or None if unusable."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:  # e.g. an unbalanced "[" in the host: not a link we can offer
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    url = url.strip()
    url = parts.scheme.lower() + url[len(parts.scheme) :]  # so every link starts http(s)://
    encoded = "".join(_percent_encode(ch) for ch in url)
    target = escape_text(encoded)
    return target if len(target) <= URL_BUDGET else None


def _percent_encode(ch: str) -> str:
    if ch in _URL_UNSAFE or ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf", "Cs"):
        return "".join(f"%{b:02X}" for b in ch.encode("utf-8", "surrogatepass"))
    return ch


_clean = clean_text


def _escaped_length(text: str) -> int:
    return sum(len(_ESCAPES.get(ch, ch)) for ch in text)


def _clip(text: str, budget: int) -> str:
    """Escape ``text`` so it fits ``budget`` characters, cut by ``core.text.cut`` with "…"."""
    return escape_text(cut(text, budget, measure=_escaped_length))


def _zone(name: str) -> tuple[ZoneInfo, str]:
    try:
        return ZoneInfo(name), name
    except (ZoneInfoNotFoundError, ValueError):  # a recorded digest must still be deliverable
        return ZoneInfo("UTC"), "UTC"


def _local(when: datetime, zone: ZoneInfo) -> str:
    return when.astimezone(zone).strftime(TIME_FORMAT)


def _intro(digest: Digest, story_count: int, zone: ZoneInfo, zone_name: str) -> dict[str, Any]:
    noun = "story" if story_count == 1 else "stories"
    since = f" since {_local(digest.since_at, zone)}" if digest.since_at is not None else ""
    text = f"{story_count} new {noun}{since} · times in {escape_text(zone_name)}"
    return {"type": "context", "elements": [_mrkdwn(text)]}


def _header(topic: str, *, continued: bool) -> dict[str, Any]:
    suffix = CONTINUED if continued else ""
    text = _clip(topic, SLACK_HEADER_TEXT - len(suffix)) + suffix
    return {"type": "header", "text": {"type": "plain_text", "text": text, "emoji": True}}


def _story(entry: DigestEntry, zone: ZoneInfo, position: int) -> dict[str, Any]:
    label = _clip(_clean(entry.title) or "(untitled)", TITLE_BUDGET).replace("|", LABEL_BAR)
    target = link_target(entry.url)
    headline = f"*<{target}|{label}>*" if target is not None else f"*{label}*"
    outlets = _sources(entry)
    when = _local(entry.published_at, zone)
    if entry.undated:
        when = f"undated, seen {when}"
    lines = [headline, f"{outlets} · {when}" if outlets else when]
    summary = _clip(_clean(entry.summary), SUMMARY_BUDGET)
    if summary:
        lines.append(summary)
    block_id = f"story-{entry.story_id}-{position}"[:SLACK_BLOCK_ID]
    return {**_section("\n".join(lines)), "block_id": block_id}


def _sources(entry: DigestEntry) -> str:
    """The outlets that covered the story, lead first, each linked to its own article
    (``<url|name>``, http(s) only, the name escaped), within ``SOURCES_BUDGET``."""
    if not entry.sources:
        return _clip(", ".join(filter(None, map(_clean, entry.outlets))), OUTLETS_BUDGET)
    parts: list[str] = []
    for source in entry.sources:
        name = _clip(_clean(source.outlet) or "outlet", OUTLET_NAME_BUDGET).replace("|", LABEL_BAR)
        target = link_target(source.url)
        part = f"<{target}|{name}>" if target is not None else name
        if len(", ".join([*parts, part])) > SOURCES_BUDGET:
            part = name  # a very long link: the name alone, if that fits
            if len(", ".join([*parts, part])) > SOURCES_BUDGET:
                break
        parts.append(part)
    rest = len(entry.sources) - len(parts)
    return ", ".join(parts) + (f" +{rest} more" if rest else "")


def _more(count: int) -> dict[str, Any]:
    """What the caps left out of a topic, by number (issue 14)."""
    noun = "story" if count == 1 else "stories"
    return {"type": "context", "elements": [_mrkdwn(f"…and {count} more {noun} on this topic")]}


def _section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": _mrkdwn(text)}


def _mrkdwn(text: str) -> dict[str, Any]:
    return {"type": "mrkdwn", "text": text, "verbatim": True}


def _divider() -> dict[str, Any]:
    return {"type": "divider"}


def _fallback(page: _Page, digest: Digest, number: int, total: int) -> str:
    part = f" (part {number} of {total})" if total > 1 else ""
    if page.topics:
        noun = "story" if page.stories == 1 else "stories"
        topics = ", ".join(dict.fromkeys(page.topics))
        head = f"News digest, {page.stories} {noun}: "
        room = FALLBACK_TEXT - len(head) - len(part)
        return head + _clip(topics, room) + part
    note = _clean(digest.note or "")
    if note:
        return _clip(note, FALLBACK_TEXT - len(part)) + part
    return "News digest: no new stories." + part
