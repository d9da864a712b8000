"""Delivery without a resident process: deliverers that post over the platforms' REST APIs.

``python -m bot digest discord:G:C`` (a cron job, a CI step) delivers exactly like ``run`` does:
the same ``DiscordDeliverer`` and ``SlackDeliverer`` (nonces, the libraries' rate-limit handling,
429 with Retry-After, pausing a channel on 403/404) over a REST-only login, with no gateway or
socket. Discord: ``client.login(token)`` is plain HTTP (it fetches the bot user); Slack:
``chat.postMessage`` needs only the bot token. Without the token the command is refused before
anything is recorded (issue 12).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Collection
from contextlib import AsyncExitStack, asynccontextmanager

from bot.config import Config
from bot.core.model import Clock
from bot.digests.deliverer import Deliverer
from bot.errors import ConfigError, UserError

TOKEN_ENV = {"discord": "DISCORD_TOKEN", "slack": "SLACK_BOT_TOKEN"}


def missing_token(config: Config, platform: str) -> str | None:
    """Why ``platform`` cannot be reached from this process, or None if it can."""
    token = {
        "discord": config.secrets.discord_token,
        "slack": config.secrets.slack_bot_token,
    }.get(platform)
    if platform == "console" or token:
        return None
    return f"set {TOKEN_ENV[platform]} to deliver to {platform} channels from the command line"


@asynccontextmanager
async def rest_deliverers(
    config: Config, platforms: Collection[str], clock: Clock
) -> AsyncIterator[dict[str, Deliverer]]:
    """Log in over REST to each chat platform in ``platforms``; close the clients on exit."""
    for platform in platforms:
        reason = missing_token(config, platform)
        if reason is not None:
            raise UserError(f"{reason}; nothing was recorded")
    deliverers: dict[str, Deliverer] = {}
    async with AsyncExitStack() as stack:
        if "discord" in platforms and config.secrets.discord_token:
            import discord  # imported on use: the CLI's other commands start without it

            from bot.chat.discord.delivery import DiscordDeliverer

            client = discord.Client(
                intents=discord.Intents.none(), allowed_mentions=discord.AllowedMentions.none()
            )
            await stack.enter_async_context(client)
            try:
                await client.login(config.secrets.discord_token)
            except discord.LoginFailure as e:
                raise ConfigError(f"DISCORD_TOKEN: Discord rejected the token ({e})") from e
            deliverers["discord"] = DiscordDeliverer(
                client, max_concurrency=config.discord.max_concurrency
            )
        if "slack" in platforms and config.secrets.slack_bot_token:
            from slack_sdk.web.async_client import AsyncWebClient

            from bot.chat.slack.delivery import SlackDeliverer

            # retry_handlers=[]: the deliverer handles 429s itself (see slack_delivery)
            slack = AsyncWebClient(
                token=config.secrets.slack_bot_token,
                base_url=config.slack.api_url,
                retry_handlers=[],
            )
            deliverers["slack"] = SlackDeliverer(slack, clock=clock)
        yield deliverers
