"""Bounded growth (issue 13): prune old stories with their items, in small transactions.

A story is pruned when it was last updated and published before the cutoff, none of its items is
listed in the last document read from its feed (``item_sources.last_seen_at`` equals the feed's
``last_read_at``: an entry a feed still lists is kept, or the next fetch would store it again as
new), and no pending digest carries it. The
caller picks a cutoff outside every channel's window. Each batch is one transaction, so a poll or
a digest never waits long behind pruning. Old delivered digests go too, except each channel's
latest, which is the base of its next digest, and the record of merges older than the cutoff.

In PostgreSQL a batch holds ``Lock.ITEMS``, ``Lock.HITS`` and ``Lock.DIGESTS``: no other
process stores an item into, places an item in, or records a digest of, a story while it goes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.storage.base import Lock, StoreBase, opt_ts

PRUNE_BATCH = 500


@dataclass(frozen=True, slots=True)
class PruneResult:
    stories: int
    items: int
    digests: int


class RetentionStore(StoreBase):
    async def prune_before(self, cutoff: datetime, *, batch: int = PRUNE_BATCH) -> PruneResult:
        stories = items = 0
        while True:
            removed = await self._prune_batch(cutoff, batch)
            stories += removed[0]
            items += removed[1]
            if removed[0] < batch:
                break
        digests = await self._prune_digests(cutoff)
        return PruneResult(stories, items, digests)

    async def _prune_batch(self, cutoff: datetime, batch: int) -> tuple[int, int]:
        async with self._write(Lock.ITEMS, Lock.HITS, Lock.DIGESTS) as tx:
            rows = await tx.fetchall(
                "SELECT s.id FROM stories s WHERE s.last_updated_at < ? AND s.published_at < ? "
                "AND NOT EXISTS (SELECT 1 FROM items i JOIN item_sources src "
                "ON src.item_id = i.id JOIN feeds f ON f.id = src.feed_id "
                "WHERE i.story_id = s.id AND src.last_seen_at >= f.last_read_at) "
                "AND NOT EXISTS (SELECT 1 FROM digest_stories ds JOIN digests d "
                "ON d.id = ds.digest_id WHERE ds.story_id = s.id AND d.status = 'pending') "
                "ORDER BY s.id LIMIT ?",
                (cutoff, cutoff, batch),
            )
            ids = [r[0] for r in rows]
            if not ids:
                return 0, 0
            # stories.lead_item_id and items.story_id point at each other: check at commit
            await self._defer_foreign_keys(tx)
            listed = (self._id_list(ids),)
            await tx.execute(f"DELETE FROM digest_stories WHERE story_id IN {self.ID_LIST}", listed)
            items = await tx.execute(f"DELETE FROM items WHERE story_id IN {self.ID_LIST}", listed)
            await tx.execute(f"DELETE FROM stories WHERE id IN {self.ID_LIST}", listed)
            return len(ids), items

    async def _prune_digests(self, cutoff: datetime) -> int:
        async with self._write(Lock.HITS, Lock.DIGESTS) as tx:
            # a merge older than every window: no index holds the story it ended any more
            await tx.execute("DELETE FROM story_merges WHERE merged_at < ?", (cutoff,))
            return await tx.execute(
                "DELETE FROM digests WHERE status IN ('delivered', 'empty') AND created_at < ? "
                "AND n < (SELECT max(d2.n) FROM digests d2 "
                "WHERE d2.channel_id = digests.channel_id)",
                (cutoff,),
            )

    async def oldest_item_at(self) -> datetime | None:
        row = await self._fetchone("SELECT min(first_seen_at) FROM items")
        return opt_ts(row[0]) if row else None
