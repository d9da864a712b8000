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
import time
from collections.abc import Iterable, Sequence
from datetime import datetime
from types import TracebackType
from typing import Any
from zoneinfo import available_timezones

import discord
from discord import app_commands
from discord.app_commands import Choice
from discord.ext import tasks

from bot.chat.discord_delivery import MAX_CONCURRENCY, DiscordDeliverer
from bot.chat.discord_render import CONTENT_MAX, render_digest
from bot.core.model import ChannelRef, ChannelStatus, Feed, FeedStatus, TopicRecord
from bot.digests.runner import DigestOutcome, RunResult
from bot.errors import UserError
from bot.service import DigestService

log = logging.getLogger(__name__)

COMMANDS_HASH_KEY = "discord_commands_hash"
MAX_CHOICES = 25  # Discord limit: autocomplete choices
CHOICE_NAME_MAX = 100  # Discord limit: choice name and string value
REFRESH_S = 60.0  # autocomplete cache age after which the background loop reloads it
TEST_MATCHES_SHOWN = 10
FAILING_FEEDS_SHOWN = 8
MANAGE_SERVER = discord.Permissions(manage_guild=True)
NONE = discord.AllowedMentions.none()
GENERIC_ERROR = "Something went wrong on our side; it was logged. Please try again later."
NEEDS_MANAGE_SERVER = "You need the **Manage Server** permission to change the digest settings."
manage_server_only = app_commands.checks.has_permissions(manage_guild=True)


def safe(text: str) -> str:
    """User or feed text made inert: markdown shown literally, no mention can form."""
    return discord.utils.escape_mentions(discord.utils.escape_markdown(text))


def clip(lines: Iterable[str], limit: int = CONTENT_MAX) -> str:
    """Join whole lines within ``limit`` characters; if some do not fit, say how many."""
    rows = [line if len(line) <= limit // 2 else line[: limit // 2 - 1] + "…" for line in lines]
    text = "\n".join(rows)
    if len(text) <= limit:
        return text
    kept: list[str] = []
    used = 0
    for index, line in enumerate(rows):
        rest = len(rows) - index - 1
        if rest == 0 or used + len(line) + 1 + len(f"… and {rest} more") > limit:
            break
        kept.append(line)
        used += len(line) + 1
    return "\n".join([*kept, f"… and {len(rows) - len(kept)} more"])


def stamp(at: datetime | None, missing: str = "never") -> str:
    """A Discord timestamp, shown in each reader's own time zone."""
    if at is None:
        return missing
    return f"{discord.utils.format_dt(at, 'f')} ({discord.utils.format_dt(at, 'R')})"


def guild_scope(interaction: discord.Interaction[Any]) -> str:
    return f"discord:{_guild_id(interaction)}"


def channel_ref(interaction: discord.Interaction[Any]) -> ChannelRef:
    if interaction.channel_id is None:
        raise UserError("Use this command in a text channel of a server.")
    return ChannelRef("discord", f"{_guild_id(interaction)}:{interaction.channel_id}")


def _guild_id(interaction: discord.Interaction[Any]) -> int:
    if interaction.guild_id is None:
        raise UserError("Use this command in a server channel, not in a direct message.")
    return interaction.guild_id


async def reply(
    interaction: discord.Interaction[Any],
    content: str,
    *,
    ephemeral: bool = True,
    embeds: Sequence[discord.Embed] = (),
) -> None:
    """Answer the interaction, or follow up when it was already answered or deferred."""
    if interaction.response.is_done():
        await interaction.followup.send(
            content, embeds=list(embeds), ephemeral=ephemeral, allowed_mentions=NONE
        )
    else:
        await interaction.response.send_message(
            content, embeds=list(embeds), ephemeral=ephemeral, allowed_mentions=NONE
        )


async def defer(interaction: discord.Interaction[Any], *, ephemeral: bool = True) -> None:
    await interaction.response.defer(ephemeral=ephemeral, thinking=True)


class ChoiceCache:
    """Topics, feeds and subscriptions in memory, for autocomplete that never touches SQLite."""

    def __init__(self, service: DigestService) -> None:
        self.service = service
        self.topics: tuple[TopicRecord, ...] = ()
        self.feeds: tuple[Feed, ...] = ()
        self.subscriptions: dict[str, tuple[str, ...]] = {}
        self.loaded_at: float | None = None

    async def refresh(self) -> None:
        await self.refresh_topics()
        await self.refresh_feeds()
        channels = await self.service.list_channels()
        self.subscriptions = {
            str(c.ref): tuple(k.rpartition("/")[2] for k in c.topics)
            for c in channels
            if c.ref.platform == "discord"
        }
        self.loaded_at = time.monotonic()

    async def refresh_topics(self) -> None:
        self.topics = tuple(await self.service.all_topics())  # every scope, filtered on use

    async def refresh_feeds(self) -> None:
        self.feeds = tuple(await self.service.list_feeds())

    async def refresh_channel(self, ref: ChannelRef) -> None:
        self.subscriptions[str(ref)] = tuple(await self.service.channel_topics(ref))

    def is_stale(self, max_age_s: float) -> bool:
        return self.loaded_at is None or time.monotonic() - self.loaded_at >= max_age_s

    def topic_choices(
        self, scope: str, current: str, *, own_only: bool = False
    ) -> list[Choice[str]]:
        scopes = (scope,) if own_only else ("", scope)
        return choices(
            (
                (t.name, f"{t.name} — {t.description}" if t.description else t.name)
                for t in self.topics
                if t.scope in scopes
            ),
            current,
        )

    def subscribed_choices(self, ref: ChannelRef, current: str) -> list[Choice[str]]:
        return choices(((n, n) for n in self.subscriptions.get(str(ref), ())), current)

    def feed_choices(self, scope: str, current: str) -> list[Choice[str]]:
        return choices(
            ((str(f.id), f"#{f.id} {f.name} ({f.url})") for f in self.feeds if f.scope == scope),
            current,
        )


def choices(options: Iterable[tuple[str, str]], current: str) -> list[Choice[str]]:
    """At most 25 choices whose label contains ``current`` (prefix matches first)."""
    needle = current.strip().casefold()
    found = [
        (value, label)
        for value, label in options
        if needle in label.casefold() and len(value) <= CHOICE_NAME_MAX
    ]
    found.sort(key=lambda pair: (not pair[1].casefold().startswith(needle), pair[1].casefold()))
    return [
        Choice(name=_cut(label, CHOICE_NAME_MAX), value=value)
        for value, label in found[:MAX_CHOICES]
    ]


def _cut(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


class _Commands(app_commands.Group):
    """Shared state of the three groups: the service, the cache, the time-zone names."""

    def __init__(self, service: DigestService, cache: ChoiceCache, zones: Sequence[str]) -> None:
        super().__init__()
        self.service = service
        self.cache = cache
        self.zones = zones


class DigestCommands(_Commands, name="digest", guild_only=True):
    """This channel's news digest."""

    @app_commands.command()
    @app_commands.describe(topic="A topic of this server or a built-in one")
    @manage_server_only
    async def subscribe(self, interaction: discord.Interaction[Any], topic: str) -> None:
        """Post a topic's stories in this channel's digest."""
        ref = channel_ref(interaction)
        added = await self.service.subscribe(ref, [topic], scope=guild_scope(interaction))
        await self.cache.refresh_channel(ref)
        if added:
            text = f"This channel now gets **{safe(', '.join(added))}** in its digest."
        else:
            text = f"This channel already gets **{safe(topic.strip())}**."
        await reply(interaction, text)

    @app_commands.command()
    @app_commands.describe(topic="One of this channel's topics")
    @manage_server_only
    async def unsubscribe(self, interaction: discord.Interaction[Any], topic: str) -> None:
        """Stop posting a topic in this channel."""
        ref = channel_ref(interaction)
        removed = await self.service.unsubscribe(ref, [topic], scope=guild_scope(interaction))
        await self.cache.refresh_channel(ref)
        await reply(interaction, f"This channel no longer gets **{safe(', '.join(removed))}**.")

    @app_commands.command()
    async def topics(self, interaction: discord.Interaction[Any]) -> None:
        """List this channel's topics and the ones it could subscribe to."""
        ref = channel_ref(interaction)
        mine = await self.service.channel_topics(ref)
        available = [
            t.name
            for t in await self.service.list_topics(scope=guild_scope(interaction))
            if t.name not in mine
        ]
        lines = [
            f"**This channel gets:** {safe(', '.join(mine))}"
            if mine
            else "This channel has no topics yet: `/digest subscribe` adds one.",
            f"**Also available:** {safe(', '.join(available)) or 'none'}",
        ]
        await reply(interaction, clip(lines))

    @app_commands.command()
    @app_commands.describe(
        when='e.g. "08:00", "08:00 mon-fri", "07:30,18:00"',
        timezone="An IANA time zone such as Europe/Paris (default: the channel's)",
    )
    @manage_server_only
    async def schedule(
        self, interaction: discord.Interaction[Any], when: str, timezone: str | None = None
    ) -> None:
        """Set when this channel's digest is posted."""
        change = await self.service.set_schedule(channel_ref(interaction), when, timezone)
        await reply(
            interaction,
            f"Digest schedule: **{safe(str(change.schedule))}** ({safe(change.channel.timezone)}). "
            f"Next digest {stamp(change.next_at)}.",
        )

    @schedule.autocomplete("timezone")
    async def _zone_choices(
        self, interaction: discord.Interaction[Any], current: str
    ) -> list[Choice[str]]:
        return choices(((z, z) for z in self.zones), current)

    @app_commands.command()
    @app_commands.describe(post="Post the preview in the channel for everyone (Manage Server)")
    async def preview(self, interaction: discord.Interaction[Any], post: bool = False) -> None:
        """Show the digest this channel would get now."""
        if post and not interaction.permissions.manage_guild:
            raise app_commands.MissingPermissions(["manage_guild"])
        ref = channel_ref(interaction)
        await self._require_topics(ref)
        await defer(interaction, ephemeral=not post)
        digest = await self.service.preview(ref)
        for message in render_digest(digest):
            await reply(interaction, message.content, ephemeral=not post, embeds=message.embeds)

    @app_commands.command()
    @manage_server_only
    async def now(self, interaction: discord.Interaction[Any]) -> None:
        """Post this channel's digest now."""
        ref = channel_ref(interaction)
        await self._require_topics(ref)
        await defer(interaction, ephemeral=False)
        result = await self.service.send_now(ref)
        await reply(interaction, outcome_text(result), ephemeral=False)

    @app_commands.command()
    async def status(self, interaction: discord.Interaction[Any]) -> None:
        """This channel's topics, schedule, last and next digest, and feed health."""
        ref = channel_ref(interaction)
        status = await self.service.status()
        state = next((s for s in status.channels if s.channel.ref == ref), None)
        lines: list[str] = []
        if state is None:
            lines.append("This channel has no digest yet: `/digest subscribe` starts one.")
        else:
            channel = state.channel
            topics = ", ".join(t.rpartition("/")[2] for t in channel.topics) or "none"
            lines += [
                f"**Topics:** {safe(topics)}",
                f"**Schedule:** {safe(channel.schedule)} ({safe(channel.timezone)})",
                f"**Last digest:** {stamp(state.last_delivered_at)}",
                f"**Next digest:** {stamp(state.next_at, 'none while paused')}",
            ]
            if state.pending:
                lines.append("**Pending:** a digest is waiting to be sent; it is retried first.")
            if channel.status is not ChannelStatus.ACTIVE:
                reason = safe(channel.status_reason or "no reason recorded")
                lines.append(f"**{channel.status.value.capitalize()}:** {reason}")
                lines.append("Fix it, then `/digest resume`.")
        feeds = await self.service.list_feeds(scope=guild_scope(interaction))
        failing = [f for f in feeds if f.status is not FeedStatus.OK]
        lines.append(f"**Feeds:** {len(feeds) - len(failing)} ok, {len(failing)} failing or paused")
        for feed in failing[:FAILING_FEEDS_SHOWN]:
            reason = safe(feed.last_error or feed.status.value)
            lines.append(
                f"- {safe(feed.name)}: {reason} (since {stamp(feed.failing_since_at, '?')})"
            )
        await reply(interaction, clip(lines))

    @app_commands.command()
    @app_commands.describe(url="The article's link, or a stored item id")
    async def why(self, interaction: discord.Interaction[Any], url: str) -> None:
        """Why a story was (or was not) in this channel's digest."""
        ref = channel_ref(interaction)
        await defer(interaction)
        lines = await self.service.why(ref, url)
        await reply(interaction, clip(safe(line) for line in lines))

    @app_commands.command()
    @manage_server_only
    @app_commands.describe(item="The item id (from why) or the article's link")
    async def split(self, interaction: discord.Interaction[Any], item: str) -> None:
        """Take an article out of a story it was wrongly merged into."""
        await defer(interaction)
        split = await self.service.split_story_item(item)
        await reply(
            interaction,
            f"Item {split.item_id} is now a story of its own and will not rejoin "
            f"story {split.old_story_id}.",
        )

    @app_commands.command()
    @manage_server_only
    async def resume(self, interaction: discord.Interaction[Any]) -> None:
        """Resume this channel's paused digest."""
        channel = await self.service.resume_channel(channel_ref(interaction))
        await reply(interaction, f"Digests resumed ({safe(channel.schedule)}, {channel.timezone}).")

    @subscribe.autocomplete("topic")
    async def _topic_choices(
        self, interaction: discord.Interaction[Any], current: str
    ) -> list[Choice[str]]:
        return self.cache.topic_choices(guild_scope(interaction), current)

    @unsubscribe.autocomplete("topic")
    async def _subscribed_choices(
        self, interaction: discord.Interaction[Any], current: str
    ) -> list[Choice[str]]:
        return self.cache.subscribed_choices(channel_ref(interaction), current)

    async def _require_topics(self, ref: ChannelRef) -> None:
        """Checked before deferring, so the refusal stays private."""
        if not await self.service.channel_topics(ref):
            raise UserError("This channel has no topics yet: `/digest subscribe` adds one.")


class TopicCommands(_Commands, name="topic", guild_only=True, default_permissions=MANAGE_SERVER):
    """This server's topics: named queries a channel can subscribe to."""

    @app_commands.command()
    @app_commands.describe(
        name="1-40 lowercase letters, digits and dashes, e.g. japan-korea",
        query='e.g. Japan AND ("South Korea" OR Seoul) -"K-pop"',
        description="A line shown in /topic list",
    )
    @manage_server_only
    async def create(
        self, interaction: discord.Interaction[Any], name: str, query: str, description: str = ""
    ) -> None:
        """Create or replace a topic of this server."""
        await defer(interaction)
        record = await self.service.create_topic(
            name, query, scope=guild_scope(interaction), description=description
        )
        await self.cache.refresh_topics()
        await reply(interaction, f"Topic **{safe(record.name)}** saved: `{_code(record.query)}`")

    @app_commands.command()
    @app_commands.describe(query="A topic query to try on the last 7 days of stories")
    async def test(self, interaction: discord.Interaction[Any], query: str) -> None:
        """Show recent stories a query would match."""
        await defer(interaction)
        result = await self.service.test_topic(query)
        lines = [
            f"`{_code(result.query)}` matches {len(result.matches)} of {result.scanned} items "
            "from the last 7 days."
        ]
        for match in result.matches[:TEST_MATCHES_SHOWN]:
            item = match.item.item
            terms = safe(", ".join(match.terms))
            lines.append(
                f"- {safe(item.title)} · {discord.utils.format_dt(item.published_at, 'd')}"
                f" · on: {terms}"
            )
        await reply(interaction, clip(lines))

    @app_commands.command(name="list")
    async def list_(self, interaction: discord.Interaction[Any]) -> None:
        """List the built-in topics and this server's own."""
        topics = await self.service.list_topics(scope=guild_scope(interaction))
        lines = [
            f"**{safe(t.name)}**{' (this server)' if t.scope else ''}: "
            f"{safe(t.description) or f'`{_code(t.query)}`'}"
            for t in topics
        ]
        await reply(interaction, clip(lines or ["No topics yet: `/topic create` adds one."]))

    @app_commands.command()
    @app_commands.describe(name="A topic of this server")
    @manage_server_only
    async def delete(self, interaction: discord.Interaction[Any], name: str) -> None:
        """Delete a topic of this server (channels stop getting it)."""
        record = await self.service.remove_topic(name, scope=guild_scope(interaction))
        await self.cache.refresh()
        await reply(interaction, f"Topic **{safe(record.name)}** deleted.")

    @delete.autocomplete("name")
    async def _own_topic_choices(
        self, interaction: discord.Interaction[Any], current: str
    ) -> list[Choice[str]]:
        return self.cache.topic_choices(guild_scope(interaction), current, own_only=True)


class FeedCommands(_Commands, name="feed", guild_only=True, default_permissions=MANAGE_SERVER):
    """The feeds this server adds to the bot."""

    @app_commands.command()
    @app_commands.describe(url="The RSS or Atom feed's address", name="A short name to show")
    @manage_server_only
    async def add(self, interaction: discord.Interaction[Any], url: str, name: str = "") -> None:
        """Poll another feed for this server's digests."""
        await defer(interaction)
        feed = await self.service.add_feed(
            url, name, scope=guild_scope(interaction), fetch_now=True
        )
        await self.cache.refresh_feeds()
        await reply(
            interaction, f"Feed #{feed.id} **{safe(feed.name)}** added: `{_code(feed.url)}`"
        )

    @app_commands.command()
    @app_commands.describe(feed="A feed this server added")
    @manage_server_only
    async def remove(self, interaction: discord.Interaction[Any], feed: str) -> None:
        """Stop polling a feed this server added."""
        scope = guild_scope(interaction)
        removed = await self.service.remove_feed(await self._feed_id(feed, scope), scope=scope)
        await self.cache.refresh_feeds()
        await reply(interaction, f"Feed #{removed.id} **{safe(removed.name)}** removed.")

    @remove.autocomplete("feed")
    async def _feed_choices(
        self, interaction: discord.Interaction[Any], current: str
    ) -> list[Choice[str]]:
        return self.cache.feed_choices(guild_scope(interaction), current)

    @app_commands.command(name="list")
    async def list_(self, interaction: discord.Interaction[Any]) -> None:
        """List the feeds this server's digests draw on, and their health."""
        feeds = await self.service.list_feeds(scope=guild_scope(interaction))
        lines = [
            f"#{f.id} **{safe(f.name)}**{'' if f.scope else ' (operator)'}: {f.status.value}"
            + (f" ({safe(f.last_error)})" if f.status is not FeedStatus.OK and f.last_error else "")
            for f in feeds
        ]
        await reply(interaction, clip(lines or ["No feeds yet: `/feed add` adds one."]))

    async def _feed_id(self, text: str, scope: str) -> int:
        """The id picked from autocomplete, or a feed of this server named or linked exactly."""
        text = text.strip().removeprefix("#")
        if text.isascii() and text.isdecimal():
            return int(text)
        for feed in await self.service.list_feeds(scope=scope):
            if feed.scope == scope and text in (feed.name, feed.url):
                return feed.id
        raise UserError(f"This server has no feed {text!r}: `/feed list` shows them.")


def outcome_text(result: RunResult) -> str:
    count = 0 if result.digest is None else len(result.digest.story_ids)
    resent = " (a digest left pending earlier was sent first)" if result.resent_pending else ""
    match result.outcome:
        case DigestOutcome.DELIVERED:
            return f"📰 Digest posted: {count} {'story' if count == 1 else 'stories'}{resent}."
        case DigestOutcome.EMPTY | DigestOutcome.ALREADY_SENT:
            return f"Nothing new since the last digest{resent}."
        case DigestOutcome.PAUSED:
            reason = safe(result.error or "no reason recorded")
            return f"Digests here are paused: {reason}. Fix it, then `/digest resume`."
        case DigestOutcome.FAILED:
            reason = safe(result.error or "unknown error")
            return f"The digest could not be posted: {reason}. It will be retried."
        case DigestOutcome.BUSY:
            return "Another bot process is posting this channel's digest right now."
        case DigestOutcome.SKIPPED:
            reason = safe(result.error or "this process cannot reach the channel")
            return f"No digest was built: {reason}."


def _code(text: str) -> str:
    """Text inside an inline code span: backticks cannot end it early."""
    return text.replace("`", "ˋ")


class DigestClient(discord.Client):
    """The client whose ``setup_hook`` hands over to the frontend (discord.py's startup hook)."""

    def __init__(self, frontend: DiscordFrontend) -> None:
        super().__init__(intents=discord.Intents(guilds=True), allowed_mentions=NONE)
        self.frontend = frontend

    async def setup_hook(self) -> None:
        await self.frontend.setup()


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
    ) -> None:
        self.service = service
        self._token = token
        self.sync_guild_id = sync_guild_id
        self.auto_sync = auto_sync
        self.refresh_s = refresh_s
        self.client = DigestClient(self)
        self.tree: app_commands.CommandTree[DigestClient] = app_commands.CommandTree(
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
        try:
            await reply(interaction, text)
        except discord.HTTPException:
            log.exception("discord error reply failed interaction=%s", interaction.id)


async def sync_commands(token: str, service: DigestService, guild_id: int | None = None) -> int:
    """``python -m bot sync-commands [--guild ID]``: log in over REST, sync, store the hash."""
    async with DiscordFrontend(service, token, auto_sync=False) as frontend:
        await frontend.login()
        return await frontend.sync(guild_id)
