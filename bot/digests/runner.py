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
import os
import secrets
import socket
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from bot.core.cadence import parse_schedule, schedule_period, slot_key
from bot.core.digest import (
    Candidate,
    DigestBuild,
    DigestLimits,
    build_digest,
)
from bot.core.digest_record import digest_from_json, digest_to_json
from bot.core.model import Channel, ChannelRef, ChannelStatus, Clock, Digest
from bot.digests import failpoints
from bot.digests.deliverer import Deliverer
from bot.errors import DeliveryError, UserError
from bot.storage import DigestClaim, DigestConflictError, DigestRecord, Store, StoryRow

log = logging.getLogger(__name__)

CLAIM_LEASE = timedelta(minutes=10)
"""How long a claim on a pending digest holds without renewal (each sent part renews it)."""


class DigestOutcome(StrEnum):
    DELIVERED = "delivered"
    EMPTY = "empty"
    ALREADY_SENT = "already sent"
    BUSY = "busy"
    PAUSED = "paused"
    SKIPPED = "skipped"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class RunResult:
    outcome: DigestOutcome
    digest: Digest | None = None
    resent_pending: bool = False
    error: str | None = None


def digest_id(channel: ChannelRef, created_at: datetime, slot: str | None, after_n: int = 0) -> str:
    """Unique per recorded digest: a channel records one digest on each base (``after_n``)."""
    seed = f"{channel}|{slot or ''}|{created_at.isoformat()}|{after_n}"
    return hashlib.sha256(seed.encode()).hexdigest()[:20]


def process_owner() -> str:
    """This process, as a digest claim names it: ``host:pid:nonce``."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}"


def owner_is_dead(owner: str | None) -> bool:
    """True when ``owner`` is a process on this host that no longer exists.

    Its claim can then be taken at once instead of waiting for the lease to expire (a bot that
    crashed and restarts resends its pending digest immediately). A holder on another host is
    never presumed dead: its lease expires.
    """
    if owner is None:
        return False
    host, _, rest = owner.partition(":")
    pid_text = rest.partition(":")[0]
    if host != socket.gethostname() or not pid_text.isdigit():
        return False
    pid = int(pid_text)
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def candidates_from(
    rows: Sequence[tuple[StoryRow, bool]], topic_names: Mapping[str, str]
) -> list[Candidate]:
    """Store rows (each with its "new to the channel" flag) → core candidates, with topic keys
    shown by their names."""
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
            undated=r.undated,
            first_for_channel=fresh,
        )
        for r, fresh in rows
    ]


@dataclass(frozen=True, slots=True)
class PlannedDigest:
    """A channel's next digest as built, with what it was built on (for recording it)."""

    build: DigestBuild
    base: DigestRecord | None
    upto_seq: int


class DigestRunner:
    def __init__(
        self,
        store: Store,
        clock: Clock,
        limits: DigestLimits,
        deliverers: Mapping[str, Deliverer],
        *,
        claim_lease: timedelta = CLAIM_LEASE,
    ) -> None:
        self.store = store
        self.clock = clock
        self.limits = limits
        self.deliverers = dict(deliverers)
        self.owner = process_owner()
        self.claim_lease = claim_lease
        self._locks: dict[str, asyncio.Lock] = {}

    def _lock(self, channel: ChannelRef) -> asyncio.Lock:
        return self._locks.setdefault(str(channel), asyncio.Lock())

    def _claim(self, now: datetime) -> DigestClaim:
        return DigestClaim(self.owner, now + self.claim_lease)

    def limits_for(self, channel: Channel) -> DigestLimits:
        """The digest limits of one channel: its age limit covers at least its schedule period."""
        try:
            period = schedule_period(parse_schedule(channel.schedule))
        except UserError:
            return self.limits  # a schedule stored by hand that no longer parses: the default
        return replace(self.limits, max_age=max(self.limits.max_age, period))

    async def plan(self, channel: Channel, now: datetime) -> PlannedDigest:
        """The digest the channel would get now (nothing recorded).

        The hit number is read before the candidates, so every hit up to it is committed and
        visible to the candidate query: the window ends exactly where the next one starts.
        """
        limits = self.limits_for(channel)
        base = await self.store.last_recorded(channel.ref)
        upto = await self.store.last_hit_seq()
        names = {key: key.rpartition("/")[2] for key in channel.topics}
        rows = await self.store.digest_candidates(
            channel.ref, base=base, upto_seq=upto, published_after=now - limits.max_age
        )
        build = build_digest(
            candidates_from(rows, names),
            channel=channel.ref,
            topics=[names[k] for k in channel.topics],
            since_at=None if base is None else base.created_at,
            now=now,
            timezone=channel.timezone,
            limits=limits,
            digest_id=digest_id(channel.ref, now, None, 0 if base is None else base.n),
        )
        return PlannedDigest(await self._with_sources(build), base, upto)

    async def _with_sources(self, build: DigestBuild) -> DigestBuild:
        """Each listed story with every outlet that covered it and its link (issue 14): read
        for the few stories placed, not the thousands the builder ranked."""
        sources = await self.store.story_sources(build.digest.story_ids)
        sections = tuple(
            replace(
                section,
                entries=tuple(
                    replace(entry, sources=tuple(sources.get(entry.story_id, ())))
                    for entry in section.entries
                ),
            )
            for section in build.digest.sections
        )
        return replace(build, digest=replace(build.digest, sections=sections))

    async def build(self, channel: Channel, now: datetime) -> DigestBuild:
        """The digest the channel would get now (nothing recorded)."""
        return (await self.plan(channel, now)).build

    async def run(self, ref: ChannelRef, *, slot_at: datetime | None = None) -> RunResult:
        """Deliver a pending digest if any, then this slot's (or an on-demand) digest."""
        async with self._lock(ref):
            channel = await self.store.get_channel(ref)
            if channel is None:
                raise UserError(f"{ref} has no subscriptions yet; subscribe it to a topic first")
            if channel.status is not ChannelStatus.ACTIVE:
                return RunResult(DigestOutcome.PAUSED, error=channel.status_reason)
            if ref.platform not in self.deliverers:
                # Nothing is recorded for a channel this process cannot reach (issue 12).
                reason = f"no {ref.platform} connection is configured in this process"
                return RunResult(DigestOutcome.SKIPPED, error=reason)
            pending = await self.store.pending_digest(ref)
            resent = False
            if pending is not None:
                now = self.clock()
                take_from = pending.claimed_by if owner_is_dead(pending.claimed_by) else None
                if not await self.store.claim_digest(
                    pending.id, self._claim(now), now, take_from=take_from
                ):
                    return RunResult(DigestOutcome.BUSY, error="another process is sending it")
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
            planned = await self.plan(channel, now)
            digest = planned.build.digest
            if slot is not None:
                base_n = 0 if planned.base is None else planned.base.n
                digest = replace(digest, id=digest_id(ref, now, slot, base_n))
            if digest.is_empty and slot is None:
                log.info("digest empty channel=%s", ref)
                outcome = DigestOutcome.DELIVERED if resent else DigestOutcome.EMPTY
                return RunResult(outcome, digest, resent_pending=resent)
            try:
                await self.store.record_digest(
                    digest.id,
                    ref,
                    slot_key=slot,
                    created_at=now,
                    until_seq=planned.upto_seq,
                    content="" if digest.is_empty else digest_to_json(digest),
                    story_ids=digest.story_ids,
                    dropped={k: v.value for k, v in planned.build.dropped.items()},
                    after_n=0 if planned.base is None else planned.base.n,
                    claim=None if digest.is_empty else self._claim(now),
                    empty=digest.is_empty,
                )
            except DigestConflictError as e:
                log.info("digest not recorded channel=%s reason=%s", ref, e)
                outcome = DigestOutcome.ALREADY_SENT if slot is not None else DigestOutcome.BUSY
                return RunResult(outcome, resent_pending=resent, error=str(e))
            if digest.is_empty:
                log.info("digest empty channel=%s", ref)
                outcome = DigestOutcome.DELIVERED if resent else DigestOutcome.EMPTY
                return RunResult(outcome, digest, resent_pending=resent)
            failpoints.hit("after_record")
            result = await self._send(channel, digest, 0)
            return RunResult(result.outcome, digest, resent_pending=resent, error=result.error)

    async def _send(self, channel: Channel, digest: Digest, skip_parts: int) -> RunResult:
        deliverer = self.deliverers[channel.ref.platform]

        async def on_part(index: int, message_id: str) -> None:
            await self.store.mark_part_sent(digest.id, index, message_id, self._claim(self.clock()))

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
