"""The running bot, as a user runs it: ``run_bot`` with the real APScheduler, a real SQLite file
and a loopback feed that grows while the bot runs (issue 12).

These are the few tests allowed to take real time: APScheduler fires on the wall clock, so the
bot runs for several seconds with a 1-second poll interval (the config's 60-second floor protects
outlets, not tests) and two digest slots a few seconds apart. Nothing is asserted about timing;
the tests wait for events (polls seen by the server, digests recorded) with a generous deadline.

The wall clock is also their weak point: a stall of the event loop moves work across a slot.
CI once saw a 3.8 s stall near the end of the suite (the "reload settings" job ran that late),
the second slot fired before the poll carrying the news after the first one had committed, and
that digest was recorded empty. So the slots are set once the bot holds the first poll's items,
as a user sets them in chat on a running bot, and far enough apart that only a much longer stall
could empty one; and the suite's heap (about a million objects by then, a full garbage
collection of them took 0.45 s on an idle machine) is frozen out of the collector while they run.
"""

from __future__ import annotations

import asyncio
import dataclasses
import io
import re
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.app import open_app, system_clock
from bot.chat.console import ConsoleDeliverer
from bot.config import Config, DatabaseSection, DigestSection, FetchSection
from bot.core.model import ChannelRef
from bot.runtime import run_bot
from tests.feedserver import FeedServer
from tests.livefeed import LiveFeed, load_headlines

DESK = ChannelRef("console", "desk")
DEADLINE_S = 60.0  # a generous bound for a loaded CI machine; the runs take about 15 s
PUBLISH_EVERY_S = 0.4
FIRST_SLOT_IN_S = 4  # from the moment the bot holds the first poll's items
SLOT_GAP_S = 8  # 8 polls and 20 publications between the slots

pytestmark = pytest.mark.usefixtures("quiet_collector")


def running_config(tmp_path: Path) -> Config:
    return dataclasses.replace(
        Config(),
        database=DatabaseSection(path=str(tmp_path / "bot.db")),
        fetch=FetchSection(
            poll_interval_s=1.0,  # below the config floor: tests only
            jitter_s=0.0,
            allow_private_addresses=True,
            total_timeout_s=5,
            parse_workers=0,
        ),
        digest=DigestSection(misfire_grace_s=30),
    )


async def wait_for(condition: Callable[[], Awaitable[bool]], what: str) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + DEADLINE_S
    while not await condition():
        if loop.time() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.05)


def slot_times(first_in_s: float, gap_s: float) -> tuple[datetime, datetime]:
    """Two slot instants in whole seconds, the first ``first_in_s`` from now."""
    now = system_clock().replace(microsecond=0)
    first = now + timedelta(seconds=first_in_s)
    return first, first + timedelta(seconds=gap_s)


async def test_the_running_bot_keeps_polling_and_delivers_each_slot(tmp_path: Path) -> None:
    out = io.StringIO()
    async with FeedServer() as server:
        live = LiveFeed(server, "live/outlet.xml", load_headlines(topics={"russia-ukraine"}))
        live.publish(2, at=system_clock() - timedelta(hours=1))
        async with open_app(running_config(tmp_path), console=ConsoleDeliverer(out)) as app:
            service = app.service
            feed = await service.add_feed(live.url, "Outlet")
            await service.subscribe(DESK, ["russia-ukraine"])
            stop = asyncio.Event()
            bot = asyncio.ensure_future(run_bot(app, stop=stop))
            published_after_first: list[str] = []
            publisher: asyncio.Future[None] | None = None

            async def first_poll_stored() -> bool:
                assert not bot.done(), bot
                current = await app.store.get_feed(feed.id)
                return current is not None and current.item_count >= 2

            async def two_digests() -> bool:
                assert not bot.done(), bot
                return len(re.findall(r"^=== Digest for", out.getvalue(), re.MULTILINE)) >= 2

            try:
                await wait_for(first_poll_stored, "the first poll's items")
                first, second = slot_times(FIRST_SLOT_IN_S, SLOT_GAP_S)
                when = ",".join(f"{t:%H:%M:%S}" for t in (first, second))
                await service.set_schedule(DESK, when, "UTC")  # the running bot takes it now

                async def keep_publishing() -> None:
                    while True:
                        await asyncio.sleep(PUBLISH_EVERY_S)
                        (entry,) = live.publish(1, at=system_clock())
                        if system_clock() > first:
                            published_after_first.append(entry.title)

                publisher = asyncio.ensure_future(keep_publishing())
                await wait_for(two_digests, "two scheduled digests")
            finally:
                if publisher is not None:
                    publisher.cancel()
                stop.set()
                await bot
    fetches = [path for _, path in server.requests if path == "/live/outlet.xml"]
    assert len(fetches) >= 6, "the bot polls again and again, not once"
    conditional = [h for h in server.request_headers if "If-None-Match" in h]
    assert conditional, "later polls are conditional GETs"
    printed = out.getvalue()
    digests = printed.split("=== Digest for")[1:]
    assert len(digests) == 2
    titles = [re.findall(r"^ ?\d+\. (.+)$", d, re.MULTILINE) for d in digests]
    assert all(titles), "both slots printed news"
    flat = [t for d in titles for t in d]
    assert len(flat) == len(set(flat)), "each headline once"
    assert set(titles[1]) & set(published_after_first), "the second holds news after the first"
    assert set(flat) <= {e.title for e in live.entries}


async def test_a_failing_poll_does_not_stop_the_polling(tmp_path: Path) -> None:
    """The feed answers 500 for a while, then recovers; the bot keeps polling through it."""
    async with FeedServer() as server:
        live = LiveFeed(server, "live/outlet.xml", load_headlines(topics={"taiwan"}))
        live.publish(1, at=datetime.now(UTC))
        server.set_body("live/outlet.xml", b"<html>maintenance</html>", "text/html")
        config = running_config(tmp_path)
        async with open_app(config, console=ConsoleDeliverer(io.StringIO())) as app:
            feed = await app.service.add_feed(live.url, "Outlet")
            stop = asyncio.Event()
            bot = asyncio.ensure_future(run_bot(app, stop=stop))

            async def failed_twice() -> bool:
                current = await app.store.get_feed(feed.id)
                return current is not None and current.error_count >= 2

            async def recovered() -> bool:
                current = await app.store.get_feed(feed.id)
                return current is not None and current.item_count >= 1

            try:
                await wait_for(failed_twice, "two failed polls")
                live.publish(1, at=datetime.now(UTC))  # serves the real feed again
                await wait_for(recovered, "a successful poll after the failures")
            finally:
                stop.set()
                await bot
            assert await app.service.health(timedelta(seconds=1)) == []
