"""``Store``: the contract every storage backend implements, and all the app knows of storage.

A ``typing.Protocol`` now that two real implementations exist (issue 18): ``SqliteStore`` (the
embedded default, one process per file) and ``PostgresStore`` (several processes on one
database). It lists every method the rest of the bot calls; ``bot/storage/__init__.py`` checks
both implementations against it when mypy runs, and ``tests/storage`` runs one suite on both.

Where the backends' semantics differ, the method's docstring here says how. Everything else
behaves the same, including which errors come out: ``StoreError`` for a database that cannot be
used, ``SchemaError`` for a newer schema, ``DigestConflictError`` when another writer recorded
first, ``UserError`` for a duplicate feed.

``Store.open(target)`` keeps working for the callers written before the contract: it opens
whichever backend ``target`` names (``backends.open_store``). It returns ``Any`` for them (some
tests reach into the SQLite store's internals); new code calls ``open_store``, typed ``Store``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from pathlib import Path
from types import TracebackType
from typing import Any, Protocol, Self

from bot.core.model import Channel, ChannelRef, ChannelStatus, Feed, Item, Source, TopicRecord
from bot.storage.digests import DigestClaim, DigestRecord
from bot.storage.feeds import FeedUpdate, SaveResult, StoredItem
from bot.storage.retention import PruneResult
from bot.storage.splits import StoryMember, StorySplit
from bot.storage.stories import ItemTrace, StoryAssignment, StoryRow, WindowItem


class Store(Protocol):
    """The bot's database, whichever backend holds it."""

    @classmethod
    async def open(cls, target: str | os.PathLike[str], *, busy_timeout_ms: int = 5000) -> Any:
        """Open the store ``target`` names: a ``postgresql://`` URL or a SQLite file path."""
        from bot.storage.backends import open_store  # here: backends imports this module

        return await open_store(target, busy_timeout_ms=busy_timeout_ms)

    # -- the database ---------------------------------------------------------------------------

    @property
    def path(self) -> Path | str:
        """The SQLite file, or the PostgreSQL URL without its password (for messages)."""
        ...

    async def close(self) -> None: ...

    async def __aenter__(self) -> Self: ...

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    async def schema_version(self) -> int: ...

    def database_bytes(self) -> int:
        """Size on disk. PostgreSQL: as last measured (at open, by ``size_bytes``)."""
        ...

    async def size_bytes(self) -> int:
        """Size on disk, measured now (PostgreSQL: ``pg_database_size``)."""
        ...

    async def settings_version(self) -> int:
        """Grows with every committed change of feeds, topics, channels or subscriptions: a
        process polls it and reloads what it caches when it moves."""
        ...

    async def get_meta(self, key: str) -> str | None: ...

    async def set_meta(self, key: str, value: str) -> None: ...

    # -- feeds ----------------------------------------------------------------------------------

    async def add_feed(
        self, url: str, name: str, now: datetime, *, scope: str | None = None
    ) -> Feed: ...

    async def rename_feed(self, feed_id: int, name: str) -> None: ...

    async def get_feed(self, feed_id: int) -> Feed | None: ...

    async def feed_by_url(self, url: str) -> Feed | None: ...

    async def list_feeds(self, *, scope: str | None = None) -> list[Feed]: ...

    async def remove_feed(self, feed_id: int) -> bool: ...

    async def due_feeds(
        self, now: datetime, *, feed_ids: Sequence[int] | None = None
    ) -> list[Feed]: ...

    async def claim_due_feeds(
        self, owner: str, now: datetime, *, lease: timedelta, limit: int = 100
    ) -> list[Feed]:
        """Due feeds that no unexpired lease holds, at most ``limit``, leased to ``owner`` until
        ``now + lease``; recording a fetch of a feed (``save_fetch``, ``record_fetch_state``)
        or ``release_feeds`` ends its lease, and an expired one is taken over. PostgreSQL:
        row leases (``FOR UPDATE SKIP LOCKED``), shared by every process; SQLite: claims held
        in this process's memory (one process per file)."""
        ...

    async def release_feeds(self, owner: str, feed_ids: Sequence[int]) -> int: ...

    async def feed_lease_holders(self, now: datetime) -> list[str]:
        """Who holds an unexpired feed lease at ``now``."""
        ...

    async def release_leases_of(self, owner: str) -> int:
        """End every feed lease ``owner`` holds (a dead process's); returns how many."""
        ...

    async def resume_feed(self, feed_id: int, now: datetime) -> bool: ...

    async def record_fetch_state(self, updates: Sequence[tuple[int, FeedUpdate]]) -> None: ...

    async def save_fetch(
        self,
        feed_id: int,
        items: Sequence[Item],
        update: FeedUpdate,
        *,
        first_fetch_is_backlog: bool = True,
    ) -> SaveResult: ...

    async def last_fetch_at(self) -> datetime | None: ...

    # -- items ----------------------------------------------------------------------------------

    async def count_items(self) -> int: ...

    async def item_ids_for_feed(self, feed_id: int) -> list[int]: ...

    async def get_items(self, item_ids: Sequence[int]) -> list[StoredItem]: ...

    async def item_languages(self, item_ids: Sequence[int]) -> dict[int, str]: ...

    async def recent_item_ids(self, since_at: datetime, *, limit: int = 20_000) -> list[int]: ...

    async def item_sources(self, item_id: int) -> list[tuple[int, str]]: ...

    async def item_outlets(self, item_ids: Sequence[int]) -> dict[int, str]: ...

    async def item_feeds(self, item_ids: Sequence[int]) -> dict[int, int]: ...

    async def unassigned_item_ids(self) -> list[int]: ...

    async def trace_items(self, item_id: int | None, url: str | None) -> list[ItemTrace]: ...

    # -- stories --------------------------------------------------------------------------------

    async def next_story_id(self) -> int:
        """The next unused story id, not reserved: right for one placing process only."""
        ...

    async def reserve_story_ids(self, count: int) -> int:
        """The first of ``count`` consecutive story ids that no other caller gets, in any
        process (PostgreSQL: an atomic counter), for a batch that may create that many."""
        ...

    async def save_story_assignments(
        self,
        assignments: Sequence[StoryAssignment],
        topic_hits: Sequence[tuple[int, str, tuple[str, ...]]],
        now: datetime,
        merges: Sequence[tuple[int, int]] = (),
    ) -> dict[int, int]:
        """Membership and hits of a batch, in one transaction, then the merges of stories an
        item bridged; first placement wins: returns the items another process placed meanwhile
        (their rows here are dropped) or whose story it merged away, each with its story."""
        ...

    async def window_items(self, since_at: datetime) -> list[WindowItem]: ...

    async def recent_story_texts(self, since_at: datetime) -> list[tuple[int, str, str]]: ...

    async def get_story(self, story_id: int) -> StoryRow | None: ...

    async def count_stories(self) -> int: ...

    async def story_members(self, story_id: int) -> list[StoryMember]: ...

    async def story_splits(self) -> list[tuple[int, int]]: ...

    async def splits_since(self, since_at: datetime) -> list[tuple[int, int, int, datetime]]: ...

    async def story_merges_since(self, since_at: datetime) -> list[tuple[int, int]]: ...

    async def split_story_item(self, split: StorySplit, note: str, now: datetime) -> None: ...

    async def story_sources(self, story_ids: Sequence[int]) -> dict[int, list[Source]]: ...

    # -- topics and their hits ------------------------------------------------------------------

    async def upsert_topic(self, topic: TopicRecord, now: datetime) -> None: ...

    async def get_topic(self, key: str) -> TopicRecord | None: ...

    async def list_topics(self, *, scope: str | None = None) -> list[TopicRecord]: ...

    async def topic_subscribers(self, key: str) -> list[ChannelRef]: ...

    async def remove_topic(self, key: str) -> bool: ...

    async def replace_topic_hits(
        self, topic_key: str, hits: Sequence[tuple[int, tuple[str, ...]]]
    ) -> None: ...

    async def delete_topic_hits(self, topic_key: str) -> None: ...

    async def last_hit_seq(self) -> int:
        """The last committed hit number; every hit up to it is committed (in both backends
        numbers follow commit order)."""
        ...

    # -- channels -------------------------------------------------------------------------------

    async def ensure_channel(
        self, ref: ChannelRef, *, timezone: str, schedule: str, now: datetime
    ) -> Channel: ...

    async def get_channel(self, ref: ChannelRef) -> Channel | None: ...

    async def list_channels(self) -> list[Channel]: ...

    async def set_schedule(self, ref: ChannelRef, schedule: str, timezone: str) -> None: ...

    async def set_channel_status(
        self, ref: ChannelRef, status: ChannelStatus, reason: str | None
    ) -> None: ...

    async def subscribe(self, ref: ChannelRef, keys: Sequence[str], now: datetime) -> list[str]: ...

    async def unsubscribe(self, ref: ChannelRef, keys: Sequence[str]) -> list[str]: ...

    async def subscriptions(self, ref: ChannelRef) -> list[str]: ...

    async def channels_fed_by(self, feed_id: int, scope: str | None) -> list[ChannelRef]: ...

    # -- digests --------------------------------------------------------------------------------

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
        dropped: Mapping[int, str] = ...,
        after_n: int,
        claim: DigestClaim | None = None,
        empty: bool = False,
    ) -> DigestRecord:
        """Refused (``DigestConflictError``) unless the channel's latest digest is still number
        ``after_n``: atomic across processes in both backends."""
        ...

    async def claim_digest(
        self, digest_id: str, claim: DigestClaim, now: datetime, *, take_from: str | None = None
    ) -> bool: ...

    async def pending_digest(self, channel: ChannelRef) -> DigestRecord | None: ...

    async def pending_digests(self) -> list[DigestRecord]: ...

    async def get_digest(self, digest_id: str) -> DigestRecord | None: ...

    async def mark_part_sent(
        self, digest_id: str, index: int, message_id: str, claim: DigestClaim | None = None
    ) -> None: ...

    async def mark_delivered(self, digest_id: str, now: datetime) -> None: ...

    async def record_attempt_failure(self, digest_id: str, error: str) -> None: ...

    async def slot_taken(self, channel: ChannelRef, slot_key: str) -> bool: ...

    async def last_delivered(self, channel: ChannelRef) -> DigestRecord | None: ...

    async def last_recorded(self, channel: ChannelRef) -> DigestRecord | None: ...

    async def last_scheduled(self, channel: ChannelRef) -> DigestRecord | None: ...

    async def digest_candidates(
        self,
        channel: ChannelRef,
        *,
        base: DigestRecord | None,
        upto_seq: int,
        published_after: datetime,
    ) -> list[tuple[StoryRow, bool]]: ...

    async def story_in_digests(
        self, channel: ChannelRef, story_id: int
    ) -> list[tuple[DigestRecord, str | None]]: ...

    async def count_digests(self, status: str) -> int: ...

    # -- retention ------------------------------------------------------------------------------

    async def prune_before(self, cutoff: datetime, *, batch: int = ...) -> PruneResult: ...

    async def oldest_item_at(self) -> datetime | None: ...
