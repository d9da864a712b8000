"""Storage: the only package with SQL.

``Store`` is the contract the rest of the bot uses (``contract.py``); two backends implement it,
``sqlite/`` (the embedded default, one process per file) and ``postgres/`` (several processes on
one database, issue 18; the optional ``[postgres]`` extra, imported only when a URL asks for it).
The domain methods are written once over both (``base.py`` says how): ``feeds.py``,
``stories.py``, ``splits.py``, ``digests.py``, ``channels.py``, ``retention.py``. Method names
are domain intents and return the records below. Open one with
``async with await open_store(path_or_url) as store`` (``Store.open`` does the same).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.storage.backends import (
    POSTGRES_INSTALL,
    is_postgres_url,
    open_store,
    postgres_driver_installed,
    redact_url,
)
from bot.storage.base import load_migrations
from bot.storage.contract import Store
from bot.storage.digests import DigestClaim, DigestRecord
from bot.storage.errors import ConstraintError, DigestConflictError, SchemaError, StoreError
from bot.storage.feeds import FeedUpdate, SaveResult, StoredItem
from bot.storage.retention import PruneResult
from bot.storage.splits import StoryMember, StorySplit
from bot.storage.sqlite import SqliteStore
from bot.storage.stories import ItemTrace, StoryAssignment, StoryRow, WindowItem

if TYPE_CHECKING:  # mypy checks here that both backends keep the contract
    from bot.storage.postgres import PostgresStore

    _SQLITE: type[Store] = SqliteStore
    _POSTGRES: type[Store] = PostgresStore

__all__ = [
    "POSTGRES_INSTALL",
    "ConstraintError",
    "DigestClaim",
    "DigestConflictError",
    "DigestRecord",
    "FeedUpdate",
    "ItemTrace",
    "PruneResult",
    "SaveResult",
    "SchemaError",
    "SqliteStore",
    "Store",
    "StoreError",
    "StoredItem",
    "StoryAssignment",
    "StoryMember",
    "StoryRow",
    "StorySplit",
    "WindowItem",
    "is_postgres_url",
    "load_migrations",
    "open_store",
    "postgres_driver_installed",
    "redact_url",
]
