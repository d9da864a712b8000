"""The story memory's story frequencies stay exact through adds, moves and evictions."""

from __future__ import annotations

import math

from hypothesis import given
from hypothesis import strategies as st

from bot.core.similarity import Features
from bot.core.story_memory import Entry, StoryMemory

WORDS = ["rafah", "strike", "tariff", "summit", "Kishida", "landslide"]
OPS = st.lists(
    st.tuples(
        st.sampled_from(["add", "move", "remove"]),
        st.integers(0, 11),  # item
        st.integers(0, 3),  # story
        st.lists(st.sampled_from(WORDS), min_size=1, max_size=4),
    ),
    max_size=40,
)


def _entry(item_id: int, story_id: int, words: list[str]) -> Entry:
    features = Features.of(" ".join(words), "", 300)
    return Entry(item_id, story_id, 1, float(item_id), float(item_id), False, "", features)


@given(OPS)
def test_story_frequencies_match_a_recount(ops: list[tuple[str, int, int, list[str]]]) -> None:
    memory = StoryMemory(window_s=3600.0)
    for op, item_id, story_id, words in ops:
        if op == "add" and item_id not in memory.entries:
            memory.add(_entry(item_id, story_id, words))
        elif op == "move":
            memory.move(item_id, story_id)
        elif op == "remove" and item_id in memory.entries:
            memory.remove(item_id)
    holders: dict[str, set[int]] = {}
    items: dict[str, int] = {}
    for entry in memory.entries.values():
        for token in entry.features.body:
            holders.setdefault(token, set()).add(entry.story_id)
            items[token] = items.get(token, 0) + 1
    idf = memory.idf
    assert idf.stories == len(memory.stories) == len({e.story_id for e in memory.entries.values()})
    assert idf.docs == len(memory.entries)
    for token in {t for w in WORDS for t in Features.of(w, "", 300).body}:
        assert idf.df(token) == len(holders.get(token, ())), token
        assert idf.items(token) == items.get(token, 0), token
    # the table the comparisons sum weights over (``evidence.measure``) follows the counts
    table = idf.table(idf.log_docs())
    assert table.ell == {t: math.log(len(h) + 1) for t, h in holders.items()}
    for token, stories in holders.items():  # the weight itself, from the recount
        expected = table.log_docs - math.log(len(stories) + 1)
        assert idf.weight(token, table.log_docs) == max(expected, 0.0) == expected
    for story in memory.stories.values():
        assert (story.tokens is None) is (len(story.members) == 1)
