"""Which characters belong to words of spaced scripts, and which are Chinese, Japanese or Korean.

The query language (a prefix ``*`` must follow a letter), the scanner (how a term's edge is
checked in the text) and the segmenter (which runs of text to segment) all ask these two
questions, so they live here, apart from the query parser.
"""

from __future__ import annotations

import unicodedata

CJK_CLASS = (
    "\u1100-\u11ff\u2e80-\u2fdf\u3005-\u3007\u3040-\u30ff\u3130-\u318f\u31f0-\u31ff"
    "\u3400-\u4dbf\u4e00-\u9fff\ua960-\ua97f\uac00-\ud7ff\uf900-\ufaff\uff66-\uffdc"
    "\U00020000-\U0003ffff"
)
"""The ranges of ``is_cjk`` as the inside of a regex character class."""


def is_word_char(char: str) -> bool:
    """A letter or digit of a script that separates words with spaces (not Han/Kana/Hangul)."""
    if char.isalnum():  # the hot path of every boundary check: ASCII answers here
        return char < "\u1100" or not is_cjk(char)
    return char >= "\u0300" and unicodedata.category(char)[0] == "M" and not is_cjk(char)


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
