"""A live outlet for tests of the running bot: an RSS feed that grows while the bot polls it.

The entries are real headlines (``tests/data/live/headlines.jsonl``, with their topic labels);
``publish()`` adds the next ones with a publication time the test chooses, and the loopback
``FeedServer`` serves the new document (with a new ETag, so conditional GETs see the change).
Each entry gets a unique link under the test server, so items never dedupe across runs.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from email.utils import format_datetime
from pathlib import Path
from xml.sax.saxutils import escape

from tests.feedserver import FeedServer

HEADLINES = Path(__file__).parent / "data" / "live" / "headlines.jsonl"


@dataclass(frozen=True, slots=True)
class Headline:
    title: str
    summary: str
    topics: tuple[str, ...]


def load_headlines(*, topics: set[str] | None = None) -> list[Headline]:
    """The bundled headlines labelled with any of ``topics`` (all when None), one per event.

    The corpus labels which headlines report the same event (``cluster``); only the first of
    each is used, so the story grouping has nothing to merge and a test of the digest windows
    sees each headline as its own story.
    """
    out: list[Headline] = []
    seen: set[str] = set()
    for line in HEADLINES.read_text(encoding="utf-8").splitlines():
        data = json.loads(line)
        labelled = tuple(data["topics"])
        if topics is not None and not topics & set(labelled):
            continue
        event = data.get("cluster") or data["title"]
        if event in seen or data["title"] in seen:
            continue
        seen.update((event, data["title"]))
        out.append(Headline(data["title"], data["summary"], labelled))
    return out


@dataclass(frozen=True, slots=True)
class Entry:
    guid: str
    title: str
    summary: str
    link: str
    published_at: datetime | None


class LiveFeed:
    """One outlet's feed at ``path`` on ``server``; ``publish`` makes it grow."""

    def __init__(
        self,
        server: FeedServer,
        path: str,
        headlines: list[Headline],
        *,
        keep: int = 50,
        used: set[str] | None = None,
        marker: str = "",
    ) -> None:
        self.server = server
        self.path = path
        self.pool = list(headlines)
        self.keep = keep
        self.used = used if used is not None else set()
        """Titles already published by any feed sharing this set: never published twice."""
        self.marker = marker
        """A word appended to every description, for a test topic that matches this feed
        whatever the built-in topics make of its headlines (the title stays as published)."""
        self.entries: list[Entry] = []
        """What the feed lists now (a test may drop old ones, as outlets do)."""
        self.published = 0
        self._serve()

    @property
    def url(self) -> str:
        return self.server.url(self.path)

    def publish(self, count: int = 1, *, at: datetime | None) -> list[Entry]:
        """Add the next ``count`` headlines, published ``at`` (None: an entry without a date)."""
        added: list[Entry] = []
        for _ in range(count):
            while self.pool and self.pool[0].title in self.used:
                self.pool.pop(0)
            if not self.pool:
                raise IndexError("the headline pool is exhausted")
            headline = self.pool.pop(0)
            self.used.add(headline.title)
            self.published += 1
            n = self.published
            entry = Entry(
                guid=f"{self.path}#{n}",
                title=headline.title,
                summary=f"{headline.summary} {self.marker}".strip(),
                link=self.server.url(f"article/{self.path.replace('/', '-')}/{n}"),
                published_at=at,
            )
            self.entries.append(entry)
            added.append(entry)
        self._serve()
        return added

    def _serve(self) -> None:
        self.server.set_body(self.path, self.body())

    def body(self) -> bytes:
        items = []
        for entry in reversed(self.entries[-self.keep :]):
            date = (
                f"<pubDate>{format_datetime(entry.published_at, usegmt=True)}</pubDate>"
                if entry.published_at is not None
                else ""
            )
            items.append(
                f"<item><title>{escape(entry.title)}</title><link>{escape(entry.link)}</link>"
                f'<guid isPermaLink="false">{escape(entry.guid)}</guid>'
                f"<description>{escape(entry.summary)}</description>{date}</item>"
            )
        return (
            '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
            f"<title>Live {escape(self.path)}</title><link>{escape(self.url)}</link>"
            "<description>A feed that grows while the bot runs</description>"
            + "".join(items)
            + "</channel></rss>\n"
        ).encode()
