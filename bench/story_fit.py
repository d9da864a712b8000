"""Fit the weights of the pair evidence (``bot.core.evidence``) on labeled sets, and check them.

Why a script: the weights in ``bot.core.evidence`` are a logistic model of "same event"; this is
how they were fitted and how anyone can refit them after changing a feature, instead of a table
of numbers nobody can reproduce.

What it fits on: the comparisons the index actually makes. Each labeled set is replayed in
publication order through the real ``StoryIndex`` (so the rolling story frequencies are the ones
a running bot would have at that moment); every new item is measured (``evidence.measure``)
against every earlier item of the window it shares a token with. A pair is positive when both
items are in one labeled cluster; pairs a labeler marked ambiguous are left out. The fit is a
plain L2-regularised logistic regression (Newton's method, pure Python: ~20 features, a few
thousand pairs).

How it is checked: average precision and recall at 90 % / 95 % pair precision on every set, for
weights fitted on the dev corpus, on each dev day alone (the cross-validation view: one day's
items never tuned the others) and on the second set.

Run: ``python -m bench.story_fit [--train dev|2023|labeled|day] [--hours 48]``.
"""

from __future__ import annotations

import argparse
import json
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from bench.story_quality import LabeledSet, arrival, load_2023, load_dev, load_labeled
from bot.core import evidence
from bot.core.dedupe import DedupeSettings, StoryIndex

L2 = 1.0  # ridge penalty; the features are all of order 1


@dataclass(frozen=True, slots=True)
class Pair:
    x: tuple[float, ...]
    y: int


def pairs_of(labeled: LabeledSet, hours: float = 48.0) -> list[Pair]:
    """Every comparison the index could make on ``labeled``, measured, with its label."""
    index = StoryIndex(DedupeSettings())
    memory = index._memory  # the bench reads the index's state on purpose
    label: dict[int, object] = {i: n for n, c in enumerate(labeled.clusters) for i in c}
    out: list[Pair] = []
    for doc in arrival(labeled.docs, "published"):
        features = index._features(doc)
        probe = index._probe(features, doc)
        seen: set[int] = set()
        for token in features.body:
            seen.update(memory.postings.get(token, ()))
        for other in sorted(seen):
            entry = memory.entries.get(other)
            if entry is None or abs(entry.at - probe.at) > hours * 3600:
                continue
            if frozenset((doc.item_id, other)) in labeled.ambiguous:
                continue
            same_feed = bool(doc.feed_id) and doc.feed_id == labeled.docs[other].feed_id
            signals = evidence.measure(probe, entry.features, entry.at, entry.estimated, same_feed)
            if signals.veto is not None and signals.shared < evidence.MIN_SHARED:
                continue
            y = int(label.get(doc.item_id, ("s", doc.item_id)) == label.get(other, ("s", other)))
            out.append(Pair((*signals.vector(), float(signals.veto is not None)), y))
        decision = index.decide(doc)
        index.add(doc, decision.story_id if decision.story_id is not None else -1 - doc.item_id)
    return out


def fit(pairs: Sequence[Pair], l2: float = L2, iterations: int = 25) -> list[float]:
    """Logistic regression by Newton's method: [bias, w1, ...]."""
    size = len(pairs[0].x) + 1
    w = [0.0] * size
    rows = [(1.0, *p.x) for p in pairs]
    for _ in range(iterations):
        grad = [0.0] * size
        hess = [[0.0] * size for _ in range(size)]
        for x, pair in zip(rows, pairs, strict=True):
            z = sum(a * b for a, b in zip(w, x, strict=True))
            p = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
            d, s = p - pair.y, p * (1.0 - p)
            for a in range(size):
                grad[a] += d * x[a]
                xs = x[a] * s
                row = hess[a]
                for b in range(a, size):
                    row[b] += xs * x[b]
        for a in range(size):
            for b in range(a):
                hess[a][b] = hess[b][a]
            if a:
                grad[a] += l2 * w[a]
                hess[a][a] += l2
        step = _solve(hess, grad)
        w = [a - b for a, b in zip(w, step, strict=True)]
        if max(abs(v) for v in step) < 1e-7:
            break
    return w


def _solve(matrix: list[list[float]], vector: list[float]) -> list[float]:
    """Gauss-Jordan elimination with partial pivoting (a ~15x15 system)."""
    n = len(vector)
    m = [[*row[:], vector[i]] for i, row in enumerate(matrix)]
    for col in range(n):
        pivot = max(range(col, n), key=lambda r: abs(m[r][col]))
        m[col], m[pivot] = m[pivot], m[col]
        value = m[col][col] or 1e-12
        for r in range(n):
            if r != col and m[r][col]:
                factor = m[r][col] / value
                for k in range(col, n + 1):
                    m[r][k] -= factor * m[col][k]
    return [m[i][n] / (m[i][i] or 1e-12) for i in range(n)]


def quality(w: Sequence[float], pairs: Sequence[Pair], positives: int) -> dict[str, float]:
    """Average precision and recall at 90 % / 95 % precision of the scores ``w`` gives."""
    scored = sorted(
        ((sum(a * b for a, b in zip(w, (1.0, *p.x), strict=True)), p.y) for p in pairs),
        reverse=True,
    )
    tp = fp = 0
    ap = 0.0
    at: dict[float, int] = {0.9: 0, 0.95: 0}
    for _, y in scored:
        tp += y
        fp += 1 - y
        if y:
            ap += tp / (tp + fp)
        for target in at:
            if tp / (tp + fp) >= target:
                at[target] = tp
    total = max(1, positives)
    return {"ap": round(ap / total, 3), "r@p90": round(at[0.9] / total, 3),
            "r@p95": round(at[0.95] / total, 3)}  # fmt: skip


def current() -> list[float]:
    """The weights ``bot.core.evidence`` uses now, in the same order (a veto scores -9)."""
    return [evidence.BIAS, *evidence.weights(), -9.0]


def _positives(labeled: LabeledSet) -> int:
    return sum(len(c) * (len(c) - 1) // 2 for c in labeled.clusters)


def _days(labeled: LabeledSet) -> dict[str, LabeledSet]:
    return {
        day: labeled.subset([n for n, d in enumerate(labeled.days) if d == day], f"dev:{day}")
        for day in sorted(set(labeled.days))
    }


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.story_fit")
    parser.add_argument("--train", default="dev", choices=("dev", "2023", "labeled", "day"))
    parser.add_argument("--hours", type=float, default=48.0)
    args = parser.parse_args(argv)
    loaders: dict[str, Callable[[], LabeledSet]] = {
        "dev": load_dev, "2023": load_2023, "labeled": load_labeled,
    }  # fmt: skip
    sets = {name: load() for name, load in loaders.items()}
    parts = dict(sets)
    if args.train == "day":
        parts.update(_days(sets["dev"]))
    pairs = {name: pairs_of(part, args.hours) for name, part in parts.items()}
    names = [name for name, _ in evidence.FEATURES] + ["veto"]
    trains = [n for n in parts if n.startswith("dev:")] if args.train == "day" else [args.train]
    for train in ["current", *trains]:
        w = current() if train == "current" else fit(pairs[train])
        print(json.dumps({"fitted_on": train, "weights": dict(
            zip(["bias", *names], (round(v, 2) for v in w), strict=True)
        )}))  # fmt: skip
        for name, part in parts.items():
            print(json.dumps({"fitted_on": train, "set": name,
                              **quality(w, pairs[name], _positives(part))}))  # fmt: skip


if __name__ == "__main__":
    main()
