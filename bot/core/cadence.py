"""Digest schedules written the way people say them, and the local-time arithmetic behind them.

A channel's schedule is text such as ``"08:00 mon-fri"`` or ``"07:30,18:00 Asia/Seoul"``; this
module parses it into a ``Schedule`` (whose ``str()`` parses back to an equal value) and answers
the two questions the scheduler and the catch-up logic ask: when is the next slot, and which slot
was the last one (issue #6). It is pure: ``now`` is always a parameter.

Why the arithmetic is done here rather than left to APScheduler's cron trigger: "a DST fall-back
never sends the same local day's digest twice; a spring-forward gap never skips it" must be proven
with a fixed clock, and the idempotency key of a slot (``slot_key``) must agree with the instant the
slot fires. The rules, in plain ``zoneinfo`` terms (PEP 495 ``fold``):

- a local time that occurs twice (fall-back) fires once, at its first occurrence (``fold=0``);
- a local time that does not exist (spring-forward gap) fires at the first instant after the gap
  (02:30 on 2026-03-08 in New York fires at 03:00 EDT). Scheduled times that fall in the same gap
  therefore fire together, as one slot, with a time scheduled exactly at the end of the gap.
"""

from __future__ import annotations

import difflib
import itertools
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from bot.core.text import cut
from bot.errors import UserError

MAX_TIMES_PER_DAY = 24
EXAMPLE = '"08:00 mon-fri Asia/Seoul"'
ZONE_EXAMPLES = "Asia/Seoul or America/New_York"
ALL_DAYS = frozenset(range(7))
DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_DAY_WORDS = {
    **{name: i for i, name in enumerate(DAY_NAMES)},
    **{
        full: i
        for i, full in enumerate(
            ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
        )
    },
    "tues": 1,
    "weds": 2,
    "thur": 3,
    "thurs": 3,
}
_DAY_SETS = {
    "daily": ALL_DAYS,
    "everyday": ALL_DAYS,
    "weekdays": frozenset(range(5)),
    "weekends": frozenset({5, 6}),
}
_WEEKLY = "weekly"
_FILLERS = frozenset({"at", "and", "on", "every"})
_TIME_24H = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?")
_TIME_12H = re.compile(r"(\d{1,2})(?::(\d{2}))?(am|pm)")
_AMPM_GAP = re.compile(r"(\d)\s+(am|pm)\b", re.IGNORECASE)
_SEPARATORS = re.compile(r"[\s,]+")
# Loadable from the system zoneinfo directory, but not IANA zones a user means.
_NOT_ZONES = frozenset({"localtime", "posixrules", "factory"})
_WORDS = (*_DAY_WORDS, *_DAY_SETS, _WEEKLY)
_FIRST_DAY = date.min.toordinal()
_LAST_DAY = date.max.toordinal()


@dataclass(frozen=True, slots=True)
class Schedule:
    """Local wall-clock times on some weekdays (0 = Monday) in ``zone`` (None: the channel's)."""

    times: tuple[time, ...]
    weekdays: frozenset[int]
    zone: str | None = None

    def __post_init__(self) -> None:
        if not self.times or list(self.times) != sorted(set(self.times)):
            raise ValueError(f"times must be sorted, unique and not empty: {self.times!r}")
        if not self.weekdays or not self.weekdays <= ALL_DAYS:
            raise ValueError(f"weekdays must be a non-empty subset of 0..6: {self.weekdays!r}")

    def __str__(self) -> str:
        parts = [",".join(_clock_text(t) for t in self.times)]
        if self.weekdays != ALL_DAYS:
            parts.append(_format_days(self.weekdays))
        if self.zone is not None:
            parts.append(self.zone)
        return " ".join(parts)


def split_zone(schedule: Schedule) -> tuple[Schedule, str | None]:
    """The schedule as a channel stores it (no zone: the channel's zone is its own column) and
    the zone the text named, if any ("07:30,18:00 Asia/Seoul")."""
    return Schedule(schedule.times, schedule.weekdays, None), schedule.zone


def _clock_text(at: time) -> str:
    """``08:00``; seconds only when a time has them (``08:00:30``)."""
    text = f"{at.hour:02d}:{at.minute:02d}"
    return f"{text}:{at.second:02d}" if at.second else text


def schedule_period(schedule: Schedule) -> timedelta:
    """The longest wait between two consecutive slots, in local wall-clock time.

    A channel's digest window is never shorter than this, so a weekly digest covers the week
    and a Monday digest of a ``mon-fri`` schedule covers the weekend (issue 12). DST shifts of
    an hour are ignored: the age limit is a bound, not a slot.
    """
    week = sorted(
        day * 86_400 + at.hour * 3_600 + at.minute * 60 + at.second
        for day in schedule.weekdays
        for at in schedule.times
    )
    gaps = [later - earlier for earlier, later in itertools.pairwise(week)]
    gaps.append(week[0] + 7 * 86_400 - week[-1])
    return timedelta(seconds=max(gaps))


def _format_days(days: frozenset[int]) -> str:
    """Consecutive runs of three or more days as ranges: ``mon-fri``, ``mon,wed,fri``."""
    ordered = sorted(days)
    runs: list[list[int]] = []
    for day in ordered:
        if runs and runs[-1][-1] == day - 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    words: list[str] = []
    for run in runs:
        if len(run) >= 3:
            words.append(f"{DAY_NAMES[run[0]]}-{DAY_NAMES[run[-1]]}")
        else:
            words.extend(DAY_NAMES[day] for day in run)
    return ",".join(words)


def parse_schedule(text: str) -> Schedule:
    """Parse ``"08:00"``, ``"8am mon-fri"``, ``"weekly mon 09:00"``, ``"07:30,18:00 Asia/Seoul"``.

    Case-insensitive; commas or spaces separate words. Raises ``UserError`` with an example.
    """
    words = [w for w in _SEPARATORS.split(_AMPM_GAP.sub(r"\1\2", text.strip())) if w]
    if not words:
        raise UserError(f"the schedule is empty; write one or more times and days, e.g. {EXAMPLE}")
    times: set[time] = set()
    days: set[int] = set()
    weekly = False
    zone: str | None = None
    for word in words:
        token = word.lower()
        if token in _FILLERS:
            continue
        if token == _WEEKLY:
            weekly = True
        elif token in _DAY_SETS:
            days |= _DAY_SETS[token]
        elif (span := _parse_days(token)) is not None:
            days |= span
        elif (moment := _parse_time(token)) is not None:
            times.add(moment)
        elif token[0].isdigit():
            raise UserError(
                f"{_quoted(word)} is not a time of day; write it like 08:00 or 18:30, "
                f"e.g. {EXAMPLE}"
            )
        else:
            name = _zone_name(word)
            if zone is not None and zone != name:
                raise UserError(
                    f"the schedule names two time zones ({zone} and {name}); "
                    f"give at most one, e.g. {EXAMPLE}"
                )
            zone = name
    if not times:
        raise UserError(f"the schedule has no time of day; add one like 08:00, e.g. {EXAMPLE}")
    if len(times) > MAX_TIMES_PER_DAY:
        raise UserError(
            f"the schedule has {len(times)} times a day; at most {MAX_TIMES_PER_DAY} are allowed, "
            f"e.g. {EXAMPLE}"
        )
    if weekly and not days:
        raise UserError('"weekly" needs a day; name it, e.g. "weekly mon 09:00"')
    return Schedule(tuple(sorted(times)), frozenset(days) or ALL_DAYS, zone)


def _parse_days(token: str) -> frozenset[int] | None:
    """``mon``, ``monday`` or a range ``mon-fri`` (wrapping: ``fri-mon``); None if not days."""
    first, dash, last = token.partition("-")
    if first not in _DAY_WORDS:
        return None
    start = _DAY_WORDS[first]
    if not dash:
        return frozenset({start})
    if last not in _DAY_WORDS:
        raise UserError(
            f"{_quoted(token)} is not a range of days; write it like mon-fri or sat-sun, "
            f"e.g. {EXAMPLE}"
        )
    length = (_DAY_WORDS[last] - start) % 7 + 1
    return frozenset((start + i) % 7 for i in range(length))


def _parse_time(token: str) -> time | None:
    """``08:00``, ``8:00``, ``8am``, ``8:30pm``, ``12am`` (midnight); None if not time-shaped."""
    bad = f"{_quoted(token)} is not a time of day; write it like 08:00 or 18:30, e.g. {EXAMPLE}"
    if match := _TIME_24H.fullmatch(token):
        hour, minute, second = int(match[1]), int(match[2]), int(match[3] or 0)
        if hour > 23 or minute > 59 or second > 59:
            raise UserError(bad)
        return time(hour, minute, second)
    if match := _TIME_12H.fullmatch(token):
        hour, minute = int(match[1]), int(match[2] or 0)
        if not 1 <= hour <= 12 or minute > 59:
            raise UserError(bad)
        return time(hour % 12 + (12 if match[3] == "pm" else 0), minute)
    return None


def _zone_name(word: str) -> str:
    """The canonical zone name for ``word``; a word that is nothing known gets a hint."""
    try:
        return parse_zone(word).key
    except UserError:
        if "/" in word:
            raise
    token = word.lower()
    near = [z for z in _zone_names().values() if z.lower().rsplit("/", 1)[-1] == token]
    near += difflib.get_close_matches(token, _WORDS, n=1)
    hint = f" (did you mean '{near[0]}'?)" if near else ""
    raise UserError(f"{_quoted(word)} is not a time, a day or a time zone{hint}; e.g. {EXAMPLE}")


def _quoted(text: str, limit: int = 40) -> str:
    """User text quoted in an error, cut at ``limit`` characters: a chat option may hold 6,000,
    and an answer that quotes them all is refused by Discord and unreadable anywhere."""
    return f"'{cut(text, limit)}'"


def _zone_names() -> dict[str, str]:
    """Lower-cased IANA name -> IANA name; lists the zone files, so only on the slow path."""
    return {z.lower(): z for z in available_timezones() if z.lower() not in _NOT_ZONES}


def parse_zone(name: str) -> ZoneInfo:
    """The IANA zone ``name`` (case-insensitive), or a ``UserError`` suggesting close names."""
    cleaned = name.strip()
    loaded = _load_zone(cleaned)
    if loaded is not None:
        return loaded
    zones = _zone_names()
    exact = zones.get(cleaned.lower())
    if exact is not None:
        return ZoneInfo(exact)
    near = difflib.get_close_matches(cleaned.lower(), zones, n=3, cutoff=0.85)
    examples = " or ".join(zones[z] for z in near) if near else ZONE_EXAMPLES
    raise UserError(f"unknown time zone {_quoted(cleaned)}; use an IANA name such as {examples}")


def _load_zone(name: str) -> ZoneInfo | None:
    """The fast path: an exactly spelled name loads without listing every zone."""
    if name.lower() in _NOT_ZONES or name.startswith(("posix/", "right/")):
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        # not found / not a valid key / a directory such as "Asia": not a zone
        return None


def resolve_local(day: date, at: time, zone: ZoneInfo) -> datetime:
    """The aware-UTC instant at which local ``day`` ``at`` fires (see the module docstring)."""
    wall = datetime.combine(day, at)
    first = wall.replace(tzinfo=zone).astimezone(UTC)  # fold=0: the first occurrence
    if first.astimezone(zone).replace(tzinfo=None) == wall:
        return first
    # In a gap fold=0 applies the offset from before the transition, which lands after it, and
    # fold=1 the offset from after it, which lands before it: the transition lies in between.
    low = wall.replace(tzinfo=zone, fold=1).astimezone(UTC)
    high = first
    after_offset = high.astimezone(zone).utcoffset()
    while high - low > timedelta(seconds=1):
        middle = low + (high - low) / 2
        if middle.astimezone(zone).utcoffset() == after_offset:
            high = middle
        else:
            low = middle
    return high.replace(microsecond=0)


def _day_slots(schedule: Schedule, zone: ZoneInfo, ordinal: int) -> list[datetime]:
    """The slot instants of one local day, in time order (none if it is not a scheduled day)."""
    day = date.fromordinal(ordinal)
    if day.weekday() not in schedule.weekdays:
        return []
    return [resolve_local(day, at, zone) for at in schedule.times]


def _local_ordinal(moment: datetime, zone: ZoneInfo) -> int:
    if moment.tzinfo is None:
        raise ValueError(f"expected an aware datetime, got {moment!r}")
    return moment.astimezone(zone).toordinal()


def next_slot_after(schedule: Schedule, zone: ZoneInfo, after_at: datetime) -> datetime:
    """The first slot strictly after ``after_at``, as an aware-UTC datetime.

    Slot instants never decrease as local days and times increase, so the first one found is
    the earliest. A week and a day ahead always holds a scheduled weekday; the day before is
    searched too because a gap at midnight can shift its last slot into the next local day.
    """
    today = _local_ordinal(after_at, zone)
    for ordinal in range(max(today - 1, _FIRST_DAY), min(today + 8, _LAST_DAY) + 1):
        for slot in _day_slots(schedule, zone, ordinal):
            if slot > after_at:
                return slot
    raise ValueError(f"no slot of {schedule} after {after_at!r} before the end of the calendar")


def last_slot_at_or_before(schedule: Schedule, zone: ZoneInfo, at: datetime) -> datetime | None:
    """The latest slot at or before ``at`` (None only before the calendar's first slot)."""
    today = _local_ordinal(at, zone)
    for ordinal in range(min(today + 1, _LAST_DAY), max(today - 8, _FIRST_DAY) - 1, -1):
        for slot in reversed(_day_slots(schedule, zone, ordinal)):
            if slot <= at:
                return slot
    return None


def slot_key(slot_at: datetime, zone: ZoneInfo) -> str:
    """``"2026-03-08T08:00"``: the slot's local date and time, the idempotency key of a digest.

    Seconds appear only for a slot that has them (``T08:00:30``), so keys of minute slots written
    by earlier releases stay the same.
    """
    local = slot_at.astimezone(zone)
    return f"{local.date().isoformat()}T{_clock_text(local.time())}"
