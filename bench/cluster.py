"""Story clustering throughput with 1k, 10k and 100k stories already in the window (issues 4, 14).

Synthetic items: headlines of 6-14 words and leads of 20-40 words drawn from a 20,000-word
vocabulary with a Zipf-like skew (a few words in many headlines, most in few), published over the
last 72 hours. Each of seven timed batches decides and adds 2,000 new items, a fifth of them
rewrites of a headline stored in the last ~7 hours (words dropped and shuffled; same-event
reports are close in time, and older ones rightly do not join), so both the join and the
new-story paths run; the median batch is reported.
The per-item cost should stay flat as the index grows (see ``bot.core.dedupe``'s docstring).
The index's memory per item is measured with ``tracemalloc`` (the Python objects it holds).
Throughput is reported in wall-clock and in CPU time (``time.process_time``): on a shared machine
the wall clock also counts other processes, the CPU time only this one.
Run: ``python -m bench.cluster`` (one JSON line per figure).
"""

from __future__ import annotations

import itertools
import json
import random
import time
import tracemalloc
from datetime import UTC, datetime, timedelta

from bot.core.dedupe import DedupeSettings, StoryDoc, StoryIndex

SIZES = (1_000, 10_000, 100_000)
TIMED_ITEMS = 2_000
ROUNDS = 7  # timed batches per size; the median is reported (``_measure``)
VOCABULARY = 20_000
NOW = datetime(2024, 1, 1, tzinfo=UTC)
SYLLABLES = ("ka", "ri", "mo", "ten", "sal", "vor", "di", "nu", "pe", "lan", "gro", "shi", "ba")


def _vocabulary(rnd: random.Random) -> list[str]:
    words: set[str] = set()
    while len(words) < VOCABULARY:
        words.add("".join(rnd.choice(SYLLABLES) for _ in range(rnd.randint(2, 4))))
    return sorted(words)


class _Corpus:
    def __init__(self, seed: int) -> None:
        self.rnd = random.Random(seed)
        self.words = _vocabulary(self.rnd)
        self.cum_weights = list(
            itertools.accumulate(1.0 / (rank + 1) ** 0.9 for rank in range(VOCABULARY))
        )
        self.next_id = 0

    def _text(self, low: int, high: int) -> str:
        count = self.rnd.randint(low, high)
        return " ".join(self.rnd.choices(self.words, cum_weights=self.cum_weights, k=count))

    def doc(self, at: datetime, title: str | None = None) -> StoryDoc:
        self.next_id += 1
        title = title if title is not None else self._text(6, 14).capitalize()
        return StoryDoc(
            self.next_id, "bench", f"https://bench.example/{self.next_id}", title,
            self._text(20, 40), at,
        )  # fmt: skip

    def rewrite(self, title: str) -> str:
        words = title.split()
        kept = [w for w in words if self.rnd.random() > 0.2] or words
        self.rnd.shuffle(kept)
        return " ".join(kept)


def _fill(size: int, seed: int) -> tuple[StoryIndex, _Corpus, list[StoryDoc]]:
    corpus = _Corpus(seed)
    index = StoryIndex(DedupeSettings())
    stored = []
    for n in range(size):
        at = NOW - timedelta(hours=72) + timedelta(seconds=72 * 3600 * n / size)
        doc = corpus.doc(at)
        index.add(doc, story_id=doc.item_id)
        stored.append(doc)
    return index, corpus, stored


def _batch(corpus: _Corpus, stored: list[StoryDoc], start: datetime) -> list[StoryDoc]:
    """``TIMED_ITEMS`` new items from ``start`` on, a fifth of them rewrites of recent ones."""
    docs = []
    for n in range(TIMED_ITEMS):
        at = start + timedelta(seconds=n)
        if n % 5 == 0:
            recent = stored[-max(1, len(stored) // 10) :]
            docs.append(corpus.doc(at, corpus.rewrite(corpus.rnd.choice(recent).title)))
        else:
            docs.append(corpus.doc(at))
    return docs


def _measure(size: int) -> dict[str, object]:
    """Decide and add ``ROUNDS`` batches in turn; the median batch's rates.

    One batch takes about a second, and on a shared machine one second can run 20% slower than
    the next (the same code measured 1,933 and 2,517 items/s a minute apart). So can a batch
    that holds one of the interpreter's full garbage collections: at 100k stories one takes
    about 0.3 s, and a bot whose window is full runs one about every 26,000 items (each item
    leaves about 8 tracked objects; a full collection comes when those reach a quarter of the
    heap), about 3% of its time. Right after the fill the heap is still growing, so one comes
    sooner, in one or two of the first batches. The median of seven is the steady figure, and
    the range beside it shows the batches that paid for a collection.
    """
    index, corpus, stored = _fill(size, seed=size)
    rates: list[tuple[float, float, int]] = []
    for batch in range(ROUNDS):
        new_docs = _batch(corpus, stored, NOW + timedelta(seconds=batch * TIMED_ITEMS))
        joined = 0
        started, cpu_started = time.perf_counter(), time.process_time()
        for doc in new_docs:
            decision = index.decide(doc)
            joined += decision.story_id is not None
            index.add(doc, decision.story_id if decision.story_id is not None else doc.item_id)
        elapsed = time.perf_counter() - started
        cpu = time.process_time() - cpu_started
        rates.append((TIMED_ITEMS / elapsed, TIMED_ITEMS / cpu, joined))
        stored.extend(new_docs)
    rate, cpu_rate, joined = sorted(rates)[len(rates) // 2]
    return {
        "figure": "cluster_throughput",
        "stories_in_window": size,
        "items": TIMED_ITEMS,
        "rounds": ROUNDS,
        "items_per_s": round(rate),
        "items_per_s_range": [round(min(r[0] for r in rates)), round(max(r[0] for r in rates))],
        "cpu_items_per_s": round(cpu_rate),  # the machine is shared: CPU time is steadier
        "us_per_item": round(1e6 / rate, 1),
        "joined": joined,
    }


def _memory_per_doc(size: int = 10_000) -> dict[str, object]:
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    index, _, stored = _fill(size, seed=1)
    del stored
    after = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    assert len(index) == size
    return {"figure": "index_bytes_per_doc", "docs": size, "bytes": round((after - before) / size)}


def run() -> list[dict[str, object]]:
    """One figure per window size, then the index's memory per doc."""
    return [*(_measure(size) for size in SIZES), _memory_per_doc()]


if __name__ == "__main__":
    for figure in run():
        print(json.dumps(figure))
