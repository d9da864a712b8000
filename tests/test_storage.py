from __future__ import annotations

import sqlite3
import threading
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.core.model import FeedStatus, Item
from bot.errors import UserError
from bot.storage import FeedUpdate, SchemaError, Store, load_migrations

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


def item(
    n: int,
    *,
    url: str | None = None,
    title: str | None = None,
    identity: str | None = None,
    published_at: datetime = NOW,
) -> Item:
    title = title or f"Headline {n}"
    return Item(
        identity=identity or f"guid:{n}",
        url=f"https://news.example/{n}" if url is None else url,
        title=title,
        summary=f"Summary {n}",
        published_at=published_at,
        first_seen_at=NOW,
        date_estimated=False,
        title_key=title.lower(),
    )


def ok(now: datetime = NOW, etag: str | None = '"e1"') -> FeedUpdate:
    return FeedUpdate(
        fetched_at=now,
        next_fetch_at=now + timedelta(minutes=15),
        status=FeedStatus.OK,
        etag=etag,
        last_modified="Wed, 25 Nov 2026 08:00:00 GMT",
    )


async def test_file_database_survives_reopen(tmp_path: Path) -> None:
    path = tmp_path / "bot.db"
    async with await Store.open(path) as store:
        feed = await store.add_feed("https://news.example/rss", "Example", NOW)
        saved = await store.save_fetch(feed.id, [item(1), item(2)], ok())
        assert len(saved.new_items) == 2
    async with await Store.open(path) as store:
        feeds = await store.list_feeds()
        assert [(f.url, f.etag, f.item_count) for f in feeds] == [
            ("https://news.example/rss", '"e1"', 2)
        ]
        assert await store.count_items() == 2
        row = await store._fetchone("PRAGMA journal_mode")
        assert row[0] == "wal"
        row = await store._fetchone("PRAGMA foreign_keys")
        assert row[0] == 1


async def test_close_ends_the_worker_thread(tmp_path: Path) -> None:
    def workers() -> set[threading.Thread]:
        # asyncio's default executor threads are the event loop's, not the store's
        return {t for t in threading.enumerate() if not t.name.startswith("asyncio_")}

    before = workers()
    store = await Store.open(tmp_path / "bot.db")
    [worker] = workers() - before
    await store.close()
    assert not worker.is_alive()
    assert workers() == before


async def test_first_fetch_is_backlog_later_ones_are_not(tmp_path: Path) -> None:
    async with await Store.open(tmp_path / "bot.db") as store:
        feed = await store.add_feed("https://news.example/rss", "Example", NOW)
        first = await store.save_fetch(feed.id, [item(1)], ok())
        second = await store.save_fetch(feed.id, [item(1), item(2)], ok())
        assert [s.backlog for s in first.new_items] == [True]
        assert [(s.item.identity, s.backlog) for s in second.new_items] == [("guid:2", False)]
        assert second.known == 1


@pytest.mark.parametrize(
    ("again", "new"),
    [
        (item(1, identity="guid:changed"), 0),  # new guid, same canonical link
        (item(1, url="", identity="guid:x", title="Headline 1"), 0),  # same title, 48 h, no link
        (
            item(
                1, url="https://news.example/other", identity="guid:y", title="HEADLINE 1".lower()
            ),
            0,
        ),
        (item(1, url="", identity="guid:z", published_at=NOW + timedelta(hours=49)), 1),
        (item(9), 1),
    ],
    ids=[
        "new-guid-same-link",
        "same-title-no-link",
        "same-title-new-link",
        "same-title-too-late",
        "different",
    ],
)
async def test_within_feed_dedupe(tmp_path: Path, again: Item, new: int) -> None:
    async with await Store.open(tmp_path / "bot.db") as store:
        feed = await store.add_feed("https://news.example/rss", "Example", NOW)
        await store.save_fetch(feed.id, [item(1)], ok())
        saved = await store.save_fetch(feed.id, [again], ok())
        assert len(saved.new_items) == new
        assert await store.count_items() == 1 + new


async def test_same_link_in_two_feeds_is_one_item_with_two_sources(tmp_path: Path) -> None:
    async with await Store.open(tmp_path / "bot.db") as store:
        a = await store.add_feed("https://a.example/rss", "A", NOW)
        b = await store.add_feed("https://b.example/rss", "B", NOW)
        await store.save_fetch(a.id, [item(1, identity="guid:a1")], ok())
        saved = await store.save_fetch(b.id, [item(1, identity="guid:b7")], ok())
        assert saved.new_items == ()
        assert await store.count_items() == 1
        [stored] = await store.get_items(await store.item_ids_for_feed(a.id))
        assert await store.item_sources(stored.id) == [(a.id, "guid:a1"), (b.id, "guid:b7")]


async def test_duplicate_feed_is_a_user_error(tmp_path: Path) -> None:
    async with await Store.open(tmp_path / "bot.db") as store:
        await store.add_feed("https://a.example/rss", "A", NOW)
        with pytest.raises(UserError, match="already added"):
            await store.add_feed("https://a.example/rss", "A again", NOW)


async def test_due_feeds_and_fetch_state(tmp_path: Path) -> None:
    async with await Store.open(tmp_path / "bot.db") as store:
        feed = await store.add_feed("https://a.example/rss", "A", NOW)
        assert [f.id for f in await store.due_feeds(NOW)] == [feed.id]
        failed = FeedUpdate(
            fetched_at=NOW,
            next_fetch_at=NOW + timedelta(hours=1),
            status=FeedStatus.FAILING,
            success=False,
            error_count=1,
            error_kind="http_500",
            last_error="HTTP 500",
            failing_since_at=NOW,
        )
        await store.record_fetch_state([(feed.id, failed)])
        assert await store.due_feeds(NOW) == []
        got = await store.get_feed(feed.id)
        assert got is not None
        assert (got.status, got.error_kind, got.error_count, got.etag) == (
            FeedStatus.FAILING,
            "http_500",
            1,
            None,
        )
        assert [f.id for f in await store.due_feeds(NOW + timedelta(hours=1))] == [feed.id]
        assert await store.resume_feed(feed.id, NOW)
        resumed = await store.get_feed(feed.id)
        assert resumed is not None
        assert resumed.status is FeedStatus.OK


async def test_failed_transaction_rolls_back_everything(tmp_path: Path) -> None:
    async with await Store.open(tmp_path / "bot.db") as store:
        feed = await store.add_feed("https://a.example/rss", "A", NOW)
        naive = item(2, published_at=datetime(2026, 1, 1))  # noqa: DTZ001 - the bug under test
        with pytest.raises(ValueError, match="naive"):
            await store.save_fetch(feed.id, [item(1), naive], ok())
        assert await store.count_items() == 0
        got = await store.get_feed(feed.id)
        assert got is not None
        assert got.etag is None


def _create_version(path: Path, version: int) -> None:
    con = sqlite3.connect(path, isolation_level=None)
    for migration in load_migrations()[:version]:
        con.executescript(migration.sql)
    con.close()


async def test_migrates_an_old_version_file_keeping_data(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    _create_version(path, 1)
    con = sqlite3.connect(path)
    con.execute(
        "INSERT INTO feeds (url, name, added_at, next_fetch_at) VALUES (?, ?, ?, ?)",
        ("https://old.example/rss", "Old", NOW.isoformat(), NOW.isoformat()),
    )
    con.commit()
    con.close()
    async with await Store.open(path) as store:
        assert await store.schema_version() == load_migrations()[-1].version
        assert [f.name for f in await store.list_feeds()] == ["Old"]


async def test_feed_language_migration_keeps_feeds_and_records_the_declared_language(
    tmp_path: Path,
) -> None:
    # a database written by the release before issue 15 (schema 3) gains feeds.language
    path = tmp_path / "v3.db"
    _create_version(path, 3)
    con = sqlite3.connect(path)
    con.execute(
        "INSERT INTO feeds (url, name, added_at, next_fetch_at) VALUES (?, ?, ?, ?)",
        ("https://old.example/rss", "Old", NOW.isoformat(), NOW.isoformat()),
    )
    con.commit()
    con.close()
    async with await Store.open(path) as store:
        [feed] = await store.list_feeds()
        assert feed.name == "Old"
        saved = await store.save_fetch(feed.id, [item(1)], replace(ok(), language="uk"))
        ids = [s.id for s in saved.new_items]
        assert await store.item_languages(ids) == {ids[0]: "uk"}
        await store.save_fetch(feed.id, [item(2)], ok())  # a fetch without one keeps it
        assert await store.item_languages(ids) == {ids[0]: "uk"}
    con = sqlite3.connect(path)
    assert con.execute("SELECT language FROM feeds").fetchall() == [("uk",)]
    con.close()


async def test_refuses_a_newer_schema(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    con = sqlite3.connect(path)
    con.execute("PRAGMA user_version = 999")
    con.close()
    with pytest.raises(SchemaError, match="newer than this bot"):
        await Store.open(path)


def test_migrations_are_numbered_and_transactional() -> None:
    migrations = load_migrations()
    assert [m.version for m in migrations] == list(range(1, len(migrations) + 1))
    for m in migrations:
        assert m.sql.lstrip().splitlines()[0].startswith("--"), m.name
        assert "BEGIN;" in m.sql, m.name
        assert m.sql.rstrip().endswith("COMMIT;"), m.name
        assert f"PRAGMA user_version = {m.version};" in m.sql, m.name
