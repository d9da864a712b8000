"""Which backend a target opens, and what an operator reads when PostgreSQL cannot be used."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from bot.storage import SqliteStore, StoreError, open_store, redact_url
from tests.pg import PgServer, _free_port


async def test_a_url_opens_postgres_and_a_path_sqlite(tmp_path: Path, pg_url: str) -> None:
    from bot.storage.postgres import PostgresStore  # the [postgres] extra

    async with await open_store(pg_url) as pg, await open_store(tmp_path / "bot.db") as lite:
        assert isinstance(pg, PostgresStore)
        assert isinstance(lite, SqliteStore)
        assert pg.path == pg_url  # no password to hide here
        assert pg.database_bytes() == await pg.size_bytes() > 0


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("postgresql://bot:s3cret@db:5432/news", "postgresql://bot:***@db:5432/news"),
        ("postgres://bot@db/news", "postgres://bot@db/news"),
        ("postgresql://:s3cret@db/news", "postgresql://:***@db/news"),
    ],
    ids=["password", "no-password", "password-no-user"],
)
def test_a_password_never_reaches_a_message(url: str, shown: str) -> None:
    assert redact_url(url) == shown


async def test_without_the_driver_the_message_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "asyncpg" else real(name, *a)
    )
    with pytest.raises(StoreError, match=r"pip install 'news-digest-bot\[postgres\]'"):
        await open_store("postgresql://bot:s3cret@db.example/news")


async def test_an_unreachable_server_is_one_line(pg_server: PgServer) -> None:
    url = f"postgresql://bot:s3cret@127.0.0.1:{_free_port()}/news"
    with pytest.raises(StoreError, match="cannot be reached") as caught:
        await open_store(url)
    assert "s3cret" not in str(caught.value)


async def test_a_missing_database_is_one_line(pg_server: PgServer) -> None:
    with pytest.raises(StoreError, match=r"test_nowhere does not exist \(create it"):
        await open_store(pg_server.url("test_nowhere"))


async def test_postgres_refuses_a_file_path(tmp_path: Path, pg_server: PgServer) -> None:
    from bot.storage.postgres import PostgresStore  # the [postgres] extra

    with pytest.raises(StoreError, match="is not a postgresql:// URL"):
        await PostgresStore.open(tmp_path / "bot.db")
