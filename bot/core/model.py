"""Records that cross layers: frozen, slotted values, nothing from a third-party library.

Datetimes end in ``_at`` and are always timezone-aware UTC.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import TypeAlias
from urllib.parse import urlsplit

from bot.errors import UserError

Clock: TypeAlias = Callable[[], datetime]
"""Returns the current aware-UTC time. Only ``app.system_clock`` reads the real clock."""

PLATFORMS = ("console", "discord", "slack")
# What each platform's channel ids look like (issue 12): Discord ids are snowflakes (up to 20
# digits, discord.com/developers/docs/reference#snowflakes); Slack team ids start with T (E for
# an Enterprise Grid org) and conversation ids with C, G or D, upper-case letters and digits.
_CHANNEL_ID = {
    "console": re.compile(r"[A-Za-z0-9_.\-]{1,64}"),
    "discord": re.compile(r"\d{1,20}:\d{1,20}"),
    "slack": re.compile(r"[TE][A-Z0-9]{1,20}:[CGD][A-Z0-9]{1,20}"),
}
_CHANNEL_EXAMPLE = {
    "console": "console:desk (letters, digits, '.', '_' or '-')",
    "discord": "discord:GUILD_ID:CHANNEL_ID, both numbers, e.g. discord:8138478876:8138478877",
    "slack": "slack:TEAM_ID:CHANNEL_ID, e.g. slack:T024BE7LD:C024BE91L",
}


@dataclass(frozen=True, slots=True)
class ChannelRef:
    """A chat channel; ``str()`` (``console:desk``, ``discord:G:C``, ``slack:T:C``) is its key."""

    platform: str
    id: str

    def __str__(self) -> str:
        return f"{self.platform}:{self.id}"

    @classmethod
    def from_key(cls, key: str) -> ChannelRef:
        """A stored key back into a ref, as it was stored (earlier releases allowed more)."""
        platform, _, ident = key.partition(":")
        return cls(platform, ident)

    @classmethod
    def parse(cls, text: str) -> ChannelRef:
        """Parse ``platform:id``; raises ``ValueError`` with a message a user can act on."""
        platform, sep, ident = text.strip().partition(":")
        if not sep or platform not in PLATFORMS:
            raise ValueError(
                f"bad channel {text!r}: expected PLATFORM:ID with PLATFORM one of "
                f"{', '.join(PLATFORMS)}, e.g. console:desk"
            )
        if not _CHANNEL_ID[platform].fullmatch(ident):
            raise ValueError(
                f"bad {platform} channel {text!r}: expected {_CHANNEL_EXAMPLE[platform]}"
            )
        return cls(platform, ident)


@dataclass(frozen=True, slots=True)
class RawEntry:
    """One feed entry as the parser saw it: text may still hold HTML and entities.

    ``date_texts`` are the entry's date strings the parser could not read (issue 16); the core
    reads the common shapes it missed (``bot.core.dates``).
    """

    guid: str | None
    link: str | None
    title: str | None
    summary: str | None
    published_at: datetime | None
    updated_at: datetime | None
    author: str | None = None
    date_texts: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    """A parsed feed document. ``skip_hours`` are UTC hours (RSS ``<skipHours>``)."""

    title: str | None
    link: str | None
    language: str | None
    entries: tuple[RawEntry, ...]
    ttl_minutes: int | None
    skip_hours: frozenset[int]
    bozo_reason: str | None


@dataclass(frozen=True, slots=True)
class Item:
    """A normalized article, before it is stored.

    ``identity`` is stable for one feed even when the feed has no guid (``guid:…``, else
    ``link:…``, else ``hash:…`` of title and date). ``url`` is the canonical absolute link (empty
    when the entry had none). ``title_key`` is the normalized headline used for dedupe.

    ``published_at`` is the best evidence of when the article appeared: the feed's own dates
    (published, else updated or dc:date, in any shape ``bot.core.dates`` reads).
    ``date_estimated`` is True exactly when there was no such evidence: ``published_at`` is then
    only the time the item was first seen (issue 16), and the item is undated.
    """

    identity: str
    url: str
    title: str
    summary: str
    published_at: datetime
    first_seen_at: datetime
    date_estimated: bool
    title_key: str
    guid: str | None = None
    author: str | None = None


class FeedStatus(StrEnum):
    OK = "ok"
    FAILING = "failing"
    PAUSED = "paused"


FEED_NAME_MAX = 100
"""A feed's name (an outlet in digests) is cut to this many characters."""


def default_feed_name(url: str) -> str:
    """The name a feed gets when none is given and its title is not known yet: its host."""
    return urlsplit(url).hostname or url


def feed_name(text: str) -> str:
    """A given name or a feed's own title as a feed name: one line, at most ``FEED_NAME_MAX``."""
    return " ".join(text.split())[:FEED_NAME_MAX].rstrip()


@dataclass(frozen=True, slots=True)
class Feed:
    """A polled feed as stored; ``scope`` is None for operator feeds, else ``discord:GUILD``."""

    id: int
    url: str
    name: str
    status: FeedStatus
    etag: str | None
    last_modified: str | None
    added_at: datetime
    next_fetch_at: datetime
    last_fetch_at: datetime | None
    last_success_at: datetime | None
    error_count: int
    error_kind: str | None
    last_error: str | None
    failing_since_at: datetime | None
    item_count: int
    scope: str | None = None


@dataclass(frozen=True, slots=True)
class Source:
    """One outlet's report of a story: the outlet's name (plain text) and its own article."""

    outlet: str
    url: str


@dataclass(frozen=True, slots=True)
class DigestEntry:
    """One story in a digest: everything a renderer needs, already plain text.

    ``sources`` lists every outlet that covered the story with its own link, the lead outlet
    first (issue 14); ``outlets`` holds their names alone.
    """

    story_id: int
    title: str
    url: str
    summary: str
    outlets: tuple[str, ...]
    published_at: datetime
    matched_terms: tuple[str, ...] = ()
    undated: bool = False
    """The feed gave no date: ``published_at`` is when the bot first saw the story."""
    sources: tuple[Source, ...] = ()


@dataclass(frozen=True, slots=True)
class DigestSection:
    topic: str
    entries: tuple[DigestEntry, ...]
    more: int = 0
    """Stories of this topic the caps left out, which the digest mentions by number."""


@dataclass(frozen=True, slots=True)
class Digest:
    """A platform-neutral digest for one channel; recorded exactly as built, before sending.

    ``timezone`` is the channel's IANA zone name, used by renderers to show local times.
    ``note`` is a short line sent instead of sections when the channel wants "nothing new".
    """

    id: str
    channel: ChannelRef
    created_at: datetime
    since_at: datetime | None
    timezone: str
    sections: tuple[DigestSection, ...]
    note: str | None = None

    @property
    def is_empty(self) -> bool:
        return not any(section.entries for section in self.sections) and self.note is None

    @property
    def story_ids(self) -> tuple[int, ...]:
        return tuple(e.story_id for s in self.sections for e in s.entries)


class ChannelStatus(StrEnum):
    ACTIVE = "active"
    PAUSED = "paused"
    DISABLED = "disabled"


@dataclass(frozen=True, slots=True)
class Channel:
    """A chat channel's settings: its zone, its schedule text and its delivery status."""

    ref: ChannelRef
    timezone: str
    schedule: str
    status: ChannelStatus
    status_reason: str | None
    created_at: datetime
    topics: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class TopicRecord:
    """A named topic query. ``key`` is the name for global topics, ``scope/name`` otherwise."""

    key: str
    name: str
    scope: str
    query: str
    description: str
    origin: str


def topic_key(name: str, scope: str = "") -> str:
    return f"{scope}/{name}" if scope else name


_TOPIC_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")


def check_topic_name(name: str) -> str:
    """A topic name as stored (lower-case); ``UserError`` with an example if it is not one."""
    cleaned = name.strip().lower()
    if not _TOPIC_NAME.match(cleaned):
        raise UserError(
            f"bad topic name {name!r}: use 1-40 lowercase letters, digits and dashes, "
            "starting with a letter or digit, e.g. japan-korea"
        )
    return cleaned
