"""What only the SQLite backend does: WAL and foreign keys on the file, one worker thread."""

from __future__ import annotations

import threading
from pathlib import Path

from bot.storage import SqliteStore, Store, open_store
from tests.storage.rig import NOW, item, ok


async def test_the_file_runs_in_wal_mode_with_foreign_keys(tmp_path: Path) -> None:
    async with await SqliteStore.open(tmp_path / "bot.db") as store:
        feed = await store.add_feed("https://news.example/rss", "Example", NOW)
        await store.save_fetch(feed.id, [item(1)], ok())
        row = await store._fetchone("PRAGMA journal_mode")
        assert row[0] == "wal"
        row = await store._fetchone("PRAGMA foreign_keys")
        assert row[0] == 1
        assert store.database_bytes() == await store.size_bytes() > 0


async def test_store_open_still_opens_a_file(tmp_path: Path) -> None:
    """The callers written before the contract call ``Store.open(path)``."""
    async with await Store.open(tmp_path / "bot.db") as store:
        assert isinstance(store, SqliteStore)
        assert store.path == tmp_path / "bot.db"
    async with await open_store(str(tmp_path / "other.db")) as other:
        assert isinstance(other, SqliteStore)


async def test_close_ends_the_worker_thread(tmp_path: Path) -> None:
    def workers() -> set[threading.Thread]:
        # asyncio's default executor threads are the event loop's, not the store's
        return {t for t in threading.enumerate() if not t.name.startswith("asyncio_")}

    before = workers()
    store = await SqliteStore.open(tmp_path / "bot.db")
    [worker] = workers() - before
    await store.close()
    assert not worker.is_alive()
    assert workers() == before
