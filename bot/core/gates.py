"""Which topics match an item, decided on bitsets of term ids for all topics at once (issue 15).

Issue 15's analysts' topics hold hundreds of terms and 1,000 of them must match 5,000 items a
second while costing no more than 3x what 10 topics cost. Walking each topic's query tree costs
microseconds a node in Python, and about 15 topics pass any necessary-condition gate for a
realistic item, so the query trees are not walked at match time at all. Each query is compiled
into *clauses*, the terms of its disjunctive normal form, over *groups* (a term, or an OR of
plain terms, as one set of term ids):

    (A B) OR (C NEAR/6 D) -E    ->    [A, B]  or  [C, D; no E; C NEAR/6 D]

A clause holds when each of its ``present`` groups has a found term, no term of ``absent`` was
found, and its proximity tests (and, for the rare query whose normal form is too large, the
whole query, evaluated the slow way) hold. ``a NEAR b`` puts both sides into ``present`` too, so
the proximity of a clause is only measured when both sides are in the item.

``ClauseIndex`` gives every clause two bits, ``2c`` and ``2c + 1``, and every term one Python
int with the bit of each clause whose first (smallest) present group holds the term, and the
``+1`` bit of each clause whose second group does. An item's clauses are then, in C:

    seen = OR of the found terms' ints (and the bits of clauses with fewer than two groups)
    held = seen & (seen >> 1) & 0b...0101

Only the held clauses are visited in Python, first those with nothing more to check, then the
others for topics not yet matched. The cost of the OR grows with the number of topics by a
machine word per 15 clauses, so 1,000 topics cost about what 10 do plus the topics that match.
Groups beyond the two smallest of a clause are tested per held clause, as are ``absent``.

The normal form is built with ``absent`` sets and NEARs as literals, so NOT over a term or an OR
of terms, and any AND/OR nesting of groups, stay exact. A query whose normal form would pass
``MAX_CLAUSES`` clauses (products of ORs of ANDs) becomes one clause over two of its necessary
groups that evaluates the whole query when it holds (``bot.core.hits.compile_holds``), so every
query is still exact; the first gate just filters less.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import reduce
from operator import or_

from bot.core.hits import Fields, compile_holds
from bot.core.query import And, Near, Not, Or, Query, Term

# Clauses of one query's normal form; beyond, the query is evaluated whole. 30, not the first 20:
# coercion's 25 as clauses match the built-in topics at 21,500 items/s against 20,300 whole, and
# 1,000 analysts' topics at 7,800 against 7,000 (``make bench``, December 2026).
MAX_CLAUSES = 30
Group = frozenset[int]
NearTest = tuple[Group, Group, int, bool, bool]  # left, right, distance, ordered, wanted
Check = Callable[[Fields], bool]
_Conjunct = tuple[tuple[Group, ...], tuple[Group, ...], tuple[NearTest, ...]]


@dataclass(frozen=True, slots=True)
class Clause:
    """One way a topic matches: every ``present`` group found, nothing of ``absent``, the tests."""

    present: tuple[Group, ...]  # smallest first
    absent: Group = frozenset()
    nears: tuple[NearTest, ...] = ()
    whole: Query | None = None  # evaluate the whole query (its normal form was too large)


def clauses(query: Query, term_ids: Mapping[Term, int]) -> list[Clause]:
    """The clauses of ``query``, one of which holds exactly when the query matches."""
    found = _normal_form(query, term_ids, negated=False)
    if found is None:
        necessary = sorted(set(_necessary(query, term_ids)), key=len)
        return [Clause(tuple(necessary[:2]), whole=query)]
    return [
        Clause(
            tuple(sorted(dict.fromkeys(present), key=len)),
            frozenset().union(*absent),
            nears,
        )
        for present, absent, nears in found
    ]


def _group(side: Term | Or, term_ids: Mapping[Term, int]) -> Group:
    members = side.children if isinstance(side, Or) else (side,)
    return frozenset(term_ids[m] for m in members if isinstance(m, Term))


def _as_group(query: Query, term_ids: Mapping[Term, int]) -> Group | None:
    """A term, or an OR of plain terms, as the set of their ids; None for anything else."""
    if isinstance(query, Term):
        return frozenset((term_ids[query],))
    if isinstance(query, Or) and all(isinstance(c, Term) for c in query.children):
        return frozenset(map(term_ids.__getitem__, query.children))  # type: ignore[arg-type]
    return None


def _normal_form(
    query: Query, term_ids: Mapping[Term, int], *, negated: bool
) -> list[_Conjunct] | None:
    """Disjunctive normal form over groups and NEARs; None past ``MAX_CLAUSES`` clauses."""
    group = _as_group(query, term_ids)
    if group is not None:
        return [((), (group,), ())] if negated else [((group,), (), ())]
    if isinstance(query, Not):
        return _normal_form(query.child, term_ids, negated=not negated)
    if isinstance(query, Near):
        left, right = _group(query.left, term_ids), _group(query.right, term_ids)
        test = (left, right, query.distance, query.ordered, not negated)
        return [((), (), (test,))] if negated else [((left, right), (), (test,))]
    if isinstance(query, Term):  # pragma: no cover -- a term is a group
        raise TypeError(query)
    parts = []
    for child in query.children:
        part = _normal_form(child, term_ids, negated=negated)
        if part is None:
            return None
        parts.append(part)
    if isinstance(query, Or) is not negated:  # a disjunction: OR, or NOT over an AND
        either = [conjunct for part in parts for conjunct in part]
        single = [c[0][0] for c in either if len(c[0]) == 1 and not c[1] and not c[2]]
        if len(single) > 1:  # "a OR b OR (c NEAR d)": the terms are one group
            either = [((frozenset().union(*single),), (), ())] + [
                c for c in either if len(c[0]) != 1 or c[1] or c[2]
            ]
        return either if len(either) <= MAX_CLAUSES else None
    every: list[_Conjunct] = [((), (), ())]
    for part in parts:
        every = [(a[0] + b[0], a[1] + b[1], a[2] + b[2]) for a in every for b in part]
        if len(every) > MAX_CLAUSES:
            return None
    return every


def _necessary(query: Query, term_ids: Mapping[Term, int]) -> list[Group]:
    """Groups each of which has a found term whenever ``query`` matches."""
    group = _as_group(query, term_ids)
    if group is not None:
        return [group]
    if isinstance(query, Term | Not):  # a NOT brings none; a term is a group
        return []
    if isinstance(query, Near):
        return [_group(query.left, term_ids), _group(query.right, term_ids)]
    parts = [_necessary(c, term_ids) for c in query.children]
    if isinstance(query, And):
        return [group for part in parts for group in part]
    if all(parts):  # an OR: each branch brings one of its groups
        return [frozenset().union(*(min(part, key=len) for part in parts))]
    return []


class ClauseIndex:
    """Every topic's clauses as bits; an item's found terms -> the topics it matches."""

    def __init__(
        self, topics: Sequence[list[Clause]], units: int, unit_of: Mapping[Term, int]
    ) -> None:
        # only the units some clause names: most of ``units`` are a title-only copy or a
        # plural's place that no clause holds (a list each cost a second at 1,000 topics)
        positions: dict[int, list[int]] = {}
        fill: list[int] = []
        owners: list[int] = []
        checks: list[tuple[Check, ...]] = []
        for topic, found in enumerate(topics):
            for clause in found:
                number = len(owners)
                owners.append(topic)
                for layer, group in enumerate(clause.present[:2]):
                    for term in group:
                        positions.setdefault(term, []).append(2 * number + layer)
                fill.extend(2 * number + layer for layer in range(len(clause.present), 2))
                checks.append(_checks(clause, unit_of))
        self._masks = [0] * units
        for term, places in positions.items():
            self._masks[term] = _bits(places)
        self._fill = _bits(fill)
        self._clauses = len(owners)
        self._pairs = int("01" * self._clauses or "0", 2)  # bit 2c of every clause
        self._owners = tuple(owners)
        self._checks = tuple(checks)

    def _held(self, fields: Fields) -> list[int]:
        """The clauses whose first two present groups each have a found term (descending)."""
        seen = reduce(or_, map(self._masks.__getitem__, fields.found), self._fill)
        held = seen & (seen >> 1) & self._pairs
        if not held:
            return []
        numbers = []
        bits = bin(held)
        top = len(bits) - 1
        at = bits.find("1", 2)
        while at >= 0:
            numbers.append((top - at) >> 1)
            at = bits.find("1", at + 1)
        return numbers

    def matching(self, fields: Fields) -> list[int]:
        """Indexes (ascending) of the topics one of whose clauses holds for the item."""
        return self.matching_clauses(fields)[0]

    def matching_clauses(self, fields: Fields) -> tuple[list[int], list[int], list[int]]:
        """``matching``; the clauses found to hold; those whose first two groups hold but whose
        other checks were not run (their topic matched already). For ``held_terms``."""
        owners, checks = self._owners, self._checks
        matched: set[int] = set()
        passed: list[int] = []
        pending: list[int] = []
        for number in self._held(fields):
            if checks[number]:
                pending.append(number)
            else:
                matched.add(owners[number])
                passed.append(number)
        unchecked: list[int] = []
        for number in pending:
            topic = owners[number]
            if topic in matched:
                unchecked.append(number)
            elif all(check(fields) for check in checks[number]):
                matched.add(topic)
                passed.append(number)
        return sorted(matched), passed, unchecked

    def held_terms(
        self,
        fields: Fields,
        topics: Sequence[int],
        clauses: tuple[Sequence[int], Sequence[int]],
        masks: Sequence[int],
    ) -> list[int]:
        """For each of ``topics`` (matching ones), the OR of the ``masks`` of its clauses that
        hold: which of its terms made it match (``match._Labels``; -1: all of them).

        What "matched:" lists: the terms that made the topic match, not every term of the
        topic the item holds. ``(sanctions OR tariffs) NEAR/3 (eas* OR threaten*)`` does not
        hold for "China has threatened trade … Washington eases …", so its "eas*" is not listed
        when another clause of the topic matched. ``clauses``: the passed and the unchecked
        clauses of ``matching_clauses``; an unchecked one is checked only when it would list a
        term the others do not.
        """
        wanted = dict.fromkeys(topics, 0)
        owners, checks = self._owners, self._checks
        passed, unchecked = clauses
        for to_check, numbers in ((False, passed), (True, unchecked)):
            for number in numbers:
                topic = owners[number]
                mask, more = wanted.get(topic), masks[number]
                if mask is None or mask == -1 or (more != -1 and not more & ~mask):
                    continue  # not a matching topic, or nothing this clause would add
                if to_check and not all(check(fields) for check in checks[number]):
                    continue
                wanted[topic] = -1 if more == -1 else mask | more
        return list(wanted.values())


def clause_terms(clause: Clause) -> frozenset[int] | None:
    """The terms a clause lists when it holds: its present ones (None: the whole query's)."""
    return None if clause.whole is not None else frozenset().union(*clause.present)


def _bits(positions: list[int]) -> int:
    return reduce(or_, map((1).__lshift__, positions), 0)


def _checks(clause: Clause, term_ids: Mapping[Term, int]) -> tuple[Check, ...]:
    """What a held clause still needs: cheap set tests first, then proximity, then the query."""
    found: list[Check] = []
    if clause.absent:
        found.append(_none_of(clause.absent))
    found.extend(_one_of(group) for group in clause.present[2:])
    found.extend(_near(*test) for test in clause.nears)
    if clause.whole is not None:
        found.append(_whole(clause.whole, term_ids))
    return tuple(found)


def _none_of(group: Group) -> Check:
    return lambda fields: fields.found.isdisjoint(group)


def _one_of(group: Group) -> Check:
    return lambda fields: not fields.found.isdisjoint(group)


def _near(left: Group, right: Group, distance: int, ordered: bool, wanted: bool) -> Check:
    return lambda fields: fields.near(left, right, distance, ordered=ordered) is wanted


def _whole(query: Query, term_ids: Mapping[Term, int]) -> Check:
    return compile_holds(query, term_ids.__getitem__)
