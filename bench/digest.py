"""Digest build time for one channel with 20 topics over 100k candidate stories (issue #6).

Measures the pure part (``bot.core.digest.build_digest``); the lead adds the store query. The
goal for the whole path is < 50 ms. Run ``python -m bench.digest``: one JSON line per figure.
"""

from __future__ import annotations

import json
import random
import statistics
import time
from datetime import UTC, datetime, timedelta

from bot.core.digest import Candidate, DigestLimits, build_digest
from bot.core.model import ChannelRef

STORIES = 100_000
TOPICS = 20
RUNS = 11
NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
OUTLETS = tuple(f"outlet-{i}" for i in range(200))


def candidates(seed: int = 6) -> list[Candidate]:
    """Stories first seen over 10 days, a few backlog, most matching one or two of the topics."""
    rng = random.Random(seed)
    topics = [f"topic-{i}" for i in range(TOPICS)]
    stories = []
    for story_id in range(STORIES):
        seen_at = NOW - timedelta(seconds=rng.uniform(0, 10 * 86_400))
        matched = rng.sample(topics, rng.choice((0, 1, 1, 1, 2)))
        stories.append(
            Candidate(
                story_id=story_id,
                title=f"Story {story_id}",
                url=f"https://example.com/{story_id}",
                summary="Talks resumed on Tuesday. Officials said more would follow.",
                outlets=tuple(rng.sample(OUTLETS, rng.choice((1, 1, 1, 2, 3, 5)))),
                first_seen_at=seen_at,
                published_at=seen_at - timedelta(minutes=rng.uniform(0, 600)),
                backlog=rng.random() < 0.02,
                matches=tuple((t, (t.replace("-", " "),)) for t in matched),
            )
        )
    return stories


def _time_builds(stories: list[Candidate], since_at: datetime | None) -> tuple[list[float], int]:
    topics = [f"topic-{i}" for i in range(TOPICS)]
    timings = []
    placed = 0
    for run_index in range(RUNS):
        start = time.perf_counter()
        build = build_digest(
            stories,
            channel=ChannelRef("console", "bench"),
            topics=topics,
            since_at=since_at,
            now=NOW,
            timezone="Asia/Seoul",
            limits=DigestLimits(),
            digest_id=f"bench-{run_index}",
        )
        timings.append((time.perf_counter() - start) * 1000)
        assert len(build.placed) + len(build.dropped) == len(stories)
        placed = len(build.placed)
    return timings, placed


def run() -> list[dict[str, object]]:
    stories = candidates()
    since_at = NOW - timedelta(days=3)
    oldest_at = NOW - DigestLimits().max_age
    # What a store query that filters the window, the age and the backlog in SQL hands over.
    prefiltered = [
        c
        for c in stories
        if since_at < c.first_seen_at <= NOW and c.published_at >= oldest_at and not c.backlog
    ]
    cases = [
        ("3 days, unfiltered", stories, since_at),
        ("no lower bound, unfiltered", stories, None),
        ("3 days, window filtered by the store", prefiltered, since_at),
    ]
    results: list[dict[str, object]] = []
    for label, pool, since in cases:
        timings, placed = _time_builds(pool, since)
        results.append(
            {
                "figure": "digest_build_ms",
                "case": label,
                "candidates": len(pool),
                "topics": TOPICS,
                "median_ms": round(statistics.median(timings), 2),
                "min_ms": round(min(timings), 2),
                "runs": RUNS,
                "placed": placed,
                "goal_ms": 50,
            }
        )
    return results


if __name__ == "__main__":
    for figure in run():
        print(json.dumps(figure))
