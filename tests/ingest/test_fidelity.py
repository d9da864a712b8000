"""Issue 16's thresholds on the real corpus, through the real pipeline (bench/fidelity.py).

Every feed file copied from other readers' suites is parsed, normalized and saved into a real
SQLite file; every real OPML file is imported through the service. The bench prints the same
figures; this test holds the issue's limits.
"""

from __future__ import annotations

from pathlib import Path

from bench.fidelity import FEEDS, OPML, measure_feeds, measure_loopback, measure_opml


async def test_no_silent_loss_json_feeds_read_and_no_feed_failing(tmp_path: Path) -> None:
    figures = await measure_feeds(FEEDS, tmp_path / "feeds.db")
    assert figures["files"] >= 190
    assert figures["loss_pct"] <= 1.0, figures["worst"]
    assert figures["json_read"] >= figures["json_files"] - 2
    assert figures["failed_where_reference_reads"] <= 1


async def test_real_opml_is_kept_and_round_trips(tmp_path: Path) -> None:
    figures = await measure_opml(OPML, tmp_path)
    assert figures["rejected_whole"] == 0, figures["rejected_examples"]
    assert figures["kept_pct"] >= 95.0
    assert figures["unexplained"] == 0
    assert figures["round_trips_identical"] == figures["files"], figures["round_trip_failures"]


async def test_loopback_spellings_are_refused_at_add(tmp_path: Path) -> None:
    figures = await measure_loopback(tmp_path)
    assert figures["accepted"] == []
    assert figures["refused"] == figures["spellings"]
