"""Slash commands end to end: real discord.py ``CommandTree`` and ``Interaction`` over the real
service and a SQLite file, with Discord's REST API faked at the HTTP boundary (loopback)."""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import timedelta
from email.utils import format_datetime

import discord
import pytest

from bot.app import open_app
from bot.chat.discord.choices import MAX_CHOICES
from bot.chat.discord.frontend import COMMANDS_HASH_KEY, DiscordFrontend, sync_commands
from bot.chat.discord.replies import GENERIC_ERROR, NEEDS_MANAGE_SERVER, clip, safe
from bot.config import Config, DatabaseSection, FetchSection
from bot.core.cadence import parse_zone
from bot.core.model import ChannelRef, ChannelStatus
from bot.errors import UserError
from tests.fakes.discord_api import (
    APPLICATION_ID,
    TOKEN,
    Answer,
    FakeDiscordApi,
    dispatch,
    interaction_payload,
)
from tests.feedserver import TINY_FEED, FeedServer

GUILD = 900000000000000001
OTHER_GUILD = 900000000000000009
CHANNEL = 900000000000000002
ADMIN = discord.Permissions(view_channel=True, send_messages=True, manage_guild=True).value
MEMBER = discord.Permissions(view_channel=True, send_messages=True).value
EPHEMERAL = 64
CALLBACK_MESSAGE, CALLBACK_DEFERRED, CALLBACK_AUTOCOMPLETE = 4, 5, 8
REF = ChannelRef("discord", f"{GUILD}:{CHANNEL}")


@pytest.fixture
async def api():
    async with FakeDiscordApi() as fake:
        yield fake


@pytest.fixture
async def app(tmp_path, clock):
    config = replace(
        Config(),
        database=DatabaseSection(path=str(tmp_path / "bot.db")),
        fetch=FetchSection(parse_workers=0, allow_private_addresses=True),
    )
    async with open_app(config, clock=clock, backlog_on_first_fetch=False) as opened:
        yield opened


@pytest.fixture
async def frontend(api, app):
    async with DiscordFrontend(app.service, TOKEN) as front:
        await front.login()  # runs setup_hook: commands added, cache loaded, first sync
        app.service.runner.deliverers["discord"] = front.deliverer
        yield front


@pytest.fixture
async def news(app, clock):
    """A feed on a loopback server with three Japan–Korea stories published just now."""
    items = "".join(
        f"<item><title>Japan and South Korea hold summit round {n} @everyone</title>"
        f"<link>https://news.example/summit-{n}</link><guid>summit-{n}</guid>"
        f"<description>Leaders from Tokyo and Seoul met again, round {n}.</description>"
        f"<pubDate>{format_datetime(clock() - timedelta(minutes=n), usegmt=True)}</pubDate></item>"
        for n in range(1, 4)
    )
    body = (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Wire</title>'
        f"<link>https://news.example/</link><description>d</description>{items}</channel></rss>"
    ).encode()
    async with FeedServer() as server:
        server.set_body("wire.xml", body)
        await app.service.add_feed(server.url("wire.xml"), "Wire")
        summary = await app.service.poll()
        assert summary.new_items == 3
        yield server


async def run(frontend, command, sub, options=None, *, permissions=ADMIN, focused=None, **kw):
    payload = interaction_payload(
        command,
        sub,
        options,
        guild_id=kw.get("guild_id", GUILD),
        channel_id=kw.get("channel_id", CHANNEL),
        permissions=permissions,
        focused=focused,
    )
    await dispatch(frontend.tree, payload)
    return payload


def only_reply(api, payload):
    (callback,) = api.replies(payload)
    return callback.json


async def test_subscribe_then_topics_lists_the_subscription(api, app, frontend):
    payload = await run(frontend, "digest", "subscribe", {"topic": "japan-korea"})
    answer = only_reply(api, payload)
    assert answer["type"] == CALLBACK_MESSAGE
    assert answer["data"]["flags"] == EPHEMERAL
    assert answer["data"]["allowed_mentions"] == {"parse": []}
    assert "japan-korea" in answer["data"]["content"]
    assert await app.service.channel_topics(REF) == ["japan-korea"]

    payload = await run(frontend, "digest", "topics", permissions=MEMBER)
    content = only_reply(api, payload)["data"]["content"]
    assert content.startswith("**This channel gets:** japan-korea")


@pytest.mark.parametrize(
    ("command", "sub", "options"),
    [
        ("digest", "subscribe", {"topic": "japan-korea"}),
        ("digest", "now", {}),
        ("digest", "preview", {"post": True}),
        ("feed", "add", {"url": "https://news.example/rss.xml"}),
        ("topic", "delete", {"name": "anything"}),
    ],
    ids=["subscribe", "now", "preview-post", "feed-add", "topic-delete"],
)
async def test_member_without_manage_server_is_refused_in_code(
    api, app, frontend, command, sub, options
):
    # a server admin may open any command to everyone: the code still checks the permission
    payload = await run(frontend, command, sub, options, permissions=MEMBER)
    answer = only_reply(api, payload)
    assert answer["type"] == CALLBACK_MESSAGE
    assert answer["data"]["content"] == NEEDS_MANAGE_SERVER
    assert answer["data"]["flags"] == EPHEMERAL
    assert await app.service.channel_topics(REF) == []
    assert await app.service.list_feeds(scope=f"discord:{GUILD}") == []


async def test_schedule_with_an_unknown_zone_shows_the_user_error(api, frontend):
    with pytest.raises(UserError) as expected:
        parse_zone("Mars/Olympus_Mons")
    payload = await run(
        frontend, "digest", "schedule", {"when": "08:00", "timezone": "Mars/Olympus_Mons"}
    )
    answer = only_reply(api, payload)
    assert answer["data"]["content"] == safe(str(expected.value))
    assert answer["data"]["flags"] == EPHEMERAL


async def test_an_error_quoting_a_long_option_still_fits_a_reply(api, frontend):
    payload = await run(
        frontend, "digest", "schedule", {"when": "08:00", "timezone": "Mars/" + "x" * 5000}
    )
    content = only_reply(api, payload)["data"]["content"]
    assert content.startswith("unknown time zone 'Mars/xxx")
    assert len(content) < 200

    url = "https://news.example/" + "y" * 5000  # an error that quotes it whole is clipped
    payload = await run(frontend, "digest", "why", {"url": url}, permissions=MEMBER)
    content = api.replies(payload)[-1].json["content"]
    assert content.startswith("no stored item has the id or URL 'https://news.example/yyy")
    assert len(content) <= 2000


async def test_schedule_answers_with_the_next_digest_time(api, app, frontend):
    payload = await run(
        frontend, "digest", "schedule", {"when": "07:30 mon-fri", "timezone": "Asia/Seoul"}
    )
    content = only_reply(api, payload)["data"]["content"]
    assert "Asia/Seoul" in content
    assert "<t:" in content
    channel = await app.service.store.get_channel(REF)
    assert channel is not None
    assert channel.timezone == "Asia/Seoul"


async def test_preview_defers_then_follows_up_with_the_digest_embeds(api, app, frontend, news):
    await app.service.subscribe(REF, ["japan-korea"])
    payload = await run(frontend, "digest", "preview", permissions=MEMBER)
    deferred, *followups = api.replies(payload)
    assert deferred.json == {"type": CALLBACK_DEFERRED, "data": {"flags": EPHEMERAL}}
    assert len(followups) == 1
    body = followups[0].json
    assert body["flags"] == EPHEMERAL
    assert body["allowed_mentions"] == {"parse": []}
    assert "3 stories" in body["content"]
    (embed,) = body["embeds"]
    assert embed["title"] == "japan-korea"
    assert "summit round 1" in embed["description"]
    assert "@everyone" not in embed["description"]
    assert api.calls("POST", f"/channels/{CHANNEL}/messages") == []  # a preview posts nothing


async def test_preview_without_topics_is_refused_before_deferring(api, frontend):
    payload = await run(frontend, "digest", "preview")
    answer = only_reply(api, payload)
    assert answer["type"] == CALLBACK_MESSAGE
    assert "no topics yet" in answer["data"]["content"]


async def test_now_posts_the_digest_and_answers_in_public(api, app, frontend, news):
    await app.service.subscribe(REF, ["japan-korea"])
    payload = await run(frontend, "digest", "now")
    deferred, followup = api.replies(payload)
    assert deferred.json == {"type": CALLBACK_DEFERRED}  # no ephemeral flag: public
    assert followup.json["content"] == "📰 Digest posted: 3 stories."
    assert not followup.json.get("flags")
    (post,) = api.posts(CHANNEL)
    assert post.json["allowed_mentions"] == {"parse": []}
    assert len(api.messages[CHANNEL]) == 1


async def test_an_unexpected_error_is_logged_and_answered_generically(
    api, app, frontend, news, caplog
):
    await app.service.subscribe(REF, ["japan-korea"])
    # a 400 means our renderer broke a Discord rule: a bug, which the deliverer does not wrap
    api.script(CHANNEL, Answer(400, {"message": "Invalid Form Body", "code": 50035}))
    with caplog.at_level(logging.ERROR, logger="bot.chat.discord.frontend"):
        payload = await run(frontend, "digest", "now")
    deferred, followup = api.replies(payload)
    assert deferred.json["type"] == CALLBACK_DEFERRED
    assert followup.json["content"] == GENERIC_ERROR
    (record,) = [r for r in caplog.records if r.name == "bot.chat.discord.frontend"]
    assert "command=digest now" in record.getMessage()
    assert record.exc_info is not None
    assert isinstance(record.exc_info[1], discord.HTTPException)


async def test_autocomplete_answers_from_the_cache_with_at_most_25_choices(api, app, frontend):
    scope = f"discord:{GUILD}"
    for n in range(30):
        payload = await run(
            frontend,
            "topic",
            "create",
            {"name": f"desk-{n:02d}", "query": "Japan", "description": "long words " * 20},
        )
        assert api.replies(payload)[-1].json["content"].startswith("Topic **desk")
    await app.service.create_topic("elsewhere", "Korea", scope=f"discord:{OTHER_GUILD}")

    payload = await run(frontend, "digest", "subscribe", {"topic": ""}, focused="topic")
    answer = only_reply(api, payload)
    assert answer["type"] == CALLBACK_AUTOCOMPLETE
    choices = answer["data"]["choices"]
    assert len(choices) == MAX_CHOICES
    assert all(len(c["name"]) <= 100 and len(c["value"]) <= 100 for c in choices)

    payload = await run(frontend, "topic", "delete", {"name": "desk-2"}, focused="name")
    values = [c["value"] for c in only_reply(api, payload)["data"]["choices"]]
    assert values == [f"desk-{n}" for n in range(20, 30)]
    topics = {t.name for t in await app.service.list_topics(scope=scope)}
    assert "elsewhere" not in topics

    payload = await run(frontend, "digest", "subscribe", {"topic": "elsew"}, focused="topic")
    assert only_reply(api, payload)["data"]["choices"] == []  # another server's topic


async def test_a_feed_of_another_server_is_refused(api, app, frontend):
    other = await app.service.add_feed(
        "https://other.example/rss.xml", "Other", scope=f"discord:{OTHER_GUILD}"
    )
    await frontend.cache.refresh_feeds()
    payload = await run(frontend, "feed", "remove", {"feed": ""}, focused="feed")
    assert only_reply(api, payload)["data"]["choices"] == []

    payload = await run(frontend, "feed", "remove", {"feed": str(other.id)})
    answer = only_reply(api, payload)
    assert answer["data"]["content"] == safe(
        f"no feed with id {other.id}; the feed list shows the ids"
    )
    assert answer["data"]["flags"] == EPHEMERAL
    assert await app.service.store.get_feed(other.id) is not None


async def test_feed_add_then_remove_by_autocompleted_id(api, app, frontend, news):
    news.set_body("second.xml", TINY_FEED)  # fetched once at add
    url = news.url("second.xml")
    payload = await run(
        frontend, "feed", "add", {"url": url, "name": "Desk <@123456789012345678> @everyone"}
    )
    deferred, followup = api.replies(payload)
    assert deferred.json["type"] == CALLBACK_DEFERRED
    assert "@everyone" not in followup.json["content"]
    assert "<@123456789012345678>" not in followup.json["content"]
    assert followup.json["allowed_mentions"] == {"parse": []}

    payload = await run(frontend, "feed", "remove", {"feed": "desk"}, focused="feed")
    (choice,) = only_reply(api, payload)["data"]["choices"]
    assert choice["name"].startswith(f"#{choice['value']} Desk")
    payload = await run(frontend, "feed", "remove", {"feed": choice["value"]})
    assert "removed" in only_reply(api, payload)["data"]["content"]
    assert await app.service.list_feeds(scope=f"discord:{GUILD}") != []  # the operator's stays
    assert [f.scope for f in await app.service.list_feeds(scope=f"discord:{GUILD}")] == [None]


async def test_status_shows_the_channel_and_feed_health(api, app, frontend, news):
    await app.service.subscribe(REF, ["japan-korea"])
    payload = await run(frontend, "digest", "status", permissions=MEMBER)
    content = only_reply(api, payload)["data"]["content"]
    assert "**Topics:** japan-korea" in content
    assert "**Schedule:** 08:00 (UTC)" in content
    assert "**Last digest:** never" in content
    assert "**Feeds:** 1 ok, 0 failing or paused" in content


async def test_commands_sync_only_when_their_definitions_changed(api, app, frontend):
    (first,) = api.calls("PUT", f"/applications/{APPLICATION_ID}/commands")
    names = {c["name"]: c for c in first.json}
    assert set(names) == {"digest", "topic", "feed"}
    assert names["digest"].get("default_member_permissions") is None  # read-only ones open
    assert names["topic"]["default_member_permissions"] == 32  # Manage Server
    assert names["feed"]["default_member_permissions"] == 32
    assert frontend.logged_in.is_set()
    stored = await app.service.stored_meta(COMMANDS_HASH_KEY)
    assert stored == frontend.commands_hash(None)

    async with DiscordFrontend(app.service, TOKEN) as again:
        await again.login()  # a restart: same definitions, so no PUT
    assert len(api.calls("PUT", "/applications/")) == 1

    async with DiscordFrontend(app.service, TOKEN, sync_guild_id=GUILD) as dev:
        await dev.login()  # a new target counts as a change
    assert len(api.calls("PUT", f"/applications/{APPLICATION_ID}/guilds/{GUILD}/commands")) == 1

    assert await sync_commands(TOKEN, app.service) == 3  # the CLI syncs unconditionally
    assert len(api.calls("PUT", f"/applications/{APPLICATION_ID}/commands")) == 2


@pytest.mark.parametrize(
    ("command", "sub", "options", "deferred", "expected"),
    [
        ("topic", "list", {}, False, "**japan-korea**: Japan with South or North Korea"),
        ("topic", "test", {"query": "Seoul"}, True, "matches 3 of 3 items"),
        ("topic", "test", {"query": "japan-korea"}, True, "Topic **japan-korea**: `("),
        ("feed", "list", {}, False, "**Wire** (operator): ok"),
        (
            "digest",
            "why",
            {"url": "https://news.example/summit-2"},
            True,
            "matched topic japan-korea",
        ),
    ],
    ids=["topic-list", "topic-test", "topic-test-by-name", "feed-list", "why"],
)
async def test_read_only_commands_answer_members_privately(
    api, app, frontend, news, command, sub, options, deferred, expected
):
    await app.service.subscribe(REF, ["japan-korea"])
    payload = await run(frontend, command, sub, options, permissions=MEMBER)
    replies = api.replies(payload)
    if deferred:
        assert replies[0].json == {"type": CALLBACK_DEFERRED, "data": {"flags": EPHEMERAL}}
        body = replies[-1].json
    else:
        (callback,) = replies
        body = callback.json["data"]
    assert body["flags"] == EPHEMERAL
    assert body["allowed_mentions"] == {"parse": []}
    assert expected in body["content"]
    assert "@everyone" not in body["content"]  # feed text is escaped
    assert len(body["content"]) <= 2000


async def test_a_long_query_is_saved_whole_and_echoed_short_in_a_closed_code_span(
    api, app, frontend, news
):
    # An analyst's query may be 20,000 characters; Discord refuses a reply over 2,000, so echoing
    # it whole would answer "something went wrong" for a topic that was saved.
    query = " OR ".join(f'"Seoul summit {n}"' for n in range(300)) + " OR Seoul"
    assert 4_000 < len(query) < 8_000
    payload = await run(frontend, "topic", "create", {"name": "long", "query": query})
    content = api.replies(payload)[-1].json["content"]
    assert content.startswith("Topic **long** saved: `")
    assert content.endswith("…`")
    assert len(content) < 500
    (saved,) = [t for t in await app.service.list_topics(scope=f"discord:{GUILD}") if t.scope]
    assert saved.query == query

    for sub, options in (("test", {"query": query}), ("test", {"query": "long"}), ("list", {})):
        payload = await run(frontend, "topic", sub, options, permissions=MEMBER)
        last = api.replies(payload)[-1].json
        content = last["content"] if sub == "test" else last["data"]["content"]  # deferred or not
        assert len(content) <= 2000
        head = next(line for line in content.splitlines() if "Seoul summit 0" in line)
        assert head.count("`") == 2, head  # the span is closed on its own line
        if sub == "test":
            assert "matches 3 of 3 items" in head


async def test_unsubscribe_offers_this_channels_topics_then_removes_one(api, app, frontend):
    await run(frontend, "digest", "subscribe", {"topic": "taiwan"})
    await run(frontend, "digest", "subscribe", {"topic": "japan-korea"})
    payload = await run(frontend, "digest", "unsubscribe", {"topic": ""}, focused="topic")
    values = [c["value"] for c in only_reply(api, payload)["data"]["choices"]]
    assert values == ["japan-korea", "taiwan"]

    payload = await run(frontend, "digest", "unsubscribe", {"topic": "taiwan"})
    assert "no longer gets **taiwan**" in only_reply(api, payload)["data"]["content"]
    assert await app.service.channel_topics(REF) == ["japan-korea"]


async def test_resume_reactivates_a_paused_channel_shown_in_status(api, app, frontend):
    await app.service.subscribe(REF, ["japan-korea"])
    reason = "the bot lacks Send Messages in <#900000000000000002> (Missing Permissions)"
    await app.service.store.set_channel_status(REF, ChannelStatus.PAUSED, reason)
    payload = await run(frontend, "digest", "status", permissions=MEMBER)
    content = only_reply(api, payload)["data"]["content"]
    assert "**Paused:** the bot lacks Send Messages" in content
    assert "**Next digest:** none while paused" in content

    payload = await run(frontend, "digest", "resume")
    assert only_reply(api, payload)["data"]["content"].startswith("Digests resumed")
    channel = await app.service.store.get_channel(REF)
    assert channel is not None
    assert channel.status is ChannelStatus.ACTIVE


@pytest.mark.parametrize(
    ("lines", "limit", "expected"),
    [
        (["a", "b"], 10, "a\nb"),
        (["aaaaaaaa", "bbbbbbbb", "cccccccc"], 21, "aaaaaaaa\n… and 2 more"),
        (["aaaa", "bbbb", "cccc"], 14, "aaaa\nbbbb\ncccc"),
        ([], 10, ""),
    ],
    ids=["fits", "cut-with-count", "exactly-full", "empty"],
)
def test_clip_keeps_whole_lines_within_the_limit(lines, limit, expected):
    assert clip(lines, limit) == expected
    assert len(clip(lines, limit)) <= limit
