"""Analysts' own queries, run through the engine, score at least a substring match of them.

Issue 15 compares the engine with the tool an analyst has already: a case-insensitive substring
filter over the same boolean query (a prefix ``sanction*`` as the substring "sanction"). The
engine matches whole words and CJK segmenter words instead, so it must not lose what substrings
find (inflections an analyst covered with a prefix, Korean particles, Chinese compounds) while it
drops what they find by accident ("US" in "bonus", 日朝 in 昨日朝野).

The queries (``tests/data/analyst_queries.json``) were written blind, from the topic definitions
only (``tests/data/README.md``), so they are not fitted to the engine or to the labels.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import replace
from functools import cache

import pytest

from bot.core.match import TopicIndex
from bot.core.query import And, Near, Not, Or, Query, Term, parse_query, terms
from tests.paths import DATA
from tests.test_topics_quality import SETS, TOPICS, Counts, _count, _macro_f1, engine_against

QUERIES = json.loads((DATA / "analyst_queries.json").read_text(encoding="utf-8"))


def _substring(query: Query, text: str, *, word_starts: bool = False) -> bool:
    """The query as a substring filter would read it: every term anywhere in the text.

    ``word_starts``: a term of a spaced script (Latin, Greek, Cyrillic) counts only where a word
    starts, so that the filter's accidents ("kiew" inside "moskiewskiego") are not counted as
    what the engine must also find; CJK and Hangul terms still count anywhere. An acronym written
    in capitals ("PLA", "EU") names itself, not the words it starts ("place", "euro"), so it
    counts only as a whole word there.
    """
    if isinstance(query, Term):
        needle = query.text.casefold()
        if not word_starts or ord(needle[0]) >= 0x0530:
            return needle in text
        end = r"(?![^\W\d_])" if query.text.isupper() else ""
        return re.search(rf"(?<![^\W\d_]){re.escape(needle)}{end}", text) is not None
    if isinstance(query, Not):
        return not _substring(query.child, text, word_starts=word_starts)
    if isinstance(query, Near | And):
        children = (query.left, query.right) if isinstance(query, Near) else query.children
        return all(_substring(child, text, word_starts=word_starts) for child in children)
    assert isinstance(query, Or)
    return any(_substring(child, text, word_starts=word_starts) for child in query.children)


def _without_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _filter(*, word_starts: bool, queries: dict[str, str] | None = None, accents: bool = True):
    """``accents=False``: the filter, as the engine does, reads "Séoul" as "Seoul"."""
    parsed = {name: parse_query(query) for name, query in (queries or QUERIES).items()}
    if not accents:
        parsed = {name: _accents_dropped(query) for name, query in parsed.items()}

    def substring(title: str, summary: str) -> set[str]:
        text = f"{title} {summary}".casefold()
        if not accents:
            text = _without_accents(text)
        return {
            name
            for name, query in parsed.items()
            if _substring(query, text, word_starts=word_starts)
        }

    return substring


def _accents_dropped(query: Query) -> Query:
    if isinstance(query, Term):
        return replace(query, text=_without_accents(query.text))
    if isinstance(query, Not):
        return replace(query, child=_accents_dropped(query.child))
    if isinstance(query, Near):
        return replace(query, left=_near_side(query.left), right=_near_side(query.right))
    assert isinstance(query, Or | And)
    return replace(query, children=tuple(map(_accents_dropped, query.children)))


def _near_side(side: Term | Or) -> Term | Or:
    dropped = _accents_dropped(side)
    assert isinstance(dropped, Term | Or)
    return dropped


@cache
def _analyst_index() -> TopicIndex:
    """The analysts' queries compiled once, for the tests that look at single items."""
    return TopicIndex.compile({name: parse_query(query) for name, query in QUERIES.items()})


@pytest.fixture(scope="module")
def measured() -> dict[str, tuple[Counts, Counts]]:
    """Set -> (the engine's counts, the substring filter's counts) for the analysts' queries."""
    return engine_against(QUERIES, _filter(word_starts=False))


@pytest.fixture(scope="module")
def at_word_starts() -> dict[str, tuple[Counts, Counts]]:
    """The same, with the substring filter's terms found only where a word starts."""
    return engine_against(QUERIES, _filter(word_starts=True))


@pytest.mark.parametrize(
    ("text", "term", "anywhere", "at_a_word_start"),
    [
        ("drone over moskiewskiego centrum", "Kiew", True, False),
        ("w kijowie", "Kijów", False, False),
        ("ukraińskie wojsko", "ukraińsk", True, True),
        ("대북제재 강화", "제재", True, True),
        ("the bonus", "us", True, False),
        ("to a place it does not recognise", "PLA", True, False),
        ("the pla drills", "PLA", True, True),
    ],
    ids=[
        "inside-a-word",
        "absent",
        "prefix",
        "korean-compound",
        "latin-inside",
        "acronym-starting-a-word",
        "acronym",
    ],
)
def test_the_word_start_reading_drops_only_spaced_script_accidents(
    text, term, anywhere, at_a_word_start
):
    query = parse_query(term)
    assert _substring(query, text) is anywhere
    assert _substring(query, text, word_starts=True) is at_a_word_start


def test_the_analysts_long_queries_are_accepted():
    assert set(QUERIES) == set(TOPICS)
    parsed = {name: parse_query(query) for name, query in QUERIES.items()}
    # the two long multilingual ones are past the old limits (512 characters, 50 terms)
    for name, chars, words in (("coercion", 800, 60), ("russia-ukraine", 800, 80)):
        assert len(QUERIES[name]) > chars
        assert len(terms(parsed[name])) > words


# Labeled items the substring filter finds only inside a word, where no analyst's term stands:
# ``sanction*`` inside "unsanctioned" (labeled coercion and the war), the acronym ``PLA`` as the
# start of "place" (a report of US arms for Taiwan that names no Chinese side, labeled taiwan)
# and of "plans" (Taiwan's first submarine, 27-28 September 2023, and its project chief's
# resignation, 16-17 April 2024, labeled taiwan),
# ``USA`` inside "accusations" (US sanctions on Chinese firms over Xinjiang, labeled china-us,
# whose summary names no other US term the analyst wrote; and the US's pitch to Latin America
# against China's influence, whose summary's "accusations of spying" holds the only "usa", the
# Guardian of October 2020), the acronym ``СВО`` (Russia's "special
# military operation") inside "свою" ("its own": a Shahed drone over Moldova, Suspilne of
# December 2025, labeled russia-ukraine).
# The engine reads words, as the analyst wrote them; on these sets it must match the filter read
# at word starts instead.
INSIDE_WORD_FINDS = {
    "2023-03c": {"Examining Russia’s unsanctioned cash pile"},
    "2023-11c": {"The US is quietly arming Taiwan to the teeth"},
    "2023-08d": {"US blacklists two Chinese firms over Uighur forced labour accusations"},
    "2023-09c": {"All you need to know about Taiwan’s new submarine in 500 words"},
    "2024-04": {"Taiwan submarine project chief quits, ministry says plans to proceed"},
    "multilingual-18": {
        "У Молдові підтвердили проліт БпЛА типу “Шахед” через свою територію до Румунії"
    },
    "world-en-3": {"US makes fresh pitch to Latin America in bid to counter China's influence"},
}


def _found_only_inside_words(name: str) -> set[str]:
    """Titles of labeled items the filter finds and the engine does not, on one set."""
    index = _analyst_index()
    anywhere = _filter(word_starts=False)
    return {
        title
        for title, summary, wanted in SETS[name]()
        if (anywhere(title, summary) - set(index.match(title, summary))) & wanted
    }


# Unlabeled items the engine finds and the filter does not, only because the engine reads accents
# as the writer meant them: the analyst's ``Seoul`` is the French "Séoul" of a list of cities that
# celebrated the new year (31 December 2025, japan-korea: a co-mention the analyst's AND lets
# through, which the built-in japan-korea leaves out). On this set the engine must match the
# filter that reads accents the same way.
ACCENT_FINDS = {
    "multilingual-8": {
        "Sydney, Séoul, Tokyo… Plusieurs grandes villes ont déjà célébré l'entrée dans l'année 2026"
    },
}


def _found_only_without_accents(name: str) -> set[str]:
    """Titles the engine finds, the filter does not, and the filter reading accents does."""
    index = _analyst_index()
    raw, folded = _filter(word_starts=False), _filter(word_starts=False, accents=False)
    return {
        title
        for title, summary, _ in SETS[name]()
        if (set(index.match(title, summary)) - raw(title, summary)) & folded(title, summary)
    }


# Labeled items the filter finds only across two words: the analyst's ``한일`` (Korea-Japan) in
# 주한|일본대사관 ("the Japanese embassy in Korea") of a report on Sado mine (Chosun, January 2023),
# the issue's own trap (한일 in 대한일보) that happened to land on a Korea-Japan story; and
# ``Ucrania`` in "UcraniaUcrania", where a scraper of El País' home page glued the section
# heading to the headline (May 2024). The engine reads words; on these sets it must match the
# filter without them.
# Labeled items the filter finds inside a German compound, where the analyst wrote the bare word:
# ``Zoll`` ("tariff") as the head of "Zollideen" and "Zollpolitik" (German politics pages of April
# 2025, labeled coercion), and ``Strafzöll*`` inside "PlusMeinungStrafzölle", a headline the
# scraper glued to its section label. The engine reads words, as ``Zoll`` is written (``Zoll*``
# finds both); a filter at word starts finds the first two. On this set it must match the filter
# without them.
COMPOUND_FINDS = {
    "multilingual-34": {
        "Der US-Überblick am Morgen : Elon Musk will zollfreien Handel, keine Einreise mehr für "
        "Südsudanesen",
        "SZ PlusMeinungStrafzölle vs. Freihandel:Trump sollte ausnahmsweise mal auf Musk hören",
        "USA:Ein Land erwacht nach dem „Befreiungstag“",
    },
}

ACROSS_WORDS = {
    "multilingual-15": {"정부, 日사도광산 세계유산 재신청 “유감”… 대사대리 초치"},
    "multilingual-25": {
        "Guerra de Rusia en UcraniaUcrania construirá cuatro reactores nucleares para suplir la "
        "pérdida de la central de Zaporiyia"
    },
}


@pytest.mark.parametrize("name", sorted(SETS), ids=sorted(SETS))
def test_the_engine_scores_at_least_the_substring_filter(measured, at_word_starts, name):
    engine, substring = measured[name]
    _, honest = at_word_starts[name]
    if name in ACROSS_WORDS or name in COMPOUND_FINDS:
        left_out = ACROSS_WORDS.get(name) or COMPOUND_FINDS[name]
        assert _found_only_inside_words(name) == left_out
        index = _analyst_index()
        kept = [item for item in SETS[name]() if item[0] not in left_out]
        engine = _count(kept, lambda title, summary: set(index.match(title, summary)))
        honest = _count(kept, _filter(word_starts=True))
        assert _macro_f1(engine) >= _macro_f1(_count(kept, _filter(word_starts=False)))
    elif name in INSIDE_WORD_FINDS:
        assert _found_only_inside_words(name) == INSIDE_WORD_FINDS[name]
        assert _macro_f1(engine) >= _macro_f1(honest)
    elif name in ACCENT_FINDS:
        assert _found_only_without_accents(name) == ACCENT_FINDS[name]
        folded = _count(SETS[name](), _filter(word_starts=False, accents=False))
        assert _macro_f1(engine) >= _macro_f1(folded)
    else:
        assert _macro_f1(engine) >= _macro_f1(substring)
    for topic in TOPICS:  # it finds every labeled item the filter finds where words start
        assert engine[topic][0] >= honest[topic][0], topic


SINGULAR_QUERIES = {  # how an analyst used to a substring filter writes: bare singular words
    "coercion": (
        'sanction OR tariff OR embargo OR blacklist OR "export control" OR countermeasure OR '
        '"trade war" OR levy OR duty'
    ),
    "russia-ukraine": "Ukraine OR Kyiv OR Zelensky OR Crimea OR Donbas OR Kharkiv OR Kherson",
}
NAME_QUERIES = {  # ... and names, whose "Korea" finds "Korean" in a substring filter
    "japan-korea": "(Japan OR Tokyo) AND (Korea OR Seoul)",
    "north-korea": '"North Korea" OR Pyongyang OR "Kim Jong Un"',
    "taiwan": "Taiwan AND (China OR Beijing)",
    "russia-ukraine": "Russia AND Ukraine",
}


@pytest.fixture(scope="module")
def singular() -> dict[str, tuple[Counts, Counts]]:
    return engine_against(SINGULAR_QUERIES, _filter(word_starts=True, queries=SINGULAR_QUERIES))


@pytest.fixture(scope="module")
def names() -> dict[str, tuple[Counts, Counts]]:
    return engine_against(NAME_QUERIES, _filter(word_starts=True, queries=NAME_QUERIES))


@pytest.mark.parametrize("name", sorted(SETS), ids=sorted(SETS))
def test_bare_singular_words_find_what_a_substring_filter_finds(singular, name):
    """``sanction`` finds "sanctions" (``bot.core.plurals``), as the filter's "sanction" does:
    with exact words the engine found 0 of 10, 1 of 4 and 0 of 2 of the filter's labeled
    coercion items on three sets."""
    engine, substring = singular[name]
    for topic in SINGULAR_QUERIES:
        allowed = INSIDE_ANOTHER_WORD.get((name, topic), 0)
        assert engine[topic][0] >= substring[topic][0] - allowed, topic


INSIDE_ANOTHER_WORD = {
    ("2023-12", "russia-ukraine"): 1,
    ("2023-04b", "russia-ukraine"): 1,
    ("2023-06c", "russia-ukraine"): 1,
    ("multilingual-6", "russia-ukraine"): 1,
    ("multilingual-10", "russia-ukraine"): 1,
    ("multilingual-20", "russia-ukraine"): 2,
    ("multilingual-28", "russia-ukraine"): 2,
    ("multilingual-34", "russia-ukraine"): 1,  # "Ukraine" as the head of "Ukrainekrieg"
    ("multilingual-38", "russia-ukraine"): 1,  # ... and of "Ukrainekarte" (WELT, January 2026)
}
"""Labeled items the filter finds only inside a longer word, which a whole word does not match:
the filter's "kyiv" finds "Kyivstar" (a Polish report of the hack of Ukraine's largest mobile
operator that never names Kyiv nor Ukraine but as "Ukraina" and "ukraińskiego"), and "donbas"
the Polish case "Donbasu" (a Polish report naming "Krymu i Donbasu" only: other languages'
endings take a ``*``, README "Plurals"), and "Donbasie" (a Polish report of a village retaken
"w Donbasie", 12-13 June 2023), and "ukraine" the French "l’armée ukrainienne" (Le Monde of
2022, whose headline says only "ukrainien"), and the German "Ukrainer" (Ukrainians: Tagesschau's
"Sie werden nicht gegen Ukrainer kämpfen" of November 2022, and the CSU's plan to send jobless
"Ukrainer" home, Spiegel and tagesschau of 2024; Ukrainian Olympians, "Ukrainer bei Olympia", and
a boycott "wegen des Ukrainekriegs", a German compound, Spiegel of 2024; WELT's map of the front,
"Ukrainekarte aktuell", of January 2026)."""


@pytest.mark.parametrize("name", sorted(SETS), ids=sorted(SETS))
def test_names_find_their_adjectives_as_a_substring_filter_does(names, name):
    """``Russia`` finds "Russian", ``"North Korea"`` "North Korean" (``bot.core.plurals``), as
    the filter's "russia" does. Without, ``Russia AND Ukraine`` found 36, 14 and 16 of the
    filter's 48, 26 and 27 labeled items on the Nov 2022, Nov 2023 and Aug 2023 sets."""
    engine, substring = names[name]
    for topic in NAME_QUERIES:
        assert engine[topic][0] >= substring[topic][0], topic
