"""``python -m bot digest discord:…`` / ``slack:…`` delivers over REST, like ``run`` (issue 12).

The real CLI handler (``run_cli``) with real discord.py and slack_sdk clients above the loopback
stand-ins of the platforms' HTTP APIs: the seed article is delivered exactly once to a healthy and
to a rate-limited channel, 403/404 pause or disable the channel with a reason ``status`` shows,
and without the token the command is refused before anything is recorded.
"""

from __future__ import annotations

import io
import json
import sqlite3
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.cli import build_parser, run_cli
from bot.config import Config, load_config
from bot.errors import UserError
from tests.fakes import discord_api, slack_api
from tests.feedserver import FeedServer
from tests.livefeed import LiveFeed, load_headlines

GUILD = 900000000000000001
HEALTHY, LIMITED, FORBIDDEN, GONE = (900000000000000010 + i for i in range(4))
TEAM = slack_api.TEAM_ID


async def cli(config: Config, *argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = await run_cli(config, build_parser().parse_args(list(argv)), stdout=out)
    return code, out.getvalue()


def configured(tmp_path: Path, env: dict[str, str], extra: str = "") -> Config:
    path = tmp_path / "config.toml"
    path.write_text(
        f'[database]\npath = "{tmp_path / "bot.db"}"\n'
        "[fetch]\nallow_private_addresses = true\nparse_workers = 0\n" + extra,
        encoding="utf-8",
    )
    return load_config(path, env)


@pytest.fixture
async def seed(tmp_path: Path) -> AsyncIterator[tuple[FeedServer, LiveFeed]]:
    async with FeedServer() as server:
        live = LiveFeed(server, "live/seed.xml", load_headlines(topics={"japan-korea"}))
        live.publish(1, at=datetime.now(UTC) - timedelta(hours=1))
        yield server, live


def digests_recorded(tmp_path: Path) -> int:
    with sqlite3.connect(tmp_path / "bot.db") as db:
        return int(db.execute("SELECT count(*) FROM digests").fetchone()[0])


async def prepare(config: Config, live: LiveFeed, channels: list[str]) -> None:
    assert (await cli(config, "feeds", "add", live.url, "--name", "Seed"))[0] == 0
    assert (await cli(config, "poll"))[0] == 0
    for channel in channels:
        assert (await cli(config, "subscribe", channel, "japan-korea", "taiwan"))[0] == 0


async def test_discord_digest_from_the_cli(
    tmp_path: Path, seed: tuple[FeedServer, LiveFeed]
) -> None:
    _, live = seed
    title = live.entries[0].title
    channels = {c: f"discord:{GUILD}:{c}" for c in (HEALTHY, LIMITED, FORBIDDEN, GONE)}
    without = configured(tmp_path, {})
    await prepare(without, live, list(channels.values()))
    with pytest.raises(UserError, match="set DISCORD_TOKEN"):
        await cli(without, "digest", channels[HEALTHY])
    assert digests_recorded(tmp_path) == 0, "refused before anything is recorded"
    config = configured(tmp_path, {"DISCORD_TOKEN": discord_api.TOKEN})
    async with discord_api.FakeDiscordApi() as api:
        api.script(LIMITED, discord_api.rate_limited())
        api.fail(FORBIDDEN, discord_api.forbidden())
        api.fail(GONE, discord_api.not_found())
        results = {c: await cli(config, "digest", ref) for c, ref in channels.items()}
        again = await cli(config, "digest", channels[HEALTHY])
    assert results[HEALTHY] == (0, f"{channels[HEALTHY]}: delivered\n")
    assert results[LIMITED][0] == 0
    assert results[FORBIDDEN][0] == 1
    assert results[GONE][0] == 1
    assert again == (0, f"{channels[HEALTHY]}: empty\n"), "nothing twice"
    for channel in (HEALTHY, LIMITED):
        created = api.messages[channel]
        assert len(created) == 1, "exactly once, the rate-limited one too"
        assert title in json.dumps(created[0], ensure_ascii=False)
        assert all(p.json.get("nonce") for p in api.posts(channel)), "an idempotency key"
    assert len(api.posts(LIMITED)) == 2, "the 429 was retried"
    code, status = await cli(config, "status", "--json")
    assert code == 0
    states = {c["id"]: c for c in json.loads(status)["channels"]}
    assert states[channels[FORBIDDEN]]["status"] == "paused"
    assert "Missing Permissions" in states[channels[FORBIDDEN]]["status_reason"]
    assert states[channels[GONE]]["status"] == "disabled"
    assert states[channels[HEALTHY]]["status"] == "active"


async def test_slack_digest_from_the_cli(tmp_path: Path, seed: tuple[FeedServer, LiveFeed]) -> None:
    _, live = seed
    title = live.entries[0].title
    names = {"healthy": "C0HEALTHY", "limited": "C0LIMITED", "archived": "C0ARCHIVED"}
    channels = {k: f"slack:{TEAM}:{v}" for k, v in names.items()}
    without = configured(tmp_path, {})
    await prepare(without, live, list(channels.values()))
    with pytest.raises(UserError, match="set SLACK_BOT_TOKEN"):
        await cli(without, "digest", channels["healthy"])
    assert digests_recorded(tmp_path) == 0
    async with slack_api.FakeSlackApi() as fake:
        config = configured(
            tmp_path,
            {"SLACK_BOT_TOKEN": slack_api.TOKEN},
            f'[slack]\napi_url = "{fake.url}/"\n',
        )
        fake.script(names["limited"], slack_api.rate_limited(retry_after=0))
        fake.fail(names["archived"], "is_archived")
        results = {k: await cli(config, "digest", ref) for k, ref in channels.items()}
        again = await cli(config, "digest", channels["healthy"])
    assert results["healthy"] == (0, f"{channels['healthy']}: delivered\n")
    assert results["limited"][0] == 0
    assert results["archived"][0] == 1
    assert again[1].endswith(": empty\n")
    for key in ("healthy", "limited"):
        answered = [c for c in fake.posts if c.body.get("channel") == names[key]]
        assert title in json.dumps(answered[-1].body, ensure_ascii=False)
    assert len([c for c in fake.posts if c.body.get("channel") == names["healthy"]]) == 1
    code, status = await cli(config, "status", "--json")
    assert code == 0
    states = {c["id"]: c for c in json.loads(status)["channels"]}
    assert states[channels["archived"]]["status"] in ("paused", "disabled")
    assert states[channels["archived"]]["status_reason"]
