"""``DigestService``: the one application service every frontend calls.

The CLI, the console, Discord and Slack only translate their input into these calls and the
results into their output; they hold no logic. One method per command. Input errors raise
``UserError`` whose message is shown to the user as written. ``scope`` is the chat server a call
comes from (``discord:GUILD``, ``slack:TEAM``; empty for the operator's CLI): feeds and topics
created there belong to it, and a command can only change what belongs to its own scope.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlsplit, urlunsplit
from zoneinfo import ZoneInfo

from bot.core import policy
from bot.core.cadence import (
    Schedule,
    last_slot_at_or_before,
    next_slot_after,
    parse_schedule,
    parse_zone,
    slot_key,
)
from bot.core.match import TopicIndex
from bot.core.model import (
    Channel,
    ChannelRef,
    ChannelStatus,
    Clock,
    Digest,
    Feed,
    FeedStatus,
    TopicRecord,
    check_topic_name,
    topic_key,
)
from bot.core.normalize import canonical_url
from bot.core.query import Query, parse_query
from bot.core.segment import declared_language, script_language
from bot.digests.alerts import notify_failing_feeds
from bot.digests.explain import explain_item
from bot.digests.runner import DigestRunner, RunResult
from bot.errors import UserError
from bot.ingest.opml import export_opml, parse_opml
from bot.ingest.poller import Poller, PollSummary, ResultHook
from bot.storage import PruneResult, Store, StoredItem, StorySplit
from bot.stories.book import StoryBook
from bot.topics.tagging import retag_topic

log = logging.getLogger(__name__)

MAX_URL_LENGTH = 2048
MAX_FEED_NAME = 100
HEARTBEAT_KEY = "heartbeat_at"
LAST_POLL_KEY = "last_poll_at"

STARTED_KEY = "started_at"
PRUNE_MARGIN = timedelta(days=1)  # kept beyond the widest channel window, whatever the retention


def removed_builtin_key(name: str) -> str:
    """The metadata key that remembers a built-in topic an operator removed."""
    return f"builtin_topic_removed:{name}"


async def read_health(store: Store, now: datetime, poll_interval: timedelta) -> list[str]:
    """The running bot's problems, from what it records in the database (empty: healthy)."""
    values = [await store.get_meta(k) for k in (HEARTBEAT_KEY, LAST_POLL_KEY, STARTED_KEY)]
    beat, polled, started = (None if v is None else datetime.fromisoformat(v) for v in values)
    return policy.health_problems(
        now,
        heartbeat_at=beat,
        last_poll_at=polled,
        poll_interval=poll_interval,
        started_at=started,
    )


UrlCheck = Callable[[str], Awaitable[None]]
"""Raises ``UserError`` when a URL may not be polled (the fetcher's address guard)."""
ScheduleHook = Callable[[Channel], None]


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


@dataclass(frozen=True, slots=True)
class TopicMatch:
    item: StoredItem
    terms: tuple[str, ...]
    why: tuple[str, ...] = ()  # each term and where, each NEAR and how close, each NOT (issue 15)
    language: str = ""  # the feed's declared language, else the script of the text


@dataclass(frozen=True, slots=True)
class TopicTest:
    query: str
    matches: tuple[TopicMatch, ...]
    scanned: int
    languages: tuple[tuple[str, int, int], ...] = ()  # (language, matched, scanned), most first


@dataclass(frozen=True, slots=True)
class ScheduleChange:
    channel: Channel
    schedule: Schedule
    next_at: datetime


@dataclass(frozen=True, slots=True)
class FeedCounts:
    total: int
    ok: int
    failing: int
    paused: int


@dataclass(frozen=True, slots=True)
class ChannelState:
    channel: Channel
    last_delivered_at: datetime | None
    next_at: datetime | None
    pending: bool


@dataclass(frozen=True, slots=True)
class Status:
    now: datetime
    database: str
    schema_version: int
    database_bytes: int
    oldest_item_at: datetime | None
    feeds: FeedCounts
    items: int
    stories: int
    last_success_at: datetime | None
    failing_feeds: tuple[Feed, ...]
    channels: tuple[ChannelState, ...]
    pending_digests: int


class DigestService:
    def __init__(
        self,
        store: Store,
        poller: Poller,
        stories: StoryBook,
        runner: DigestRunner,
        clock: Clock,
        *,
        default_timezone: str = "UTC",
        default_schedule: str = "08:00",
        url_check: UrlCheck | None = None,
    ) -> None:
        self.store = store
        self.poller = poller
        self.stories = stories
        self.runner = runner
        self.clock = clock
        self.default_timezone = default_timezone
        self.default_schedule = default_schedule
        self._url_check = url_check
        self.on_schedule_change: ScheduleHook | None = None

    # -- feeds --------------------------------------------------------------------------------

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
        given = " ".join(name.split())[:MAX_FEED_NAME].rstrip()
        if self._url_check is not None:
            await self._url_check(url)
        key = same_feed_key(url)
        for known in await self.store.list_feeds():
            if same_feed_key(known.url) == key:
                raise UserError(f"feed {url} is already added (id {known.id}, {known.name!r})")
        feed = await self.store.add_feed(
            url, given or (urlsplit(url).hostname or url), self.clock(), scope=scope
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
        title = " ".join((result.title or "").split())[:MAX_FEED_NAME]
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

    # -- topics -------------------------------------------------------------------------------

    async def create_topic(
        self, name: str, query: str, *, scope: str = "", description: str = "", origin: str = "user"
    ) -> TopicRecord:
        name = check_topic_name(name)
        parsed = parse_query(query)
        if origin == "user":
            current = await self.store.get_topic(topic_key(name, scope))
            if current is not None and current.origin == "config":
                raise UserError(
                    f"topic {name!r} is defined in the config file ([[topics]]); change it "
                    "there, or the next start puts the config's query back"
                )
        record = TopicRecord(topic_key(name, scope), name, scope, str(parsed), description, origin)
        await self.store.upsert_topic(record, self.clock())
        await self.reload_topics()
        count = await retag_topic(self.store, record.key, parsed, self.clock())
        log.info("topic saved topic=%s recent_matches=%d", record.key, count)
        return record

    async def remove_topic(self, name: str, *, scope: str = "") -> TopicRecord:
        """Remove a topic for good, or refuse and say why (issue 12).

        A topic that channels subscribe to is refused (removing it would silently drop their
        subscriptions); a topic from the config file is refused (the next start would bring it
        back); a built-in topic is removed and remembered, so start-up does not restore it.
        """
        record = await self.store.get_topic(topic_key(check_topic_name(name), scope))
        if record is None:
            raise UserError(f"no topic named {name!r} here; the topic list shows them")
        if record.origin == "config":
            raise UserError(
                f"topic {record.name!r} is defined in the config file ([[topics]]); remove it "
                "there and restart, or it comes back at the next start"
            )
        users = await self.store.topic_subscribers(record.key)
        if users:
            shown = ", ".join(str(ref) for ref in users[:5]) + (" …" if len(users) > 5 else "")
            raise UserError(
                f"topic {record.name!r} is subscribed by {shown}; unsubscribe "
                f"{'it' if len(users) == 1 else 'them'} first"
            )
        await self.store.remove_topic(record.key)
        if record.origin == "builtin":
            await self.store.set_meta(removed_builtin_key(record.name), self.clock().isoformat())
        await self.reload_topics()
        log.info("topic removed topic=%s origin=%s", record.key, record.origin)
        return record

    async def list_topics(self, *, scope: str = "") -> list[TopicRecord]:
        return await self.store.list_topics(scope=scope)

    async def all_topics(self) -> list[TopicRecord]:
        """Every topic of every scope (frontends filter it, e.g. for autocomplete caches)."""
        return await self.store.list_topics()

    async def list_channels(self) -> list[Channel]:
        return await self.store.list_channels()

    async def reload_topics(self) -> None:
        topics = await self.store.list_topics()
        self.stories.set_topics({t.key: parse_query(t.query) for t in topics})

    async def test_topic(self, query: str, *, since: timedelta = timedelta(days=7)) -> TopicTest:
        """Stored items a query matches, why each did, and how many per language (issue 15): a
        query that matches far more in one language than in others is often a co-mention."""
        parsed: Query = parse_query(query)
        index = TopicIndex.compile({"q": parsed})
        ids = await self.store.recent_item_ids(self.clock() - since)
        items = await self.store.get_items(ids)
        declared = await self.store.item_languages(ids)
        matches: list[TopicMatch] = []
        per_language: dict[str, list[int]] = {}
        for item in items:
            title, summary = item.item.title, item.item.summary
            tag = declared.get(item.id)
            language = declared_language(tag) if tag else script_language(f"{title} {summary}")
            counts = per_language.setdefault(language, [0, 0])
            counts[1] += 1
            hit = index.match(title, summary)
            if hit:
                counts[0] += 1
                why = index.explain(title, summary)["q"]
                matches.append(TopicMatch(item, hit["q"], why, language))
        matches.sort(key=lambda m: m.item.item.published_at, reverse=True)
        languages = sorted(per_language.items(), key=lambda kv: (-kv[1][0], -kv[1][1], kv[0]))
        return TopicTest(
            str(parsed), tuple(matches), len(ids), tuple((k, m, n) for k, (m, n) in languages)
        )

    async def _resolve_topic(self, name: str, scope: str) -> TopicRecord:
        name = check_topic_name(name)
        for key in (topic_key(name, scope), name):
            record = await self.store.get_topic(key)
            if record is not None:
                return record
        raise UserError(f"no topic named {name!r}; the topic list shows the topics you can use")

    # -- channels -----------------------------------------------------------------------------

    async def _channel(self, ref: ChannelRef) -> Channel:
        return await self.store.ensure_channel(
            ref,
            timezone=self.default_timezone,
            schedule=self.default_schedule,
            now=self.clock(),
        )

    async def subscribe(
        self, ref: ChannelRef, names: Sequence[str], *, scope: str = ""
    ) -> list[str]:
        if not names:
            raise UserError("name at least one topic to subscribe to, e.g. japan-korea")
        records = [await self._resolve_topic(n, scope) for n in names]
        existed = await self.store.get_channel(ref) is not None
        await self._channel(ref)
        added = await self.store.subscribe(ref, [r.key for r in records], self.clock())
        channel = await self.store.get_channel(ref)
        if not existed and channel is not None and self.on_schedule_change is not None:
            self.on_schedule_change(channel)
        return [k.rpartition("/")[2] for k in added]

    async def unsubscribe(
        self, ref: ChannelRef, names: Sequence[str], *, scope: str = ""
    ) -> list[str]:
        records = [await self._resolve_topic(n, scope) for n in names]
        removed = await self.store.unsubscribe(ref, [r.key for r in records])
        if not removed:
            raise UserError(f"{ref} is not subscribed to {', '.join(names)}")
        return [k.rpartition("/")[2] for k in removed]

    async def channel_topics(self, ref: ChannelRef) -> list[str]:
        return [k.rpartition("/")[2] for k in await self.store.subscriptions(ref)]

    async def set_schedule(
        self, ref: ChannelRef, when: str, timezone: str | None = None
    ) -> ScheduleChange:
        schedule = parse_schedule(when)
        current = await self._channel(ref)
        zone_name = schedule.zone or (timezone.strip() if timezone else None) or current.timezone
        zone = parse_zone(zone_name)
        plain = Schedule(schedule.times, schedule.weekdays, None)
        await self.store.set_schedule(ref, str(plain), zone.key)
        channel = await self.store.get_channel(ref)
        assert channel is not None  # noqa: S101 - ensured above
        if self.on_schedule_change is not None:
            self.on_schedule_change(channel)
        return ScheduleChange(channel, plain, next_slot_after(plain, zone, self.clock()))

    async def resume_channel(self, ref: ChannelRef) -> Channel:
        channel = await self.store.get_channel(ref)
        if channel is None:
            raise UserError(f"{ref} has no subscriptions")
        await self.store.set_channel_status(ref, ChannelStatus.ACTIVE, None)
        resumed = await self.store.get_channel(ref)
        assert resumed is not None  # noqa: S101 - exists, checked above
        return resumed

    def channel_schedule(self, channel: Channel) -> tuple[Schedule, ZoneInfo]:
        return parse_schedule(channel.schedule), parse_zone(channel.timezone)

    # -- digests ------------------------------------------------------------------------------

    async def preview(self, ref: ChannelRef) -> Digest:
        channel = await self.store.get_channel(ref)
        if channel is None or not channel.topics:
            raise UserError(f"{ref} has no subscriptions yet; subscribe it to a topic first")
        return (await self.runner.build(channel, self.clock())).digest

    async def send_now(self, ref: ChannelRef) -> RunResult:
        return await self.runner.run(ref)

    async def run_scheduled(self, ref: ChannelRef) -> RunResult:
        """The scheduler's job: the slot that just fired is the latest one at or before now."""
        channel = await self.store.get_channel(ref)
        if channel is None:
            raise UserError(f"{ref} has no subscriptions")
        schedule, zone = self.channel_schedule(channel)
        slot = last_slot_at_or_before(schedule, zone, self.clock())
        return await self.runner.run(ref, slot_at=slot)

    async def catch_up(self) -> list[tuple[ChannelRef, RunResult]]:
        """After downtime: pending digests are resent, and each channel that missed its latest
        slot gets one digest for it (not one per missed slot)."""
        results: list[tuple[ChannelRef, RunResult]] = []
        now = self.clock()
        for channel in await self.store.list_channels():
            if channel.status is not ChannelStatus.ACTIVE or not channel.topics:
                continue
            if channel.ref.platform not in self.runner.deliverers:
                continue  # another process (or a later start with its token) delivers it
            schedule, zone = self.channel_schedule(channel)
            slot = last_slot_at_or_before(schedule, zone, now)
            pending = await self.store.pending_digest(channel.ref)
            missed = (
                slot is not None
                and slot > channel.created_at
                and not await self.store.slot_taken(channel.ref, slot_key(slot, zone))
            )
            if pending is None and not missed:
                continue
            results.append((channel.ref, await self.runner.run(channel.ref, slot_at=slot)))
        return results

    # -- retention ----------------------------------------------------------------------------

    async def prune(self, retention: timedelta) -> PruneResult:
        """Drop stories older than ``retention`` and outside every channel's window (issue 13)."""
        now = self.clock()
        keep = retention
        for channel in await self.store.list_channels():
            keep = max(keep, self.runner.limits_for(channel).max_age + PRUNE_MARGIN)
        result = await self.store.prune_before(now - keep)
        if result.stories or result.digests:
            log.info(
                "pruned stories=%d items=%d digests=%d older_than=%s",
                result.stories,
                result.items,
                result.digests,
                (now - keep).isoformat(timespec="seconds"),
            )
        return result

    # -- why ----------------------------------------------------------------------------------

    async def why(self, ref: ChannelRef, item_or_url: str) -> list[str]:
        """Which topic and terms matched an item, or which stage dropped it."""
        return await explain_item(self.store, self.runner, self.clock(), ref, item_or_url)

    async def split_story_item(self, item_or_url: str) -> StorySplit:
        """Undo a wrong merge: the item leaves its story and never rejoins it (admins only)."""
        text = item_or_url.strip()
        if text.isdigit():
            return await self.stories.split(int(text))
        traces = await self.store.trace_items(None, canonical_url(text) or text)
        if len(traces) != 1:
            found = ", ".join(str(t.item_id) for t in traces) or "none"
            raise UserError(f"give an item id: the URL {text!r} matches items: {found}")
        return await self.stories.split(traces[0].item_id)

    # -- health and notices ---------------------------------------------------------------------

    async def beat(self, *, polled: bool = False, started: bool = False) -> None:
        """The running bot records that it is alive (and when it last polled, or started)."""
        now = self.clock().isoformat()
        await self.store.set_meta(HEARTBEAT_KEY, now)
        if polled:
            await self.store.set_meta(LAST_POLL_KEY, now)
        if started:
            await self.store.set_meta(STARTED_KEY, now)

    async def health(self, poll_interval: timedelta) -> list[str]:
        """What is wrong with the running bot, from what it records (empty: healthy)."""
        return await read_health(self.store, self.clock(), poll_interval)

    async def notify_failing_feeds(self) -> list[tuple[ChannelRef, Feed]]:
        """Tell each channel that reads a feed failing for a day, once per failure episode."""
        return await notify_failing_feeds(self.store, self.runner.deliverers, self.clock())

    # -- metadata -----------------------------------------------------------------------------

    async def stored_meta(self, key: str) -> str | None:
        """App metadata, e.g. the hash of the slash-command definitions last synced."""
        return await self.store.get_meta(key)

    async def save_meta(self, key: str, value: str) -> None:
        await self.store.set_meta(key, value)

    # -- status -------------------------------------------------------------------------------

    async def status(self) -> Status:
        feeds = await self.store.list_feeds()
        counts = FeedCounts(
            total=len(feeds),
            ok=sum(f.status is FeedStatus.OK for f in feeds),
            failing=sum(f.status is FeedStatus.FAILING for f in feeds),
            paused=sum(f.status is FeedStatus.PAUSED for f in feeds),
        )
        now = self.clock()
        states: list[ChannelState] = []
        for channel in await self.store.list_channels():
            schedule, zone = self.channel_schedule(channel)
            last = await self.store.last_delivered(channel.ref)
            pending = await self.store.pending_digest(channel.ref)
            states.append(
                ChannelState(
                    channel,
                    None if last is None else last.delivered_at,
                    next_slot_after(schedule, zone, now)
                    if channel.status is ChannelStatus.ACTIVE
                    else None,
                    pending is not None,
                )
            )
        return Status(
            now=now,
            database=str(self.store.path),
            schema_version=await self.store.schema_version(),
            database_bytes=self.store.database_bytes(),
            oldest_item_at=await self.store.oldest_item_at(),
            feeds=counts,
            items=await self.store.count_items(),
            stories=await self.store.count_stories(),
            last_success_at=await self.store.last_fetch_at(),
            failing_feeds=tuple(f for f in feeds if f.status is not FeedStatus.OK),
            channels=tuple(states),
            pending_digests=await self.store.count_digests("pending"),
        )
