"""The Discord frontend: slash commands over ``DigestService`` and the client the deliverer uses.

``DiscordFrontend`` owns one ``discord.Client`` (guild intent only, ``AllowedMentions.none()``),
its ``CommandTree`` and the ``DiscordDeliverer`` built on it. ``run()`` is discord.py's own shape
(``async with client: await client.start(token)``), never ``client.run()``, so our logging setup
stays. Commands are added in ``setup_hook``; they are synced with Discord only when the hash of
their definitions differs from the one stored in the database (``discord_commands_hash``), or on
demand with ``sync_commands`` (``python -m bot sync-commands``): never on every start. Issue #7.

Permissions. Discord's ``default_member_permissions`` exists only on a top-level command, so a
group is either hidden from members without Manage Server or open to all. ``/topic`` and
``/feed`` configure the server's catalogue and declare Manage Server; ``/digest`` is what members
use every day (``topics``, ``status``, ``preview``, ``why``) and is open. Because a server admin
can override any declaration, every command that changes something also checks
``interaction.permissions.manage_guild`` in code (``checks.has_permissions``), and so does
``/digest preview post:True``, which posts publicly.

Autocomplete answers from ``ChoiceCache``, an in-memory copy of topics, feeds and subscriptions:
reloaded after every change made here and by a ``tasks.loop`` every ``refresh_s`` seconds (for
changes from the CLI), so no autocomplete ever waits on the database. The command re-validates
what it receives: the service resolves names and ids only within this server's scope.

Replies are ephemeral except ``/digest now`` and ``/digest preview post:True``; anything that may
be slow defers first and answers with a followup. Every send passes ``AllowedMentions.none()``
and text from users and feeds is escaped. One ``tree.error`` handler answers every failure, so a
user never sees "The application did not respond".
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
from collections.abc import Sequence
from types import TracebackType
from typing import Any
from zoneinfo import available_timezones

import discord
from discord import app_commands
from discord.ext import tasks

from bot.chat.discord.choices import (
    REFRESH_S,
    ChoiceCache,
)
from bot.chat.discord.commands import (
    DigestCommands,
    FeedCommands,
    TopicCommands,
)
from bot.chat.discord.delivery import MAX_CONCURRENCY, DiscordDeliverer
from bot.chat.discord.replies import (
    GENERIC_ERROR,
    NEEDS_MANAGE_SERVER,
    NONE,
    clip,
    reply,
    safe,
)
from bot.errors import UserError
from bot.service import DigestService

log = logging.getLogger(__name__)

COMMANDS_HASH_KEY = "discord_commands_hash"


class _HandsOverSetup:
    """What both clients add to discord.py's: the guild intent only, no mentions, and a
    ``setup_hook`` (discord.py's startup hook) that hands over to the frontend."""

    def __init__(self, frontend: DiscordFrontend, **options: Any) -> None:
        super().__init__(  # type: ignore[call-arg]  # the discord.py client after this mixin
            intents=discord.Intents(guilds=True), allowed_mentions=NONE, **options
        )
        self.frontend = frontend

    async def setup_hook(self) -> None:
        await self.frontend.setup()


class DigestClient(_HandsOverSetup, discord.Client):
    """One gateway connection: a bot that is not sharded."""


class ShardedDigestClient(_HandsOverSetup, discord.AutoShardedClient):
    """The same client over several gateway shards (issue 18): ``discord.shard_ids`` of
    ``discord.shard_count``, so several bot processes share a large bot's guilds. Each shard
    receives the interactions of its guilds, so a slash command is answered by the process
    that holds the guild's shard; digests go out over REST from whichever process claims them.
    """


def make_client(
    frontend: DiscordFrontend, shard_count: int = 0, shard_ids: Sequence[int] = ()
) -> DigestClient | ShardedDigestClient:
    """One gateway connection, or the configured shards (all of them when no ids are given)."""
    if not shard_count:
        return DigestClient(frontend)
    ids = list(shard_ids) or list(range(shard_count))
    return ShardedDigestClient(frontend, shard_count=shard_count, shard_ids=ids)


class DiscordFrontend:
    """``async with DiscordFrontend(service, token) as discord_frontend: await …run()``."""

    def __init__(
        self,
        service: DigestService,
        token: str,
        *,
        sync_guild_id: int | None = None,
        auto_sync: bool = True,
        max_concurrency: int = MAX_CONCURRENCY,
        refresh_s: float = REFRESH_S,
        shard_count: int = 0,
        shard_ids: Sequence[int] = (),
    ) -> None:
        self.service = service
        self._token = token
        self.sync_guild_id = sync_guild_id
        self.auto_sync = auto_sync
        self.refresh_s = refresh_s
        self.client = make_client(self, shard_count, shard_ids)
        self.tree: app_commands.CommandTree[discord.Client] = app_commands.CommandTree(
            self.client, allowed_contexts=app_commands.AppCommandContext(guild=True)
        )
        self.tree.error(self.on_error)
        self.deliverer = DiscordDeliverer(self.client, max_concurrency=max_concurrency)
        self.cache = ChoiceCache(service)
        self._refresher = tasks.loop(seconds=refresh_s)(self._refresh_tick)
        self.logged_in = asyncio.Event()
        """Set once the client holds its token: from then on ``deliverer`` can post."""

    async def __aenter__(self) -> DiscordFrontend:
        await self.client.__aenter__()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._refresher.cancel()
        await self.client.__aexit__(exc_type, exc, tb)

    async def run(self) -> None:
        """Connect to the gateway; returns when the client is closed."""
        await self.client.start(self._token)

    async def login(self) -> None:
        """Log in over REST only (runs ``setup_hook``); enough for delivery and syncing."""
        await self.client.login(self._token)

    async def close(self) -> None:
        await self.client.close()

    async def setup(self) -> None:
        """Add the commands, load the autocomplete cache, sync if the definitions changed."""
        zones = sorted(available_timezones())
        for group in (DigestCommands, TopicCommands, FeedCommands):
            self.tree.add_command(group(self.service, self.cache, zones), override=True)
        await self.cache.refresh()
        if not self._refresher.is_running():
            self._refresher.start()
        if self.auto_sync:
            await self.sync_if_changed()
        self.logged_in.set()

    def commands_hash(self, guild_id: int | None) -> str:
        """A stable hash of every command definition and the place they are synced to."""
        commands = sorted(
            (c.to_dict(self.tree) for c in self.tree.get_commands()), key=lambda c: str(c["name"])
        )
        blob = json.dumps({"guild": guild_id, "commands": commands}, sort_keys=True, default=str)
        return hashlib.sha256(blob.encode()).hexdigest()

    async def sync_if_changed(self) -> bool:
        stored = await self.service.stored_meta(COMMANDS_HASH_KEY)
        if stored == self.commands_hash(self.sync_guild_id):
            log.debug("discord commands unchanged; not syncing")
            return False
        await self.sync(self.sync_guild_id)
        return True

    async def sync(self, guild_id: int | None) -> int:
        """Upload the definitions (to one guild: instant, for development) and store the hash."""
        guild = None if guild_id is None else discord.Object(guild_id)
        if guild is not None:
            self.tree.copy_global_to(guild=guild)
        synced = await self.tree.sync(guild=guild)
        await self.service.save_meta(COMMANDS_HASH_KEY, self.commands_hash(guild_id))
        log.info("discord commands synced count=%d guild=%s", len(synced), guild_id or "global")
        return len(synced)

    async def _refresh_tick(self) -> None:
        if not self.cache.is_stale(self.refresh_s):
            return
        try:
            await self.cache.refresh()
        except Exception:  # a failed reload keeps the last choices; the next tick retries
            log.exception("discord autocomplete cache reload failed")

    async def on_error(
        self, interaction: discord.Interaction[Any], error: app_commands.AppCommandError
    ) -> None:
        """The one error handler: friendly for users' mistakes, logged for everything else."""
        original = error.original if isinstance(error, app_commands.CommandInvokeError) else error
        if isinstance(original, UserError):
            text = safe(str(original))
        elif isinstance(original, app_commands.MissingPermissions):
            text = NEEDS_MANAGE_SERVER
        elif isinstance(original, app_commands.NoPrivateMessage):
            text = "Use this command in a server channel."
        elif isinstance(original, app_commands.TransformerError):
            text = f"{safe(str(original.value))!r} is not a valid value there."
        elif isinstance(original, app_commands.CheckFailure):
            text = "You cannot use this command here."
        else:
            command = interaction.command.qualified_name if interaction.command else "?"
            log.error(
                "discord command failed command=%s guild=%s",
                command,
                interaction.guild_id,
                exc_info=original,
            )
            text = GENERIC_ERROR
        try:  # clipped: an error may quote a 6,000-character option value
            await reply(interaction, clip([text]))
        except discord.HTTPException:
            log.exception("discord error reply failed interaction=%s", interaction.id)


async def sync_commands(token: str, service: DigestService, guild_id: int | None = None) -> int:
    """``python -m bot sync-commands [--guild ID]``: log in over REST, sync, store the hash."""
    async with DiscordFrontend(service, token, auto_sync=False) as frontend:
        await frontend.login()
        return await frontend.sync(guild_id)
