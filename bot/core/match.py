"""All topics compiled into one index; one pass over an item's text finds every topic it matches.

Issue 5 asks that matching cost grow slowly with the number of topics, so the index does not loop
over topics: ``bot.core.scan`` makes one pass over an item's folded title and summary with the
automata of every term of every topic (each distinct term once, however many topics hold it),
keeping only hits that start and end on word boundaries (segmenter boundaries for Chinese,
Japanese and Korean, issue 15). ``bot.core.gates`` then tells, on bitsets of the found term ids,
which topics match; only a clause with a NEAR or an exclusion left to check is looked at in
Python (``bot.core.hits`` measures proximity from the same pass).

The matched terms of a topic, for "why did this match", are its found terms that are not under
a NOT, in the query's reading order (``_Labels``).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import chain

from bot.core.gates import ClauseIndex, clauses
from bot.core.hits import Fields, explain
from bot.core.query import Near, Not, Query, Term
from bot.core.scan import Automata, fold_text
from bot.core.segment import Segmenter, shared_segmenter

__all__ = ["TopicIndex", "fold_text"]


@dataclass(frozen=True, slots=True)
class _Topic:
    name: str
    query: Query
    shown: dict[Term, str]  # the terms not under a NOT, in reading order -> their labels


class _Labels:
    """The shown terms of every topic, laid end to end in reading order, topic after topic.

    A unit's *codes* are its terms' places in that layout, one per topic term it stands for.
    An item's codes, sorted, hold each topic's found terms as one run in reading order, found by
    two bisections: the terms of the matching topics cost a sort in C per item and two
    bisections per matching topic, instead of a set intersection and a sort per topic (a long
    item can match hundreds of analysts' topics).
    """

    def __init__(self, topics: list[_Topic], unit_of: Mapping[Term, int], units: int) -> None:
        codes: list[list[int]] = [[] for _ in range(units)]
        labels: list[str] = []
        starts = [0]
        for topic in topics:
            for term, label in topic.shown.items():
                codes[unit_of[term]].append(len(labels))
                labels.append(label)
            starts.append(len(labels))
        self.codes = [tuple(c) for c in codes]
        self.labels = labels
        self.starts = starts


class TopicIndex:
    """Compiled topics. Build with ``compile``; recompile when topics change."""

    def __init__(
        self,
        automata: Automata,
        topics: tuple[_Topic, ...],
        clause_index: ClauseIndex,
        labels: _Labels,
        segmenter: Segmenter,
    ) -> None:
        self._automata = automata
        self._topics = topics
        self._clauses = clause_index
        self._labels = labels
        self._segmenter = segmenter

    @classmethod
    def compile(
        cls, topics: Mapping[str, Query], *, segmenter: Segmenter | None = None
    ) -> TopicIndex:
        every: dict[Term, None] = {}
        placed: set[Term] = set()
        compiled: list[_Topic] = []
        for name, query in topics.items():
            shown: dict[Term, str] = {}
            _register(query, every, shown, placed, negated=False)
            compiled.append(_Topic(name, query, shown))
        automata = Automata(every, placed)
        unit_of, units = automata.unit_of, automata.unit_count
        return cls(
            automata,
            tuple(compiled),
            ClauseIndex([clauses(t.query, unit_of) for t in compiled], units, unit_of),
            _Labels(compiled, unit_of, units),
            segmenter or shared_segmenter(),
        )

    @property
    def topic_names(self) -> tuple[str, ...]:
        return tuple(topic.name for topic in self._topics)

    def scan(self, title: str, summary: str, *, places: bool = False) -> Fields:
        """Every term found in the item (``places``: keep where, for every literal term too)."""
        automata = self._automata
        fields = Fields((fold_text(title), fold_text(summary)), self._segmenter, automata.spellings)
        for field in (0, 1):
            if fields.texts[field]:
                automata.scan(fields, field, every_place=places)
        return fields

    def match(self, title: str, summary: str) -> dict[str, tuple[str, ...]]:
        """Topic name -> labels of the terms that matched, for every topic the item matches."""
        fields = self.scan(title, summary)
        topics = self._clauses.matching(fields)
        if not topics:
            return {}
        labels, starts = self._labels.labels, self._labels.starts
        codes = sorted(chain.from_iterable(map(self._labels.codes.__getitem__, fields.found)))
        matched: dict[str, tuple[str, ...]] = {}
        for index in topics:
            first = bisect_left(codes, starts[index])
            last = bisect_left(codes, starts[index + 1], first)
            matched[self._topics[index].name] = tuple(map(labels.__getitem__, codes[first:last]))
        return matched

    def explain(self, title: str, summary: str) -> dict[str, tuple[str, ...]]:
        """Topic name -> why it matched (terms and where, NEARs and how close, NOTs that held)."""
        fields = self.scan(title, summary, places=True)
        term_id = self._automata.unit_of.__getitem__
        return {
            self._topics[index].name: explain(self._topics[index].query, fields, term_id)
            for index in self._clauses.matching(fields)
        }


def _register(
    query: Query,
    every: dict[Term, None],
    shown: dict[Term, str],
    placed: set[Term],
    *,
    negated: bool,
) -> None:
    """Collect every term, the labels of those not under a NOT (in reading order) and those
    under a NEAR (whose places the scan keeps)."""
    if isinstance(query, Term):
        every[query] = None
        if not negated:
            shown.setdefault(query, query.label)
    elif isinstance(query, Not):
        _register(query.child, every, shown, placed, negated=not negated)
    elif isinstance(query, Near):
        for side in (query.left, query.right):
            _register(side, every, shown, placed, negated=negated)
            members = side.children if not isinstance(side, Term) else (side,)
            placed.update(m for m in members if isinstance(m, Term))
    else:
        for child in query.children:
            _register(child, every, shown, placed, negated=negated)
