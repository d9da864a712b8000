"""Prometheus metrics and the health endpoint (config ``[metrics]``, off by default).

``Metrics`` owns its own ``CollectorRegistry`` (never prometheus-client's global one), so every
app instance, and every test, has independent counters. The run loop records each poll and
digest; gauges that mirror the database (feeds by status, items, stories) are refreshed after
each poll. ``MetricsServer`` serves ``/metrics`` and ``/healthz`` with aiohttp, bound to
127.0.0.1 unless configured otherwise. Health is the pure ``policy.health_problems``.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable
from types import TracebackType
from typing import Self

from aiohttp import web
from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram
from prometheus_client.exposition import CONTENT_TYPE_LATEST, generate_latest

from bot.ingest.poller import Outcome, PollSummary
from bot.service import Status

log = logging.getLogger(__name__)

HealthProbe = Callable[[], Awaitable[list[str]]]
DELIVERY_BUCKETS = (0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120)


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        r = self.registry
        self.feeds = Gauge("newsbot_feeds", "Feeds by status", ["status"], registry=r)
        self.polls = Counter("newsbot_polls", "Feed fetch attempts", registry=r)
        self.fetch_errors = Counter(
            "newsbot_fetch_errors", "Failed fetches by reason", ["reason"], registry=r
        )
        self.items = Gauge("newsbot_items_stored", "Articles stored", registry=r)
        self.stories = Gauge("newsbot_stories_stored", "Stories stored", registry=r)
        self.digests = Counter("newsbot_digests", "Digest runs by outcome", ["outcome"], registry=r)
        self.delivery = Histogram(
            "newsbot_delivery_seconds",
            "Time to build and deliver one digest",
            buckets=DELIVERY_BUCKETS,
            registry=r,
        )
        self.last_poll = Gauge(
            "newsbot_last_successful_poll_timestamp_seconds",
            "When a feed was last fetched successfully (Unix time)",
            registry=r,
        )

    def record_poll(self, summary: PollSummary, status: Status) -> None:
        self.polls.inc(len(summary.results))
        for result in summary.results:
            if result.outcome is Outcome.FAILED and result.error is not None:
                self.fetch_errors.labels(reason=result.error.kind).inc()
        self.record_status(status)

    def record_status(self, status: Status) -> None:
        for name, value in (
            ("ok", status.feeds.ok),
            ("failing", status.feeds.failing),
            ("paused", status.feeds.paused),
        ):
            self.feeds.labels(status=name).set(value)
        self.items.set(status.items)
        self.stories.set(status.stories)
        if status.last_success_at is not None:
            self.last_poll.set(status.last_success_at.timestamp())

    def record_digest(self, outcome: str, seconds: float) -> None:
        self.digests.labels(outcome=outcome).inc()
        if outcome == "delivered":
            self.delivery.observe(seconds)

    def render(self) -> bytes:
        return generate_latest(self.registry)


class MetricsServer:
    """``/metrics`` (Prometheus text format) and ``/healthz`` (200 or 503 with the reasons)."""

    def __init__(self, metrics: Metrics, health: HealthProbe, host: str, port: int) -> None:
        self.metrics = metrics
        self.health = health
        self.host = host
        self.port = port
        self._runner: web.AppRunner | None = None
        self.url = ""

    async def __aenter__(self) -> Self:
        app = web.Application()
        app.router.add_get("/metrics", self._metrics)
        app.router.add_get("/healthz", self._healthz)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        host, port = self._runner.addresses[0][:2]
        self.url = f"http://{host}:{port}"
        log.info("metrics serving url=%s", self.url)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def _metrics(self, request: web.Request) -> web.Response:
        return web.Response(
            body=self.metrics.render(), headers={"Content-Type": CONTENT_TYPE_LATEST}
        )

    async def _healthz(self, request: web.Request) -> web.Response:
        problems = await self.health()
        body = json.dumps({"ok": not problems, "problems": problems})
        return web.Response(
            text=body, status=503 if problems else 200, content_type="application/json"
        )
