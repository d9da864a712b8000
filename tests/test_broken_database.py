"""A database the bot cannot use: one line naming the file and what is wrong, exit 1 (issue 13).

Each broken file is made from a real database written by the bot, then every command below runs
as a real subprocess against it: no traceback, the same clean failure for ``poll`` as for
``status``. The read-only case runs the command as an unprivileged user when the tests run as
root (root ignores file permissions).
"""

from __future__ import annotations

import asyncio
import os
import shlex
import shutil
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.storage import Store
from tests.paths import ROOT


def healthy_database(path: Path) -> None:
    async def write() -> None:
        async with await Store.open(path) as store:
            from datetime import UTC, datetime

            await store.add_feed("https://example.com/feed.xml", "Example", datetime.now(UTC))

    asyncio.run(write())


def truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[:1000])


def not_sqlite(path: Path) -> None:
    path.write_text("this is a shopping list, not a database\n" * 50, encoding="utf-8")


def drop_table(path: Path) -> None:
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA foreign_keys = OFF")
        db.execute("DROP TABLE feeds")


def corrupt_pages(path: Path) -> None:
    with sqlite3.connect(path) as db:
        page = db.execute("PRAGMA page_size").fetchone()[0]
        pages = db.execute("PRAGMA page_count").fetchone()[0]
    assert pages > 3
    data = bytearray(path.read_bytes())
    for index in range(1, pages):  # every page but the header's: b-tree pages become noise
        start = index * page
        data[start : start + page] = bytes((i * 7 + 13) % 256 for i in range(page))
    path.write_bytes(bytes(data))


BREAKERS: dict[str, Callable[[Path], None]] = {
    "truncated": truncate,
    "not-sqlite": not_sqlite,
    "dropped-table": drop_table,
    "corrupted-pages": corrupt_pages,
}
EXPECTED = {
    "truncated": "",
    "not-sqlite": "is not a SQLite database",
    "dropped-table": "is missing a table",
    "corrupted-pages": "",
}


def run(db: Path, *argv: str, read_only_mount: bool = False) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "bot", "--db", str(db), *argv]
    if read_only_mount:
        # root ignores file permissions: show the bot a read-only file system instead, in a
        # mount namespace of its own (nothing outside the command sees the mount)
        folder = shlex.quote(str(db.parent))
        command = [
            "unshare",
            "--mount",
            "sh",
            "-c",
            f"mount --bind {folder} {folder} && mount -o remount,bind,ro {folder} && "
            + shlex.join(command),
        ]
    return subprocess.run(  # noqa: S603 - our own interpreter and module
        command, cwd=ROOT, capture_output=True, text=True, timeout=60, check=False
    )


def assert_one_clean_line(result: subprocess.CompletedProcess[str], db: Path, hint: str) -> None:
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"error: database {db}"), lines[0]
    assert hint in lines[0]


@pytest.mark.parametrize("broken", list(BREAKERS), ids=list(BREAKERS))
@pytest.mark.parametrize("command", [("status",), ("poll",), ("feeds", "list")], ids=" ".join)
def test_a_database_the_bot_cannot_use(
    tmp_path: Path, broken: str, command: tuple[str, ...]
) -> None:
    db = tmp_path / "bot.db"
    healthy_database(db)
    BREAKERS[broken](db)
    assert_one_clean_line(run(db, *command), db, EXPECTED[broken])


def _can_mount_read_only() -> bool:
    probe = subprocess.run(
        [  # noqa: S607 - util-linux's unshare, found on PATH like the tests' other tools
            "unshare",
            "--mount",
            "sh",
            "-c",
            "mount --bind / /mnt && mount -o remount,bind,ro /mnt",
        ],
        capture_output=True,
        check=False,
    )
    return probe.returncode == 0


def test_a_read_only_database(tmp_path: Path) -> None:
    db = tmp_path / "bot.db"
    healthy_database(db)
    for suffix in ("-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    as_root = os.geteuid() == 0
    if as_root and not (shutil.which("unshare") and _can_mount_read_only()):
        pytest.skip("running as root where no read-only mount can be made: root ignores chmod")
    if not as_root:
        db.chmod(stat.S_IRUSR)
        tmp_path.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        result = run(db, "feeds", "add", "https://example.org/feed.xml", read_only_mount=as_root)
    finally:
        tmp_path.chmod(stat.S_IRWXU)
    assert_one_clean_line(result, db, "read-only")
