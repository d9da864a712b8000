"""DigestService over real parts: a SQLite file, the loopback feed server, the console deliverer."""

from __future__ import annotations

import dataclasses
import io
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.app import App, open_app
from bot.chat.console import ConsoleDeliverer
from bot.config import Config, DatabaseSection, FetchSection, load_config
from bot.core.digest_record import digest_from_json
from bot.core.model import ChannelRef, ChannelStatus, Digest
from bot.core.query import QueryError
from bot.digests.deliverer import PartCallback, Receipt
from bot.digests.runner import DigestOutcome
from bot.errors import DeliveryError, UserError
from bot.storage import Store
from tests.clock import FixedClock
from tests.feedserver import FeedServer
from tests.paths import DATA

OUTLETS = DATA / "outlets"
DESK = ChannelRef("console", "desk")
CAPTURE_DAY = datetime(2017, 1, 7, 23, 0, tzinfo=UTC)


@dataclass
class Env:
    app: App
    server: FeedServer
    clock: FixedClock
    out: io.StringIO

    async def publish(self, capture: str) -> None:
        """The outlet's one feed now serves ``capture``; the bot polls it."""
        self.server.set_body("live/outlet.xml", (OUTLETS / capture).read_bytes())
        self.clock.advance(hours=1)
        for feed in await self.app.store.list_feeds():
            await self.app.store.resume_feed(feed.id, self.clock())
        await self.app.service.poll()

    async def publish_raw(self) -> None:
        """Poll again, when the feed is next due, whatever the outlet serves now."""
        feeds = await self.app.store.list_feeds()
        self.clock.set(
            max([self.clock() + timedelta(minutes=1), *(f.next_fetch_at for f in feeds)])
        )
        await self.app.service.poll()


def config_for(tmp_path: Path) -> Config:
    return dataclasses.replace(
        Config(),
        database=DatabaseSection(path=str(tmp_path / "bot.db")),
        fetch=FetchSection(allow_private_addresses=True, total_timeout_s=5, parse_workers=0),
    )


@pytest.fixture
async def env(tmp_path: Path) -> AsyncIterator[Env]:
    clock = FixedClock(CAPTURE_DAY)
    out = io.StringIO()
    async with (
        FeedServer() as server,
        open_app(config_for(tmp_path), clock=clock, console=ConsoleDeliverer(out)) as app,
    ):
        await app.service.add_feed(server.url("live/outlet.xml"), "Outlet")
        yield Env(app, server, clock, out)


async def test_backlog_never_floods_then_new_stories_arrive_once(env: Env) -> None:
    service = env.app.service
    await service.subscribe(DESK, ["japan-korea", "north-korea"])
    await env.publish("japan-today-1.xml")  # the feed's first fetch: backlog
    assert (await service.send_now(DESK)).outcome is DigestOutcome.EMPTY
    await env.publish("japan-times-1.xml")  # later items are news
    result = await service.send_now(DESK)
    assert result.outcome is DigestOutcome.DELIVERED
    assert result.digest is not None
    titles = [e.title for s in result.digest.sections for e in s.entries]
    assert any("comfort women" in t for t in titles), titles
    printed = env.out.getvalue()
    assert printed.count(result.digest.id) == 1
    assert "## japan-korea" in printed
    again = await service.send_now(DESK)
    assert again.outcome is DigestOutcome.EMPTY, "a delivered story is never sent again"


class FlakyDeliverer:
    """A real deliverer (console) behind a switch that fails like a platform would."""

    platform = "console"

    def __init__(self, inner: ConsoleDeliverer) -> None:
        self.inner = inner
        self.error: DeliveryError | None = None
        self.sent: list[Digest] = []

    async def deliver(
        self,
        channel: ChannelRef,
        digest: Digest,
        *,
        skip_parts: int = 0,
        on_part: PartCallback | None = None,
    ) -> Receipt:
        if self.error is not None:
            raise self.error
        self.sent.append(digest)
        return await self.inner.deliver(channel, digest, skip_parts=skip_parts, on_part=on_part)


async def test_transient_failure_leaves_digest_pending_and_resends_it_as_recorded(env: Env) -> None:
    service, store = env.app.service, env.app.store
    flaky = FlakyDeliverer(ConsoleDeliverer(env.out))
    env.app.service.runner.deliverers["console"] = flaky
    await service.subscribe(DESK, ["japan-korea", "north-korea", "taiwan", "china-us"])
    await env.publish("japan-today-1.xml")
    await env.publish("japan-times-1.xml")
    flaky.error = DeliveryError("platform is down", permanent=False)
    failed = await service.send_now(DESK)
    assert failed.outcome is DigestOutcome.FAILED
    pending = await store.pending_digest(DESK)
    assert pending is not None
    assert pending.last_error == "platform is down"
    recorded = digest_from_json(pending.content)
    await env.publish("indian-express-1.xml")  # new stories arrive meanwhile
    flaky.error = None
    result = await service.send_now(DESK)
    assert result.resent_pending
    assert flaky.sent[0] == recorded, "the recorded digest is sent exactly as recorded"
    assert len(flaky.sent) == 2, "then a new digest with only the newer stories"
    assert not set(flaky.sent[0].story_ids) & set(flaky.sent[1].story_ids)
    assert await store.pending_digest(DESK) is None


async def test_permanent_failure_pauses_channel_until_resumed(env: Env) -> None:
    service = env.app.service
    flaky = FlakyDeliverer(ConsoleDeliverer(env.out))
    env.app.service.runner.deliverers["console"] = flaky
    await service.subscribe(DESK, ["north-korea"])
    await env.publish("japan-today-1.xml")
    await env.publish("japan-times-1.xml")
    flaky.error = DeliveryError("missing access to #desk", permanent=True)
    assert (await service.send_now(DESK)).outcome is DigestOutcome.FAILED
    status = await service.status()
    [state] = status.channels
    assert state.channel.status is ChannelStatus.PAUSED
    assert state.channel.status_reason == "missing access to #desk"
    assert state.pending
    assert (await service.run_scheduled(DESK)).outcome is DigestOutcome.PAUSED
    flaky.error = None
    await service.resume_channel(DESK)
    assert (await service.send_now(DESK)).outcome is DigestOutcome.DELIVERED
    with pytest.raises(UserError, match="are not paused: nothing to resume"):
        await service.resume_channel(DESK)  # says so, instead of "resumed"


async def test_same_slot_never_runs_twice_and_catch_up_sends_one(env: Env) -> None:
    service = env.app.service
    await service.subscribe(DESK, ["north-korea", "japan-korea"])
    await service.set_schedule(DESK, "11:00,12:00", "Asia/Tokyo")
    await env.publish("japan-today-1.xml")
    await env.publish("japan-times-1.xml")  # 10:00 in Tokyo
    env.clock.advance(hours=2, minutes=30)  # the bot was down: the 11:00 and 12:00 slots missed
    results = await service.catch_up()
    assert [r.outcome for _, r in results] == [DigestOutcome.DELIVERED]
    assert await service.catch_up() == [], "nothing left to catch up"
    again = await service.run_scheduled(DESK)
    assert again.outcome is DigestOutcome.ALREADY_SENT
    assert env.out.getvalue().count("=== Digest for console:desk") == 1


async def test_why_explains_inclusion_and_drops(env: Env) -> None:
    service = env.app.service
    await service.subscribe(DESK, ["japan-korea"])
    await env.publish("japan-today-1.xml")
    backlog_items = await env.app.store.recent_item_ids(CAPTURE_DAY - timedelta(days=30))
    lines = await service.why(DESK, str(backlog_items[-1]))
    assert any(line.startswith("  story ") for line in lines)
    assert any("dropped" in line for line in lines), lines
    await env.publish("japan-times-1.xml")
    preview = await service.preview(DESK)
    [entry] = [e for s in preview.sections for e in s.entries][:1]
    lines = await service.why(DESK, entry.url)
    assert any("matched topic japan-korea" in line for line in lines), lines
    assert any("will be in the next digest" in line for line in lines), lines
    with pytest.raises(UserError, match="no stored item"):
        await service.why(DESK, "https://nowhere.example/x")


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda s: s.subscribe(DESK, ["no-such-topic"]), "no topic named 'no-such-topic'"),
        (lambda s: s.subscribe(DESK, []), "name at least one topic"),
        (lambda s: s.set_schedule(DESK, "25:00"), "'25:00' is not a time of day"),
        (lambda s: s.set_schedule(DESK, "08:00", "Asia/Seol"), "unknown time zone 'Asia/Seol'"),
        (lambda s: s.create_topic("Bad Name!", "x"), "bad topic name"),
        (lambda s: s.add_feed("ftp://x.example/feed"), "must start with http"),
        (lambda s: s.add_feed("http://user:pw@x.example/feed"), "user name or password"),
        (lambda s: s.remove_feed(999), "no feed with id 999"),
        (lambda s: s.preview(ChannelRef("console", "empty")), "no subscriptions yet"),
    ],
    ids=[
        "unknown-topic",
        "no-topic",
        "bad-time",
        "bad-zone",
        "bad-topic-name",
        "bad-scheme",
        "credentials",
        "unknown-feed",
        "no-subscriptions",
    ],
)
async def test_bad_input_is_a_user_error_naming_the_problem(env: Env, call, message: str) -> None:
    with pytest.raises(UserError) as info:
        await call(env.app.service)
    assert message in str(info.value)


async def test_topics_create_test_override_and_remove(env: Env) -> None:
    service = env.app.service
    with pytest.raises(QueryError, match="position"):
        await service.create_topic("summit", "(Japan OR Korea")
    await env.publish("japan-times-1.xml")
    topic = await service.create_topic("summit", 'title:(summit OR "comfort women") | 慰安婦')
    assert topic.query.startswith("title:")
    names = {t.name: t.origin for t in await service.list_topics()}
    assert names["summit"] == "user"
    assert names["japan-korea"] == "builtin"
    await service.create_topic("taiwan", "Taiwan")  # an admin overrides a built-in
    names = {t.name: t.origin for t in await service.list_topics()}
    assert names["taiwan"] == "user"
    tested = await service.test_topic("Busan", since=timedelta(days=30))
    assert tested.matches
    assert all("Busan" in m.terms for m in tested.matches)
    await service.remove_topic("summit")
    assert "summit" not in {t.name for t in await service.list_topics()}


async def test_topic_test_says_why_and_counts_per_language(env: Env) -> None:
    # issue 15: which terms and operator matched, and matches per declared language
    await env.publish("japan-times-1.xml")
    tested = await env.app.service.test_topic(
        '(Japan OR Japanese) NEAR/3 (Korea OR "South Korea") -"K-pop"', since=timedelta(days=30)
    )
    assert tested.matches
    for match in tested.matches:
        assert any("NEAR/3" in reason and "words apart" in reason for reason in match.why)
        assert 'NOT "K-pop": absent' in match.why
        assert match.language == "en"  # the capture declares <language>en-us</language>
    [(language, matched, scanned)] = tested.languages
    assert (language, matched) == ("en", len(tested.matches))
    assert scanned == tested.scanned > matched


async def test_scoped_feeds_and_topics_stay_in_their_server(env: Env) -> None:
    service = env.app.service
    feed = await service.add_feed(env.server.url("outlets/cnn-1.xml"), "CNN", scope="discord:1")
    with pytest.raises(UserError, match="no feed with id"):
        await service.remove_feed(feed.id, scope="discord:2")
    operator = (await service.list_feeds())[0]
    with pytest.raises(UserError, match="configured by the operator"):
        await service.remove_feed(operator.id, scope="discord:1")
    await service.create_topic("chips", "chip*", scope="discord:1")
    assert "chips" in {t.name for t in await service.list_topics(scope="discord:1")}
    assert "chips" not in {t.name for t in await service.list_topics(scope="discord:2")}
    await service.subscribe(ChannelRef("discord", "1:10"), ["chips"], scope="discord:1")
    with pytest.raises(UserError, match="no topic named 'chips'"):
        await service.subscribe(ChannelRef("discord", "2:20"), ["chips"], scope="discord:2")
    assert (await service.remove_feed(feed.id, scope="discord:1")).id == feed.id


async def test_channels_hear_once_when_a_feed_they_read_fails_for_a_day(env: Env) -> None:
    service = env.app.service
    await service.subscribe(DESK, ["japan-korea", "north-korea"])
    await env.publish("japan-today-1.xml")
    await env.publish("japan-times-1.xml")
    assert (await service.send_now(DESK)).outcome is DigestOutcome.DELIVERED
    env.server.set_body("live/outlet.xml", b"<html><body>gone</body></html>", "text/html")
    await env.publish_raw()
    assert await service.notify_failing_feeds() == [], "not after one failure"
    env.clock.advance(hours=25)
    await env.publish_raw()
    [(ref, feed)] = await service.notify_failing_feeds()
    assert ref == DESK
    assert feed.name == "Outlet"
    printed = env.out.getvalue()
    assert "Feed 'Outlet' has been failing since" in printed
    assert "not a feed" in printed
    env.clock.advance(hours=5)
    await env.publish_raw()
    assert await service.notify_failing_feeds() == [], "once per failure episode"


async def test_why_finds_an_item_by_the_url_a_user_pastes(env: Env) -> None:
    service = env.app.service
    await service.subscribe(DESK, ["japan-korea"])
    await env.publish("japan-today-1.xml")
    await env.publish("japan-times-1.xml")
    [entry] = [e for s in (await service.preview(DESK)).sections for e in s.entries][:1]
    pasted = entry.url.replace("http://", "HTTP://", 1) + "?utm_source=twitter#comments"
    lines = await service.why(DESK, pasted)
    assert any("matched topic japan-korea" in line for line in lines), lines


async def test_start_loads_nothing_it_does_not_need(tmp_path: Path) -> None:
    from bot.config import TopicEntry

    config = dataclasses.replace(
        config_for(tmp_path), topics=(TopicEntry("chips", "chip* export"),)
    )

    async def topic_rows() -> list[tuple[str, str]]:
        async with await Store.open(tmp_path / "bot.db") as store:
            rows = await store._fetchall("SELECT key, updated_at FROM topics ORDER BY key")
        return [(r[0], r[1]) for r in rows]

    clock = FixedClock(CAPTURE_DAY)
    async with open_app(config, clock=clock) as app:

        def loaded() -> bool:  # a call, so mypy does not carry the narrowing across the poll
            return app.service.stories._loaded

        assert not loaded(), "a CLI command does not build the story index"
        await app.service.poll()
        assert loaded()
    first = await topic_rows()
    clock.advance(hours=1)
    async with open_app(config, clock=clock):
        pass
    assert await topic_rows() == first, "unchanged topics are not rewritten (or re-tagged)"


async def test_topic_removal_is_honest_and_survives_a_restart(tmp_path: Path) -> None:
    """Issue 12: removing a built-in said "removed", came back at the next start and silently
    dropped other channels' subscriptions."""
    path = tmp_path / "config.toml"
    path.write_text(
        f'[database]\npath = "{tmp_path / "bot.db"}"\n'
        '[[topics]]\nname = "chips"\nquery = "semiconductor*"\n'
        '[[channels]]\nid = "console:desk"\ntopics = ["taiwan", "chips", "north-korea"]\n',
        encoding="utf-8",
    )
    config = load_config(path, {})
    async with open_app(config) as app:
        service = app.service
        with pytest.raises(UserError, match=r"subscribed by console:desk; unsubscribe it first"):
            await service.remove_topic("taiwan")
        with pytest.raises(UserError, match="defined in the config file"):
            await service.remove_topic("chips")
        with pytest.raises(UserError, match="defined in the config file"):
            await service.create_topic("chips", "chip*")
        removed = await service.remove_topic("coercion")
        assert removed.origin == "builtin"
        await service.unsubscribe(DESK, ["taiwan"])
        await service.remove_topic("taiwan")
    async with open_app(config) as app:  # a restart seeds from the config again
        names = {t.name for t in await app.service.list_topics()}
        assert "coercion" not in names, "a removed built-in stays removed"
        assert "taiwan" not in names
        assert await app.service.channel_topics(DESK) == ["chips", "north-korea"], "order kept"


@pytest.mark.parametrize(
    ("first", "then", "warned"),
    [
        ('schedule = "08:00"\ntimezone = "Asia/Seoul"\n', 'schedule = "08:00"\n', False),
        ("", "", False),
        ('schedule = "08:00"\n', 'schedule = "07:30,18:00"\n', True),
        ('schedule = "08:00"\n', 'timezone = "Europe/Paris"\n', True),
        ('schedule = "07:30, 18:00"\n', 'schedule = "7:30,18:00"\n', False),
        (
            'schedule = "08:00 mon-fri"\ntimezone = "Asia/Tokyo"\n',
            'schedule = "8am weekdays Asia/Tokyo"\n',
            False,
        ),
        ('schedule = "08:00"\n', 'schedule = "08:00 Asia/Seoul"\n', True),
    ],
    ids=[
        "unchanged",
        "never-set",
        "schedule-edited",
        "zone-edited",
        "same-times-spelled-apart",
        "same-days-and-zone-spelled-apart",
        "zone-added-in-the-schedule",
    ],
)
async def test_a_config_schedule_edited_after_the_channel_exists_is_named_at_start(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, first: str, then: str, warned: bool
) -> None:
    """The stored schedule stands (chat and CLI changes win); an operator who edits the config
    later is told at start why the edit changes nothing, and how to change it."""
    path = tmp_path / "config.toml"
    head = f'[database]\npath = "{tmp_path / "bot.db"}"\n'
    channel = '[[channels]]\nid = "console:desk"\ntopics = ["taiwan"]\n'
    path.write_text(head + channel + first, encoding="utf-8")
    async with open_app(load_config(path, {})) as app:
        before = await app.store.get_channel(DESK)
    path.write_text(head + channel + then, encoding="utf-8")
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="bot.app"):
        async with open_app(load_config(path, {})) as app:
            assert await app.store.get_channel(DESK) == before, "the stored schedule stands"
    notes = [r.getMessage() for r in caplog.records if "channel config ignored" in r.getMessage()]
    assert bool(notes) is warned, notes
    if warned:
        assert "python -m bot schedule console:desk" in notes[0]
