"""Stories and their topics: which story each item joined, why, and which topics a story matched.

Why one module of about 600 lines: story membership, topic hits, their numbering and the merge of
two stories are written in the same transactions and read back by the same row shapes.

Topic hits are numbered (``story_topics.seq``) in the transaction that commits them, and the
numbers follow commit order: a digest that read "the last number is N" must find every hit up
to N already committed, or a hit committed late would fall behind a digest that ran in between
(issue 13). SQLite has one writer, so its transactions commit in the order they number. In
PostgreSQL two processes' transactions run at once and could commit out of number order, so
every transaction that numbers hits (or changes them) takes ``Lock.HITS`` first (an advisory
lock held to COMMIT): the next one reads the counter only after the previous one committed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from types import MappingProxyType
from typing import Any

from bot.storage.base import Lock, StoreBase, Tx, chunks, from_ts, marks


@dataclass(frozen=True, slots=True)
class StoryAssignment:
    """One new item placed in a story (decided by ``bot.core.dedupe`` in ``bot.stories.book``)."""

    item_id: int
    story_id: int
    new_story: bool
    lead_item_id: int
    rule: str
    score: float
    matched_item_id: int | None
    note: str
    first_seen_at: datetime
    published_at: datetime
    backlog: bool
    outlet: str = ""
    lead_outlet: str = ""


@dataclass(frozen=True, slots=True)
class WindowItem:
    """An item inside the story window, as needed to rebuild the in-memory story index."""

    item_id: int
    story_id: int
    outlet: str
    url: str
    title: str
    summary: str
    published_at: datetime
    lead_item_id: int
    first_seen_at: datetime | None = None
    date_estimated: bool = False
    feed_id: int = 0


@dataclass(frozen=True, slots=True)
class ItemTrace:
    """Everything ``why`` needs about one item."""

    item_id: int
    url: str
    title: str
    outlet: str
    published_at: datetime
    first_seen_at: datetime
    backlog: bool
    story_id: int | None
    rule: str | None
    score: float | None
    matched_item_id: int | None
    note: str | None


@dataclass(frozen=True, slots=True)
class StoryRow:
    id: int
    lead_item_id: int
    title: str
    url: str
    summary: str
    first_seen_at: datetime
    last_updated_at: datetime
    published_at: datetime
    backlog: bool
    outlets: tuple[str, ...]
    item_ids: tuple[int, ...]
    topics: dict[str, tuple[str, ...]]
    undated: bool = False
    """The lead item has no date of its own (its date is when the bot first saw it)."""


_OUTLET = (
    "(SELECT f.name FROM item_sources src JOIN feeds f ON f.id = src.feed_id "
    "WHERE src.item_id = i.id ORDER BY src.first_seen_at, f.id LIMIT 1)"
)


OUTLET_SEP = "\x1f"
HIT_SEQ_KEY = "hit_seq"  # meta key: the last topic-hit number handed out (see take_hit_seqs)


async def take_hit_seqs(tx: Tx, count: int) -> int:
    """Reserve ``count`` hit numbers; returns the first. Called inside a write transaction
    that holds ``Lock.HITS``, so numbers follow commit order (module docstring); the counter
    only grows (hits are deleted by retagging and pruning, and a number a digest has seen
    must never be handed out again)."""
    row = await tx.fetchone("SELECT value FROM meta WHERE key = ?", (HIT_SEQ_KEY,))
    last = int(row[0]) if row is not None else 0
    if count:
        await tx.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (HIT_SEQ_KEY, str(last + count)),
        )
    return last + 1


async def insert_hits(
    tx: Tx,
    hits: Sequence[tuple[int, str, Sequence[str]]],
    kept: Mapping[tuple[int, str], int] = MappingProxyType({}),
) -> None:
    """Insert topic hits (story, topic, terms): a (story, topic) pair in ``kept`` keeps its
    number, the others take fresh ones (``take_hit_seqs``) in the order given."""
    seq = await take_hit_seqs(tx, sum((sid, key) not in kept for sid, key, _ in hits))
    params: list[tuple[int, str, str, int]] = []
    for sid, key, terms in hits:
        number = kept.get((sid, key))
        if number is None:
            number, seq = seq, seq + 1
        params.append((sid, key, pack_terms(terms), number))
    await tx.executemany(
        "INSERT INTO story_topics (story_id, topic_key, terms, seq) VALUES (?, ?, ?, ?)", params
    )


def pack_terms(terms: Sequence[str]) -> str:
    """Matched terms as stored: tab-separated (decoding JSON per hit dominated digest builds)."""
    return "\t".join(" ".join(t.split()) for t in terms)


def unpack_terms(packed: str) -> tuple[str, ...]:
    return tuple(packed.split("\t")) if packed else ()


def story_select(hits_aggregate: str) -> str:
    """One row per story: everything a digest shows, topic hits packed as key RS terms, US-joined
    (``hits_aggregate`` is the backend's aggregate for that, ``StoreBase.HITS_AGGREGATE``)."""
    return (
        "SELECT s.id, s.lead_item_id, li.title, li.url, li.summary, s.first_seen_at, "
        "s.last_updated_at, s.published_at, s.backlog, s.outlets, "
        f"(SELECT {hits_aggregate} FROM story_topics st WHERE st.story_id = s.id), "
        "li.date_estimated FROM stories s JOIN items li ON li.id = s.lead_item_id"
    )


def story_row(r: Any, item_ids: tuple[int, ...] = ()) -> StoryRow:
    topics: dict[str, tuple[str, ...]] = {}
    for hit in (r[10] or "").split(OUTLET_SEP):
        if hit:
            key, _, terms = hit.partition("\x1e")
            topics[key] = unpack_terms(terms)
    return StoryRow(
        id=r[0],
        lead_item_id=r[1],
        title=r[2],
        url=r[3],
        summary=r[4],
        first_seen_at=from_ts(r[5]),
        last_updated_at=from_ts(r[6]),
        published_at=from_ts(r[7]),
        backlog=bool(r[8]),
        outlets=tuple(o for o in r[9].split(OUTLET_SEP) if o),
        item_ids=item_ids,
        topics=topics,
        undated=bool(r[11]),
    )


class StoryStore(StoreBase):
    async def next_story_id(self) -> int:
        row = await self._fetchone("SELECT coalesce(max(id), 0) + 1 FROM stories")
        return int(row[0])

    async def save_story_assignments(
        self,
        assignments: Sequence[StoryAssignment],
        topic_hits: Sequence[tuple[int, str, tuple[str, ...]]],
        now: datetime,
        merges: Sequence[tuple[int, int]] = (),
    ) -> dict[int, int]:
        """Write story membership and topic hits of a batch of new items in one transaction.

        ``topic_hits`` are (story id, topic key, matched terms); terms merge with those already
        stored for the story, so a story's topics are the union over its items.

        First placement wins (issue 18): an item another process placed since this one read it
        (two processes placing one unplaced item at once) keeps its story, and its assignment
        here is dropped, with the hits of stories that only it made; the batch's other items of
        a story it opened follow it into its story. Returns those items, each with the story it
        is in, so the caller can correct its own index.

        ``merges`` are (story, story it goes into) pairs, in the order an item bridged them
        (``MergeDecision.also``), applied after the batch (``_merge_story``). An assignment to a
        story another process merged away goes to the story it went into, and is returned too.
        """
        async with self._write(Lock.HITS) as tx:
            moved = await self._merged_into(
                tx,
                {a.story_id for a in assignments if not a.new_story}
                | {h[0] for h in topic_hits}
                | {sid for pair in merges for sid in pair},
            )
            # items the caller placed into a story another process had merged away
            asked = {
                a.item_id: a.story_id
                for a in assignments
                if not a.new_story and a.story_id in moved
            }
            if moved:
                assignments = [
                    replace(a, story_id=moved.get(a.story_id, a.story_id)) for a in assignments
                ]
                topic_hits = [(moved.get(h[0], h[0]), h[1], h[2]) for h in topic_hits]
            placed = await self._placed_already(tx, [a.item_id for a in assignments])
            if placed:
                dropped = {a.story_id for a in assignments if a.item_id in placed}
                kept = [a for a in assignments if a.item_id not in placed]
                # a story this batch opens with an item placed elsewhere is never written: the
                # batch's other items of it go where that item is, as into a merged-away story
                opened = {
                    a.story_id: placed[a.item_id]
                    for a in assignments
                    if a.new_story and a.item_id in placed
                }
                followers = {a.item_id: a.story_id for a in kept if a.story_id in opened}
                if followers:
                    asked.update(followers)
                    moved.update(opened)
                    kept = [
                        replace(a, story_id=opened[a.story_id], new_story=False)
                        if a.item_id in followers
                        else a
                        for a in kept
                    ]
                    topic_hits = [(opened.get(h[0], h[0]), h[1], h[2]) for h in topic_hits]
                dropped -= {a.story_id for a in kept}
                assignments = kept
                topic_hits = [h for h in topic_hits if h[0] not in dropped]
            outlets = await self._merged_outlets(tx, assignments)
            new = [a for a in assignments if a.new_story]
            if new:
                await tx.executemany(
                    "INSERT INTO stories (id, lead_item_id, first_seen_at, last_updated_at, "
                    "published_at, backlog, outlets) VALUES (?, ?, ?, ?, ?, ?, '')",
                    [
                        (
                            a.story_id,
                            a.lead_item_id,
                            a.first_seen_at,
                            now,
                            a.published_at,
                            a.backlog,
                        )
                        for a in new
                    ],
                )
            joined = [a for a in assignments if not a.new_story]
            if joined:
                # A story stays "backlog" (from feeds' first fetches) only while every item is.
                await tx.executemany(
                    "UPDATE stories SET last_updated_at = ?, lead_item_id = ?, published_at = "
                    "CASE WHEN ? < published_at THEN ? ELSE published_at END, "
                    "backlog = backlog AND ? WHERE id = ?",
                    [
                        (
                            now,
                            a.lead_item_id,
                            a.published_at,
                            a.published_at,
                            a.backlog,
                            a.story_id,
                        )
                        for a in joined
                    ],
                )
            await tx.executemany(
                "UPDATE stories SET outlets = ? WHERE id = ?",
                [(OUTLET_SEP.join(names), sid) for sid, names in outlets.items()],
            )
            await tx.executemany(
                "UPDATE items SET story_id = ?, merge_rule = ?, merge_score = ?, "
                "merge_item_id = ?, merge_note = ? WHERE id = ?",
                [
                    (a.story_id, a.rule, a.score, a.matched_item_id, a.note, a.item_id)
                    for a in assignments
                ],
            )
            if topic_hits:
                await self._merge_topic_hits(tx, topic_hits)
            for other, into in merges:
                other, into = moved.get(other, other), moved.get(into, into)
                if other != into:
                    await self._merge_story(tx, other, into, now)
                    moved = {k: into if v == other else v for k, v in moved.items()}
                    moved[other] = into
        redirected = {  # where they are now, after this batch's merges too
            item_id: moved[story_id] for item_id, story_id in asked.items() if item_id not in placed
        }
        return placed | redirected

    async def _merged_into(self, tx: Tx, story_ids: set[int]) -> dict[int, int]:
        """Each of ``story_ids`` that was merged away -> the story it is part of now."""
        found: dict[int, int] = {}
        ask = set(story_ids)
        while ask:  # merges are flattened as they are made: one step, unless one raced
            rows = await tx.fetchall(
                f"SELECT story_id, into_id FROM story_merges WHERE story_id IN {self.ID_LIST}",
                (self._id_list(sorted(ask)),),
            )
            step = {int(r[0]): int(r[1]) for r in rows}
            found.update(step)
            ask = set(step.values()) - found.keys() - story_ids
            story_ids = story_ids | ask

        def end(story_id: int) -> int:
            for _ in range(len(found) + 1):
                if story_id not in found:
                    break
                story_id = found[story_id]
            return story_id

        return {story_id: end(story_id) for story_id in found}

    async def _merge_story(self, tx: Tx, other: int, into: int, now: datetime) -> None:
        """Move everything of story ``other`` into story ``into`` and remember the merge.

        Items move; topic hits join (a topic both had keeps the later number, so a channel that
        was sent neither is sent the merged story once); the digests that carried ``other``
        count as having carried ``into`` (no channel is sent the event twice); splits made out
        of ``other`` hold for ``into``; the story keeps the earliest times of the two.
        """
        await self._defer_foreign_keys(tx)
        await tx.execute("UPDATE items SET story_id = ? WHERE story_id = ?", (into, other))
        rows = await tx.fetchall(
            "SELECT story_id, topic_key, terms, seq FROM story_topics WHERE story_id IN (?, ?)",
            (other, into),
        )
        mine = {r[1]: (unpack_terms(r[2]), int(r[3])) for r in rows if r[0] == into}
        for r in rows:
            if r[0] != other:
                continue
            key, terms, seq = r[1], unpack_terms(r[2]), int(r[3])
            if key in mine:
                old, old_seq = mine[key]
                await tx.execute(
                    "UPDATE story_topics SET terms = ?, seq = ? "
                    "WHERE story_id = ? AND topic_key = ?",
                    (
                        pack_terms([*old, *(t for t in terms if t not in old)]),
                        max(seq, old_seq),
                        into,
                        key,
                    ),
                )
            else:
                await tx.execute(
                    "INSERT INTO story_topics (story_id, topic_key, terms, seq) "
                    "VALUES (?, ?, ?, ?)",
                    (into, key, pack_terms(terms), seq),
                )
        await tx.execute("DELETE FROM story_topics WHERE story_id = ?", (other,))
        await tx.execute(
            "INSERT INTO digest_stories (digest_id, story_id, dropped) "
            "SELECT ds.digest_id, CAST(? AS BIGINT), ds.dropped FROM digest_stories ds "
            "WHERE ds.story_id = ? AND NOT EXISTS (SELECT 1 FROM digest_stories x "
            "WHERE x.digest_id = ds.digest_id AND x.story_id = ?)",
            (into, other, into),
        )
        await tx.execute("DELETE FROM digest_stories WHERE story_id = ?", (other,))
        await tx.execute(
            "INSERT INTO story_splits (item_id, story_id, split_at) "
            "SELECT item_id, CAST(? AS BIGINT), split_at FROM story_splits WHERE story_id = ? "
            "ON CONFLICT DO NOTHING",
            (into, other),
        )
        await tx.execute("DELETE FROM story_splits WHERE story_id = ?", (other,))
        rows = await tx.fetchall(
            "SELECT id, outlets FROM stories WHERE id IN (?, ?)", (other, into)
        )
        names = {r[0]: [o for o in r[1].split(OUTLET_SEP) if o] for r in rows}
        outlets = names.get(into, [])
        outlets += [o for o in names.get(other, []) if o not in outlets]
        lead = await tx.fetchone(
            f"SELECT {_OUTLET} FROM stories s JOIN items i ON i.id = s.lead_item_id WHERE s.id = ?",
            (into,),
        )
        if lead is not None and lead[0] in outlets:  # the lead item's outlet comes first
            outlets.remove(lead[0])
            outlets.insert(0, lead[0])
        await tx.execute(
            "UPDATE stories SET last_updated_at = ?, outlets = ?, "
            "first_seen_at = (SELECT min(first_seen_at) FROM stories WHERE id IN (?, ?)), "
            "published_at = (SELECT min(published_at) FROM stories WHERE id IN (?, ?)), "
            "backlog = backlog AND NOT EXISTS (SELECT 1 FROM stories o WHERE o.id = ? "
            "AND NOT o.backlog) WHERE id = ?",
            (now, OUTLET_SEP.join(outlets), other, into, other, into, other, into),
        )
        await tx.execute("DELETE FROM stories WHERE id = ?", (other,))
        await tx.execute("UPDATE story_merges SET into_id = ? WHERE into_id = ?", (into, other))
        await tx.execute(
            "INSERT INTO story_merges (story_id, into_id, merged_at) VALUES (?, ?, ?) "
            "ON CONFLICT DO NOTHING",
            (other, into, now),
        )

    async def story_merges_since(self, since_at: datetime) -> list[tuple[int, int]]:
        """(story merged away, story it is part of now) of merges made after ``since_at``:
        how a process learns of a merge another process made (issue 18)."""
        rows = await self._fetchall(
            "SELECT story_id, into_id FROM story_merges WHERE merged_at > ? ORDER BY merged_at",
            (since_at,),
        )
        return [(int(r[0]), int(r[1])) for r in rows]

    async def _placed_already(self, tx: Tx, item_ids: Sequence[int]) -> dict[int, int]:
        if not item_ids:
            return {}
        rows = await tx.fetchall(
            f"SELECT id, story_id FROM items WHERE id IN {self.ID_LIST} AND story_id IS NOT NULL",
            (self._id_list(item_ids),),
        )
        return {int(r[0]): int(r[1]) for r in rows}

    async def _merged_outlets(
        self, tx: Tx, assignments: Sequence[StoryAssignment]
    ) -> dict[int, list[str]]:
        """Each touched story's outlets after this batch, the lead item's outlet first."""
        ids = sorted({a.story_id for a in assignments if not a.new_story})
        current: dict[int, list[str]] = {}
        if ids:
            rows = await tx.fetchall(
                f"SELECT id, outlets FROM stories WHERE id IN {self.ID_LIST}",
                (self._id_list(ids),),
            )
            current = {r[0]: [o for o in r[1].split(OUTLET_SEP) if o] for r in rows}
        for a in assignments:
            names = current.setdefault(a.story_id, [])
            if a.outlet and a.outlet not in names:
                names.append(a.outlet)
            if a.lead_outlet and a.lead_outlet in names:
                names.remove(a.lead_outlet)
                names.insert(0, a.lead_outlet)
        return current

    async def last_hit_seq(self) -> int:
        """The number of the last committed topic hit: a digest covers hits up to it."""
        row = await self._fetchone("SELECT value FROM meta WHERE key = ?", (HIT_SEQ_KEY,))
        return int(row[0]) if row is not None else 0

    async def _merge_topic_hits(
        self, tx: Tx, hits: Sequence[tuple[int, str, tuple[str, ...]]]
    ) -> None:
        """Store hits; a (story, topic) pair seen for the first time gets the next ``seq``.

        A pair already stored keeps its ``seq`` (its terms grow), so a story that gains an
        outlet does not come back into digests that already considered it.
        """
        merged: dict[tuple[int, str], list[str]] = {}
        for story_id, key, terms in hits:
            bucket = merged.setdefault((story_id, key), [])
            bucket.extend(t for t in terms if t not in bucket)
        story_ids = sorted({sid for sid, _ in merged})
        stored: set[tuple[int, str]] = set()
        for chunk in chunks(story_ids):
            rows = await tx.fetchall(
                "SELECT story_id, topic_key, terms FROM story_topics "
                f"WHERE story_id IN ({marks(len(chunk))})",
                chunk,
            )
            for r in rows:
                if (r[0], r[1]) in merged:
                    stored.add((r[0], r[1]))
                    old = list(unpack_terms(r[2]))
                    merged[(r[0], r[1])] = old + [t for t in merged[(r[0], r[1])] if t not in old]
        await tx.executemany(
            "UPDATE story_topics SET terms = ? WHERE story_id = ? AND topic_key = ?",
            [
                (pack_terms(terms), sid, key)
                for (sid, key), terms in merged.items()
                if (sid, key) in stored
            ],
        )
        await insert_hits(
            tx,
            [(sid, key, terms) for (sid, key), terms in merged.items() if (sid, key) not in stored],
        )

    async def replace_topic_hits(
        self, topic_key: str, hits: Sequence[tuple[int, tuple[str, ...]]]
    ) -> None:
        """A topic was created or changed: its hits over the recent stories are recomputed.

        Stories that matched before keep their ``seq``; newly matching ones get new numbers, so
        the next digest of every channel with this topic considers exactly those.
        """
        async with self._write(Lock.HITS) as tx:
            rows = await tx.fetchall(
                "SELECT story_id, seq FROM story_topics WHERE topic_key = ?", (topic_key,)
            )
            kept = {(r[0], topic_key): int(r[1]) for r in rows}
            await tx.execute("DELETE FROM story_topics WHERE topic_key = ?", (topic_key,))
            await insert_hits(tx, [(sid, topic_key, terms) for sid, terms in hits], kept)

    async def delete_topic_hits(self, topic_key: str) -> None:
        async with self._write(Lock.HITS) as tx:
            await tx.execute("DELETE FROM story_topics WHERE topic_key = ?", (topic_key,))

    async def window_items(self, since_at: datetime) -> list[WindowItem]:
        """Items with a story, published *or first seen* since ``since_at``, oldest first.

        First seen too: a backfill or a feed added with old items is inside the window by the
        time it arrived, so those items can still group with each other (issue 14).
        """
        rows = await self._fetchall(
            f"SELECT i.id, i.story_id, {_OUTLET} AS outlet, i.url, i.title, i.summary, "
            "i.published_at, s.lead_item_id, i.first_seen_at, i.date_estimated, "
            "(SELECT src.feed_id FROM item_sources src WHERE src.item_id = i.id "
            " ORDER BY src.first_seen_at, src.feed_id LIMIT 1) "
            "FROM items i JOIN stories s ON s.id = i.story_id "
            "WHERE i.published_at >= ? OR i.first_seen_at >= ? ORDER BY i.published_at, i.id",
            (since_at, since_at),
        )
        return [
            WindowItem(
                r[0],
                r[1],
                r[2] or "",
                r[3],
                r[4],
                r[5],
                from_ts(r[6]),
                r[7],
                from_ts(r[8]),
                bool(r[9]),
                r[10] or 0,
            )
            for r in rows
        ]

    async def unassigned_item_ids(self) -> list[int]:
        """Items stored but not yet in a story (a crash between the two transactions)."""
        rows = await self._fetchall("SELECT id FROM items WHERE story_id IS NULL ORDER BY id")
        return [r[0] for r in rows]

    async def item_outlets(self, item_ids: Sequence[int]) -> dict[int, str]:
        out: dict[int, str] = {}
        for chunk in chunks(item_ids):
            rows = await self._fetchall(
                f"SELECT i.id, {_OUTLET} FROM items i WHERE i.id IN ({marks(len(chunk))})", chunk
            )
            out.update((r[0], r[1] or "") for r in rows)
        return out

    async def recent_story_texts(self, since_at: datetime) -> list[tuple[int, str, str]]:
        """(story id, title, summary) of every item published since ``since_at``."""
        rows = await self._fetchall(
            "SELECT story_id, title, summary FROM items "
            "WHERE story_id IS NOT NULL AND published_at >= ? ORDER BY id",
            (since_at,),
        )
        return [(r[0], r[1], r[2]) for r in rows]

    async def trace_items(self, item_id: int | None, url: str | None) -> list[ItemTrace]:
        """The item with this id, or the items stored under this canonical URL."""
        params: tuple[Any, ...]
        if item_id is not None:
            where, params = "i.id = ?", (item_id,)
        else:
            where, params = "i.url = ? AND i.url != ''", (url or "",)
        rows = await self._fetchall(
            f"SELECT i.id, i.url, i.title, {_OUTLET}, i.published_at, i.first_seen_at, i.backlog, "
            f"i.story_id, i.merge_rule, i.merge_score, i.merge_item_id, i.merge_note "
            f"FROM items i WHERE {where}",
            params,
        )
        return [
            ItemTrace(
                r[0],
                r[1],
                r[2],
                r[3] or "",
                from_ts(r[4]),
                from_ts(r[5]),
                bool(r[6]),
                r[7],
                r[8],
                r[9],
                r[10],
                r[11],
            )
            for r in rows
        ]

    async def get_story(self, story_id: int) -> StoryRow | None:
        rows = await self._story_rows([story_id])
        return rows[0] if rows else None

    async def _story_rows(self, story_ids: Sequence[int]) -> list[StoryRow]:
        """Stories with their lead item, outlets, topic hits and member items: two queries."""
        if not story_ids:
            return []
        ids = self._id_list(story_ids)
        rows = await self._fetchall(
            f"{story_select(self.HITS_AGGREGATE)} WHERE s.id IN {self.ID_LIST} ORDER BY s.id",
            (ids,),
        )
        members = await self._fetchall(
            "SELECT i.story_id, i.id FROM items i JOIN stories s ON s.id = i.story_id "
            f"WHERE i.story_id IN {self.ID_LIST} "
            "ORDER BY i.story_id, i.id != s.lead_item_id, i.first_seen_at, i.id",
            (ids,),
        )
        items: dict[int, list[int]] = {}
        for sid, item_id in members:
            items.setdefault(sid, []).append(item_id)
        return [story_row(r, tuple(items.get(r[0], ()))) for r in rows]

    async def count_stories(self) -> int:
        row = await self._fetchone("SELECT count(*) FROM stories")
        return int(row[0])
