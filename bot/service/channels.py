"""The channel commands: subscribe, unsubscribe, schedule, resume, list."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.core.cadence import (
    Schedule,
    next_slot_after,
    parse_schedule,
    parse_zone,
    split_zone,
)
from bot.core.model import (
    Channel,
    ChannelRef,
    ChannelStatus,
)
from bot.errors import UserError
from bot.service.base import ServiceBase

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class ScheduleChange:
    channel: Channel
    schedule: Schedule
    next_at: datetime


class ChannelCommands(ServiceBase):
    """Channels: their topics, schedules and delivery status."""

    async def list_channels(self) -> list[Channel]:
        return await self.store.list_channels()

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
        plain, named = split_zone(parse_schedule(when))
        current = await self._channel(ref)
        zone_name = named or (timezone.strip() if timezone else None) or current.timezone
        zone = parse_zone(zone_name)
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
        if channel.status is ChannelStatus.ACTIVE:
            raise UserError(f"digests in {ref} are not paused: nothing to resume")
        await self.store.set_channel_status(ref, ChannelStatus.ACTIVE, None)
        resumed = await self.store.get_channel(ref)
        assert resumed is not None  # noqa: S101 - exists, checked above
        return resumed
