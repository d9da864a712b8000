"""The soak of issue 13: the real ``run`` for a long while, killed now and then, beside cron.

``python -m bench.soak --minutes 60`` (``make soak``) starts a loopback server with ``--feeds``
feeds that keep publishing unique headlines (nothing for the story grouping to merge), runs
``python -m bot run`` on them (poll interval 60 s, the config's floor; a digest slot every few
minutes), runs ``python -m bot digest console:desk`` every 0-1.5 s like a crazed cron job, and
SIGKILLs the bot every few minutes and starts it again. At the end it stops publishing, polls and
delivers once more, and reads the console output file: every headline published must have been
printed exactly once, or be one of the stories a digest announced as over its per-topic cap (a
digest after a slot the killed bot missed can hold more than 100). It prints one JSON line: feeds
polled, stories, digests, lost, repeated.

This is a measurement, run by hand (it takes as long as it is told to); the fast, deterministic
proofs of the same properties are in ``tests/digests/test_windows.py`` and
``tests/digests/test_crash.py``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import signal
import sqlite3
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

from aiohttp import web

ROOT = Path(__file__).resolve().parent.parent
# A poll every 60 s then brings about 80 feeds x 0.3 x 60 s / 30 s = 48 stories, well under the
# per-topic cap of 100: no digest is cut, so every headline must be printed.
PUBLISH_CHANCE = 0.3
PUBLISH_EVERY_S = 30.0


class Outlets:
    """``count`` feeds, each publishing one unique headline every ``every_s`` seconds."""

    def __init__(self, count: int, every_s: float, seed: int = 13) -> None:
        self.count = count
        self.every_s = every_s
        self.rng = random.Random(seed)
        self.items: dict[int, list[tuple[str, str, datetime]]] = {i: [] for i in range(count)}
        self.published: set[str] = set()
        self.requests = 0
        self.base = ""

    def publish(self, feed: int) -> None:
        n = len(self.items[feed]) + 1
        # made-up words: no two headlines share a rare word, so the grouping merges nothing
        words = " ".join(self._word() for _ in range(5))
        title = f"Soak {feed}-{n} {words}"
        self.items[feed].append((title, f"{self.base}/a/{feed}/{n}", datetime.now(UTC)))
        self.published.add(title)

    def _word(self) -> str:
        return "".join(
            self.rng.choice("bcdfghjklmnpqrstvwxz") + self.rng.choice("aeiou") for _ in range(3)
        )

    def body(self, feed: int) -> bytes:
        entries = "".join(
            f"<item><title>{title}</title><link>{link}</link><guid>{link}</guid>"
            f"<pubDate>{format_datetime(at, usegmt=True)}</pubDate></item>"
            for title, link, at in reversed(self.items[feed][-200:])
        )
        return (
            '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>Outlet {feed}</title><link>{self.base}/</link><description>d</description>"
            f"{entries}</channel></rss>"
        ).encode()

    async def handle(self, request: web.Request) -> web.Response:
        self.requests += 1
        feed = int(request.match_info["feed"])
        return web.Response(body=self.body(feed), content_type="application/rss+xml")

    async def keep_publishing(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            for feed in range(self.count):
                if self.rng.random() < PUBLISH_CHANCE:
                    self.publish(feed)
            await asyncio.sleep(self.every_s)


def write_config(folder: Path, base: str, feeds: int, slots: Sequence[datetime]) -> Path:
    feed_tables = "".join(
        f'[[feeds]]\nurl = "{base}/f/{i}.xml"\nname = "Outlet {i}"\n' for i in range(feeds)
    )
    when = ",".join(f"{s:%H:%M}" for s in slots)
    path = folder / "config.toml"
    path.write_text(
        f'[bot]\nconsole_output = "{folder / "digests.txt"}"\nlog_level = "INFO"\n'
        f'[database]\npath = "{folder / "bot.db"}"\n'
        "[fetch]\npoll_interval_s = 60\njitter_s = 0\nallow_private_addresses = true\n"
        "[digest]\nper_topic = 100\ntotal = 300\nper_outlet_per_topic = 100\n"
        '[[topics]]\nname = "soak"\nquery = "soak"\n'
        f"{feed_tables}"
        f'[[channels]]\nid = "console:desk"\ntopics = ["soak"]\nschedule = "{when}"\n'
        'timezone = "UTC"\n',
        encoding="utf-8",
    )
    return path


async def start_bot(config: Path, log: Path) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "--config", str(config), "run",
        cwd=ROOT, stdout=asyncio.subprocess.DEVNULL, stderr=log.open("ab"),
    )  # fmt: skip


async def cli(config: Path, *argv: str) -> int:
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "--config", str(config), *argv,
        cwd=ROOT, stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL,
    )  # fmt: skip
    return await proc.wait()


async def soak(minutes: float, feeds: int, kill_every_s: float) -> dict[str, object]:
    outlets = Outlets(feeds, every_s=PUBLISH_EVERY_S)
    app = web.Application()
    app.router.add_get("/f/{feed:\\d+}.xml", outlets.handle)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    host, port = runner.addresses[0][:2]
    outlets.base = f"http://{host}:{port}"
    for feed in range(feeds):
        outlets.publish(feed)
    folder = Path(tempfile.mkdtemp(prefix="news-digest-soak-"))
    start = datetime.now(UTC).replace(second=0, microsecond=0) + timedelta(minutes=2)
    slots = [start + timedelta(minutes=3 * i) for i in range(min(24, int(minutes // 3) + 1))]
    config = write_config(folder, outlets.base, feeds, slots)
    log = folder / "bot.log"
    stop = asyncio.Event()
    publisher = asyncio.ensure_future(outlets.keep_publishing(stop))
    bot = await start_bot(config, log)
    kills = cli_runs = cli_failures = 0
    deadline = time.monotonic() + minutes * 60
    next_kill = time.monotonic() + kill_every_s * random.uniform(0.5, 1.5)
    try:
        while time.monotonic() < deadline:
            await asyncio.sleep(random.uniform(0, 1.5))
            code = await cli(config, "digest", "console:desk")
            cli_runs += 1
            cli_failures += code not in (0,)
            if time.monotonic() >= next_kill:
                bot.send_signal(signal.SIGKILL)
                await bot.wait()
                kills += 1
                bot = await start_bot(config, log)
                next_kill = time.monotonic() + kill_every_s * random.uniform(0.5, 1.5)
    finally:
        stop.set()
        publisher.cancel()
        bot.send_signal(signal.SIGTERM)
        stopped = await bot.wait()
    await cli(config, "poll", "--all")  # everything published is fetched
    await cli(config, "digest", "console:desk")  # and delivered
    await runner.cleanup()
    printed = re.findall(
        r"^ ?\d+\. (Soak .+)$",
        (folder / "digests.txt").read_text(encoding="utf-8"),
        flags=re.MULTILINE,
    )
    counts: dict[str, int] = {}
    for title in printed:
        counts[title] = counts.get(title, 0) + 1
    with sqlite3.connect(folder / "bot.db") as db:
        stories = db.execute("SELECT count(*) FROM stories").fetchone()[0]
        in_digests = {
            row[0]
            for row in db.execute(
                "SELECT i.title FROM items i JOIN digest_stories ds ON ds.story_id = i.story_id "
                "JOIN digests d ON d.id = ds.digest_id "
                "WHERE ds.dropped IS NULL AND d.status = 'delivered'"
            )
        }
        sent_twice = db.execute(
            "SELECT count(*) FROM (SELECT ds.story_id FROM digest_stories ds JOIN digests d "
            "ON d.id = ds.digest_id WHERE ds.dropped IS NULL AND d.status = 'delivered' "
            "GROUP BY ds.story_id HAVING count(*) > 1)"
        ).fetchone()[0]
        cut = db.execute(
            "SELECT count(*) FROM digest_stories WHERE dropped IS NOT NULL"
        ).fetchone()[0]
        # a digest after a slot the killed bot missed may hold more than the per-topic cap (100,
        # its maximum): the stories over it are announced ("…and 8 more"), not lost
        capped = {
            row[0]
            for row in db.execute(
                "SELECT i.title FROM items i JOIN digest_stories ds ON ds.story_id = i.story_id "
                "WHERE ds.dropped IS NOT NULL"
            )
        }
        digests = db.execute("SELECT status, count(*) FROM digests GROUP BY status").fetchall()
        polls = db.execute(
            "SELECT count(*) FROM feeds WHERE last_success_at IS NOT NULL"
        ).fetchone()[0]
    log_text = log.read_text(encoding="utf-8", errors="replace")
    return {
        "figure": "soak",
        "minutes": minutes,
        "feeds": feeds,
        "feed_fetches_served": outlets.requests,
        "polls_logged": log_text.count("poll done"),
        "feeds_polled": polls,
        "headlines_published": len(outlets.published),
        "stories": stories,
        "digests": dict(digests),
        "slots": len(slots),
        "cli_digest_runs": cli_runs,
        "cli_digest_failures": cli_failures,
        "sigkills": kills,
        "final_stop_exit": stopped,
        "tracebacks_in_log": log_text.count("Traceback"),
        "lost": len(outlets.published - set(counts) - capped),
        "repeated": sum(1 for n in counts.values() if n > 1),
        "lost_by_story": len(outlets.published - in_digests),
        "stories_sent_twice": sent_twice,
        "dropped_by_caps_or_rules": cut,
        "printed": len(counts),
        "folder": str(folder),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=60.0)
    parser.add_argument("--feeds", type=int, default=80)
    parser.add_argument("--kill-every-s", type=float, default=240.0)
    args = parser.parse_args()
    os.environ.pop("DISCORD_TOKEN", None)
    os.environ.pop("SLACK_BOT_TOKEN", None)
    result = asyncio.run(soak(args.minutes, args.feeds, args.kill_every_s))
    sys.stdout.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    main()
