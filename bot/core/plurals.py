"""The other spellings a whole-word term also matches: English plurals, verb endings of common
words, and adjectives of names (issue 15).

An analyst who writes ``tariff`` or ``sanction`` means "tariffs" and "sanctions" too, and one
who writes ``Russia AND Ukraine`` means "Russian strikes on Ukraine": a substring filter, the tool
they compare the bot with, finds those, and so do search engines that stem. Full stemming would
not do here: it would change which words a topic's terms are (``US`` must stay apart from "use",
``Niger`` from "Nigeria"), and a stemmer's output cannot be searched for with the Aho–Corasick
automaton, which looks for the terms' own spellings. So a bare (unquoted) word also matches a few
regular forms, generated here once when the topics are compiled (``bot.core.scan``):

- **plurals** (``term_plurals``): ``tariff`` → tariffs, ``policy`` → policies (and policys, for
  names: "the Kennedys"), ``tax`` → taxes, ``veto`` → vetos and vetoes, and a phrase's last
  word: ``"export control"`` → export controls (as a substring filter finds it);

  - a word of fewer than three letters (``US``, ``EU``, ``Xi``) or with a digit has none;
  - a word already ending in ``s`` is taken to be a plural, so it gets none, except after
    ``ss``, ``us`` and ``is`` (``class`` → classes, ``virus`` → viruses);
  - irregular plurals (``crisis``/"crises", ``woman``/"women") are not made: write both;
  - nor an ``-s`` form that is another word (``_OTHER_WORDS``): ``new`` must not find "news"
    (coercion's ``embargo NEAR/3 new`` took "breaking a news embargo", October 2023 set);
  - a word with punctuation is inflected at its end too: ``K-pop`` → K-pops, and ``F-16`` →
    F-16s (an ``s`` after digits);

- **verb endings of common words** (``verb_forms``): a word written in lower case, of three
  letters or more, also matches its ``-ed`` and ``-ing`` forms: ``sanction`` → sanctioned,
  sanctioning; ``ban`` → banned, banning; ``seize`` → seized, seizing; ``ally`` → allied,
  allying. A substring filter finds these (its "sanction" is inside "sanctioned"), and so do
  search engines that stem English (Porter's stemmer reads all of them as the word). Only
  lower-case words: ``US`` must not find "used", nor a name ``Kim`` "kimed"; irregular forms
  ("struck", "seen") are not made; a word ending in a single ``s`` is taken to be a plural
  (``talks``) and gets none; nor a form that is a preposition of its own (``_PREPOSITIONS``):
  ``accord`` must not find "according" (russia-ukraine's ``Minsk NEAR/3 accord`` took "a court
  in Minsk, according to rights groups"), nor ``include`` "including";

- **adjectives of names** (``demonym_forms``): a name written with a capital, of four letters
  or more (``is_proper``), alone or ending a phrase, also matches the adjective and people made
  by adding letters: ``Korea`` → Korean(s), ``"North Korea"`` → North Korean(s), ``Europe`` →
  European(s), ``Japan`` → Japanese, ``Israel`` → Israeli(s), ``Iran`` → Iranian(s). With
  ``Russia AND Ukraine`` the engine had found 36, 14 and 16 of the 48, 26 and 27 labeled items a
  word-start substring filter finds on three labeled sets (``tests/test_analyst_queries.py``).
  The capital is the user's word that it is a name: ``civil`` must not find "civilian", nor
  ``media`` "median". Forms that change the name's letters ("Ukrainian", "Chinese") are not
  made, and ``Niger`` does not find "Nigerian" (Nigeria's).
- **the transliterations of a Slavic name's ending** (``name_spellings``): a capitalized name
  ending in -sky, -skyy, -skiy, -skyi or -ski also matches the other four: ``Zelensky`` →
  Zelenskyy (AP's spelling), Zelenskiy (Reuters'), Zelenski. A word-start substring filter's
  "zelensky" finds "Zelenskyy"; the engine had missed 4 of the July and April 2023 sets' labeled
  items that way.

Prefix terms (``sanction*``) already match every ending, quoted words are exact, and only
spellings that fold to ASCII letters are inflected: other languages' plurals are not English
``-s`` forms, so they are left to ``*``.
"""

from __future__ import annotations

import re

from bot.core.fold import fold_text
from bot.core.query_ast import Term

MIN_LETTERS = 3
DEMONYM_LETTERS = 4  # "Iran" → Iranian, not "Kim" → "Kimi"
# names whose "-ian" form is another country's: "Nigerian" is of Nigeria, not of Niger
_NOT_DEMONYMS = frozenset({"niger"})
# words whose -s form is another word, not their plural: "news" is not more than one "new"
_OTHER_WORDS = frozenset({"new"})
# -ing forms that are prepositions, not the verb: "according to", "including", "following"
_PREPOSITIONS = frozenset(
    {"according", "barring", "concerning", "considering", "following", "including", "pending",
     "regarding"}
)  # fmt: skip
_TAIL = re.compile("[a-z0-9]+$")  # the last ASCII run of letters or digits of a folded word
_VOWELS = frozenset("aeiou")
_TAKES_ES = ("ss", "us", "is", "x", "z", "ch", "sh")
_SKY_ENDINGS = ("skyy", "skiy", "skyi", "sky", "ski")  # longest first: "skyy" before "sky"


def plural_forms(word: str) -> tuple[str, ...]:
    """The ``-s`` forms of one folded (lower-case) word; ``()`` when it has none."""
    if len(word) < MIN_LETTERS or not (word.isascii() and word.isalpha()) or word in _OTHER_WORDS:
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


def verb_forms(word: str) -> tuple[str, ...]:
    """The ``-ed`` and ``-ing`` forms of one folded common word; ``()`` when it has none.

    A final consonant after a single vowel is doubled too ("banned", "targetted"): which verbs
    double it depends on stress, which spelling cannot tell, and a form that is no word costs
    nothing. A form that is a preposition ("according") is left out, whichever rule made it.
    """
    return tuple(form for form in _verb_endings(word) if form not in _PREPOSITIONS)


def _verb_endings(word: str) -> tuple[str, ...]:
    if len(word) < MIN_LETTERS or not (word.isascii() and word.isalpha()):
        return ()
    if word.endswith("s") and not word.endswith("ss"):
        return ()
    if word.endswith("ee"):  # agree → agreed, agreeing
        return (f"{word}d", f"{word}ing")
    if word.endswith("ie"):  # tie → tied, tying
        return (f"{word}d", f"{word[:-2]}ying")
    if word.endswith("e"):  # seize → seized, seizing
        return (f"{word}d", f"{word[:-1]}ing")
    if word.endswith("y") and word[-2] not in _VOWELS:  # ally → allied, allying
        return (f"{word[:-1]}ied", f"{word}ing")
    forms: tuple[str, ...] = (f"{word}ed", f"{word}ing")
    last, vowel, before = word[-1], word[-2], word[-3]
    if last not in _VOWELS and last not in "wxy" and vowel in _VOWELS and before not in _VOWELS:
        forms += (f"{word}{last}ed", f"{word}{last}ing")  # ban → banned, banning
    return forms


def is_common(written: str) -> bool:
    """Whether a term, as written, is one lower-case word (``sanction``, not ``US``, ``Kim`` or
    ``export control``): its verb endings count too (``verb_forms``)."""
    return written.isalpha() and written.islower()


def is_proper(written: str) -> bool:
    """Whether the last word of a term, as written, is a capitalized name of four letters or more
    (``Korea``, ``North Korea``, ``Taïwan``; not ``war``, ``korea`` or ``Kim``): its adjective
    forms count too (``demonym_forms``), when it folds to ASCII letters (``term_forms``)."""
    words = written.split()
    last = words[-1] if words else ""
    return len(last) >= DEMONYM_LETTERS and last.isalpha() and last[0].isupper()


def demonym_forms(word: str) -> tuple[str, ...]:
    """The adjective (and people) spellings of one folded place name made by adding letters:
    ``korea`` → korean(s), ``europe`` → european(s), ``japan`` → japanese, ``israel`` →
    israeli(s), ``iran`` → iranian(s). Forms that change the name's own letters ("Ukrainian",
    "Chinese", "Mexican") are not made: list them, or use ``*``."""
    if word in _NOT_DEMONYMS:
        return ()
    if word.endswith("a"):
        return (f"{word}n", f"{word}ns")
    if word.endswith("e"):
        return (f"{word}an", f"{word}ans")
    if word[-1] in _VOWELS or word.endswith("y"):
        return ()
    return (f"{word}ese", f"{word}i", f"{word}is", f"{word}ian", f"{word}ians")


def term_forms(folded: str, proper: bool, common: bool = False) -> tuple[str, ...]:
    """Every other spelling a bare (unquoted, not prefix) term also matches: its plurals
    (``term_plurals``), for a lower-case word (``is_common``: ``common``) its verb endings
    (``verb_forms``) and, for a capitalized name (``is_proper``: ``proper``), the adjective
    forms of its last word (``demonym_forms``), a phrase's included: ``"North Korea"`` →
    north korean(s)."""
    plurals = term_plurals(folded)
    if common:
        return plurals + verb_forms(folded)
    if not proper:
        return plurals
    head, _, last = folded.rpartition(" ")
    if not (last.isascii() and last.isalpha()):
        return plurals
    prefix = f"{head} " if head else ""
    names = (*demonym_forms(last), *name_spellings(last))
    return plurals + tuple(f"{prefix}{form}" for form in names)


def name_spellings(last: str) -> tuple[str, ...]:
    """The other transliterations of a Slavic surname's ending: ``zelensky`` → zelenskyy,
    zelenskiy, zelenskyi, zelenski; none for a word with no such ending or only the ending."""
    for ending in _SKY_ENDINGS:
        if last.endswith(ending) and len(last) >= len(ending) + 3:
            stem = last[: -len(ending)]
            return tuple(f"{stem}{other}" for other in _SKY_ENDINGS if other != ending)
    return ()


def written_forms(written: str) -> tuple[str, ...]:
    """The other spellings a bare term written as ``written`` also matches (``term_forms``: the
    capital and the case as written decide which), folded as the text it is compared with."""
    return term_forms(fold_text(written), is_proper(written), is_common(written))


def forms_of(term: Term) -> tuple[str, ...]:
    """The other spellings ``term`` also matches (``written_forms``; none for a prefix or a
    quoted word)."""
    return written_forms(term.text) if term.takes_forms else ()


def term_plurals(folded: str) -> tuple[str, ...]:
    """The plurals of one folded term, at its last word, punctuation and all: ``tariff`` →
    tariffs, ``k-pop`` → k-pops, ``export control`` → export controls, and an ``s`` after a
    word's last digits: ``f-16`` → f-16s."""
    if folded.isalnum():
        return plural_forms(folded)
    tail = _TAIL.search(folded)
    # the end must be a whole ASCII run after a space or punctuation: not "lle" of "zölle"
    if tail is None or folded[tail.start() - 1].isalnum():
        return ()
    head, last = folded[: tail.start()], tail.group()
    forms = (f"{last}s",) if last.isdigit() else plural_forms(last)
    return tuple(f"{head}{form}" for form in forms)
