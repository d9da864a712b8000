"""The Slack verbs: one method per verb, each a service call whose result becomes reply text.

A mixin of the Slack frontend, which owns the transport (acks, admin checks, respond); the
parsing of the command text is in commands. Replies are escaped for Slack (ampersands and angle
brackets) and cut to fit one response.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.chat.slack.commands import help_text
from bot.chat.slack.render import clean_text, escape_text, render_digest
from bot.core.model import ChannelRef, ChannelStatus, Feed, FeedStatus
from bot.core.text import cut
from bot.digests.runner import DigestOutcome, RunResult
from bot.service import DigestService

log = logging.getLogger(__name__)

RESPONSE_URL_USES = 5
REPLY_BUDGET = 3900
LINE_MAX = 600  # raw characters per reply line: escaped (at most 5x) it still fits REPLY_BUDGET
TOPIC_TEST_SHOWN = 10
TIME_FORMAT = "%Y-%m-%d %H:%M %Z"


@dataclass(frozen=True, slots=True)
class Invocation:
    """Who ran a command where: the workspace is the scope, the channel is a ``ChannelRef``."""

    team_id: str
    channel_id: str
    user_id: str

    @property
    def scope(self) -> str:
        return f"slack:{self.team_id}"

    @property
    def ref(self) -> ChannelRef:
        return ChannelRef("slack", f"{self.team_id}:{self.channel_id}")


@dataclass(frozen=True, slots=True)
class Reply:
    """What one command answers: ``respond()`` keyword arguments, one dict per message."""

    messages: tuple[dict[str, Any], ...]

    @classmethod
    def text(cls, *lines: str) -> Reply:
        return cls(({"text": slack_lines(lines), "response_type": "ephemeral"},))


class SlackVerbs:
    """The verbs of ``SlackFrontend`` (which provides ``service``), one method each."""

    service: DigestService

    def _handlers(self) -> dict[str, Callable[[Invocation, tuple[str, ...]], Awaitable[Reply]]]:
        return {
            "subscribe": self._subscribe,
            "unsubscribe": self._unsubscribe,
            "topics": self._topics,
            "schedule": self._schedule,
            "now": self._now,
            "status": self._status,
            "why": self._why,
            "split": self._split,
            "resume": self._resume,
            "topic create": self._topic_create,
            "topic test": self._topic_test,
            "topic list": self._topic_list,
            "topic delete": self._topic_delete,
            "feed add": self._feed_add,
            "feed remove": self._feed_remove,
            "feed list": self._feed_list,
            "help": self._help,
        }

    # -- one method per verb: service call → reply text ------------------------------------------

    async def _subscribe(self, who: Invocation, args: tuple[str, ...]) -> Reply:
        added = await self.service.subscribe(who.ref, [args[0]], scope=who.scope)
        now = await self.service.channel_topics(who.ref)
        first = (
            f"Subscribed to {', '.join(added)}." if added else f"Already subscribed to {args[0]}."
        )
        return Reply.text(first, f"This channel's topics: {', '.join(now)}")

    async def _unsubscribe(self, who: Invocation, args: tuple[str, ...]) -> Reply:
        removed = await self.service.unsubscribe(who.ref, [args[0]], scope=who.scope)
        left = await self.service.channel_topics(who.ref)
        return Reply.text(
            f"Unsubscribed from {', '.join(removed)}.",
            f"This channel's topics: {', '.join(left) or 'none'}",
        )

    async def _topics(self, who: Invocation, args: tuple[str, ...]) -> Reply:
        topics = await self.service.channel_topics(who.ref)
        if not topics:
            return Reply.text("This channel has no topics yet: /digest subscribe TOPIC adds one.")
        return Reply.text(f"This channel's topics: {', '.join(topics)}")

    async def _schedule(self, who: Invocation, args: tuple[str, ...]) -> Reply:
        change = await self.service.set_schedule(
            who.ref, args[0], args[1] if len(args) > 1 else None
        )
        zone = ZoneInfo(change.channel.timezone)
        return Reply.text(
            f"Digests here: {change.schedule} ({zone.key}).",
            f"Next digest: {_local(change.next_at, zone)}",
        )

    async def _preview(self, who: Invocation, *, post: bool) -> Reply:
        digest = await self.service.preview(who.ref)
        if digest.is_empty:
            return Reply.text("Nothing new for this channel's topics since the last digest.")
        kind = "in_channel" if post else "ephemeral"
        parts = render_digest(digest)
        messages = [
            {"text": part.text, "blocks": list(part.blocks), "response_type": kind}
            for part in parts[:RESPONSE_URL_USES]
        ]
        if len(parts) > RESPONSE_URL_USES:
            messages[-1] = {
                "text": f"…and {len(parts) - RESPONSE_URL_USES + 1} more messages: "
                "/digest now posts the whole digest.",
                "response_type": "ephemeral",
            }
        return Reply(tuple(messages))

    async def _now(self, who: Invocation, args: tuple[str, ...]) -> Reply:
        return Reply.text(run_result_text(await self.service.send_now(who.ref)))

    async def _status(self, who: Invocation, args: tuple[str, ...]) -> Reply:
        status = await self.service.status()
        f = status.feeds
        lines = [f"Feeds: {f.total} ({f.ok} ok, {f.failing} failing, {f.paused} paused)."]
        state = next((c for c in status.channels if c.channel.ref == who.ref), None)
        if state is None:
            lines.append("This channel has no subscriptions: /digest subscribe TOPIC adds one.")
            return Reply.text(*lines)
        channel = state.channel
        zone = ZoneInfo(channel.timezone)
        lines.append(f"Topics: {', '.join(t.rpartition('/')[2] for t in channel.topics) or 'none'}")
        lines.append(f"Schedule: {channel.schedule} ({zone.key})")
        if channel.status is ChannelStatus.ACTIVE:
            lines.append(f"Next digest: {_local(state.next_at, zone)}")
        else:
            reason = channel.status_reason or "no reason recorded"
            lines.append(
                f"Digests are {channel.status.value}: {reason}. /digest resume restarts them."
            )
        lines.append(f"Last digest: {_local(state.last_delivered_at, zone)}")
        if state.pending:
            lines.append("A digest is waiting to be delivered and will be retried.")
        return Reply.text(*lines)

    async def _why(self, who: Invocation, args: tuple[str, ...]) -> Reply:
        return Reply.text(*await self.service.why(who.ref, args[0]))

    async def _split(self, who: Invocation, args: tuple[str, ...]) -> Reply:
        split = await self.service.split_story_item(args[0])
        return Reply.text(
            f"Item {split.item_id} is now a story of its own and will not rejoin "
            f"story {split.old_story_id}."
        )

    async def _resume(self, who: Invocation, args: tuple[str, ...]) -> Reply:
        channel = await self.service.resume_channel(who.ref)
        return Reply.text(f"Digests resumed here: {channel.schedule} ({channel.timezone}).")

    async def _topic_create(self, who: Invocation, args: tuple[str, ...]) -> Reply:
        topic = await self.service.create_topic(args[0], args[1], scope=who.scope)
        return Reply.text(f"Saved topic {topic.name}: {topic.query}")

    async def _topic_test(self, who: Invocation, args: tuple[str, ...]) -> Reply:
        result = await self.service.test_topic(args[0], scope=who.scope)
        named = f"Topic {result.topic.name}, query" if result.topic is not None else "Query"
        lines = [f"{named}: {result.query}"]
        for match in result.matches[:TOPIC_TEST_SHOWN]:
            item = match.item.item
            lines.append(
                f"{item.published_at:%Y-%m-%d %H:%M} {clean_text(item.title)} {item.url} "
                f"[matched: {', '.join(match.terms)}]"
            )
        lines.append(f"{len(result.matches)} of {result.scanned} recent items matched.")
        return Reply.text(*lines)

    async def _topic_list(self, who: Invocation, args: tuple[str, ...]) -> Reply:
        topics = await self.service.list_topics(scope=who.scope)
        if not topics:
            return Reply.text("No topics yet: /digest topic create NAME QUERY defines one.")
        return Reply.text(*(f"{t.name}: {t.query}" for t in topics))

    async def _topic_delete(self, who: Invocation, args: tuple[str, ...]) -> Reply:
        topic = await self.service.remove_topic(args[0], scope=who.scope)
        return Reply.text(f"Deleted topic {topic.name}.")

    async def _feed_add(self, who: Invocation, args: tuple[str, ...]) -> Reply:
        feed = await self.service.add_feed(
            args[0], args[1] if len(args) > 1 else "", scope=who.scope, fetch_now=True
        )
        return Reply.text(f"Added feed {feed.id}: {feed.name} ({feed.url})")

    async def _feed_remove(self, who: Invocation, args: tuple[str, ...]) -> Reply:
        feed = await self.service.remove_feed(int(args[0]), scope=who.scope)
        return Reply.text(f"Removed feed {feed.id}: {feed.name}")

    async def _feed_list(self, who: Invocation, args: tuple[str, ...]) -> Reply:
        feeds = await self.service.list_feeds(scope=who.scope)
        if not feeds:
            return Reply.text("No feeds yet: /digest feed add URL adds one.")
        return Reply.text(*(feed_line(f) for f in feeds))

    async def _help(self, who: Invocation, args: tuple[str, ...]) -> Reply:
        return Reply.text(
            *help_text().splitlines(), "/digest preview post: show the preview to everyone here"
        )


def run_result_text(result: RunResult) -> str:
    stories = 0 if result.digest is None else len(result.digest.story_ids)
    match result.outcome:
        case DigestOutcome.DELIVERED:
            return f"Posted the digest here ({stories} stories)."
        case DigestOutcome.EMPTY:
            return "Nothing new for this channel's topics since the last digest."
        case DigestOutcome.ALREADY_SENT:
            return "This slot's digest was already posted."
        case DigestOutcome.PAUSED:
            return f"Digests here are paused: {result.error}. /digest resume restarts them."
        case DigestOutcome.FAILED:
            return f"The digest could not be posted: {result.error}. It will be retried."
        case DigestOutcome.BUSY:
            return "Another bot process is posting this channel's digest right now."
        case DigestOutcome.SKIPPED:
            return f"No digest was built: {result.error}."


def feed_line(feed: Feed) -> str:
    health = feed.status.value
    if feed.status is not FeedStatus.OK and feed.last_error:
        health = f"{health}: {feed.last_error}"
    return f"{feed.id} {clean_text(feed.name)} ({feed.url}) {health}"


def slack_lines(lines: Iterable[str]) -> str:
    """Join reply lines escaped for Slack, dropping whole lines past ``REPLY_BUDGET``."""
    out: list[str] = []
    used = 0
    items = list(lines)
    for index, line in enumerate(items):
        escaped = escape_text(cut(line, LINE_MAX + 1))  # LINE_MAX characters and "…" at most
        if used + len(escaped) + 1 > REPLY_BUDGET - 40:  # room for the "more lines" note
            out.append(f"…and {len(items) - index} more lines.")
            break
        out.append(escaped)
        used += len(escaped) + 1
    return "\n".join(out)


def _local(at: datetime | None, zone: ZoneInfo) -> str:
    return "never" if at is None else at.astimezone(zone).strftime(TIME_FORMAT)
