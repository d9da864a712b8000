"""All topics compiled into one index; one pass over an item's text finds every topic it matches.

Issue 5 asks that matching cost grow slowly with the number of topics, so the index does not loop
over topics. Every literal spelling of every term of every topic goes into ONE Aho–Corasick
automaton (pyahocorasick, a pure computation library). An item is folded once, its title and its
summary are scanned once each, word boundaries are checked for hits of spaced scripts, and only
the topics that own a hit term have their boolean expression evaluated. A topic whose query is
all exclusions (only constructible by hand, ``parse_query`` refuses it) is evaluated every time.

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
from bot.core.query import And, Not, Query, Term, is_cjk, is_positive, is_word_char

_LATIN_MARKS = re.compile(
    "([A-Za-z\u00c0-\u024f\u1e00-\u1eff\u2c60-\u2c7f\ua720-\ua7ff\uab30-\uab6f])"
    "[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+"
)
_SPACE = re.compile(r"\s+")
_PUNCTUATION = str.maketrans(
    {"\u2018": "'", "\u2019": "'", "\u02bc": "'", "\u2010": "-", "\u2011": "-", "\u2013": "-"}
)

Evaluator = Callable[[frozenset[int]], bool]


def fold_text(text: str) -> str:
    """The normalization applied to terms and text alike before they are compared."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    if not folded.isascii():
        folded = unicodedata.normalize("NFD", folded)
        folded = unicodedata.normalize("NFC", _LATIN_MARKS.sub(r"\1", folded))
        folded = folded.translate(_PUNCTUATION)
    return _SPACE.sub(" ", folded).strip()


@dataclass(frozen=True, slots=True)
class _Pattern:
    """One literal string in the automaton and the terms it can satisfy."""

    length: int
    start_bounded: bool  # first char is a spaced-script letter: a word must start here
    end_bounded: bool  # same for the last char
    exact: tuple[int, ...]  # term ids needing a word end after the hit (headline scan)
    prefix: tuple[int, ...]  # term ids (``word*``) that accept any continuation (headline scan)
    exact_body: tuple[int, ...]  # the same without ``title:`` terms (summary scan)
    prefix_body: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class _Topic:
    name: str
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
    ) -> None:
        self._automaton = automaton
        self._topics = topics
        self._owners = owners
        self._always = always

    @classmethod
    def compile(cls, topics: Mapping[str, Query]) -> TopicIndex:
        term_ids: dict[Term, int] = {}
        compiled: list[_Topic] = []
        owners: dict[int, set[int]] = {}
        always: list[int] = []
        for index, (name, query) in enumerate(topics.items()):
            shown: dict[int, str] = {}
            evaluate = _compile(query, term_ids, shown, negated=False)
            compiled.append(_Topic(name, evaluate, tuple(shown.items())))
            if is_positive(query):
                for term_id in shown:
                    owners.setdefault(term_id, set()).add(index)
            else:
                always.append(index)
        return cls(
            _automaton(term_ids),
            tuple(compiled),
            {term_id: tuple(sorted(indexes)) for term_id, indexes in owners.items()},
            tuple(always),
        )

    @property
    def topic_names(self) -> tuple[str, ...]:
        return tuple(topic.name for topic in self._topics)

    def match(self, title: str, summary: str) -> dict[str, tuple[str, ...]]:
        """Topic name -> labels of the terms that matched, for every topic the item matches."""
        headline = _scan(self._automaton, fold_text(title), in_title=True)
        hits = frozenset(headline | _scan(self._automaton, fold_text(summary), in_title=False))
        candidates = {index for term_id in hits for index in self._owners.get(term_id, ())}
        candidates.update(self._always)
        matched: dict[str, tuple[str, ...]] = {}
        for index in sorted(candidates):
            topic = self._topics[index]
            if topic.evaluate(hits):
                matched[topic.name] = tuple(label for tid, label in topic.shown if tid in hits)
        return matched


def _compile(
    query: Query, term_ids: dict[Term, int], shown: dict[int, str], *, negated: bool
) -> Evaluator:
    """Turn a query into a closure over the set of hit term ids."""
    if isinstance(query, Term):
        term_id = term_ids.setdefault(query, len(term_ids))
        if not negated:
            shown.setdefault(term_id, query.label)
        return lambda hits: term_id in hits
    if isinstance(query, Not):
        inner = _compile(query.child, term_ids, shown, negated=not negated)
        return lambda hits: not inner(hits)
    parts = tuple(_compile(c, term_ids, shown, negated=negated) for c in query.children)
    if isinstance(query, And):
        return lambda hits: all(part(hits) for part in parts)
    return lambda hits: any(part(hits) for part in parts)


def _automaton(term_ids: Mapping[Term, int]) -> ahocorasick.Automaton | None:
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
        automaton.add_word(
            spelling,
            _Pattern(
                length=len(spelling),
                start_bounded=is_word_char(spelling[0]),
                end_bounded=is_word_char(spelling[-1]),
                exact=tuple(term_ids[t] for t in terms if not t.prefix),
                prefix=tuple(term_ids[t] for t in terms if t.prefix),
                exact_body=tuple(term_ids[t] for t in terms if not t.prefix and not t.title),
                prefix_body=tuple(term_ids[t] for t in terms if t.prefix and not t.title),
            ),
        )
    automaton.make_automaton()
    return automaton


def _scan(automaton: ahocorasick.Automaton | None, text: str, *, in_title: bool) -> set[int]:
    """Term ids found in folded ``text``; headline-only terms count only when ``in_title``."""
    found: set[int] = set()
    if automaton is None or not text:
        return found
    last = len(text) - 1
    for end, pattern in automaton.iter(text):
        start = end - pattern.length + 1
        if pattern.start_bounded and start > 0 and is_word_char(text[start - 1]):
            continue
        found.update(pattern.prefix if in_title else pattern.prefix_body)
        if not (pattern.end_bounded and end < last and is_word_char(text[end + 1])):
            found.update(pattern.exact if in_title else pattern.exact_body)
    return found
