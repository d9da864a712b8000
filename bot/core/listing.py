"""The matched terms of a story as a reader wants them (the console digest's "matched:" line).

``why`` and ``topics test`` show every term that matched; a digest line names each thing once.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.core.fold import fold_text
from bot.core.plurals import written_forms

_POSSESSIVE = ("'s", "’s")


def compact_terms(terms: Sequence[str]) -> tuple[str, ...]:
    """The matched terms as a reader wants them: without the ones another term already says.

    A topic often lists a word, its possessive and a prefix of it ("Ukraine", "Ukraine's",
    "Ukrain*"); all three match one mention. A prefix is left out when another listed word
    starts with it or is it ("threat*" beside "threatened", "Putin*" beside "Putin", "Kore*"
    beside "North Korean") or a longer prefix does ("threat*" beside "threaten*"), a possessive
    when its word is listed, a word when its plural is ("strike" beside "strikes", which a bare
    ``strike`` also matches), a word or phrase when a longer listed phrase holds it ("Korea"
    beside "South Korea"). Terms compare as the matcher folds them ("Taïwan" is said by
    "Taiwanese" as "Taiwan" is). Order is kept; ``why`` and ``topics test`` still show every term.
    """
    stems = [word for t in terms if t.endswith("*") for word in fold_text(t[:-1]).split()]
    words = [word for t in terms if not t.endswith("*") for word in fold_text(t).split()]
    # a plain term's folded form (the forms listed) -> (its first position, its spelling there)
    listed: dict[str, tuple[int, str]] = {}
    for n, t in enumerate(terms):
        if not t.endswith("*"):
            listed.setdefault(fold_text(t), (n, t))
    # " south korea " holds " korea ": a phrase's words, space-padded, hold the shorter one's
    phrases = [f" {t} " for t in listed if " " in t]

    def says(form: str, term: str, position: int) -> bool:
        """The listed ``form`` says ``term``; spellings of one name ("Zelensky", "Zelenskyy")
        say each other, so the first of them stays."""
        at, spelling = listed[form]
        mutual = fold_text(term) in written_forms(spelling)
        return not mutual or at < position

    def said_elsewhere(term: str, position: int) -> bool:
        folded = fold_text(term)
        if term.endswith("*") and len(term) > 1:  # "threat*" beside "threatened" or "threaten*"
            stem = folded[:-1]
            return any(word.startswith(stem) for word in words) or any(
                len(other) > len(stem) and other.startswith(stem) for other in stems
            )
        if folded.endswith(_POSSESSIVE) and folded[:-2] in listed:
            return True
        if any(form in listed and says(form, term, position) for form in written_forms(term)):
            return True
        padded = f" {folded} "
        return any(padded in phrase and phrase != padded for phrase in phrases)

    return tuple(term for n, term in enumerate(terms) if not said_elsewhere(term, n))
