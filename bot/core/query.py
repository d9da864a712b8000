"""The topic query language: text -> tokens -> ``Query`` AST, and back with ``str()``.

Analysts already know this language from news search (issue 5): words, ``"exact phrases"``,
implicit AND, ``OR`` / ``|``, ``NOT`` / ``-term``, parentheses, a trailing ``*`` for a prefix and
``title:`` to restrict a term, phrase or group to headlines. Operators are upper case only, as in
most search engines, so the word "or" in a phrase-less query stays a word.

The AST is normalized while it is built (nested AND/OR flattened, ``NOT NOT x`` is ``x``,
``title:`` pushed down onto each term) so that ``parse_query(str(q)) == q`` and equal queries
compare and hash equal. A query must contain a term that is not negated: ``NOT x`` alone would
match nearly everything, which is never what a topic means. Errors carry the 0-based position of
the offending character so a chat reply can point at it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import TypeAlias

from bot.errors import UserError

MAX_QUERY_CHARS = 512  # keeps a topic readable in a chat reply and cheap to compile
MAX_TERMS = 50  # 50 terms covers every curated topic (the largest uses about 45)
MAX_TERM_CHARS = 100  # a longer "phrase" is a pasted sentence, not a search term
_SPECIAL = frozenset('()"|')
_OPERATORS = frozenset({"OR", "AND", "NOT"})
_TITLE = "title:"
_SPACE = re.compile(r"\s+")


class QueryError(UserError):
    """A topic query that cannot be parsed; ``position`` is the 0-based offending offset."""

    def __init__(self, message: str, position: int, query: str = "") -> None:
        near = query[position : position + 20]
        where = f"at position {position}" + (f": {near!r}" if near.strip() else "")
        super().__init__(f"{message} ({where})")
        self.reason = message
        self.position = position


@dataclass(frozen=True, slots=True)
class Term:
    """A word or phrase. ``prefix`` is a trailing ``*``; ``title`` restricts it to headlines."""

    text: str
    prefix: bool = False
    title: bool = False

    def __str__(self) -> str:
        field = _TITLE if self.title else ""
        if self.prefix:
            return f"{field}{self.text}*"
        return f"{field}{self.text}" if _is_bare(self.text) else f'{field}"{self.text}"'

    @property
    def label(self) -> str:
        """The term as shown in "why did this match": its text, with ``*`` for a prefix."""
        return f"{self.text}*" if self.prefix else self.text


@dataclass(frozen=True, slots=True)
class Not:
    child: Query

    def __str__(self) -> str:
        if isinstance(self.child, Term):
            return f"-{self.child}"
        return f"-({self.child})"


@dataclass(frozen=True, slots=True)
class And:
    children: tuple[Query, ...]

    def __str__(self) -> str:
        return " ".join(f"({c})" if isinstance(c, Or) else str(c) for c in self.children)


@dataclass(frozen=True, slots=True)
class Or:
    children: tuple[Query, ...]

    def __str__(self) -> str:
        return " OR ".join(f"({c})" if isinstance(c, And) else str(c) for c in self.children)


Query: TypeAlias = Term | Not | And | Or


def _is_bare(text: str) -> bool:
    """True when ``text`` reads back as one plain (unquoted, non-prefix) word."""
    return (
        bool(text)
        and not any(c in _SPECIAL or c.isspace() for c in text)
        and text not in _OPERATORS
        and not text.startswith("-")
        and not text.endswith("*")
        and not text.lower().startswith(_TITLE)
    )


def all_of(children: list[Query] | tuple[Query, ...]) -> Query:
    """AND of ``children``, flattened; one child is returned as is."""
    flat: list[Query] = []
    for child in children:
        flat.extend(child.children if isinstance(child, And) else (child,))
    return flat[0] if len(flat) == 1 else And(tuple(flat))


def any_of(children: list[Query] | tuple[Query, ...]) -> Query:
    """OR of ``children``, flattened; one child is returned as is."""
    flat: list[Query] = []
    for child in children:
        flat.extend(child.children if isinstance(child, Or) else (child,))
    return flat[0] if len(flat) == 1 else Or(tuple(flat))


def negate(child: Query) -> Query:
    """NOT ``child``; ``NOT NOT x`` is ``x``."""
    return child.child if isinstance(child, Not) else Not(child)


def in_title(query: Query) -> Query:
    """``title:`` applied to a whole subtree: every term is restricted to the headline."""
    if isinstance(query, Term):
        return Term(query.text, query.prefix, title=True)
    if isinstance(query, Not):
        return Not(in_title(query.child))
    if isinstance(query, And):
        return And(tuple(in_title(c) for c in query.children))
    return Or(tuple(in_title(c) for c in query.children))


def is_positive(query: Query) -> bool:
    """True when every match needs at least one of the query's terms to be present."""
    if isinstance(query, Term):
        return True
    if isinstance(query, Not):
        return False
    if isinstance(query, And):
        return any(is_positive(c) for c in query.children)
    return all(is_positive(c) for c in query.children)


def terms(query: Query) -> tuple[Term, ...]:
    """Every term in the query, in reading order (with repeats)."""
    if isinstance(query, Term):
        return (query,)
    if isinstance(query, Not):
        return terms(query.child)
    return tuple(t for c in query.children for t in terms(c))


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str  # "(" ")" "OR" "AND" "NOT" "-" "TITLE" "WORD" "PHRASE" "END"
    pos: int
    text: str = ""


def _tokenize(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        if char.isspace():
            i += 1
        elif char in "()":
            tokens.append(_Token(char, i))
            i += 1
        elif char == "|":
            tokens.append(_Token("OR", i))
            i += 1
        elif char == '"':
            end = text.find('"', i + 1)
            if end < 0:
                raise QueryError('unterminated quote: add the closing "', i)
            tokens.append(_Token("PHRASE", i, text[i + 1 : end]))
            i = end + 1
        elif char == "-":
            tokens.append(_Token("-", i))
            i += 1
        elif text[i : i + len(_TITLE)].lower() == _TITLE:
            tokens.append(_Token("TITLE", i))
            i += len(_TITLE)
        else:
            start = i
            while i < n and not text[i].isspace() and text[i] not in _SPECIAL:
                i += 1
            word = text[start:i]
            kind = word if word in _OPERATORS else "WORD"
            tokens.append(_Token(kind, start, word))
    tokens.append(_Token("END", n))
    return tokens


class _Parser:
    """Recursive descent.

    or := and (OR and)*;  and := unary ([AND] unary)*;  unary := (NOT | - | title:) unary | atom
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = _tokenize(text)
        self.index = 0
        self.term_count = 0
        # id(node) -> (where it starts, the node): holding the node keeps its id from being
        # reused by a later node after the garbage collector frees it
        self.starts: dict[int, tuple[int, Query]] = {}

    @property
    def token(self) -> _Token:
        return self.tokens[self.index]

    def advance(self) -> _Token:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def node(self, query: Query, start: int) -> Query:
        self.starts.setdefault(id(query), (start, query))
        return query

    def parse(self) -> Query:
        query = self.parse_or()
        if self.token.kind == ")":
            raise QueryError("unbalanced parenthesis: this ')' has no matching '('", self.token.pos)
        if not is_positive(query):
            raise QueryError(
                "the query only excludes: NOT/- removes matches, add a term to match "
                "(e.g. 'Japan -anime')",
                self.blocking_position(query),
            )
        return query

    def retitled(self, query: Query) -> Query:
        """``in_title`` over a parsed subtree, keeping every rebuilt node's start position."""
        if isinstance(query, Term):
            result: Query = in_title(query)
        elif isinstance(query, Not):
            result = Not(self.retitled(query.child))
        elif isinstance(query, And):
            result = And(tuple(self.retitled(c) for c in query.children))
        else:
            result = Or(tuple(self.retitled(c) for c in query.children))
        known = self.starts.get(id(query))
        return result if known is None else self.node(result, known[0])

    def blocking_position(self, query: Query, default: int = 0) -> int:
        """Where the first part that can never make the query match starts."""
        start = self.starts.get(id(query), (default, query))[0]
        if isinstance(query, And):
            return self.blocking_position(query.children[0], start)
        if isinstance(query, Or):
            negative = next(c for c in query.children if not is_positive(c))
            return self.blocking_position(negative, start)
        return start

    def parse_or(self) -> Query:
        start = self.token.pos
        branches = [self.parse_and()]
        while self.token.kind == "OR":
            operator = self.advance()
            if self.token.kind in ("OR", ")", "END"):
                raise QueryError("dangling OR: put a term on both sides of OR", operator.pos)
            branches.append(self.parse_and())
        return self.node(any_of(branches), start)

    def parse_and(self) -> Query:
        start = self.token.pos
        if self.token.kind == "OR":
            raise QueryError("dangling OR: put a term on both sides of OR", self.token.pos)
        parts = [self.parse_unary()]
        while self.token.kind not in ("OR", ")", "END"):
            if self.token.kind == "AND":
                operator = self.advance()
                if self.token.kind in ("OR", "AND", ")", "END"):
                    raise QueryError("dangling AND: put a term on both sides of AND", operator.pos)
            parts.append(self.parse_unary())
        return self.node(all_of(parts), start)

    def parse_unary(self) -> Query:
        token = self.token
        if token.kind in ("NOT", "-", "TITLE"):
            self.advance()
            if self.token.kind in ("OR", "AND", ")", "END") or (
                token.kind != "NOT"
                and self.token.pos != token.pos + len(_TITLE if token.kind == "TITLE" else "-")
            ):
                what = {"NOT": "NOT", "-": "-", "TITLE": "title:"}[token.kind]
                raise QueryError(f"{what} needs a term, phrase or group right after it", token.pos)
            child = self.parse_unary()
            if token.kind == "TITLE":
                return self.node(self.retitled(child), token.pos)
            return self.node(negate(child), token.pos)
        return self.parse_atom()

    def parse_atom(self) -> Query:
        token = self.advance()
        if token.kind == "(":
            if self.token.kind == ")":
                raise QueryError("empty parentheses: put a term inside ( )", token.pos)
            query = self.parse_or()
            if self.token.kind != ")":
                raise QueryError("unbalanced parenthesis: this '(' is never closed", token.pos)
            self.advance()
            return self.node(query, token.pos)
        if token.kind == ")":
            raise QueryError("unbalanced parenthesis: this ')' has no matching '('", token.pos)
        if token.kind == "AND":
            raise QueryError("dangling AND: put a term on both sides of AND", token.pos)
        return self.node(self.make_term(token), token.pos)

    def make_term(self, token: _Token) -> Term:
        prefix = token.kind == "WORD" and token.text.endswith("*")
        text = _SPACE.sub(" ", token.text[:-1] if prefix else token.text).strip()
        if not text:
            what = "prefix * needs letters before it" if prefix else "empty phrase"
            raise QueryError(what, token.pos)
        if len(text) > MAX_TERM_CHARS:
            raise QueryError(f"term too long: at most {MAX_TERM_CHARS} characters", token.pos)
        if prefix and not is_word_char(text[-1]):
            raise QueryError(
                "prefix * works only after a letter or digit of a spaced script (e.g. sanction*)",
                token.pos,
            )
        self.term_count += 1
        if self.term_count > MAX_TERMS:
            raise QueryError(f"too many terms: at most {MAX_TERMS} in one query", token.pos)
        return Term(text, prefix=prefix)


def is_word_char(char: str) -> bool:
    """A letter or digit of a script that separates words with spaces (not Han/Kana/Hangul)."""
    return (char.isalnum() or unicodedata.category(char)[0] == "M") and not is_cjk(char)


def is_cjk(char: str) -> bool:
    """Han, Kana or Hangul: scripts whose words are matched inside text without spaces."""
    code = ord(char)
    return (
        0x1100 <= code <= 0x11FF  # Hangul Jamo
        or 0x2E80 <= code <= 0x2FDF  # CJK radicals
        or 0x3005 <= code <= 0x3007  # 々 〆 〇
        or 0x3040 <= code <= 0x30FF  # Hiragana, Katakana
        or 0x3130 <= code <= 0x318F  # Hangul compatibility jamo
        or 0x31F0 <= code <= 0x31FF  # Katakana phonetic extensions
        or 0x3400 <= code <= 0x4DBF  # CJK extension A
        or 0x4E00 <= code <= 0x9FFF  # CJK unified ideographs
        or 0xA960 <= code <= 0xA97F  # Hangul Jamo extended A
        or 0xAC00 <= code <= 0xD7FF  # Hangul syllables, Jamo extended B
        or 0xF900 <= code <= 0xFAFF  # CJK compatibility ideographs
        or 0xFF66 <= code <= 0xFFDC  # half-width Katakana and Hangul
        or 0x20000 <= code <= 0x3FFFF  # CJK extensions B and later
    )


def parse_query(text: str) -> Query:
    """Parse a topic query; raises ``QueryError`` naming the problem and its position."""
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(f"query too long: at most {MAX_QUERY_CHARS} characters", MAX_QUERY_CHARS)
    if not text.strip():
        raise QueryError("empty query: give at least one term, e.g. Taiwan", 0)
    try:
        return _Parser(text).parse()
    except QueryError as error:
        raise QueryError(error.reason, error.position, text) from None
