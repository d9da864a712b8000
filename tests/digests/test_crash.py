"""Nothing lost, nothing repeated: the bot process is SIGKILLed between record, send and mark.

Each test prepares a database with news for ``console:desk``, then runs the real CLI
(``python -m bot digest console:desk``) as a subprocess with a failpoint that kills it with
SIGKILL at one point of delivery, restarts it without one, and checks that the digest appears in
the console output exactly once.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from bot.app import open_app
from bot.config import load_config
from bot.core.model import ChannelRef
from bot.digests.failpoints import ENV
from bot.storage import Store
from tests.feedserver import FeedServer
from tests.livefeed import LiveFeed, load_headlines
from tests.paths import DATA, ROOT

OUTLETS = DATA / "outlets"
DESK = ChannelRef("console", "desk")


def write_config(tmp_path: Path, feed_url: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(
        f"""
[bot]
console_output = "{tmp_path / "digests.txt"}"
log_level = "WARNING"
[database]
path = "{tmp_path / "bot.db"}"
[fetch]
allow_private_addresses = true
parse_workers = 0
[[feeds]]
url = "{feed_url}"
name = "Outlet"
[[channels]]
id = "console:desk"
topics = ["japan-korea", "north-korea", "china-us", "taiwan"]
""",
        encoding="utf-8",
    )
    return path


async def prepare(tmp_path: Path) -> Path:
    """A database whose channel has undelivered news: real headlines published just now."""
    async with FeedServer() as server:
        live = LiveFeed(server, "live/outlet.xml", load_headlines(topics={"north-korea"}))
        config_path = write_config(tmp_path, live.url)
        config = load_config(config_path, {})
        async with open_app(config) as app:
            live.publish(4, at=app.clock())
            await app.service.poll(every_feed=True)
            assert not (await app.service.preview(DESK)).is_empty
    return config_path


def run_digest(config: Path, failpoint: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != ENV}
    if failpoint:
        env[ENV] = failpoint
    return subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "bot", "--config", str(config), "digest", "console:desk"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


async def digest_rows(config: Path) -> list[tuple[str, str, int]]:
    async with await Store.open(load_config(config, {}).database.path) as store:
        rows = await store._fetchall(
            "SELECT id, status, parts_sent FROM digests ORDER BY created_at"
        )
    return [(r[0], r[1], r[2]) for r in rows]


@pytest.mark.parametrize(
    ("failpoint", "printed_before", "printed_in_all"),
    [("after_record", 0, 1), ("console_recorded", 0, 0), ("after_deliver", 1, 1)],
    ids=["after-record", "between-file-and-terminal", "after-deliver"],
)
async def test_killed_delivery_is_neither_lost_nor_repeated(
    tmp_path: Path, failpoint: str, printed_before: int, printed_in_all: int
) -> None:
    """The output file is the console's record: a digest appears there exactly once wherever
    the process dies. Killed between writing the file and the terminal, the terminal never
    shows it (the resend finds it written): the record wins over a second print."""
    config = await prepare(tmp_path)
    output = tmp_path / "digests.txt"

    killed = run_digest(config, failpoint)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    [(digest_id, status, _)] = await digest_rows(config)
    assert status == "pending", "recorded before sending, not marked delivered"
    assert killed.stdout.count(digest_id) == printed_before

    restarted = run_digest(config)
    assert restarted.returncode == 0, restarted.stderr
    assert await digest_rows(config) == [(digest_id, "delivered", 1)]
    assert printed_before + restarted.stdout.count(digest_id) == printed_in_all
    assert output.read_text(encoding="utf-8").count(f"[digest {digest_id}]") == 1

    third = run_digest(config)
    assert third.returncode == 0, third.stderr
    assert digest_id not in third.stdout
    assert "empty" in third.stdout, "nothing new: a delivered digest is never sent again"
