"""Scale-out: 1, 2 and 4 processes polling the same loopback feeds through PostgreSQL leases,
beside SQLite's single process (issue 18).

For N = 2,000 feeds (``BENCH_SCALEOUT_FEEDS``) served by ``bench.feedserver``, each process
runs the bot's real ingest (``Poller``: fetch → parse → normalize → dedupe → store) over the
feeds it leases: ``claim_due_feeds`` a batch of 40 (the poller's ``max_in_flight``), poll exactly
those, until none is due. Story grouping is left out: it is per process, and several processes
grouping into one story table is the next step of the issue, not the store's. One JSON line per
backend, process count and pass (``cold``, then ``all_304``): feeds/s and items/s over the
wall time from "go" to the last process done, every process's share of the feeds, and
``fetched_twice`` / ``not_fetched`` from the per-feed fetch counts (both must be 0; ``failed``
counts fetches of the captures that are broken on purpose).

PostgreSQL is a throwaway server ``tests/pg.py`` starts from the machine's server binaries
(or ``NEWS_DIGEST_TEST_PG_URL``). Run alone: ``python -m bench.scaleout``.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench.feedserver import serving

ROOT = Path(__file__).resolve().parent.parent
FEEDS = int(os.environ.get("BENCH_SCALEOUT_FEEDS", "2000"))
PROCESSES = (1, 2, 4)
BATCH = 40
LEASE = timedelta(minutes=10)
PASSES = {"cold": timedelta(0), "all_304": timedelta(days=1)}  # the clock's offset per pass


async def _worker(target: str, offset: timedelta) -> dict[str, object]:
    """One bot process's polling loop over leased feeds; waits for "go" on stdin first."""
    from bot.ingest.fetch import Fetcher, FetchSettings
    from bot.ingest.parser_pool import ParserPool
    from bot.ingest.poller import Poller, PollSettings
    from bot.storage import open_store

    def clock() -> datetime:
        return datetime.now(UTC) + offset

    owner = f"bench-{os.getpid()}-{uuid.uuid4().hex[:6]}"
    fetched: list[int] = []
    items = failed = 0
    settings = FetchSettings(allow_private_addresses=True, total_timeout_s=120)
    async with (
        Fetcher(settings) as fetcher,
        await open_store(target) as store,
        ParserPool(0) as parser,
    ):
        poller = Poller(store, fetcher, clock, PollSettings(), parser=parser)
        sys.stdout.write("ready\n")
        sys.stdout.flush()
        await asyncio.to_thread(sys.stdin.readline)
        while batch := await store.claim_due_feeds(owner, clock(), lease=LEASE, limit=BATCH):
            summary = await poller.poll_due_feeds(feed_ids=[f.id for f in batch])
            fetched += [r.feed_id for r in summary.results]
            failed += sum(r.error is not None for r in summary.results)
            items += summary.new_items
    return {"owner": owner, "fetched": fetched, "items": items, "failed": failed}


async def _prepare(target: str, port: int) -> None:
    from bot.storage import open_store

    now = datetime.now(UTC)
    async with await open_store(target) as store:
        for i in range(FEEDS):
            await store.add_feed(f"http://127.0.0.1:{port}/feed/{i}.xml", f"f{i}", now)


def _pass(target: str, processes: int, offset: timedelta) -> dict[str, object]:
    workers = [
        subprocess.Popen(
            [sys.executable, "-m", "bench.scaleout", "--worker", target, str(offset.days)],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(processes)
    ]
    for w in workers:
        assert w.stdout is not None
        assert w.stdout.readline().strip() == "ready"
    started = time.perf_counter()
    for w in workers:
        assert w.stdin is not None
        w.stdin.write("go\n")
        w.stdin.flush()
    outs = [json.loads(w.communicate(timeout=1800)[0].splitlines()[-1]) for w in workers]
    seconds = time.perf_counter() - started
    counts = Counter(i for o in outs for i in o["fetched"])
    items = sum(int(o["items"]) for o in outs)
    return {
        "feeds_per_s": round(len(counts) / seconds, 1),
        "items_per_s": round(items / seconds, 1),
        "items": items,
        "failed": sum(int(o["failed"]) for o in outs),  # broken captures, on purpose
        "seconds": round(seconds, 1),
        "share_pct": sorted(round(100 * len(o["fetched"]) / FEEDS, 1) for o in outs),
        "fetched_twice": sum(1 for c in counts.values() if c > 1),
        "not_fetched": FEEDS - len(counts),
    }


@contextmanager
def _postgres() -> Iterator[str | None]:
    """The URL of a server's admin database, or None (the row says why it is missing)."""
    from tests.pg import find_bindir, start_server

    if os.environ.get("NEWS_DIGEST_TEST_PG_URL"):
        yield os.environ["NEWS_DIGEST_TEST_PG_URL"]
        return
    bindir = find_bindir()
    if bindir is None:
        yield None
        return
    server = start_server(bindir)
    try:
        yield server.url(server.admin_db)
    finally:
        server.stop()


async def _new_database(admin_url: str) -> str:
    import asyncpg

    name = f"bench_{uuid.uuid4().hex[:10]}"
    con = await asyncpg.connect(admin_url)
    try:
        await con.execute(f'CREATE DATABASE "{name}"')
    finally:
        await con.close()
    return admin_url.rpartition("/")[0] + "/" + name


def run() -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    with serving(FEEDS) as port, tempfile.TemporaryDirectory() as tmp, _postgres() as admin:
        runs: list[tuple[str, int, str]] = [("sqlite", 1, f"{tmp}/bench.db")]
        if admin is None:
            rows.append({"bench": "scaleout", "backend": "postgresql", "skipped": "no server"})
        else:
            runs += [("postgresql", p, asyncio.run(_new_database(admin))) for p in PROCESSES]
        for backend, processes, target in runs:
            asyncio.run(_prepare(target, port))
            for name, offset in PASSES.items():
                figures = _pass(target, processes, offset)
                rows.append(
                    {
                        "bench": "scaleout",
                        "backend": backend,
                        "processes": processes,
                        "feeds": FEEDS,
                        "pass": name,
                        **figures,
                    }
                )
    return rows


if __name__ == "__main__":
    if sys.argv[1:2] == ["--worker"]:
        out = asyncio.run(_worker(sys.argv[2], timedelta(days=int(sys.argv[3]))))
        sys.stdout.write(json.dumps(out) + "\n")
    else:
        for row in run():
            sys.stdout.write(json.dumps(row) + "\n")
            sys.stdout.flush()
