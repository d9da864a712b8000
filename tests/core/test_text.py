"""The shared sanitizing rule and the grapheme-safe cut (issues 13 and 16)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.core.text import BIDI_CONTROLS, ZWSP, cut, feed_text, is_boundary, plain_line


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a \u202eevil\u202c b", "a evil b"),
        ("\u2066x\u2069 \u200fy\u061c", "x y"),
        ("see https://evil.example/x now", f"see https:{ZWSP}//evil.example/x now"),
        ("HTTP://A.B", f"HTTP:{ZWSP}//A.B"),
        ("hxxps://evil.example and ://", f"hxxps:{ZWSP}//evil.example and :{ZWSP}//"),
        ("https:/evil.example", f"https:{ZWSP}/evil.example"),
        ("@everyone and @here, @channel", f"@{ZWSP}everyone and @{ZWSP}here, @{ZWSP}channel"),
        ("mail me@everyone.com", f"mail me@{ZWSP}everyone.com"),
        ("line\nbreak\tand\x00nul\x1b", "line break and nul"),
        ("lone \ud800 surrogate", "lone surrogate"),
        ("zwj 👩\u200d💻 kept", "zwj 👩\u200d💻 kept"),
    ],
    ids=["override", "isolates-and-marks", "bare-url", "upper-scheme", "any-scheme",
         "one-slash", "pings", "email",
         "controls", "surrogate", "zwj-kept"],
)  # fmt: skip
def test_feed_text(text: str, expected: str) -> None:
    assert feed_text(text) == expected


def test_plain_line_keeps_urls_clickable() -> None:
    assert plain_line(" https://e.example/\u202ea \n") == "https://e.example/a"


CUT_CASES = [
    # (id, text, limit, expected)
    ("fits", "短い", 5, "短い"),
    ("cjk-no-space-near", "【速報】 日韓首脳会談で合意 経済協力を拡大へ", 14,
     "【速報】 日韓首脳会談で合…"),
    ("latin-space-near", "Leaders meet in Seoul to discuss trade", 20, "Leaders meet in…"),
    ("long-word", "Supercalifragilistic", 8, "Superca…"),
    ("combining-mark", "cafe\u0301 cafe\u0301s", 5, "caf…"),
    ("combining-mark-fits", "cafe\u0301 cafe\u0301s", 6, "cafe\u0301…"),
    ("zwj-family", "ab👨\u200d👩\u200d👧cd", 5, "ab…"),
    ("flag-pair", "x🇯🇵🇰🇷", 4, "x🇯🇵…"),
    ("skin-tone", "ok 👍🏽 yes", 5, "ok…"),
    ("hangul-jamo", "가\u1100\u1161\u11a8나", 3, "가…"),
    ("devanagari-conjunct", "नमस्ते दुनिया", 5, "नम…"),  # स्ते is one cluster
    ("tiny-limit", "abcdef", 1, "…"),
    ("zero-limit", "abcdef", 0, ""),
]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "limit", "expected"), [c[1:] for c in CUT_CASES], ids=[c[0] for c in CUT_CASES]
)
def test_cut(text: str, limit: int, expected: str) -> None:
    assert cut(text, limit) == expected


def test_cut_measures_in_the_callers_unit() -> None:
    def utf16(text: str) -> int:
        return len(text.encode("utf-16-le")) // 2

    assert cut("😀😀😀😀", 5, measure=utf16) == "😀😀…"


@pytest.mark.parametrize(
    ("text", "index", "expected"),
    [
        ("a\r\nb", 2, False),
        ("\u0600\u0661", 1, False),  # Arabic number sign (Prepend) binds to what follows
        ("กำ", 1, False),  # Thai SARA AM is a spacing mark
        ("🇯🇵🇰🇷", 2, True),
        ("🇯🇵🇰🇷", 1, False),
        ("🇯🇵🇰🇷", 3, False),
        ("ab", 0, True),
        ("ab", 2, True),
    ],
    ids=["crlf", "prepend", "thai-am", "between-flags", "inside-flag-1", "inside-flag-2",
         "start", "end"],
)  # fmt: skip
def test_is_boundary(text: str, index: int, expected: bool) -> None:
    assert is_boundary(text, index) is expected


@given(st.text(max_size=200), st.integers(min_value=0, max_value=120))
def test_cut_never_exceeds_the_limit_and_keeps_a_prefix(text: str, limit: int) -> None:
    result = cut(text, limit)
    assert len(result) <= limit
    if result != text and result:
        head = result.removesuffix("…")
        assert text.startswith(head)
        assert is_boundary(text, len(head)) or text[len(head)] in " ,;:"


@given(st.text() | st.text(alphabet=":/h@ ", max_size=12))
def test_feed_text_is_one_inert_line(text: str) -> None:
    clean = feed_text(text)
    assert not set(clean) & BIDI_CONTROLS
    assert "\n" not in clean
    assert "://" not in clean
    assert feed_text(clean) == clean
