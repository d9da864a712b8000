"""The plural spellings a bare word also matches (bot.core.plurals)."""

from __future__ import annotations

import pytest

from bot.core.plurals import plural_forms, plural_spellings


@pytest.mark.parametrize(
    ("word", "forms"),
    [
        ("tariff", ("tariffs",)),
        ("ban", ("bans",)),
        ("policy", ("policies", "policys")),
        ("ally", ("allies", "allys")),
        ("key", ("keys",)),  # a vowel before y
        ("tax", ("taxes",)),
        ("church", ("churches",)),
        ("clash", ("clashes",)),
        ("blitz", ("blitzes",)),
        ("class", ("classes",)),
        ("virus", ("viruses",)),
        ("crisis", ("crisises",)),  # irregular "crises" is not made: write both
        ("veto", ("vetos", "vetoes")),
        ("sanctions", ()),  # already a plural
        ("talks", ()),
        ("us", ()),  # fewer than three letters
        ("xi", ()),
        ("g20", ()),  # a digit
        ("санкция", ()),  # only English -s forms
        ("sanción", ()),  # folded text has no accents; an accented word is not folded English
    ],
)
def test_plural_forms(word, forms):
    assert plural_forms(word) == forms


@pytest.mark.parametrize(
    ("spelling", "plurals"),
    [
        ("tariff", ("tariffs",)),
        ("export control", ("export controls",)),
        ("kim jong un", ()),  # "un" is too short
        ("", ()),
    ],
)
def test_plural_spellings_inflect_the_last_word(spelling, plurals):
    assert plural_spellings(spelling) == plurals
