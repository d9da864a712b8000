"""The service's shared state and the helpers several command groups use."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from zoneinfo import ZoneInfo

from bot.core.cadence import (
    Schedule,
    parse_schedule,
    parse_zone,
)
from bot.core.model import (
    Channel,
    ChannelRef,
    Clock,
    TopicRecord,
    check_topic_name,
    topic_key,
)
from bot.digests.runner import DigestRunner
from bot.errors import UserError
from bot.ingest.poller import Poller
from bot.storage import Store
from bot.stories.book import StoryBook

log = logging.getLogger(__name__)


UrlCheck = Callable[[str], Awaitable[None]]
"""Raises ``UserError`` when a URL may not be polled (the fetcher's address guard)."""
ScheduleHook = Callable[[Channel], None]


class ServiceBase:
    """What every part of ``DigestService`` shares: the resources and their helpers."""

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

    async def _resolve_topic(self, name: str, scope: str) -> TopicRecord:
        name = check_topic_name(name)
        for key in (topic_key(name, scope), name):
            record = await self.store.get_topic(key)
            if record is not None:
                return record
        raise UserError(f"no topic named {name!r}; the topic list shows the topics you can use")

    async def _channel(self, ref: ChannelRef) -> Channel:
        return await self.store.ensure_channel(
            ref,
            timezone=self.default_timezone,
            schedule=self.default_schedule,
            now=self.clock(),
        )

    def channel_schedule(self, channel: Channel) -> tuple[Schedule, ZoneInfo]:
        return parse_schedule(channel.schedule), parse_zone(channel.timezone)
