"""The SQLite store: the only package with SQL.

``Store`` combines one mixin per domain (feeds and items, stories, topics and channels, digests)
over ``StoreBase``, which owns the connection, the single-writer lock and migrations. Method names
are domain intents and return core records. Use ``async with await Store.open(path) as store``.
"""

from __future__ import annotations

from bot.storage.base import SchemaError, StoreBase, load_migrations
from bot.storage.feeds import FeedStore, FeedUpdate, SaveResult, StoredItem


class Store(FeedStore, StoreBase):
    """The bot's SQLite file, with every domain's methods."""


__all__ = [
    "FeedUpdate",
    "SaveResult",
    "SchemaError",
    "Store",
    "StoredItem",
    "load_migrations",
]
