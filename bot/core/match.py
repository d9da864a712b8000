"""All topics compiled into one index; one pass over an item's text finds every topic it matches.

Issue 5 asks that matching cost grow slowly with the number of topics, so the index does not loop
over topics. Every literal spelling of every term of every topic goes into ONE Aho–Corasick
automaton (ahocorasick-rs, a pure computation library). Issue 15 moved it from pyahocorasick,
whose trie walks a node's children one by one: with 1,000 topics of 300 multilingual terms
(thousands of first characters at the root) it scanned 330-470 ns a character, ahocorasick-rs's
contiguous NFA 70-90 ns (bench/match.py's items and topics). An item is folded once, its title
and its
summary are scanned once each, and each hit is kept only where it starts and ends on a word
boundary: the neighbouring character for spaced scripts (Latin, Cyrillic, Greek, …), the
segmenter's word boundaries for Chinese, Japanese and Korean (``bot.core.segment``, issue 15; a
field is segmented only when a CJK term was found in it). Hits of terms under a ``NEAR`` also keep
where they are, so proximity is checked from the same pass.

Issue 15 grows topics to 300+ terms, and 1,000 of them must still match thousands of items a
second, so a topic is evaluated only when the item meets one of its necessary conditions
(``bot.core.gates``, decided with set operations); an OR of plain terms is then one set test. A
topic whose query is all exclusions (only constructible by hand, ``parse_query`` refuses it) is
evaluated every time.

Folding (``fold_text``), applied to both terms and text: NFKC (full/half width), case folding,
combining marks stripped only from Latin letters (``Québec`` = ``Quebec``; Japanese dakuten,
Hangul and Cyrillic ``й`` are untouched), typographic apostrophes and hyphens made ASCII and
whitespace collapsed. Han variants fold to one character per group (``hanvariants``) in the
scanned text and the terms, after the text's boundaries are taken from its unfolded form.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from ahocorasick_rs import AhoCorasick, Implementation, MatchKind

from bot.core.gates import GateIndex, clauses
from bot.core.hanvariants import canonical_han
from bot.core.hits import Fields, explain
from bot.core.query import And, Near, Not, Or, Query, Term, is_cjk, is_word_char
from bot.core.segment import Segmenter, shared_segmenter

_LATIN_MARKS = re.compile(
    "([A-Za-z\u00c0-\u024f\u1e00-\u1eff\u2c60-\u2c7f\ua720-\ua7ff\uab30-\uab6f])"
    "[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+"
)
# a Latin letter that has or may take a combining mark after NFD
_MARKED = re.compile(
    "[\u00c0-\u024f\u1e00-\u1eff\u2c60-\u2c7f\ua720-\ua7ff\uab30-\uab6f]"
    "|[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]"
)
_HAN = re.compile("[\u3005-\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff]")
_TYPOGRAPHIC = re.compile("[\u2018\u2019\u02bc\u2010\u2011\u2013]")
_PUNCTUATION = str.maketrans(
    {"\u2018": "'", "\u2019": "'", "\u02bc": "'", "\u2010": "-", "\u2011": "-", "\u2013": "-"}
)
_FREE, _SPACED, _CJK = 0, 1, 2  # what an edge of a pattern must check in the text

Evaluator = Callable[[Fields], bool]


def fold_text(text: str) -> str:
    """The normalization applied to terms and text alike before they are compared."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    if not folded.isascii():
        if _MARKED.search(folded):  # only Latin letters lose their marks: skip NFD otherwise
            folded = unicodedata.normalize("NFD", folded)
            folded = unicodedata.normalize("NFC", _LATIN_MARKS.sub(r"\1", folded))
        if _TYPOGRAPHIC.search(folded):
            folded = folded.translate(_PUNCTUATION)
    return " ".join(folded.split())


def _edge(char: str) -> int:
    if is_cjk(char):
        return _CJK
    return _SPACED if is_word_char(char) else _FREE


@dataclass(frozen=True, slots=True)
class _Pattern:
    """One literal string in the automaton and the terms it can satisfy, per field (0 title)."""

    length: int
    start: int  # _FREE, _SPACED or _CJK
    end: int
    every: tuple[tuple[int, ...], tuple[int, ...]]  # term ids when the hit ends a word, per field
    prefix: tuple[tuple[int, ...], tuple[int, ...]]  # ``word*`` ids: any continuation will do
    placed: bool  # a term under a NEAR: keep where the hit is


@dataclass(frozen=True, slots=True)
class _Topic:
    name: str
    query: Query
    evaluate: Evaluator
    shown: dict[int, str]  # term id -> label of the terms not under a NOT
    order: dict[int, int]  # term id -> its place in the query's reading order
    shown_ids: frozenset[int]


class TopicIndex:
    """Compiled topics. Build with ``compile``; recompile when topics change."""

    def __init__(
        self,
        automaton: _Automaton | None,
        topics: tuple[_Topic, ...],
        gates: GateIndex,
        term_ids: Mapping[Term, int],
        segmenter: Segmenter,
    ) -> None:
        self._automaton = automaton
        self._topics = topics
        self._gates = gates
        self._term_ids = term_ids
        self._segmenter = segmenter

    @classmethod
    def compile(
        cls, topics: Mapping[str, Query], *, segmenter: Segmenter | None = None
    ) -> TopicIndex:
        term_ids: dict[Term, int] = {}
        placed: set[int] = set()
        compiled: list[_Topic] = []
        for name, query in topics.items():
            shown: dict[int, str] = {}
            _register(query, term_ids, shown, negated=False)  # ids and labels in reading order
            evaluate = _compile(query, term_ids, placed)
            order = {term_id: place for place, term_id in enumerate(shown)}
            compiled.append(_Topic(name, query, evaluate, shown, order, frozenset(shown)))
        return cls(
            _automaton(term_ids, placed),
            tuple(compiled),
            GateIndex([clauses(t.query) for t in compiled], term_ids),
            dict(term_ids),
            segmenter or shared_segmenter(),
        )

    @property
    def topic_names(self) -> tuple[str, ...]:
        return tuple(topic.name for topic in self._topics)

    def scan(self, title: str, summary: str, *, places: bool = False) -> Fields:
        """Every term found in the item (``places``: where, for every term, not only NEAR's)."""
        fields = Fields((fold_text(title), fold_text(summary)), self._segmenter)
        if self._automaton is not None:
            for field in (0, 1):
                if fields.texts[field]:
                    _scan(self._automaton, fields, field, every_place=places)
        fields.ids = frozenset(fields.found)
        return fields

    def match(self, title: str, summary: str) -> dict[str, tuple[str, ...]]:
        """Topic name -> labels of the terms that matched, for every topic the item matches."""
        fields = self.scan(title, summary)
        ids = fields.ids
        candidates = self._gates.candidates(ids)
        matched: dict[str, tuple[str, ...]] = {}
        for index in sorted(candidates):
            topic = self._topics[index]
            if topic.evaluate(fields):
                found = sorted(ids & topic.shown_ids, key=topic.order.__getitem__)
                matched[topic.name] = tuple(topic.shown[t] for t in found)
        return matched

    def explain(self, title: str, summary: str) -> dict[str, tuple[str, ...]]:
        """Topic name -> why it matched (terms and where, NEARs and how close, NOTs that held)."""
        fields = self.scan(title, summary, places=True)
        term_id = self._term_ids.__getitem__
        return {
            topic.name: explain(topic.query, fields, term_id)
            for topic in self._topics
            if topic.evaluate(fields)
        }


def _scan(automaton: _Automaton, fields: Fields, field: int, *, every_place: bool) -> None:
    """Keep the automaton's hits in one field that start and end on word boundaries."""
    text = fields.texts[field]
    if not text.isascii() and _HAN.search(text):  # one character for one: offsets stay
        text = canonical_han(text)
    matches = automaton.searcher.find_matches_as_indexes(text, overlapping=True)
    if not matches:
        return
    patterns = automaton.patterns
    starts, ends = fields.edges(field)
    cjk: frozenset[int] = frozenset()
    segmented = False
    found = fields.found
    placed = fields.hits
    for index, start, stop in matches:
        pattern = patterns[index]
        kind = pattern.start
        if kind == _SPACED:
            if start not in starts:
                continue
        elif kind == _CJK:
            if not segmented:
                cjk, segmented = fields.boundaries(field), True
            if start not in cjk:
                continue
        kind = pattern.end
        if kind == _SPACED:
            hits = pattern.every[field] if stop in ends else pattern.prefix[field]
        elif kind == _CJK:
            if not segmented:
                cjk, segmented = fields.boundaries(field), True
            hits = pattern.every[field] if stop in cjk else pattern.prefix[field]
        else:
            hits = pattern.every[field]
        if hits:
            found.update(hits)
            if every_place or pattern.placed:
                placed.append((hits, field, start, stop))


def _register(
    query: Query, term_ids: dict[Term, int], shown: dict[int, str], *, negated: bool
) -> None:
    """Give every term an id, and note the labels of the terms that are not under a NOT."""
    if isinstance(query, Term):
        term_id = term_ids.setdefault(query, len(term_ids))
        if not negated:
            shown.setdefault(term_id, query.label)
    elif isinstance(query, Not):
        _register(query.child, term_ids, shown, negated=not negated)
    elif isinstance(query, Near):
        for side in (query.left, query.right):
            _register(side, term_ids, shown, negated=negated)
    else:
        for child in query.children:
            _register(child, term_ids, shown, negated=negated)


def _compile(query: Query, term_ids: dict[Term, int], placed: set[int]) -> Evaluator:
    """Turn a query (its terms registered) into a closure over the scanned fields."""
    if isinstance(query, Term):
        term_id = term_ids[query]
        return lambda fields: term_id in fields.ids
    if isinstance(query, Not):
        inner = _compile(query.child, term_ids, placed)
        return lambda fields: not inner(fields)
    if isinstance(query, Near):
        left, right = (_ids(side, term_ids) for side in (query.left, query.right))
        placed.update(left | right)
        distance, ordered = query.distance, query.ordered
        return lambda fields: fields.near(left, right, distance, ordered=ordered)
    if isinstance(query, Or) and all(isinstance(c, Term) for c in query.children):
        ids = _ids(query, term_ids)
        return lambda fields: not ids.isdisjoint(fields.ids)
    # cheap children first: terms and term sets, then groups, then NEARs (they look at places)
    parts = tuple(_compile(c, term_ids, placed) for c in sorted(query.children, key=_cost))
    if isinstance(query, And):
        if len(parts) == 2:  # the common shape, without a generator per evaluation
            first, second = parts
            return lambda fields: first(fields) and second(fields)
        return lambda fields: all(part(fields) for part in parts)
    if len(parts) == 2:
        first, second = parts
        return lambda fields: first(fields) or second(fields)
    return lambda fields: any(part(fields) for part in parts)


def _ids(side: Term | Or, term_ids: dict[Term, int]) -> frozenset[int]:
    members = side.children if isinstance(side, Or) else (side,)
    return frozenset(term_ids[m] for m in members if isinstance(m, Term))


def _cost(query: Query) -> int:
    if isinstance(query, Term):
        return 0
    if isinstance(query, Near):
        return 3
    if isinstance(query, Or) and all(isinstance(c, Term) for c in query.children):
        return 1
    return 2


@dataclass(frozen=True, slots=True)
class _Automaton:
    searcher: AhoCorasick
    patterns: tuple[_Pattern, ...]  # by the searcher's pattern index


def _automaton(term_ids: Mapping[Term, int], placed: set[int]) -> _Automaton | None:
    """One automaton over the folded spelling of every term; ``None`` when there are no terms."""
    users: dict[str, list[Term]] = {}
    for term in term_ids:
        users.setdefault(canonical_han(fold_text(term.text)), []).append(term)
    if not users:
        return None
    patterns: list[_Pattern] = []
    for spelling, terms in users.items():
        ids = [(term_ids[t], t) for t in terms]
        body = [(i, t) for i, t in ids if not t.title]
        patterns.append(
            _Pattern(
                length=len(spelling),
                start=_edge(spelling[0]),
                end=_edge(spelling[-1]),
                every=(tuple(i for i, _ in ids), tuple(i for i, _ in body)),
                prefix=(
                    tuple(i for i, t in ids if t.prefix),
                    tuple(i for i, t in body if t.prefix),
                ),
                placed=any(i in placed for i, _ in ids),
            )
        )
    searcher = AhoCorasick(
        list(users),
        matchkind=MatchKind.Standard,  # every overlapping hit: "korea" inside "north korea"
        implementation=Implementation.ContiguousNFA,  # the fastest here that stays small
    )
    return _Automaton(searcher, tuple(patterns))
