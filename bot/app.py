"""The composition root: builds every resource once, owns it, and closes it in reverse order.

Resources live in one ``AsyncExitStack`` (store, HTTP session, later chat clients and the
scheduler); nothing is a module-level singleton. ``system_clock`` is the only place that reads the
real time; everything else gets a ``Clock``. Background tasks start only through ``App.spawn``,
which keeps a reference (so the task is not garbage-collected) and logs a failure instead of
losing it. The running bot's jobs and frontends are in ``bot.runtime``, logging in ``bot.logs``.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import (
    AsyncIterator,
    Coroutine,
)
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bot.chat.console import ConsoleDeliverer
from bot.config import ChannelEntry, Config
from bot.config_check import check_config
from bot.core.cadence import parse_schedule, split_zone
from bot.core.dedupe import DedupeSettings
from bot.core.digest import DigestLimits
from bot.core.model import ChannelRef, Clock, TopicRecord
from bot.core.query import parse_query
from bot.digests.runner import DigestRunner
from bot.errors import ConfigError, UserError
from bot.ingest.fetch import Fetcher, FetchSettings
from bot.ingest.parser_pool import ParserPool
from bot.ingest.poller import Poller, PollSettings
from bot.service import DigestService, removed_builtin_key
from bot.storage import Store, open_store, redact_url
from bot.storage.owners import process_owner
from bot.stories.book import StoryBook
from bot.topics.builtin import load_builtin_topic_details

log = logging.getLogger(__name__)


def system_clock() -> datetime:
    return datetime.now(UTC)


def fetch_settings(config: Config) -> FetchSettings:
    f = config.fetch
    return FetchSettings(
        connect_timeout_s=f.connect_timeout_s,
        total_timeout_s=f.total_timeout_s,
        max_body_bytes=f.max_body_bytes,
        max_redirects=f.max_redirects,
        per_host_limit=f.per_host_limit,
        global_limit=f.global_limit,
        user_agent=f.user_agent,
        allow_private_addresses=f.allow_private_addresses,
    )


RAISE_BUGS_ENV = "NEWS_DIGEST_RAISE_BUGS"
"""Set to 1 (the test suite does) to re-raise a bug caught at a per-feed boundary after the poll."""


def poll_settings(config: Config, *, backlog_on_first_fetch: bool = True) -> PollSettings:
    f = config.fetch
    return PollSettings(
        raise_bugs=os.environ.get(RAISE_BUGS_ENV) == "1",
        backlog_on_first_fetch=backlog_on_first_fetch,
        interval=timedelta(seconds=f.poll_interval_s),
        jitter=timedelta(seconds=f.jitter_s),
        max_backoff=timedelta(seconds=f.max_backoff_s),
        gone_pause_after=timedelta(seconds=f.gone_pause_after_s),
        max_entries=f.max_entries_per_feed,
        lease=max(timedelta(minutes=5), 3 * timedelta(seconds=f.total_timeout_s)),
    )


@dataclass
class App:
    config: Config
    clock: Clock
    store: Store
    fetcher: Fetcher
    poller: Poller
    service: DigestService
    tasks: set[asyncio.Task[Any]] = field(default_factory=set)

    def spawn(self, coro: Coroutine[Any, Any, Any], *, name: str) -> asyncio.Task[Any]:
        """Start a background task that is referenced until done and whose failure is logged."""
        task = asyncio.create_task(coro, name=name)
        self.tasks.add(task)
        task.add_done_callback(self._task_done)
        return task

    def _task_done(self, task: asyncio.Task[Any]) -> None:
        self.tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("task failed name=%s", task.get_name(), exc_info=task.exception())


def dedupe_settings(config: Config) -> DedupeSettings:
    st = config.stories
    return DedupeSettings(
        window=timedelta(hours=st.window_h),
        merge_log_odds=st.merge_log_odds,
        min_headline_tokens=st.min_headline_tokens,
        max_candidates=st.max_candidates,
    )


def digest_limits(config: Config) -> DigestLimits:
    d = config.digest
    return DigestLimits(
        max_age=timedelta(hours=d.max_age_h),
        per_topic=d.per_topic,
        total=d.total,
        per_outlet_per_topic=d.per_outlet_per_topic,
        send_empty=d.send_empty,
    )


async def seed_from_config(config: Config, service: DigestService) -> None:
    """Config is the seed: built-in and configured topics, feeds and channels are loaded at
    start. Topics from config replace built-ins of the same name; feeds and channels are added
    when missing, so changes made from chat survive a restart."""
    store, now = service.store, service.clock()
    configured = {t.name for t in config.topics}
    existing = {t.key: t for t in await store.list_topics()}
    for name, (query, description) in load_builtin_topic_details().items():
        builtin = TopicRecord(name, name, "", query, description, "builtin")
        current = existing.get(name)
        overridden = current is not None and current.origin != "builtin"
        if name in configured or overridden or current == builtin:
            continue  # overridden, or unchanged (no write at every start)
        if current is None and await store.get_meta(removed_builtin_key(name)) is not None:
            continue  # an operator removed it: it stays removed
        await store.upsert_topic(builtin, now)
    for i, topic in enumerate(config.topics):
        try:
            stored = existing.get(topic.name)
            if (
                stored is not None
                and stored.origin == "config"
                and stored.query == str(parse_query(topic.query))
                and stored.description == topic.description
            ):
                continue  # unchanged: creating it again would re-tag a week of stories
            await service.create_topic(
                topic.name, topic.query, description=topic.description, origin="config"
            )
        except UserError as e:
            raise ConfigError(f"topics[{i}]: {e}") from e
    await service.reload_topics()
    for entry in config.feeds:
        if await store.feed_by_url(entry.url) is None:
            try:
                await service.add_feed(entry.url, entry.name)
            except UserError as e:
                log.error("config feed refused url=%s reason=%s", entry.url, e)
    for i, ch in enumerate(config.channels):
        ref = ChannelRef.parse(ch.id)  # checked by check_config
        channel = await store.get_channel(ref)
        if channel is not None:  # seeded before: chat and CLI changes since then stand
            _say_if_config_differs(ch, channel.schedule, channel.timezone)
            continue
        try:
            if ch.topics:
                await service.subscribe(ref, ch.topics)
            if ch.schedule or ch.timezone:
                await service.set_schedule(
                    ref, ch.schedule or config.digest.default_schedule, ch.timezone or None
                )
        except UserError as e:
            raise ConfigError(f"channels[{i}] ({ch.id}): {e}") from e


def _say_if_config_differs(entry: ChannelEntry, schedule: str, timezone: str) -> None:
    """A channel's schedule is the config's only until it exists: then chat and CLI changes
    stand. An operator who edits the config later is told why the edit has no effect.

    The two are compared as schedules, not as text: the store keeps the canonical form
    ("07:30,18:00"), and a config that writes the same schedule its own way ("7:30, 18:00",
    "08:00 Asia/Seoul") has not been edited.
    """
    wanted = (entry.schedule or schedule, entry.timezone or timezone)
    if _canonical(*wanted) != _canonical(schedule, timezone):
        log.warning(
            "channel config ignored channel=%s config=%r stored=%r reason=the channel exists; "
            "its stored schedule stands (set from chat or the CLI). To change it: "
            "python -m bot schedule %s %r %s",
            entry.id,
            " ".join(w for w in wanted if w),
            f"{schedule} {timezone}",
            entry.id,
            wanted[0],
            wanted[1],
        )


def _canonical(schedule: str, timezone: str) -> tuple[str, str]:
    """(schedule as the store writes it, zone); text that does not parse stays as it is."""
    try:
        plain, named = split_zone(parse_schedule(schedule))
    except UserError:  # check_config names it; here it can only differ
        return schedule, timezone
    return str(plain), named or timezone


@asynccontextmanager
async def open_app(
    config: Config,
    *,
    clock: Clock = system_clock,
    console: ConsoleDeliverer | None = None,
    backlog_on_first_fetch: bool = True,
) -> AsyncIterator[App]:
    """Open every resource the bot needs; close them all, in reverse order, on exit.

    The config is checked whole first (``check_config``), so a bad value changes nothing.
    """
    check_config(config)
    async with AsyncExitStack() as stack:
        if config.database.url:
            log.info(
                "database: PostgreSQL at %s%s",
                redact_url(config.database.url),
                " (database.url wins; database.path is not used)" if config.database.path else "",
            )
        store = await open_store(
            config.database_target, busy_timeout_ms=config.database.busy_timeout_ms
        )
        stack.push_async_callback(store.close)
        fetcher = await stack.enter_async_context(Fetcher(fetch_settings(config)))
        parser = await stack.enter_async_context(ParserPool(config.fetch.parse_workers))
        stories = StoryBook(store, dedupe_settings(config), clock, shared=bool(config.database.url))
        poller = Poller(
            store,
            fetcher,
            clock,
            poll_settings(config, backlog_on_first_fetch=backlog_on_first_fetch),
            on_new_items=stories.place_hook,
            parser=parser,
            owner=process_owner(),
        )
        if console is None:
            copy_to = Path(config.bot.console_output) if config.bot.console_output else None
            console = ConsoleDeliverer(copy_to=copy_to)
        runner = DigestRunner(store, clock, digest_limits(config), {"console": console})
        service = DigestService(
            store,
            poller,
            stories,
            runner,
            clock,
            default_timezone=config.bot.default_timezone,
            default_schedule=config.digest.default_schedule,
            url_check=fetcher.check_url,
        )
        app = App(config, clock, store, fetcher, poller, service)
        try:
            await seed_from_config(config, service)
            yield app
        finally:
            for task in list(app.tasks):
                task.cancel()
            if app.tasks:
                await asyncio.gather(*app.tasks, return_exceptions=True)
