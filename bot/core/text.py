"""Feed text made inert for every renderer, and cut without breaking a character (issue 16/13).

``feed_text`` is the one sanitizing rule the Discord, Slack and console renderers share: one
line (whitespace folded), no control characters or lone surrogates, no bidi embedding, override
or isolate characters (U+202A–E, U+2066–9, and the LRM/RLM/ALM marks: they reorder what a
reader sees, hiding or faking text), bare URLs made non-clickable (a zero-width space after
the scheme's colon, so ``https://evil.example`` no longer auto-links in Discord, Slack or a
terminal, and after the colon of any other ``://``; the story's own link is the renderer's,
built from the stored URL), and textual pings broken (``@everyone``, ``@here``, ``@channel``
get a zero-width space after the ``@``).
Each platform then applies its own markup escaping (Discord markdown and ``<``, Slack's ``& <
>``) on top; ``AllowedMentions.none()`` and Slack's ``verbatim`` stay as second fences.

``cut`` shortens text to a limit, measured by the caller's unit (code points, UTF-16 units,
escaped length), ending with "…". Between wide (CJK) characters a line may break anywhere, so
there it cuts at the last grapheme-cluster boundary before the limit; elsewhere it prefers the
last space near the limit, and with no space near it (a long URL or word) it cuts at the last
grapheme boundary. So ``【速報】 日韓首脳会談で…`` keeps its headline instead of becoming
``【速報】…``.
Python strings hold code points, so a surrogate pair is never split; ``is_boundary`` keeps
combining marks, emoji ZWJ sequences, modifiers, flags (regional-indicator pairs), Hangul
jamo, Indic conjuncts (virama + consonant) and CR LF together. It is a stdlib approximation of
UAX #29 made for choosing a cut, not a full segmenter: it may refuse a few legal boundaries
(then the cut moves one character left) but never allows one inside the clusters listed above
(tests/core/test_text.py checks each family). The stdlib has no Grapheme_Cluster_Break
property, and the one rule a cut needs did not justify a compiled dependency in the core.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

ELLIPSIS = "…"
ZWSP = "\u200b"
SPACE_WINDOW = 20  # a space this close to the limit is where a cut goes; farther, a grapheme
BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
_DROP_TABLE = {ord(ch): None for ch in BIDI_CONTROLS}
# a known scheme's colon before a slash, and any colon before "//" (an unknown or disguised
# scheme, "hxxps://", or "://" alone: nothing from a feed keeps the shape of a link)
_URL_SCHEME = re.compile(r"(?i)(\b(?:https?|ftp|wss?|file|steam|discord):(?=/)|:(?=//))")
_PING = re.compile(r"(?i)@(?=(?:everyone|here|channel)\b)")
_ZWJ = 0x200D
_PREPEND = frozenset((*range(0x600, 0x606), 0x6DD, 0x70F, 0x890, 0x891, 0x8E2, 0x110BD, 0x110CD))
_SPACING_LO = frozenset((0xE33, 0xEB3))  # Thai and Lao SARA AM: SpacingMark though category Lo


def feed_text(text: str) -> str:
    """Text from a feed, inert on every platform: see the module docstring."""
    kept = _URL_SCHEME.sub(lambda m: m.group(1) + ZWSP, plain_line(text))
    return _PING.sub("@" + ZWSP, kept)


def plain_line(text: str) -> str:
    """One line with no control, surrogate or bidi characters; URLs and pings untouched."""
    kept = "".join(_visible(ch) for ch in text.translate(_DROP_TABLE))
    return " ".join(kept.split())


def _visible(ch: str) -> str:
    category = unicodedata.category(ch)
    return " " if category == "Cc" else "" if category == "Cs" else ch


def _hangul(cp: int) -> str:
    if 0x1100 <= cp <= 0x115F or 0xA960 <= cp <= 0xA97C:
        return "L"
    if 0x1160 <= cp <= 0x11A7 or 0xD7B0 <= cp <= 0xD7C6:
        return "V"
    if 0x11A8 <= cp <= 0x11FF or 0xD7CB <= cp <= 0xD7FB:
        return "T"
    if 0xAC00 <= cp <= 0xD7A3:
        return "LV" if (cp - 0xAC00) % 28 == 0 else "LVT"
    return ""


def _regional(cp: int) -> bool:
    return 0x1F1E6 <= cp <= 0x1F1FF


def _extends(cp: int, ch: str) -> bool:
    """Characters that always attach to what precedes them."""
    return (
        unicodedata.category(ch) in ("Mn", "Mc", "Me")
        or cp == _ZWJ
        or 0xFE00 <= cp <= 0xFE0F
        or 0x1F3FB <= cp <= 0x1F3FF  # emoji skin-tone modifiers
        or 0xE0020 <= cp <= 0xE007F  # emoji tag sequences (subdivision flags)
        or cp in _SPACING_LO
    )


def is_boundary(text: str, index: int) -> bool:
    """Whether ``text`` may be cut before ``text[index]`` without splitting a character."""
    if index <= 0 or index >= len(text):
        return True
    prev, cur = text[index - 1], text[index]
    p, c = ord(prev), ord(cur)
    if (prev, cur) == ("\r", "\n") or _extends(c, cur) or p == _ZWJ or p in _PREPEND:
        return False
    hp, hc = _hangul(p), _hangul(c)
    if (hp == "L" and hc in ("L", "V", "LV", "LVT")) or (hp in ("LV", "V") and hc in ("V", "T")):
        return False
    if hp in ("LVT", "T") and hc == "T":
        return False
    if unicodedata.combining(prev) == 9 and unicodedata.category(cur) == "Lo":
        return False  # virama + consonant: an Indic conjunct
    if _regional(p) and _regional(c):
        run = 0
        while index - 1 - run >= 0 and _regional(ord(text[index - 1 - run])):
            run += 1
        return run % 2 == 0
    return True


def _breaks_anywhere(text: str, index: int) -> bool:
    """Whether a line may break at ``index`` with no space: between wide (CJK) characters."""
    before, after = text[index - 1 : index], text[index : index + 1]
    return any(ch and unicodedata.east_asian_width(ch) in ("W", "F") for ch in (before, after))


def cut(
    text: str,
    limit: int,
    *,
    measure: Callable[[str], int] = len,
    ellipsis: str = ELLIPSIS,
    trailing: str = " ,;:",
) -> str:
    """``text`` within ``limit`` (in ``measure`` units), ending with ``ellipsis`` when cut.

    The cut goes at the last space within ``SPACE_WINDOW`` characters of the limit, else at the
    last grapheme boundary before it; ``trailing`` characters before the ellipsis are dropped.
    """
    if measure(text) <= limit:
        return text
    room = limit - measure(ellipsis)
    if room <= 0:
        return ellipsis if measure(ellipsis) <= limit else ""
    end = used = 0
    while end < len(text) and used + measure(text[end]) <= room:
        used += measure(text[end])
        end += 1
    while end > 0 and not is_boundary(text, end):
        end -= 1
    if end < len(text) and text[end] != " " and not _breaks_anywhere(text, end):
        space = text.rfind(" ", 0, end)
        if space > 0 and end - space <= SPACE_WINDOW:
            end = space
    head = text[:end].rstrip(trailing)
    return head + ellipsis if head else ellipsis
