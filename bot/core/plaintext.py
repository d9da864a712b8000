"""Feed text as plain text: HTML stripped, entities decoded (even when encoded twice), mojibake
repaired, whitespace folded, invisible characters dropped, cut at a grapheme boundary.

Pure and idempotent (``plain_text(plain_text(x)) == plain_text(x)``; tests/core/test_normalize.py
checks it with hypothesis). Split from ``normalize`` (issue 17): the text rules are one idea, the
URL rules another.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from bot.core.text import cut

ELLIPSIS = "…"

# html.parser raises AssertionError on "<![" followed by anything but these section names
# (_markupbase.parse_marked_section); such a "<![" is escaped first so it stays text.
_BAD_MARKED_SECTION = re.compile(
    r"<!\[(?!(?:cdata|temp|ignore|include|rcdata|if|else|endif)(?![-_.a-z0-9]))",
    re.IGNORECASE | re.ASCII,
)
_OPEN_CDATA = re.compile(r"<!\[CDATA\[", re.IGNORECASE)
_OPEN_MARKUP = re.compile(r"<[!/?a-zA-Z]")
_MAX_PASSES = 8  # HTML passes; realistic feeds need ≤ 3 (escaped HTML inside entities)
_INVISIBLE = frozenset("\u00ad\u200b\u2060\ufeff")  # soft hyphen, zero-width space/joiner, BOM
_SKIP_CONTENT = frozenset({"script", "style", "template", "noscript", "head", "title"})
_BLOCK_TAGS = frozenset(
    {
        "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt",
        "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header",
        "hr", "img", "li", "main", "nav", "ol", "p", "pre", "section", "table", "td",
        "th", "tr", "ul",
    }
)  # fmt: skip
# Unicode category Cc is exactly C0, DEL and C1: they become spaces; invisible characters vanish.
_FOLD_TABLE: dict[int, str | None] = {
    **dict.fromkeys((*range(32), *range(127, 160)), " "),
    **{ord(ch): None for ch in _INVISIBLE},
}


class _TextExtractor(HTMLParser):
    """Collects the text of an HTML fragment; script/style bodies and comments are dropped."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_CONTENT:
            self._skip_depth += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append(" ")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK_TAGS:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_CONTENT:
            self._skip_depth = max(0, self._skip_depth - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self._skip_depth:
            self.parts.append(data)

    def unknown_decl(self, data: str) -> None:
        # A CDATA section left inside text ("<![CDATA[…]]>") still carries the words.
        if data.startswith("CDATA[") and not self._skip_depth:
            self.parts.append(data[len("CDATA[") :])


def _fold(text: str) -> str:
    """Drop control and invisible characters and fold every run of whitespace to one space.

    Other format characters stay: ZWNJ/ZWJ are part of Persian/Urdu words and emoji. One
    ``str.translate`` over a precomputed table: this runs on every title and summary.
    """
    return " ".join(text.translate(_FOLD_TABLE).split())


def _html_pass(text: str) -> str:
    if "<" not in text and "&" not in text:
        return _fold(text)
    parser = _TextExtractor()
    parser.feed(_BAD_MARKED_SECTION.sub("&lt;![", text))
    # What feed() could not finish is an unterminated construct running to the end. close()
    # would emit it as text, markup and all; browsers hide it, and so do we (an open CDATA
    # section keeps its words).
    tail = parser.rawdata
    if _OPEN_CDATA.match(tail):
        parser.rawdata = ""
        parser.handle_data(tail[len("<![CDATA[") :])
    elif _OPEN_MARKUP.match(tail):
        parser.rawdata = ""
    parser.close()
    return _fold("".join(parser.parts))


def _defuse(text: str) -> str:
    # Last resort for adversarial nesting: with no ASCII '<' or '&' left, a pass is a no-op.
    return text.replace("&", "＆").replace("<", "＜")


def truncate(text: str, limit: int) -> str:
    """At a space near the limit, else at a grapheme boundary (``core.text.cut``)."""
    return cut(text, limit, trailing=" ")


# UTF-8 bytes that were decoded as cp1252 ("â€™" for "’", "Ã©" for "é"): real captures carry it.
_MOJIBAKE = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e"
    "\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030"
    "\u2039\u203a\u20ac\u2122]"
)
_CP1252 = {
    ch: b for b in range(256) for ch in [bytes([b]).decode("cp1252", errors="ignore") or chr(b)]
}
# "…" is what truncation appends, so it never takes part in a repair: "Ã…" stays as it is, which
# keeps plain_text idempotent (the cost: a mangled "Å" is not repaired).
_ENCODABLE_RUN = re.compile(
    "[" + "".join(re.escape(ch) for ch in sorted(_CP1252) if ch != "\u2026") + "]+"
)
_C1 = re.compile("[\u0080-\u009f]")


def repair_mojibake(text: str) -> str:
    """Undo UTF-8 text that was mis-decoded as cp1252/latin-1 somewhere upstream.

    Each run of characters that cp1252 can encode, and that shows the telltale pairs, is
    re-encoded and decoded as UTF-8; a run whose bytes are not valid UTF-8 is left as it was.
    Repeated (bounded) for text encoded twice. Text without the pairs is returned unchanged.
    """
    for _ in range(3):
        if not _MOJIBAKE.search(text):
            return text
        fixed = _ENCODABLE_RUN.sub(_repair_run, text)
        if fixed == text:
            return text
        text = fixed
    return text


def _repair_run(match: re.Match[str]) -> str:
    run = match.group()
    if not _MOJIBAKE.search(run):
        return run
    try:
        fixed = bytes(_CP1252[ch] for ch in run).decode("utf-8")
    except UnicodeDecodeError:
        return run
    return run if _C1.search(fixed) else fixed  # control characters: it was not mojibake


def plain_text(text: str | None, *, limit: int) -> str:
    """Visible text of an HTML fragment: tags removed, entities decoded, whitespace folded.

    Entities are decoded until nothing changes, so double-encoded text (``&amp;amp;``,
    ``&lt;p&gt;``) comes out clean; markup revealed by decoding is removed too. The result is at
    most ``limit`` characters, cut at a word boundary with "…".
    """
    if not text:
        return ""
    current = repair_mojibake(text)
    for _ in range(_MAX_PASSES):
        # repaired again after each pass: a tag removed can join mojibake ("Â<b>¡" → "Â¡")
        cleaned = repair_mojibake(_html_pass(current))
        if cleaned == current:
            break
        current = cleaned
    else:
        current = _defuse(_html_pass(current))
    result = truncate(current, limit)
    if _html_pass(result) != result:  # a cut can turn text into markup: "<![x" → "<!…"
        result = _defuse(result)
    return result
