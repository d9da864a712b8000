"""Schedules as people write them, and slot arithmetic across DST in several zones (issue #6)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.cadence import (
    ALL_DAYS,
    Schedule,
    last_slot_at_or_before,
    next_slot_after,
    parse_schedule,
    parse_zone,
    resolve_local,
    schedule_period,
    slot_key,
    split_zone,
)
from bot.errors import UserError

NY = "America/New_York"
BERLIN = "Europe/Berlin"
SEOUL = "Asia/Seoul"
WEEKDAYS = frozenset(range(5))
EXAMPLE = '"08:00 mon-fri Asia/Seoul"'
FALLBACK = "Asia/Seoul or America/New_York"
BAD_TIME = "is not a time of day; write it like 08:00 or 18:30, e.g. " + EXAMPLE


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def sched(times: str, days: frozenset[int] = ALL_DAYS, zone: str | None = None) -> Schedule:
    parsed = tuple(time.fromisoformat(t) for t in times.split(","))
    return Schedule(parsed, days, zone)


PARSE_CASES = [
    ("08:00", sched("08:00")),
    ("8am", sched("08:00")),
    ("18:30", sched("18:30")),
    ("08:00 mon-fri", sched("08:00", WEEKDAYS)),
    ("07:30,18:00 Asia/Seoul", sched("07:30,18:00", zone=SEOUL)),
    ("weekly mon 09:00", sched("09:00", frozenset({0}))),
    ("mon,wed,fri 07:00", sched("07:00", frozenset({0, 2, 4}))),
    ("daily 08:00", sched("08:00")),
    ("weekdays 08:00", sched("08:00", WEEKDAYS)),
    ("weekends 10:00", sched("10:00", frozenset({5, 6}))),
    ("sat-sun 10:00", sched("10:00", frozenset({5, 6}))),
    ("  8 PM  Mon-Fri  asia/seoul ", sched("20:00", WEEKDAYS, SEOUL)),
    ("12am, 12pm, 12:30pm", sched("00:00,12:00,12:30")),
    ("18:00 08:00 08:00", sched("08:00,18:00")),
    ("every monday at 9:05", sched("09:05", frozenset({0}))),
    ("fri-mon 06:00", sched("06:00", frozenset({4, 5, 6, 0}))),
    ("tues thurs 06:00", sched("06:00", frozenset({1, 3}))),
    ("08:00 UTC utc", sched("08:00", zone="UTC")),
    ("weekdays weekends 08:00", sched("08:00")),
]


@pytest.mark.parametrize(("text", "expected"), PARSE_CASES, ids=[c[0] for c in PARSE_CASES])
def test_parse_schedule(text: str, expected: Schedule) -> None:
    assert parse_schedule(text) == expected
    assert parse_schedule(str(expected)) == expected


ERROR_CASES = [
    ("hour 25", "25:00", f"'25:00' {BAD_TIME}"),
    ("minute 60", "08:60", f"'08:60' {BAD_TIME}"),
    ("13pm", "13pm mon", f"'13pm' {BAD_TIME}"),
    ("0am", "0am", f"'0am' {BAD_TIME}"),
    ("minute 61 pm", "8:61pm", f"'8:61pm' {BAD_TIME}"),
    ("no colon", "0800", f"'0800' {BAD_TIME}"),
    ("empty", "  ", f"the schedule is empty; write one or more times and days, e.g. {EXAMPLE}"),
    ("no time", "mon-fri", f"the schedule has no time of day; add one like 08:00, e.g. {EXAMPLE}"),
    ("weekly no day", "weekly 09:00", '"weekly" needs a day; name it, e.g. "weekly mon 09:00"'),
    (
        "bad range",
        "mon-xyz 08:00",
        f"'mon-xyz' is not a range of days; write it like mon-fri or sat-sun, e.g. {EXAMPLE}",
    ),
    (
        "typo day",
        "mno 08:00",
        f"'mno' is not a time, a day or a time zone (did you mean 'mon'?); e.g. {EXAMPLE}",
    ),
    (
        "city without region",
        "08:00 Seoul",
        f"'Seoul' is not a time, a day or a time zone (did you mean 'Asia/Seoul'?); e.g. {EXAMPLE}",
    ),
    ("gibberish", "08:00 qqqq", f"'qqqq' is not a time, a day or a time zone; e.g. {EXAMPLE}"),
    (
        "a pasted paragraph",
        "08:00 " + "q" * 5000,
        f"'{'q' * 39}…' is not a time, a day or a time zone; e.g. {EXAMPLE}",
    ),
    (
        "unknown zone",
        "08:00 Asia/Seol",
        "unknown time zone 'Asia/Seol'; use an IANA name such as Asia/Seoul",
    ),
    (
        "two zones",
        "08:00 UTC Asia/Seoul",
        f"the schedule names two time zones (UTC and Asia/Seoul); give at most one, e.g. {EXAMPLE}",
    ),
    (
        "25 times",
        ",".join(f"{h:02d}:00" for h in range(24)) + ",00:30",
        f"the schedule has 25 times a day; at most 24 are allowed, e.g. {EXAMPLE}",
    ),
]


@pytest.mark.parametrize(
    ("text", "message"), [c[1:] for c in ERROR_CASES], ids=[c[0] for c in ERROR_CASES]
)
def test_parse_schedule_errors(text: str, message: str) -> None:
    with pytest.raises(UserError) as caught:
        parse_schedule(text)
    assert str(caught.value) == message


def test_twenty_four_times_a_day_are_allowed() -> None:
    schedule = parse_schedule(",".join(f"{h}:00" for h in range(24)))
    assert len(schedule.times) == 24


STR_CASES = [
    (sched("08:00"), "08:00"),
    (sched("07:30,18:00", zone=SEOUL), "07:30,18:00 Asia/Seoul"),
    (sched("08:00", WEEKDAYS), "08:00 mon-fri"),
    (sched("08:00", frozenset({0, 2, 4})), "08:00 mon,wed,fri"),
    (sched("08:00", frozenset({0, 1, 3, 4, 5})), "08:00 mon,tue,thu-sat"),
    (sched("08:00", frozenset({5, 6})), "08:00 sat,sun"),
]


@pytest.mark.parametrize(("schedule", "text"), STR_CASES, ids=[c[1] for c in STR_CASES])
def test_schedule_str(schedule: Schedule, text: str) -> None:
    assert str(schedule) == text


BAD_RECORDS = [
    ("no times", (), ALL_DAYS),
    ("unsorted", (time(9), time(8)), ALL_DAYS),
    ("duplicate", (time(8), time(8)), ALL_DAYS),
    ("no days", (time(8),), frozenset()),
    ("day 7", (time(8),), frozenset({7})),
]


@pytest.mark.parametrize(
    ("times", "days"), [c[1:] for c in BAD_RECORDS], ids=[c[0] for c in BAD_RECORDS]
)
def test_schedule_record_rejects_bad_values(times: tuple[time, ...], days: frozenset[int]) -> None:
    with pytest.raises(ValueError, match="must be"):
        Schedule(times, days)


ZONE_CASES = [
    ("exact", "Asia/Seoul", "Asia/Seoul"),
    ("lower case", "asia/seoul", "Asia/Seoul"),
    ("padded", "  Europe/Berlin ", "Europe/Berlin"),
    ("utc", "utc", "UTC"),
]


@pytest.mark.parametrize(
    ("name", "key"), [c[1:] for c in ZONE_CASES], ids=[c[0] for c in ZONE_CASES]
)
def test_parse_zone(name: str, key: str) -> None:
    assert parse_zone(name).key == key


ZONE_ERRORS = [
    (
        "typo",
        "Asia/Seol",
        "unknown time zone 'Asia/Seol'; use an IANA name such as Asia/Seoul",
    ),
    (
        "nothing close",
        "Mars/Olympus",
        "unknown time zone 'Mars/Olympus'; use an IANA name such as Asia/Seoul or America/New_York",
    ),
    (
        "directory",
        "Asia",
        "unknown time zone 'Asia'; use an IANA name such as Asia/Seoul or America/New_York",
    ),
    (
        "too long to be a zone",
        "Europe/" + "x" * 3000,
        "unknown time zone 'Europe/xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…'; use an IANA name such as "
        "Asia/Seoul or America/New_York",
    ),
    (
        "system file",
        "localtime",
        "unknown time zone 'localtime'; use an IANA name such as Asia/Seoul or America/New_York",
    ),
    (
        "posix tree",
        "posix/Asia/Seoul",
        f"unknown time zone 'posix/Asia/Seoul'; use an IANA name such as {FALLBACK}",
    ),
    (
        "path",
        "../etc/passwd",
        f"unknown time zone '../etc/passwd'; use an IANA name such as {FALLBACK}",
    ),
]


@pytest.mark.parametrize(
    ("name", "message"), [c[1:] for c in ZONE_ERRORS], ids=[c[0] for c in ZONE_ERRORS]
)
def test_parse_zone_errors(name: str, message: str) -> None:
    with pytest.raises(UserError) as caught:
        parse_zone(name)
    assert str(caught.value) == message


# 2026: New York springs forward 03-08 02:00 EST -> 03:00 EDT and falls back 11-01 02:00 EDT ->
# 01:00 EST; Berlin 03-29 02:00 CET -> 03:00 CEST and 10-25 03:00 CEST -> 02:00 CET. Seoul: +09.
NEXT_CASES = [
    ("ny plain", "08:00", NY, utc(2026, 3, 7, 14), utc(2026, 3, 8, 12), "2026-03-08T08:00"),
    (
        "ny gap fires at 03:00",
        "02:30",
        NY,
        utc(2026, 3, 8, 5),
        utc(2026, 3, 8, 7),
        "2026-03-08T03:00",
    ),
    (
        "ny after gap slot",
        "02:30",
        NY,
        utc(2026, 3, 8, 7),
        utc(2026, 3, 9, 6, 30),
        "2026-03-09T02:30",
    ),
    ("ny gap start", "02:00", NY, utc(2026, 3, 8, 5), utc(2026, 3, 8, 7), "2026-03-08T03:00"),
    (
        "ny day before gap",
        "02:30",
        NY,
        utc(2026, 3, 7, 5),
        utc(2026, 3, 7, 7, 30),
        "2026-03-07T02:30",
    ),
    (
        "ny fold first",
        "01:30",
        NY,
        utc(2026, 11, 1, 4),
        utc(2026, 11, 1, 5, 30),
        "2026-11-01T01:30",
    ),
    (
        "ny fold once",
        "01:30",
        NY,
        utc(2026, 11, 1, 5, 30),
        utc(2026, 11, 2, 6, 30),
        "2026-11-02T01:30",
    ),
    ("ny after fold", "08:00", NY, utc(2026, 10, 31, 13), utc(2026, 11, 1, 13), "2026-11-01T08:00"),
    ("berlin gap", "02:30", BERLIN, utc(2026, 3, 28, 23), utc(2026, 3, 29, 1), "2026-03-29T03:00"),
    (
        "berlin gap+1d",
        "02:30",
        BERLIN,
        utc(2026, 3, 29, 1),
        utc(2026, 3, 30, 0, 30),
        "2026-03-30T02:30",
    ),
    (
        "berlin fold first",
        "02:30",
        BERLIN,
        utc(2026, 10, 24, 22),
        utc(2026, 10, 25, 0, 30),
        "2026-10-25T02:30",
    ),
    (
        "berlin fold once",
        "02:30",
        BERLIN,
        utc(2026, 10, 25, 0, 30),
        utc(2026, 10, 26, 1, 30),
        "2026-10-26T02:30",
    ),
    (
        "seoul evening",
        "07:30,18:00",
        SEOUL,
        utc(2026, 3, 8, 0),
        utc(2026, 3, 8, 9),
        "2026-03-08T18:00",
    ),
    (
        "seoul morning",
        "07:30,18:00",
        SEOUL,
        utc(2026, 3, 8, 9),
        utc(2026, 3, 8, 22, 30),
        "2026-03-09T07:30",
    ),
    (
        "strictly after",
        "08:00",
        SEOUL,
        utc(2026, 3, 7, 23),
        utc(2026, 3, 8, 23),
        "2026-03-09T08:00",
    ),
    (
        "weekly mon",
        "weekly mon 09:00",
        NY,
        utc(2026, 3, 4, 12),
        utc(2026, 3, 9, 13),
        "2026-03-09T09:00",
    ),
    (
        "weekdays skip weekend",
        "08:00 mon-fri",
        NY,
        utc(2026, 3, 6, 14),
        utc(2026, 3, 9, 12),
        "2026-03-09T08:00",
    ),
    (
        "weekends",
        "sat-sun 10:00",
        BERLIN,
        utc(2026, 3, 23),
        utc(2026, 3, 28, 9),
        "2026-03-28T10:00",
    ),
    (
        "three a day",
        "07:00,12:00,18:00",
        BERLIN,
        utc(2026, 6, 1, 10, 1),
        utc(2026, 6, 1, 16),
        "2026-06-01T18:00",
    ),
]


@pytest.mark.parametrize(
    ("text", "zone", "after_at", "expected", "key"),
    [c[1:] for c in NEXT_CASES],
    ids=[c[0] for c in NEXT_CASES],
)
def test_next_slot_after(
    text: str, zone: str, after_at: datetime, expected: datetime, key: str
) -> None:
    slot = next_slot_after(parse_schedule(text), ZoneInfo(zone), after_at)
    assert slot == expected
    assert slot.tzinfo is UTC
    assert slot_key(slot, ZoneInfo(zone)) == key


LAST_CASES = [
    ("exactly at a slot", "08:00", SEOUL, utc(2026, 3, 8, 23), utc(2026, 3, 8, 23)),
    ("just before a slot", "08:00", SEOUL, utc(2026, 3, 8, 22, 59), utc(2026, 3, 7, 23)),
    ("a day of downtime", "08:00", NY, utc(2026, 3, 12, 15), utc(2026, 3, 12, 12)),
    ("gap slot", "02:30", NY, utc(2026, 3, 8, 7, 10), utc(2026, 3, 8, 7)),
    (
        "fold: the first occurrence only",
        "01:30",
        NY,
        utc(2026, 11, 1, 6, 45),
        utc(2026, 11, 1, 5, 30),
    ),
    ("weekly: last monday", "weekly mon 09:00", NY, utc(2026, 3, 15), utc(2026, 3, 9, 13)),
]


@pytest.mark.parametrize(
    ("text", "zone", "at", "expected"), [c[1:] for c in LAST_CASES], ids=[c[0] for c in LAST_CASES]
)
def test_last_slot_at_or_before(text: str, zone: str, at: datetime, expected: datetime) -> None:
    assert last_slot_at_or_before(parse_schedule(text), ZoneInfo(zone), at) == expected


def test_last_slot_before_the_calendar_starts_is_none() -> None:
    assert last_slot_at_or_before(sched("08:00"), ZoneInfo("UTC"), utc(1, 1, 1, 7)) is None


def test_next_slot_after_the_calendar_ends_is_an_error() -> None:
    with pytest.raises(ValueError, match="end of the calendar"):
        next_slot_after(sched("08:00"), ZoneInfo("UTC"), utc(9999, 12, 31, 9))


@pytest.mark.parametrize(
    "function", [next_slot_after, last_slot_at_or_before], ids=["next", "last"]
)
def test_naive_datetimes_are_refused(function: Callable[..., object]) -> None:
    with pytest.raises(ValueError, match="aware"):
        function(sched("08:00"), ZoneInfo(NY), datetime(2026, 3, 8, 8))  # noqa: DTZ001  # the point


def test_slot_key_is_local() -> None:
    assert slot_key(utc(2026, 3, 8, 23), ZoneInfo(SEOUL)) == "2026-03-09T08:00"


# --- properties -------------------------------------------------------------------------------

ZONES = [NY, BERLIN, SEOUL, "Australia/Lord_Howe", "America/Santiago", "UTC"]
zones = st.sampled_from(ZONES)
# Hours around the transitions (00-03) are drawn more often than the rest.
hours = st.one_of(st.integers(0, 3), st.integers(0, 23))
minutes = st.one_of(st.sampled_from([0, 15, 30, 45]), st.integers(0, 59))
times = st.builds(time, hours, minutes)
schedules = st.builds(
    lambda ts, days, zone: Schedule(tuple(sorted(ts)), frozenset(days), zone),
    st.sets(times, min_size=1, max_size=6),
    st.sets(st.integers(0, 6), min_size=1),
    st.none() | zones,
)
# Days with a 2026 transition in one of the zones above, drawn often so properties meet them.
TRANSITION_DAYS = [
    date(2026, 3, 8),
    date(2026, 11, 1),
    date(2026, 3, 29),
    date(2026, 10, 25),
    date(2026, 4, 5),
    date(2026, 10, 4),
    date(2026, 4, 4),
    date(2026, 9, 6),
]
days = st.one_of(
    st.sampled_from(TRANSITION_DAYS),
    st.dates(min_value=date(2026, 1, 1), max_value=date(2026, 12, 31)),
)
instants = st.one_of(
    st.builds(
        lambda day, offset: datetime.combine(day, time(), tzinfo=UTC) + timedelta(minutes=offset),
        st.sampled_from(TRANSITION_DAYS),
        st.integers(-24 * 60, 36 * 60),
    ),
    st.datetimes(
        # hypothesis takes naive bounds and attaches the zone itself
        min_value=datetime(2025, 12, 1),  # noqa: DTZ001
        max_value=datetime(2027, 1, 31),  # noqa: DTZ001
        timezones=st.just(UTC),
    ),
)


def walls_of_day(day: date, zone: ZoneInfo) -> set[time]:
    """Brute force: every local minute of ``day`` that the zone's clocks actually show."""
    start = datetime.combine(day, time(), tzinfo=UTC) - timedelta(hours=15)
    walls = set()
    for minute in range((24 + 30) * 60):
        local = (start + timedelta(minutes=minute)).astimezone(zone)
        if local.date() == day:
            walls.add(local.time().replace(fold=0))
    return walls


def expected_slots(schedule: Schedule, day: date, zone: ZoneInfo) -> int:
    """How many distinct slots ``day`` has: a time in a gap merges into the gap's end."""
    if day.weekday() not in schedule.weekdays:
        return 0
    offsets = {zone.utcoffset(datetime.combine(day + timedelta(days=d), time())) for d in (0, 1)}
    if len(offsets) == 1:
        return len(schedule.times)
    walls = walls_of_day(day, zone)
    return len({t if t in walls else min(w for w in walls if w > t) for t in schedule.times})


def assert_scheduled(schedule: Schedule, zone: ZoneInfo, slot: datetime) -> None:
    """``slot`` is a scheduled local time on a scheduled day, or the end of a gap one fell in."""
    local = slot.astimezone(zone)
    assert local.weekday() in schedule.weekdays
    assert local.fold == 0  # never the second occurrence of a repeated local time
    if local.time() not in schedule.times:
        # Shifted out of a gap: the slot is the transition instant and a time lies in the gap.
        before = (slot - timedelta(seconds=1)).astimezone(zone).utcoffset()
        after = local.utcoffset()
        assert before is not None
        assert after is not None
        assert after > before, slot
        gap_start = (slot.replace(tzinfo=None) + before).time()
        assert any(gap_start <= t < local.time() for t in schedule.times), slot


@given(schedules, zones, instants)
def test_next_slot_is_strictly_after_at_a_scheduled_time(
    schedule: Schedule, zone_name: str, after_at: datetime
) -> None:
    zone = ZoneInfo(zone_name)
    slot = next_slot_after(schedule, zone, after_at)
    assert slot > after_at
    assert_scheduled(schedule, zone, slot)


@given(schedules, zones, instants)
def test_last_and_next_slot_bracket_an_instant(
    schedule: Schedule, zone_name: str, at: datetime
) -> None:
    zone = ZoneInfo(zone_name)
    last = last_slot_at_or_before(schedule, zone, at)
    upcoming = next_slot_after(schedule, zone, at)
    assert last is not None
    assert last <= at < upcoming
    assert next_slot_after(schedule, zone, last) == upcoming  # nothing scheduled in between
    assert last_slot_at_or_before(schedule, zone, upcoming) == upcoming


@settings(max_examples=15)
@given(schedules, zones)
def test_a_year_of_slots_is_exact(schedule: Schedule, zone_name: str) -> None:
    zone = ZoneInfo(zone_name)
    slot = datetime(2026, 1, 1, tzinfo=UTC)
    keys: list[str] = []
    while slot < datetime(2027, 1, 1, tzinfo=UTC):
        following = next_slot_after(schedule, zone, slot)
        assert following > slot
        slot = following
        assert_scheduled(schedule, zone, slot)
        keys.append(slot_key(slot, zone))
    assert len(keys) == len(set(keys))
    per_day = Counter(key[:10] for key in keys)
    day = date(2026, 1, 2)  # the first local day wholly after the start in every zone above
    while day < date(2026, 12, 31):
        assert per_day[day.isoformat()] == expected_slots(schedule, day, zone), day
        day += timedelta(days=1)


@given(schedules)
def test_str_round_trips(schedule: Schedule) -> None:
    assert parse_schedule(str(schedule)) == schedule
    assert parse_schedule(str(schedule).upper()) == schedule


@given(days, times, zones)
def test_resolve_local_is_the_wall_time_or_the_end_of_its_gap(
    day: date, at: time, zone_name: str
) -> None:
    zone = ZoneInfo(zone_name)
    local = resolve_local(day, at, zone).astimezone(zone)
    walls = walls_of_day(day, zone)
    assert local.date() == day
    assert local.time() == (at if at in walls else min(w for w in walls if w > at))


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("08:00", timedelta(days=1)),
        ("08:00,20:00", timedelta(hours=12)),
        ("07:30,18:00", timedelta(hours=13, minutes=30)),
        ("08:00 mon-fri", timedelta(days=3)),
        ("weekly mon 09:00", timedelta(days=7)),
        ("09:00 mon,thu", timedelta(days=4)),
        ("12:00:05,12:00:10", timedelta(days=1) - timedelta(seconds=5)),
    ],
    ids=["daily", "twice", "uneven", "weekdays", "weekly", "two-days", "seconds"],
)
def test_schedule_period_is_the_longest_wait_between_slots(text: str, period: timedelta) -> None:
    assert schedule_period(parse_schedule(text)) == period


def test_times_with_seconds_parse_and_key_their_slots() -> None:
    schedule = parse_schedule("08:00:30,08:01")
    assert schedule.times == (time(8, 0, 30), time(8, 1))
    assert str(schedule) == "08:00:30,08:01"
    zone = ZoneInfo(SEOUL)
    slot = next_slot_after(schedule, zone, utc(2026, 3, 8, 23))
    assert slot_key(slot, zone) == "2026-03-09T08:00:30"
    assert slot_key(next_slot_after(schedule, zone, slot), zone) == "2026-03-09T08:01"


@given(st.sets(st.builds(time, hours, minutes, st.integers(0, 59)), min_size=1, max_size=6))
def test_times_with_seconds_round_trip(at: set[time]) -> None:
    schedule = Schedule(tuple(sorted(at)), frozenset(range(7)))
    assert parse_schedule(str(schedule)) == schedule


@pytest.mark.parametrize(
    ("text", "stored", "zone"),
    [
        ("7:30, 18:00", "07:30,18:00", None),
        ("8am weekdays Asia/Tokyo", "08:00 mon-fri", "Asia/Tokyo"),
        ("weekly mon 09:00", "09:00 mon", None),
    ],
    ids=["times-only", "days-and-zone", "weekly"],
)
def test_split_zone_gives_the_stored_form_and_the_named_zone(
    text: str, stored: str, zone: str | None
) -> None:
    plain, named = split_zone(parse_schedule(text))
    assert (str(plain), named) == (stored, zone)
    assert plain.zone is None
