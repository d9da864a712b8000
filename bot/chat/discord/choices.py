"""Autocomplete from memory: ``ChoiceCache`` holds topics, feeds and subscriptions, reloaded after
every change made here and every ``REFRESH_S`` seconds (for changes from the CLI), so no
autocomplete waits on the database; at most ``MAX_CHOICES`` (Discord's limit) are offered.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable

from discord.app_commands import Choice

from bot.core.model import ChannelRef, Feed, TopicRecord
from bot.service import DigestService

log = logging.getLogger(__name__)

REFRESH_S = 60.0  # autocomplete cache age after which the background loop reloads it

CHOICE_NAME_MAX = 100  # Discord limit: choice name and string value

MAX_CHOICES = 25  # Discord limit: autocomplete choices


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
