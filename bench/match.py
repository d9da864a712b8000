"""Matching throughput with 10, 100 and 1,000 topics over the real captures' items (issue 5).

The goal is that 1,000 topics cost no more than 3x what 10 cost. Synthetic topics are drawn from
a vocabulary of the words that occur in the captures (plus a few CJK terms), shaped like the
built-in ones: an OR group ANDed with another OR group, a phrase and an exclusion. The six
built-in topics are always included. Prints one JSON line per figure.
"""

from __future__ import annotations

import json
import random
import re
import time
from pathlib import Path

import feedparser

from bot.core.match import TopicIndex
from bot.core.normalize import plain_text
from bot.core.query import Query, parse_query
from bot.topics import load_builtin_topics

OUTLETS = Path(__file__).resolve().parent.parent / "tests" / "data" / "outlets"
TOPIC_COUNTS = (10, 100, 1000)
ROUNDS = 5
CJK_TERMS = [
    "日本",
    "韓国",
    "台湾",
    "中国",
    "北京",
    "朝鲜",
    "한국",
    "일본",
    "制裁",
    "美国",
    "俄罗斯",
]
_WORD = re.compile(r"[A-Za-z]{4,}")


def load_items() -> list[tuple[str, str]]:
    items: list[tuple[str, str]] = []
    for path in sorted(OUTLETS.glob("*.xml")):
        # TID251 waived: the bench reads the captures the way the labeled quality test does.
        entries = feedparser.parse(path.read_bytes()).entries  # noqa: TID251
        items.extend(
            (plain_text(e.get("title"), limit=4000), plain_text(e.get("summary"), limit=4000))
            for e in entries
        )
    return items


def synthetic_topics(count: int, items: list[tuple[str, str]], seed: int = 5) -> dict[str, Query]:
    rng = random.Random(seed)
    vocabulary = sorted({w for t, s in items for w in _WORD.findall(t + " " + s)}) + CJK_TERMS
    topics = {name: parse_query(q) for name, q in load_builtin_topics().items()}
    while len(topics) < count:
        left = " OR ".join(rng.sample(vocabulary, 4))
        right = " OR ".join(rng.sample(vocabulary, 4))
        phrase = " ".join(rng.sample(vocabulary, 2))
        query = f'({left}) ({right}) OR "{phrase}" -{rng.choice(vocabulary)}'
        topics[f"synthetic-{len(topics)}"] = parse_query(query)
    return dict(list(topics.items())[:count])


def measure(index: TopicIndex, items: list[tuple[str, str]]) -> float:
    """Best items/s over ``ROUNDS`` passes."""
    best = float("inf")
    for _ in range(ROUNDS):
        start = time.perf_counter()
        for title, summary in items:
            index.match(title, summary)
        best = min(best, time.perf_counter() - start)
    return len(items) / best


def run() -> list[dict[str, object]]:
    items = load_items()
    figures: list[dict[str, object]] = []
    for count in TOPIC_COUNTS:
        topics = synthetic_topics(count, items)
        start = time.perf_counter()
        index = TopicIndex.compile(topics)
        compile_s = time.perf_counter() - start
        rate = measure(index, items)
        figures.append(
            {
                "figure": "match_items_per_s",
                "topics": count,
                "items": len(items),
                "items_per_s": round(rate),
                "compile_ms": round(compile_s * 1000, 1),
            }
        )
    base = float(str(figures[0]["items_per_s"]))
    for figure in figures:
        figure["cost_vs_10_topics"] = round(base / float(str(figure["items_per_s"])), 2)
    return figures


if __name__ == "__main__":
    for line in run():
        print(json.dumps(line))
