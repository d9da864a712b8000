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

import pytest

from bot.core.query import And, Near, Not, Or, Query, Term, parse_query, terms
from tests.paths import DATA
from tests.test_topics_quality import SETS, TOPICS, Counts, _macro_f1, engine_against

QUERIES = json.loads((DATA / "analyst_queries.json").read_text(encoding="utf-8"))


def _substring(query: Query, text: str) -> bool:
    """The query as a substring filter would read it: every term anywhere in the text."""
    if isinstance(query, Term):
        return query.text.casefold() in text
    if isinstance(query, Not):
        return not _substring(query.child, text)
    if isinstance(query, Near):
        return _substring(query.left, text) and _substring(query.right, text)
    if isinstance(query, And):
        return all(_substring(child, text) for child in query.children)
    assert isinstance(query, Or)
    return any(_substring(child, text) for child in query.children)


@pytest.fixture(scope="module")
def measured() -> dict[str, tuple[Counts, Counts]]:
    """Set -> (the engine's counts, the substring filter's counts) for the analysts' queries."""
    parsed = {name: parse_query(query) for name, query in QUERIES.items()}

    def substring(title: str, summary: str) -> set[str]:
        text = f"{title} {summary}".casefold()
        return {name for name, query in parsed.items() if _substring(query, text)}

    return engine_against(QUERIES, substring)


def test_the_analysts_long_queries_are_accepted():
    assert set(QUERIES) == set(TOPICS)
    parsed = {name: parse_query(query) for name, query in QUERIES.items()}
    # the two long multilingual ones are past the old limits (512 characters, 50 terms)
    for name, chars, words in (("coercion", 800, 60), ("russia-ukraine", 800, 80)):
        assert len(QUERIES[name]) > chars
        assert len(terms(parsed[name])) > words


@pytest.mark.parametrize("name", sorted(SETS), ids=sorted(SETS))
def test_the_engine_scores_at_least_the_substring_filter(measured, name):
    engine, substring = measured[name]
    assert _macro_f1(engine) >= _macro_f1(substring)
    for topic in TOPICS:  # it finds every labeled item the substring filter finds
        assert engine[topic][0] >= substring[topic][0], topic
