"""``python -m bot demo``: the whole pipeline in seconds, with no network and no token.

Real feed captures shipped with the package (six outlets on 2017-01-07, ``bot/data/demo``) are
served by a small HTTP server on 127.0.0.1; a temporary database polls them through the real
fetcher, parser, normalizer, story grouping and topic matcher, and a console channel subscribed to
the built-in topics prints its digest. The clock is fixed at the evening of the captures, so the
48-hour window holds their stories, and the first fetch is not treated as backlog (a real feed's
first fetch is, so that it never floods a digest).
"""

from __future__ import annotations

import dataclasses
import tempfile
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

from aiohttp import web
from rich.console import Console

from bot.app import open_app
from bot.chat.console import ConsoleDeliverer
from bot.config import Config, DatabaseSection, FetchSection
from bot.core.model import ChannelRef
from bot.digests.runner import DigestOutcome
from bot.topics.builtin import load_builtin_topics

DEMO_NOW = datetime(2017, 1, 7, 23, 0, tzinfo=UTC)
DEMO_CHANNEL = ChannelRef("console", "demo")
OUTLET_NAMES = {
    "indian-express-1.xml": "The Indian Express",
    "japan-times-1.xml": "The Japan Times",
    "japan-today-1.xml": "Japan Today",
    "le-monde-1.xml": "Le Monde",
    "mirror-1.xml": "Daily Mirror",
    "nytimes-1.xml": "The New York Times",
}


def demo_files() -> dict[str, bytes]:
    folder = resources.files("bot").joinpath("data", "demo")
    return {name: folder.joinpath(name).read_bytes() for name in OUTLET_NAMES}


async def serve_files(files: dict[str, bytes]) -> tuple[web.AppRunner, str]:
    """An HTTP server on 127.0.0.1 (a free port) serving ``files`` as RSS."""

    async def handle(request: web.Request) -> web.Response:
        body = files.get(request.match_info["name"])
        if body is None:
            raise web.HTTPNotFound
        return web.Response(body=body, content_type="application/rss+xml")

    app = web.Application()
    app.router.add_get("/{name}", handle)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    host, port = runner.addresses[0][:2]
    return runner, f"http://{host}:{port}"


async def run_demo(out: Console) -> int:
    files = demo_files()
    runner, base = await serve_files(files)
    try:
        with tempfile.TemporaryDirectory(prefix="news-digest-demo-") as tmp:
            config = dataclasses.replace(
                Config(),
                database=DatabaseSection(path=str(Path(tmp) / "demo.db")),
                # the demo's own server is on loopback; a real config keeps this false
                fetch=FetchSection(allow_private_addresses=True, total_timeout_s=20),
                source="demo",
            )
            console = ConsoleDeliverer(out.file)
            async with open_app(
                config, clock=lambda: DEMO_NOW, console=console, backlog_on_first_fetch=False
            ) as app:
                service = app.service
                for name, outlet in OUTLET_NAMES.items():
                    await service.add_feed(f"{base}/{name}", outlet)
                summary = await service.poll()
                out.print(summary.line(), markup=False, highlight=False)
                status = await service.status()
                out.print(
                    f"{status.items} articles stored once, grouped into {status.stories} stories",
                    markup=False,
                )
                topics = list(load_builtin_topics())
                await service.subscribe(DEMO_CHANNEL, topics)
                await service.set_schedule(DEMO_CHANNEL, "08:00", "Asia/Tokyo")
                out.print(f"{DEMO_CHANNEL} subscribed to: {', '.join(topics)}\n", markup=False)
                result = await service.send_now(DEMO_CHANNEL)
                if result.outcome is not DigestOutcome.DELIVERED:
                    out.print(f"no digest: {result.outcome.value}", markup=False)
                    return 1
                out.print(
                    "That is the digest a channel gets on its schedule. Next: `make run` "
                    "(console mode), then see README.md for Discord and Slack.",
                    markup=False,
                )
                return 0
    finally:
        await runner.cleanup()
