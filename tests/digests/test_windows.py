"""Digest windows in commit order (issues 12 and 13), over a real SQLite file and a live feed.

A channel's digest covers the topic hits committed since its last digest, so a story committed
late goes to the next digest instead of falling between two; a new channel's first digest and a
newly subscribed topic show the recent news; a feed's first fetch brings only what it published
after the channel's last digest; undated first-fetch items stay out; a weekly digest covers its
week; and two processes building one channel's digest at once record it once.
"""

from __future__ import annotations

import asyncio
import dataclasses
import io
import re
import shutil
import socket
import sqlite3
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AsyncExitStack
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.app import App, open_app
from bot.chat.console import ConsoleDeliverer
from bot.config import Config, DatabaseSection, FetchSection
from bot.core.digest import Drop
from bot.core.digest_record import digest_to_json
from bot.core.model import ChannelRef, Digest
from bot.digests.deliverer import PartCallback, Receipt
from bot.digests.runner import DigestOutcome
from bot.storage import DigestClaim, load_migrations
from tests.clock import FixedClock
from tests.feedserver import FeedServer
from tests.livefeed import Entry, Headline, LiveFeed, load_headlines
from tests.paths import DATA

DESK = ChannelRef("console", "desk")
NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
H = timedelta(hours=1)
DB_DATA = DATA / "db"
# Test topics that match their feeds whatever the built-in topics make of the headlines: the
# windows are under test here, not topic quality (tests/test_topics_quality.py measures that).
MARKERS = {"russia-ukraine": "warwire", "taiwan": "straitwire"}
TEST_TOPICS = {"russia-ukraine": "war", "taiwan": "strait"}


def config_for(path: Path) -> Config:
    return dataclasses.replace(
        Config(),
        database=DatabaseSection(path=str(path)),
        fetch=FetchSection(allow_private_addresses=True, total_timeout_s=5, parse_workers=0),
    )


@dataclass
class Env:
    app: App
    server: FeedServer
    clock: FixedClock
    out: io.StringIO
    feeds: dict[str, LiveFeed] = dataclasses.field(default_factory=dict)
    used: set[str] = dataclasses.field(default_factory=set)

    async def feed(self, name: str, topics: set[str] | None = None) -> LiveFeed:
        """A live feed of headlines labelled with ``topics``, matched by the test topic of the
        same name (``war``, ``strait``); no two feeds of one test publish the same headline."""
        marker = MARKERS[next(iter(topics))] if topics else ""
        live = LiveFeed(
            self.server,
            f"live/{name}.xml",
            load_headlines(topics=topics),
            used=self.used,
            marker=marker,
        )
        self.feeds[name] = live
        return live

    async def poll(self) -> None:
        """Poll every feed now, whatever its due time (``poll --all``)."""
        await self.app.service.poll(every_feed=True)

    async def lead_titles(self, entries: list[Entry]) -> list[str]:
        """The titles a digest shows for ``entries``: one per story, its lead's (the grouping
        may put two headlines of one event in one story)."""
        leads: dict[int, str] = {}
        for entry in entries:
            (trace,) = await self.app.store.trace_items(None, entry.link)
            assert trace.story_id is not None
            story = await self.app.store.get_story(trace.story_id)
            assert story is not None
            leads[story.id] = story.title
        return sorted(leads.values())

    def printed_titles(self) -> list[str]:
        return re.findall(r"^ ?\d+\. (.+)$", self.out.getvalue(), flags=re.MULTILINE)


@pytest.fixture
async def env(tmp_path: Path) -> AsyncIterator[Env]:
    clock = FixedClock(NOW)
    out = io.StringIO()
    async with (
        FeedServer() as server,
        open_app(
            config_for(tmp_path / "bot.db"), clock=clock, console=ConsoleDeliverer(out)
        ) as app,
    ):
        for name, marker in MARKERS.items():
            await app.service.create_topic(TEST_TOPICS[name], marker)
        yield Env(app, server, clock, out)


def titles(digest: Digest | None) -> list[str]:
    assert digest is not None
    return [e.title for s in digest.sections for e in s.entries]


async def test_a_new_channels_first_digest_shows_the_recent_news_from_a_first_fetch(
    env: Env,
) -> None:
    service = env.app.service
    live = await env.feed("outlet", {"russia-ukraine"})
    recent = live.publish(3, at=NOW - 2 * H)
    old = live.publish(1, at=NOW - 72 * H)
    await service.add_feed(live.url, "Outlet")
    await env.poll()  # the feed's first fetch
    await service.subscribe(DESK, ["war"])
    preview = await service.preview(DESK)
    assert sorted(titles(preview)) == sorted(e.title for e in recent)
    result = await service.send_now(DESK)
    assert result.outcome is DigestOutcome.DELIVERED
    assert sorted(titles(result.digest)) == sorted(e.title for e in recent)
    why = await service.why(DESK, old[0].link)
    assert any(f"dropped: {Drop.TOO_OLD}" in line for line in why), why
    assert (await service.send_now(DESK)).outcome is DigestOutcome.EMPTY


async def test_a_feed_added_later_brings_only_what_it_published_after_the_last_digest(
    env: Env,
) -> None:
    service = env.app.service
    first = await env.feed("first", {"russia-ukraine"})
    first.publish(2, at=NOW - H)
    await service.add_feed(first.url, "First")
    await env.poll()
    await service.subscribe(DESK, ["war"])
    assert (await service.send_now(DESK)).outcome is DigestOutcome.DELIVERED
    last_digest_at = env.clock()
    env.clock.advance(hours=6)
    later = await env.feed("later", {"russia-ukraine"})
    archive = later.publish(2, at=last_digest_at - H)  # its archive: before our last digest
    news = later.publish(1, at=last_digest_at + H)
    await service.add_feed(later.url, "Later")
    await env.poll()
    result = await service.send_now(DESK)
    assert result.outcome is DigestOutcome.DELIVERED
    assert titles(result.digest) == await env.lead_titles(news)
    for entry in archive:
        why = await service.why(DESK, entry.link)
        assert any(str(Drop.BACKLOG) in line for line in why), why
        assert not any("not in window" in line for line in why)
    # later fetches of that feed follow the normal window: everything new is news
    env.clock.advance(hours=1)
    follow_up = later.publish(1, at=last_digest_at - 2 * H)  # backdated, but fetched later
    await env.poll()
    result = await service.send_now(DESK)
    assert titles(result.digest) == await env.lead_titles(follow_up)


async def test_undated_items_stay_out_of_a_first_fetch_and_rank_last_later(env: Env) -> None:
    service = env.app.service
    live = await env.feed("outlet", {"russia-ukraine"})
    undated = live.publish(1, at=None)
    live.publish(1, at=NOW - H)
    await service.add_feed(live.url, "Outlet")
    await env.poll()
    await service.subscribe(DESK, ["war"])
    first = await service.send_now(DESK)
    assert undated[0].title not in titles(first.digest)
    why = await service.why(DESK, undated[0].link)
    assert any(str(Drop.UNDATED_BACKLOG) in line for line in why), why
    env.clock.advance(hours=2)
    late_undated = live.publish(1, at=None)
    late_dated = live.publish(1, at=NOW)
    await env.poll()
    second = await service.send_now(DESK)
    assert second.digest is not None
    (section,) = second.digest.sections
    assert [(e.title, e.undated) for e in section.entries] == [
        (late_dated[0].title, False),
        (late_undated[0].title, True),
    ]


async def test_a_weekly_digest_covers_its_week(env: Env) -> None:
    service = env.app.service
    live = await env.feed("outlet", {"russia-ukraine"})
    await service.add_feed(live.url, "Outlet")
    await env.poll()  # an empty first fetch
    live.publish(1, at=NOW - 5 * 24 * H)  # fetched now, published five days ago
    await env.poll()
    daily = ChannelRef("console", "daily")
    for channel, schedule in ((DESK, "weekly mon 09:00"), (daily, "09:00")):
        await service.subscribe(channel, ["war"])
        await service.set_schedule(channel, schedule, "UTC")
    assert len(titles(await service.preview(DESK))) == 1
    assert titles(await service.preview(daily)) == []


async def test_a_topic_subscribed_after_the_last_digest_brings_its_recent_stories(
    env: Env,
) -> None:
    service = env.app.service
    war = await env.feed("war", {"russia-ukraine"})
    strait = await env.feed("strait", {"taiwan"})
    war.publish(1, at=NOW - H)
    taiwan_news = strait.publish(2, at=NOW - 3 * H)
    for live in (war, strait):
        await service.add_feed(live.url, live.path)
    await env.poll()
    await service.subscribe(DESK, ["war"])
    assert (await service.send_now(DESK)).outcome is DigestOutcome.DELIVERED
    env.clock.advance(hours=1)
    await service.subscribe(DESK, ["strait"])
    result = await service.send_now(DESK)
    assert sorted(titles(result.digest)) == sorted(e.title for e in taiwan_news)


async def test_a_story_committed_while_a_digest_is_built_goes_to_the_next_one(env: Env) -> None:
    """A deterministic interleaving: the story commits after the digest read its window end.

    Before issue 13 the window was "first seen after the last digest's time": this story's
    first-seen time is not after that digest's time (the clock does not move), so it was skipped
    for ever. Now it carries a hit number above the digest's, and the next digest takes it.
    """
    service, store = env.app.service, env.app.store
    live = await env.feed("outlet", {"russia-ukraine"})
    await service.add_feed(live.url, "Outlet")
    live.publish(2, at=NOW - H)
    await env.poll()
    await service.subscribe(DESK, ["war"])
    real = store.last_hit_seq
    late: list[str] = []

    async def read_then_commit_another() -> int:
        value = await real()
        store.last_hit_seq = real  # type: ignore[method-assign]  # once
        late.extend(e.title for e in live.publish(1, at=NOW))
        await env.poll()
        return value

    store.last_hit_seq = read_then_commit_another  # type: ignore[method-assign]
    first = await service.send_now(DESK)
    assert late
    assert late[0] not in titles(first.digest)
    why = await service.why(DESK, live.entries[-1].link)
    assert any("will be in the next digest" in line for line in why), why
    second = await service.send_now(DESK)
    assert titles(second.digest) == late
    printed = env.printed_titles()
    assert sorted(printed) == await env.lead_titles(live.entries), "each story exactly once"


class CallbackDeliverer:
    """The console deliverer, with something else happening while a digest is being sent."""

    platform = "console"

    def __init__(self, inner: ConsoleDeliverer, during: Callable[[], Awaitable[None]]) -> None:
        self.inner = inner
        self.during: Callable[[], Awaitable[None]] | None = during

    async def deliver(
        self,
        channel: ChannelRef,
        digest: Digest,
        *,
        skip_parts: int = 0,
        on_part: PartCallback | None = None,
    ) -> Receipt:
        during, self.during = self.during, None
        if during is not None:
            await during()
        return await self.inner.deliver(channel, digest, skip_parts=skip_parts, on_part=on_part)


@pytest.mark.parametrize(
    ("between", "outcome"),
    [("last_hit_seq", DigestOutcome.EMPTY), ("digest_candidates", DigestOutcome.BUSY)],
    ids=["other-commits-after-the-window-end-is-read", "other-commits-after-the-build"],
)
async def test_two_processes_deliver_each_story_once(
    env: Env, tmp_path: Path, between: str, outcome: DigestOutcome
) -> None:
    """The running bot and a CLI ``digest`` from cron on one SQLite file, interleaved."""
    service, store = env.app.service, env.app.store
    live = await env.feed("outlet", {"russia-ukraine"})
    await service.add_feed(live.url, "Outlet")
    live.publish(3, at=NOW - H)
    await env.poll()
    await service.subscribe(DESK, ["war"])
    other_out = io.StringIO()
    async with AsyncExitStack() as stack:
        other = await stack.enter_async_context(
            open_app(
                config_for(tmp_path / "bot.db"),
                clock=env.clock,
                console=ConsoleDeliverer(other_out),
            )
        )
        # 1. the other process records and sends while this one builds its digest
        real = getattr(store, between)

        async def other_runs_meanwhile(*args: object, **kwargs: object) -> object:
            value = await real(*args, **kwargs)
            setattr(store, between, real)
            assert (await other.service.send_now(DESK)).outcome is DigestOutcome.DELIVERED
            return value

        setattr(store, between, other_runs_meanwhile)
        assert (await service.send_now(DESK)).outcome is outcome
        # 2. while this process sends a pending digest, the other one must not send it too
        live.publish(2, at=NOW)
        await env.poll()
        outcomes: list[DigestOutcome] = []

        async def other_tries_meanwhile() -> None:
            outcomes.append((await other.service.send_now(DESK)).outcome)

        env.app.service.runner.deliverers["console"] = CallbackDeliverer(
            ConsoleDeliverer(env.out), other_tries_meanwhile
        )
        assert (await service.send_now(DESK)).outcome is DigestOutcome.DELIVERED
        assert outcomes == [DigestOutcome.BUSY]
        assert (await other.service.send_now(DESK)).outcome is DigestOutcome.EMPTY
    both = env.printed_titles() + re.findall(
        r"^ ?\d+\. (.+)$", other_out.getvalue(), flags=re.MULTILINE
    )
    assert sorted(both) == await env.lead_titles(live.entries), "each story exactly once"


async def test_a_dead_holders_claim_is_taken_over_at_once(env: Env) -> None:
    """A pending digest claimed by a live process elsewhere waits; one claimed by a process of
    this host that no longer exists (a crash) is resent at once, exactly once."""
    service, store = env.app.service, env.app.store
    live = await env.feed("outlet", {"russia-ukraine"})
    await service.add_feed(live.url, "Outlet")
    live.publish(1, at=NOW - H)
    await env.poll()
    await service.subscribe(DESK, ["war"])
    channel = await store.get_channel(DESK)
    assert channel is not None
    plan = await service.runner.plan(channel, NOW)
    digest = dataclasses.replace(plan.build.digest, id="crashed")
    await store.record_digest(
        "crashed",
        DESK,
        slot_key=None,
        created_at=NOW,
        until_seq=plan.upto_seq,
        content=digest_to_json(digest),
        story_ids=digest.story_ids,
        after_n=0,
        claim=DigestClaim("another-host:1:x", NOW + H),
    )
    assert (await service.send_now(DESK)).outcome is DigestOutcome.BUSY
    child = await asyncio.create_subprocess_exec(
        sys.executable, "-c", "import os; print(os.getpid())", stdout=asyncio.subprocess.PIPE
    )
    stdout, _ = await child.communicate()
    dead = f"{socket.gethostname()}:{int(stdout)}:x"  # a pid just reaped
    with sqlite3.connect(store.path) as db:
        db.execute("UPDATE digests SET claimed_by = ? WHERE id = 'crashed'", (dead,))
    result = await service.send_now(DESK)
    assert result.resent_pending
    assert result.outcome is DigestOutcome.DELIVERED
    assert env.out.getvalue().count("[digest crashed]") == 1
    assert (await service.send_now(DESK)).outcome is DigestOutcome.EMPTY


async def test_upgrade_from_release_0_1_0_repeats_nothing_and_loses_nothing(
    tmp_path: Path,
) -> None:
    """A database written by release 0.1.0 (tests/data/db/make_release_db.py) is migrated."""
    path = tmp_path / "bot.db"
    shutil.copy(DB_DATA / "release-0.1.0.db", path)
    with sqlite3.connect(path) as db:
        delivered = {
            r[0]
            for r in db.execute(
                "SELECT ds.story_id FROM digest_stories ds JOIN digests d ON d.id = ds.digest_id "
                "WHERE d.channel_id = 'console:desk' AND d.status = 'delivered'"
            )
        }
        (until_at,) = db.execute(
            "SELECT until_at FROM digests WHERE channel_id = 'console:desk'"
        ).fetchone()
        # what release 0.1.0 would have put in desk's next digest: first seen since its last
        expected = {
            r[0]
            for r in db.execute(
                "SELECT DISTINCT s.id FROM stories s JOIN story_topics st ON st.story_id = s.id "
                "JOIN subscriptions sub ON sub.topic_key = st.topic_key "
                "AND sub.channel_id = 'console:desk' WHERE s.first_seen_at > ? "
                "AND s.backlog = 0",
                (until_at,),
            )
        }
    assert delivered
    assert expected
    clock = FixedClock(datetime(2017, 1, 8, 1, 0, tzinfo=UTC))
    out = io.StringIO()
    async with open_app(config_for(path), clock=clock, console=ConsoleDeliverer(out)) as app:
        assert await app.store.schema_version() == load_migrations()[-1].version
        channel = await app.store.get_channel(DESK)
        assert channel is not None
        build = await app.service.runner.build(channel, clock())
        considered = set(build.placed) | set(build.dropped)
        assert considered == expected, "the same stories as before the upgrade"
        assert not considered & delivered, "nothing delivered is considered again"
        result = await app.service.send_now(DESK)
        assert result.outcome is DigestOutcome.DELIVERED
        assert set(result.digest.story_ids) <= expected  # type: ignore[union-attr]
        again = await app.service.send_now(DESK)
        assert again.outcome is DigestOutcome.EMPTY
        chat = ChannelRef("discord", "111:222")
        pending = await app.store.pending_digest(chat)
        assert pending is not None, "the pending chat digest is kept for a process that can send it"
        skipped = await app.service.send_now(chat)
        assert skipped.outcome is DigestOutcome.SKIPPED
        assert await app.store.pending_digest(chat) == pending


async def test_retention_prunes_old_stories_but_nothing_still_needed(env: Env) -> None:
    """Issue 13: the database grew for ever. Old stories go, in batches; a story a feed still
    lists, one inside a channel's window and one waiting in a pending digest stay."""
    service, store = env.app.service, env.app.store
    gone = await env.feed("gone", {"russia-ukraine"})
    kept = await env.feed("kept", {"taiwan"})
    for live in (gone, kept):
        await service.add_feed(live.url, live.path)
    old = gone.publish(3, at=NOW - H)
    listed = kept.publish(1, at=NOW - H)
    await env.poll()
    await service.subscribe(DESK, ["war", "strait"])
    assert (await service.send_now(DESK)).outcome is DigestOutcome.DELIVERED
    gone.entries.clear()  # the outlet stops listing its old entries
    gone.publish(1, at=NOW)  # and the feed changes, so the next fetch reads it
    env.clock.advance(days=40)
    fresh = gone.publish(1, at=env.clock() - H)
    await env.poll()  # kept still lists its old entry; gone lists only new ones
    chat = ChannelRef("discord", "1:2")
    await service.subscribe(chat, ["war"])  # a digest nobody here can send...
    (held,) = await store.trace_items(None, old[0].link)
    assert held.story_id is not None
    await store.record_digest(  # ...waits with one of the old stories
        "waiting",
        chat,
        slot_key=None,
        created_at=env.clock(),
        until_seq=await store.last_hit_seq(),
        content="{}",
        story_ids=[held.story_id],
        after_n=0,
    )
    before = await store.count_items()
    result = await service.prune(timedelta(days=30))
    assert result.items == len(old) - 1, "all the old items but the pending digest's"
    status = await service.status()
    assert status.items == before - result.items
    assert status.database_bytes > 0
    assert status.oldest_item_at is not None
    ids = await store.recent_item_ids(NOW - 9999 * H)
    remaining = {stored.item.title for stored in await store.get_items(ids)}
    assert {e.title for e in old[1:]}.isdisjoint(remaining)
    assert old[0].title in remaining, "a pending digest carries it"
    assert listed[0].title in remaining, "a feed still lists it"
    assert fresh[0].title in remaining, "inside the window"
    assert (await service.prune(timedelta(days=30))).stories == 0
    env.clock.advance(hours=1)
    after = await service.send_now(DESK)
    assert titles(after.digest) == [fresh[0].title], "only the news; nothing pruned comes back"


async def test_a_story_lists_every_outlet_with_its_own_link_and_caps_say_how_many_more(
    env: Env,
) -> None:
    """Issue 14: the digest shows the grouping; a cut topic says how many stories it left out."""
    service = env.app.service
    first = await env.feed("first", {"russia-ukraine"})
    second = LiveFeed(env.server, "live/second.xml", [], marker=MARKERS["russia-ukraine"])
    (shared,) = first.publish(1, at=NOW - 2 * H)
    second.pool = [Headline(shared.title, shared.summary.removesuffix(" warwire"), ())]
    (echo,) = second.publish(1, at=NOW - H)  # the same report, another outlet, its own link
    first.publish(3, at=NOW - 3 * H)
    await service.add_feed(first.url, "First Wire")
    await service.add_feed(second.url, "Second Wire")
    await env.poll()
    await service.subscribe(DESK, ["war"])
    runner = service.runner
    runner.limits = dataclasses.replace(runner.limits, per_topic=2)
    result = await service.send_now(DESK)
    assert result.digest is not None
    (section,) = result.digest.sections
    lead = next(e for e in section.entries if e.title == shared.title)
    assert [(s.outlet, s.url) for s in lead.sources] == [
        ("First Wire", shared.link),
        ("Second Wire", echo.link),
    ]
    assert section.more == 2, "four stories, two shown"
    printed = env.out.getvalue()
    assert f"also Second Wire: {echo.link}" in printed
    assert "…and 2 more stories on this topic" in printed


async def test_a_first_fetch_whose_commit_races_a_digest_still_reaches_the_next_one(
    env: Env,
) -> None:
    """Found by the soak: a new feed's first fetch was parsed before a digest was recorded but
    its stories were committed after it; the first-fetch rule compared their publication time
    with that digest and dropped them as the feed's archive. A story seen before the last
    digest is not a later feed's archive: only the age limit applies to it."""
    service = env.app.service
    known = await env.feed("known", {"russia-ukraine"})
    known.publish(1, at=NOW - H)
    await service.add_feed(known.url, "Known")
    await env.poll()
    await service.subscribe(DESK, ["war"])
    late = await env.feed("late", {"russia-ukraine"})
    raced = late.publish(2, at=NOW - 2 * H)
    await service.add_feed(late.url, "Late")
    poller = env.app.poller
    place = poller.on_new_items
    assert place is not None
    first: list[DigestOutcome] = []

    async def digest_then_place(items):
        first.append((await service.send_now(DESK)).outcome)  # records the channel's digest
        await place(items)

    poller.on_new_items = digest_then_place
    feed = await env.app.store.feed_by_url(late.url)
    assert feed is not None
    await service.poll(feed_ids=[feed.id])
    poller.on_new_items = place
    assert first == [DigestOutcome.DELIVERED]
    result = await service.send_now(DESK)
    assert sorted(titles(result.digest)) == await env.lead_titles(raced)
