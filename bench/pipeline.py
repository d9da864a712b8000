"""Digest build through the real store, and peak memory of ``run`` in console mode.

1. ``digest_build``: a database with 100,000 stories (first seen over 30 days, each tagged with
   one of 20 topics), one channel subscribed to all 20; ``DigestRunner.build`` (store query +
   pure build) timed as the median of repeated runs. Printed twice: with the usual window (the
   stories first seen since the last digest, here a day) and with the worst case where all
   stories of the 48 h maximum age are new.
2. ``run_memory``: the same 100k-item database plus 1,000 feeds served by ``bench.feedserver``;
   ``python -m bot run`` starts in console mode, polls every feed once, and its peak resident
   memory (VmHWM) is read from /proc, for the bot process and for its parse workers.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench.feedserver import serving, vmhwm_mb
from bot.core.digest import DigestLimits
from bot.core.model import ChannelRef, FeedStatus, Item, TopicRecord
from bot.digests.runner import DigestRunner
from bot.storage import FeedUpdate, StoryAssignment, open_store

ROOT = Path(__file__).resolve().parent.parent
STORIES = 100_000
TOPICS = 20
NOW = datetime.now(UTC).replace(microsecond=0)
CHANNEL = ChannelRef("console", "bench")


async def populate(db: Path, *, feeds: int = 10) -> None:
    """100k items, one story each, first seen over 30 days, tagged round-robin with 20 topics."""
    async with await open_store(db) as store:
        feed_ids = [
            (await store.add_feed(f"http://127.0.0.1:9/bench/{f}.xml", f"outlet {f}", NOW)).id
            for f in range(feeds)
        ]
        span = timedelta(days=30).total_seconds()
        batch = 5_000
        for start in range(0, STORIES, batch):
            items: list[Item] = []
            for n in range(start, start + batch):
                seen = NOW - timedelta(seconds=span * (STORIES - n) / STORIES)
                title = f"Story {n} about topic{n % TOPICS} and the region"
                items.append(
                    Item(
                        f"guid:{n}",
                        f"https://bench.example/a/{n}",
                        title,
                        "A summary.",
                        seen,
                        seen,
                        False,
                        title.lower(),
                    )
                )
            update = FeedUpdate(NOW, NOW + timedelta(days=1), FeedStatus.OK)
            saved = await store.save_fetch(
                feed_ids[start // batch % feeds], items, update, first_fetch_is_backlog=False
            )
            sid = await store.next_story_id()
            outlet = f"outlet {start // batch % feeds}"
            assignments = [
                StoryAssignment(
                    s.id,
                    sid + i,
                    True,
                    s.id,
                    "new",
                    0.0,
                    None,
                    "new story",
                    s.item.first_seen_at,
                    s.item.published_at,
                    False,
                    outlet,
                    outlet,
                )
                for i, s in enumerate(saved.new_items)
            ]
            hits = [(a.story_id, f"topic{a.item_id % TOPICS}", ("region",)) for a in assignments]
            await store.save_story_assignments(assignments, hits, NOW)
        for t in range(TOPICS):
            await store.upsert_topic(
                TopicRecord(f"topic{t}", f"topic{t}", "", f"topic{t}", "", "user"), NOW
            )
        await store.ensure_channel(CHANNEL, timezone="UTC", schedule="08:00", now=NOW)
        await store.subscribe(CHANNEL, [f"topic{t}" for t in range(TOPICS)], NOW)


async def _time_build(db: Path, since_days: float | None) -> dict[str, object]:
    async with await open_store(db) as store:
        if since_days is not None:  # a digest delivered that long ago bounds the window
            since = NOW - timedelta(days=since_days)
            # windows are in commit order (issue 13): the previous digest saw every topic hit
            # of the stories first seen by then
            row = await store._fetchone(  # type: ignore[attr-defined]  # a bench-only query
                "SELECT coalesce(max(st.seq), 0) FROM story_topics st "
                "JOIN stories s ON s.id = st.story_id WHERE s.first_seen_at <= ?",
                (since,),
            )
            await store.record_digest(
                "prev",
                CHANNEL,
                slot_key=None,
                created_at=since,
                until_seq=int(row[0]),
                content="{}",
                story_ids=[],
                after_n=0,
            )
            await store.mark_delivered("prev", since)
        runner = DigestRunner(store, lambda: NOW, DigestLimits(), {})
        channel = await store.get_channel(CHANNEL)
        assert channel is not None
        times, candidates = [], 0
        for _ in range(7):
            t = time.perf_counter()
            build = await runner.build(channel, NOW)
            times.append((time.perf_counter() - t) * 1000)
            candidates = len(build.dropped) + len(build.placed)
        return {
            "bench": "digest_build",
            "stored_stories": STORIES,
            "topics": TOPICS,
            "window": f"since {since_days} d" if since_days else "no digest yet (48 h max age)",
            "candidates": candidates,
            "median_ms": round(statistics.median(times), 1),
        }


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in path.read_text().split()] if path.exists() else []


def run_memory(db: Path, feeds: int = 1000) -> dict[str, object]:
    with serving(feeds) as port:
        config = db.with_name("config.toml")
        feed_lines = "".join(
            f'[[feeds]]\nurl = "http://127.0.0.1:{port}/feed/{n}.xml"\nname = "copy {n}"\n'
            for n in range(feeds)
        )
        config.write_text(
            f'[database]\npath = "{db}"\n[fetch]\nallow_private_addresses = true\n'
            f"total_timeout_s = 60\n{feed_lines}",
            encoding="utf-8",
        )
        env = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "SLACK_"))}
        bot = subprocess.Popen(
            [sys.executable, "-m", "bot", "--config", str(config), "run"],
            cwd=ROOT,
            env=env,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert bot.stderr is not None
        started = time.perf_counter()
        workers: set[int] = set()
        for line in bot.stderr:
            workers.update(_children(bot.pid))
            if "poll done" in line:
                summary = line.split("poll done", 1)[1].strip()
                break
        else:
            raise RuntimeError("the bot exited before its first poll finished")
        seconds = time.perf_counter() - started
        main_mb = vmhwm_mb(bot.pid)
        worker_mb = [round(vmhwm_mb(w), 1) for w in sorted(workers) if Path(f"/proc/{w}").exists()]
        bot.send_signal(signal.SIGTERM)
        bot.communicate(timeout=60)
        return {
            "bench": "run_memory",
            "feeds": feeds,
            "stored_items_before": STORIES,
            "first_poll": summary,
            "first_poll_s": round(seconds, 1),
            "peak_rss_mb": round(main_mb, 1),
            "parse_worker_peak_rss_mb": worker_mb,
            "exit_code": bot.returncode,
        }


def run() -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        t = time.perf_counter()
        asyncio.run(populate(db))
        rows.append(
            {"bench": "populate", "stories": STORIES, "seconds": round(time.perf_counter() - t, 1)}
        )
        rows.append(asyncio.run(_time_build(db, None)))
        rows.append(asyncio.run(_time_build(db, 1.0)))
        rows.append(run_memory(db))
    return rows


if __name__ == "__main__":
    for row in run():
        sys.stdout.write(json.dumps(row) + "\n")
