"""NEAR and ONEAR (issue 15): parsing, printing, errors, and matching across scripts."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from bot.core.match import TopicIndex
from bot.core.query import DEFAULT_NEAR, MAX_NEAR, Near, Or, QueryError, Term, parse_query
from bot.core.segment import Segmenter

T = Term
LEGACY = Path(__file__).parent.parent / "data" / "topics_legacy.toml"


def matches(query: str, title: str, summary: str = "") -> bool:
    return "t" in TopicIndex.compile({"t": parse_query(query)}).match(title, summary)


PARSES = [
    ("near-default", "Japan NEAR Korea", Near(T("Japan"), T("Korea"), DEFAULT_NEAR)),
    ("near-n", "Japan NEAR/8 Korea", Near(T("Japan"), T("Korea"), 8)),
    ("onear", "Japan ONEAR/2 Korea", Near(T("Japan"), T("Korea"), 2, ordered=True)),
    ("onear-default", "a ONEAR b", Near(T("a"), T("b"), DEFAULT_NEAR, ordered=True)),
    (
        "groups",
        "(Japan OR Tokyo) NEAR/3 (Korea OR Seoul)",
        Near(Or((T("Japan"), T("Tokyo"))), Or((T("Korea"), T("Seoul"))), 3),
    ),
    ("phrase-prefix", '"South Korea" NEAR sanction*', Near(T("South Korea"), T("sanction", True))),
    ("title-whole", "title:(a NEAR b)", Near(T("a", title=True), T("b", title=True))),
    ("title-binds-near", "title:a NEAR b", Near(T("a", title=True), T("b", title=True))),
    ("binds-tighter-than-and", "x a NEAR b", parse_query("x (a NEAR b)")),
    ("quoted-is-a-word", '"NEAR" x', parse_query('"NEAR" AND x')),
    ("lowercase-is-a-word", "a near b", parse_query("a AND near AND b")),
]


@pytest.mark.parametrize(("text", "expected"), [p[1:] for p in PARSES], ids=[p[0] for p in PARSES])
def test_parse(text, expected):
    assert parse_query(text) == expected
    assert parse_query(str(parse_query(text))) == expected


ERRORS = [
    ("nothing-after", "Japan NEAR", "NEAR needs a term", 6),
    ("nothing-before", "NEAR Japan", "NEAR needs a term", 0),
    ("zero", "a NEAR/0 b", "from 1 to", 2),
    ("too-far", f"a NEAR/{MAX_NEAR + 1} b", "from 1 to", 2),
    ("not-a-number", "a NEAR/x b", "whole number", 2),
    ("chained", "a NEAR b NEAR c", "join two NEARs with AND", 9),
    ("and-group", "(a b) NEAR c", "NEAR needs a term", 0),
    ("negated-side", "a NEAR -b", "NEAR needs a term", 2),
    ("not-group", "a ONEAR (b -c)", "ONEAR needs a term", 8),
]


@pytest.mark.parametrize(
    ("text", "message", "position"), [e[1:] for e in ERRORS], ids=[e[0] for e in ERRORS]
)
def test_error_names_problem_and_position(text, message, position):
    with pytest.raises(QueryError) as caught:
        parse_query(text)
    assert message in str(caught.value)
    assert caught.value.position == position


CASES = [
    # words apart = difference of word positions; punctuation is not a word
    ("adjacent", "Japan NEAR/1 Korea", "Japan-Korea talks", True),
    ("either-order", "Japan NEAR/1 Korea", "Korea, Japan hold talks", True),
    ("default-4", "Japan NEAR Korea", "Japan, the US and Korea", True),
    ("beyond-4", "Japan NEAR Korea", "Japan wins a match while in other news Korea", False),
    ("n-inclusive", "Japan NEAR/3 Korea", "Japan, China and Korea", True),
    ("n-exceeded", "Japan NEAR/2 Korea", "Japan, China and Korea", False),
    ("ordered-ok", "Japan ONEAR/3 Korea", "Japan and South Korea", True),
    ("ordered-wrong-way", "Japan ONEAR/3 Korea", "Korea and Japan", False),
    ("phrase-side", '"South Korea" NEAR/2 Japan', "South Korea, Japan agree", True),
    ("same-word-not-near", "Korea NEAR/3 Korea*", "Korea", False),
    ("prefix-side", "sanction* NEAR/2 Russia", "sanctions on Russia", True),
    ("group-side", "(Tokyo OR Japan) NEAR/2 (Seoul OR Korea)", "Tokyo and Seoul", True),
    ("cyrillic", "Україн* NEAR/3 Росі*", "Україна і Росія підписали", True),
    ("cyrillic-far", "Україн* NEAR/1 Росі*", "Україна, Польща і Росія", False),
    ("greek", "Κίνα NEAR/3 ΗΠΑ", "Η ΚΙΝΑ και οι ΗΠΑ", True),
    ("ja-words", "日本 NEAR/2 韓国", "日本と韓国が会談", True),
    ("ja-far", "日本 NEAR/1 韓国", "日本と韓国が会談", False),
    ("zh-words", "中国 NEAR/2 美国", "中国和美国举行会谈", True),
    ("ko-morphemes", "일본 NEAR/2 한국", "일본과 한국 정상회담", True),
    ("mixed-scripts", "Japan NEAR/2 韓国", "Japan と 韓国", True),
    ("not-across-fields", "Japan NEAR/8 Korea", "Japan", True),
    # a possessive "'s" belongs to its word: "Taiwan's parliament" is two words, not three
    ("possessive-one-word", "Taiwan NEAR/6 China",
     "Taiwan's parliament passes bill pushing pro-China changes", True),
    ("possessive-typographic", "Taiwan NEAR/6 China",
     "Taiwan’s parliament passes bill pushing pro-China changes", True),
    ("possessive-still-counted-right", "Taiwan NEAR/5 China",
     "Taiwan's parliament passes bill pushing pro-China changes", False),
    ("lone-s-is-a-word", "Japan NEAR/1 Korea", "Japan s Korea", False),
    # the letters of an abbreviation written with dots are one word, as the abbreviation is
    ("initialism-one-word", "restrictions NEAR/3 investments",
     "Biden orders restrictions on U.S. investments in Chinese technology", True),
    ("initialism-counted-right", "restrictions NEAR/2 investments",
     "Biden orders restrictions on U.S. investments in Chinese technology", False),
    ("initialism-of-three", "Japan NEAR/2 Korea", "Japan, U.S.A., Korea", True),
    ("middle-initial-is-a-word", "George NEAR/1 Bush", "George W. Bush", False),
]  # fmt: skip


@pytest.mark.parametrize(
    ("query", "title", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_near_rule(query, title, expected):
    summary = "Korea" if title == "Japan" else ""
    if title == "Japan":  # one side in each field is never near
        expected = False
    assert matches(query, title, summary) is expected


def test_near_title_only_sides_look_in_the_headline():
    assert matches("title:(Japan NEAR Korea)", "Japan and Korea", "")
    assert not matches("title:(Japan NEAR Korea)", "Talks", "Japan and Korea")


def test_near_in_chinese_without_segmenter_counts_characters():
    index = TopicIndex.compile(
        {"t": parse_query("中国 NEAR/2 美国")}, segmenter=Segmenter(languages=frozenset())
    )
    assert index.match("中国和美国", "")  # 中国|和|美国 by characters: 美 is 3 after 国
    assert not index.match("中国今天和美国", "")


def test_explain_names_the_operator_and_distance():
    index = TopicIndex.compile({"t": parse_query('Japan NEAR/8 Korea -"K-pop"')})
    assert index.explain("Japan and South Korea meet", "") == {
        "t": ("Japan NEAR/8 Korea: 3 words apart in title", 'NOT "K-pop": absent')
    }
    assert index.explain("Weather", "") == {}


@pytest.mark.parametrize(
    ("excluded", "shown"),
    [
        ("(anime OR manga)", "NOT anime OR manga: absent"),
        ("(a1 OR a2 OR a3 OR a4 OR a5)", "NOT a1 OR a2 OR a3 OR a4 OR a5: absent"),
        ("(a1 OR a2 OR a3 OR a4 OR a5 OR a6)", "NOT (a1 OR a2 OR a3 OR a4 OR … 2 more): absent"),
        ('(a1 OR "World Cup" OR b* OR (c d) OR e OR f OR g)',
         'NOT (a1 OR "World Cup" OR b* OR (c d) OR … 3 more): absent'),
    ],
)  # fmt: skip
def test_explain_shortens_a_long_excluded_list(excluded: str, shown: str) -> None:
    """A built-in topic excludes 24 sports words; ``why`` names a few and counts the rest."""
    index = TopicIndex.compile({"t": parse_query(f"Japan NEAR Korea -{excluded}")})
    assert index.explain("Japan and Korea meet", "") == {
        "t": ("Japan NEAR/4 Korea: 2 words apart in title", shown)
    }


def _legacy_queries() -> list[str]:
    data = tomllib.loads(LEGACY.read_text(encoding="utf-8"))
    return [" ".join(table["query"].split()) for table in data.values()]


@pytest.mark.parametrize("query", _legacy_queries(), ids=lambda q: q[:30])
def test_queries_of_the_previous_grammar_keep_parsing(query):
    # topics stored by the release before issue 15 (here its built-in topics) keep their meaning
    parsed = parse_query(query)
    assert "NEAR" not in str(parsed)
    assert parse_query(str(parsed)) == parsed
