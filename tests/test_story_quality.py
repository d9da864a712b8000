"""Story grouping quality on two labeled sets of real items, and through the whole bot (issue 14).

- ``stories_dev/``: the project's development corpus (984 items, 15 outlets, 26-28 May 2024).
- ``stories_labeled.json``: 881 items of ``outlets/`` labeled for issue 4 (2015-2022 captures).

The floors are the values measured with the default settings (bench/story_quality.py prints
them); a change that lowers one must say why. Look-alike pairs merged are a ceiling: the goal
is none, and the dev corpus' remaining ones are successive developments that share every word
but the verb (a slur reported / apologised for).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.story_pipeline import run as run_pipeline
from bench.story_quality import LabeledSet, Score, load_dev, load_labeled, measure, score

# measured: dev published 0.919 / 0.375 (cross 0.377), 4 look-alikes; feeds 0.944 / 0.393, 3
# labeled published 0.814 / 0.714 (cross 0.606), 0 look-alikes; feeds 0.774 / 0.701, 0
FLOORS = [
    # (set, order, precision, recall, cross-outlet recall, look-alikes merged at most)
    ("dev", "published", 0.90, 0.37, 0.37, 4),
    ("dev", "feeds", 0.92, 0.36, 0.36, 3),
    ("labeled", "published", 0.79, 0.70, 0.59, 0),
    ("labeled", "feeds", 0.76, 0.67, 0.53, 0),
]
SETS: dict[str, LabeledSet] = {}


def labeled_set(name: str) -> LabeledSet:
    if name not in SETS:
        SETS[name] = load_dev() if name == "dev" else load_labeled()
    return SETS[name]


@pytest.mark.parametrize(
    ("name", "order", "precision", "recall", "cross", "look_alikes"),
    FLOORS,
    ids=[f"{f[0]}-{f[1]}" for f in FLOORS],
)
def test_grouping_stays_above_its_floors(
    name: str, order: str, precision: float, recall: float, cross: float, look_alikes: int
) -> None:
    result, _ = measure(labeled_set(name), order)
    assert result.precision >= precision, result
    assert result.recall >= recall, result
    assert result.cross_recall >= cross, result
    assert result.hard_negatives_merged <= look_alikes, result


def test_each_dev_day_alone_keeps_precision() -> None:
    """Cross-validation view: no day of the dev corpus is much worse than the whole."""
    dev = labeled_set("dev")
    for day in sorted(set(dev.days)):
        part = dev.subset([n for n, d in enumerate(dev.days) if d == day], day)
        result, _ = measure(part, "published")
        assert result.precision >= 0.85, (day, result)
        assert result.recall >= 0.42, (day, result)


def test_labels_are_consistent() -> None:
    for name in ("dev", "labeled"):
        data = labeled_set(name)
        grouped = [i for c in data.clusters for i in c]
        assert len(grouped) == len(set(grouped)), f"{name}: an item is in two clusters"
        label = {i: n for n, c in enumerate(data.clusters) for i in c}
        for a, b in data.hard_negatives:
            assert label.get(a, -1) != label.get(b, -2), (name, a, b)


def test_the_scorer_can_fail() -> None:
    """One story for all items has terrible precision; one story each has no recall."""
    dev = labeled_set("dev")
    everything: Score = score(dev, dict.fromkeys(range(len(dev.docs)), 1))
    assert everything.precision < 0.01
    assert everything.recall == 1.0
    assert everything.hard_negatives_merged == len(dev.hard_negatives)
    alone = score(dev, {n: n for n in range(len(dev.docs))})
    assert (alone.recall, alone.precision) == (0.0, 1.0)


async def test_the_whole_bot_groups_years_old_items_polled_today(tmp_path: Path) -> None:
    """Every outlet polled once over loopback with today's clock: all items are far older
    than the window on arrival (a backfill), and they still group with each other."""
    stories, counts = await run_pipeline(tmp_path / "dev.db")
    dev = labeled_set("dev")
    assert len(stories) >= len(dev.keys) - 10  # a few share a canonical link with another
    predicted = {n: stories.get(key, -1 - n) for n, key in enumerate(dev.keys)}
    result = score(dev, predicted)
    assert counts["stories"] < counts["items"] - 150, counts
    assert result.precision >= 0.85, result  # measured 0.877 (feeds polled one by one, in order)
    assert result.recall >= 0.34, result  # measured 0.365
