"""The running bot (python -m bot run): the poll job, one digest job per channel, the
heartbeat, the chat frontends, and a clean stop.

The poll and digest jobs are the only places (with the chat error handlers) that catch any
exception: a bug in one run is logged with its traceback and the next run still happens.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import (
    Iterator,
)
from contextlib import AsyncExitStack
from datetime import datetime, timedelta

from bot.app import App
from bot.config import Config
from bot.core.cadence import next_slot_after
from bot.core.model import Channel, ChannelRef, ChannelStatus, FeedStatus
from bot.core.segment import LIBRARIES, Segmenter
from bot.digests.schedule import DigestScheduler
from bot.frontends import start_frontends, until_stop_or_failure
from bot.metrics import Metrics, MetricsServer
from bot.service import DigestService

log = logging.getLogger(__name__)


HEARTBEAT_EVERY_S = 30.0
REFRESH_EVERY_S = 5.0
"""How soon the running bot sees topics and schedules changed by another process (the CLI, or a
chat command answered by another bot process on PostgreSQL): each look reads one counter that
every settings write moves (``settings_version``) and reloads only when it moved."""
FULL_REFRESH_EVERY = timedelta(seconds=60)
"""And a full look this often whatever the counter says (a write made by an older release)."""
PRUNE_EVERY = timedelta(hours=1)  # retention runs after a poll at most this often
SHUTDOWN_GRACE_S = 20.0  # running jobs finish within this (Docker's default stop grace is 10 s)


def chat_mode(config: Config) -> str:
    s = config.secrets
    modes = [
        name
        for name, on in (
            ("discord", s.discord_token),
            ("slack", s.slack_bot_token and (s.slack_app_token or s.slack_signing_secret)),
        )
        if on
    ]
    return "+".join(modes) or "console"


def warn_cjk_fallback(installed: frozenset[str]) -> None:
    """Say once, at start, which CJK languages match by characters (issue 15: no ``[cjk]``)."""
    missing = sorted(set(LIBRARIES) - installed)
    if missing:
        log.warning(
            "CJK segmenters missing languages=%s: their topic terms fall back to character "
            "matching (日朝 also matches inside 昨日朝野); install the [cjk] extra",
            ",".join(missing),
        )


async def run_bot(
    app: App, *, stop: asyncio.Event | None = None, refresh_every_s: float = REFRESH_EVERY_S
) -> None:
    """Run until SIGINT/SIGTERM (or ``stop``): scheduler, first poll, catch-up, chat frontends.

    The poll and digest jobs are the only places (with the chat error handlers) that catch any
    exception: a bug in one run is logged with its traceback and the next run still happens.
    On stop, the scheduler stops firing, jobs already running get ``SHUTDOWN_GRACE_S`` to
    finish (each feed and each digest step is its own transaction), then the store closes.
    """
    service, config = app.service, app.config
    stop = stop or asyncio.Event()
    metrics = Metrics()
    poll_interval = timedelta(seconds=config.fetch.poll_interval_s)
    jobs = _JobTracker()
    scheduled: dict[ChannelRef, tuple[str, str, ChannelStatus]] = {}

    pruned_at: list[datetime] = []

    async def poll_job() -> None:
        with jobs.running():
            try:
                summary = await service.poll()
                await service.beat(polled=True)
                if config.metrics.enabled:  # status() reads every feed and channel
                    metrics.record_poll(summary, await service.status())
                await service.notify_failing_feeds()
                if not pruned_at or app.clock() - pruned_at[-1] >= PRUNE_EVERY:
                    pruned_at[:] = [app.clock()]
                    await service.prune(timedelta(days=config.database.retention_days))
            except Exception:
                log.exception("poll job failed")

    async def digest_job(channel: ChannelRef) -> None:
        with jobs.running():
            started = app.clock()
            try:
                result = await service.run_scheduled(channel)
                log.info("digest job done channel=%s outcome=%s", channel, result.outcome.value)
                seconds = (app.clock() - started).total_seconds()
                metrics.record_digest(result.outcome.value, seconds)
            except Exception:
                metrics.record_digest("error", 0.0)
                log.exception("digest job failed channel=%s", channel)

    async def heartbeat() -> None:
        while True:
            await service.beat()
            await asyncio.sleep(HEARTBEAT_EVERY_S)

    scheduler = DigestScheduler(
        poll=poll_job,
        run_digest=digest_job,
        poll_interval=poll_interval,
        poll_jitter=timedelta(seconds=config.fetch.jitter_s),
        misfire_grace=timedelta(seconds=config.digest.misfire_grace_s),
    )

    def schedule_channel(channel: Channel) -> None:
        scheduled[channel.ref] = (channel.schedule, channel.timezone, channel.status)
        reachable = channel.ref.platform in service.runner.deliverers
        if channel.status is ChannelStatus.ACTIVE and reachable:
            schedule, zone = service.channel_schedule(channel)
            scheduler.set_channel(channel.ref, schedule, zone)
            next_at = next_slot_after(schedule, zone, app.clock()).astimezone(zone)
            log.info(
                "digest scheduled channel=%s schedule=%s next=%s",
                channel.ref,
                channel.schedule,
                next_at.strftime("%Y-%m-%d %H:%M:%S %Z"),
            )
        else:
            scheduler.remove_channel(channel.ref)
            if not reachable:
                # Nothing is built or recorded for it here (issue 12): say so once per change.
                log.warning(
                    "channel skipped channel=%s reason=no %s connection in this process (%s)",
                    channel.ref,
                    channel.ref.platform,
                    _missing_token_hint(channel.ref.platform),
                )

    topics_seen: list[tuple[str, str]] = []
    looked_version: int | None = None
    looked_at: datetime | None = None

    async def refresh() -> None:
        """Pick up changes made by another process to topics and schedules."""
        nonlocal looked_version, looked_at
        with jobs.running():  # shutdown waits for it: a cancelled query is a traceback
            try:
                version = await app.store.settings_version()
                now = app.clock()
                if (
                    version == looked_version
                    and looked_at is not None
                    and now - looked_at < FULL_REFRESH_EVERY
                ):
                    return
                looked_version, looked_at = version, now
                topics = sorted((t.key, t.query) for t in await service.all_topics())
                if topics != topics_seen:
                    if topics_seen:
                        await service.reload_topics()
                        log.info("topics reloaded count=%d", len(topics))
                    topics_seen[:] = topics
                for channel in await service.list_channels():
                    if scheduled.get(channel.ref) != (
                        channel.schedule,
                        channel.timezone,
                        channel.status,
                    ):
                        schedule_channel(channel)
            except Exception:
                log.exception("refresh failed")

    async def startup() -> None:
        await poll_job()
        with jobs.running():
            for ref, result in await service.catch_up():
                log.info("catch-up digest channel=%s outcome=%s", ref, result.outcome.value)

    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    mode = chat_mode(config)
    try:
        async with AsyncExitStack() as stack:
            if config.metrics.enabled:
                await stack.enter_async_context(
                    MetricsServer(
                        metrics,
                        lambda: service.health(poll_interval),
                        config.metrics.host,
                        config.metrics.port,
                    )
                )
            await service.beat(started=True)
            beating = app.spawn(heartbeat(), name="heartbeat")
            stack.callback(beating.cancel)
            frontends = await start_frontends(app, stack)
            if mode == "console":
                log.info(
                    "console mode: no DISCORD_TOKEN or SLACK_BOT_TOKEN set; digests print here"
                )
            await refresh()  # schedules the channels this process can reach, now it knows
            service.on_schedule_change = schedule_channel
            await _log_feed_health(service)
            log.info("bot started mode=%s channels=%d", mode, len(scheduled))
            warn_cjk_fallback(Segmenter.installed())
            scheduler.add_refresh(refresh, refresh_every_s)
            scheduler.start()
            starting = app.spawn(startup(), name="startup")
            try:
                await until_stop_or_failure(stop, frontends)
                log.info("shutting down")
            finally:
                scheduler.pause()  # a digest being sent finishes: shutdown would cancel it
                await asyncio.sleep(0)  # a job fired just now enters ``jobs.running()``
                if not await jobs.wait_idle(SHUTDOWN_GRACE_S):
                    log.warning(
                        "shutdown: jobs still running after %.0f s; cancelling", SHUTDOWN_GRACE_S
                    )
                scheduler.shutdown()
                starting.cancel()
    finally:
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(sig)


def _missing_token_hint(platform: str) -> str:
    return {
        "discord": "DISCORD_TOKEN is not set",
        "slack": "SLACK_BOT_TOKEN is not set",
    }.get(platform, "unknown platform")


async def _log_feed_health(service: DigestService) -> None:
    """At start: how many feeds there are, and which are backing off and why (issue 12)."""
    feeds = await service.list_feeds()
    failing = [f for f in feeds if f.status is not FeedStatus.OK]
    log.info("feeds loaded count=%d in_backoff=%d", len(feeds), len(failing))
    for feed in failing:
        log.info(
            "feed in backoff feed=%d status=%s next=%s reason=%s",
            feed.id,
            feed.status.value,
            feed.next_fetch_at.strftime("%Y-%m-%d %H:%M:%S UTC"),
            feed.last_error or feed.error_kind,
        )


class _JobTracker:
    """Counts running jobs so shutdown can wait for them before the store closes."""

    def __init__(self) -> None:
        self._count = 0
        self._idle = asyncio.Event()
        self._idle.set()

    @contextlib.contextmanager
    def running(self) -> Iterator[None]:
        self._count += 1
        self._idle.clear()
        try:
            yield
        finally:
            self._count -= 1
            if self._count == 0:
                self._idle.set()

    async def wait_idle(self, timeout_s: float) -> bool:
        try:
            async with asyncio.timeout(timeout_s):
                await self._idle.wait()
        except TimeoutError:
            return False
        return True
