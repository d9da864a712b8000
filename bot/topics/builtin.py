"""The built-in topic library: curated queries shipped as ``bot/topics/builtin.toml`` (issue 5).

The queries live in a data file rather than in code so that an analyst can review and change
them without reading Python; this module only reads the file (the core stays free of I/O).
Operators and admins override a built-in by storing a topic with the same name.
"""

from __future__ import annotations

import tomllib
from importlib import resources

from bot.core.query import parse_query

TOPICS_FILE = "builtin.toml"


def load_builtin_topics() -> dict[str, str]:
    """Topic name -> query text, in file order. Every query is checked to parse."""
    return {name: query for name, (query, _) in load_builtin_topic_details().items()}


def load_builtin_topic_details() -> dict[str, tuple[str, str]]:
    """Topic name -> (query text with whitespace folded, description)."""
    text = resources.files("bot.topics").joinpath(TOPICS_FILE).read_text(encoding="utf-8")
    topics: dict[str, tuple[str, str]] = {}
    for name, table in tomllib.loads(text).items():
        query = " ".join(str(table["query"]).split())
        parse_query(query)  # a broken built-in is a bug: let QueryError surface
        topics[name] = (query, str(table["description"]))
    return topics
