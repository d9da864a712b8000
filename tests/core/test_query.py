"""The topic query language: parsing, normalized printing, every error and its position."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.core.query import (
    MAX_NEAR,
    MAX_QUERY_CHARS,
    MAX_TERM_CHARS,
    MAX_TERMS,
    And,
    Near,
    Not,
    Or,
    QueryError,
    Term,
    all_of,
    any_of,
    is_positive,
    negate,
    parse_query,
    terms,
)
from bot.errors import UserError

T = Term

PARSES = [
    ("word", "Taiwan", T("Taiwan")),
    ("phrase", '"North Korea"', T("North Korea")),
    ("phrase-spaces-folded", '"  North \t Korea "', T("North Korea")),
    ("implicit-and", "Japan Korea", And((T("Japan"), T("Korea")))),
    ("explicit-and", "Japan AND Korea", And((T("Japan"), T("Korea")))),
    ("or", "Japan OR Korea", Or((T("Japan"), T("Korea")))),
    ("pipe", "Japan | Korea", Or((T("Japan"), T("Korea")))),
    ("pipe-no-spaces", "Japan|Korea", Or((T("Japan"), T("Korea")))),
    ("and-binds-tighter", "a b OR c", Or((And((T("a"), T("b"))), T("c")))),
    ("parens", "a (b OR c)", And((T("a"), Or((T("b"), T("c")))))),
    ("minus", "Japan -anime", And((T("Japan"), Not(T("anime"))))),
    ("not", "Japan NOT anime", And((T("Japan"), Not(T("anime"))))),
    ("minus-phrase", 'Korea -"K-pop"', And((T("Korea"), Not(T("K-pop", exact=True))))),
    ("quoted-word-is-exact", '"tariff" tariff', And((T("tariff", exact=True), T("tariff")))),
    ("quoted-phrase-is-a-phrase", '"export control"', T("export control")),
    ("minus-group", "a -(b c)", And((T("a"), Not(And((T("b"), T("c"))))))),
    ("double-negation", "a NOT -b", And((T("a"), T("b")))),
    ("hyphen-inside-word", "K-pop", T("K-pop")),
    ("prefix", "sanction*", T("sanction", prefix=True)),
    ("star-ending-quoted-word", '"a*"', T("a", prefix=True)),  # * in quotes is still a prefix
    ("star-ending-phrase", '"export control*"', T("export control", prefix=True)),
    ("title-term", "title:Korea", T("Korea", title=True)),
    ("title-case", "TITLE:Korea", T("Korea", title=True)),
    ("title-phrase", 'title:"North Korea"', T("North Korea", title=True)),
    ("title-prefix", "title:sanction*", T("sanction", prefix=True, title=True)),
    (
        "title-group",
        "title:(a OR -b c)",
        Or((T("a", title=True), And((Not(T("b", title=True)), T("c", title=True))))),
    ),
    ("nested-flattened", "(a b) (c d)", And((T("a"), T("b"), T("c"), T("d")))),
    ("or-flattened", "a OR (b OR c)", Or((T("a"), T("b"), T("c")))),
    ("lowercase-or-is-a-word", "japan or korea", And((T("japan"), T("or"), T("korea")))),
    ("cjk", "韓国 OR 한국", Or((T("韓国"), T("한국")))),
    ("word-with-colon", "foo:bar", T("foo:bar")),
    ("quoted-operator", '"OR" x', And((T("OR"), T("x")))),
    ("and-not-self-allowed", "a AND NOT a", And((T("a"), Not(T("a"))))),
]


@pytest.mark.parametrize(("text", "expected"), [p[1:] for p in PARSES], ids=[p[0] for p in PARSES])
def test_parse(text, expected):
    assert parse_query(text) == expected


PRINTS = [
    ("or-inside-and", "(Japan OR Tokyo) Korea", "(Japan OR Tokyo) Korea"),
    ("and-inside-or", "a b OR c", "(a b) OR c"),
    ("minus-word", "a NOT b", "a -b"),
    ("minus-quoted-word-kept", 'a -"K-pop"', 'a -"K-pop"'),
    ("phrase-quoted", '"North Korea"', '"North Korea"'),
    ("quoted-word-stays-quoted", '"Korea"', '"Korea"'),  # exact: no plural
    ("pipe", "a|b", "a OR b"),
    ("title-pushed-down", 'title:(a "b c")', 'title:a title:"b c"'),
    ("prefix", "sanction*", "sanction*"),
    ("group-negation", "a -(b OR c)", "a -(b OR c)"),
    ("operator-word-quoted", '"AND" x', '"AND" x'),
    ("leading-hyphen-quoted", '"-x" y', '"-x" y'),
    ("title-word-quoted", '"title:x"', '"title:x"'),
    ("trailing-star-quoted", '"a*"', "a*"),
    ("trailing-star-phrase", '"export  control*"', '"export control*"'),
]


@pytest.mark.parametrize(("text", "printed"), [p[1:] for p in PRINTS], ids=[p[0] for p in PRINTS])
def test_str_is_normalized_and_round_trips(text, printed):
    query = parse_query(text)
    assert str(query) == printed
    assert parse_query(printed) == query


ERRORS = [
    ("empty", "", "empty query", 0),
    ("blank", "   ", "empty query", 0),
    ("open-paren", "a (b OR c", "'(' is never closed", 2),
    ("open-paren-at-the-end", "grain AND (", "'(' is never closed", 10),  # not "empty phrase"
    ("close-paren", "a b) c", "')' has no matching '('", 3),
    ("close-paren-first", ") a", "')' has no matching '('", 0),
    ("empty-parens", "a ()", "empty parentheses", 2),
    ("unterminated-quote", 'Korea "North', "unterminated quote", 6),
    ("empty-phrase", 'a ""', "empty phrase", 2),
    ("not-alone", "NOT x", "only excludes", 0),
    ("minus-alone", "-x", "only excludes", 0),
    ("all-negative", "-x -y", "only excludes", 0),
    ("negative-branch", "a OR -b", "only excludes", 5),
    ("negative-branch-in-title", "title:(-a OR b) OR c", "only excludes", 7),
    ("dangling-or-end", "a OR", "dangling OR", 2),
    ("dangling-or-start", "OR a", "dangling OR", 0),
    ("dangling-or-double", "a OR OR b", "dangling OR", 2),
    ("dangling-or-paren", "(a OR) b", "dangling OR", 3),
    ("dangling-and-end", "a AND", "dangling AND", 2),
    ("dangling-and-start", "AND a", "dangling AND", 0),
    ("dangling-and-or", "a AND OR b", "dangling AND", 2),
    ("not-at-end", "a NOT", "NOT needs a term", 2),
    ("minus-at-end", "a -", "- needs a term", 2),
    ("minus-space", "a - b", "- needs a term", 2),
    ("title-space", "title: a", "title: needs a term", 0),
    ("title-at-end", "a title:", "title: needs a term", 2),
    ("bare-star", "a *", "prefix * needs letters", 2),
    ("lucene-and", "Japan && Korea", "&& is not an operator here: write AND", 6),
    ("lucene-or", "Japan || Korea", "dangling OR", 6),  # two | are two ORs
    ("ampersand", "Japan & Korea", "& is not an operator here: write AND", 6),
    ("lucene-required", "Japan +Korea", "+ is not an operator here", 6),
    ("lucene-not", "Japan ! Korea", "! is not an operator here: write NOT", 6),
    ("punctuation-prefix", "a.*", "prefix * works only", 0),
    ("term-too-long", "a " + "x" * (MAX_TERM_CHARS + 1), f"at most {MAX_TERM_CHARS}", 2),
    ("too-many-terms", "t " * (MAX_TERMS + 1), f"at most {MAX_TERMS} in one query", 2 * MAX_TERMS),
    ("query-too-long", "x" * (MAX_QUERY_CHARS + 1), f"at most {MAX_QUERY_CHARS}", MAX_QUERY_CHARS),
]


@pytest.mark.parametrize(
    ("text", "message", "position"), [e[1:] for e in ERRORS], ids=[e[0] for e in ERRORS]
)
def test_error_names_problem_and_position(text, message, position):
    with pytest.raises(QueryError) as caught:
        parse_query(text)
    assert message in str(caught.value)
    assert caught.value.position == position
    assert f"at position {position}" in str(caught.value)
    assert isinstance(caught.value, UserError)


def test_error_quotes_the_text_at_the_position():
    with pytest.raises(QueryError, match=r"at position 6: '\"North'"):
        parse_query('Korea "North')


def test_limits_are_inclusive():
    assert len(terms(parse_query("t " * MAX_TERMS))) == MAX_TERMS
    assert parse_query("x" * MAX_TERM_CHARS) == T("x" * MAX_TERM_CHARS)
    longest = ("abcdefghij " * 300).ljust(MAX_QUERY_CHARS)
    assert len(terms(parse_query(longest))) == 300


def test_limits_fit_real_monitoring_queries():
    # issue 15: at least 4,000 characters and 300 terms a query, terms up to 200 characters
    assert MAX_QUERY_CHARS >= 4000
    assert MAX_TERMS >= 300
    assert MAX_TERM_CHARS >= 200
    words = [f"word{i}" for i in range(150)] + ["санкц*", "Україн*", "制裁", "제재"] * 30
    query = f"({' OR '.join(words[:200])}) NEAR/8 ({' OR '.join(words[200:])})"
    assert len(query) > 2000
    assert len(terms(parse_query(query))) == 270


def test_queries_are_hashable_values():
    assert len({parse_query("a OR b"), parse_query("a | b"), parse_query("(a OR b)")}) == 1


def test_term_label_shows_prefix():
    assert parse_query("title:sanction*").label == "sanction*"  # type: ignore[union-attr]
    assert T("Korea").label == "Korea"


def test_terms_lists_negated_terms_too():
    assert terms(parse_query("a -b (c OR d)")) == (T("a"), T("b"), T("c"), T("d"))


def test_positive_rules():
    assert is_positive(And((Not(T("a")), T("b"))))
    assert not is_positive(Or((Not(T("a")), T("b"))))
    assert not is_positive(negate(T("a")))
    assert negate(Not(T("a"))) == T("a")
    assert all_of([T("a")]) == T("a")
    assert any_of([Or((T("a"), T("b"))), T("c")]) == Or((T("a"), T("b"), T("c")))


# --- properties -----------------------------------------------------------------------------

_WORD_CHARS = st.sampled_from(list("abcXYZé日本한국台灣0123456789'.-&:_"))
_TEXT = st.text(_WORD_CHARS, min_size=1, max_size=8).map(str.strip).filter(bool)
_PHRASE = st.lists(_TEXT, min_size=1, max_size=3).map(" ".join)


@st.composite
def _terms(draw):
    title = draw(st.booleans())
    if draw(st.booleans()):
        head = draw(st.text(st.sampled_from(list("abcXYZé0123")), min_size=1, max_size=6))
        return Term(head, prefix=True, title=title)
    return Term(draw(_PHRASE), title=title)


_SIDES = st.one_of(_terms(), st.lists(_terms(), min_size=2, max_size=3).map(any_of))
_NEARS = st.builds(
    Near, _SIDES, _SIDES, st.integers(min_value=1, max_value=MAX_NEAR), st.booleans()
)


def _extend(children):
    return st.one_of(
        st.lists(children, min_size=2, max_size=3).map(all_of),
        st.lists(children, min_size=2, max_size=3).map(any_of),
        children.map(negate),
        _NEARS,
    )


QUERIES = st.recursive(_terms(), _extend, max_leaves=8).filter(is_positive)


@given(QUERIES)
def test_str_round_trips(query):
    assert parse_query(str(query)) == query


def test_in_title_restricts_every_term_of_a_subtree() -> None:
    from bot.core.query import in_title

    assert in_title(parse_query('(a OR "b c") -d')) == parse_query('title:((a OR "b c") -d)')
