"""A story's members and the splits an admin made (issue 14), beside ``stories.py``.

A module of its own so the story store stays one idea: ``stories.py`` writes placements in bulk,
this one reads one story's members (each outlet with its own link, lead first: what a digest
needs to list every outlet that covered a story) and records a split: the item leaves its story
for a new one, and ``story_splits`` remembers that it must never rejoin the old one. A split
rewrites both stories' topic hits, so in PostgreSQL it holds ``Lock.HITS`` like every write of
hits (``stories.py``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.storage.base import Lock, StoreBase, Tx, chunks, from_ts
from bot.storage.stories import OUTLET_SEP, insert_hits

_FIRST_SOURCE = (
    "(SELECT src.feed_id FROM item_sources src WHERE src.item_id = i.id "
    "ORDER BY src.first_seen_at, src.feed_id LIMIT 1)"
)


@dataclass(frozen=True, slots=True)
class StoryMember:
    """One item of a story as a digest lists it: its outlet and its own link."""

    item_id: int
    feed_id: int | None
    outlet: str
    url: str
    title: str
    summary: str
    published_at: datetime
    first_seen_at: datetime
    date_estimated: bool


@dataclass(frozen=True, slots=True)
class StorySplit:
    """What a split wrote: the item's new story and the old story's lead and outlets after it."""

    item_id: int
    old_story_id: int
    new_story_id: int
    old_lead_item_id: int
    old_outlets: tuple[str, ...]
    new_outlets: tuple[str, ...]
    old_topics: tuple[tuple[str, tuple[str, ...]], ...] = ()
    new_topics: tuple[tuple[str, tuple[str, ...]], ...] = ()


class SplitStore(StoreBase):
    async def story_members(self, story_id: int) -> list[StoryMember]:
        """The items of a story, lead first, then by first sight; each with its first outlet."""
        rows = await self._fetchall(
            f"SELECT i.id, {_FIRST_SOURCE} AS feed_id, f.name, i.url, i.title, i.summary, "
            "i.published_at, i.first_seen_at, i.date_estimated "
            "FROM items i JOIN stories s ON s.id = i.story_id "
            f"LEFT JOIN feeds f ON f.id = {_FIRST_SOURCE} "
            "WHERE i.story_id = ? "
            "ORDER BY i.id != s.lead_item_id, i.first_seen_at, i.id",
            (story_id,),
        )
        return [
            StoryMember(
                r[0], r[1], r[2] or "", r[3], r[4], r[5], from_ts(r[6]), from_ts(r[7]), bool(r[8])
            )
            for r in rows
        ]

    async def item_feeds(self, item_ids: Sequence[int]) -> dict[int, int]:
        """The feed each item was first seen in (the feed the same-link rule compares)."""
        out: dict[int, int] = {}
        for chunk in chunks(item_ids):
            rows = await self._fetchall(
                f"SELECT i.id, {_FIRST_SOURCE} FROM items i WHERE i.id IN {self.ID_LIST}",
                (self._id_list(chunk),),
            )
            out.update((r[0], r[1]) for r in rows if r[1] is not None)
        return out

    async def story_splits(self) -> list[tuple[int, int]]:
        """Every (item, story it must not rejoin)."""
        rows = await self._fetchall("SELECT item_id, story_id FROM story_splits ORDER BY item_id")
        return [(r[0], r[1]) for r in rows]

    async def splits_since(self, since_at: datetime) -> list[tuple[int, int, int, datetime]]:
        """(item, story it left, story it is in now, when) of splits made after ``since_at``:
        how a running bot learns of a split made with the command line."""
        rows = await self._fetchall(
            "SELECT sp.item_id, sp.story_id, i.story_id, sp.split_at FROM story_splits sp "
            "JOIN items i ON i.id = sp.item_id WHERE sp.split_at > ? ORDER BY sp.split_at",
            (since_at,),
        )
        return [(r[0], r[1], r[2], from_ts(r[3])) for r in rows]

    async def split_story_item(self, split: StorySplit, note: str, now: datetime) -> None:
        """Move the item to its new story and remember the split, in one transaction.

        The new story takes the item's times; the old story gets its new lead and outlets, and
        both stories' topic hits are replaced by the ones given (recomputed from their items).
        """
        async with self._write(Lock.HITS) as tx:
            row = await tx.fetchone(
                "SELECT first_seen_at, published_at, backlog FROM items WHERE id = ?",
                (split.item_id,),
            )
            await tx.execute(
                "INSERT INTO story_splits (item_id, story_id, split_at) VALUES (?, ?, ?) "
                "ON CONFLICT DO NOTHING",
                (split.item_id, split.old_story_id, now),
            )
            await tx.execute(
                "INSERT INTO stories (id, lead_item_id, first_seen_at, last_updated_at, "
                "published_at, backlog, outlets) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    split.new_story_id,
                    split.item_id,
                    row[0],
                    now,
                    row[1],
                    row[2],
                    OUTLET_SEP.join(split.new_outlets),
                ),
            )
            await tx.execute(
                "UPDATE items SET story_id = ?, merge_rule = 'split', merge_score = NULL, "
                "merge_item_id = NULL, merge_note = ? WHERE id = ?",
                (split.new_story_id, note, split.item_id),
            )
            await tx.execute(
                "UPDATE stories SET lead_item_id = ?, outlets = ?, last_updated_at = ?, "
                "published_at = (SELECT min(published_at) FROM items WHERE story_id = ?) "
                "WHERE id = ?",
                (
                    split.old_lead_item_id,
                    OUTLET_SEP.join(split.old_outlets),
                    now,
                    split.old_story_id,
                    split.old_story_id,
                ),
            )
            await self._replace_hits(tx, split)

    @staticmethod
    async def _replace_hits(tx: Tx, split: StorySplit) -> None:
        """Both stories' topic hits, recomputed, numbered so that no channel loses a story or
        is sent an item twice.

        A topic the old story already had keeps its number: a channel that was sent the story
        is not sent it again, and one still waiting for it still gets it (a hit written without
        a number would fall behind every digest's window). The new story's hits take new
        numbers, and the digests that carried the old story count as having carried the new
        one, as a merge does (``StoryStore._merge_story``): a channel that saw the item inside
        the old story is not sent it again; any other gets it in its next digest.
        """
        rows = await tx.fetchall(
            "SELECT topic_key, seq FROM story_topics WHERE story_id = ?", (split.old_story_id,)
        )
        kept = {(split.old_story_id, r[0]): int(r[1]) for r in rows}
        await tx.execute(
            "DELETE FROM story_topics WHERE story_id IN (?, ?)",
            (split.old_story_id, split.new_story_id),
        )
        await insert_hits(
            tx,
            [
                *((split.old_story_id, key, terms) for key, terms in split.old_topics),
                *((split.new_story_id, key, terms) for key, terms in split.new_topics),
            ],
            kept,
        )
        await tx.execute(
            "INSERT INTO digest_stories (digest_id, story_id, dropped) "
            "SELECT ds.digest_id, CAST(? AS BIGINT), ds.dropped FROM digest_stories ds "
            "WHERE ds.story_id = ?",
            (split.new_story_id, split.old_story_id),
        )
