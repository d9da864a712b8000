"""The one pass over an item's text: folding, then two Aho–Corasick automata over each field.

Folding (``bot.core.fold.fold_text``) is applied to both terms and text. Han variants then fold
to one character per group (``hanvariants``) in the scanned copy; offsets never move, so the
segmenter reads the unfolded Han text.

Every spelling of every term of every topic goes into one of two automata (ahocorasick-rs, a
pure computation library; issue 15 moved from pyahocorasick, whose trie walks a node's children
one by one: with 1,000 topics of 300 multilingual terms it scanned 330-470 ns a character,
ahocorasick-rs's contiguous NFA 70-90 ns):

- **words**: terms made only of letters and digits of spaced scripts and spaces (most terms). The
  field is scanned as a *word text*, each character that is not such a letter or digit turned into
  a space (a ``$`` stays: ``US`` is not the currency ``US$``), padded with a space at each end;
  the term is searched as ``" korea "`` (``" sanction"`` for ``sanction*``). A hit is a
  whole-word hit by construction, so there is no per-hit check,
  and "korea" inside "koreans" is never even reported. A phrase matches across any punctuation
  between its words ("north-korea" holds "north korea").
- **literal**: every other term (with punctuation like ``U.S.``, ``K-pop`` or ``US$``, or with
  Han, Kana or Hangul), searched in the folded field itself; each hit is kept where it starts and
  ends on a word boundary: a spaced-script word edge for a letter or digit, a segmenter boundary
  for a CJK character (``bot.core.segment``; the field is segmented only if such a term was found),
  no condition next to punctuation.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Container, Iterable, Mapping
from dataclasses import dataclass
from functools import cache

from ahocorasick_rs import AhoCorasick, Implementation, MatchKind

from bot.core.fold import fold_text
from bot.core.hanvariants import canonical_han
from bot.core.hits import Fields, Spellings, mark_class
from bot.core.plurals import forms_of, term_plurals
from bot.core.query import Term
from bot.core.scripts import CJK_CLASS, is_cjk, is_word_char
from bot.core.segment import Segmentation

_CJK_CHAR = re.compile(f"[{CJK_CLASS}]")
_HAN = re.compile("[\u3005-\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff]")
# folded ASCII text is lower case; "$" stays with its word: "US" is not "US$", "HK" not "HK$"
_ASCII_GAP = str.maketrans({chr(c): " " for c in range(128) if not re.match("[a-z0-9$ ]", chr(c))})
_FREE, _SPACED, _CJK = 0, 1, 2  # what an edge of a literal pattern must check in the text


@cache
def _gap() -> re.Pattern[str]:
    """One character that is not a letter, digit or mark of a spaced script (built on first use)."""
    return re.compile(f"[^\\w{mark_class()}$ ]|[_{CJK_CLASS}]")  # a space is left alone


def word_text(text: str) -> str:
    """``text`` with every character that is not part of a spaced-script word made a space."""
    if text.isascii():
        return text.translate(_ASCII_GAP)
    return _gap().sub(" ", text)


def _edge(char: str) -> int:
    if is_cjk(char):
        return _CJK
    return _SPACED if is_word_char(char) else _FREE


def _is_plain(spelling: str) -> bool:
    """Only letters, digits and marks of spaced scripts, and spaces: a word-automaton pattern."""
    letters = spelling.replace(" ", "")
    if letters.isalnum() and not _CJK_CHAR.search(letters):  # most terms, decided in C
        return True
    return all(c == " " or is_word_char(c) for c in spelling)


@dataclass(frozen=True, slots=True)
class _Literal:
    """A literal pattern and the units it can satisfy, per field (0 title, 1 summary)."""

    number: int  # in the literal automaton of every literal pattern
    start: int  # _FREE, _SPACED or _CJK
    end: int
    every: Units  # when the hit ends where a word may end
    prefix: Units  # ``word*`` units: any continuation will do
    placed: bool  # a term under a NEAR: keep where the hit is


Units = tuple[tuple[int, ...], tuple[int, ...]]  # units of a hit in the title, in the summary


def _units(terms: list[Term], unit_of: Mapping[Term, int]) -> Units:
    title = tuple(dict.fromkeys(unit_of[t] for t in terms))
    return title, tuple(dict.fromkeys(unit_of[t] for t in terms if not t.title))


def _searcher(patterns: list[str]) -> AhoCorasick:
    return AhoCorasick(
        patterns,
        matchkind=MatchKind.Standard,  # every overlapping hit: "korea" inside "north korea"
        implementation=Implementation.ContiguousNFA,  # the fastest here that stays small
    )


def _with_forms(
    words: list[tuple[str, tuple[str, ...]]],
) -> tuple[list[str], dict[int, tuple[int, ...]]]:
    """The word patterns, with the other forms (``bot.core.plurals.term_forms``) of the bare
    words among them appended after them, and each bare word's form patterns. A pattern can be
    there twice (a bare and a quoted word, or a plural that is also a term: "tariffs" beside
    ``tariff``): the automaton reports both, and every form's number is past the words', which
    the scan uses to skip looking for forms among hits that hold none."""
    index: dict[str, int] = {}
    patterns = [pattern for pattern, _ in words]
    also: dict[int, tuple[int, ...]] = {}
    for number, (_, spellings) in enumerate(words):
        forms = []
        for spelling in spellings:
            pattern = f" {spelling} "
            if pattern not in index:
                index[pattern] = len(patterns)
                patterns.append(pattern)
            forms.append(index[pattern])
        if forms:
            also[number] = tuple(forms)
    return patterns, also


def _invert(also: Mapping[int, tuple[int, ...]]) -> dict[int, list[int]]:
    """Form pattern -> the patterns it is a form of."""
    inverted: dict[int, list[int]] = {}
    for base, forms in also.items():
        for form in forms:
            inverted.setdefault(form, []).append(base)
    return inverted


class Automata:
    """The compiled spellings of every term of every topic, and the *units* they are found as.

    Terms that no text can tell apart (the same folded spelling, both prefixes or both not, both
    restricted to the title or both not, found as the same other forms: ``Korea`` and ``KOREA``
    in two topics, not ``war`` and ``"war"``, nor ``Korea`` and ``korea``) are one *unit*,
    so the scan reports each at most once, however many topics hold it. A word pattern ``p``
    (of ``word_count``) is unit ``p`` and, for its terms restricted to the title, unit
    ``word_count + p``: a hit in the title is both. Literal units come after. The patterns of
    bare words' other forms (plurals, adjectives of names: ``bot.core.plurals``) come last among
    the word patterns: no term is their unit, and a hit on one adds the units of the words it
    is a form of.
    """

    def __init__(self, terms: Iterable[Term], placed: Container[Term]) -> None:
        # (pattern, the other forms it is found as: ``forms_of``, the capitals an acronym must
        # be written in or "") -> its terms
        words: dict[tuple[str, tuple[str, ...], str], list[Term]] = {}
        literal: dict[str, list[Term]] = {}
        for term in terms:
            spelling = canonical_han(fold_text(term.text))
            if _is_plain(spelling):
                searched = f" {spelling}{'' if term.prefix else ' '}"
                cased = term.text if term.cased else ""
                words.setdefault((searched, forms_of(term), cased), []).append(term)
            else:
                literal.setdefault(spelling, []).append(term)
        # an acronym's pattern -> the acronym as it must be written (``Term.cased``); its hits
        # stand only where the unfolded text has it so (``_uncased``)
        self._cased = {number: _capitals(key[2]) for number, key in enumerate(words) if key[2]}
        patterns, also = _with_forms([key[:2] for key in words])
        count = len(patterns)
        unit_of: dict[Term, int] = {}
        for pattern, members in enumerate(words.values()):
            for term in members:
                unit_of[term] = count + pattern if term.title else pattern
        # word patterns some title-only term is spelled as, and their title units
        self._titled = {p: unit for unit in unit_of.values() if (p := unit - count) >= 0}
        # a form's pattern -> the whole-word patterns it is also a hit of (their units' terms)
        self._implied = {form: tuple(bases) for form, bases in _invert(also).items()}
        self._first_form = len(words)  # == count when there are none
        self._words = _searcher(patterns) if patterns else None
        units: dict[tuple[str, bool, bool, bool], int] = {}
        literals: list[_Literal] = []
        literals_of = {spelling: number for number, spelling in enumerate(literal)}
        plurals = {spelling: term_plurals(spelling) for spelling in literal}
        for spelling, members in literal.items():
            for term in members:  # a quoted F-16 is not found as "F-16s": its own unit
                key = (spelling, term.prefix, term.title, term.exact and bool(plurals[spelling]))
                unit_of[term] = units.setdefault(key, 2 * count + len(units))
            literals.append(
                _Literal(
                    number=len(literals),
                    start=_edge(spelling[0]),
                    end=_edge(spelling[-1]),
                    every=_units(members, unit_of),
                    prefix=_units([t for t in members if t.prefix], unit_of),
                    placed=any(t in placed for t in members),
                )
            )
        # plurals of bare literal words ("F-16s", "K-pops") after them, each keeping its hits
        # with its word's (``number``), so that ``places_of`` finds both
        spellings = list(literal)
        for number, (spelling, members) in enumerate(literal.items()):
            loose = [t for t in members if t.takes_forms]
            for plural in plurals[spelling] if loose else ():
                spellings.append(plural)
                literals.append(
                    dataclasses.replace(
                        literals[number],
                        every=_units(loose, unit_of),
                        prefix=((), ()),
                        placed=any(t in placed for t in loose),
                    )
                )
        self._literal = _searcher(spellings) if spellings else None
        self._literals = tuple(literals)
        # an ASCII text holds no CJK pattern: most texts, and most literal patterns are CJK
        ascii_ = [n for n, spelling in enumerate(spellings) if spelling.isascii()]
        self._ascii = _searcher([spellings[n] for n in ascii_]) if ascii_ else None
        self._ascii_literals = tuple(literals[n] for n in ascii_)
        self.unit_of = unit_of
        self.unit_count = 2 * count + len(units)
        self.spellings = Spellings(
            count,
            tuple(1 if pattern.endswith(" ") else 0 for pattern in patterns),
            tuple(literals_of[key[0]] for key in units),
            also,
        )

    def scan(self, fields: Fields, field: int, *, every_place: bool, written: str) -> None:
        """Add the ids (and, where needed, the places) of the terms found in one field.

        ``written``: the field as the feed wrote it, before folding; an acronym (``Term.cased``)
        found in the folded text stands only where ``written`` has it in capitals.
        """
        text = fields.texts[field]
        if not text.isascii() and _HAN.search(text):  # one character for one: offsets stay
            text = canonical_han(text)
        if self._words is not None:
            matches = self._words.find_matches_as_indexes(f" {word_text(text)} ", overlapping=True)
            found = [hit[0] for hit in matches]
            if found and not self._cased.keys().isdisjoint(found):  # an acronym among them
                matches = self._uncased(matches, found, written)
                found = [hit[0] for hit in matches]
            if found:
                if max(found) >= self._first_form:  # "tariffs" is a hit of ``tariff`` too
                    for form in self._implied.keys() & found:
                        found.extend(self._implied[form])
                fields.found.update(found)
                if field == 0 and self._titled:
                    fields.found.update(map(self._titled.__getitem__, self._titled.keys() & found))
                fields.word_hits.append((field, matches))  # places: only if asked (Fields)
        searcher, patterns = (
            (self._ascii, self._ascii_literals)
            if text.isascii()
            else (self._literal, self._literals)
        )
        if searcher is not None:
            matches = searcher.find_matches_as_indexes(text, overlapping=True)
            if matches:
                _literal_hits(matches, patterns, fields, field, every_place=every_place)

    def _uncased(
        self, matches: list[tuple[int, int, int]], found: list[int], written: str
    ) -> list[tuple[int, int, int]]:
        """``matches`` (whose patterns are ``found``) without the acronyms that ``written``
        never has in capitals ("us", "who").

        A field that holds both spellings keeps every hit of the acronym: its places are only
        asked for under a NEAR, and the two are rarely both in one headline or summary.
        """
        cased = self._cased
        if not written.isascii():
            written = unicodedata.normalize("NFKC", written)  # full-width ＵＳ is US
        dropped = {n for n in cased.keys() & found if cased[n].search(written) is None}
        return [hit for hit in matches if hit[0] not in dropped] if dropped else matches


def _capitals(acronym: str) -> re.Pattern[str]:
    """``acronym`` as a word of its own written in capitals, where the word automaton would find
    it (``word_text``: letters, digits and ``$`` of a spaced script make a word): "US" in
    "US-China", not in "USA", "US2" or the currency "US$"; and in "WTO称…" (a Chinese headline
    writes a Latin acronym against its characters, which are no part of the word)."""
    return re.compile(rf"(?<![^\W_{CJK_CLASS}]|\$){acronym}(?![^\W_{CJK_CLASS}]|\$)")


def _literal_hits(
    matches: list[tuple[int, int, int]],
    patterns: tuple[_Literal, ...],
    fields: Fields,
    field: int,
    *,
    every_place: bool,
) -> None:
    """Keep the literal hits that start and end where their terms' edges allow."""
    spaced: tuple[frozenset[int], frozenset[int]] | None = None
    words: Segmentation | None = None  # the field's CJK words, segmented on the first CJK edge
    cjk: frozenset[int] = frozenset()
    found = fields.found
    hits_at = fields.literal_hits
    # patterns whose every unit is found and whose places nobody asks for: a term repeated in a
    # long Chinese summary is checked once (a fifth of the hits of 1,000 topics' terms)
    settled: set[int] = set()
    for index, start, stop in matches:
        if index in settled:
            continue
        pattern = patterns[index]
        kind = pattern.start
        if kind == _SPACED:
            spaced = spaced or fields.edges(field)
            if start not in spaced[0]:
                continue
        elif kind == _CJK:
            if words is None:
                words = fields.segmentation(field)
                cjk = words.boundaries
            if start not in cjk:
                continue
        kind = pattern.end
        if kind == _SPACED:
            spaced = spaced or fields.edges(field)
            hits = pattern.every[field] if stop in spaced[1] else pattern.prefix[field]
        elif kind == _CJK:
            if words is None:
                words = fields.segmentation(field)
                cjk = words.boundaries
            if stop not in cjk:
                hits = pattern.prefix[field]
            elif pattern.start == _CJK and words.straddles(start, stop):
                continue  # two words' pieces (``Segmentation.inside``)
            else:
                hits = pattern.every[field]
        else:
            hits = pattern.every[field]
        if hits:
            found.update(hits)
            if every_place or pattern.placed:
                hits_at.setdefault(pattern.number, []).append((field, start, stop, hits))
            elif hits is pattern.every[field]:
                settled.add(index)
