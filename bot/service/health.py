"""Health, notices, metadata and status: what the running bot records and reports."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.core import policy
from bot.core.cadence import (
    next_slot_after,
)
from bot.core.model import (
    Channel,
    ChannelRef,
    ChannelStatus,
    Feed,
    FeedStatus,
)
from bot.digests.alerts import notify_failing_feeds
from bot.service.base import ServiceBase
from bot.storage import Store

log = logging.getLogger(__name__)


HEARTBEAT_KEY = "heartbeat_at"
LAST_POLL_KEY = "last_poll_at"

STARTED_KEY = "started_at"


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


class HealthCommands(ServiceBase):
    """Health: heartbeats, failing-feed notices, metadata, status."""

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
