"""The "matched:" line names each thing once (bot.core.listing)."""

from __future__ import annotations

import pytest

from bot.core.listing import compact_terms


@pytest.mark.parametrize(
    ("terms", "shown"),
    [
        (("Ukraine", "Ukraine's", "Ukrain*", "Russia"), ("Ukraine", "Russia")),
        (("Ukrain*", "Ukraine"), ("Ukraine",)),  # order kept, whichever comes first
        (("sanction*",), ("sanction*",)),  # a prefix alone says what matched
        (("sanction*", "tariff"), ("sanction*", "tariff")),
        (("Korea", "Korean", "Kore*"), ("Korean",)),  # a name finds its adjective
        (("korea", "Korean"), ("korea", "Korean")),  # a word in lower case does not
        (("Kishida’s", "Kishida"), ("Kishida",)),  # typographic apostrophe too
        (("Xi's",), ("Xi's",)),  # a possessive alone stays
        (("*",), ("*",)),
        ((), ()),
        (("韓国", "韓*"), ("韓国",)),
        (("tariffs", "threaten*", "Trump", "threat*"), ("tariffs", "threaten*", "Trump")),
        (("sanction*", "sanction*"), ("sanction*", "sanction*")),  # equal: not "longer"
        (("North Korean", "Kore*"), ("North Korean",)),  # a word of a phrase counts
        (("South Korea", "Kore*", "Japan"), ("South Korea", "Japan")),
        (("South Korea", "S Korea", "Korea"), ("South Korea", "S Korea")),  # inside a phrase
        (("Korea", "North Korea"), ("North Korea",)),  # whichever comes first
        (("Lai", "Lai Ching-te"), ("Lai Ching-te",)),
        (("Korean", "South Korea"), ("Korean", "South Korea")),  # a word, not a part of one
        (("North Korea", "North Korea"), ("North Korea", "North Korea")),  # equal: not "longer"
        (("Putin*", "Ukraine", "Putin", "war"), ("Ukraine", "Putin", "war")),  # the word itself
        (("Charkow*", "rosyjsk*", "Ukrain*"), ("Charkow*", "rosyjsk*", "Ukrain*")),  # no word
        (("strike", "strikes", "Russia"), ("strikes", "Russia")),  # a bare word finds its plural
        (("ally", "allies"), ("allies",)),
        (("strikes",), ("strikes",)),
        (("strike",), ("strike",)),
        (("F-16", "F-16s"), ("F-16s",)),
        (("Taiwan", "Taïwan", "Taiwanese"), ("Taiwanese",)),  # folded as the matcher folds
        (("Ukraïn*", "Ukraine"), ("Ukraine",)),
        (("ＵＳＡ", "USA's"), ("ＵＳＡ",)),  # full-width letters fold to the same word
        # spellings of one name say each other: the first stays (all were dropped before)
        (("Zelensky", "Zelenskyy", "Zelenskiy", "support", "Zelensk*"), ("Zelensky", "support")),
        (("Zelenskyy", "Zelensky"), ("Zelenskyy",)),
    ],
)
def test_compact_terms_drops_what_another_term_says(terms, shown):
    assert compact_terms(terms) == shown
