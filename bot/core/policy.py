"""When to poll a feed next: pure time arithmetic, ``now`` always passed in.

The shell (``ingest``) feeds this module what the last fetch said (Cache-Control, RSS ``<ttl>`` and
``<skipHours>``, Retry-After, the number of consecutive failures) and stores the answer as
``next_fetch_at``. Every hint a feed gives can only push the next poll *later* than the configured
interval, never earlier, and every hint is clamped so a hostile or broken feed can neither hammer us
nor silence itself for a year. Keeping this free of I/O and clocks makes the edge cases (DST-free
UTC hours, all 24 hours skipped, absurd headers) table-testable.
"""

from __future__ import annotations

import email.utils
from datetime import UTC, datetime, timedelta

DEFAULT_BACKOFF_CAP = timedelta(hours=24)
MAX_CACHE_HINT = timedelta(hours=24)  # cap for max-age and <ttl>: a feed can't silence itself
MAX_RETRY_AFTER = timedelta(days=7)  # cap for Retry-After (RFC 9110 §10.2.3 sets none)
GONE_AFTER = timedelta(days=7)  # a feed answering 404/410 this long is paused
GONE_KINDS = frozenset({"http_404", "http_410"})
_MAX_HEADER_SECONDS = 10**9  # larger numbers are clamped before building a timedelta
_HOURS_PER_DAY = 24


def backoff(failures: int, *, base: timedelta, cap: timedelta = DEFAULT_BACKOFF_CAP) -> timedelta:
    """Delay after ``failures`` consecutive failures: ``base * 2**(failures-1)``, at most ``cap``.

    ``failures <= 1`` gives ``base`` (still capped), so the result never decreases as failures
    grow. ``base`` must be positive.
    """
    if base <= timedelta(0):
        raise ValueError(f"backoff base must be positive, got {base}")
    exponent = max(failures - 1, 0)
    if exponent >= 64 or base.total_seconds() * 2.0**exponent >= cap.total_seconds():
        return cap
    return base * (1 << exponent)


def parse_retry_after(value: str | None, now: datetime) -> timedelta | None:
    """Parse a Retry-After header (delta-seconds or HTTP-date) into a delay from ``now``.

    Garbage and negative numbers give None; a date in the past gives zero; anything longer than
    ``MAX_RETRY_AFTER`` is clamped to it.
    """
    if value is None:
        return None
    text = value.strip()
    if not text:
        return None
    if text.isascii() and text.isdigit():
        return min(timedelta(seconds=min(int(text), _MAX_HEADER_SECONDS)), MAX_RETRY_AFTER)
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:  # "-0000" zones parse naive; HTTP dates are GMT
        when = when.replace(tzinfo=UTC)
    return min(max(when - now, timedelta(0)), MAX_RETRY_AFTER)


def parse_cache_max_age(cache_control: str | None) -> timedelta | None:
    """The freshness lifetime a Cache-Control header grants, or None.

    ``s-maxage`` wins over ``max-age`` (the bot is a cache shared by many channels);
    ``no-store`` and ``no-cache`` mean "no hint". Malformed or negative values are ignored.
    """
    if not cache_control:
        return None
    directives: dict[str, str | None] = {}
    for part in cache_control.split(","):
        name, sep, raw = part.partition("=")
        directives[name.strip().lower()] = raw.strip().strip('"') if sep else None
    if "no-store" in directives or "no-cache" in directives:
        return None
    for name in ("s-maxage", "max-age"):
        seconds = directives.get(name)
        if seconds is not None and seconds.isascii() and seconds.isdigit():
            return timedelta(seconds=min(int(seconds), _MAX_HEADER_SECONDS))
    return None


def next_poll_at(
    now: datetime,
    *,
    interval: timedelta,
    max_age: timedelta | None = None,
    ttl_minutes: int | None = None,
    skip_hours: frozenset[int] = frozenset(),
    retry_after: timedelta | None = None,
    failures: int = 0,
    backoff_cap: timedelta = DEFAULT_BACKOFF_CAP,
) -> datetime:
    """The aware-UTC time to poll a feed next.

    The base delay is ``interval`` or, after ``failures`` consecutive failures, ``backoff()``.
    Cache-Control ``max_age`` and RSS ``ttl_minutes`` (each clamped to ``MAX_CACHE_HINT``) and
    ``retry_after`` (clamped to ``MAX_RETRY_AFTER``) can only push it later. The result is then
    moved out of any ``skip_hours`` (UTC hours 0-23) to the start of the first hour not skipped,
    unless every hour is skipped, which is treated as no skipping at all.
    """
    if now.tzinfo is None:
        raise ValueError("next_poll_at needs an aware datetime")
    if interval <= timedelta(0):
        raise ValueError(f"poll interval must be positive, got {interval}")
    delay = backoff(failures, base=interval, cap=backoff_cap) if failures > 0 else interval
    hints: list[timedelta] = []
    if max_age is not None:
        hints.append(min(max_age, MAX_CACHE_HINT))
    if ttl_minutes is not None and ttl_minutes > 0:
        hints.append(min(timedelta(minutes=min(ttl_minutes, _MAX_HEADER_SECONDS)), MAX_CACHE_HINT))
    if retry_after is not None:
        hints.append(min(retry_after, MAX_RETRY_AFTER))
    delay = max([delay, *hints])
    when = (now + delay).astimezone(UTC)
    skipped = {hour for hour in skip_hours if 0 <= hour < _HOURS_PER_DAY}
    if len(skipped) == _HOURS_PER_DAY:
        return when
    while when.hour in skipped:
        when = when.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
    return when


def should_pause(
    error_kind: str | None,
    failing_since_at: datetime | None,
    now: datetime,
    gone_after: timedelta = GONE_AFTER,
) -> bool:
    """True when a feed that answers 404/410 has been failing for at least ``gone_after``.

    ``failing_since_at`` is when the current run of failures began; the caller resets it on any
    success, so "continuously" means no success in between.
    """
    if error_kind not in GONE_KINDS or failing_since_at is None:
        return False
    return now - failing_since_at >= gone_after


HEARTBEAT_STALE_AFTER = timedelta(minutes=2)
POLL_STALE_INTERVALS = 3
FEED_ALERT_AFTER = timedelta(hours=24)


def health_problems(
    now: datetime,
    *,
    heartbeat_at: datetime | None,
    last_poll_at: datetime | None,
    poll_interval: timedelta,
    started_at: datetime | None = None,
) -> list[str]:
    """Why the running bot is unhealthy (empty: healthy).

    The heartbeat proves the event loop still runs; the last completed poll proves the scheduler
    still fires and polls succeed. A poll may take a while, so it is stale only after three poll
    intervals; a bot that has not completed one poll in three intervals since it started
    (``started_at``) is unhealthy too (issue 13).
    """
    problems: list[str] = []
    if heartbeat_at is None:
        problems.append("no heartbeat: the bot is not running")
    elif now - heartbeat_at > HEARTBEAT_STALE_AFTER:
        problems.append(f"heartbeat is {int((now - heartbeat_at).total_seconds())} s old")
    limit = poll_interval * POLL_STALE_INTERVALS
    if last_poll_at is not None and (started_at is None or last_poll_at >= started_at):
        if now - last_poll_at > limit:
            problems.append(f"last poll was {int((now - last_poll_at).total_seconds())} s ago")
    elif started_at is not None and now - started_at > limit:
        problems.append(
            f"no poll has completed since the bot started "
            f"{int((now - started_at).total_seconds())} s ago"
        )
    return problems


def feed_alert_due(failing_since_at: datetime | None, now: datetime) -> bool:
    """A feed failing for a day is worth telling the channels that read it (once per episode)."""
    return failing_since_at is not None and now - failing_since_at >= FEED_ALERT_AFTER
