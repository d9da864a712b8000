"""Story quality through the whole bot: the dev corpus polled over loopback (issue 14).

``bench.story_quality`` drives the core index directly; this drives what a deployment runs: each
outlet's captured days served as one RSS feed on 127.0.0.1, polled once by the real ``Poller``
(fetch, feedparser, normalize, store) into a SQLite file, placed by the real ``StoryBook``, with
the clock at *today*, so every item is years older than the window when it arrives (the case of
a backfill or a feed added with its history). The stories read back from the database are
scored like the core's. Every feed is polled in one poll, as the running bot's first poll does;
the poller hands a batch's new items to the grouping together, in publication order, so the
figure does not depend on which feed answered first.

Run: ``python -m bench.story_pipeline [--predictions PATH]``; prints one JSON line.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import tempfile
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path

from aiohttp import web

from bench.story_quality import DEV, load_dev, score, write_predictions
from bot.app import dedupe_settings
from bot.config import Config
from bot.core.normalize import canonical_url
from bot.ingest.fetch import Fetcher, FetchSettings
from bot.ingest.poller import Outcome, Poller, PollSettings
from bot.storage import open_store
from bot.stories.book import StoryBook

_ITEM = re.compile(rb"<item>.*?</item>", re.DOTALL)


def one_feed_per_outlet(folder: Path = DEV / "feeds") -> dict[str, bytes]:
    """Each outlet's day files joined into one RSS document (one feed per source)."""
    by_outlet: dict[str, list[bytes]] = defaultdict(list)
    for path in sorted(folder.glob("*.xml")):
        by_outlet[path.stem.split("_", 1)[1]].extend(_ITEM.findall(path.read_bytes()))
    return {
        f"{n}.xml": b'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        + f"<title>{name}</title><link>https://example.org/{n}</link>".encode()
        + b"<description>dev corpus replay</description>"
        + b"".join(items)
        + b"</channel></rss>"
        for n, (name, items) in enumerate(sorted(by_outlet.items()))
    }


async def _serve(files: dict[str, bytes]) -> tuple[web.AppRunner, int]:
    async def handle(request: web.Request) -> web.Response:
        body = files.get(request.match_info["name"])
        if body is None:
            raise web.HTTPNotFound
        return web.Response(body=body, content_type="application/rss+xml")

    app = web.Application()
    app.router.add_get("/{name}", handle)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]  # aiohttp's own
    return runner, port


async def run(db: Path) -> tuple[dict[str, int], dict[str, int]]:
    """Poll every outlet once; returns (dev id -> story id, counts)."""
    dev = load_dev()
    files = one_feed_per_outlet()
    runner, port = await _serve(files)

    def clock() -> datetime:
        return datetime.now(UTC)

    try:
        async with (
            Fetcher(FetchSettings(allow_private_addresses=True)) as fetcher,
            await open_store(db) as store,
        ):
            book = StoryBook(store, dedupe_settings(Config()), clock)
            poller = Poller(store, fetcher, clock, PollSettings(), on_new_items=book.place_hook)
            feeds = [
                await store.add_feed(f"http://127.0.0.1:{port}/{name}", name, clock())
                for name in sorted(files)
            ]
            summary = await poller.poll_due_feeds(feed_ids=[f.id for f in feeds])
            if summary.count(Outcome.UPDATED) != len(feeds):
                raise RuntimeError(f"not every feed was read: {summary.line()}")
            stories: dict[str, int] = {}
            for key, doc in zip(dev.keys, dev.docs, strict=True):
                traces = await store.trace_items(None, canonical_url(doc.url) or doc.url)
                found = [t.story_id for t in traces if t.story_id is not None]
                if found:
                    stories[key] = found[0]
            counts = {"items": await store.count_items(), "stories": await store.count_stories()}
            return stories, counts
    finally:
        await runner.cleanup()


def measure_pipeline(predictions: Path | None = None) -> dict[str, object]:
    """Poll the dev corpus through the bot into a temporary database and score the stories."""
    dev = load_dev()
    with tempfile.TemporaryDirectory() as tmp:
        by_key, counts = asyncio.run(run(Path(tmp) / "dev.db"))
    stories = {n: by_key.get(key, -1 - n) for n, key in enumerate(dev.keys)}  # unstored: alone
    if predictions is not None:
        write_predictions(dev, stories, predictions)
    unmatched = sum(key not in by_key for key in dev.keys)
    return {"set": "dev", "order": "pipeline", **score(dev, stories).row(), **counts,
            "unmatched": unmatched}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.story_pipeline")
    parser.add_argument("--predictions", type=Path, help="write score.py predictions")
    args = parser.parse_args()
    print(json.dumps(measure_pipeline(args.predictions)))


if __name__ == "__main__":
    main()
