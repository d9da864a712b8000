"""The digest commands: preview, now, the scheduler's slot, catch-up after downtime, why, split,
and retention.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from bot.core.cadence import (
    last_slot_at_or_before,
    slot_key,
)
from bot.core.model import (
    ChannelRef,
    ChannelStatus,
    Digest,
)
from bot.core.normalize import canonical_url
from bot.digests.explain import explain_item
from bot.digests.runner import RunResult
from bot.errors import UserError
from bot.service.base import ServiceBase
from bot.storage import PruneResult, StorySplit

log = logging.getLogger(__name__)


PRUNE_MARGIN = timedelta(days=1)  # kept beyond the widest channel window, whatever the retention


class DigestCommands(ServiceBase):
    """Digests: building, sending, explaining; the stories they are made of."""

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
