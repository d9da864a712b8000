"""Render a platform-neutral ``Digest`` into Discord messages that respect every Discord limit.

Pure and deterministic: the same digest always yields the same parts, so a resend after a crash
posts identical messages (and the deliverer's per-part nonce stays meaningful). Issue #7.

Layout: the header ("📰 Digest for … — N stories", plus "part i/n") is the message content; each
topic section is one embed (title = topic, description = one block per story), continued in
further embeds ("topic (continued)") and further messages when it is long. The last embed of every
message carries a footer naming the time zone the times are shown in. Embeds carry no ``url``, so
the "distinct embed URLs within a message" rule (Discord merges embeds sharing a URL) always holds.

Lengths are measured in UTF-16 code units (``text_len``): never fewer than Python's code points,
so a message under the limit by this measure is under it however Discord counts.

Safety: every string that came from a feed goes through ``sanitize``: whitespace is folded to one
line, ``[``/``]`` become fullwidth ``［``/``］`` (a headline can never open or close a masked link;
backslash escapes do not stop Discord's link rule inside link text), markdown is escaped
(``discord.utils.escape_markdown``), ``@everyone``/``@here``/user and role ids are broken with
``escape_mentions``, and every ``<`` is followed by a zero-width space so ``<@…>``, ``<@&…>``,
``<#…>``, ``</cmd:…>`` and ``<t:…>`` cannot form. Masked links are built only from the entry's own
URL, only for http/https, percent-encoded so ``(``, ``)``, spaces, ``<``, ``>`` and ``@`` cannot
end the link or form a mention. The sender still passes ``AllowedMentions.none()``: this is the
second fence, not the only one.

``DiscordMessage`` holds ``discord.Embed`` objects (mutable by nature); the renderer builds fresh
ones on each call and nobody mutates them after, so the record is frozen in practice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import quote, urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import discord

from bot.core.model import Digest, DigestEntry
from bot.core.text import cut, feed_text

# Discord limits: https://discord.com/developers/docs/resources/message#embed-object-embed-limits
# and https://discord.com/developers/docs/resources/message#create-message (content, embeds).
CONTENT_MAX = 2000  # Discord limit: message content
EMBED_TITLE_MAX = 256  # Discord limit: embed title
EMBED_DESCRIPTION_MAX = 4096  # Discord limit: embed description
EMBED_FIELD_NAME_MAX = 256  # Discord limit: field name (this renderer uses no fields)
EMBED_FIELD_VALUE_MAX = 1024  # Discord limit: field value (this renderer uses no fields)
EMBED_FIELDS_MAX = 25  # Discord limit: fields per embed (this renderer uses no fields)
EMBED_FOOTER_MAX = 2048  # Discord limit: footer text
EMBED_AUTHOR_NAME_MAX = 256  # Discord limit: author name (this renderer sets no author)
EMBED_TOTAL_MAX = 6000  # Discord limit: title+description+fields+footer+author over all embeds
EMBEDS_PER_MESSAGE = 10  # Discord limit: embeds in one message

# Our own caps, so one story block always fits one embed description with room to spare.
HEADLINE_MAX = 256
SUMMARY_MAX = 300
OUTLETS_MAX = 160
OUTLET_NAME_MAX = 60
SOURCES_MAX = 1200  # the linked outlets of one story: a story block stays far below 4096
URL_MAX = 1000  # a longer article URL is shown without a link rather than cut
FOOTER_MAX = 200
ELLIPSIS = "…"
BLOCK_SEPARATOR = "\n\n"
CONTINUED = " (continued)"
UNNAMED_TOPIC = "Stories"  # Discord shows no title for "", which would hide the section break
EMBED_COLOUR = 0x2B6CB0
URL_SAFE = "/:?#&=+;,!$'*%~"  # kept as is; everything else (incl. ()[]<>@ and spaces) is encoded
LINK_SCHEMES = frozenset({"http", "https"})
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_BRACKETS = str.maketrans({"[": "［", "]": "］"})


@dataclass(frozen=True, slots=True)
class DiscordMessage:
    """One message to post: ``content`` (the header, never empty) and up to ten embeds."""

    content: str
    embeds: tuple[discord.Embed, ...]


def render_digest(digest: Digest) -> list[DiscordMessage]:
    """Render ``digest`` into ordered messages, each within every Discord limit."""
    zone, zone_name = _zone(digest.timezone)
    footer = fit(f"Times in {zone_name}", FOOTER_MAX)
    budget = EMBED_TOTAL_MAX - text_len(footer)
    pages: list[list[tuple[str, list[str]]]] = []
    for section in digest.sections:
        if not section.entries:
            continue
        topic = section.topic if section.topic.strip() else UNNAMED_TOPIC
        first_title = fit(topic, EMBED_TITLE_MAX)
        later_title = fit(topic, EMBED_TITLE_MAX - len(CONTINUED)) + CONTINUED
        opened = False
        blocks = [render_entry(entry, zone) for entry in section.entries]
        if section.more:
            blocks.append(more_line(section.more))
        for block in blocks:
            title = later_title if opened else first_title
            if pages and opened and _fits_embed(pages[-1], block, budget):
                pages[-1][-1][1].append(block)
            elif pages and _fits_new_embed(pages[-1], title, block, budget):
                pages[-1].append((title, [block]))
            else:
                pages.append([(title, [block])])
            opened = True
    count = sum(len(s.entries) for s in digest.sections)
    header = _header(digest, zone, count)
    if not pages:
        return [DiscordMessage(_with_note(header, digest.note), ())]
    messages = []
    for number, page in enumerate(pages, start=1):
        content = header if len(pages) == 1 else f"{header} · part {number}/{len(pages)}"
        if number == 1:
            content = _with_note(content, digest.note)
        embeds = [
            discord.Embed(
                title=title, description=BLOCK_SEPARATOR.join(blocks), colour=EMBED_COLOUR
            )
            for title, blocks in page
        ]
        embeds[-1].set_footer(text=footer)
        messages.append(DiscordMessage(content, tuple(embeds)))
    return messages


def render_entry(entry: DigestEntry, zone: ZoneInfo) -> str:
    """One story: bold headline (masked link if the URL is safe), each outlet linked to its own
    article · time, summary."""
    headline = fit(entry.title, HEADLINE_MAX) or "(untitled)"
    target = link_target(entry.url)
    head = f"**[{headline}]({target})**" if target else f"**{headline}**"
    when = _short_time(entry.published_at, zone)
    meta = [render_sources(entry), f"undated, seen {when}" if entry.undated else when]
    block = f"{head} — {' · '.join(part for part in meta if part)}"
    summary = fit(entry.summary, SUMMARY_MAX)
    return f"{block}\n{summary}" if summary else block


def render_sources(entry: DigestEntry) -> str:
    """The outlets that covered the story, lead first, each a masked link to its own article
    (http(s) only; the name sanitized like any feed text), within ``SOURCES_MAX``."""
    if not entry.sources:
        return fit(", ".join(entry.outlets), OUTLETS_MAX)
    parts: list[str] = []
    for source in entry.sources:
        name = fit(source.outlet, OUTLET_NAME_MAX) or "outlet"
        target = link_target(source.url)
        part = f"[{name}]({target})" if target else name
        if text_len(", ".join([*parts, part])) > SOURCES_MAX:
            part = name  # a very long link: the name alone, if that fits
            if text_len(", ".join([*parts, part])) > SOURCES_MAX:
                break
        parts.append(part)
    rest = len(entry.sources) - len(parts)
    return ", ".join(parts) + (f" +{rest} more" if rest else "")


def more_line(count: int) -> str:
    """What the caps left out of a topic, by number (issue 14)."""
    return f"*…and {count} more {'story' if count == 1 else 'stories'} on this topic*"


def sanitize(text: str) -> str:
    """Make feed text inert: the shared rule (``core.text.feed_text``: one line, no bidi
    controls, no clickable bare URL, no textual ping), then no link syntax, no markdown and no
    mentions."""
    text = feed_text(text).translate(_BRACKETS)
    text = discord.utils.escape_markdown(text)
    text = discord.utils.escape_mentions(text)
    return text.replace("<", "<\u200b")


def fit(raw: str, limit: int) -> str:
    """``sanitize(raw)``, shortened at a word boundary (with "…") to ``limit`` units at most."""
    text = sanitize(raw)
    if text_len(text) <= limit:
        return text
    folded = " ".join(raw.split())
    budget = limit
    while budget > 1:
        text = sanitize(shorten(folded, budget))
        if text_len(text) <= limit:
            return text
        budget = max(1, budget - (text_len(text) - limit))  # escapes made it longer: cut more
    return ELLIPSIS


def shorten(text: str, limit: int) -> str:
    """Cut ``text`` to ``limit`` UTF-16 units including a trailing "…": at a space near the
    limit, else at a grapheme boundary (``core.text.cut``: CJK headlines keep their words)."""
    return cut(text, limit, measure=text_len)


def link_target(url: str) -> str | None:
    """The percent-encoded http(s) URL for a masked link, or None when it must not be linked."""
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:  # e.g. an unbalanced "[" in the host
        return None
    if parts.scheme.lower() not in LINK_SCHEMES or not parts.netloc:
        return None
    target = quote(url, safe=URL_SAFE)
    return target if text_len(target) <= URL_MAX else None


def text_len(text: str) -> int:
    """Length in UTF-16 code units (what JavaScript counts; never less than code points)."""
    return len(text.encode("utf-16-le")) // 2


def _fits_embed(page: list[tuple[str, list[str]]], block: str, budget: int) -> bool:
    blocks = page[-1][1]
    added = text_len(BLOCK_SEPARATOR) + text_len(block)
    description = sum(text_len(b) for b in blocks) + text_len(BLOCK_SEPARATOR) * (len(blocks) - 1)
    return description + added <= EMBED_DESCRIPTION_MAX and _page_len(page) + added <= budget


def _fits_new_embed(page: list[tuple[str, list[str]]], title: str, block: str, budget: int) -> bool:
    added = text_len(title) + text_len(block)
    return len(page) < EMBEDS_PER_MESSAGE and _page_len(page) + added <= budget


def _page_len(page: list[tuple[str, list[str]]]) -> int:
    return sum(
        text_len(title)
        + sum(text_len(b) for b in blocks)
        + text_len(BLOCK_SEPARATOR) * (len(blocks) - 1)
        for title, blocks in page
    )


def _header(digest: Digest, zone: ZoneInfo, count: int) -> str:
    day = digest.created_at.astimezone(zone)
    date = f"{WEEKDAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]} {day.year}"
    stories = {0: "no new stories", 1: "1 story"}.get(count, f"{count} stories")
    return f"📰 **Digest for {date}** — {stories}"


def _with_note(content: str, note: str | None) -> str:
    if not note:
        return content
    return f"{content}\n{fit(note, CONTENT_MAX - text_len(content) - 1)}"


def _short_time(when: datetime, zone: ZoneInfo) -> str:
    local = when.astimezone(zone)
    return f"{local.day} {MONTHS[local.month - 1]} {local:%H:%M}"


def _zone(name: str) -> tuple[ZoneInfo, str]:
    """The digest's zone; an unknown name falls back to UTC (and the footer says so)."""
    try:
        return ZoneInfo(name), name
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC"), "UTC"
