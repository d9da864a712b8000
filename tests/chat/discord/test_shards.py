"""Gateway shards across bot processes (issue 18): ``discord.shard_count`` / ``shard_ids`` give a
real ``discord.AutoShardedClient`` that connects only this process's shards, answers slash
commands of its servers, and delivers over REST like the one-connection client (Discord's REST
API faked on loopback; no gateway is opened in these tests)."""

from __future__ import annotations

import discord
import pytest

from bot.chat.discord.frontend import DigestClient, DiscordFrontend, ShardedDigestClient
from bot.core.model import ChannelRef
from tests.chat.discord.test_commands import ADMIN, CHANNEL, GUILD, run
from tests.fakes.discord_api import TOKEN, FakeDiscordApi

pytest_plugins = ["tests.chat.discord.test_commands"]


@pytest.fixture
async def api():
    async with FakeDiscordApi() as fake:
        yield fake


@pytest.mark.parametrize(
    ("count", "ids", "expected_ids"),
    [(0, (), None), (4, (2, 3), [2, 3]), (2, (), [0, 1])],
    ids=["unsharded", "two-of-four", "all-of-two"],
)
async def test_the_client_connects_the_configured_shards(app, count, ids, expected_ids):
    async with DiscordFrontend(app.service, TOKEN, shard_count=count, shard_ids=ids) as front:
        client = front.client
        if expected_ids is None:
            assert type(client) is DigestClient
            assert client.shard_count is None
        else:
            assert isinstance(client, ShardedDigestClient)
            assert isinstance(client, discord.AutoShardedClient)
            assert client.shard_ids == expected_ids
            assert client.shard_count == count


async def test_a_sharded_process_answers_commands_and_delivers(api, app, news):
    """The process holding shards 2 and 3 of 4 logs in, answers slash commands (the gateway
    hands it the INTERACTION_CREATE of its servers) and posts the digest over REST."""
    async with DiscordFrontend(app.service, TOKEN, shard_count=4, shard_ids=(2, 3)) as front:
        await front.login()
        app.service.runner.deliverers["discord"] = front.deliverer
        payload = await run(front, "digest", "subscribe", {"topic": "japan-korea"})
        (callback,) = api.replies(payload)
        assert "japan-korea" in callback.json["data"]["content"]
        ref = ChannelRef("discord", f"{GUILD}:{CHANNEL}")
        assert await app.service.channel_topics(ref) == ["japan-korea"]
        payload = await run(front, "digest", "now", permissions=ADMIN)
        _, followup = api.replies(payload)
        assert followup.json["content"] == "📰 Digest posted: 3 stories."
        (post,) = api.posts(CHANNEL)
        assert post.json["allowed_mentions"] == {"parse": []}
