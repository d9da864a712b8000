"""Which topics can match an item at all, decided with set operations before any topic is evaluated.

Issue 15's analysts' topics hold hundreds of terms and 1,000 of them must match thousands of items
a second: evaluating every topic that shares one word with an item (about 90 of 1,000 in the
bench) costs too much in Python. So each query is reduced to *clauses*: necessary conditions,
each one or two *gates* (sets of terms) that must all have a term in the item. A query matches
only if one of its clauses holds:

- a term is one clause with one gate, itself;
- ``a NEAR b`` needs both sides: one clause with two gates (the terms of each side);
- an OR holds if a child holds: its children's clauses side by side (an OR of plain terms is one
  gate, their union);
- an AND needs every child that has clauses (a NOT has none): the products of their clauses,
  each keeping its two smallest gates;
- when that would make more than ``MAX_CLAUSES`` clauses, the clauses are replaced by one clause
  whose single gate is the union of each clause's smallest gate (still necessary, less sharp).

The index maps each term to the clauses whose first (smallest) or second gate holds it; an item's
candidate topics are then two unions and an intersection of small sets, in C. The exact query is
evaluated afterwards (``bot.core.match``) on the candidates only.
"""

from __future__ import annotations

from collections.abc import Mapping

from bot.core.query import Near, Not, Or, Query, Term

MAX_CLAUSES = 8
Gate = frozenset[Term]
Clause = tuple[Gate, ...]  # one or two gates, smallest first


def clauses(query: Query) -> list[Clause] | None:
    """The necessary conditions of ``query``; None when it has none (it is all exclusions)."""
    if isinstance(query, Term):
        return [(frozenset((query,)),)]
    if isinstance(query, Not):
        return None
    if isinstance(query, Near):
        return [_clause((_side(query.left), _side(query.right)))]
    parts = [clauses(c) for c in query.children]
    if isinstance(query, Or):
        if any(p is None for p in parts):
            return None
        found = [clause for p in parts if p is not None for clause in p]
        single = [c[0] for c in found if len(c) == 1]
        merged = [c for c in found if len(c) > 1]
        if single:
            merged.insert(0, (frozenset().union(*single),))
        return _bounded(merged)
    combined: list[Clause] | None = None
    for part in parts:
        if part is None:
            continue
        if combined is None:
            combined = part
        else:
            combined = _bounded([_clause(a + b) for a in combined for b in part])
    return combined


def _side(side: Term | Or) -> Gate:
    members = side.children if isinstance(side, Or) else (side,)
    return frozenset(m for m in members if isinstance(m, Term))


def _clause(gates: tuple[Gate, ...]) -> Clause:
    return tuple(sorted(set(gates), key=lambda g: (len(g), sorted(map(str, g))))[:2])


def _bounded(found: list[Clause]) -> list[Clause]:
    if len(found) <= MAX_CLAUSES:
        return found
    return [(frozenset().union(*(c[0] for c in found)),)]


class GateIndex:
    """Term id -> the clauses it opens; an item's ids -> the topics that may match it."""

    def __init__(self, topics: list[list[Clause] | None], term_ids: Mapping[Term, int]) -> None:
        first: dict[int, set[int]] = {}
        second: dict[int, set[int]] = {}
        single: set[int] = set()
        owner: list[int] = []
        always: set[int] = set()
        for topic, found in enumerate(topics):
            if found is None:
                always.add(topic)
                continue
            for clause in found:
                number = len(owner)
                owner.append(topic)
                for term in clause[0]:
                    first.setdefault(term_ids[term], set()).add(number)
                if len(clause) == 1:
                    single.add(number)
                else:
                    for term in clause[1]:
                        second.setdefault(term_ids[term], set()).add(number)
        self._first = {t: frozenset(c) for t, c in first.items()}
        self._second = {t: frozenset(c) for t, c in second.items()}
        self._single = frozenset(single)
        self._owner = tuple(owner)
        self._always = frozenset(always)

    def candidates(self, ids: frozenset[int]) -> set[int]:
        """Topics one of whose clauses has every gate opened by ``ids``."""
        opened = set().union(*filter(None, map(self._first.get, ids)))
        result = set(self._always) if self._always else set()
        if not opened:
            return result
        seconds = set().union(*filter(None, map(self._second.get, ids)))
        held = (opened & self._single) | (opened & seconds)
        owner = self._owner
        result.update(owner[c] for c in held)
        return result
