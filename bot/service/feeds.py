"""The feed commands: add (fetched once when a person adds it), list, remove, resume, OPML,
poll.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from bot.core.model import (
    Feed,
    FeedStatus,
    default_feed_name,
    feed_name,
)
from bot.errors import UserError
from bot.ingest.opml import export_opml, parse_opml
from bot.ingest.poller import PollSummary, ResultHook
from bot.service.base import ServiceBase

log = logging.getLogger(__name__)


MAX_URL_LENGTH = 2048


def same_feed_key(url: str) -> str:
    """Two feed URLs that differ only in the case of their scheme or host are the same feed."""
    parts = urlsplit(url)
    netloc = parts.netloc.lower()
    return urlunsplit((parts.scheme.lower(), netloc, parts.path, parts.query, parts.fragment))


def check_feed_url(url: str) -> str:
    """Validate the shape of a feed URL a user typed; returns it stripped."""
    url = url.strip()
    if not url:
        raise UserError(
            "feed URL is empty; give a full URL such as https://www.example.com/rss.xml"
        )
    if len(url) > MAX_URL_LENGTH:
        raise UserError(
            f"feed URL is too long ({len(url)} characters; the limit is {MAX_URL_LENGTH})"
        )
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as e:
        raise UserError(f"feed URL {url!r} is malformed: {e}") from e
    if parts.scheme not in ("http", "https"):
        raise UserError(f"feed URL {url!r} must start with http:// or https://")
    if not parts.hostname:
        raise UserError(f"feed URL {url!r} has no host name")
    if parts.username or parts.password:
        raise UserError("feed URL must not contain a user name or password")
    if port == 0:
        raise UserError(f"feed URL {url!r} has an invalid port")
    return url


@dataclass(frozen=True, slots=True)
class ImportReport:
    added: tuple[Feed, ...]
    skipped: tuple[tuple[str, str], ...]
    refused: tuple[tuple[str, str], ...]


class FeedCommands(ServiceBase):
    """Feeds: what the bot polls."""

    async def add_feed(
        self, url: str, name: str = "", *, scope: str | None = None, fetch_now: bool = False
    ) -> Feed:
        """Add a feed; with ``fetch_now`` (a person adding one: CLI, chat) fetch it once first.

        The fetch goes through the address guard and the fetch timeouts like any poll and is
        the feed's first fetch: a URL that gives no readable feed is refused with the reason
        and nothing is added, and the feed's own title becomes its name unless one was given.
        Feeds seeded from the config file or an OPML import are not fetched here; they report
        at their first poll (issue 12).
        """
        url = check_feed_url(url)
        given = feed_name(name)
        if self._url_check is not None:
            await self._url_check(url)
        key = same_feed_key(url)
        for known in await self.store.list_feeds():
            if same_feed_key(known.url) == key:
                raise UserError(f"feed {url} is already added (id {known.id}, {known.name!r})")
        feed = await self.store.add_feed(
            url, given or default_feed_name(url), self.clock(), scope=scope
        )
        log.info("feed added feed=%d url=%s", feed.id, url)
        if not fetch_now:
            return feed
        summary = await self.poll(feed_ids=[feed.id])
        (result,) = summary.results
        if result.error is not None:
            await self.store.remove_feed(feed.id)
            log.info("feed refused at add url=%s reason=%s", url, result.error.message)
            raise UserError(
                f"could not read a feed at {url}: {result.error.message}; nothing was added"
            )
        title = feed_name(result.title or "")
        if not given and title:
            await self.store.rename_feed(feed.id, title)
        added = await self.store.get_feed(feed.id)
        assert added is not None  # noqa: S101 - added above under this call
        return added

    async def list_feeds(self, *, scope: str | None = None) -> list[Feed]:
        return await self.store.list_feeds(scope=scope)

    async def remove_feed(self, feed_id: int, *, scope: str | None = None) -> Feed:
        feed = await self._feed_in_scope(feed_id, scope)
        await self.store.remove_feed(feed.id)
        log.info("feed removed feed=%d url=%s", feed.id, feed.url)
        return feed

    async def resume_feed(self, feed_id: int, *, scope: str | None = None) -> Feed:
        feed = await self._feed_in_scope(feed_id, scope)
        await self.store.resume_feed(feed.id, self.clock())
        resumed = await self.store.get_feed(feed.id)
        assert resumed is not None  # noqa: S101 - checked just above under the same owner
        return resumed

    async def _feed_in_scope(self, feed_id: int, scope: str | None) -> Feed:
        feed = await self.store.get_feed(feed_id)
        if feed is None or (scope is not None and feed.scope not in (None, scope)):
            raise UserError(f"no feed with id {feed_id}; the feed list shows the ids")
        if scope is not None and feed.scope is None:
            raise UserError(
                f"feed {feed_id} is configured by the operator and cannot be changed here"
            )
        return feed

    async def import_opml(self, data: bytes, *, scope: str | None = None) -> ImportReport:
        entries = parse_opml(data)
        added: list[Feed] = []
        skipped = [(u, "listed twice in the file") for u in entries.duplicates]
        refused = list(entries.refused)
        for outline in entries.feeds:
            if await self.store.feed_by_url(outline.url) is not None:
                skipped.append((outline.url, "already added"))
                continue
            try:
                added.append(await self.add_feed(outline.url, outline.name, scope=scope))
            except UserError as e:
                refused.append((outline.url, str(e)))
        return ImportReport(tuple(added), tuple(skipped), tuple(refused))

    async def export_opml(self) -> str:
        feeds = await self.store.list_feeds()
        return export_opml([(f.url, f.name) for f in feeds])

    async def poll(
        self,
        *,
        feed_ids: Sequence[int] | None = None,
        every_feed: bool = False,
        on_result: ResultHook | None = None,
    ) -> PollSummary:
        """Poll the due feeds, or exactly ``feed_ids``, or ``every_feed`` not paused, now."""
        await self.stories.ensure_loaded()  # also places items a crash left without a story
        if every_feed:
            feed_ids = [
                f.id for f in await self.store.list_feeds() if f.status is not FeedStatus.PAUSED
            ]
        elif feed_ids is not None:
            for feed_id in feed_ids:
                if await self.store.get_feed(feed_id) is None:
                    raise UserError(f"no feed with id {feed_id}; `feeds list` shows the ids")
        return await self.poller.poll_due_feeds(feed_ids=feed_ids, on_result=on_result)
