"""The SQLite store: the only package with SQL.

``Store`` combines one mixin per domain (feeds and items, stories, topics and channels, digests)
over ``StoreBase``, which owns the connection, the single-writer lock and migrations. Method names
are domain intents and return core records. Use ``async with await Store.open(path) as store``.
"""

from __future__ import annotations

from bot.storage.base import SchemaError, StoreBase, StoreError, load_migrations
from bot.storage.channels import ChannelStore
from bot.storage.digests import DigestClaim, DigestConflictError, DigestRecord, DigestStore
from bot.storage.feeds import FeedStore, FeedUpdate, SaveResult, StoredItem
from bot.storage.retention import PruneResult, RetentionStore
from bot.storage.splits import SplitStore, StoryMember, StorySplit
from bot.storage.stories import ItemTrace, StoryAssignment, StoryRow, StoryStore, WindowItem


class Store(
    FeedStore, DigestStore, StoryStore, SplitStore, ChannelStore, RetentionStore, StoreBase
):
    """The bot's SQLite file, with every domain's methods."""


__all__ = [
    "DigestClaim",
    "DigestConflictError",
    "DigestRecord",
    "FeedUpdate",
    "ItemTrace",
    "PruneResult",
    "SaveResult",
    "SchemaError",
    "Store",
    "StoreError",
    "StoredItem",
    "StoryAssignment",
    "StoryMember",
    "StoryRow",
    "StorySplit",
    "WindowItem",
    "load_migrations",
]
