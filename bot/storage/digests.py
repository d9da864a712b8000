"""Digests: recorded with their exact content before sending, marked delivered after.

A channel has at most one pending digest (a unique partial index); ``parts_sent`` and
``message_ids`` record per-message progress, so a resend after a crash starts at the first part the
platform has not accepted. ``slot_key`` (the local date and time of a scheduled slot) is unique per
channel, which is what stops a DST fall-back or a catch-up from sending the same slot twice.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from bot.core.model import ChannelRef
from bot.storage.base import StoreBase, from_ts, opt_ts, ts
from bot.storage.stories import STORY_SELECT, StoryRow, StoryStore, story_row


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


def _record(row: Any) -> DigestRecord:
    return DigestRecord(
        id=row["id"],
        channel=ChannelRef.parse(row["channel_id"]),
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
    )


class DigestStore(StoryStore, StoreBase):
    async def record_digest(
        self,
        digest_id: str,
        channel: ChannelRef,
        *,
        slot_key: str | None,
        created_at: datetime,
        until_at: datetime,
        content: str,
        story_ids: Sequence[int],
    ) -> None:
        async with self._write() as db:
            await db.execute(
                "INSERT INTO digests (id, channel_id, slot_key, created_at, until_at, content) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (digest_id, str(channel), slot_key, ts(created_at), ts(until_at), content),
            )
            await db.executemany(
                "INSERT INTO digest_stories (digest_id, story_id) VALUES (?, ?)",
                [(digest_id, sid) for sid in dict.fromkeys(story_ids)],
            )

    async def record_empty(
        self, digest_id: str, channel: ChannelRef, slot_key: str, now: datetime
    ) -> None:
        """An empty slot is recorded too, so the same slot never runs twice."""
        async with self._write() as db:
            await db.execute(
                "INSERT OR IGNORE INTO digests (id, channel_id, slot_key, created_at, until_at, "
                "content, status) VALUES (?, ?, ?, ?, ?, '', 'empty')",
                (digest_id, str(channel), slot_key, ts(now), ts(now)),
            )

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

    async def mark_part_sent(self, digest_id: str, index: int, message_id: str) -> None:
        async with self._write() as db:
            row = await self._fetchone("SELECT message_ids FROM digests WHERE id = ?", (digest_id,))
            ids = json.loads(row[0]) if row else []
            ids = [*ids[:index], message_id]
            await db.execute(
                "UPDATE digests SET parts_sent = ?, message_ids = ? WHERE id = ?",
                (index + 1, json.dumps(ids), digest_id),
            )

    async def mark_delivered(self, digest_id: str, now: datetime) -> None:
        async with self._write() as db:
            await db.execute(
                "UPDATE digests SET status = 'delivered', delivered_at = ?, last_error = NULL, "
                "attempts = attempts + 1 WHERE id = ?",
                (ts(now), digest_id),
            )

    async def record_attempt_failure(self, digest_id: str, error: str) -> None:
        async with self._write() as db:
            await db.execute(
                "UPDATE digests SET attempts = attempts + 1, last_error = ? WHERE id = ?",
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
            "ORDER BY until_at DESC LIMIT 1",
            (str(channel),),
        )
        return None if row is None else _record(row)

    async def last_scheduled(self, channel: ChannelRef) -> DigestRecord | None:
        """The latest digest that ran for a schedule slot, whatever its status."""
        row = await self._fetchone(
            "SELECT * FROM digests WHERE channel_id = ? AND slot_key IS NOT NULL "
            "ORDER BY created_at DESC LIMIT 1",
            (str(channel),),
        )
        return None if row is None else _record(row)

    async def digest_candidates(
        self,
        channel: ChannelRef,
        topic_keys: Sequence[str],
        *,
        since_at: datetime | None,
        until_at: datetime,
        published_after: datetime,
    ) -> list[StoryRow]:
        """Stories matching any topic, first seen in (since, until], not yet delivered here.

        Driven by the ``stories_first_seen`` index over the window; topic keys travel as one
        JSON parameter (``json_each``), so the query count does not grow with the candidates.
        """
        if not topic_keys:
            return []
        # A story published after ``published_after`` was first seen after it too (normalize
        # clamps dates more than an hour ahead), so this bound is safe and lets the
        # first_seen_at index bound the scan even before the first digest.
        lower = published_after - timedelta(hours=2)
        if since_at is not None and since_at > lower:
            lower = since_at
        rows = await self._fetchall(
            f"{STORY_SELECT} "
            "WHERE s.first_seen_at > ? AND s.first_seen_at <= ? AND s.published_at >= ? "
            "AND (? IS NULL OR s.first_seen_at > ?) "
            "AND EXISTS (SELECT 1 FROM story_topics st WHERE st.story_id = s.id "
            "AND st.topic_key IN (SELECT value FROM json_each(?))) "
            "AND NOT EXISTS (SELECT 1 FROM digest_stories ds JOIN digests d "
            "ON d.id = ds.digest_id WHERE ds.story_id = s.id AND d.channel_id = ? "
            "AND d.status = 'delivered') ORDER BY s.id",
            (
                ts(lower),
                ts(until_at),
                ts(published_after),
                None if since_at is None else ts(since_at),
                None if since_at is None else ts(since_at),
                json.dumps(list(topic_keys)),
                str(channel),
            ),
        )
        return [story_row(r) for r in rows]

    async def story_sent_to(self, channel: ChannelRef, story_id: int) -> DigestRecord | None:
        row = await self._fetchone(
            "SELECT d.* FROM digests d JOIN digest_stories ds ON ds.digest_id = d.id "
            "WHERE d.channel_id = ? AND ds.story_id = ? ORDER BY d.created_at LIMIT 1",
            (str(channel), story_id),
        )
        return None if row is None else _record(row)

    async def channels_fed_by(self, feed_id: int, scope: str | None) -> list[ChannelRef]:
        """Channels whose delivered digests carried this feed's stories, or in its scope."""
        rows = await self._fetchall(
            "SELECT DISTINCT d.channel_id FROM digests d "
            "JOIN digest_stories ds ON ds.digest_id = d.id "
            "JOIN items i ON i.story_id = ds.story_id "
            "JOIN item_sources src ON src.item_id = i.id "
            "WHERE src.feed_id = ? AND d.status = 'delivered' "
            "UNION SELECT id FROM channels WHERE ? IS NOT NULL AND id LIKE ? || ':%' "
            "ORDER BY 1",
            (feed_id, scope, scope),
        )
        return [ChannelRef.parse(r[0]) for r in rows]

    async def count_digests(self, status: str) -> int:
        row = await self._fetchone("SELECT count(*) FROM digests WHERE status = ?", (status,))
        return int(row[0])
