"""Digests: recorded with their exact content before sending, marked delivered after.

A channel has at most one pending digest (a unique partial index); ``parts_sent`` and
``message_ids`` record per-message progress, so a resend after a crash starts at the first part the
platform has not accepted. ``slot_key`` (the local date and time of a scheduled slot) is unique per
channel, which is what stops a DST fall-back or a catch-up from sending the same slot twice.

Windows follow commit order (issue 13): each topic hit has a number (``story_topics.seq``) handed
out in the transaction that makes it visible, and a digest records the last number it could see
(``until_seq``). Recording checks that the channel's latest digest is still the one the new digest
was built on, and a pending digest is sent only by the holder of its claim (a lease), so two
processes never record or send the same stories twice.

Why one module of about 390 lines: recording, claiming, marking and choosing the candidates of
a digest share the window rules above, and each query is only right beside the others.

Across processes (issue 18): in PostgreSQL, recording holds ``Lock.DIGESTS`` from its check to
its COMMIT, so the check "the channel's latest digest is still the base" and the insert are one
step for every process, and digest numbers ``n`` follow commit order as hit numbers do; the unique
indexes (one pending digest per channel, one digest per slot) back it up, and a unique key taken
by another writer is a ``DigestConflictError`` too. A claim is one conditional UPDATE: whichever
process's UPDATE commits first holds it; the other's re-reads the row and changes nothing.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from types import MappingProxyType
from typing import Any

from bot.core.model import ChannelRef, Source
from bot.storage.base import Lock, StoreBase, Tx, from_ts, opt_ts
from bot.storage.errors import ConstraintError, DigestConflictError
from bot.storage.stories import StoryRow, StoryStore, story_row, story_select


@dataclass(frozen=True, slots=True)
class DigestRecord:
    id: str
    channel: ChannelRef
    slot_key: str | None
    created_at: datetime
    until_at: datetime
    content: str
    status: str
    parts_sent: int
    message_ids: tuple[str, ...]
    attempts: int
    last_error: str | None
    delivered_at: datetime | None
    n: int = 0
    """Recording order across every channel and process (the base of the next digest)."""
    until_seq: int = 0
    """The last topic hit this digest could see; the next one covers hits after it."""
    claimed_by: str | None = None
    claimed_until: datetime | None = None


def _record(row: Any) -> DigestRecord:
    return DigestRecord(
        id=row["id"],
        channel=ChannelRef.from_key(row["channel_id"]),
        slot_key=row["slot_key"],
        created_at=from_ts(row["created_at"]),
        until_at=from_ts(row["until_at"]),
        content=row["content"],
        status=row["status"],
        parts_sent=row["parts_sent"],
        message_ids=tuple(json.loads(row["message_ids"])),
        attempts=row["attempts"],
        last_error=row["last_error"],
        delivered_at=opt_ts(row["delivered_at"]),
        n=row["n"],
        until_seq=row["until_seq"],
        claimed_by=row["claimed_by"],
        claimed_until=opt_ts(row["claimed_until"]),
    )


@dataclass(frozen=True, slots=True)
class DigestClaim:
    """Who may send a pending digest, and until when (a lease: a dead holder's claim expires)."""

    owner: str
    until_at: datetime


class DigestStore(StoryStore, StoreBase):
    async def record_digest(
        self,
        digest_id: str,
        channel: ChannelRef,
        *,
        slot_key: str | None,
        created_at: datetime,
        until_seq: int,
        content: str,
        story_ids: Sequence[int],
        dropped: Mapping[int, str] = MappingProxyType({}),
        after_n: int,
        claim: DigestClaim | None = None,
        empty: bool = False,
    ) -> DigestRecord:
        """Record a digest (pending, or ``empty`` for a slot with nothing to send).

        The claim on the channel lives here: the digest is recorded only if the channel's latest
        digest is still number ``after_n`` (the base it was built on, 0 for none) and nothing is
        pending, else ``DigestConflictError``. Two processes building the same channel's digest at
        once therefore record one digest, and each story goes to exactly one digest.
        """
        try:
            async with self._write(Lock.DIGESTS) as tx:
                await self._insert_digest(
                    tx,
                    digest_id,
                    channel,
                    slot_key=slot_key,
                    created_at=created_at,
                    until_seq=until_seq,
                    content=content,
                    story_ids=story_ids,
                    dropped=dropped,
                    after_n=after_n,
                    claim=claim,
                    empty=empty,
                )
        except ConstraintError as e:  # a unique index: another writer recorded it first
            raise DigestConflictError(f"{channel}: another digest was recorded first") from e
        record = await self.get_digest(digest_id)
        assert record is not None  # noqa: S101 - inserted just above
        return record

    async def _insert_digest(
        self,
        tx: Tx,
        digest_id: str,
        channel: ChannelRef,
        *,
        slot_key: str | None,
        created_at: datetime,
        until_seq: int,
        content: str,
        story_ids: Sequence[int],
        dropped: Mapping[int, str],
        after_n: int,
        claim: DigestClaim | None,
        empty: bool,
    ) -> None:
        """``record_digest``'s check and insert, inside its transaction."""
        row = await tx.fetchone(
            "SELECT coalesce(max(n), 0), count(*) FILTER (WHERE status = 'pending') "
            "FROM digests WHERE channel_id = ?",
            (str(channel),),
        )
        if int(row[0]) != after_n or row[1]:
            raise DigestConflictError(f"{channel}: another digest was recorded first")
        if slot_key is not None and await tx.fetchone(
            "SELECT 1 FROM digests WHERE channel_id = ? AND slot_key = ?",
            (str(channel), slot_key),
        ):
            raise DigestConflictError(f"{channel}: slot {slot_key} is taken")
        row = await tx.fetchone("SELECT coalesce(max(n), 0) + 1 FROM digests")
        await tx.execute(
            "INSERT INTO digests (id, channel_id, slot_key, created_at, until_at, content, "
            "status, n, until_seq, claimed_by, claimed_until) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                digest_id,
                str(channel),
                slot_key,
                created_at,
                created_at,
                content,
                "empty" if empty else "pending",
                int(row[0]),
                until_seq,
                None if claim is None else claim.owner,
                None if claim is None else claim.until_at,
            ),
        )
        rows: list[tuple[str, int, str | None]] = [
            (digest_id, sid, None) for sid in dict.fromkeys(story_ids)
        ]
        rows += [(digest_id, sid, why) for sid, why in dropped.items()]
        await tx.executemany(
            "INSERT INTO digest_stories (digest_id, story_id, dropped) VALUES (?, ?, ?) "
            "ON CONFLICT DO NOTHING",
            rows,
        )

    async def claim_digest(
        self, digest_id: str, claim: DigestClaim, now: datetime, *, take_from: str | None = None
    ) -> bool:
        """Take (or renew) the claim on a pending digest; False while another holds it.

        A claim is free when nobody holds it, it has expired, it is ``claim.owner``'s own, or
        it is held by ``take_from`` (a holder the caller knows to be dead).
        """
        async with self._write() as tx:
            return await _claim(tx, digest_id, claim, now, take_from)

    async def pending_digest(self, channel: ChannelRef) -> DigestRecord | None:
        row = await self._fetchone(
            "SELECT * FROM digests WHERE channel_id = ? AND status = 'pending'", (str(channel),)
        )
        return None if row is None else _record(row)

    async def pending_digests(self) -> list[DigestRecord]:
        rows = await self._fetchall(
            "SELECT * FROM digests WHERE status = 'pending' ORDER BY created_at"
        )
        return [_record(r) for r in rows]

    async def get_digest(self, digest_id: str) -> DigestRecord | None:
        row = await self._fetchone("SELECT * FROM digests WHERE id = ?", (digest_id,))
        return None if row is None else _record(row)

    async def mark_part_sent(
        self, digest_id: str, index: int, message_id: str, claim: DigestClaim | None = None
    ) -> None:
        """Record a part the platform accepted (and renew the sender's claim)."""
        async with self._write() as tx:
            row = await tx.fetchone("SELECT message_ids FROM digests WHERE id = ?", (digest_id,))
            ids = json.loads(row[0]) if row else []
            ids = [*ids[:index], message_id]
            await tx.execute(
                "UPDATE digests SET parts_sent = ?, message_ids = ?, "
                "claimed_until = coalesce(?, claimed_until) WHERE id = ?",
                (index + 1, json.dumps(ids), None if claim is None else claim.until_at, digest_id),
            )

    async def mark_delivered(self, digest_id: str, now: datetime) -> None:
        async with self._write() as tx:
            await tx.execute(
                "UPDATE digests SET status = 'delivered', delivered_at = ?, last_error = NULL, "
                "attempts = attempts + 1, claimed_by = NULL, claimed_until = NULL WHERE id = ?",
                (now, digest_id),
            )

    async def record_attempt_failure(self, digest_id: str, error: str) -> None:
        """A failed attempt leaves the digest pending and releases the claim for a retry."""
        async with self._write() as tx:
            await tx.execute(
                "UPDATE digests SET attempts = attempts + 1, last_error = ?, claimed_by = NULL, "
                "claimed_until = NULL WHERE id = ?",
                (error, digest_id),
            )

    async def slot_taken(self, channel: ChannelRef, slot_key: str) -> bool:
        row = await self._fetchone(
            "SELECT 1 FROM digests WHERE channel_id = ? AND slot_key = ?", (str(channel), slot_key)
        )
        return row is not None

    async def last_delivered(self, channel: ChannelRef) -> DigestRecord | None:
        row = await self._fetchone(
            "SELECT * FROM digests WHERE channel_id = ? AND status = 'delivered' "
            "ORDER BY n DESC LIMIT 1",
            (str(channel),),
        )
        return None if row is None else _record(row)

    async def last_recorded(self, channel: ChannelRef) -> DigestRecord | None:
        """The channel's latest digest, whatever its status: the base of its next one."""
        row = await self._fetchone(
            "SELECT * FROM digests WHERE channel_id = ? ORDER BY n DESC LIMIT 1", (str(channel),)
        )
        return None if row is None else _record(row)

    async def last_scheduled(self, channel: ChannelRef) -> DigestRecord | None:
        """The latest digest that ran for a schedule slot, whatever its status."""
        row = await self._fetchone(
            "SELECT * FROM digests WHERE channel_id = ? AND slot_key IS NOT NULL "
            "ORDER BY n DESC LIMIT 1",
            (str(channel),),
        )
        return None if row is None else _record(row)

    async def digest_candidates(
        self,
        channel: ChannelRef,
        *,
        base: DigestRecord | None,
        upto_seq: int,
        published_after: datetime,
    ) -> list[tuple[StoryRow, bool]]:
        """The stories a channel's next digest considers, each once, with a flag: True when the
        story comes in through a topic that is new to the channel (its "first digest").

        For a topic the channel had when its last digest (``base``) was recorded: the stories
        whose hit on it is numbered after ``base.until_seq`` (up to ``upto_seq``), whatever
        their age, so the builder can name the reason for each one it leaves out. For a topic
        subscribed since (or every topic, before the first digest): its stories published
        after ``published_after``. Stories already sent to the channel, or waiting in its
        pending digest, are left out.
        """
        base_n = 0 if base is None else base.n
        base_seq = 0 if base is None else base.until_seq
        rows = await self._fetchall(
            "WITH subs AS (SELECT topic_key, after_n FROM subscriptions WHERE channel_id = ?), "
            "cand AS (SELECT story_id, max(fresh) AS fresh FROM ("
            " SELECT st.story_id, 0 AS fresh FROM story_topics st"
            " JOIN subs ON subs.topic_key = st.topic_key"
            " WHERE st.seq > ? AND st.seq <= ? AND subs.after_n < ?"
            " UNION ALL"
            " SELECT st.story_id, 1 AS fresh FROM stories s2"
            " JOIN story_topics st ON st.story_id = s2.id"
            " JOIN subs ON subs.topic_key = st.topic_key"
            " WHERE s2.published_at >= ? AND st.seq <= ? AND subs.after_n >= ?) AS hits"
            " GROUP BY story_id) "
            f"SELECT cand.fresh, {story_select(self.HITS_AGGREGATE).removeprefix('SELECT ')} "
            "JOIN cand ON cand.story_id = s.id "
            "WHERE NOT EXISTS (SELECT 1 FROM digest_stories ds JOIN digests d "
            "ON d.id = ds.digest_id WHERE ds.story_id = s.id AND d.channel_id = ? "
            "AND ds.dropped IS NULL AND d.status IN ('delivered', 'pending')) ORDER BY s.id",
            (
                str(channel),
                base_seq,
                upto_seq,
                base_n,
                published_after,
                upto_seq,
                base_n,
                str(channel),
            ),
        )
        return [(story_row(r[1:]), bool(r[0])) for r in rows]

    async def story_sources(self, story_ids: Sequence[int]) -> dict[int, list[Source]]:
        """Each story's outlets with their own article links: the lead item's first, then in
        the order the bot first saw them; one link per outlet (its earliest), http(s) only."""
        if not story_ids:
            return {}
        rows = await self._fetchall(
            "SELECT i.story_id, f.name, i.url FROM items i JOIN stories s ON s.id = i.story_id "
            "JOIN feeds f ON f.id = (SELECT src.feed_id FROM item_sources src "
            " WHERE src.item_id = i.id ORDER BY src.first_seen_at, src.feed_id LIMIT 1) "
            f"WHERE i.story_id IN {self.ID_LIST} "
            "ORDER BY i.story_id, i.id != s.lead_item_id, i.first_seen_at, i.id",
            (self._id_list(story_ids),),
        )
        out: dict[int, list[Source]] = {}
        for story_id, outlet, url in rows:
            sources = out.setdefault(story_id, [])
            if outlet and all(source.outlet != outlet for source in sources):
                linked = url if url.startswith(("http://", "https://")) else ""
                sources.append(Source(outlet, linked))
        return out

    async def story_in_digests(
        self, channel: ChannelRef, story_id: int
    ) -> list[tuple[DigestRecord, str | None]]:
        """The channel's digests that considered this story, oldest first, each with the reason
        it was left out (None: it was in that digest)."""
        rows = await self._fetchall(
            "SELECT d.*, ds.dropped AS story_dropped FROM digests d "
            "JOIN digest_stories ds ON ds.digest_id = d.id "
            "WHERE d.channel_id = ? AND ds.story_id = ? ORDER BY d.n",
            (str(channel), story_id),
        )
        return [(_record(r), r["story_dropped"]) for r in rows]

    async def channels_fed_by(self, feed_id: int, scope: str | None) -> list[ChannelRef]:
        """Channels whose delivered digests carried this feed's stories, or in its scope."""
        rows = await self._fetchall(
            "SELECT DISTINCT d.channel_id FROM digests d "
            "JOIN digest_stories ds ON ds.digest_id = d.id "
            "JOIN items i ON i.story_id = ds.story_id "
            "JOIN item_sources src ON src.item_id = i.id "
            "WHERE src.feed_id = ? AND d.status = 'delivered' AND ds.dropped IS NULL "
            "UNION SELECT id FROM channels WHERE CAST(? AS TEXT) IS NOT NULL "
            "AND id LIKE CAST(? AS TEXT) || ':%' "
            "ORDER BY 1",
            (feed_id, scope, scope),
        )
        return [ChannelRef.from_key(r[0]) for r in rows]

    async def count_digests(self, status: str) -> int:
        row = await self._fetchone("SELECT count(*) FROM digests WHERE status = ?", (status,))
        return int(row[0])


async def _claim(
    tx: Tx, digest_id: str, claim: DigestClaim, now: datetime, take_from: str | None
) -> bool:
    """``claim_digest``'s compare-and-set: one UPDATE, so of two processes claiming at once the
    second waits for the first's row lock, re-reads the row and changes nothing."""
    changed = await tx.execute(
        "UPDATE digests SET claimed_by = ?, claimed_until = ? WHERE id = ? "
        "AND status = 'pending' AND (claimed_by IS NULL OR claimed_until <= ? "
        "OR claimed_by = ? OR claimed_by = ?)",
        (claim.owner, claim.until_at, digest_id, now, claim.owner, take_from),
    )
    return changed > 0
