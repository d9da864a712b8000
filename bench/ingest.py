"""Ingest throughput: our pipeline and lemon24/reader over the same loopback feeds.

For N = 200 and 1,000 feeds (copies of the 46 real captures with unique article links, served by
``bench.feedserver`` in its own process) this prints one JSON line per system and N: cold poll
feeds/s and items/s (fetch → parse → normalize → dedupe → match → store), the all-304 poll
feeds/s, peak RSS and database size. Each system runs in its own fresh process so peak RSS is
its own. reader 3.27 needs Python ≥ 3.12, so it runs in ``.venv-reader`` (created on first use
with pyenv's 3.12 and ``pip install reader==3.27``); its second pass uses ``scheduled=False``,
else it does nothing.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from bench.feedserver import serving, vmhwm_mb

ROOT = Path(__file__).resolve().parent.parent
READER_VENV = ROOT / ".venv-reader"
READER_PY = READER_VENV / "bin" / "python"
COUNTS = (200, 1000)

READER_SCRIPT = r"""
import json, os, resource, sys, time
from reader import make_reader
port, n, db = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
r = make_reader(db)
for i in range(n):
    r.add_feed(f"http://127.0.0.1:{port}/feed/{i}.xml")
t = time.perf_counter(); r.update_feeds(workers=20); cold = time.perf_counter() - t
items = r.get_entry_counts().total
t = time.perf_counter(); r.update_feeds(workers=20, scheduled=False); warm = time.perf_counter() - t
r.close()
print(json.dumps({"cold_s": cold, "items": items, "warm_s": warm,
                  "peak_rss_mb": [int(l.split()[1]) / 1024 for l in open("/proc/self/status")
                                  if l.startswith("VmHWM:")][0],
                  "db_mb": os.path.getsize(db) / 2**20}))
"""


async def _ours(port: int, n: int, db: Path) -> dict[str, float]:
    from bot.app import dedupe_settings
    from bot.config import Config, FetchSection
    from bot.core.query import parse_query
    from bot.ingest.fetch import Fetcher, FetchSettings
    from bot.ingest.parser_pool import ParserPool
    from bot.ingest.poller import Poller, PollSettings
    from bot.storage import open_store
    from bot.stories.book import StoryBook
    from bot.topics.builtin import load_builtin_topics

    def clock() -> datetime:
        return datetime.now(UTC)

    settings = FetchSettings(allow_private_addresses=True, total_timeout_s=60)
    workers = int(os.environ.get("BENCH_PARSE_WORKERS", "1"))
    async with (
        Fetcher(settings) as fetcher,
        await open_store(db) as store,
        ParserPool(workers) as parser,
    ):
        book = StoryBook(store, dedupe_settings(Config(fetch=FetchSection())), clock)
        book.set_topics({k: parse_query(q) for k, q in load_builtin_topics().items()})
        poller = Poller(
            store, fetcher, clock, PollSettings(), on_new_items=book.place_hook, parser=parser
        )
        ids = [
            (await store.add_feed(f"http://127.0.0.1:{port}/feed/{i}.xml", f"f{i}", clock())).id
            for i in range(n)
        ]
        t = time.perf_counter()
        cold = await poller.poll_due_feeds(feed_ids=ids)
        cold_s = time.perf_counter() - t
        failed = sum(r.error is not None for r in cold.results)
        t = time.perf_counter()
        warm = await poller.poll_due_feeds(feed_ids=ids)
        warm_s = time.perf_counter() - t
        unchanged = sum(r.outcome.value == "not_modified" for r in warm.results)
        return {
            "cold_s": cold_s,
            "items": await store.count_items(),
            "stories": await store.count_stories(),
            "failed": failed,
            "warm_s": warm_s,
            "warm_304": unchanged,
        }


def _measure_ours(port: int, n: int, db: Path) -> dict[str, float]:
    out = asyncio.run(_ours(port, n, db))
    out["peak_rss_mb"] = vmhwm_mb()
    out["db_mb"] = db.stat().st_size / 2**20 + _wal(db)
    return out


def _wal(db: Path) -> float:
    wal = db.with_name(db.name + "-wal")
    return wal.stat().st_size / 2**20 if wal.exists() else 0.0


def _ensure_reader() -> bool:
    if READER_PY.exists():
        return True
    py312 = Path.home() / ".pyenv/versions/3.12.1/bin/python"
    if not py312.exists():
        return False
    subprocess.run([str(py312), "-m", "venv", str(READER_VENV)], check=True)
    subprocess.run([str(READER_PY), "-m", "pip", "install", "-q", "reader==3.27"], check=True)
    return True


def _row(system: str, n: int, m: dict[str, float]) -> dict[str, object]:
    return {
        "bench": "ingest",
        "system": system,
        "feeds": n,
        "items": int(m["items"]),
        "cold_feeds_per_s": round(n / m["cold_s"], 1),
        "cold_items_per_s": round(m["items"] / m["cold_s"], 1),
        "all_304_feeds_per_s": round(n / m["warm_s"], 1),
        "peak_rss_mb": round(m["peak_rss_mb"], 1),
        "db_mb": round(m["db_mb"], 1),
        **{k: m[k] for k in ("stories", "failed", "warm_304") if k in m},
    }


def run(counts: tuple[int, ...] = COUNTS) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    have_reader = _ensure_reader()
    for n in counts:
        with serving(n) as port, tempfile.TemporaryDirectory() as tmp:
            ours = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "bench.ingest",
                    "--ours",
                    str(port),
                    str(n),
                    f"{tmp}/ours.db",
                ],
                cwd=ROOT,
                capture_output=True,
                text=True,
                check=True,
            )
            rows.append(_row("news-digest-bot", n, json.loads(ours.stdout.splitlines()[-1])))
            if have_reader:
                theirs = subprocess.run(
                    [
                        str(READER_PY),
                        "-c",
                        READER_SCRIPT,
                        str(port),
                        str(n),
                        f"{tmp}/reader.db",
                    ],
                    capture_output=True,
                    text=True,
                    check=True,
                )
                rows.append(_row("reader 3.27", n, json.loads(theirs.stdout.splitlines()[-1])))
            else:
                rows.append(
                    {"bench": "ingest", "system": "reader 3.27", "skipped": "no python3.12"}
                )
    return rows


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--ours":
        result = _measure_ours(int(sys.argv[2]), int(sys.argv[3]), Path(sys.argv[4]))
        sys.stdout.write(json.dumps(result) + "\n")
    else:
        counts = tuple(int(a) for a in sys.argv[1:]) or COUNTS
        for row in run(counts):
            sys.stdout.write(json.dumps(row) + "\n")
