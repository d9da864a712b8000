"""What ``run`` would refuse in a config, found before anything starts (issues 12 and 13).

``load_config`` checks the shape of the file (known keys, types, ranges). ``check_config`` checks
what the values mean: time zones and schedules parse, topic queries compile, channels name real
topics and well-formed channel ids, the user agent is one header line, and the console output and
database paths can be used. ``check-config`` runs it, and so does ``open_app`` before it writes
anything, so a config that passes ``check-config`` starts, and one that does not changes nothing
(a mistyped zone no longer creates a channel with the default schedule before start-up fails).

A config channel may subscribe to built-in topics and to topics defined in the same file; topics
created from chat live in the database and are subscribed from chat.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import urlsplit

from bot.config import Config
from bot.core.cadence import parse_schedule, parse_zone
from bot.core.model import ChannelRef, check_topic_name
from bot.core.query import parse_query
from bot.errors import ConfigError, UserError
from bot.storage import POSTGRES_INSTALL, postgres_driver_installed, redact_url
from bot.topics.builtin import load_builtin_topic_details

_HEADER_UNSAFE = re.compile(r"[\x00-\x1f\x7f]")


def check_config(config: Config) -> None:
    """Raise ``ConfigError`` naming the first key whose value ``run`` could not use."""
    _check_zone("bot.default_timezone", config.bot.default_timezone)
    _check_schedule("digest.default_schedule", config.digest.default_schedule)
    if _HEADER_UNSAFE.search(config.fetch.user_agent):
        raise ConfigError(
            "fetch.user_agent: control characters (such as a line break) are not allowed in an "
            "HTTP header"
        )
    if not config.fetch.user_agent.strip():
        raise ConfigError("fetch.user_agent: must not be empty")
    if not config.slack.api_url.startswith(("https://", "http://")):
        raise ConfigError(
            f"slack.api_url: expected an http(s) URL such as https://slack.com/api/, "
            f"got {config.slack.api_url!r}"
        )
    _check_console_output(config.bot.console_output)
    _check_shards(config.discord.shard_count, config.discord.shard_ids)
    if config.database.url:
        _check_database_url(config.database.url)
    else:
        _check_database_path(config.database.path)
    topics = set(load_builtin_topic_details())
    for i, topic in enumerate(config.topics):
        try:
            name = check_topic_name(topic.name)
        except UserError as e:
            raise ConfigError(f"topics[{i}].name: {e}") from e
        try:
            parse_query(topic.query)
        except UserError as e:
            raise ConfigError(f"topics[{i}].query ({name}): {e}") from e
        topics.add(name)
    seen: set[str] = set()
    for i, channel in enumerate(config.channels):
        try:
            ref = ChannelRef.parse(channel.id)
        except ValueError as e:
            raise ConfigError(f"channels[{i}].id: {e}") from e
        if str(ref) in seen:
            raise ConfigError(f"channels[{i}].id: {ref} is configured twice")
        seen.add(str(ref))
        for name in channel.topics:
            if name.strip().lower() not in topics:
                known = ", ".join(sorted(topics))
                raise ConfigError(
                    f"channels[{i}].topics: no topic named {name!r} (built-in or in [[topics]]: "
                    f"{known})"
                )
        if channel.timezone:
            _check_zone(f"channels[{i}].timezone", channel.timezone)
        if channel.schedule:
            _check_schedule(f"channels[{i}].schedule", channel.schedule)


def _check_zone(key: str, name: str) -> None:
    try:
        parse_zone(name)
    except UserError as e:
        raise ConfigError(f"{key}: {e}") from e


def _check_schedule(key: str, text: str) -> None:
    try:
        parse_schedule(text)
    except UserError as e:
        raise ConfigError(f"{key}: {e}") from e


def _check_console_output(value: str) -> None:
    if not value:
        return
    if "\x00" in value:
        raise ConfigError("bot.console_output: the path contains a NUL character")
    path = Path(value)
    if path.is_dir():
        raise ConfigError(f"bot.console_output: {value} is a directory; name a file in it")
    parent = path.parent
    if not parent.is_dir():
        raise ConfigError(f"bot.console_output: the directory {parent} does not exist")
    target = path if path.exists() else parent
    if not os.access(target, os.W_OK):
        raise ConfigError(f"bot.console_output: {target} is not writable by this user")


def _check_shards(count: int, ids: tuple[int, ...]) -> None:
    if ids and not count:
        raise ConfigError("discord.shard_ids: set discord.shard_count (the shards in all) too")
    outside = [i for i in ids if i >= count]
    if outside:
        raise ConfigError(
            f"discord.shard_ids: shard {outside[0]} does not exist: shards are numbered "
            f"0 to {count - 1} (discord.shard_count = {count})"
        )
    if len(set(ids)) != len(ids):
        raise ConfigError("discord.shard_ids: a shard is listed twice")


def _check_database_url(value: str) -> None:
    parts = urlsplit(value)
    if parts.scheme not in ("postgresql", "postgres") or not (parts.hostname or parts.path):
        raise ConfigError(
            "database.url: expected a PostgreSQL URL such as "
            f"postgresql://bot@db.internal:5432/newsbot, got {redact_url(value)!r}"
        )
    if not postgres_driver_installed():
        raise ConfigError(f"database.url: PostgreSQL needs its driver: {POSTGRES_INSTALL}")


def _check_database_path(value: str) -> None:
    if value == ":memory:":
        return
    if not value.strip():
        raise ConfigError("database.path: must not be empty")
    if "\x00" in value:
        raise ConfigError("database.path: the path contains a NUL character")
    path = Path(value)
    if path.is_dir():
        raise ConfigError(f"database.path: {value} is a directory; name a file in it")
    if path.exists() and not path.is_file():
        raise ConfigError(
            f"database.path: {value} is not a regular file (a device or a pipe cannot hold the "
            "database)"
        )
    for parent in path.parents:
        if parent.exists():
            if not parent.is_dir():
                raise ConfigError(f"database.path: {parent} is not a directory")
            break
