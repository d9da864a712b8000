"""``python -m bot migrate-db --to URL`` (issue 18): the SQLite file of a bot that has run (the
0.1.0 release's database, upgraded on open) copied into a real PostgreSQL database, through the
real command line; safe to run again, refused while the bot runs, clear about bad input."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from bot.__main__ import main
from bot.runlock import RunLock
from tests.paths import DATA

RELEASE_DB = DATA / "db" / "release-0.1.0.db"


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _rows(path: Path, table: str) -> int:
    with sqlite3.connect(path) as con:
        return int(con.execute(f"SELECT count(*) FROM {table}").fetchone()[0])  # noqa: S608 - our table names


def test_the_sqlite_database_is_copied_once_then_checked(
    pg_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "news-digest.db"
    shutil.copy(RELEASE_DB, db)
    code, out, err = _run(capsys, "--db", str(db), "migrate-db", "--to", pg_url)
    assert code == 0, err
    assert out.startswith("copied: ")
    assert f"  items: {_rows(db, 'items')}\n" in out
    assert f"  feeds: {_rows(db, 'feeds')}\n" in out
    code, out, err = _run(capsys, "--db", str(db), "migrate-db", "--to", pg_url)
    assert code == 0, err
    assert out.startswith("already copied")
    code, out, err = _run(capsys, "--db", pg_url, "status", "--json")
    assert code == 0, err
    assert f'"items": {_rows(db, "items")}' in out, "the bot reads the copy"


def test_a_running_bot_blocks_the_copy(
    pg_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "news-digest.db"
    shutil.copy(RELEASE_DB, db)
    with RunLock(db):
        code, _, err = _run(capsys, "--db", str(db), "migrate-db", "--to", pg_url)
    assert code == 1
    assert "already running" in err


@pytest.mark.parametrize(
    ("to", "message"),
    [
        ("sqlite:///x.db", "--to: expected a postgresql:// URL"),
        ("https://bot:hunter2@db.example/news", "--to: expected a postgresql:// URL"),
    ],
    ids=["sqlite-url", "http-url-with-password"],
)
def test_a_bad_target_is_refused_without_its_password(
    to: str, message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "news-digest.db"
    shutil.copy(RELEASE_DB, db)
    code, _, err = _run(capsys, "--db", str(db), "migrate-db", "--to", to)
    assert code == 2
    assert message in err
    assert "hunter2" not in err


def test_a_missing_sqlite_file_is_named_and_not_created(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "missing.db"
    code, _, err = _run(
        capsys, "--db", str(db), "migrate-db", "--to", "postgresql://bot@127.0.0.1:1/news"
    )
    assert code == 2
    assert f"no SQLite database at {db}" in err
    assert not db.exists()
