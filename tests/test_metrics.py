"""Metrics and health over a real HTTP server on 127.0.0.1 and a real database."""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from pathlib import Path

import aiohttp
import pytest

from bot.__main__ import main
from bot.app import open_app
from bot.config import Config, DatabaseSection, FetchSection
from bot.metrics import Metrics, MetricsServer
from tests.feedserver import FeedServer


def config_for(tmp_path: Path) -> Config:
    return dataclasses.replace(
        Config(),
        database=DatabaseSection(path=str(tmp_path / "bot.db")),
        fetch=FetchSection(allow_private_addresses=True, total_timeout_s=5, parse_workers=0),
    )


async def test_metrics_record_a_real_poll_and_serve_health(tmp_path: Path) -> None:
    metrics = Metrics()
    problems: list[str] = []

    async def health() -> list[str]:
        return problems

    async with FeedServer() as server, open_app(config_for(tmp_path)) as app:
        for path in ("outlets/bbc-news-1.xml", "fault/404"):
            await app.service.add_feed(server.url(path), path)
        summary = await app.service.poll()
        metrics.record_poll(summary, await app.service.status())
        metrics.record_digest("delivered", 0.3)
        metrics.record_digest("failed", 0.0)
        async with (
            MetricsServer(metrics, health, "127.0.0.1", 0) as web,
            aiohttp.ClientSession() as http,
        ):
            async with http.get(web.url + "/metrics") as resp:
                text = await resp.text()
            assert 'newsbot_feeds{status="ok"} 1.0' in text
            assert 'newsbot_feeds{status="failing"} 1.0' in text
            assert "newsbot_polls_total 2.0" in text
            assert 'newsbot_fetch_errors_total{reason="http_404"} 1.0' in text
            assert "newsbot_items_stored 5" in text
            assert 'newsbot_digests_total{outcome="delivered"} 1.0' in text
            assert "newsbot_delivery_seconds_count 1.0" in text
            assert "newsbot_last_successful_poll_timestamp_seconds 1." in text
            async with http.get(web.url + "/healthz") as resp:
                assert resp.status == 200
                assert await resp.json() == {"ok": True, "problems": []}
            problems.append("heartbeat is 300 s old")
            async with http.get(web.url + "/healthz") as resp:
                assert resp.status == 503
                assert (await resp.json())["problems"] == ["heartbeat is 300 s old"]


async def test_two_metrics_instances_do_not_share_counters() -> None:
    a, b = Metrics(), Metrics()
    a.record_digest("delivered", 1.0)
    assert b'newsbot_digests_total{outcome="delivered"} 1.0' in a.render()
    assert b"newsbot_digests_total{" not in b.render()


async def test_health_reads_the_heartbeat_the_running_bot_writes(tmp_path: Path) -> None:
    async with open_app(config_for(tmp_path)) as app:
        assert await app.service.health(timedelta(minutes=15)) == [
            "no heartbeat: the bot is not running"
        ]
        await app.service.beat(polled=True)
        assert await app.service.health(timedelta(minutes=15)) == []


def test_healthcheck_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = ["--db", str(tmp_path / "bot.db")]
    assert main([*db, "healthcheck"]) == 1
    assert "no database" in capsys.readouterr().out
    assert main([*db, "status"]) == 0  # creates the database, but no bot is running
    capsys.readouterr()
    assert main([*db, "healthcheck"]) == 1
    assert "no heartbeat" in capsys.readouterr().out

    async def beat() -> None:
        async with open_app(config_for(tmp_path)) as app:
            await app.service.beat(polled=True)

    import asyncio

    asyncio.run(beat())
    assert main([*db, "healthcheck"]) == 0
    assert "healthy" in capsys.readouterr().out
