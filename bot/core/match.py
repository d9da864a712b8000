"""All topics compiled into one index; one pass over an item's text finds every topic it matches.

Issue 5 asks that matching cost grow slowly with the number of topics, so the index does not loop
over topics. Every literal spelling of every term of every topic goes into ONE Aho–Corasick
automaton (pyahocorasick, a pure computation library). An item is folded once, its title and its
summary are scanned once each, and each hit is kept only where it starts and ends on a word
boundary: the neighbouring character for spaced scripts (Latin, Cyrillic, Greek, …), the
segmenter's word boundaries for Chinese, Japanese and Korean (``bot.core.segment``, issue 15; a
field is segmented only when a CJK term was found in it). Hits of terms under a ``NEAR`` also keep
where they are, so proximity is checked from the same pass.

Issue 15 grows topics to 300+ terms, and 1,000 of them must still match thousands of items a
second, so a topic is evaluated only when one of its *gate* terms was found: a set of terms of
which any match needs at least one (a term; the union over an OR; the smallest gate of an AND's
or a NEAR's sides). An OR of plain terms is one set test. A topic whose query is all exclusions
(only constructible by hand, ``parse_query`` refuses it) is evaluated every time.

Folding (``fold_text``), applied to both terms and text: NFKC (full/half width), case folding,
combining marks stripped only from Latin letters (``Québec`` = ``Quebec``; Japanese dakuten,
Hangul and Cyrillic ``й`` are untouched), typographic apostrophes and hyphens made ASCII and
whitespace collapsed. Han variants are handled by expanding the *terms* (``hanvariants``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import ahocorasick

from bot.core.hanvariants import han_spellings
from bot.core.hits import Fields, explain
from bot.core.query import And, Near, Not, Or, Query, Term, is_cjk, is_positive, is_word_char
from bot.core.segment import Segmenter, shared_segmenter

_LATIN_MARKS = re.compile(
    "([A-Za-z\u00c0-\u024f\u1e00-\u1eff\u2c60-\u2c7f\ua720-\ua7ff\uab30-\uab6f])"
    "[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+"
)
_SPACE = re.compile(r"\s+")
_PUNCTUATION = str.maketrans(
    {"\u2018": "'", "\u2019": "'", "\u02bc": "'", "\u2010": "-", "\u2011": "-", "\u2013": "-"}
)
_FREE, _SPACED, _CJK = 0, 1, 2  # what an edge of a pattern must check in the text

Evaluator = Callable[[Fields], bool]


def fold_text(text: str) -> str:
    """The normalization applied to terms and text alike before they are compared."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    if not folded.isascii():
        folded = unicodedata.normalize("NFD", folded)
        folded = unicodedata.normalize("NFC", _LATIN_MARKS.sub(r"\1", folded))
        folded = folded.translate(_PUNCTUATION)
    return _SPACE.sub(" ", folded).strip()


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
    exact: tuple[tuple[int, ...], tuple[int, ...]]  # term ids needing a word end, per field
    prefix: tuple[tuple[int, ...], tuple[int, ...]]  # ``word*`` ids: any continuation
    placed: frozenset[int]  # ids whose places are kept (they are under a NEAR)


@dataclass(frozen=True, slots=True)
class _Topic:
    name: str
    query: Query
    evaluate: Evaluator
    shown: tuple[tuple[int, str], ...]  # (term id, label) of terms not under a NOT


class TopicIndex:
    """Compiled topics. Build with ``compile``; recompile when topics change."""

    def __init__(
        self,
        automaton: ahocorasick.Automaton | None,
        topics: tuple[_Topic, ...],
        owners: dict[int, tuple[int, ...]],
        always: tuple[int, ...],
        term_ids: Mapping[Term, int],
        segmenter: Segmenter,
    ) -> None:
        self._automaton = automaton
        self._topics = topics
        self._owners = owners
        self._always = always
        self._term_ids = term_ids
        self._segmenter = segmenter

    @classmethod
    def compile(
        cls, topics: Mapping[str, Query], *, segmenter: Segmenter | None = None
    ) -> TopicIndex:
        term_ids: dict[Term, int] = {}
        placed: set[int] = set()
        compiled: list[_Topic] = []
        owners: dict[int, set[int]] = {}
        always: list[int] = []
        for index, (name, query) in enumerate(topics.items()):
            shown: dict[int, str] = {}
            _register(query, term_ids, shown, negated=False)  # ids and labels in reading order
            evaluate = _compile(query, term_ids, placed)
            compiled.append(_Topic(name, query, evaluate, tuple(shown.items())))
            gate = _gate(query) if is_positive(query) else None
            if gate is None:
                always.append(index)
                continue
            for term in gate:
                owners.setdefault(term_ids[term], set()).add(index)
        return cls(
            _automaton(term_ids, placed),
            tuple(compiled),
            {term_id: tuple(sorted(indexes)) for term_id, indexes in owners.items()},
            tuple(always),
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
        candidates = {index for term_id in ids for index in self._owners.get(term_id, ())}
        candidates.update(self._always)
        matched: dict[str, tuple[str, ...]] = {}
        for index in sorted(candidates):
            topic = self._topics[index]
            if topic.evaluate(fields):
                matched[topic.name] = tuple(label for tid, label in topic.shown if tid in ids)
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


def _scan(
    automaton: ahocorasick.Automaton, fields: Fields, field: int, *, every_place: bool
) -> None:
    text = fields.texts[field]
    last = len(text) - 1
    found = fields.found
    for end, pattern in automaton.iter(text):
        start = end - pattern.length + 1
        kind = pattern.start
        if kind == _SPACED:
            if start > 0 and is_word_char(text[start - 1]):
                continue
        elif kind == _CJK and start not in fields.boundaries(field):
            continue
        hits = pattern.prefix[field]
        kind = pattern.end
        if (
            kind == _FREE
            or end == last
            or (kind == _SPACED and not is_word_char(text[end + 1]))
            or (kind == _CJK and end + 1 in fields.boundaries(field))
        ):
            hits = hits + pattern.exact[field] if hits else pattern.exact[field]
        if not hits:
            continue
        found.update(hits)
        if every_place or pattern.placed:
            for term_id in hits:
                if every_place or term_id in pattern.placed:
                    fields.place(term_id, field, start, end + 1)


def _gate(query: Query) -> frozenset[Term] | None:
    """Terms of which a match needs at least one, as few as the shape allows; None if none."""
    if isinstance(query, Term):
        return frozenset((query,))
    if isinstance(query, Not):
        return None
    if isinstance(query, Near):
        sides = [_gate(query.left), _gate(query.right)]
        return min((g for g in sides if g is not None), key=len)
    gates = [_gate(c) for c in query.children]
    if isinstance(query, Or):
        return None if any(g is None for g in gates) else frozenset().union(*gates)  # type: ignore[arg-type]
    known = [g for g in gates if g is not None]
    return min(known, key=len) if known else None


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
        return lambda fields: all(part(fields) for part in parts)
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


def _automaton(term_ids: Mapping[Term, int], placed: set[int]) -> ahocorasick.Automaton | None:
    """One automaton over every spelling of every term; ``None`` when there are no terms."""
    users: dict[str, list[Term]] = {}
    for term in term_ids:
        folded = fold_text(term.text)
        spellings = han_spellings(folded) if any(is_cjk(c) for c in folded) else (folded,)
        for spelling in spellings:
            users.setdefault(spelling, []).append(term)
    if not users:
        return None
    automaton = ahocorasick.Automaton()
    for spelling, terms in users.items():
        ids = [(term_ids[t], t) for t in terms]
        exact = tuple(i for i, t in ids if not t.prefix)
        prefix = tuple(i for i, t in ids if t.prefix)
        automaton.add_word(
            spelling,
            _Pattern(
                length=len(spelling),
                start=_edge(spelling[0]),
                end=_edge(spelling[-1]),
                exact=(exact, tuple(i for i, t in ids if not t.prefix and not t.title)),
                prefix=(prefix, tuple(i for i, t in ids if t.prefix and not t.title)),
                placed=frozenset(i for i, _ in ids if i in placed),
            ),
        )
    automaton.make_automaton()
    return automaton
