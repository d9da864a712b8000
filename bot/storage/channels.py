"""Topics, channels and subscriptions, plus a small key/value table for app metadata.

Every change here is a change of settings: it holds ``Lock.SETTINGS`` in PostgreSQL (commands
that read, then write, such as ``subscribe``, are one step for every process) and bumps the
settings version in the same transaction, so another process sees the change and the new
version together (``StoreBase.settings_version``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from bot.core.model import Channel, ChannelRef, ChannelStatus, TopicRecord
from bot.storage.base import Lock, StoreBase, from_ts


def _topic(row: Any) -> TopicRecord:
    return TopicRecord(
        key=row["key"],
        name=row["name"],
        scope=row["scope"],
        query=row["query"],
        description=row["description"],
        origin=row["origin"],
    )


class ChannelStore(StoreBase):
    # -- topics -------------------------------------------------------------------------------

    async def upsert_topic(self, topic: TopicRecord, now: datetime) -> None:
        async with self._write(Lock.SETTINGS) as tx:
            await tx.execute(
                "INSERT INTO topics (key, name, scope, query, description, origin, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO UPDATE SET "
                "query = excluded.query, description = excluded.description, "
                "origin = excluded.origin, updated_at = excluded.updated_at",
                (
                    topic.key,
                    topic.name,
                    topic.scope,
                    topic.query,
                    topic.description,
                    topic.origin,
                    now,
                ),
            )
            await self._bump_settings(tx)

    async def get_topic(self, key: str) -> TopicRecord | None:
        row = await self._fetchone("SELECT * FROM topics WHERE key = ?", (key,))
        return None if row is None else _topic(row)

    async def list_topics(self, *, scope: str | None = None) -> list[TopicRecord]:
        if scope is None:
            rows = await self._fetchall("SELECT * FROM topics ORDER BY scope, name")
        else:
            rows = await self._fetchall(
                "SELECT * FROM topics WHERE scope IN ('', ?) ORDER BY scope, name", (scope,)
            )
        return [_topic(r) for r in rows]

    async def topic_subscribers(self, key: str) -> list[ChannelRef]:
        rows = await self._fetchall(
            "SELECT channel_id FROM subscriptions WHERE topic_key = ? ORDER BY channel_id", (key,)
        )
        return [ChannelRef.from_key(r[0]) for r in rows]

    async def remove_topic(self, key: str) -> bool:
        async with self._write(Lock.SETTINGS, Lock.HITS) as tx:
            await tx.execute("DELETE FROM subscriptions WHERE topic_key = ?", (key,))
            await tx.execute("DELETE FROM story_topics WHERE topic_key = ?", (key,))
            removed = await tx.execute("DELETE FROM topics WHERE key = ?", (key,))
            await self._bump_settings(tx)
            return removed > 0

    # -- channels -----------------------------------------------------------------------------

    async def ensure_channel(
        self, ref: ChannelRef, *, timezone: str, schedule: str, now: datetime
    ) -> Channel:
        async with self._write(Lock.SETTINGS) as tx:
            added = await tx.execute(
                "INSERT INTO channels (id, timezone, schedule, created_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (id) DO NOTHING",
                (str(ref), timezone, schedule, now),
            )
            if added:
                await self._bump_settings(tx)
        channel = await self.get_channel(ref)
        assert channel is not None  # noqa: S101 - inserted just above
        return channel

    async def get_channel(self, ref: ChannelRef) -> Channel | None:
        row = await self._fetchone("SELECT * FROM channels WHERE id = ?", (str(ref),))
        if row is None:
            return None
        return Channel(
            ref=ref,
            timezone=row["timezone"],
            schedule=row["schedule"],
            status=ChannelStatus(row["status"]),
            status_reason=row["status_reason"],
            created_at=from_ts(row["created_at"]),
            topics=tuple(await self.subscriptions(ref)),
        )

    async def list_channels(self) -> list[Channel]:
        rows = await self._fetchall("SELECT id FROM channels ORDER BY id")
        out: list[Channel] = []
        for row in rows:
            channel = await self.get_channel(ChannelRef.from_key(row[0]))
            if channel is not None:
                out.append(channel)
        return out

    async def set_schedule(self, ref: ChannelRef, schedule: str, timezone: str) -> None:
        async with self._write(Lock.SETTINGS) as tx:
            await tx.execute(
                "UPDATE channels SET schedule = ?, timezone = ? WHERE id = ?",
                (schedule, timezone, str(ref)),
            )
            await self._bump_settings(tx)

    async def set_channel_status(
        self, ref: ChannelRef, status: ChannelStatus, reason: str | None
    ) -> None:
        async with self._write(Lock.SETTINGS) as tx:
            await tx.execute(
                "UPDATE channels SET status = ?, status_reason = ? WHERE id = ?",
                (status.value, reason, str(ref)),
            )
            await self._bump_settings(tx)

    async def subscribe(self, ref: ChannelRef, keys: Sequence[str], now: datetime) -> list[str]:
        """Add topics at the end of the channel's list; returns the keys that were new."""
        async with self._write(Lock.SETTINGS, Lock.DIGESTS) as tx:
            existing = {
                r[0]
                for r in await tx.fetchall(
                    "SELECT topic_key FROM subscriptions WHERE channel_id = ?", (str(ref),)
                )
            }
            row = await tx.fetchone(
                "SELECT coalesce(max(position), 0) FROM subscriptions WHERE channel_id = ?",
                (str(ref),),
            )
            position = int(row[0])
            # the latest digest number now: digests recorded after it cover the new topic whole
            row = await tx.fetchone("SELECT coalesce(max(n), 0) FROM digests")
            after_n = int(row[0])
            added = [k for k in dict.fromkeys(keys) if k not in existing]
            await tx.executemany(
                "INSERT INTO subscriptions (channel_id, topic_key, position, created_at, after_n) "
                "VALUES (?, ?, ?, ?, ?)",
                [(str(ref), k, position + i + 1, now, after_n) for i, k in enumerate(added)],
            )
            if added:
                await self._bump_settings(tx)
            return added

    async def unsubscribe(self, ref: ChannelRef, keys: Sequence[str]) -> list[str]:
        removed: list[str] = []
        async with self._write(Lock.SETTINGS) as tx:
            for key in keys:
                if await tx.execute(
                    "DELETE FROM subscriptions WHERE channel_id = ? AND topic_key = ?",
                    (str(ref), key),
                ):
                    removed.append(key)  # noqa: PERF401 - one awaited statement per key
            if removed:
                await self._bump_settings(tx)
        return removed

    async def subscriptions(self, ref: ChannelRef) -> list[str]:
        rows = await self._fetchall(
            "SELECT topic_key FROM subscriptions WHERE channel_id = ? ORDER BY position",
            (str(ref),),
        )
        return [r[0] for r in rows]

    # -- meta ---------------------------------------------------------------------------------

    async def get_meta(self, key: str) -> str | None:
        row = await self._fetchone("SELECT value FROM meta WHERE key = ?", (key,))
        return None if row is None else str(row[0])

    async def set_meta(self, key: str, value: str) -> None:
        async with self._write() as tx:
            await tx.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, value),
            )
