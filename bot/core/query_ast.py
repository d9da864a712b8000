"""The values of a parsed topic query (``Term``, ``Not``, ``And``, ``Or``, ``Near``) and ``str()``.

``bot.core.query`` parses text into these values and re-exports them; they are apart so that the
parser (the hot path of compiling 1,000 topics, issue 15) and the values each fit one file. The
values are normalized while they are built (nested AND/OR flattened, ``NOT NOT x`` is ``x``,
``title:`` pushed down onto each term) so that ``parse_query(str(q)) == q`` and equal queries
compare and hash equal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import TypeAlias

DEFAULT_NEAR = 4  # words apart, the default of commercial media-monitoring tools (issue 15)
TITLE = "title:"
OPERATORS = frozenset({"OR", "AND", "NOT"})
# other search languages' operators (Lucene and Google write +word, && and !; their || is two of
# our | and reads as a dangling OR): read as words they would match only their own symbols, so
# the parser refuses them unquoted (``bot.core.query``)
FOREIGN_OPERATORS = {"&&": "AND", "&": "AND", "!": "NOT"}
NEAR_WORD = re.compile(r"(O?NEAR)(?:/(\S*))?")
"""``NEAR``, ``ONEAR`` and ``NEAR/…``: read as an operator, so a term spelled so is quoted."""
_SPECIAL = frozenset('()"|')


@dataclass(frozen=True, slots=True)
class Term:
    """A word or phrase. ``prefix`` is a trailing ``*``; ``title`` restricts it to headlines;
    ``exact``: it was written in quotes, so a single word does not also match its plural
    (``bot.core.plurals``)."""

    text: str
    prefix: bool = False
    title: bool = False
    exact: bool = False
    # computed once: compiling 1,000 topics hashes terms over a million times (issue 15)
    _hash: int = field(init=False, repr=False, compare=False)
    label: str = field(init=False, repr=False, compare=False)
    """The term as shown in "why did this match": its text, with ``*`` for a prefix."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "_hash", hash((self.text, self.prefix, self.title, self.exact)))
        object.__setattr__(self, "label", f"{self.text}*" if self.prefix else self.text)

    def __hash__(self) -> int:
        return self._hash

    @property
    def takes_forms(self) -> bool:
        """It also matches its other forms, its plural and, for a capitalized name, its
        adjective (``bot.core.plurals``): neither a prefix nor quoted nor an acronym."""
        return not (self.prefix or self.exact or self.cased)

    @property
    def cased(self) -> bool:
        """An acronym: two or three capital ASCII letters (``US``, ``UN``, ``EU``, ``WHO``),
        matched only where the text writes them in capitals, so that ``US`` is not the word
        "us", ``WHO`` not "who" and ``EU`` not the Portuguese "eu" (I). Longer capitals are
        names that outlets write either way (``NATO``, "Nato") and ignore case like any term."""
        text = self.text
        return (
            not self.prefix
            and 2 <= len(text) <= 3
            and text.isascii()
            and text.isalpha()
            and text.isupper()
        )

    def __str__(self) -> str:
        where = TITLE if self.title else ""
        if self.prefix:  # a phrase's prefix is its last word's: "export control*"
            return f"{where}{self.text}*" if is_bare(self.text) else f'{where}"{self.text}*"'
        if is_bare(self.text) and not self.exact:
            return f"{where}{self.text}"
        return f'{where}"{self.text}"'


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


@dataclass(frozen=True, slots=True)
class Near:
    """``left`` and ``right`` at most ``distance`` words apart in one field (title or summary).

    Each side is a ``Term`` or an ``Or`` of terms; ``ordered`` (``ONEAR``) wants ``left`` first.
    """

    left: Term | Or
    right: Term | Or
    distance: int = DEFAULT_NEAR
    ordered: bool = False

    @property
    def operator(self) -> str:
        return f"{'ONEAR' if self.ordered else 'NEAR'}/{self.distance}"

    def __str__(self) -> str:
        every = terms(self)
        if all(t.title for t in every):  # print title: once, in front, so it reads back the same
            plain = Near(_untitled(self.left), _untitled(self.right), self.distance, self.ordered)
            return f"{TITLE}({plain})"
        return f"{_operand(self.left)} {self.operator} {_operand(self.right)}"


Query: TypeAlias = Term | Not | And | Or | Near


def _operand(side: Term | Or) -> str:
    if isinstance(side, Term) and not side.title:
        return str(side)
    return f"({side})"


def _untitled(side: Term | Or) -> Term | Or:
    if isinstance(side, Term):
        return replace(side, title=False)
    return Or(tuple(_untitled(c) if isinstance(c, Term | Or) else c for c in side.children))


def is_foreign_operator(word: str) -> bool:
    """``&&``, ``&``, ``!`` or a ``+word``: another search language's operator, not a term."""
    return word in FOREIGN_OPERATORS or (word[:1] == "+" and word[1:2].isalnum())


def is_bare(text: str) -> bool:
    """True when ``text`` reads back as one plain (unquoted, non-prefix) word."""
    return (
        bool(text)
        and not any(c in _SPECIAL or c.isspace() for c in text)
        and text not in OPERATORS
        and not is_foreign_operator(text)
        and not NEAR_WORD.fullmatch(text)
        and not text.startswith("-")
        and not text.endswith("*")
        and not text.lower().startswith(TITLE)
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
        return replace(query, title=True)
    if isinstance(query, Not):
        return Not(in_title(query.child))
    if isinstance(query, And):
        return And(tuple(in_title(c) for c in query.children))
    if isinstance(query, Near):
        return Near(
            _side_in_title(query.left), _side_in_title(query.right), query.distance, query.ordered
        )
    return Or(tuple(in_title(c) for c in query.children))


def _side_in_title(side: Term | Or) -> Term | Or:
    if isinstance(side, Term):
        return replace(side, title=True)
    return Or(tuple(in_title(c) for c in side.children))


def is_positive(query: Query) -> bool:
    """True when every match needs at least one of the query's terms to be present."""
    if isinstance(query, Term | Near):
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
    if isinstance(query, Near):
        return terms(query.left) + terms(query.right)
    return tuple(t for c in query.children for t in terms(c))
