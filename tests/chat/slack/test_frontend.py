"""The ``/digest`` command through the real Bolt ``AsyncApp`` against the loopback Slack fake.

Requests are form-encoded like Slack's slash-command payloads and signed with the signing secret,
then dispatched with ``app.async_dispatch``; the ack is the dispatch's response and the results
are what Bolt's ``respond()`` posted to the fake's ``response_url``. The service under the
frontend is the real one, on a file database in ``tmp_path``.
"""

from __future__ import annotations

import dataclasses
import importlib
import importlib.util
import logging
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode

import aiohttp
import pytest
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_sdk.signature import SignatureVerifier

from bot.app import App, open_app
from bot.chat.slack.commands import USAGE
from bot.chat.slack.frontend import GENERIC_ERROR, SlackFrontend
from bot.chat.slack.render import render_digest
from bot.chat.slack.verbs import LINE_MAX, REPLY_BUDGET, slack_lines
from bot.cli.demo import OUTLET_NAMES, demo_files, serve_files
from bot.config import Config, DatabaseSection, FetchSection, Secrets, SlackSection
from bot.core.model import ChannelRef
from bot.errors import ConfigError
from bot.topics.builtin import load_builtin_topics
from tests.clock import FixedClock
from tests.fakes.slack_api import APP_TOKEN, TEAM_ID, TOKEN, FakeSlackApi
from tests.feedserver import TINY_FEED, FeedServer
from tests.paths import ROOT

SECRET = "test-signing-secret"
CHANNEL_ID = "C0DIGEST"
REF = ChannelRef("slack", f"{TEAM_ID}:{CHANNEL_ID}")
SCOPE = f"slack:{TEAM_ID}"
ADMIN, OWNER, MEMBER, LISTED = "U0ADMIN", "U0OWNER", "U0MEMBER", "U0LISTED"
DEMO_NOW = datetime(2017, 1, 7, 23, 0, tzinfo=UTC)  # the evening of the demo captures
MANIFEST = ROOT / "slack-manifest.yml"


def config(tmp_path: Path, **fetch: Any) -> Config:
    return dataclasses.replace(
        Config(),
        database=DatabaseSection(path=str(tmp_path / "bot.db")),
        fetch=FetchSection(parse_workers=0, **fetch),
    )


def secrets(**overrides: str | None) -> Secrets:
    values: dict[str, str | None] = {
        "slack_bot_token": TOKEN,
        "slack_app_token": APP_TOKEN,
        "slack_signing_secret": SECRET,
    }
    return Secrets(**{**values, **overrides})


class Slack:
    """Sends slash commands the way Slack does and reads what the app answered."""

    def __init__(self, frontend: SlackFrontend, fake: FakeSlackApi) -> None:
        self.frontend = frontend
        self.fake = fake
        self.sent = 0

    def payload(self, text: str, user: str) -> tuple[str, str]:
        self.sent += 1
        rid = str(self.sent)
        body = urlencode(
            {
                "token": "deprecated-verification-token",
                "team_id": TEAM_ID,
                "team_domain": "test",
                "channel_id": CHANNEL_ID,
                "channel_name": "news",
                "user_id": user,
                "user_name": user.lower(),
                "command": "/digest",
                "text": text,  # as Slack sends it: & < > already entity-escaped
                "api_app_id": "A0APP",
                "is_enterprise_install": "false",
                "response_url": self.fake.response_url(rid),
                "trigger_id": f"1.2.{rid}",
            }
        )
        return body, rid

    async def dispatch(self, text: str, user: str = ADMIN) -> tuple[int, str]:
        """Dispatch a signed command; return the ack's status and the response id."""
        body, rid = self.payload(text, user)
        response = await self.frontend.app.async_dispatch(signed(body))
        assert response.body == ""  # the ack carries nothing: replies go through respond()
        return response.status, rid

    async def command(self, text: str, user: str = ADMIN) -> list[dict[str, Any]]:
        """Dispatch, wait until the command has answered, return its response_url posts."""
        status, rid = await self.dispatch(text, user)
        assert status == 200
        await self.frontend.drain()
        return self.fake.responses[rid]

    async def reply(self, text: str, user: str = ADMIN) -> str:
        """The single ephemeral text reply to a command."""
        (message,) = await self.command(text, user)
        assert message["response_type"] == "ephemeral"
        assert "link_names" not in message
        assert "parse" not in message
        return str(message["text"])


class ClockSleep:
    """The deliverer's pacing moves the fixed clock instead of waiting."""

    def __init__(self, clock: FixedClock) -> None:
        self.clock = clock
        self.waits: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)
        self.clock.advance(seconds=seconds)


def signed(body: str, *, timestamp: int | None = None, secret: str = SECRET) -> AsyncBoltRequest:
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    signature = SignatureVerifier(secret).generate_signature(timestamp=stamp, body=body)
    assert signature is not None
    return AsyncBoltRequest(
        body=body,
        headers={
            "content-type": "application/x-www-form-urlencoded",
            "x-slack-request-timestamp": stamp,
            "x-slack-signature": signature,
        },
    )


@pytest.fixture
async def fake() -> AsyncIterator[FakeSlackApi]:
    async with FakeSlackApi() as api:
        api.add_user(ADMIN, is_admin=True)
        api.add_user(OWNER, is_owner=True)
        api.add_user(MEMBER)
        api.add_user(LISTED)
        yield api


async def open_slack(app: App, fake: FakeSlackApi, clock: FixedClock) -> SlackFrontend:
    frontend = SlackFrontend(
        app.service,
        SlackSection(mode="http", admin_user_ids=(LISTED,)),
        secrets(),
        clock=clock,
        base_url=fake.url + "/",
        sleep=ClockSleep(clock),
    )
    app.service.runner.deliverers["slack"] = frontend.deliverer
    return frontend


@pytest.fixture
async def slack(tmp_path: Path, fake: FakeSlackApi, clock: FixedClock) -> AsyncIterator[Slack]:
    async with (
        open_app(config(tmp_path), clock=clock) as app,
        await open_slack(app, fake, clock) as frontend,
    ):
        yield Slack(frontend, fake)


@pytest.fixture
async def news(tmp_path: Path, fake: FakeSlackApi) -> AsyncIterator[Slack]:
    """A workspace whose channel is subscribed to the built-in topics over the demo captures."""
    clock = FixedClock(DEMO_NOW)
    runner, base = await serve_files(demo_files())
    try:
        cfg = config(tmp_path, allow_private_addresses=True)  # the capture server is loopback
        async with open_app(cfg, clock=clock, backlog_on_first_fetch=False) as app:
            for name in list(OUTLET_NAMES)[:3]:
                await app.service.add_feed(f"{base}/{name}")
            await app.service.poll()
            await app.service.subscribe(REF, list(load_builtin_topics()))
            async with await open_slack(app, fake, clock) as frontend:
                yield Slack(frontend, fake)
    finally:
        await runner.cleanup()


# -- ack first ---------------------------------------------------------------------------------


async def test_ack_returns_before_the_admin_lookup_is_answered(slack: Slack) -> None:
    slack.fake.hold("users.info")
    status, rid = await slack.dispatch("subscribe japan-korea", MEMBER)
    assert status == 200  # the ack is out while Slack has not answered users.info yet
    await slack.fake.wait_for(lambda f: bool(f.calls_to("users.info")))
    assert slack.fake.responses[rid] == []
    assert await slack.frontend.service.channel_topics(REF) == []
    slack.fake.release("users.info")
    await slack.frontend.drain()
    (message,) = slack.fake.responses[rid]
    assert "admin" in message["text"]
    methods = [c.method for c in slack.fake.calls]
    assert methods.index("users.info") < methods.index("response_url")


# -- permissions -------------------------------------------------------------------------------


@pytest.mark.parametrize("user", [ADMIN, OWNER, LISTED], ids=["admin", "owner", "listed-id"])
async def test_admins_owners_and_listed_users_may_subscribe(slack: Slack, user: str) -> None:
    assert await slack.reply("subscribe japan-korea", user) == (
        "Subscribed to japan-korea.\nThis channel's topics: japan-korea"
    )
    assert await slack.reply("topics", MEMBER) == "This channel's topics: japan-korea"
    assert await slack.frontend.service.channel_topics(REF) == ["japan-korea"]


async def test_a_listed_user_needs_no_users_info_call(slack: Slack) -> None:
    await slack.reply("subscribe taiwan", LISTED)
    assert slack.fake.calls_to("users.info") == []


@pytest.mark.parametrize(
    "text",
    [
        "subscribe japan-korea",
        "unsubscribe japan-korea",
        "schedule 08:00",
        "now",
        "resume",
        "topic create quakes earthquake",
        "topic delete quakes",
        "feed add https://example.com/rss.xml",
        "feed remove 1",
    ],
    ids=lambda t: t.split(" http")[0],
)
async def test_members_may_not_change_anything(slack: Slack, text: str) -> None:
    reply = await slack.reply(text, MEMBER)
    assert reply.startswith(
        "Only workspace admins/owners or users listed in slack.admin_user_ids can use"
    )
    assert MEMBER in reply
    assert await slack.frontend.service.channel_topics(REF) == []
    assert await slack.frontend.service.list_feeds(scope=SCOPE) == []


async def test_members_may_read(slack: Slack) -> None:
    await slack.reply("subscribe japan-korea", ADMIN)
    assert await slack.reply("topics", MEMBER) == "This channel's topics: japan-korea"
    assert "japan-korea:" in await slack.reply("topic list", MEMBER)
    assert (await slack.reply("status", MEMBER)).startswith("Feeds: 0 (0 ok, 0 failing, 0 paused)")


async def test_an_unknown_user_is_refused(slack: Slack) -> None:
    reply = await slack.reply("subscribe japan-korea", "U0NOBODY")  # users.info: user_not_found
    assert "slack.admin_user_ids" in reply
    assert await slack.frontend.service.channel_topics(REF) == []


async def test_the_admin_lookup_is_cached_briefly(slack: Slack, clock: FixedClock) -> None:
    await slack.reply("subscribe japan-korea", ADMIN)
    await slack.reply("subscribe taiwan", ADMIN)
    assert len(slack.fake.calls_to("users.info")) == 1
    clock.advance(minutes=6)
    await slack.reply("unsubscribe taiwan", ADMIN)
    assert len(slack.fake.calls_to("users.info")) == 2


# -- parsing and errors ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("frobnicate", USAGE["subscribe"]),
        ("topic frob", USAGE["topic create"]),
        ("feed remove abc", USAGE["feed remove"]),
        ("why not-a-url", USAGE["why"]),
        ("topics extra", USAGE["topics"]),
    ],
    ids=["unknown-verb", "unknown-topic-verb", "bad-feed-id", "bad-url", "extra-args"],
)
async def test_bad_input_gets_the_usage_line(slack: Slack, text: str, expected: str) -> None:
    reply = await slack.reply(text, MEMBER)
    assert expected in reply


async def test_a_users_own_text_is_escaped_in_the_error(slack: Slack) -> None:
    # Slack sends "<" and ">" typed by the user as entities; they come back escaped, never raw
    reply = await slack.reply("schedule 08:00 Europe/&lt;!channel&gt;", ADMIN)
    assert "Europe/&lt;!channel&gt;" in reply
    assert "<" not in reply
    assert ">" not in reply


async def test_an_unknown_zone_is_a_user_error(slack: Slack) -> None:
    reply = await slack.reply("schedule 08:00 Europe/Atlantis", ADMIN)
    assert "unknown time zone 'Europe/Atlantis'" in reply


async def test_schedule_shows_the_next_digest_in_the_zone(slack: Slack) -> None:
    reply = await slack.reply('schedule "mon-fri 07:30" Europe/Paris', ADMIN)
    # the fixed clock is Wednesday 2026-11-25 09:00 UTC = 10:00 in Paris: next is Thursday
    assert reply == "Digests here: 07:30 mon-fri (Europe/Paris).\nNext digest: 2026-11-26 07:30 CET"


async def test_help_lists_every_verb(slack: Slack) -> None:
    reply = await slack.reply("help", MEMBER)
    for line in USAGE.values():
        assert line in reply
    assert "preview post" in reply


async def test_a_bug_is_logged_and_answered_generically(
    slack: Slack, caplog: pytest.LogCaptureFixture
) -> None:
    await slack.frontend.service.store.close()  # the database is gone: not the user's fault
    with caplog.at_level(logging.ERROR, logger="bot.chat.slack.frontend"):
        reply = await slack.reply("topics", MEMBER)
    assert reply == GENERIC_ERROR
    (record,) = [r for r in caplog.records if r.name == "bot.chat.slack.frontend"]
    assert record.message == "slack command failed"
    assert record.exc_info is not None


# -- topics and feeds --------------------------------------------------------------------------


async def test_topic_create_then_subscribe_in_the_workspace_scope(slack: Slack) -> None:
    created = await slack.reply('topic create quakes "earthquake" OR tsunami', ADMIN)
    assert created.startswith("Saved topic quakes: ")
    assert "quakes" in [t.name for t in await slack.frontend.service.list_topics(scope=SCOPE)]
    assert await slack.reply("subscribe quakes", ADMIN) == (
        "Subscribed to quakes.\nThis channel's topics: quakes"
    )
    # the workspace's topic by name, then the words themselves (quoted)
    tested = await slack.reply("topic test quakes", MEMBER)
    assert tested.startswith('Topic quakes, query: "earthquake" OR tsunami\n')
    assert (await slack.reply('topic test "quakes"', MEMBER)).startswith('Query: "quakes"\n')
    assert await slack.reply("topic delete quakes", ADMIN) == (
        f"topic 'quakes' is subscribed by {REF}; unsubscribe it first"
    )
    await slack.reply("unsubscribe quakes", ADMIN)
    assert await slack.reply("topic delete quakes", ADMIN) == "Deleted topic quakes."


async def test_feed_add_list_remove(tmp_path: Path, fake: FakeSlackApi, clock: FixedClock) -> None:
    """The feed is fetched once at add (through the address guard, allowed here for loopback)."""
    async with (
        FeedServer() as server,
        open_app(config(tmp_path, allow_private_addresses=True), clock=clock) as app,
        await open_slack(app, fake, clock) as frontend,
    ):
        slack = Slack(frontend, fake)
        server.set_body("rss.xml", TINY_FEED)
        url = server.url("rss.xml?a=1&b=2")
        shown = url.replace("&", "&amp;")
        text = f"feed add &lt;{url.replace('&', '&amp;')}|link&gt; Tom &amp; Jerry"
        reply = await slack.reply(text.replace("&lt;", "<").replace("&gt;", ">"), ADMIN)
        assert reply == f"Added feed 1: Tom &amp; Jerry ({shown})"
        listed = await slack.reply("feed list", MEMBER)
        assert listed.startswith(f"1 Tom &amp; Jerry ({shown}) ")
        assert await slack.reply("feed remove 1", ADMIN) == "Removed feed 1: Tom &amp; Jerry"
        assert await slack.frontend.service.list_feeds(scope=SCOPE) == []
        html = server.url("fault/html")
        refused = await slack.reply(f"feed add <{html}>", ADMIN)
        assert refused == (
            f"could not read a feed at {html}: not a feed: the server returned an HTML page; "
            "nothing was added"
        )
        assert await slack.frontend.service.list_feeds(scope=SCOPE) == []


# -- digests -----------------------------------------------------------------------------------


async def test_preview_is_block_kit_for_the_caller_only(news: Slack) -> None:
    messages = await news.command("preview", MEMBER)
    assert messages
    digest = await news.frontend.service.preview(REF)
    assert not digest.is_empty
    parts = render_digest(digest)
    assert [m["blocks"] for m in messages] == [list(p.blocks) for p in parts]
    assert [m["text"] for m in messages] == [p.text for p in parts]
    assert {m["response_type"] for m in messages} == {"ephemeral"}
    assert news.fake.posts == []  # nothing was posted to the channel


async def test_preview_post_shows_it_to_the_channel(news: Slack) -> None:
    messages = await news.command("preview post", ADMIN)
    assert {m["response_type"] for m in messages} == {"in_channel"}


async def test_preview_post_is_for_admins_like_on_discord(news: Slack) -> None:
    reply = await news.reply("preview post", MEMBER)
    assert "slack.admin_user_ids can use “preview post”" in reply


async def test_now_posts_the_digest_to_the_channel(news: Slack) -> None:
    reply = await news.reply("now", ADMIN)
    assert reply.startswith("Posted the digest here (")
    assert news.fake.posts
    assert {p.body["channel"] for p in news.fake.posts} == {CHANNEL_ID}
    assert not any("link_names" in p.body or "parse" in p.body for p in news.fake.posts)
    assert await news.reply("now", ADMIN) == (
        "Nothing new for this channel's topics since the last digest."
    )


async def test_now_into_a_channel_the_app_left_pauses_it(news: Slack) -> None:
    news.fake.fail(CHANNEL_ID, "not_in_channel")
    reply = await news.reply("now", ADMIN)
    assert reply.startswith("The digest could not be posted: Slack: the app is not a member")
    status = await news.reply("status", MEMBER)
    assert "Digests are paused: Slack: the app is not a member of this channel" in status
    news.fake.clear(CHANNEL_ID)
    assert (await news.reply("resume", ADMIN)).startswith("Digests resumed here")
    assert (await news.reply("now", ADMIN)).startswith("Posted the digest here (")


async def test_preview_without_subscriptions_says_so(slack: Slack) -> None:
    reply = await slack.reply("preview", MEMBER)
    assert "has no subscriptions yet" in reply


# -- request verification (HTTP mode) ----------------------------------------------------------


@pytest.mark.parametrize(
    "request_for",
    [
        lambda body: AsyncBoltRequest(body=body, headers={}),
        lambda body: signed(body, timestamp=int(time.time()) - 6 * 60),
        lambda body: signed(body, secret="not-the-secret"),
    ],
    ids=["unsigned", "stale", "wrong-secret"],
)
async def test_unverified_requests_are_rejected(slack: Slack, request_for: Any) -> None:
    body, rid = slack.payload("subscribe japan-korea", ADMIN)
    response = await slack.frontend.app.async_dispatch(request_for(body))
    assert response.status == 401
    await slack.frontend.drain()
    assert slack.fake.responses[rid] == []
    assert await slack.frontend.service.channel_topics(REF) == []


async def test_http_mode_serves_signed_commands_on_loopback(
    tmp_path: Path, fake: FakeSlackApi, clock: FixedClock
) -> None:
    async with open_app(config(tmp_path), clock=clock) as app:
        frontend = SlackFrontend(
            app.service,
            SlackSection(mode="http", http_host="127.0.0.1", http_port=0),
            secrets(),
            clock=clock,
            base_url=fake.url + "/",
        )
        async with frontend:
            app.spawn(frontend.run(), name="slack")
            await frontend.ready.wait()
            host, port = frontend.addresses[0][:2]
            url = f"http://{host}:{port}/slack/events"
            body, rid = Slack(frontend, fake).payload("topics", MEMBER)
            good = signed(body)
            async with aiohttp.ClientSession() as session:
                async with session.post(url, data=body, headers={}) as response:
                    assert response.status == 401
                headers = {k: v[0] for k, v in good.headers.items()}
                async with session.post(url, data=body, headers=headers) as response:
                    assert response.status == 200
            await fake.wait_for(lambda f: bool(f.responses[rid]))
            assert fake.responses[rid][0]["text"].startswith("This channel has no topics yet")
        assert frontend.ready.is_set()


# -- Socket Mode -------------------------------------------------------------------------------


async def test_socket_mode_acks_the_envelope_then_responds(
    tmp_path: Path, fake: FakeSlackApi, clock: FixedClock
) -> None:
    async with open_app(config(tmp_path), clock=clock) as app:
        frontend = SlackFrontend(
            app.service, SlackSection(), secrets(), clock=clock, base_url=fake.url + "/"
        )
        async with frontend:
            task = app.spawn(frontend.run(), name="slack")
            await frontend.ready.wait()
            body, rid = Slack(frontend, fake).payload("subscribe taiwan", ADMIN)
            payload = dict(parse_qsl(body))
            await fake.push(
                {
                    "envelope_id": "env-1",
                    "type": "slash_commands",
                    "accepts_response_payload": True,
                    "payload": payload,
                }
            )
            # Bolt sends the envelope ack once dispatch returns (it polls ack() every 10 ms), so
            # on loopback the reply may even arrive first: both must arrive, in either order
            await fake.wait_for(lambda f: bool(f.responses[rid] and f.calls_to("socket")))
            (ack,) = fake.calls_to("socket")
            assert ack.body == {"envelope_id": "env-1"}
            assert fake.responses[rid][0]["text"] == (
                "Subscribed to taiwan.\nThis channel's topics: taiwan"
            )
        await task  # close() made run() return
        assert (await app.service.channel_topics(REF)) == ["taiwan"]


async def test_socket_mode_with_a_rejected_app_token_fails_at_start(
    tmp_path: Path, fake: FakeSlackApi, clock: FixedClock
) -> None:
    async with open_app(config(tmp_path), clock=clock) as app:
        bad = secrets(slack_app_token="xapp-revoked")
        frontend = SlackFrontend(
            app.service, SlackSection(), bad, clock=clock, base_url=fake.url + "/"
        )
        async with frontend:
            with pytest.raises(ConfigError, match=r"SLACK_APP_TOKEN: .*\(invalid_auth\)"):
                await frontend.run()


# -- construction ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("mode", "missing", "named"),
    [
        ("socket", "slack_bot_token", "SLACK_BOT_TOKEN"),
        ("socket", "slack_app_token", "SLACK_APP_TOKEN"),
        ("http", "slack_signing_secret", "SLACK_SIGNING_SECRET"),
    ],
    ids=["bot-token", "app-token", "signing-secret"],
)
async def test_a_missing_secret_names_its_variable(
    tmp_path: Path, clock: FixedClock, mode: str, missing: str, named: str
) -> None:
    async with open_app(config(tmp_path), clock=clock) as app:
        with pytest.raises(ConfigError, match=named):
            SlackFrontend(
                app.service, SlackSection(mode=mode), secrets(**{missing: None}), clock=clock
            )


async def test_a_rejected_token_fails_at_start(
    tmp_path: Path, fake: FakeSlackApi, clock: FixedClock
) -> None:
    async with open_app(config(tmp_path), clock=clock) as app:
        frontend = SlackFrontend(
            app.service,
            SlackSection(),
            secrets(slack_bot_token="xoxb-revoked"),
            clock=clock,
            base_url=fake.url + "/",
        )
        with pytest.raises(
            ConfigError, match=r"SLACK_BOT_TOKEN: Slack rejected the token \(invalid_auth\)"
        ):
            async with frontend:
                pass


# -- reply text --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (["a & b", "<!here>"], "a &amp; b\n&lt;!here&gt;"),
        (["x" * (LINE_MAX + 5)], "x" * LINE_MAX + "…"),
    ],
    ids=["escaped", "long-line-clipped"],
)
def test_slack_lines(lines: list[str], expected: str) -> None:
    assert slack_lines(lines) == expected


def test_slack_lines_stay_within_the_budget() -> None:
    text = slack_lines(["&" * LINE_MAX] * 20)
    assert len(text) <= REPLY_BUDGET
    assert text.endswith("more lines.")


# -- manifest ----------------------------------------------------------------------------------


def parse_yaml_subset(text: str) -> Any:
    """Block-style YAML of mappings, lists and plain or double-quoted scalars (what the manifest
    uses); anything else fails the test rather than being guessed."""
    rows = []
    for raw in text.splitlines():
        line = raw.split(" #")[0].rstrip() if not raw.lstrip().startswith("#") else ""
        if line.strip():
            rows.append((len(line) - len(line.lstrip()), line.strip()))

    def key_value(line: str) -> tuple[str, str] | None:
        """``key: value`` or ``key:``; a colon not followed by a space (chat:write) is text."""
        if line.startswith('"'):
            return None
        key, sep, value = line.partition(": ")
        if not sep and line.endswith(":"):
            key, value = line[:-1], ""
        elif not sep:
            return None
        return (key, value.strip()) if key and " " not in key else None

    def scalar(value: str) -> Any:
        if value.startswith('"'):
            assert value.endswith('"'), value
            return value[1:-1]
        return {"true": True, "false": False}.get(value, value)

    def block(i: int, indent: int) -> tuple[Any, int]:
        if rows[i][1].startswith("- "):
            items: list[Any] = []
            while i < len(rows) and rows[i][0] == indent and rows[i][1].startswith("- "):
                rest = rows[i][1][2:]
                if key_value(rest) is not None:
                    rows[i] = (indent + 2, rest)  # "- key: v" opens a mapping at indent + 2
                    value, i = block(i, indent + 2)
                else:
                    value, i = scalar(rest), i + 1
                items.append(value)
            return items, i
        mapping: dict[str, Any] = {}
        while i < len(rows) and rows[i][0] == indent:
            pair = key_value(rows[i][1])
            assert pair is not None, rows[i]
            key, value = pair
            if value:
                mapping[key] = scalar(value)
                i += 1
            else:
                mapping[key], i = block(i + 1, rows[i + 1][0])
        return mapping, i

    parsed, end = block(0, 0)
    assert end == len(rows), f"unparsed from line {rows[end]}"
    return parsed


def test_manifest_declares_the_command_scopes_and_socket_mode() -> None:
    text = MANIFEST.read_text(encoding="utf-8")
    manifest = parse_yaml_subset(text)
    if importlib.util.find_spec("yaml") is not None:  # a cross-check when PyYAML happens to exist
        yaml = importlib.import_module("yaml")
        assert yaml.safe_load(text) == manifest
    assert manifest["display_information"]["name"]
    assert manifest["features"]["bot_user"]["display_name"]
    (command,) = manifest["features"]["slash_commands"]
    assert command["command"] == "/digest"
    assert command["description"]
    assert command["usage_hint"]
    scopes = manifest["oauth_config"]["scopes"]["bot"]
    assert {"commands", "chat:write", "users:read"} <= set(scopes)
    settings = manifest["settings"]
    assert settings["socket_mode_enabled"] is True
    assert settings["org_deploy_enabled"] is False
    assert settings["interactivity"]["is_enabled"] is False
