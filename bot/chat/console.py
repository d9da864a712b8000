"""Console delivery: the no-token mode, and what ``digest --dry-run`` and ``demo`` print.

A digest is rendered as plain text, one part per digest. Feed text reaches a terminal here, so every
control character (ANSI escape sequences, carriage returns, bidi overrides) is removed: a feed
cannot recolour, rewrite or hide lines of the operator's terminal. Digests can also be appended to
a file (``bot.console_output``).
"""

from __future__ import annotations

import asyncio
import os
import sys
import unicodedata
from datetime import datetime
from pathlib import Path
from typing import IO
from zoneinfo import ZoneInfo

from bot.core.listing import compact_terms
from bot.core.model import ChannelRef, Digest
from bot.core.text import feed_text, plain_line
from bot.digests import failpoints
from bot.digests.deliverer import PartCallback, Receipt

TAIL_BYTES = 4 * 1024 * 1024  # digests are looked up in the last 4 MiB of the output file


def clean(text: str) -> str:
    """Feed text made safe for a terminal by the rule every renderer shares
    (``core.text.feed_text``): no control or bidi characters, no clickable bare URL."""
    return feed_text(unicodedata.normalize("NFC", text))


def clean_link(url: str) -> str:
    """The story's own link: clickable, but with no control or bidi characters."""
    return plain_line(url)


def _local(at: datetime, zone: str) -> str:
    return at.astimezone(ZoneInfo(zone)).strftime("%a %d %b %H:%M")


def marker(digest: Digest) -> str:
    """The digest's idempotency key as printed in its header."""
    return f"[digest {digest.id}]"


def render_text(digest: Digest) -> str:
    zone = digest.timezone
    count = len(digest.story_ids)
    lines = [
        f"=== Digest for {digest.channel} · {_local(digest.created_at, zone)} {zone} · "
        f"{count} {'story' if count == 1 else 'stories'} · {marker(digest)} ==="
    ]
    if digest.note:
        lines.append(clean(digest.note))
    for section in digest.sections:
        lines.append("")
        lines.append(f"## {clean(section.topic)}")
        for n, entry in enumerate(section.entries, start=1):
            lines.append(f"{n:>2}. {clean(entry.title)}")
            outlets = ", ".join(clean(o) for o in entry.outlets)
            when = _local(entry.published_at, zone)
            lines.append(f"    {outlets} · {'undated, seen ' if entry.undated else ''}{when}")
            if entry.summary:
                lines.append(f"    {clean(entry.summary)}")
            if entry.url:
                lines.append(f"    {clean_link(entry.url)}")
            lines.extend(  # every other outlet's own article; the lead's link is above
                f"    also {clean(source.outlet)}: {clean_link(source.url)}"
                for source in entry.sources[1:]
                if source.url
            )
            if entry.matched_terms:
                terms = compact_terms(entry.matched_terms)
                lines.append(f"    matched: {', '.join(clean(t) for t in terms)}")
        if section.more:
            noun = "story" if section.more == 1 else "stories"
            lines.append(f"    …and {section.more} more {noun} on this topic")
    return "\n".join(lines) + "\n"


class ConsoleDeliverer:
    platform = "console"

    def __init__(self, stream: IO[str] | None = None, *, copy_to: Path | None = None) -> None:
        self.stream = stream or sys.stdout
        self.copy_to = copy_to

    async def deliver(
        self,
        channel: ChannelRef,
        digest: Digest,
        *,
        skip_parts: int = 0,
        on_part: PartCallback | None = None,
    ) -> Receipt:
        message_id = f"{digest.id}#0"
        if skip_parts == 0:
            text = render_text(digest)
            if self.copy_to is None:
                print(text, file=self.stream, flush=True)
            elif not await asyncio.to_thread(self._already_written, digest):
                # the file first: it is the record, so a process killed between the two
                # writes never prints this digest again when its resend comes
                await asyncio.to_thread(self._append, text)
                failpoints.hit("console_recorded")
                print(text, file=self.stream, flush=True)
            if on_part is not None:
                await on_part(0, message_id)
        return Receipt((message_id,))

    def _already_written(self, digest: Digest) -> bool:
        """The output file is the console's idempotency record: a digest id appears once."""
        assert self.copy_to is not None  # noqa: S101 - only called with a file configured
        try:
            with self.copy_to.open("rb") as f:
                f.seek(0, 2)
                f.seek(max(0, f.tell() - TAIL_BYTES))
                return marker(digest).encode() in f.read()
        except FileNotFoundError:
            return False

    def _append(self, text: str) -> None:
        assert self.copy_to is not None  # noqa: S101 - only called with a file configured
        with self.copy_to.open("a", encoding="utf-8") as f:
            f.write(text + "\n")
            f.flush()
            os.fsync(f.fileno())
