"""Story-grouping quality on labeled sets of real items (issue 14): precision, recall, look-alikes.

Runs the real grouping code (``bot.core.dedupe.StoryIndex`` through ``group``) over a labeled set
and scores the result pairwise, the way ``tests/data/stories_dev/score.py`` (the dev corpus'
scorer) does: gold positive pairs are pairs inside one labeled cluster, every other pair is a
negative, cross-outlet recall counts only pairs from two outlets, and look-alike pairs
(``hard_negatives``) must never share a story. Pairs a labeler marked ambiguous count neither way.

Two arrival orders, since the bot sees both: ``published`` (every item in publication order, the
order the dev scorer's README assumes, and the order in which a poll of many feeds hands its new
items to grouping) and ``feeds`` (one feed after another, each feed's items in publication order,
as feeds added one at a time, each with its week of history, arrive).

Run: ``python -m bench.story_quality [--set dev|labeled|all] [--order published|feeds]
[--days] [--predictions PATH]``; one JSON line per measurement. ``--days`` also groups each
day of the dev set alone (the cross-validation view: one day's items never tuned the others).
``--predictions`` writes ``{"id", "story"}`` lines for ``score.py``.
"""

from __future__ import annotations

import argparse
import itertools
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from pathlib import Path

from bot.core.dedupe import DedupeSettings, StoryDoc, group

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"
DEV = DATA / "stories_dev"
LABELED = DATA / "stories_labeled.json"
NOV2023 = DATA / "stories_2023"
NOV2022 = DATA / "corpus_2022"
AUG2023 = DATA / "stories_2023_08"


@dataclass(frozen=True, slots=True)
class LabeledSet:
    """Items as ``StoryDoc`` (``item_id`` is the position in ``keys``) and their labels."""

    name: str
    keys: tuple[str, ...]
    docs: tuple[StoryDoc, ...]
    clusters: tuple[tuple[int, ...], ...]
    hard_negatives: tuple[tuple[int, int], ...]
    ambiguous: frozenset[frozenset[int]] = frozenset()
    days: tuple[str, ...] = ()  # the day (file group) of each item, for the per-day view

    def subset(self, keep: Iterable[int], name: str) -> LabeledSet:
        """The items ``keep`` only, renumbered, with the labels restricted to them."""
        kept = sorted(set(keep))
        new = {old: n for n, old in enumerate(kept)}
        docs = tuple(_renumber(self.docs[old], new[old]) for old in kept)
        clusters = tuple(
            tuple(new[i] for i in c if i in new)
            for c in self.clusters
            if sum(i in new for i in c) > 1
        )
        return LabeledSet(
            name=name,
            keys=tuple(self.keys[old] for old in kept),
            docs=docs,
            clusters=clusters,
            hard_negatives=tuple(
                (new[a], new[b]) for a, b in self.hard_negatives if a in new and b in new
            ),
            ambiguous=frozenset(
                frozenset(new[i] for i in pair)
                for pair in self.ambiguous
                if all(i in new for i in pair)
            ),
            days=tuple(self.days[old] for old in kept) if self.days else (),
        )


def _renumber(doc: StoryDoc, item_id: int) -> StoryDoc:
    from dataclasses import replace

    return replace(doc, item_id=item_id)


@dataclass(frozen=True, slots=True)
class Score:
    precision: float
    recall: float
    cross_recall: float
    true_pairs: int
    false_pairs: int
    gold_pairs: int
    cross_found: int
    cross_gold: int
    hard_negatives_merged: int
    false_examples: tuple[tuple[int, int], ...] = field(default=(), compare=False)

    def row(self) -> dict[str, object]:
        return {
            "precision": round(self.precision, 3),
            "recall": round(self.recall, 3),
            "cross_recall": round(self.cross_recall, 3),
            "pairs": f"{self.true_pairs} right, {self.false_pairs} wrong of {self.gold_pairs}",
            "cross_pairs": f"{self.cross_found} of {self.cross_gold}",
            "look_alikes_merged": self.hard_negatives_merged,
        }


def _read_jsonl(path: Path) -> list[dict[str, object]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def _feed_ids(keys: Sequence[str]) -> dict[str, int]:
    return {key: n + 1 for n, key in enumerate(sorted(set(keys)))}


def load_dev(folder: Path = DEV, name: str = "dev") -> LabeledSet:
    """A corpus in the dev corpus' format: items.jsonl, clusters.jsonl, hard_negatives.jsonl and,
    when present, ambiguous.jsonl (sets whose pairs count neither way); see its README.md."""
    items = _read_jsonl(folder / "items.jsonl")
    keys = tuple(str(i["id"]) for i in items)
    index = {key: n for n, key in enumerate(keys)}
    feeds = _feed_ids([str(i["feed_url"]) for i in items])
    docs = tuple(
        StoryDoc(
            item_id=n,
            outlet=str(i["outlet"]),
            url=str(i["link"]),
            title=str(i["title"]),
            summary=str(i["summary"]),
            published_at=datetime.fromisoformat(str(i["published"]).replace("Z", "+00:00")),
            feed_id=feeds[str(i["feed_url"])],
        )
        for n, i in enumerate(items)
    )
    clusters = tuple(
        tuple(index[str(k)] for k in c["ids"])  # type: ignore[attr-defined]
        for c in _read_jsonl(folder / "clusters.jsonl")
    )
    hard = tuple(
        (index[str(h["a"])], index[str(h["b"])])
        for h in _read_jsonl(folder / "hard_negatives.jsonl")
    )
    days = tuple(str(i["published"])[:10] for i in items)
    ambiguous_path = folder / "ambiguous.jsonl"
    ambiguous = frozenset(
        frozenset((index[str(a)], index[str(b)]))
        for entry in (_read_jsonl(ambiguous_path) if ambiguous_path.exists() else [])
        for a, b in itertools.combinations(entry["ids"], 2)  # type: ignore[call-overload]
    )
    return LabeledSet(name, keys, docs, clusters, hard, ambiguous, days=days)


def load_2023() -> LabeledSet:
    """The second labeled set: 21-23 November 2023, 15 outlets (tests/data/stories_2023)."""
    return load_dev(NOV2023, "2023")


def load_2022() -> LabeledSet:
    """The third labeled set: 14-15 November 2022, 9 feeds, measured before it was tuned on
    (tests/data/corpus_2022)."""
    return load_dev(NOV2022, "2022")


def load_2023_08() -> LabeledSet:
    """The fourth labeled set: 18-19 August 2023, 20 feeds in English and Polish, labeled blind
    and measured before the bot was tuned on it (tests/data/stories_2023_08)."""
    return load_dev(AUG2023, "2023-08")


def load_labeled(path: Path = LABELED) -> LabeledSet:
    """The set labeled for issue 4 from tests/data/outlets (method in stories_labeled.md)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    items = data["items"]
    keys = tuple(i["key"] for i in items)
    index = {key: n for n, key in enumerate(keys)}
    feeds = _feed_ids([i["file"] for i in items])
    docs = tuple(
        StoryDoc(
            item_id=n,
            outlet=i["file"].rsplit("-", 1)[0],
            url=i["link"],
            title=i["title"],
            summary=i["summary"],
            published_at=datetime.fromisoformat(i["published_at"]),
            feed_id=feeds[i["file"]],
            date_estimated=bool(i["date_estimated"]),
        )
        for n, i in enumerate(items)
    )
    clusters = tuple(tuple(index[k] for k in g["items"]) for g in data["groups"])
    hard = tuple((index[h["a"]], index[h["b"]]) for h in data["hard_negatives"])
    ambiguous = frozenset(
        frozenset((index[a], index[b]))
        for keys_ in data["ambiguous"]
        for a, b in itertools.combinations(keys_, 2)
    )
    return LabeledSet("labeled", keys, docs, clusters, hard, ambiguous)


def arrival(docs: Sequence[StoryDoc], order: str) -> list[StoryDoc]:
    """``docs`` in the order the bot would see them (see the module docstring)."""
    by_time = sorted(docs, key=lambda d: (d.published_at, d.item_id))
    if order == "published":
        return by_time
    if order == "feeds":
        return sorted(by_time, key=lambda d: d.feed_id)
    raise ValueError(f"unknown order {order!r}")


def score(labeled: LabeledSet, stories: dict[int, int]) -> Score:
    """Pairwise scores of ``stories`` (item id -> story id) against the labels."""
    label = {i: n for n, c in enumerate(labeled.clusters) for i in c}
    members: dict[int, list[int]] = {}
    for item_id, story in stories.items():
        members.setdefault(story, []).append(item_id)
    predicted = {
        (a, b) if a < b else (b, a)
        for ids in members.values()
        for a, b in itertools.combinations(ids, 2)
    }
    gold = {
        (a, b) if a < b else (b, a)
        for c in labeled.clusters
        for a, b in itertools.combinations(c, 2)
    }
    wrong = sorted(p for p in predicted - gold if frozenset(p) not in labeled.ambiguous)
    right = predicted & gold
    outlet = [d.outlet for d in labeled.docs]
    cross = {p for p in gold if outlet[p[0]] != outlet[p[1]]}
    hard = sum(stories[a] == stories[b] for a, b in labeled.hard_negatives)
    del label
    return Score(
        precision=len(right) / (len(right) + len(wrong)) if right or wrong else 1.0,
        recall=len(right) / len(gold) if gold else 1.0,
        cross_recall=len(right & cross) / len(cross) if cross else 1.0,
        true_pairs=len(right),
        false_pairs=len(wrong),
        gold_pairs=len(gold),
        cross_found=len(right & cross),
        cross_gold=len(cross),
        hard_negatives_merged=hard,
        false_examples=tuple(wrong),
    )


def measure(
    labeled: LabeledSet, order: str = "published", settings: DedupeSettings | None = None
) -> tuple[Score, dict[int, int]]:
    stories = group(arrival(labeled.docs, order), settings or DedupeSettings())
    return score(labeled, stories), stories


def write_predictions(labeled: LabeledSet, stories: dict[int, int], path: Path) -> None:
    lines = (json.dumps({"id": key, "story": stories[n]}) for n, key in enumerate(labeled.keys))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def run() -> list[dict[str, object]]:
    """``make bench``'s figures: quality on both sets in both orders, and through the pipeline."""
    from bench.story_pipeline import measure_pipeline

    rows: list[dict[str, object]] = []
    for labeled, order in itertools.product(_sets("all"), ("published", "feeds")):
        result, _ = measure(labeled, order)
        rows.append(
            {"figure": "story_quality", "set": labeled.name, "order": order, **result.row()}
        )
    rows.append({"figure": "story_quality", **measure_pipeline()})
    return rows


BLIND_SETS = {
    # English and Polish world-news feeds of one archive (each folder's SOURCES.md), labeled
    # blind by helpers and measured before anything was tuned on them (each folder's README)
    "2023-03": "stories_2023_03",  # 16-17 March 2023, 15 feeds
    "2023-07": "stories_2023_07",  # 12-13 July 2023, 15 feeds
    "2023-04": "stories_2023_04",  # 26-27 April 2023, 14 feeds
    "2023-09": "stories_2023_09",  # 12-13 September 2023, 14 feeds
    "2023-06": "stories_2023_06",  # 18-19 June 2023, 15 feeds
    "2023-10": "stories_2023_10",  # 16-17 October 2023, 12 feeds
    "2023-01": "stories_2023_01",  # 24-25 January 2023, 14 feeds
    "2023-12": "stories_2023_12",  # 12-13 December 2023, 12 feeds
    "2023-05": "stories_2023_05",  # 7-8 May 2023, 15 feeds
    "2023-12b": "stories_2023_12b",  # 18-19 December 2023, 13 feeds
    "2023-02": "stories_2023_02",  # 24-25 February 2023, 14 feeds
    "2023-08b": "stories_2023_08b",  # 24-25 August 2023, 16 feeds
    "2023-04b": "stories_2023_04b",  # 5-6 April 2023, 16 feeds
    "2023-06b": "stories_2023_06b",  # 24-25 June 2023, 15 feeds
    "2023-05b": "stories_2023_05b",  # 20-21 May 2023, 15 feeds
    "2023-03b": "stories_2023_03b",  # 21-22 March 2023, 15 feeds
    "2023-08c": "stories_2023_08c",  # 9-10 August 2023, 15 feeds
    "2023-11b": "stories_2023_11b",  # 15-16 November 2023, 13 feeds
    "2023-07b": "stories_2023_07b",  # 4-5 July 2023, 14 feeds
    "2023-02b": "stories_2023_02b",  # 3-4 February 2023, 13 feeds
    "2023-03c": "stories_2023_03c",  # 6-7 March 2023, 14 feeds
    "2023-04c": "stories_2023_04c",  # 8-9 April 2023, 14 feeds
    "2023-05c": "stories_2023_05c",  # 31 May - 1 June 2023, 15 feeds
    "2023-09b": "stories_2023_09b",  # 20-21 September 2023, 15 feeds
    "2023-07c": "stories_2023_07c",  # 18-19 July 2023, 14 feeds
    "2023-02c": "stories_2023_02c",  # 20-21 February 2023, 14 feeds
    "2023-11c": "stories_2023_11c",  # 6-7 November 2023, 13 feeds
    "2023-06c": "stories_2023_06c",  # 12-13 June 2023, 15 feeds
    "2023-10b": "stories_2023_10b",  # 4-5 October 2023, 13 feeds
    "2023-05d": "stories_2023_05d",  # 15-16 May 2023, 15 feeds
    "2023-08d": "stories_2023_08d",  # 1-2 August 2023, 15 feeds
    "2023-12c": "stories_2023_12c",  # 4-5 December 2023, 13 feeds
    "2023-09c": "stories_2023_09c",  # 27-28 September 2023, 15 feeds
    "2023-10c": "stories_2023_10c",  # 24-25 October 2023, 13 feeds
    "2023-06d": "stories_2023_06d",  # 28-29 June 2023, 14 feeds
    "2023-11d": "stories_2023_11d",  # 28-29 November 2023, 13 feeds
    "2023-01b": "stories_2023_01b",  # 17-18 January 2023, 14 feeds
    "2023-07d": "stories_2023_07d",  # 26-27 July 2023, 15 feeds
    "2023-03d": "stories_2023_03d",  # 28-29 March 2023, 15 feeds
    "2023-10d": "stories_2023_10d",  # 30-31 October 2023, 13 feeds
    "2023-02d": "stories_2023_02d",  # 13-14 February 2023, 15 feeds
    "2023-09d": "stories_2023_09d",  # 5-6 September 2023, 15 feeds
    "2024-04": "stories_2024_04",  # 16-17 April 2024, the dev corpus' 15 feeds
    "2024-08": "stories_2024_08",  # 20-21 August 2024, the dev corpus' 15 feeds
    "2024-10": "stories_2024_10",  # 15-16 October 2024, the dev corpus' 15 feeds
    "2024-02": "stories_2024_02",  # 20-21 February 2024, the dev corpus' feeds but the FT
}
LOADERS: dict[str, Callable[[], LabeledSet]] = {
    "dev": load_dev,
    "labeled": load_labeled,
    "2023": load_2023,
    "2022": load_2022,
    "2023-08": load_2023_08,
    **{name: partial(load_dev, DATA / folder, name) for name, folder in BLIND_SETS.items()},
}
"""Every labeled set by name, in the order ``make bench`` prints them; the tests read it too."""
SETS = tuple(LOADERS)


def _sets(which: str) -> list[LabeledSet]:
    return [load() for name, load in LOADERS.items() if which in (name, "all")]


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.story_quality")
    parser.add_argument("--set", default="all", choices=(*SETS, "all"))
    parser.add_argument("--order", default="both", choices=("published", "feeds", "both"))
    parser.add_argument("--days", action="store_true", help="also score each dev day alone")
    parser.add_argument("--predictions", type=Path, help="write score.py predictions (dev set)")
    parser.add_argument("--wrong", action="store_true", help="print the wrongly merged pairs")
    args = parser.parse_args(argv)
    orders = ("published", "feeds") if args.order == "both" else (args.order,)
    for labeled in _sets(args.set):
        parts = [labeled]
        if args.days and labeled.days:
            for day in sorted(set(labeled.days)):
                keep = [n for n, d in enumerate(labeled.days) if d == day]
                parts.append(labeled.subset(keep, f"{labeled.name}:{day}"))
        for part, order in itertools.product(parts, orders):
            result, stories = measure(part, order)
            print(json.dumps({"set": part.name, "order": order, **result.row()}))
            if args.wrong:
                for a, b in result.false_examples:
                    print(f"  WRONG {part.docs[a].title[:70]!r} | {part.docs[b].title[:70]!r}")
            if args.predictions and part is labeled and order == orders[0]:
                write_predictions(labeled, stories, args.predictions)


if __name__ == "__main__":
    main()
