"""What one scan of an item found, and the questions asked of it: which terms, how near, and why.

``TopicIndex.scan`` (``bot.core.match``) fills a ``Fields`` with the ids of the terms it found and,
for terms under a ``NEAR``, where each one was found. Word positions are only worked out when a
NEAR has both of its sides in the item, and CJK text is only segmented when a CJK term was found
in it or a NEAR needs its words, so the common case (no proximity, no CJK) costs nothing here.

Word positions (issue 15): a field's words are its runs of letters and digits of spaced scripts
(Latin, Cyrillic, Greek, Hangul-free text…), an English possessive "'s" not counted as a word
of its own ("Taiwan's parliament": two words) nor the later letters of an abbreviation written
with dots ("U.S." is one word, as "US" is), and its CJK words (``bot.core.segment``: a segmenter
token, or one character without the ``[cjk]`` extra). An occurrence spans words ``first..last``
(a phrase spans several); two occurrences are ``later.first - earlier.last`` words apart
(adjacent words are 1 apart), and occurrences that share a word are never "near" each other.
``ONEAR`` wants the left side's occurrence to end before the right side's starts.

About 385 lines: the three ways of asking a query of one scan (``holds``, its compiled twin
``compile_holds`` and ``explain``) must agree node for node, so they live beside each other.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable, Mapping
from functools import cache
from itertools import accumulate
from typing import NamedTuple

from bot.core.plurals import forms_of
from bot.core.query import And, Near, Not, Or, Query, Term
from bot.core.scripts import CJK_CLASS
from bot.core.segment import Segmentation, Segmenter, cjk_language

FIELD_NAMES = ("title", "summary")
_ASCII_WORD = re.compile("([A-Za-z0-9]+)")


@cache
def mark_class() -> str:
    """Every combining mark as the inside of a regex character class (built on first use).

    ``re`` has no class for marks, and Devanagari or Arabic words carry them inside; building it
    from ``unicodedata`` takes about 25 ms, once. Only the Basic Multilingual Plane: a class
    reaching beyond it makes ``re`` test every range in turn (50 us instead of 1 us a headline).
    """
    marks: list[list[int]] = []
    for code in range(0x300, 0x10000):
        if unicodedata.category(chr(code))[0] == "M":
            if marks and marks[-1][1] == code - 1:
                marks[-1][1] = code
            else:
                marks.append([code, code])
    return "".join(f"{chr(a)}-{chr(b)}" for a, b in marks)


@cache
def _spaced_word() -> re.Pattern[str]:
    """Runs of ``is_word_char`` characters: letters, digits and marks that are not CJK."""
    return re.compile(f"((?:[^\\W_{CJK_CLASS}]|[{mark_class()}])+)")


_UNMARKED_WORD = re.compile(f"([^\\W_{CJK_CLASS}]+)")


@cache
def _mark() -> re.Pattern[str]:
    return re.compile(f"[{mark_class()}]")


def _word_pattern(text: str) -> re.Pattern[str]:
    """``_spaced_word``, or the same without marks for a text that has none (folding takes them
    off Latin and Greek letters; only a few scripts keep any): a class repeated is twice as fast
    as the alternation of two."""
    if text.isascii():
        return _ASCII_WORD
    return _spaced_word() if _mark().search(text) else _UNMARKED_WORD


Place = tuple[int, int, int]  # field, start, end (offsets in the folded field)
Pair = tuple[int, int, int, int]  # words apart, field, left term id, right term id
WordHits = list[tuple[int, int, int]]  # (pattern, start, stop) in a padded word text


class Spellings(NamedTuple):
    """What ``Fields.places_of`` needs to know of the scan's units (``bot.core.scan``)."""

    word_count: int  # units below: word patterns; below twice this: the same, title only
    word_trim: tuple[int, ...]  # pattern -> 1 if it ends with a space (a whole word), else 0
    literal_of: tuple[int, ...]  # unit - 2 * word_count -> its literal pattern
    word_forms: Mapping[int, tuple[int, ...]]  # whole-word pattern -> its other forms' patterns


class Fields:
    """The folded title and summary of one item and what the scan found in them.

    ``found`` is the set of term ids. Where each term was found is worked out only when a NEAR
    (or ``explain``) asks for it, and then only for the terms asked about: the word automaton's
    hits are kept as the scan returned them (``word_hits``), the literal hits that passed their
    boundary checks by pattern, with the units each satisfied (``literal_hits``).
    """

    __slots__ = (
        "_bounds",
        "_by_pattern",
        "_places",
        "_segmenter",
        "_segments",
        "_spans",
        "_spellings",
        "_words",
        "found",
        "literal_hits",
        "texts",
        "word_hits",
    )

    def __init__(self, texts: tuple[str, str], segmenter: Segmenter, spellings: Spellings) -> None:
        self.texts = texts
        self.found: set[int] = set()
        self.word_hits: list[tuple[int, WordHits]] = []  # (field, hits)
        # literal pattern -> (*place, units) of its hits that passed their boundary checks
        self.literal_hits: dict[int, list[tuple[int, int, int, tuple[int, ...]]]] = {}
        self._spellings = spellings
        self._places: dict[int, list[Place]] = {}
        self._spans: dict[int, list[tuple[int, int, int]]] = {}
        self._by_pattern: dict[int, list[Place]] | None = None  # word hits, on first need
        self._segmenter = segmenter
        self._segments: list[Segmentation | None] = [None, None]
        self._words: list[list[int] | None] = [None, None]
        self._bounds: list[list[int] | None] = [None, None]

    def places_of(self, unit: int) -> list[Place]:
        """Where a found unit is (``[]`` for a literal unit the scan kept no place of)."""
        places = self._places.get(unit)
        if places is not None:
            return places
        count, trim, literal_of, forms = self._spellings
        if unit < 2 * count:
            pattern = unit if unit < count else unit - count
            # in the padded word text the pattern's leading space stands one before the word
            # (a form's pattern is a whole word, as the pattern it is a form of)
            end = 1 + trim[pattern]
            grouped = self._word_places()
            hits = grouped.get(pattern, [])
            for form in forms.get(pattern, ()):
                hits = hits + grouped.get(form, [])
            places = [
                (field, start, stop - end)
                for field, start, stop in hits
                if unit < count or field == 0
            ]
        else:
            kept = self.literal_hits.get(literal_of[unit - 2 * count], ())
            places = [(field, start, stop) for field, start, stop, units in kept if unit in units]
        self._places[unit] = places
        return places

    def _word_places(self) -> dict[int, list[Place]]:
        """Word pattern -> its hits, grouped in one pass on first need: a NEAR asks for the
        places of about four units of an item, and picking each one's hits out of all of them
        (about 50 an item, hundreds in a long one) cost more than grouping them once."""
        grouped = self._by_pattern
        if grouped is None:
            grouped = {}
            for field, hits in self.word_hits:
                for pattern, start, stop in hits:
                    if pattern in grouped:
                        grouped[pattern].append((field, start, stop))
                    else:
                        grouped[pattern] = [(field, start, stop)]
            self._by_pattern = grouped
        return grouped

    def segmentation(self, field: int) -> Segmentation:
        """The field's CJK words, segmented on first need."""
        segmentation = self._segments[field]
        if segmentation is None:
            segmentation = self._segmenter.segment(self.texts[field], self._cjk_language(field))
            self._segments[field] = segmentation
        return segmentation

    def _cjk_language(self, field: int) -> str:
        """The field's CJK language: its own script tells (kana: Japanese, Hangul: Korean), and a
        field of Han characters only is Japanese when the item's other field has kana. Japanese
        headlines are often written in kanji alone ("毎日朝刊一面"), and read as Chinese they cut
        differently (毎日朝|刊: the term 日朝 would start inside a word)."""
        language = cjk_language(self.texts[field])
        if language == "zh" and cjk_language(self.texts[1 - field]) == "ja":
            return "ja"
        return language or "zh"

    def boundaries(self, field: int) -> frozenset[int]:
        return self.segmentation(field).boundaries

    def _spaced(self, field: int) -> list[int]:
        """Offsets where the field's spaced-script words start and end, alternately, in order.

        ``re.split`` with the word in a group returns gap, word, gap, … ,gap; the running sum of
        their lengths is where each one ends, all in C.
        """
        bounds = self._bounds[field]
        if bounds is None:
            text = self.texts[field]
            parts = _word_pattern(text).split(text)
            bounds = list(accumulate(map(len, parts)))[:-1]
            self._bounds[field] = bounds
        return bounds

    def edges(self, field: int) -> tuple[frozenset[int], frozenset[int]]:
        """Where the field's spaced-script words start, and where they end."""
        bounds = self._spaced(field)
        return frozenset(bounds[0::2]), frozenset(bounds[1::2])

    def words(self, field: int) -> list[int]:
        """Sorted start offsets of the field's words (spaced-script runs and CJK words)."""
        words = self._words[field]
        if words is None:
            text = self.texts[field]
            bounds = self._spaced(field)
            words = bounds[0::2]
            if "'s" in text or "." in text:
                words = _joined(text, words, bounds[1::2])
            if cjk_language(text) is not None:
                words = sorted({*words, *self.segmentation(field).words})
            self._words[field] = words
        return words

    def span(self, place: Place) -> tuple[int, int]:
        """First and last word index of an occurrence."""
        field, start, end = place
        words = self.words(field)
        return bisect_right(words, start) - 1, bisect_right(words, end - 1) - 1

    def spans_of(self, unit: int) -> list[tuple[int, int, int]]:
        """Field, first and last word index of each place of a found unit: a unit stands in the
        NEARs of many topics (1,000 analysts' topics ask for "china" near something dozens of
        times an item), so each is measured once."""
        spans = self._spans.get(unit)
        if spans is None:
            spans = [(place[0], *self.span(place)) for place in self.places_of(unit)]
            self._spans[unit] = spans
        return spans

    def closest(self, left: frozenset[int], right: frozenset[int], *, ordered: bool) -> Pair | None:
        """The nearest pair of a left and a right occurrence in one field, if any."""
        found = self.found
        if left.isdisjoint(found) or right.isdisjoint(found):
            return None
        best: Pair | None = None
        right_spans = [(unit, *span) for unit in right & found for span in self.spans_of(unit)]
        for left_unit in left & found:
            for field, a0, a1 in self.spans_of(left_unit):
                for right_unit, right_field, b0, b1 in right_spans:
                    if right_field != field:
                        continue
                    if a1 < b0:
                        apart = b0 - a1
                    elif not ordered and b1 < a0:
                        apart = a0 - b1
                    else:
                        continue
                    if best is None or apart < best[0]:
                        best = (apart, field, left_unit, right_unit)
        return best

    def near(
        self, left: frozenset[int], right: frozenset[int], distance: int, *, ordered: bool
    ) -> bool:
        pair = self.closest(left, right, ordered=ordered)
        return pair is not None and pair[0] <= distance


def _joined(text: str, starts: list[int], ends: list[int]) -> list[int]:
    """The word starts left when a possessive "s" belongs to its word ("Taiwan's" is one word)
    and the letters of an abbreviation written with dots are one word ("U.S.", "U.K.", "U.N.":
    "restrictions on U.S. investments" puts "restrictions" and "investments" 3 words apart, as
    "restrictions on US investments" does)."""
    kept = []
    for n, (start, end) in enumerate(zip(starts, ends, strict=True)):
        if end - start == 1 and start:
            before = text[start - 1]
            if before == "'" and text[start] == "s":
                continue  # a possessive
            if (
                before == "."
                and n
                and ends[n - 1] == start - 1
                and ends[n - 1] - starts[n - 1] == 1
                and text[start].isalpha()
                and text[start - 2].isalpha()
            ):
                continue  # the next letter of "u.s."
        kept.append(start)
    return kept


def side_ids(side: Term | Or, term_id: Callable[[Term], int]) -> frozenset[int]:
    members = side.children if isinstance(side, Or) else (side,)
    return frozenset(term_id(m) for m in members if isinstance(m, Term))


def holds(query: Query, fields: Fields, term_id: Callable[[Term], int]) -> bool:
    """The query over the scan, node by node (the slow twin of the compiled evaluator)."""
    if isinstance(query, Term):
        return term_id(query) in fields.found
    if isinstance(query, Not):
        return not holds(query.child, fields, term_id)
    if isinstance(query, Near):
        left, right = side_ids(query.left, term_id), side_ids(query.right, term_id)
        return fields.near(left, right, query.distance, ordered=query.ordered)
    if isinstance(query, And):
        return all(holds(c, fields, term_id) for c in query.children)
    return any(holds(c, fields, term_id) for c in query.children)


def compile_holds(query: Query, term_id: Callable[[Term], int]) -> Callable[[Fields], bool]:
    """``holds`` for one query, compiled once: the term ids of each OR and NEAR side are looked
    up at compile time, an OR's bare terms become one set test, and an AND tests its terms before
    its proximity. What a topic evaluated whole pays per item (issue 15, speed: recomputing the
    NEAR sides cost a quarter of matching at 1,000 topics)."""
    if isinstance(query, Term):
        one = term_id(query)
        return lambda fields: one in fields.found
    if isinstance(query, Not):
        child = compile_holds(query.child, term_id)
        return lambda fields: not child(fields)
    if isinstance(query, Near):
        left, right = side_ids(query.left, term_id), side_ids(query.right, term_id)
        distance, ordered = query.distance, query.ordered
        return lambda fields: fields.near(left, right, distance, ordered=ordered)
    bare = frozenset(term_id(c) for c in query.children if isinstance(c, Term))
    rest = [c for c in query.children if not isinstance(c, Term)]
    rest.sort(key=lambda c: isinstance(c, Near))  # set tests before proximity
    others = tuple(compile_holds(c, term_id) for c in rest)
    if isinstance(query, And):
        if bare:
            return lambda fields: bare <= fields.found and all(c(fields) for c in others)
        return lambda fields: all(c(fields) for c in others)
    if bare:
        return lambda fields: not bare.isdisjoint(fields.found) or any(c(fields) for c in others)
    return lambda fields: any(c(fields) for c in others)


def explain(query: Query, fields: Fields, term_id: Callable[[Term], int]) -> tuple[str, ...]:
    """Why a matching query matched: each term found (and where), each NEAR and NOT that held.

    ``fields`` must come from a scan with ``places=True``.
    """
    if isinstance(query, Term):
        return _term_reasons(query, fields, fields.places_of(term_id(query)))
    if isinstance(query, Not):
        return (f"NOT {_short(query.child)}: absent",)
    if isinstance(query, Near):
        left, right = side_ids(query.left, term_id), side_ids(query.right, term_id)
        pair = fields.closest(left, right, ordered=query.ordered)
        if pair is None:  # pragma: no cover -- explain is only called on a query that held
            return ()
        apart, field, left_id, right_id = pair
        labels = {term_id(t): t.label for t in (*_members(query.left), *_members(query.right))}
        words = "word" if apart == 1 else "words"
        return (
            f"{labels[left_id]} {query.operator} {labels[right_id]}: "
            f"{apart} {words} apart in {FIELD_NAMES[field]}",
        )
    children = query.children
    if isinstance(query, Or):
        children = tuple(c for c in children if holds(c, fields, term_id))
    return tuple(reason for c in children for reason in explain(c, fields, term_id))


def _term_reasons(term: Term, fields: Fields, places: list[Place]) -> tuple[str, ...]:
    """Where a found term is, and the other forms it was found as there: ``sanction (as
    sanctions) in title``. Fields that hold it as different forms get a reason each ("Russia in
    title", "Russia (as russian) in summary"), so a form is never said of a field without it."""
    forms = set(forms_of(term))
    by_field: dict[str, set[str]] = {}
    for field, start, end in places:
        spelled = by_field.setdefault(FIELD_NAMES[field], set())
        if fields.texts[field][start:end] in forms:
            spelled.add(fields.texts[field][start:end])
    groups: dict[tuple[str, ...], list[str]] = {}
    for name in sorted(by_field):
        groups.setdefault(tuple(sorted(by_field[name])), []).append(name)
    reasons = []
    for found, names in groups.items():
        label = f"{term.label} (as {', '.join(found)})" if found else term.label
        reasons.append(f"{label} in {' and '.join(names)}")
    return tuple(reasons)


NOT_SHOWN = 4
"""An excluded OR list is shown by its first few terms and a count in ``explain``: a topic's
list of 24 sports words, printed whole under every match, hid the reason that matters."""


def _short(query: Query) -> str:
    if isinstance(query, Or) and len(query.children) > NOT_SHOWN + 1:
        shown = str(Or(query.children[:NOT_SHOWN]))
        return f"({shown} OR … {len(query.children) - NOT_SHOWN} more)"
    return str(query)


def _members(side: Term | Or) -> tuple[Term, ...]:
    return tuple(
        m for m in (side.children if isinstance(side, Or) else (side,)) if isinstance(m, Term)
    )
