"""Copy a SQLite file into PostgreSQL: the move from one process to several (issue 18).

``copy_sqlite_to_postgres(path, url)`` copies every table, safe to run again: into an empty
PostgreSQL database it copies everything in ONE transaction (a copy that fails or is killed
leaves the database empty, so running it again starts over), then checks that both sides hold
the same rows; into a database that already holds data it copies nothing and only checks, so a
second run after a good one says "already copied", and a run against a database the bot has
used since (or another bot's) refuses instead of mixing two histories. Upserts were the other
choice; they would overwrite what PostgreSQL processes wrote since the first copy.

Both databases are opened with their stores first, so both are migrated to this bot's schema;
rows go in with PostgreSQL's binary COPY, converted to its types (ISO text to ``timestamptz``,
0/1 to ``boolean``) by the column types PostgreSQL reports. The check hashes every row of every
table in a form both sides share, summed so that row order does not matter.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import asyncpg

from bot.storage.backends import redact_url
from bot.storage.base import from_ts, ts
from bot.storage.errors import StoreError
from bot.storage.postgres.driver import DRIVER_ERRORS, store_error
from bot.storage.postgres.store import PostgresStore
from bot.storage.sqlite import SqliteStore

log = logging.getLogger(__name__)

TABLES = (
    "feeds", "items", "item_sources", "stories", "topics", "story_topics", "channels",
    "subscriptions", "digests", "digest_stories", "story_splits", "story_merges", "meta",
)  # fmt: skip
"""Every table, parents first (items and stories point at each other: checked at commit)."""
POSTGRES_ONLY = {("feeds", "lease_owner"), ("feeds", "lease_until")}
IDENTITIES = ("feeds", "items")  # their sequences move past the copied ids
BATCH = 5000
HASH_MOD = 2**256


@dataclass(frozen=True, slots=True)
class CopyResult:
    rows: dict[str, int]
    """Rows per table, as both databases now hold them."""
    copied: bool
    """False: the database held exactly these rows already (a second run)."""


async def copy_sqlite_to_postgres(sqlite_path: str | os.PathLike[str], url: str) -> CopyResult:
    """Copy every table of the SQLite file into the PostgreSQL database at ``url``."""
    where = redact_url(url)
    async with await SqliteStore.open(sqlite_path) as lite:
        async with await PostgresStore.open(url):
            pass  # migrated to this bot's schema
        try:
            con = await asyncpg.connect(url)
        except DRIVER_ERRORS as e:
            raise store_error(where, e) from e
        try:
            return await _copy(lite, con, where)
        except DRIVER_ERRORS as e:
            raise store_error(where, e) from e
        finally:
            await con.close()


async def _copy(lite: SqliteStore, con: asyncpg.Connection[Any], where: str) -> CopyResult:
    columns = await _columns(con)
    data = [t for t in TABLES if t != "meta"]
    held = {t: int(await con.fetchval(f"SELECT count(*) FROM {t}")) for t in data}
    copied = not any(held.values())
    if copied:
        async with con.transaction():
            await con.execute("SET CONSTRAINTS ALL DEFERRED")
            await con.execute("DELETE FROM meta")  # the migration's counters give way to the file's
            for table in TABLES:
                names = [name for name, _ in columns[table]]
                convert = [_TO_POSTGRES[kind] for _, kind in columns[table]]
                async for batch in lite.table_rows(table, names, batch=BATCH):
                    converted = [
                        tuple(f(v) for f, v in zip(convert, r, strict=True)) for r in batch
                    ]
                    await con.copy_records_to_table(table, records=converted, columns=names)
            for table in IDENTITIES:
                await con.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"coalesce((SELECT max(id) FROM {table}), 0) + 1, false)"
                )
    rows: dict[str, int] = {}
    for table in TABLES:
        lite_hash, count = await _sqlite_hash(lite, table, columns[table])
        pg_hash, pg_count = await _postgres_hash(con, table, columns[table])
        if (lite_hash, count) != (pg_hash, pg_count):
            what = "the copy differs from" if copied else "it already holds other data than"
            raise StoreError(
                f"database {where}: {what} {lite.path} in table {table} ({pg_count} rows against "
                f"{count}); copy only into an empty database"
            )
        rows[table] = count
    log.info("database copied=%s from=%s to=%s rows=%s", copied, lite.path, where, rows)
    return CopyResult(rows, copied)


async def _columns(con: asyncpg.Connection[Any]) -> dict[str, list[tuple[str, str]]]:
    """Each table's (column, type) in PostgreSQL's order, less PostgreSQL's own columns."""
    found: dict[str, list[tuple[str, str]]] = {t: [] for t in TABLES}
    for r in await con.fetch(
        "SELECT table_name, column_name, data_type FROM information_schema.columns "
        "WHERE table_schema = current_schema() AND table_name = ANY($1) ORDER BY ordinal_position",
        list(TABLES),
    ):
        if (r[0], r[1]) not in POSTGRES_ONLY:
            found[r[0]].append((r[1], r[2]))
    return found


def _same(value: Any) -> Any:
    return value


def _opt(convert: Callable[[Any], Any]) -> Callable[[Any], Any]:
    return lambda value: None if value is None else convert(value)


_TO_POSTGRES: dict[str, Callable[[Any], Any]] = {
    "timestamp with time zone": _opt(from_ts),
    "boolean": _opt(bool),
    "double precision": _opt(float),
    "bigint": _opt(int),
    "integer": _opt(int),
    "text": _same,
}
_SHARED_FORM: dict[str, Callable[[Any], Any]] = {
    "timestamp with time zone": _opt(lambda v: ts(from_ts(v))),
    "boolean": _opt(int),
    "double precision": _opt(float),
    "bigint": _opt(int),
    "integer": _opt(int),
    "text": _same,
}


def _row_hash(kinds: Sequence[Callable[[Any], Any]], row: Sequence[Any]) -> int:
    shared = [f(v) for f, v in zip(kinds, row, strict=True)]
    text = json.dumps(shared, ensure_ascii=False, separators=(",", ":"))
    return int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest(), "big")


async def _sqlite_hash(
    lite: SqliteStore, table: str, columns: Sequence[tuple[str, str]]
) -> tuple[int, int]:
    kinds = [_SHARED_FORM[kind] for _, kind in columns]
    total = count = 0
    async for batch in lite.table_rows(table, [name for name, _ in columns], batch=BATCH):
        for row in batch:
            total = (total + _row_hash(kinds, row)) % HASH_MOD
            count += 1
    return total, count


async def _postgres_hash(
    con: asyncpg.Connection[Any], table: str, columns: Sequence[tuple[str, str]]
) -> tuple[int, int]:
    kinds = [_SHARED_FORM[kind] for _, kind in columns]
    names = ", ".join(name for name, _ in columns)
    total = count = 0
    async with con.transaction():
        async for row in con.cursor(f"SELECT {names} FROM {table}", prefetch=BATCH):
            total = (total + _row_hash(kinds, row)) % HASH_MOD
            count += 1
    return total, count
