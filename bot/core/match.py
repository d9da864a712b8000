"""All topics compiled into one index; one pass over an item's text finds every topic it matches.

Issue 5 asks that matching cost grow slowly with the number of topics, so the index does not loop
over topics: ``bot.core.scan`` makes one pass over an item's folded title and summary with the
automata of every term of every topic (each distinct term once, however many topics hold it),
keeping only hits that start and end on word boundaries (segmenter boundaries for Chinese,
Japanese and Korean, issue 15). ``bot.core.gates`` then tells, on bitsets of the found term ids,
which topics match; only a clause with a NEAR or an exclusion left to check is looked at in
Python (``bot.core.hits`` measures proximity from the same pass).

The matched terms of a topic, for the digest's "matched:" line, are the found terms of the
clauses that held (not every term of the topic the item holds, nor any under a NOT), in the
query's reading order (``_Labels``), listed when a caller first asks for them
(``TopicMatches``).
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_left
from collections.abc import (
    ItemsView,
    Iterable,
    Iterator,
    KeysView,
    Mapping,
    Sequence,
    ValuesView,
)
from dataclasses import dataclass
from operator import attrgetter
from typing import cast

from bot.core.fold import fold_text
from bot.core.gates import ClauseIndex, clause_terms, clauses
from bot.core.hits import Fields, explain
from bot.core.query import Near, Not, Query, Term
from bot.core.scan import Automata
from bot.core.segment import Segmenter, shared_segmenter

__all__ = ["TopicIndex", "TopicMatches", "fold_text"]
_LABEL = attrgetter("label")
_CODE = "I" if array("I").itemsize >= 4 else "L"  # a place among all topics' shown terms


@dataclass(frozen=True, slots=True)
class _Topic:
    name: str
    query: Query
    shown: dict[Term, str]  # the terms not under a NOT, in reading order -> their labels


class _Labels:
    """The shown terms of every topic, laid end to end in reading order, topic after topic.

    A unit's *codes* are its terms' places in that layout, one per topic term it stands for,
    kept as packed 32-bit integers so that an item's codes are one ``bytes.join``. Sorted, they
    hold each topic's found terms as one run in reading order, found by two bisections: the
    terms of the matching topics cost a sort in C per item and two bisections per matching
    topic, instead of a set intersection and a sort per topic (a long item can match hundreds
    of analysts' topics).

    A clause's *mask* has a bit for each place of its topic that the clause's present terms
    stand for (bit 0 the topic's first place): a run keeps the places of the clauses that
    held (``ClauseIndex.held_terms``) with a shift and an AND each.
    """

    def __init__(
        self,
        topics: list[_Topic],
        unit_of: Mapping[Term, int],
        units: int,
        clause_units: Sequence[Sequence[frozenset[int] | None]] = (),
    ) -> None:
        codes: dict[int, list[int]] = {}  # only the units a topic shows (most are none's)
        labels: list[str] = []
        starts = [0]
        shared: list[bool] = []
        masks: list[int] = []
        one: dict[str, str] = {}  # one string per label: topics share words ("korea")
        for number, topic in enumerate(topics):
            # one label per unit: "Taiwan", "Taïwan" and "Taiwán" fold to one word, and a
            # text that holds it matched it once (the first spelling in reading order is shown)
            first: dict[int, str] = {}
            for term, label in topic.shown.items():
                first.setdefault(unit_of[term], label)
            # and one code per folded label: "title:Xi" and "Xi" are two units of one word, so
            # are "China" and "china" (the capital gives the first the adjectives' forms)
            code_of: dict[str, int] = {}
            place_of: dict[int, int] = {}  # unit -> its place, counted from the topic's first
            for unit, label in first.items():
                key = fold_text(label)
                if key not in code_of:
                    code_of[key] = len(labels)
                    labels.append(one.setdefault(label, label))
                codes.setdefault(unit, []).append(code_of[key])
                place_of[unit] = code_of[key] - starts[-1]
            shared.append(len(code_of) < len(first))
            starts.append(len(labels))
            masks.extend(
                -1 if held is None else _mask(held, place_of)
                for held in (clause_units[number] if clause_units else ())
            )
        self.codes = [b""] * units
        for unit, places in codes.items():
            self.codes[unit] = array(_CODE, places).tobytes()
        self.labels = labels
        self.starts = starts
        self.shared = shared  # topic -> some label stands for two units (found twice: once)
        self.masks = masks  # clause -> the places of its topic it lists (-1: all)

    def terms(
        self, found: Iterable[int], topics: Iterable[int], held: Sequence[int]
    ) -> list[tuple[str, ...]]:
        """The labels of the found terms of each topic, in reading order, that its ``held``
        (the OR of the masks of its clauses that hold; -1: all) lists."""
        codes = sorted(array(_CODE, b"".join(map(self.codes.__getitem__, found))))
        label, starts, shared = self.labels.__getitem__, self.starts, self.shared
        terms = []
        last = 0
        for index, mask in zip(topics, held, strict=True):  # ascending topics: runs in turn
            base = starts[index]
            first = bisect_left(codes, base, last)
            last = bisect_left(codes, starts[index + 1], first)
            run = codes[first:last]
            if mask != -1:
                run = [c for c in run if mask >> (c - base) & 1]
            terms.append(tuple(map(label, dict.fromkeys(run) if shared[index] else run)))
        return terms


def _mask(units: frozenset[int], place_of: Mapping[int, int]) -> int:
    mask = 0
    for unit in units:
        place = place_of.get(unit)
        if place is not None:
            mask |= 1 << place
    return mask


class TopicMatches(Mapping[str, tuple[str, ...]]):
    """The topics an item matches -> the labels of their matched terms, worked out on first use.

    Deciding which topics match is cheap (``bot.core.gates``); listing each one's matched terms
    costs about as much again with 1,000 analysts' topics, and a caller that only asks which
    topics matched (or drops the item) never needs them (issue 15). The first value asked for
    lists the terms of every matched topic at once (one sort), later ones are looked up.
    """

    __slots__ = ("_clauses", "_fields", "_held", "_labels", "_names", "_terms")

    def __init__(
        self,
        names: dict[str, int],
        fields: Fields | None,
        labels: _Labels,
        clauses: ClauseIndex | None,
        held: tuple[list[int], list[int]] = ([], []),
    ) -> None:
        self._names = names  # topic name -> its index, in index order
        self._fields = fields
        self._labels = labels
        self._clauses = clauses
        self._held = held  # passed and unchecked clauses (``ClauseIndex.matching_clauses``)
        self._terms: dict[str, tuple[str, ...]] | None = None

    def _listed(self) -> dict[str, tuple[str, ...]]:
        if self._terms is None:
            fields, clauses, topics = self._fields, self._clauses, list(self._names.values())
            if fields is None or clauses is None:
                self._terms = {}
                return self._terms
            held = clauses.held_terms(fields, topics, self._held, self._labels.masks)
            listed = self._labels.terms(fields.found, topics, held)
            self._fields = None  # the item's text is not kept past the listing
            self._terms = dict(zip(self._names, listed, strict=True))
        return self._terms

    def __getitem__(self, name: str) -> tuple[str, ...]:
        return self._listed()[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)

    def __contains__(self, name: object) -> bool:
        return name in self._names

    def keys(self) -> KeysView[str]:
        return self._names.keys()

    def items(self) -> ItemsView[str, tuple[str, ...]]:
        return self._listed().items()

    def values(self) -> ValuesView[tuple[str, ...]]:
        return self._listed().values()

    def __eq__(self, other: object) -> bool:
        return self._listed() == other if isinstance(other, dict) else super().__eq__(other)

    __hash__ = None  # type: ignore[assignment]  # a mapping, unhashable like dict

    def __repr__(self) -> str:
        return f"TopicMatches({self._listed()!r})"


_NO_MATCH = TopicMatches({}, None, _Labels([], {}, 0), None)


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
        self._names = tuple(topic.name for topic in topics)

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
        found = [clauses(t.query, unit_of) for t in compiled]
        terms = [[clause_terms(c) for c in of_topic] for of_topic in found]
        return cls(
            automata,
            tuple(compiled),
            ClauseIndex(found, units, unit_of),
            _Labels(compiled, unit_of, units, terms),
            segmenter or shared_segmenter(),
        )

    @property
    def topic_names(self) -> tuple[str, ...]:
        return self._names

    def scan(self, title: str, summary: str, *, places: bool = False) -> Fields:
        """Every term found in the item (``places``: keep where, for every literal term too)."""
        automata = self._automata
        title = without_source(title)
        fields = Fields((fold_text(title), fold_text(summary)), self._segmenter, automata.spellings)
        for field, written in enumerate((title, summary)):
            if fields.texts[field]:
                automata.scan(fields, field, every_place=places, written=written)
        return fields

    def match(self, title: str, summary: str) -> TopicMatches:
        """Topic name -> labels of the terms that matched, for every topic the item matches.

        A read-only mapping; the terms are listed when first asked for (``TopicMatches``).
        """
        fields = self.scan(title, summary)
        topics, passed, unchecked = self._clauses.matching_clauses(fields)
        if not topics:
            return _NO_MATCH
        names = dict(zip(map(self._names.__getitem__, topics), topics, strict=True))
        return TopicMatches(names, fields, self._labels, self._clauses, (passed, unchecked))

    def explain(self, title: str, summary: str) -> dict[str, tuple[str, ...]]:
        """Topic name -> why it matched (terms and where, NEARs and how close, NOTs that held)."""
        fields = self.scan(title, summary, places=True)
        term_id = self._automata.unit_of.__getitem__
        return {  # a term in several parts of a query ("Ukraine" beside "war", in the title) once
            self._topics[index].name: tuple(
                dict.fromkeys(explain(self._topics[index].query, fields, term_id))
            )
            for index in self._clauses.matching(fields)
        }


# An aggregator's "… - The Washington Post" names the outlet, not the story (Google News ends every
# headline so): "Beijing cuts rates again - The Washington Post" is no China-US story, nor "Japan
# election: Takaichi wins - Korea JoongAng Daily" a Japan-Korea one. Only a tail of at most five
# capitalized words that ends in a word naming a news outlet goes, so that a section tail such as
# the BBC's "… - Ukraine" stays (it labeled a prisoner-swap report, the 2023-02b set). Story
# grouping drops a broader tail (``bot.core.similarity``'s ``_OUTLET_SUFFIX``: any five capitalized
# words), where a section name is no evidence of the event; for a topic it can be the topic.
_SOURCE_SUFFIX = re.compile(
    r"\s+[-–—|]\s+(?:[A-Z][\w.&'’-]*\s+){0,4}"
    r"(?:Times|Post|News|Daily|Herald|Journal|Independent|Tribune|Telegraph|Guardian|Gazette|"
    r"Mail|Express|Standard|Today|Review|Monitor|Observer|Insider|Magazine|Agency|Press|"
    r"Reuters|Bloomberg|AP|AFP|CNN|BBC|NHK|Yonhap|Kyodo|Xinhua|Nikkei|Economist|Politico|Axios|"
    r"Network|Radio|TV|Online|Wire|Chronicle|Globe|Dispatch|Bulletin|Diplomat)\s*$"
)


def without_source(title: str) -> str:
    """``title`` without an aggregator's trailing outlet name ("… - The Korea Times")."""
    if " " not in title:
        return title
    return _SOURCE_SUFFIX.sub("", title)


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
    elif all(isinstance(c, Term) for c in query.children):  # an OR list: in C
        terms = cast("tuple[Term, ...]", query.children)
        every.update(dict.fromkeys(terms))
        if not negated:  # a term's label is its own: a repeat keeps its first place
            shown.update(zip(terms, map(_LABEL, terms), strict=True))
    else:
        for child in query.children:
            _register(child, every, shown, placed, negated=negated)
