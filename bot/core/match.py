"""All topics compiled into one index; one pass over an item's text finds every topic it matches.

Issue 5 asks that matching cost grow slowly with the number of topics, so the index does not loop
over topics: ``bot.core.scan`` makes one pass over an item's folded title and summary with the
automata of every term of every topic, keeping only hits that start and end on word boundaries
(segmenter boundaries for Chinese, Japanese and Korean, issue 15), and where the terms under a
``NEAR`` were found, so proximity is checked from the same pass (``bot.core.hits``).

Issue 15 grows topics to 300+ terms, and 1,000 of them must still match thousands of items a
second, so a topic is evaluated only when the item meets one of its necessary conditions
(``bot.core.gates``, decided with set operations); an OR of plain terms is then one set test, and
an AND tries its cheap children first. A topic whose query is all exclusions (only constructible
by hand, ``parse_query`` refuses it) is evaluated every time.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from bot.core.gates import GateIndex, clauses
from bot.core.hits import Fields, explain
from bot.core.query import And, Near, Not, Or, Query, Term
from bot.core.scan import Automata, fold_text
from bot.core.segment import Segmenter, shared_segmenter

__all__ = ["TopicIndex", "fold_text"]

Evaluator = Callable[[Fields], bool]


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
        automata: Automata,
        topics: tuple[_Topic, ...],
        gates: GateIndex,
        term_ids: Mapping[Term, int],
        segmenter: Segmenter,
    ) -> None:
        self._automata = automata
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
            Automata(term_ids, placed),
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
        for field in (0, 1):
            if fields.texts[field]:
                self._automata.scan(fields, field, every_place=places)
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
                matched[topic.name] = tuple(map(topic.shown.__getitem__, found))
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
