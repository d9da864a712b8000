"""Poll policy: table-driven edge cases and hypothesis properties over pure time arithmetic."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.core import policy
from bot.core.policy import (
    backoff,
    next_poll_at,
    parse_cache_max_age,
    parse_retry_after,
    should_pause,
)

NOW = datetime(2026, 11, 25, 9, 30, tzinfo=UTC)
MIN = timedelta(minutes=1)
HOUR = timedelta(hours=1)


@pytest.mark.parametrize(
    ("failures", "base", "cap", "expected"),
    [
        (0, 10 * MIN, 24 * HOUR, 10 * MIN),
        (-3, 10 * MIN, 24 * HOUR, 10 * MIN),
        (1, 10 * MIN, 24 * HOUR, 10 * MIN),
        (2, 10 * MIN, 24 * HOUR, 20 * MIN),
        (4, 10 * MIN, 24 * HOUR, 80 * MIN),
        (8, 10 * MIN, 24 * HOUR, 1280 * MIN),
        (9, 10 * MIN, 24 * HOUR, 24 * HOUR),
        (64, 10 * MIN, 24 * HOUR, 24 * HOUR),
        (10**6, 10 * MIN, 24 * HOUR, 24 * HOUR),
        (1, 2 * HOUR, HOUR, HOUR),
        (3, 30 * MIN, 2 * HOUR, 2 * HOUR),
    ],
    ids=[
        "zero-failures-is-base",
        "negative-is-base",
        "first-failure-is-base",
        "second-doubles",
        "fourth-is-8x",
        "eighth-is-128x",
        "capped",
        "huge-exponent-capped",
        "absurd-count-capped",
        "base-above-cap-gives-cap",
        "exactly-cap",
    ],
)
def test_backoff(failures, base, cap, expected):
    assert backoff(failures, base=base, cap=cap) == expected


def test_backoff_default_cap_is_a_day():
    assert backoff(50, base=MIN) == timedelta(hours=24)


@pytest.mark.parametrize("base", [timedelta(0), -MIN], ids=["zero", "negative"])
def test_backoff_rejects_non_positive_base(base):
    with pytest.raises(ValueError, match="positive"):
        backoff(1, base=base)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, None),
        ("", None),
        ("   ", None),
        ("120", timedelta(seconds=120)),
        (" 0 ", timedelta(0)),
        ("-5", None),
        ("1.5", None),
        ("soon", None),
        ("١٢٣", None),
        ("99999999999999999999", policy.MAX_RETRY_AFTER),
        ("864000", policy.MAX_RETRY_AFTER),
        ("Wed, 25 Nov 2026 09:32:00 GMT", timedelta(minutes=2)),
        ("Wed, 25 Nov 2026 09:32:00 -0000", timedelta(minutes=2)),
        ("Wed, 25 Nov 2026 10:32:00 +0100", timedelta(minutes=2)),
        ("Wed, 25 Nov 2026 09:00:00 GMT", timedelta(0)),
        ("Wed, 25 Nov 2099 09:00:00 GMT", policy.MAX_RETRY_AFTER),
        ("Wed, 45 Nov 2026 09:00:00 GMT", None),
    ],
    ids=[
        "absent",
        "empty",
        "blank",
        "seconds",
        "zero-with-spaces",
        "negative",
        "fraction",
        "word",
        "non-ascii-digits",
        "overflowing-number-capped",
        "ten-days-capped",
        "http-date",
        "http-date-minus-zero-zone",
        "http-date-other-zone",
        "date-in-past-is-zero",
        "far-future-capped",
        "impossible-date",
    ],
)
def test_parse_retry_after(value, expected):
    assert parse_retry_after(value, NOW) == expected


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (None, None),
        ("", None),
        ("max-age=300", timedelta(seconds=300)),
        ("public, MAX-AGE=600", timedelta(seconds=600)),
        ('max-age="60"', timedelta(seconds=60)),
        ("max-age=0", timedelta(0)),
        ("max-age=300, s-maxage=900", timedelta(seconds=900)),
        ("s-maxage=x, max-age=30", timedelta(seconds=30)),
        ("max-age=-1", None),
        ("max-age=abc", None),
        ("max-age", None),
        ("no-store, max-age=300", None),
        ("no-cache, max-age=300", None),
        ("private", None),
        ("max-age=99999999999999999999", timedelta(seconds=10**9)),
    ],
    ids=[
        "absent",
        "empty",
        "max-age",
        "case-insensitive",
        "quoted",
        "zero",
        "s-maxage-wins",
        "bad-s-maxage-falls-back",
        "negative",
        "garbage",
        "no-value",
        "no-store",
        "no-cache",
        "no-hint",
        "overflow-clamped",
    ],
)
def test_parse_cache_max_age(header, expected):
    assert parse_cache_max_age(header) == expected


BASE = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({}, BASE + 30 * MIN),
        ({"max_age": 10 * MIN}, BASE + 30 * MIN),
        ({"max_age": 2 * HOUR}, BASE + 2 * HOUR),
        ({"max_age": timedelta(days=365)}, BASE + 24 * HOUR),
        ({"ttl_minutes": 90}, BASE + 90 * MIN),
        ({"ttl_minutes": 0}, BASE + 30 * MIN),
        ({"ttl_minutes": -5}, BASE + 30 * MIN),
        ({"ttl_minutes": 10**12}, BASE + 24 * HOUR),
        ({"retry_after": 3 * HOUR}, BASE + 3 * HOUR),
        ({"retry_after": timedelta(days=30)}, BASE + timedelta(days=7)),
        ({"retry_after": MIN}, BASE + 30 * MIN),
        ({"failures": 1}, BASE + 30 * MIN),
        ({"failures": 3}, BASE + 2 * HOUR),
        ({"failures": 30}, BASE + 24 * HOUR),
        ({"failures": 30, "backoff_cap": 6 * HOUR}, BASE + 6 * HOUR),
        ({"failures": 2, "retry_after": 5 * HOUR}, BASE + 5 * HOUR),
        ({"skip_hours": frozenset({9})}, BASE + HOUR),
        ({"skip_hours": frozenset({9, 10, 11})}, BASE + 3 * HOUR),
        ({"skip_hours": frozenset({22, 23, 0})}, BASE + 30 * MIN),
        ({"skip_hours": frozenset(range(24))}, BASE + 30 * MIN),
        ({"skip_hours": frozenset({9, 24, -1, 99})}, BASE + HOUR),
        ({"skip_hours": frozenset(range(9, 24)) | {0}}, datetime(2026, 11, 26, 1, tzinfo=UTC)),
    ],
    ids=[
        "interval-only",
        "short-max-age-ignored",
        "max-age-pushes-out",
        "max-age-clamped-to-a-day",
        "ttl-pushes-out",
        "ttl-zero-ignored",
        "ttl-negative-ignored",
        "ttl-absurd-clamped",
        "retry-after-pushes-out",
        "retry-after-clamped-to-week",
        "short-retry-after-never-pulls-earlier",
        "first-failure-is-interval",
        "third-failure-is-4x",
        "backoff-capped",
        "backoff-custom-cap",
        "retry-after-beats-backoff",
        "skip-hour-moves-to-next-hour",
        "skip-run-of-hours",
        "skip-hours-elsewhere",
        "all-hours-skipped-ignored",
        "out-of-range-hours-ignored",
        "skip-wraps-past-midnight",
    ],
)
def test_next_poll_at(kwargs, expected):
    # 09:00 + 30 min lands at 09:30, inside hour 9.
    assert next_poll_at(BASE, interval=30 * MIN, **kwargs) == expected


def test_next_poll_at_returns_utc_for_other_zones():
    from zoneinfo import ZoneInfo

    local = datetime(2026, 11, 25, 10, 0, tzinfo=ZoneInfo("Europe/Berlin"))
    result = next_poll_at(local, interval=HOUR, skip_hours=frozenset({10}))
    assert result == datetime(2026, 11, 25, 11, 0, tzinfo=UTC)
    assert result.tzinfo is UTC


@pytest.mark.parametrize(
    ("now", "interval", "message"),
    [
        (datetime(2026, 1, 1), HOUR, "aware"),  # noqa: DTZ001 - the naive value under test
        (NOW, timedelta(0), "positive"),
    ],
    ids=["naive-now", "zero-interval"],
)
def test_next_poll_at_rejects(now, interval, message):
    with pytest.raises(ValueError, match=message):
        next_poll_at(now, interval=interval)


@pytest.mark.parametrize(
    ("kind", "since", "expected"),
    [
        ("http_404", NOW - timedelta(days=7), True),
        ("http_410", NOW - timedelta(days=8), True),
        ("http_404", NOW - timedelta(days=6, hours=23), False),
        ("http_404", None, False),
        ("http_500", NOW - timedelta(days=30), False),
        ("timeout", NOW - timedelta(days=30), False),
        (None, NOW - timedelta(days=30), False),
    ],
    ids=[
        "404-for-a-week",
        "410-for-longer",
        "404-not-yet",
        "never-failing",
        "server-error-never-pauses",
        "timeout-never-pauses",
        "no-error",
    ],
)
def test_should_pause(kind, since, expected):
    assert should_pause(kind, since, NOW) is expected


def test_should_pause_custom_window():
    assert should_pause("http_410", NOW - HOUR, NOW, gone_after=HOUR)


# --- properties --------------------------------------------------------------------------------

durations = st.timedeltas(min_value=timedelta(seconds=1), max_value=timedelta(days=3))
aware_times = st.datetimes(
    min_value=datetime(2000, 1, 1),  # noqa: DTZ001 - hypothesis bounds are naive by contract
    max_value=datetime(2100, 1, 1),  # noqa: DTZ001 - same
    timezones=st.just(UTC),
)


@given(failures=st.integers(-5, 200), base=durations, cap=durations)
def test_backoff_monotone_and_capped(failures, base, cap):
    now_delay = backoff(failures, base=base, cap=cap)
    assert now_delay <= cap
    assert now_delay >= min(base, cap)
    assert backoff(failures + 1, base=base, cap=cap) >= now_delay


@given(
    now=aware_times,
    interval=durations,
    max_age=st.none() | st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=400)),
    ttl=st.none() | st.integers(-10, 10**7),
    skip=st.frozensets(st.integers(0, 23)),
    retry_after=st.none() | st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=30)),
    failures=st.integers(0, 100),
)
def test_next_poll_at_properties(now, interval, max_age, ttl, skip, retry_after, failures):
    when = next_poll_at(
        now,
        interval=interval,
        max_age=max_age,
        ttl_minutes=ttl,
        skip_hours=skip,
        retry_after=retry_after,
        failures=failures,
    )
    assert when >= now + min(interval, policy.DEFAULT_BACKOFF_CAP)
    assert when.tzinfo is UTC
    if len(skip) < 24:
        assert when.hour not in skip
    # Hints are clamped: nothing waits longer than a week plus a day of skipped hours.
    assert when <= now + max(interval, policy.MAX_RETRY_AFTER) + timedelta(days=1)


HEALTH_NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


M = timedelta(minutes=1)


@pytest.mark.parametrize(
    ("heartbeat", "poll", "started", "problems"),
    [
        (30 * M / 60, 10 * M, None, []),
        (None, None, None, ["no heartbeat: the bot is not running"]),
        (5 * M, 10 * M, None, ["heartbeat is 300 s old"]),
        (M / 12, 50 * M, None, ["last poll was 3000 s ago"]),
        (M / 12, None, None, []),
        (M / 12, None, 20 * M, []),
        (M / 12, None, 46 * M, ["no poll has completed since the bot started 2760 s ago"]),
        (M / 12, 60 * M, 50 * M, ["no poll has completed since the bot started 3000 s ago"]),
        (M / 12, 40 * M, 50 * M, []),
    ],
    ids=[
        "healthy",
        "never-ran",
        "stale-heartbeat",
        "stale-poll",
        "not-polled-yet",
        "started-recently",
        "never-polled-since-start",
        "only-a-previous-run-polled",
        "polled-since-start",
    ],
)
def test_health_problems(heartbeat, poll, started, problems) -> None:
    got = policy.health_problems(
        HEALTH_NOW,
        heartbeat_at=None if heartbeat is None else HEALTH_NOW - heartbeat,
        last_poll_at=None if poll is None else HEALTH_NOW - poll,
        poll_interval=timedelta(minutes=15),
        started_at=None if started is None else HEALTH_NOW - started,
    )
    assert got == problems


@pytest.mark.parametrize(
    ("since", "due"),
    [(None, False), (timedelta(hours=23), False), (timedelta(hours=24), True)],
    ids=["ok", "not-yet", "a-day"],
)
def test_feed_alert_due(since, due) -> None:
    at = None if since is None else HEALTH_NOW - since
    assert policy.feed_alert_due(at, HEALTH_NOW) is due
