"""Building and delivering one channel's digest: record → send → mark.

Nothing lost, nothing repeated (issue 6). A digest is recorded with its exact content before the
first message is sent; each part the platform accepts is recorded with its message id; the digest
is marked delivered only after the last part. After a crash, a recorded-but-undelivered digest is
sent *as recorded* (never rebuilt) from its first unaccepted part. A scheduled run carries a slot
key (the slot's local date and time) that is unique per channel, so neither a DST fall-back nor a
catch-up can send the same slot twice; an empty slot is recorded as such for the same reason.

The window between "the platform accepted a part" and "we recorded it" cannot be closed by us
alone: there the delivery is at-least-once, de-duplicated by the platform's idempotency key where
it has one (Discord's message nonce with ``enforce_nonce``; the console's digest id marker in its
output file). Slack has no idempotency key for ``chat.postMessage``, so a crash exactly there can
repeat one Slack message.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from zoneinfo import ZoneInfo

from bot import failpoints
from bot.chat.base import Deliverer
from bot.core.cadence import slot_key
from bot.core.digest import (
    Candidate,
    DigestBuild,
    DigestLimits,
    build_digest,
    digest_from_json,
    digest_to_json,
)
from bot.core.model import Channel, ChannelRef, ChannelStatus, Clock, Digest
from bot.errors import DeliveryError, UserError
from bot.storage import Store, StoryRow

log = logging.getLogger(__name__)


class DigestOutcome(StrEnum):
    DELIVERED = "delivered"
    EMPTY = "empty"
    ALREADY_SENT = "already sent"
    PAUSED = "paused"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class RunResult:
    outcome: DigestOutcome
    digest: Digest | None = None
    resent_pending: bool = False
    error: str | None = None


def digest_id(channel: ChannelRef, created_at: datetime, slot: str | None) -> str:
    seed = f"{channel}|{slot or ''}|{created_at.isoformat()}"
    return hashlib.sha256(seed.encode()).hexdigest()[:20]


def candidates_from(rows: list[StoryRow], topic_names: Mapping[str, str]) -> list[Candidate]:
    """Store rows → core candidates, with topic keys shown by their names."""
    return [
        Candidate(
            story_id=r.id,
            title=r.title,
            url=r.url,
            summary=r.summary,
            outlets=r.outlets or ("unknown outlet",),
            first_seen_at=r.first_seen_at,
            published_at=r.published_at,
            backlog=r.backlog,
            matches=tuple(
                (topic_names.get(key, key), terms)
                for key, terms in sorted(r.topics.items())
                if key in topic_names
            ),
        )
        for r in rows
    ]


class DigestRunner:
    def __init__(
        self,
        store: Store,
        clock: Clock,
        limits: DigestLimits,
        deliverers: Mapping[str, Deliverer],
    ) -> None:
        self.store = store
        self.clock = clock
        self.limits = limits
        self.deliverers = dict(deliverers)
        self._locks: dict[str, asyncio.Lock] = {}

    def _lock(self, channel: ChannelRef) -> asyncio.Lock:
        return self._locks.setdefault(str(channel), asyncio.Lock())

    async def build(self, channel: Channel, now: datetime) -> DigestBuild:
        """The digest the channel would get now (nothing recorded)."""
        last = await self.store.last_delivered(channel.ref)
        since_at = None if last is None else last.until_at
        names = {key: key.rpartition("/")[2] for key in channel.topics}
        rows = await self.store.digest_candidates(
            channel.ref,
            channel.topics,
            since_at=since_at,
            until_at=now,
            published_after=now - self.limits.max_age,
        )
        return build_digest(
            candidates_from(rows, names),
            channel=channel.ref,
            topics=[names[k] for k in channel.topics],
            since_at=since_at,
            now=now,
            timezone=channel.timezone,
            limits=self.limits,
            digest_id=digest_id(channel.ref, now, None),
        )

    async def run(self, ref: ChannelRef, *, slot_at: datetime | None = None) -> RunResult:
        """Deliver a pending digest if any, then this slot's (or an on-demand) digest."""
        async with self._lock(ref):
            channel = await self.store.get_channel(ref)
            if channel is None:
                raise UserError(f"{ref} has no subscriptions yet; subscribe it to a topic first")
            if channel.status is not ChannelStatus.ACTIVE:
                return RunResult(DigestOutcome.PAUSED, error=channel.status_reason)
            pending = await self.store.pending_digest(ref)
            resent = False
            if pending is not None:
                log.info("digest resend channel=%s digest=%s", ref, pending.id)
                result = await self._send(
                    channel, digest_from_json(pending.content), pending.parts_sent
                )
                if result.outcome is not DigestOutcome.DELIVERED:
                    return result
                resent = True
            now = self.clock()
            zone = ZoneInfo(channel.timezone)
            slot = None if slot_at is None else slot_key(slot_at, zone)
            if slot is not None and await self.store.slot_taken(ref, slot):
                outcome = DigestOutcome.DELIVERED if resent else DigestOutcome.ALREADY_SENT
                return RunResult(outcome, resent_pending=resent)
            build = await self.build(channel, now)
            digest = build.digest
            if slot is not None:
                digest = replace(digest, id=digest_id(ref, now, slot))
            if digest.is_empty:
                if slot is not None:
                    await self.store.record_empty(digest.id, ref, slot, now)
                log.info("digest empty channel=%s", ref)
                outcome = DigestOutcome.DELIVERED if resent else DigestOutcome.EMPTY
                return RunResult(outcome, digest, resent_pending=resent)
            await self.store.record_digest(
                digest.id,
                ref,
                slot_key=slot,
                created_at=now,
                until_at=now,
                content=digest_to_json(digest),
                story_ids=digest.story_ids,
            )
            failpoints.hit("after_record")
            result = await self._send(channel, digest, 0)
            return RunResult(result.outcome, digest, resent_pending=resent, error=result.error)

    async def _send(self, channel: Channel, digest: Digest, skip_parts: int) -> RunResult:
        deliverer = self.deliverers.get(channel.ref.platform)
        if deliverer is None:
            reason = f"no {channel.ref.platform} connection is configured"
            await self.store.record_attempt_failure(digest.id, reason)
            return RunResult(DigestOutcome.FAILED, digest, error=reason)

        async def on_part(index: int, message_id: str) -> None:
            await self.store.mark_part_sent(digest.id, index, message_id)

        started = self.clock()
        try:
            await deliverer.deliver(channel.ref, digest, skip_parts=skip_parts, on_part=on_part)
        except DeliveryError as err:
            await self.store.record_attempt_failure(digest.id, err.reason)
            if err.permanent:
                status = ChannelStatus.DISABLED if err.disable else ChannelStatus.PAUSED
                await self.store.set_channel_status(channel.ref, status, err.reason)
                log.error(
                    "delivery stopped channel=%s status=%s reason=%s",
                    channel.ref,
                    status,
                    err.reason,
                )
            else:
                log.error("delivery failed channel=%s reason=%s", channel.ref, err.reason)
            return RunResult(DigestOutcome.FAILED, digest, error=err.reason)
        failpoints.hit("after_deliver")
        await self.store.mark_delivered(digest.id, self.clock())
        log.info(
            "digest delivered channel=%s digest=%s stories=%d seconds=%.2f",
            channel.ref,
            digest.id,
            len(digest.story_ids),
            (self.clock() - started).total_seconds(),
        )
        return RunResult(DigestOutcome.DELIVERED, digest)
