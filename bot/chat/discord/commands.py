"""The slash commands: ``/digest``, ``/topic`` and ``/feed``, each a thin call into the service.

Permissions (see ``frontend``): every command that changes something checks Manage Server in
code; commands that may be slow (``preview``, ``test``, ``feed add``) defer first and answer
with a followup.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

import discord
from discord import app_commands
from discord.app_commands import Choice

from bot.chat.discord.choices import (
    ChoiceCache,
    choices,
)
from bot.chat.discord.render import render_digest
from bot.chat.discord.replies import (
    FAILING_FEEDS_SHOWN,
    MANAGE_SERVER,
    TEST_MATCHES_SHOWN,
    channel_ref,
    clip,
    code_span,
    defer,
    guild_scope,
    manage_server_only,
    outcome_text,
    reply,
    safe,
    stamp,
)
from bot.core.model import ChannelRef, ChannelStatus, FeedStatus
from bot.errors import UserError
from bot.service import DigestService

log = logging.getLogger(__name__)


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
        await reply(interaction, f"Topic **{safe(record.name)}** saved: {code_span(record.query)}")

    @app_commands.command()
    @app_commands.describe(query="A topic query or name, to try on the last 7 days of stories")
    async def test(self, interaction: discord.Interaction[Any], query: str) -> None:
        """Show recent stories a query (or a topic, by name) would match."""
        await defer(interaction)
        result = await self.service.test_topic(query, scope=guild_scope(interaction))
        named = f"Topic **{safe(result.topic.name)}**: " if result.topic is not None else ""
        lines = [
            f"{named}{code_span(result.query)} matches {len(result.matches)} of "
            f"{result.scanned} items from the last 7 days."
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
            f"{safe(t.description) or code_span(t.query)}"
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
            interaction, f"Feed #{feed.id} **{safe(feed.name)}** added: {code_span(feed.url)}"
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
