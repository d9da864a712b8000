"""One TOML file into frozen dataclasses; every error names its key path.

Each section is a frozen dataclass whose fields carry their defaults and limits; ``load_config``
walks the TOML table against those fields, so an unknown key, a wrong type or an out-of-range value
fails fast with ``ConfigError("fetch.timeout_s: expected a number > 0, got 'ten'")``. Secrets come
only from the environment; a token-looking key in the TOML is an error, so a config file can be
shared or committed without leaking credentials. No pydantic: this file is the whole schema.
"""

from __future__ import annotations

import dataclasses
import math
import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, get_args, get_origin, get_type_hints

from bot.errors import ConfigError

SECRET_ENV = ("DISCORD_TOKEN", "SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET")
_SECRET_KEY = re.compile(r"(?:^|_)(?:token|secret|password|api_key)$")  # slack_bot_token, secret, …


def _limits(lo: float | None = None, hi: float | None = None) -> dict[str, float | None]:
    return {"min": lo, "max": hi}


@dataclass(frozen=True, slots=True)
class BotSection:
    default_timezone: str = "UTC"
    console_output: str = ""
    log_level: str = field(
        default="INFO", metadata={"choices": ("DEBUG", "INFO", "WARNING", "ERROR")}
    )
    log_format: str = field(default="text", metadata={"choices": ("text", "json")})


@dataclass(frozen=True, slots=True)
class DatabaseSection:
    path: str = "news-digest.db"
    busy_timeout_ms: int = field(default=5000, metadata=_limits(0, 600_000))
    retention_days: int = field(default=30, metadata=_limits(1, 3650))


@dataclass(frozen=True, slots=True)
class FetchSection:
    poll_interval_s: float = field(default=900.0, metadata=_limits(60, 7 * 86400))
    jitter_s: float = field(default=60.0, metadata=_limits(0, 3600))
    connect_timeout_s: float = field(default=10.0, metadata=_limits(0.01, 300))
    total_timeout_s: float = field(default=30.0, metadata=_limits(0.01, 600))
    max_body_bytes: int = field(default=5 * 1024 * 1024, metadata=_limits(1024, 100 * 1024 * 1024))
    max_redirects: int = field(default=5, metadata=_limits(0, 20))
    per_host_limit: int = field(default=2, metadata=_limits(1, 50))
    global_limit: int = field(default=20, metadata=_limits(1, 500))
    user_agent: str = "news-digest-bot/0.2 (+https://github.com/news-digest-bot/news-digest-bot)"
    allow_private_addresses: bool = False
    max_backoff_s: float = field(default=86400.0, metadata=_limits(60, 30 * 86400))
    gone_pause_after_s: float = field(default=7 * 86400.0, metadata=_limits(0, 365 * 86400))
    max_entries_per_feed: int = field(default=1000, metadata=_limits(1, 100_000))
    parse_workers: int = field(default=2, metadata=_limits(0, 16))


@dataclass(frozen=True, slots=True)
class StoriesSection:
    window_h: float = field(default=72.0, metadata=_limits(1, 24 * 30))
    merge_log_odds: float = field(default=1.5, metadata=_limits(0.0, 8.0))
    min_headline_tokens: int = field(default=4, metadata=_limits(1, 50))
    max_candidates: int = field(default=50, metadata=_limits(1, 1000))


@dataclass(frozen=True, slots=True)
class DigestSection:
    max_age_h: float = field(default=48.0, metadata=_limits(1, 24 * 30))
    per_topic: int = field(default=10, metadata=_limits(1, 100))
    total: int = field(default=30, metadata=_limits(1, 300))
    per_outlet_per_topic: int = field(default=3, metadata=_limits(1, 100))
    send_empty: bool = False
    default_schedule: str = "08:00"
    misfire_grace_s: float = field(default=3600.0, metadata=_limits(0, 86400))


@dataclass(frozen=True, slots=True)
class DiscordSection:
    max_concurrency: int = field(default=8, metadata=_limits(1, 50))
    sync_guild_id: str = ""


@dataclass(frozen=True, slots=True)
class SlackSection:
    mode: str = field(default="socket", metadata={"choices": ("socket", "http")})
    http_host: str = "127.0.0.1"
    http_port: int = field(default=3000, metadata=_limits(1, 65535))
    admin_user_ids: tuple[str, ...] = ()
    api_url: str = "https://slack.com/api/"


@dataclass(frozen=True, slots=True)
class MetricsSection:
    enabled: bool = False
    host: str = "127.0.0.1"
    port: int = field(default=9464, metadata=_limits(1, 65535))


@dataclass(frozen=True, slots=True)
class FeedEntry:
    url: str
    name: str = ""


@dataclass(frozen=True, slots=True)
class TopicEntry:
    name: str
    query: str
    description: str = ""


@dataclass(frozen=True, slots=True)
class ChannelEntry:
    id: str
    topics: tuple[str, ...] = ()
    schedule: str = ""
    timezone: str = ""


@dataclass(frozen=True, slots=True)
class Secrets:
    """Tokens from the environment; ``repr`` never shows a value."""

    discord_token: str | None = field(default=None, repr=False)
    slack_bot_token: str | None = field(default=None, repr=False)
    slack_app_token: str | None = field(default=None, repr=False)
    slack_signing_secret: str | None = field(default=None, repr=False)

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> Secrets:
        values = {name.lower(): (env.get(name) or "").strip() or None for name in SECRET_ENV}
        return cls(**values)


@dataclass(frozen=True, slots=True)
class Config:
    bot: BotSection = BotSection()
    database: DatabaseSection = DatabaseSection()
    fetch: FetchSection = FetchSection()
    stories: StoriesSection = StoriesSection()
    digest: DigestSection = DigestSection()
    discord: DiscordSection = DiscordSection()
    slack: SlackSection = SlackSection()
    metrics: MetricsSection = MetricsSection()
    feeds: tuple[FeedEntry, ...] = ()
    topics: tuple[TopicEntry, ...] = ()
    channels: tuple[ChannelEntry, ...] = ()
    secrets: Secrets = field(default=Secrets(), repr=False)
    source: str = "built-in defaults"

    def with_database(self, path: str) -> Config:
        return dataclasses.replace(self, database=dataclasses.replace(self.database, path=path))


_SECTIONS: dict[str, type[Any]] = {
    "bot": BotSection,
    "database": DatabaseSection,
    "fetch": FetchSection,
    "stories": StoriesSection,
    "digest": DigestSection,
    "discord": DiscordSection,
    "slack": SlackSection,
    "metrics": MetricsSection,
}
_ARRAYS: dict[str, type[Any]] = {"feeds": FeedEntry, "topics": TopicEntry, "channels": ChannelEntry}


def _describe(value: object) -> str:
    return repr(value) if isinstance(value, str) else f"{value!r} ({type(value).__name__})"


def _check_value(key: str, hint: Any, value: object, meta: Mapping[str, Any]) -> object:
    if hint is bool:
        if not isinstance(value, bool):
            raise ConfigError(f"{key}: expected true or false, got {_describe(value)}")
        return value
    if hint is int or hint is float:
        ok = isinstance(value, int) if hint is int else isinstance(value, int | float)
        if isinstance(value, bool) or not ok:
            kind = "a whole number" if hint is int else "a number"
            raise ConfigError(f"{key}: expected {kind}, got {_describe(value)}")
        assert isinstance(value, int | float)  # noqa: S101 - narrowed by the check above
        if not math.isfinite(value):  # nan compares false with every bound, so say it here
            raise ConfigError(f"{key}: expected a finite number, got {value}")
        lo, hi = meta.get("min"), meta.get("max")
        if (lo is not None and value < lo) or (hi is not None and value > hi):
            raise ConfigError(f"{key}: expected a value between {lo} and {hi}, got {value}")
        return float(value) if hint is float else value
    if hint is str:
        if not isinstance(value, str):
            raise ConfigError(f"{key}: expected a string, got {_describe(value)}")
        choices = meta.get("choices")
        if choices and value not in choices:
            raise ConfigError(f"{key}: expected one of {', '.join(choices)}, got {value!r}")
        return value
    if get_origin(hint) is tuple and get_args(hint)[0] is str:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ConfigError(f"{key}: expected a list of strings, got {_describe(value)}")
        return tuple(value)
    raise TypeError(f"unsupported config field type {hint!r} for {key}")  # a bug in this module


def _build(cls: type[Any], table: object, path: str) -> Any:
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: expected a table, got {_describe(table)}")
    hints = get_type_hints(cls)
    fields = {f.name: f for f in dataclasses.fields(cls)}
    for key in table:
        if key not in fields:
            if _SECRET_KEY.search(key.lower()):
                raise ConfigError(
                    f"{path}.{key}: secrets are read only from the environment "
                    f"({', '.join(SECRET_ENV)}); remove it from the config file"
                )
            known = ", ".join(fields)
            raise ConfigError(f"{path}.{key}: unknown key (known keys: {known})")
    values: dict[str, object] = {}
    for name, f in fields.items():
        if name in table:
            values[name] = _check_value(f"{path}.{name}", hints[name], table[name], f.metadata)
        elif f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
            raise ConfigError(f"{path}.{name}: required key is missing")
    return cls(**values)


def _reject_secrets(data: Mapping[str, object], path: str = "") -> None:
    for key, value in data.items():
        here = f"{path}.{key}" if path else key
        if _SECRET_KEY.search(key.lower()):
            raise ConfigError(
                f"{here}: secrets are read only from the environment "
                f"({', '.join(SECRET_ENV)}); remove it from the config file"
            )
        if isinstance(value, dict):
            _reject_secrets(value, here)


def parse_config(data: Mapping[str, object], env: Mapping[str, str], source: str) -> Config:
    """Validate an already-decoded TOML document."""
    _reject_secrets(data)
    values: dict[str, object] = {}
    for key, value in data.items():
        if key in _SECTIONS:
            values[key] = _build(_SECTIONS[key], value, key)
        elif key in _ARRAYS:
            if not isinstance(value, list):
                raise ConfigError(f"{key}: expected an array of tables ([[{key}]]), got a table")
            values[key] = tuple(
                _build(_ARRAYS[key], entry, f"{key}[{i}]") for i, entry in enumerate(value)
            )
        else:
            known = ", ".join([*_SECTIONS, *_ARRAYS])
            raise ConfigError(f"{key}: unknown section (known sections: {known})")
    config = Config(**values, secrets=Secrets.from_env(env), source=source)  # type: ignore[arg-type]
    _check_references(config)
    return config


def _check_references(config: Config) -> None:
    seen: set[str] = set()
    for i, feed in enumerate(config.feeds):
        if not feed.url.startswith(("http://", "https://")):
            raise ConfigError(
                f"feeds[{i}].url: expected an http:// or https:// URL, got {feed.url!r}"
            )
        if feed.url in seen:
            raise ConfigError(f"feeds[{i}].url: duplicate feed {feed.url!r}")
        seen.add(feed.url)
    names = [t.name for t in config.topics]
    for i, name in enumerate(names):
        if names.index(name) != i:
            raise ConfigError(f"topics[{i}].name: duplicate topic {name!r}")


def load_config(path: Path | None, env: Mapping[str, str] | None = None) -> Config:
    """Read ``path`` (or the built-in defaults when ``path`` is None) and the secrets in ``env``."""
    env = os.environ if env is None else env
    if path is None:
        return parse_config({}, env, "built-in defaults")
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ConfigError(f"{path}: config file not found") from None
    except OSError as e:
        raise ConfigError(f"{path}: cannot read config file: {e.strerror}") from e
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as e:
        raise ConfigError(f"{path}: not UTF-8 text at byte {e.start}") from e
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{path}: invalid TOML: {e}") from e
    except RecursionError as e:  # tomllib recurses into nested arrays and inline tables
        raise ConfigError(f"{path}: invalid TOML: arrays or tables are nested too deeply") from e
    return parse_config(data, env, str(path))


def config_fields() -> dict[str, tuple[str, ...]]:
    """Every documented key, by section: used by the test that checks config.example.toml."""
    out: dict[str, tuple[str, ...]] = {}
    for name, cls in [*_SECTIONS.items(), *_ARRAYS.items()]:
        out[name] = tuple(f.name for f in dataclasses.fields(cls))
    return out
