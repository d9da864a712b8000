"""The plural spellings a bare word also matches (bot.core.plurals)."""

from __future__ import annotations

import pytest

from bot.core.plurals import plural_forms, term_plurals


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
    ("folded", "plurals"),
    [
        ("tariff", ("tariffs",)),
        ("k-pop", ("k-pops",)),  # a word with punctuation: its last run of letters
        ("f-16", ("f-16s",)),  # an s after digits
        ("mig-29", ("mig-29s",)),
        ("x-ray", ("x-rays",)),
        ("u.s.", ()),  # ends in punctuation
        ("us$", ()),
        ("g7", ()),  # a plain word with a digit
        ("zölle", ()),  # not the "lle" of a German word
        ("k-pöp", ()),
        ("export control", ()),  # a phrase is matched as written
        ("台湾", ()),
        ("", ()),
    ],
)
def test_term_plurals(folded, plurals):
    assert term_plurals(folded) == plurals
