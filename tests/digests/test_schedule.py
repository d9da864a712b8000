"""APScheduler wiring on an unstarted AsyncIOScheduler: job ids, triggers, DST fire times."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.core.cadence import parse_schedule
from bot.core.model import ChannelRef
from bot.digests.schedule import (
    POLL_JOB,
    DigestScheduler,
    SlotTrigger,
    SteadyIntervalTrigger,
    digest_job_id,
)

DESK = ChannelRef("console", "desk")


async def _noop(*_: object) -> None:
    return None


def make() -> DigestScheduler:
    return DigestScheduler(
        poll=_noop,
        run_digest=_noop,
        poll_interval=timedelta(minutes=15),
        poll_jitter=timedelta(minutes=1),
        misfire_grace=timedelta(hours=1),
    )


def test_jobs_are_one_poll_and_one_per_channel_replaced_on_change() -> None:
    scheduler = make()
    scheduler.set_channel(DESK, parse_schedule("08:00 mon-fri"), ZoneInfo("Asia/Seoul"))
    scheduler.set_channel(DESK, parse_schedule("07:30,18:00"), ZoneInfo("Europe/Berlin"))
    jobs = scheduler.jobs()
    assert set(jobs) == {POLL_JOB, digest_job_id(DESK)}
    job = jobs[digest_job_id(DESK)]
    assert isinstance(job.trigger, SlotTrigger)
    assert str(job.trigger) == "slots[07:30,18:00 Europe/Berlin]"
    assert job.coalesce is True
    assert job.max_instances == 1
    assert job.misfire_grace_time == 3600
    assert job.args == (DESK,)
    poll = jobs[POLL_JOB]
    assert poll.max_instances == 1
    assert poll.trigger.interval == timedelta(minutes=15)
    assert poll.trigger.jitter == 60
    scheduler.remove_channel(DESK)
    assert set(scheduler.jobs()) == {POLL_JOB}


def fire_times(text: str, zone: str, start: datetime, count: int) -> list[str]:
    trigger = SlotTrigger(parse_schedule(text), ZoneInfo(zone))
    times, previous = [], None
    now = start
    for _ in range(count):
        fire = trigger.get_next_fire_time(previous, now)
        assert fire is not None
        times.append(fire.astimezone(ZoneInfo(zone)).strftime("%m-%d %H:%M %Z"))
        previous = now = fire
    return times


@pytest.mark.parametrize(
    ("text", "zone", "start", "expected"),
    [
        (
            "02:30",
            "America/New_York",
            datetime(2026, 3, 7, 12, tzinfo=UTC),
            ["03-08 03:00 EDT", "03-09 02:30 EDT"],
        ),
        (
            "01:30",
            "America/New_York",
            datetime(2026, 10, 31, 12, tzinfo=UTC),
            ["11-01 01:30 EDT", "11-02 01:30 EST"],
        ),
        (
            "02:30",
            "Europe/Berlin",
            datetime(2026, 3, 28, 12, tzinfo=UTC),
            ["03-29 03:00 CEST", "03-30 02:30 CEST"],
        ),
        (
            "02:30",
            "Europe/Berlin",
            datetime(2026, 10, 24, 12, tzinfo=UTC),
            ["10-25 02:30 CEST", "10-26 02:30 CET"],
        ),
        (
            "08:00 mon-fri",
            "Asia/Seoul",
            datetime(2026, 11, 27, 0, tzinfo=UTC),
            ["11-30 08:00 KST", "12-01 08:00 KST"],
        ),
    ],
    ids=[
        "ny-spring-gap",
        "ny-fall-fold",
        "berlin-spring-gap",
        "berlin-fall-fold",
        "seoul-weekdays",
    ],
)
def test_trigger_fires_once_per_local_slot_across_dst(
    text: str, zone: str, start: datetime, expected: list[str]
) -> None:
    assert fire_times(text, zone, start, len(expected)) == expected


@pytest.mark.parametrize(
    ("interval_s", "jitter_s", "used_jitter_s"),
    [(60, 60, 29.4), (60, 10, 10), (900, 60, 60), (60, 0, 0)],
    ids=["jitter-as-long-as-the-interval", "small-jitter", "defaults", "no-jitter"],
)
def test_poll_ticks_stay_on_their_grid_whatever_the_jitter(
    interval_s: int, jitter_s: float, used_jitter_s: float
) -> None:
    """APScheduler's own IntervalTrigger adds each tick's jitter to the next, so 60 s with 60 s
    of jitter ticked every 90 s on average (seen in a `make run`); every tick here is its grid
    point plus at most the jitter, so over 500 ticks the mean period is the interval."""
    now = datetime(2026, 12, 3, 14, 36, 6, tzinfo=UTC)
    trigger = SteadyIntervalTrigger(seconds=interval_s, jitter=jitter_s or None)
    first = trigger.get_next_fire_time(None, now)
    start = trigger.start_date
    fires = [first]
    for _ in range(500):
        fires.append(trigger.get_next_fire_time(fires[-1], fires[-1]))
    for k, fired in enumerate(fires):
        late = (fired - (start + timedelta(seconds=k * interval_s))).total_seconds()
        assert 0 <= late <= used_jitter_s + 1e-6, (k, late)
    mean = (fires[-1] - fires[0]).total_seconds() / (len(fires) - 1)
    assert abs(mean - interval_s) <= used_jitter_s / 500 + 1e-6
