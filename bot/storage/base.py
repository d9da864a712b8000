"""What both backends share: write transactions, the dialect hooks and schema versions.

Issue 18 adds PostgreSQL beside SQLite. The domain methods (``feeds.py``, ``stories.py``,
``digests.py``, ``channels.py``, ``retention.py``, ``splits.py``) are written once, in SQL both
databases run, against ``Tx``, a four-method view of one transaction. Each backend
(``sqlite/``, ``postgres/``) supplies the connection, the transaction, its migrations and the
few hooks below where the two dialects really differ (a list of ids as one parameter, the
aggregate that packs topic hits, new item ids, deferred foreign keys, row leases). One copy of
the domain logic means one set of rules: the dedupe of ``save_fetch`` or the windows of
``digest_candidates`` cannot drift apart between the backends, and one test suite checks both.

Parameters are written ``?`` in the shared SQL (the PostgreSQL backend numbers them) and values
cross as Python values: an aware ``datetime`` is ISO-8601 UTC text in SQLite (which sorts
chronologically) and a ``timestamptz`` in PostgreSQL, a ``bool`` 0/1 or ``boolean``; a naive
datetime is refused by both, since it would sort wrongly.

Writers: ``_write(*locks)`` opens one transaction. In SQLite it is ``BEGIN IMMEDIATE`` on the
single connection, so there is one writer and ``locks`` mean nothing more. In PostgreSQL several
processes write at once and ``locks`` name the advisory locks the transaction takes first, always
in ``Lock`` order (so two transactions never wait on each other in a cycle): they serialize the
few writes whose meaning depends on what committed before them (see ``Lock``).
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Iterable, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import IntEnum
from importlib import resources
from pathlib import Path
from types import TracebackType
from typing import Any, Protocol, Self, TypeVar

from bot.storage.errors import SchemaError

_MIGRATION_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")
SQL_VARS = 500  # stay well under SQLite's bound-parameter limit per IN (…) query
SETTINGS_VERSION_KEY = "settings_version"  # meta key: bumped by every change of settings
T = TypeVar("T")


class Lock(IntEnum):
    """What a PostgreSQL write transaction serializes with other processes, taken in this order.

    SETTINGS: topics, channels, subscriptions and feeds (read-then-write commands such as
    ``subscribe``). ITEMS: storing fetched documents. A document's dedupe reads the items that
    committed before it (two feeds carrying one article must make one item), so a store holds
    ITEMS shared plus a lock per link it carries and per feed (``_lock_document``): documents
    sharing no link store at once; removing a feed and pruning hold ITEMS alone. HITS:
    numbering topic hits (numbers must follow commit order, see ``stories.py``). DIGESTS:
    recording a digest (the channel's latest digest must still be the base it was built on)
    and reading the latest digest number when subscribing.
    """

    SETTINGS = 1
    ITEMS = 2
    HITS = 3
    DIGESTS = 4


def chunks(values: Sequence[T]) -> Iterable[Sequence[T]]:
    for start in range(0, len(values), SQL_VARS):
        yield values[start : start + SQL_VARS]


def marks(count: int) -> str:
    return ",".join("?" * count)


def ts(value: datetime) -> str:
    """An aware datetime as sortable UTC text (SQLite's representation)."""
    if value.tzinfo is None:
        raise ValueError("naive datetime reached the store")
    return value.astimezone(UTC).isoformat(timespec="microseconds")


def from_ts(value: str | datetime) -> datetime:
    """A stored time: ISO text from SQLite, an aware ``datetime`` from PostgreSQL."""
    if isinstance(value, datetime):
        return value.astimezone(UTC)
    return datetime.fromisoformat(value)


def opt_ts(value: str | datetime | None) -> datetime | None:
    return None if value is None else from_ts(value)


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    sql: str


def load_migrations(backend: str = "sqlite") -> list[Migration]:
    """The numbered ``NNNN_name.sql`` files of ``bot/storage/<backend>/migrations``, in order."""
    found: list[Migration] = []
    folder = resources.files(f"bot.storage.{backend}").joinpath("migrations")
    for entry in folder.iterdir():
        match = _MIGRATION_NAME.match(entry.name)
        if match:
            found.append(Migration(int(match.group(1)), entry.name, entry.read_text("utf-8")))
    found.sort(key=lambda m: m.version)
    for expected, migration in enumerate(found, start=1):
        if migration.version != expected:
            raise SchemaError(f"migration {migration.name}: expected version {expected}")
    return found


def newer_schema(where: str, current: int, latest: int) -> SchemaError:
    return SchemaError(
        f"{where}: database schema version {current} is newer than this bot supports "
        f"({latest}); upgrade the bot or restore a backup"
    )


class Tx(Protocol):
    """One open transaction (or, outside ``_write``, the connection): rows read by index or
    by column name."""

    async def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        """Run one statement; returns the number of rows it changed."""
        ...

    async def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None: ...

    async def fetchone(self, sql: str, params: Sequence[Any] = ()) -> Any: ...

    async def fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[Any]: ...


class StoreBase(ABC):
    """The connection, transactions and dialect hooks; domain methods live in mixins."""

    HITS_AGGREGATE: str
    """SQL packing a story's hits as ``key RS terms`` joined by US (``stories.story_select``)."""
    ID_LIST: str
    """``IN`` operand taking one parameter made by ``_id_list``: a list of integer ids."""
    FEED_RELEASE: str = ""
    """Appended to the feed update of a fetch: PostgreSQL ends the feed's lease there."""

    @abstractmethod
    def _write(self, *locks: Lock) -> AbstractAsyncContextManager[Tx]:
        """One write transaction, holding ``locks`` (see the module docstring)."""

    @abstractmethod
    async def _fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[Any]: ...

    @abstractmethod
    async def _fetchone(self, sql: str, params: Sequence[Any] = ()) -> Any: ...

    @abstractmethod
    def _id_list(self, ids: Iterable[int]) -> Any:
        """The parameter that ``ID_LIST`` reads."""

    @abstractmethod
    async def _new_item_ids(self, tx: Tx, count: int) -> list[int]:
        """Ids for ``count`` new items, inside the transaction that inserts them."""

    @abstractmethod
    async def _defer_foreign_keys(self, tx: Tx) -> None:
        """Check foreign keys at commit (stories and items point at each other)."""

    @abstractmethod
    async def schema_version(self) -> int: ...

    @abstractmethod
    async def close(self) -> None: ...

    @property
    @abstractmethod
    def path(self) -> Path | str:
        """The SQLite file, or the PostgreSQL URL without its password: for messages."""

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    @abstractmethod
    async def _lock_document(self, tx: Tx, feed_id: int, urls: Iterable[str]) -> None:
        """At the start of storing a document of ``feed_id`` carrying ``urls``: wait for any
        other transaction storing this feed or one of these links (``Lock.ITEMS``)."""

    @abstractmethod
    def _fetches_recorded(self, feed_ids: Iterable[int]) -> None:
        """The fetches of these feeds are committed: their claims end. PostgreSQL ends its
        leases in the same UPDATE (``FEED_RELEASE``); SQLite keeps claims in memory."""

    async def _bump_settings(self, tx: Tx) -> None:
        """Inside a settings write: other processes see the new version and reload."""
        await tx.execute(
            "INSERT INTO meta (key, value) VALUES (?, '1') ON CONFLICT (key) DO UPDATE SET "
            "value = CAST(CAST(meta.value AS BIGINT) + 1 AS TEXT)",
            (SETTINGS_VERSION_KEY,),
        )

    async def settings_version(self) -> int:
        """A number that grows with every change of feeds, topics, channels or subscriptions,
        committed with the change: a process polls it and reloads what it caches when it moves."""
        row = await self._fetchone("SELECT value FROM meta WHERE key = ?", (SETTINGS_VERSION_KEY,))
        return 0 if row is None else int(row[0])
