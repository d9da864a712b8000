"""Folding: the normalization applied to topic terms and item text alike before they are compared
(issue 15).

NFKC (full/half width), case folding, combining marks stripped from Latin and Greek letters
(``Québec`` = ``Quebec``, ``Κίνα`` = ``ΚΙΝΑ``; Japanese dakuten, Hangul and Cyrillic ``й``/``ї``
are untouched, Russian ``ё`` is ``е``), typographic apostrophes and hyphens made ASCII and
whitespace collapsed. A module of its own so that what reads a term (``bot.core.hits``'s ``why``,
``bot.core.scan``) folds it the one way.
"""

from __future__ import annotations

import re
import unicodedata

_LATIN_GREEK = (
    "A-Za-z\u00c0-\u024f\u1e00-\u1eff\u2c60-\u2c7f\ua720-\ua7ff\uab30-\uab6f"
    "\u0370-\u03ff\u1f00-\u1fff"
)
_COMBINING = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
_LATIN_MARKS = re.compile(f"([{_LATIN_GREEK}])[{_COMBINING}]+")
# a Latin or Greek letter that has or may take a combining mark after NFD
_MARKED = re.compile(
    "[\u00c0-\u024f\u1e00-\u1eff\u2c60-\u2c7f\ua720-\ua7ff\uab30-\uab6f\u0386-\u03ce\u1f00-\u1fff]"
    f"|[{_COMBINING}]"
)
_TYPOGRAPHIC = re.compile("[\u2018\u2019\u02bc\u2010\u2011\u2013ё]")
# str.replace per character found: translate() looks up every character of a non-ASCII text
_PUNCTUATION = (
    {"\u2018": "'", "\u2019": "'", "\u02bc": "'", "\u2010": "-", "\u2011": "-", "\u2013": "-"}
    | {"ё": "е"}  # Russian writes е for ё more often than not; й and Ukrainian ї stay letters
).items()


def fold_text(text: str) -> str:
    """The normalization applied to terms and text alike before they are compared."""
    if text.isascii():  # NFKC keeps ASCII as it is, and casefold() is lower() there
        return " ".join(text.lower().split())
    folded = unicodedata.normalize("NFKC", text).casefold()
    if not folded.isascii():
        if _MARKED.search(folded):  # only Latin letters lose their marks: skip NFD otherwise
            folded = unicodedata.normalize("NFD", folded)
            folded = unicodedata.normalize("NFC", _LATIN_MARKS.sub(r"\1", folded))
        if _TYPOGRAPHIC.search(folded):
            for char, plain in _PUNCTUATION:
                folded = folded.replace(char, plain)
    return " ".join(folded.split())
