"""DiscordDeliverer: a real discord.Client (REST only, no gateway) against the loopback fake API."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import aiohttp
import discord
import pytest

from bot.chat.discord.delivery import DiscordDeliverer, discord_channel_ids, part_nonce
from bot.chat.discord.render import render_digest
from bot.core.model import ChannelRef, Digest, DigestEntry, DigestSection
from bot.digests.deliverer import Receipt
from bot.errors import DeliveryError
from tests.fakes.discord_api import (
    APPLICATION_ID,
    BOT_USER_ID,
    TOKEN,
    FakeDiscordApi,
    drop,
    forbidden,
    normal,
    not_found,
    rate_limited,
    server_error,
    stall,
)

GUILD = 900000000000000001
CHANNEL = 900000000000000002
OTHER = 900000000000000003
CREATED_AT = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


def make_digest(stories: int, digest_id: str = "dg-1", channel: int = CHANNEL) -> Digest:
    entries = tuple(
        DigestEntry(
            story_id=i,
            title=f"Story {i}: @everyone talks in <@123> [x](http://evil)",
            url=f"https://news.example/{i}",
            summary="A summary long enough to make a few stories fill a message. " * 2,
            outlets=("NHK", "Yonhap"),
            published_at=CREATED_AT - timedelta(minutes=i),
        )
        for i in range(stories)
    )
    return Digest(
        id=digest_id,
        channel=ChannelRef("discord", f"{GUILD}:{channel}"),
        created_at=CREATED_AT,
        since_at=None,
        timezone="Europe/Paris",
        sections=(DigestSection("Japan–Korea", entries),),
    )


def ref(channel: int = CHANNEL) -> ChannelRef:
    return ChannelRef("discord", f"{GUILD}:{channel}")


@pytest.fixture
async def api():
    async with FakeDiscordApi() as fake:
        yield fake


@pytest.fixture
async def client(api):
    bot = discord.Client(
        intents=discord.Intents(guilds=True),  # what the bot asks for: no privileged intents
        allowed_mentions=discord.AllowedMentions.none(),
        max_ratelimit_timeout=30.0,
    )
    async with bot:
        await bot.login(TOKEN)
        yield bot


async def test_login_needs_no_gateway(api, client):
    assert client.user is not None
    assert client.user.id == BOT_USER_ID
    assert client.application_id == APPLICATION_ID
    assert [(r.method, r.path) for r in api.requests] == [
        ("GET", "/users/@me"),
        ("GET", "/oauth2/applications/@me"),
    ]


async def test_parts_arrive_in_order_with_no_mentions_and_a_stable_nonce(api, client):
    digest = make_digest(60)
    parts = render_digest(digest)
    assert len(parts) >= 3
    seen: list[tuple[int, str]] = []

    async def on_part(index: int, message_id: str) -> None:
        seen.append((index, message_id))

    receipt = await DiscordDeliverer(client).deliver(ref(), digest, on_part=on_part)

    posts = api.posts(CHANNEL)
    stored = api.messages[CHANNEL]
    assert [p.json["content"] for p in posts] == [part.content for part in parts]
    assert [p.json["embeds"] for p in posts] == [[e.to_dict() for e in p.embeds] for p in parts]
    assert all(p.json["allowed_mentions"] == {"parse": []} for p in posts)
    assert [p.json["nonce"] for p in posts] == [part_nonce("dg-1", i) for i in range(len(parts))]
    assert all(p.json["enforce_nonce"] is True for p in posts)
    assert all(len(p.json["nonce"]) <= 25 for p in posts)
    assert all(p.headers["Authorization"] == f"Bot {TOKEN}" for p in posts)
    assert receipt == Receipt(tuple(m["id"] for m in stored))
    assert seen == list(enumerate(receipt.message_ids))
    assert all("@everyone" not in str(p.json) for p in posts)


async def test_skip_parts_resumes_at_the_first_unsent_part(api, client):
    digest = make_digest(60)
    parts = render_digest(digest)
    seen: list[int] = []

    async def on_part(index: int, message_id: str) -> None:
        seen.append(index)

    receipt = await DiscordDeliverer(client).deliver(ref(), digest, skip_parts=2, on_part=on_part)

    assert seen == list(range(2, len(parts)))
    assert [p.json["content"] for p in api.posts(CHANNEL)] == [p.content for p in parts[2:]]
    assert api.posts(CHANNEL)[0].json["nonce"] == part_nonce("dg-1", 2)
    assert len(receipt.message_ids) == len(parts) - 2


async def test_skip_past_the_end_sends_nothing(api, client):
    receipt = await DiscordDeliverer(client).deliver(ref(), make_digest(3), skip_parts=5)
    assert receipt == Receipt(())
    assert api.posts(CHANNEL) == []


async def test_resend_of_the_same_digest_is_deduplicated_by_nonce(api, client):
    deliverer = DiscordDeliverer(client)
    first = await deliverer.deliver(ref(), make_digest(30))
    second = await deliverer.deliver(ref(), make_digest(30))
    assert second == first
    assert len(api.posts(CHANNEL)) == 2 * len(first.message_ids)
    assert len(api.messages[CHANNEL]) == len(first.message_ids)


@pytest.mark.parametrize("is_global", [False, True], ids=["bucket", "global"])
async def test_429_is_waited_out_and_retried_by_the_library(api, client, is_global):
    api.script(CHANNEL, rate_limited(0.01, is_global=is_global))
    receipt = await DiscordDeliverer(client).deliver(ref(), make_digest(2))
    posts = api.posts(CHANNEL)
    assert len(posts) == 2
    assert posts[0].json == posts[1].json
    assert receipt.message_ids == (api.messages[CHANNEL][0]["id"],)


async def test_rate_limit_longer_than_the_client_accepts_is_transient(api, client):
    api.script(CHANNEL, rate_limited(60.0))
    with pytest.raises(DeliveryError) as caught:
        await DiscordDeliverer(client).deliver(ref(), make_digest(2))
    assert caught.value.permanent is False
    assert "rate limit" in caught.value.reason
    assert len(api.posts(CHANNEL)) == 1


@pytest.mark.parametrize(
    ("answer", "permanent", "disable", "reason_part"),
    [
        (forbidden(50013), True, False, f"lacks Send Messages / Embed Links in <#{CHANNEL}>"),
        (forbidden(50001), True, False, f"cannot see <#{CHANNEL}> (Missing Access)"),
        (forbidden(40333), True, False, "Discord refused to post"),
        (not_found(10003), True, True, "no longer exists"),
        (not_found(10008), True, False, "could not find"),
        (server_error(503), False, False, "server error 503"),
    ],
    ids=[
        "missing-permissions",
        "missing-access",
        "other-403",
        "unknown-channel",
        "other-404",
        "503-not-retried",
    ],
)
async def test_http_errors_map_to_delivery_errors(
    api, client, answer, permanent, disable, reason_part
):
    api.fail(CHANNEL, answer)
    with pytest.raises(DeliveryError) as caught:
        await DiscordDeliverer(client).deliver(ref(), make_digest(2))
    assert (caught.value.permanent, caught.value.disable) == (permanent, disable)
    assert reason_part in caught.value.reason
    assert len(api.posts(CHANNEL)) == 1


async def test_500_is_retried_by_the_library_and_ends_transient(api, client):
    # discord.py retries 500/502/504/524 up to 5 times, sleeping 1, 3, 5, 7 s between tries
    # (25 s in all); the per-part timeout ends the wait early, after the first request.
    api.fail(CHANNEL, server_error(500))
    with pytest.raises(DeliveryError) as caught:
        await DiscordDeliverer(client, send_timeout_s=0.05).deliver(ref(), make_digest(2))
    assert caught.value.permanent is False
    assert "did not answer within 0.05 s" in caught.value.reason
    assert len(api.posts(CHANNEL)) == 1


async def test_a_stalled_answer_times_out_as_transient(api, client):
    api.script(CHANNEL, stall())
    with pytest.raises(DeliveryError) as caught:
        await DiscordDeliverer(client, send_timeout_s=0.02).deliver(ref(), make_digest(2))
    assert caught.value.permanent is False
    assert "did not answer" in caught.value.reason


async def test_a_dropped_connection_is_transient(api, client):
    api.script(CHANNEL, drop())
    with pytest.raises(DeliveryError) as caught:
        await DiscordDeliverer(client).deliver(ref(), make_digest(2))
    assert caught.value.permanent is False
    assert "could not be reached" in caught.value.reason


async def test_failure_mid_digest_reports_the_parts_already_sent(api, client):
    digest = make_digest(60)
    sent: list[int] = []

    async def on_part(index: int, message_id: str) -> None:
        sent.append(index)

    api.script(CHANNEL, normal(), forbidden(50013))  # first part accepted, second refused
    with pytest.raises(DeliveryError):
        await DiscordDeliverer(client).deliver(ref(), digest, on_part=on_part)
    assert sent == [0]
    receipt = await DiscordDeliverer(client).deliver(ref(), digest, skip_parts=1)
    assert len(receipt.message_ids) == len(render_digest(digest)) - 1


async def test_deliver_many_bounds_concurrency_and_keeps_results_in_order(api, client):
    api.fail(OTHER, forbidden(50001))
    deliverer = DiscordDeliverer(client, max_concurrency=2)
    results = await deliverer.deliver_many(
        [
            (ref(), make_digest(3, "a")),
            (ref(OTHER), make_digest(3, "b", OTHER)),
            (ref(), make_digest(3, "c")),
        ]
    )
    assert isinstance(results[0], Receipt)
    assert isinstance(results[1], DeliveryError)
    assert results[1].permanent is True
    assert isinstance(results[2], Receipt)
    assert len(api.messages[CHANNEL]) == 2


async def test_concurrent_digests_to_one_channel_do_not_interleave(api, client):
    deliverer = DiscordDeliverer(client)
    first, second = make_digest(60, "first"), make_digest(60, "second")
    await asyncio.gather(deliverer.deliver(ref(), first), deliverer.deliver(ref(), second))
    nonces = [m["nonce"] for m in api.messages[CHANNEL]]
    count = len(render_digest(first))
    expected_first = [part_nonce("first", i) for i in range(count)]
    expected_second = [part_nonce("second", i) for i in range(count)]
    assert nonces in (expected_first + expected_second, expected_second + expected_first)


@pytest.mark.parametrize(
    ("channel", "error"),
    [
        (ChannelRef("slack", "T1:C1"), ValueError),
        (ChannelRef("discord", "123"), DeliveryError),
        (ChannelRef("discord", "abc:123"), DeliveryError),
        (ChannelRef("discord", "1:2:3"), DeliveryError),
    ],
    ids=["other-platform", "no-guild", "not-numeric", "too-many-parts"],
)
def test_channel_ids_are_validated(channel, error):
    with pytest.raises(error):
        discord_channel_ids(channel)


def test_channel_ids_parse():
    assert discord_channel_ids(ref()) == (GUILD, CHANNEL)


async def test_bad_concurrency_is_refused(client):
    with pytest.raises(ValueError, match="max_concurrency"):
        DiscordDeliverer(client, max_concurrency=0)


def test_nonce_is_stable_short_and_distinct():
    assert part_nonce("d", 0) == part_nonce("d", 0)
    assert part_nonce("d", 0) != part_nonce("d", 1)
    assert part_nonce("d", 1) != part_nonce("e", 1)
    assert len(part_nonce("x" * 500, 10**6)) == 24


# -- the fake itself ---------------------------------------------------------------------------


async def test_fake_rejects_a_message_over_discord_limits(api, client):
    channel = client.get_partial_messageable(CHANNEL)
    with pytest.raises(discord.HTTPException) as caught:
        await channel.send(content="x" * 2001)
    assert caught.value.status == 400
    assert caught.value.code == 50035
    assert api.messages[CHANNEL] == []


async def test_fake_records_interaction_callbacks_followups_and_command_sync(api):
    base = f"{api.url}/api/v10"
    async with aiohttp.ClientSession() as session:
        callback = {"type": 4, "data": {"content": "hello", "flags": 64}}
        async with session.post(
            f"{base}/interactions/77/tok/callback", params={"with_response": "1"}, json=callback
        ) as response:
            answered = await response.json()
        async with session.patch(
            f"{base}/webhooks/{APPLICATION_ID}/tok/messages/@original", json={"content": "edited"}
        ) as response:
            edited = await response.json()
        async with session.post(
            f"{base}/webhooks/{APPLICATION_ID}/tok", params={"wait": "1"}, json={"content": "more"}
        ) as response:
            followup = await response.json()
        async with session.put(
            f"{base}/applications/{APPLICATION_ID}/guilds/{GUILD}/commands",
            json=[{"name": "digest", "description": "d", "type": 1}],
        ) as response:
            synced = await response.json()
        async with session.get(f"{base}/nowhere") as response:
            missing = response.status

    assert answered["interaction"]["response_message_ephemeral"] is True
    assert answered["resource"]["message"]["content"] == "hello"
    assert edited["id"] == answered["resource"]["message"]["id"]
    assert edited["content"] == "edited"
    assert followup["content"] == "more"
    assert synced[0]["guild_id"] == str(GUILD)
    assert api.commands[GUILD][0]["name"] == "digest"
    assert missing == 404
    assert [(r.method, r.path) for r in api.requests] == [
        ("POST", "/interactions/77/tok/callback"),
        ("PATCH", f"/webhooks/{APPLICATION_ID}/tok/messages/@original"),
        ("POST", f"/webhooks/{APPLICATION_ID}/tok"),
        ("PUT", f"/applications/{APPLICATION_ID}/guilds/{GUILD}/commands"),
        ("GET", "/nowhere"),
    ]
    assert api.requests[0].json == callback
    assert api.requests[0].query == {"with_response": "1"}


async def test_fake_restores_the_route_base():
    before = discord.http.Route.BASE
    async with FakeDiscordApi() as fake:
        assert f"{fake.url}/api/v10" == discord.http.Route.BASE
        assert fake.url.startswith("http://127.0.0.1:")
    assert before == discord.http.Route.BASE
