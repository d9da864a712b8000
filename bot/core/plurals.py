"""The English plural (and third-person) spellings a whole-word term also matches (issue 15).

An analyst who writes ``tariff`` or ``sanction`` means "tariffs" and "sanctions" too: a
substring filter, the tool they compare the bot with, finds those, and so do search engines that
stem. Full stemming would not do here: it would change which words a topic's terms are (``Iran``
must stay apart from "Iranian", ``US`` from "use"), and a stemmer's output cannot be searched for
with the Aho–Corasick automaton, which looks for the terms' own spellings. So a bare (unquoted)
word also matches its regular English ``-s`` forms, generated here once when the topics are
compiled (``bot.core.scan``):

- ``tariff`` → tariffs, ``policy`` → policies (and policys, for names: "the Kennedys"),
  ``tax`` → taxes, ``veto`` → vetos and vetoes;
- a word of fewer than three letters (``US``, ``EU``, ``Xi``) or with a digit has none;
- a word already ending in ``s`` is taken to be a plural, so it gets none, except after ``ss``,
  ``us`` and ``is`` (``class`` → classes, ``virus`` → viruses);
- irregular plurals (``crisis``/"crises", ``woman``/"women") are not made: write both.

A word with punctuation is inflected at its end too: ``K-pop`` → K-pops, and ``F-16`` → F-16s
(an ``s`` after digits). Prefix terms (``sanction*``) already match every ending, phrases and
quoted words are exact, and only ASCII letters are inflected: other languages' plurals are not
English ``-s`` forms, so they are left to ``*``.
"""

from __future__ import annotations

import re

MIN_LETTERS = 3
_TAIL = re.compile("[a-z0-9]+$")  # the last ASCII run of letters or digits of a folded word
_VOWELS = frozenset("aeiou")
_TAKES_ES = ("ss", "us", "is", "x", "z", "ch", "sh")


def plural_forms(word: str) -> tuple[str, ...]:
    """The ``-s`` forms of one folded (lower-case) word; ``()`` when it has none."""
    if len(word) < MIN_LETTERS or not (word.isascii() and word.isalpha()):
        return ()
    if word.endswith(_TAKES_ES):
        return (f"{word}es",)
    if word.endswith("s"):
        return ()
    if word.endswith("y") and word[-2] not in _VOWELS:
        return (f"{word[:-1]}ies", f"{word}s")
    if word.endswith("o"):
        return (f"{word}s", f"{word}es")
    return (f"{word}s",)


def term_plurals(folded: str) -> tuple[str, ...]:
    """The plurals of one folded term word, punctuation and all: ``tariff`` → tariffs,
    ``k-pop`` → k-pops, and an ``s`` after a word's last digits: ``f-16`` → f-16s."""
    if folded.isalnum():
        return plural_forms(folded)
    tail = _TAIL.search(folded)
    # the end must be a whole ASCII run after punctuation: not "lle" of "zölle", not a phrase
    if tail is None or " " in folded or folded[tail.start() - 1].isalnum():
        return ()
    head, last = folded[: tail.start()], tail.group()
    forms = (f"{last}s",) if last.isdigit() else plural_forms(last)
    return tuple(f"{head}{form}" for form in forms)
