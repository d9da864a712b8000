"""The parse workers' life: they serve the bot, ignore signals meant for it, and die with it.

Real spawned processes throughout: the pool the running bot uses (``[fetch] parse_workers``).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from bot.ingest.parser_pool import ParserPool
from tests.feedserver import TINY_FEED
from tests.paths import ROOT

NOW = datetime(2024, 5, 27, 12, 0, tzinfo=UTC)
URL = "http://127.0.0.1/feed.xml"

# A bot process that parses once in two workers, says their pids, and is then SIGKILLed: what
# the OOM killer or `kill -9` does to a running bot. Nothing of the pool is shut down.
HARD_KILLED_BOT = f"""
import asyncio, os, signal, sys
from datetime import datetime, UTC
from bot.ingest.parser_pool import ParserPool

async def main():
    pool = ParserPool(2)
    body = {TINY_FEED!r}
    now = datetime.now(UTC)
    await asyncio.gather(*(pool.parse(body, {{}}, {URL!r}, now, 100) for _ in range(4)))
    print(*pool._executor._processes, flush=True)
    os.kill(os.getpid(), signal.SIGKILL)

asyncio.run(main())
"""


def _alive(pid: int) -> bool:
    """Running (a zombie counts as gone: an orphan's reaper may be slow, or absent here)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state != "Z"


def _gone_within(pids: list[int], seconds: float) -> list[int]:
    deadline = time.monotonic() + seconds
    while any(map(_alive, pids)) and time.monotonic() < deadline:
        time.sleep(0.02)
    return [pid for pid in pids if _alive(pid)]


def _run(script: str) -> subprocess.CompletedProcess[str]:
    """``script`` in a fresh interpreter of ours, at the repository root; at most 60 s."""
    return subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", script],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_workers_exit_when_the_bot_is_killed_without_shutting_them_down() -> None:
    done = _run(HARD_KILLED_BOT)
    assert done.returncode == -signal.SIGKILL, done.stderr
    pids = [int(pid) for pid in done.stdout.split()]
    assert len(pids) == 2, done.stdout
    left = _gone_within(pids, 10.0)
    for pid in left:  # do not leave them behind if the test fails
        os.kill(pid, signal.SIGKILL)
    assert left == [], "workers outlived the bot"


# A bot whose parser crashes in one of two workers: the executor stops the other one with
# SIGTERM and joins it, then the pool is rebuilt; the bot parses on and exits. A worker that
# ignored SIGTERM made that join, and so the exit, hang.
CRASHED_WORKER_BOT = f"""
import asyncio, os, signal
from datetime import datetime, UTC
from bot.errors import FeedError
from bot.ingest.parser_pool import ParserPool

async def main():
    body, now = {TINY_FEED!r}, datetime.now(UTC)
    async with ParserPool(2) as pool:
        await asyncio.gather(*(pool.parse(body, {{}}, {URL!r}, now, 100) for _ in range(4)))
        first = pool._executor
        os.kill(next(iter(first._processes)), signal.SIGKILL)  # a crash inside the parser
        for _ in range(100):  # the executor notices the death within a parse or two
            try:
                document = await pool.parse(body, {{}}, {URL!r}, now, 100)
            except FeedError as e:
                print(e.kind, flush=True)
                continue
            if pool._executor is not first:
                break
            await asyncio.sleep(0.02)
        print(pool._executor is not first, [i.title for i in document.items], flush=True)

asyncio.run(main())
"""


def test_a_crashed_worker_breaks_one_parse_and_the_bot_still_exits() -> None:
    done = _run(CRASHED_WORKER_BOT)
    assert done.returncode == 0, done.stderr
    *crashed, last = done.stdout.splitlines()
    assert crashed == ["parser_crashed"], "one parse failed: the one the dead worker broke"
    assert last == "True ['Hello']", "the next ran in a new pool"


async def test_workers_parse_and_the_pool_closes() -> None:
    async with ParserPool(1) as pool:
        document = await pool.parse(TINY_FEED, {}, URL, NOW, 100)
        executor = pool._executor
        assert executor is not None
        (pid,) = executor._processes
        assert [i.title for i in document.items] == ["Hello"]
    assert pool._executor is None
    assert _gone_within([pid], 10.0) == []
