"""The chat frontends of the running bot: connect the platforms whose tokens are set, wait until
each is ready, and stop when one of them fails or the bot is told to stop (``bot.runtime``).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from contextlib import AsyncExitStack
from dataclasses import dataclass
from typing import Any

from bot.app import App
from bot.errors import BotError, ConfigError


@dataclass
class Frontend:
    name: str
    task: asyncio.Task[Any]
    close: Callable[[], Awaitable[None] | None]


async def start_frontends(app: App, stack: AsyncExitStack) -> list[Frontend]:
    """Connect the chat platforms whose tokens are set; their deliverers join the runner.

    Imported here so CLI commands that never talk to a chat platform start fast.
    """
    config, service = app.config, app.service
    frontends: list[Frontend] = []
    if config.secrets.discord_token:
        from bot.chat.discord.frontend import DiscordFrontend

        guild = config.discord.sync_guild_id
        discord_fe = await stack.enter_async_context(
            DiscordFrontend(
                service,
                config.secrets.discord_token,
                sync_guild_id=int(guild) if guild else None,
                max_concurrency=config.discord.max_concurrency,
                shard_count=config.discord.shard_count,
                shard_ids=config.discord.shard_ids,
            )
        )
        task = app.spawn(discord_fe.run(), name="discord")
        await _ready("discord", discord_fe.logged_in, task)
        service.runner.deliverers["discord"] = discord_fe.deliverer
        frontends.append(Frontend("discord", task, discord_fe.close))
    if config.secrets.slack_bot_token:
        from bot.chat.slack.frontend import SlackFrontend

        slack_fe = await stack.enter_async_context(
            SlackFrontend(
                service,
                config.slack,
                config.secrets,
                clock=app.clock,
                base_url=config.slack.api_url,
            )
        )
        task = app.spawn(slack_fe.run(), name="slack")
        await _ready("slack", slack_fe.ready, task)
        service.runner.deliverers["slack"] = slack_fe.deliverer
        frontends.append(Frontend("slack", task, slack_fe.drain))
        stack.callback(slack_fe.close)
    return frontends


async def _ready(name: str, ready: asyncio.Event, task: asyncio.Task[Any]) -> None:
    """Wait until a frontend is connected; its failure to connect stops the bot with the reason."""
    waiter = asyncio.ensure_future(ready.wait())
    done, _ = await asyncio.wait({waiter, task}, return_when=asyncio.FIRST_COMPLETED)
    if waiter not in done:
        waiter.cancel()
        error = task.exception() if not task.cancelled() else None
        raise ConfigError(f"{name} could not connect: {error or 'it stopped'}")


async def until_stop_or_failure(stop: asyncio.Event, frontends: list[Frontend]) -> None:
    stopper = asyncio.ensure_future(stop.wait())
    try:
        done, _ = await asyncio.wait(
            {stopper, *(f.task for f in frontends)}, return_when=asyncio.FIRST_COMPLETED
        )
    finally:
        stopper.cancel()
    for frontend in frontends:
        if frontend.task in done:
            error = None if frontend.task.cancelled() else frontend.task.exception()
            raise BotError(f"the {frontend.name} connection ended: {error or 'closed'}")
    for frontend in frontends:
        closing = frontend.close()
        if closing is not None:
            await closing
