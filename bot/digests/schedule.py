"""APScheduler 3 wiring: one poll job and one digest job per channel. SQLite is the truth.

APScheduler only *triggers*: jobs live in the memory job store and are rebuilt from the channels
table at start and whenever a schedule changes. Each channel's job uses ``SlotTrigger``, a
cron-like trigger in the channel's own zone whose fire times come from the pure
``bot.core.cadence.next_slot_after``. We use it instead of ``CronTrigger`` because the DST rules are
ours to decide and test in the core: a local time in a spring-forward gap fires at the first
instant after the gap (never skipped), and a time repeated by a fall-back fires once. Independently
of the trigger, the service records a unique slot key per channel, so no slot is ever sent twice.

Jobs use ``coalesce=True`` (a backlog of missed runs collapses into one), ``max_instances=1`` and
``misfire_grace_time`` from config; a digest that misses by more than the grace runs as the single
catch-up digest that ``catch_up`` starts after downtime.
"""

from __future__ import annotations

import logging
import math
import random
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.interval import IntervalTrigger

from bot.core.cadence import Schedule, next_slot_after
from bot.core.model import ChannelRef

log = logging.getLogger(__name__)

POLL_JOB = "poll"
REFRESH_JOB = "refresh"


def digest_job_id(channel: ChannelRef) -> str:
    return f"digest:{channel}"


class SteadyIntervalTrigger(IntervalTrigger):  # type: ignore[misc]  # apscheduler: untyped
    """Ticks on the grid ``start + k × interval``, each moved later by its own random jitter.

    APScheduler 3's ``IntervalTrigger`` computes the next fire time from the previous one
    *with* its jitter (next = previous jittered run + interval + uniform(0, jitter)), so the
    jitter accumulates and the poll drifts late: with a 60 s interval and 60 s jitter, ticks
    came every 90 s on average, the very symptom of issue 12, seen in a ``make run``. Here the
    jitter of one tick never moves the next. A jitter of half the interval or more is capped
    below half, so a jittered tick cannot reach the next grid point.
    """

    def __init__(self, *, seconds: int, jitter: float | None) -> None:
        capped = min(jitter, seconds * 0.49) if jitter else None
        super().__init__(seconds=seconds, jitter=capped)

    def get_next_fire_time(self, previous_fire_time: datetime | None, now: datetime) -> Any:
        if previous_fire_time is None:
            return super().get_next_fire_time(None, now)
        start = self.start_date.timestamp()
        step = self.interval_length
        k = math.floor((previous_fire_time.timestamp() - start) / step) + 1
        next_at = start + k * step
        if self.jitter:
            next_at += random.uniform(0, self.jitter)  # noqa: S311 - spreading load, not secrets
        return datetime.fromtimestamp(next_at, tz=self.timezone)


class SlotTrigger(BaseTrigger):  # type: ignore[misc]  # apscheduler ships no type hints
    """Fires at a ``Schedule``'s local times in ``zone``, with the core's DST rules."""

    __slots__ = ("schedule", "zone")

    def __init__(self, schedule: Schedule, zone: ZoneInfo) -> None:
        self.schedule = schedule
        self.zone = zone

    def get_next_fire_time(
        self, previous_fire_time: datetime | None, now: datetime
    ) -> datetime | None:
        after = (
            previous_fire_time
            if previous_fire_time is not None
            else now - timedelta(microseconds=1)
        )
        return next_slot_after(self.schedule, self.zone, after)

    def __str__(self) -> str:
        return f"slots[{self.schedule} {self.zone.key}]"

    def __repr__(self) -> str:
        return f"<SlotTrigger {self}>"


class DigestScheduler:
    """Owns the ``AsyncIOScheduler``; the app starts it and shuts it down."""

    def __init__(
        self,
        *,
        poll: Callable[[], Awaitable[Any]],
        run_digest: Callable[[ChannelRef], Awaitable[Any]],
        poll_interval: timedelta,
        poll_jitter: timedelta,
        misfire_grace: timedelta,
    ) -> None:
        self.scheduler = AsyncIOScheduler(timezone="UTC")
        self._run_digest = run_digest
        self._grace_s = max(1, int(misfire_grace.total_seconds()))
        self.scheduler.add_job(
            poll,
            SteadyIntervalTrigger(
                seconds=max(1, int(poll_interval.total_seconds())),
                jitter=poll_jitter.total_seconds() or None,
            ),
            id=POLL_JOB,
            name="poll feeds",
            replace_existing=True,
            coalesce=True,
            max_instances=1,
            misfire_grace_time=self._grace_s,
        )

    def set_channel(self, channel: ChannelRef, schedule: Schedule, zone: ZoneInfo) -> None:
        """Add or replace a channel's digest job."""
        self.remove_channel(channel)
        self.scheduler.add_job(
            self._run_digest,
            SlotTrigger(schedule, zone),
            args=[channel],
            id=digest_job_id(channel),
            name=f"digest {channel}",
            replace_existing=True,
            coalesce=True,
            max_instances=1,
            misfire_grace_time=self._grace_s,
        )
        log.debug("digest job set channel=%s schedule=%s zone=%s", channel, schedule, zone.key)

    def add_refresh(self, refresh: Callable[[], Awaitable[Any]], every_s: float) -> None:
        """A periodic job that reloads settings another process changed in the database."""
        self.scheduler.add_job(
            refresh,
            IntervalTrigger(seconds=max(1, int(every_s))),
            id=REFRESH_JOB,
            name="reload settings",
            replace_existing=True,
            coalesce=True,
            max_instances=1,
        )

    def remove_channel(self, channel: ChannelRef) -> None:
        # Before start, APScheduler keeps every add_job as a pending entry (replace_existing
        # applies only at start) and remove_job drops one entry: drop them all.
        while self.scheduler.get_job(digest_job_id(channel)) is not None:
            self.scheduler.remove_job(digest_job_id(channel))

    def jobs(self) -> dict[str, Any]:
        return {job.id: job for job in self.scheduler.get_jobs()}

    def start(self) -> None:
        self.scheduler.start()

    def pause(self) -> None:
        """No job starts from now on; running ones go on (stopping: let them finish first)."""
        if self.scheduler.running:
            self.scheduler.pause()

    def shutdown(self) -> None:
        """Stop the scheduler. APScheduler's asyncio executor cancels the jobs still running,
        so a clean stop pauses first and waits for them (``bot.runtime``)."""
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)
