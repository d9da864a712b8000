"""The plural and adjective spellings a bare word also matches (bot.core.plurals)."""

from __future__ import annotations

import pytest

from bot.core.match import TopicIndex
from bot.core.plurals import (
    demonym_forms,
    is_common,
    is_proper,
    name_spellings,
    plural_forms,
    term_forms,
    term_plurals,
    verb_forms,
)
from bot.core.query import parse_query


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
        ("new", ()),  # "news" is another word ("breaking a news embargo" is no new embargo)
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
        ("export control", ("export controls",)),  # a phrase: its last word
        ("trade war", ("trade wars",)),
        ("gas supply", ("gas supplies", "gas supplys")),
        ("export controls", ()),
        ("zoll kontrolle", ("zoll kontrolles",)),  # ASCII: any language (a form that is no word)
        ("handel mit zölle", ()),  # the last word must fold to ASCII letters
        ("台湾", ()),
        ("", ()),
    ],
)
def test_term_plurals(folded, plurals):
    assert term_plurals(folded) == plurals


@pytest.mark.parametrize(
    ("written", "proper"),
    [
        ("Korea", True),
        ("North Korea", True),  # a phrase: its last word
        ("Iran", True),  # four letters
        ("Kim", False),  # three: "Kimi" is not Kim's
        ("war", False),  # lower case: "warn" is not a form of war
        ("korea", False),  # a user who writes a name in lower case gets the word and plural
        ("Taïwan", True),  # folded, "taiwan" takes English endings (``term_forms``)
        ("TAIWÁN", True),  # so that every spelling of a name is one word with one set of forms
        ("Украина", True),  # ... and one that does not fold to ASCII takes none
        ("F-16", False),
        ("Korea Times", True),
        ("", False),
    ],
)
def test_is_proper(written, proper):
    assert is_proper(written) is proper


@pytest.mark.parametrize(
    ("word", "forms"),
    [
        ("korea", ("korean", "koreans")),
        ("russia", ("russian", "russians")),
        ("america", ("american", "americans")),
        ("europe", ("european", "europeans")),
        ("japan", ("japanese", "japani", "japanis", "japanian", "japanians")),
        ("israel", ("israelese", "israeli", "israelis", "israelian", "israelians")),
        ("niger", ()),  # "Nigerian" is of Nigeria
        ("peru", ()),  # a name ending in another vowel: "Peruvian" changes letters
        ("italy", ()),
    ],
)
def test_demonym_forms(word, forms):
    assert demonym_forms(word) == forms


@pytest.mark.parametrize(
    ("folded", "proper", "forms"),
    [
        ("korea", True, ("koreas", "korean", "koreans")),
        ("korea", False, ("koreas",)),
        ("north korea", True, ("north koreas", "north korean", "north koreans")),
        ("export control", False, ("export controls",)),
        ("taïwan", True, ()),  # not ASCII: no English endings
        ("k-pop", False, ("k-pops",)),
    ],
)
def test_term_forms(folded, proper, forms):
    assert term_forms(folded, proper) == forms


@pytest.mark.parametrize(
    ("word", "forms"),
    [
        ("sanction", ("sanctioned", "sanctioning")),
        ("embargo", ("embargoed", "embargoing")),
        ("blacklist", ("blacklisted", "blacklisting")),
        ("ban", ("baned", "baning", "banned", "banning")),  # one vowel before: doubled too
        ("target", ("targeted", "targeting", "targetted", "targetting")),
        ("attack", ("attacked", "attacking")),  # two consonants: not doubled
        ("seize", ("seized", "seizing")),
        ("agree", ("agreed", "agreeing")),
        ("tie", ("tied", "tying")),
        ("ally", ("allied", "allying")),
        ("deploy", ("deployed", "deploying")),  # a vowel before y
        ("veto", ("vetoed", "vetoing")),
        ("tax", ("taxed", "taxing")),  # x, w, y are never doubled
        ("press", ("pressed", "pressing")),
        ("accord", ("accorded",)),  # "according" is a preposition
        ("include", ("included",)),
        ("follow", ("followed",)),
        ("talks", ()),  # a plural
        ("us", ()),  # fewer than three letters
        ("g20", ()),
        ("санкция", ()),  # English endings only
        ("sanción", ()),
    ],
)
def test_verb_forms(word, forms):
    assert verb_forms(word) == forms


@pytest.mark.parametrize(
    ("written", "common"),
    [
        ("sanction", True),
        ("ban", True),
        ("US", False),  # "used" is not a form of the United States
        ("Kim", False),
        ("Sanction", False),  # a capital: the user's word that it is a name
        ("export control", False),  # a phrase gets its last word's plural, no verb forms
        ("F-16", False),
        ("санкция", True),  # lower case, but ``verb_forms`` makes no English endings for it
        ("", False),
    ],
)
def test_is_common(written, common):
    assert is_common(written) is common


def test_a_common_word_takes_plurals_and_verb_endings():
    assert term_forms("ban", proper=False, common=True) == (
        "bans",
        "baned",
        "baning",
        "banned",
        "banning",
    )
    assert term_forms("us", proper=False, common=False) == ()


@pytest.mark.parametrize(
    ("word", "forms"),
    [
        ("zelensky", ("zelenskyy", "zelenskiy", "zelenskyi", "zelenski")),
        ("zelenskyy", ("zelenskiy", "zelenskyi", "zelensky", "zelenski")),
        ("kowalski", ("kowalskyy", "kowalskiy", "kowalskyi", "kowalsky")),
        ("sky", ()),  # the ending alone
        ("husky", ()),  # too short a stem to be a surname's
        ("korea", ()),
    ],
)
def test_name_spellings(word, forms):
    assert name_spellings(word) == forms


def test_a_name_finds_its_other_transliterations_but_a_common_word_does_not():
    index = TopicIndex.compile({"z": parse_query("Zelensky"), "w": parse_query("whisky")})
    assert "z" in index.match("Xi holds first talks with Zelenskyy", "")
    assert "z" in index.match("Zelenskiy meets Stoltenberg", "")
    assert "w" not in index.match("Whiskyy", "")  # lower case: no name, no transliterations
