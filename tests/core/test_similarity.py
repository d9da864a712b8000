"""Text features and the rolling corpus behind story grouping (issue 14)."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.core import similarity
from bot.core.evidence import centroid_overlap
from bot.core.idf import MIN_DOCS, RollingIdf
from bot.core.similarity import _SAME_WORD, Features, headline_key, numbers, stem, tokens

STEMS = [
    ("recognise-ize", ["recognises", "recognized", "recognize", "recognising"]),
    ("palestine", ["Palestinian", "Palestine", "Palestinians"]),
    ("korea", ["Korean", "Korea", "Koreans"]),
    ("japan", ["Japanese", "Japan"]),
    ("ukraine", ["Ukrainian", "Ukraine"]),
    ("israel", ["Israeli", "Israel", "Israelis"]),
    ("india", ["Indian", "India", "Indians"]),
    ("pakistan", ["Pakistani", "Pakistan", "Pakistanis"]),
    ("syria", ["Syrian", "Syria"]),
    ("kenya", ["Kenyan", "Kenya"]),
    ("iraq", ["Iraqi", "Iraq", "Iraqis"]),
    ("mexico", ["Mexican", "Mexico"]),
    ("germany", ["German", "Germany"]),
    ("iran", ["Iranian", "Iran"]),
    ("dies", ["dies", "died"]),
]


@pytest.mark.parametrize("words", [s[1] for s in STEMS], ids=[s[0] for s in STEMS])
def test_inflections_and_demonyms_share_a_stem(words: list[str]) -> None:
    assert len({stem(w.casefold()) for w in words}) == 1, [stem(w.casefold()) for w in words]


SAME_TOKEN = [  # (id, one spelling, another, one token): similarity._SAME_WORD, _WHOLE_WORD
    # irregular demonyms, and the two left out on purpose
    ("spanish", "Spain", "Spanish", True),
    ("dutch", "Netherlands", "Dutch", True),
    ("turkish", "Turkey", "Turkish", True),
    ("filipino", "Philippines", "Filipino", True),
    ("greek", "Greece", "Greek", True),
    ("french-open-is-not-france", "France", "French", False),
    ("british-columbia-is-not-britain", "Britain", "British", False),
    # places and people as other languages (and other English spellings) write them
    ("polish-russia", "Rosja", "Russia", True),
    ("polish-russia-genitive", "Rosji", "Russia", True),
    ("german-russia", "Russland", "Russia", True),
    ("polish-kyiv", "Kijów", "Kyiv", True),
    ("old-kyiv", "Kiev", "Kyiv", True),
    ("french-beijing", "Pékin", "Beijing", True),
    ("ap-zelenskyy", "Zelenskyy", "Zelensky", True),
    ("german-selenskyj", "Selenskyj", "Zelensky", True),
    ("paris-is-paris", "Paris", "Paryż", True),
    ("russia-is-not-ukraine", "Rosja", "Ukraine", False),
    ("polish-crimea", "Krym", "Crimea", True),
    ("polish-lavrov", "Ławrowa", "Lavrov", True),
    ("polish-kharkiv", "Charków", "Kharkiv", True),
    ("odessa-odesa", "Odessa", "Odesa", True),
    # the words of one act that outlets use in turn
    ("britons-british", "Britons", "British", True),
    ("brits-british", "Brits", "British", True),
    ("resignation-resigns", "resignation", "resigns", True),
    ("quits-resigns", "quits", "resigns", True),
    ("quite-is-no-quitting", "quite", "quits", False),  # "quite" is a stopword, not "quit"
    ("inquiry-probe", "inquiry", "probe", True),
    ("investigation-probe", "investigation", "probe", True),
    ("detained-arrested", "detained", "arrested", True),
    ("jailed-prison", "jailed", "prison", True),
    ("sued-lawsuit", "sued", "lawsuit", True),
    ("sues-sued", "sues", "sued", True),
    ("arrest-is-not-prison", "arrested", "jailed", False),
    # the doer and the deed, the act and its noun, the adjective and its noun
    ("shooter-shooting", "shooter", "shooting", True),
    ("protesters-protest", "protesters", "protest", True),
    ("teenager-teen", "teenager", "teens", True),
    ("teenage-teen", "teenage", "teen", True),
    ("voter-is-not-voting", "voter", "voting", False),  # an essay by a voter, not the vote
    ("rescuers-rescue", "rescuers", "rescue", True),
    ("indictment-indicted", "indictment", "indicted", True),
    ("eruption-erupts", "eruption", "erupts", True),
    ("evacuation-evacuated", "evacuation", "evacuated", True),
    ("invasion-invaded", "invasion", "invaded", True),
    ("detention-detained", "detention", "detained", True),
    ("volcanic-volcano", "volcanic", "volcano", True),
    ("presidential-president", "presidential", "president", True),
    ("economic-economy", "economic", "economy", True),
    ("shooter-is-not-shot", "shooter", "shot", False),
    # a stem two words shared, now apart
    ("niger-is-not-nigeria", "Niger", "Nigeria", False),
    ("nigerian-is-nigeria", "Nigerian", "Nigeria", True),
]  # fmt: skip


@pytest.mark.parametrize(
    ("one", "other", "same"), [e[1:] for e in SAME_TOKEN], ids=[e[0] for e in SAME_TOKEN]
)
def test_words_the_suffix_rules_cannot_join_share_a_token(one, other, same) -> None:
    assert (tokens(one) == tokens(other)) is same


def test_the_table_of_same_words_has_no_chains() -> None:
    """A token the table maps to is final: were it a key too, "a -> b -> c" would stop at b."""
    assert not set(_SAME_WORD) & set(_SAME_WORD.values())


def test_dead_and_killed_are_one_word() -> None:
    assert tokens("Dead in Texas") & tokens("Tornadoes kill in Texas") == tokens("killed Texas")


def test_a_headline_abbreviation_shares_the_word_it_stands_for() -> None:
    assert tokens("Wilders could be next Dutch PM") >= tokens("Prime Wilders")
    assert tokens("PM") <= tokens("Prime Minister")
    assert tokens("PM") != tokens("premiere")
    assert tokens("$5bn deal") == tokens("$5 billion deal")
    assert tokens("EU") == tokens("Europe") == tokens("European") == tokens("Europeans")


def test_initials_with_dots_read_as_the_abbreviation() -> None:
    assert tokens("U.K. Inflation Drops") == tokens("UK inflation drops")
    assert tokens("Chinese A.I. stocks") == tokens("Chinese AI stocks")
    assert "uk" in tokens("the U.K.")
    assert "nyc" in tokens("N.Y.C. mayor")
    # one capital with a dot is an initial or a sentence's end, not an abbreviation
    assert tokens("Donald J. Trump") == tokens("Donald Trump")
    assert tokens("e.g. Mr. Smith") == tokens("Mr Smith")


def test_tokens_fold_accents_and_drop_stopwords_in_several_languages() -> None:
    assert tokens("Zełenski à Bruxelles") == tokens("Zelenski Bruxelles")
    assert tokens("le Carré") == tokens("Carre")
    assert tokens("Le président de la République") == tokens("président République")
    assert tokens("徐才厚去世") == {"徐才", "才厚", "厚去", "去世"}
    assert tokens("中 国") == {"中", "国"}
    assert {"kishid", "trump"} <= tokens("訪日したTrumpとKishida")  # Latin names in CJK text
    # Hong Kong's and Beijing's spelling of one report (RTHK and CCTV, May 2024) share every bigram
    assert tokens("普京︰特別軍事行動期間俄國防工業企業產量顯著增加") == tokens(
        "普京：特别军事行动期间俄国防工业企业产量显著增加"
    )


def test_numbers_read_digits_and_number_words() -> None:
    assert numbers("3,000 people and twelve boats, 1.5%") == {"3000", "12", "1.5"}
    assert numbers("no numbers here") == frozenset()


def test_features_keep_headline_first_and_mark_names() -> None:
    f = Features.of(
        "Fire at children's hospital kills seven newborns - Reuters",
        "Police in Delhi said the fire started late on Saturday.",
        300,
    )
    assert f.head == ("fire", "children", "hospital", "kill", "seven", "newborn")
    assert f.key == "fire at children s hospital kills seven newborns"
    assert "delhi" in f.inner_caps
    assert "fire" not in f.caps  # "fire" is written lower case too
    assert "polic" in f.caps
    assert "polic" not in f.inner_caps  # sentence-initial, not a name
    assert f.head_numbers == {"7"}
    assert f.has_lead
    assert not Features.of("Headline only", "", 300).has_lead


def test_a_capital_inside_a_word_makes_it_a_name() -> None:
    f = Features.of("Musk's xAI raises $6 billion", "The eBay and iPhone makers said so.", 300)
    assert {"xai", "ebay", "iphon"} <= f.caps
    assert {"ebay", "iphon"} <= f.inner_caps
    assert "maker" not in f.caps
    # a word whose case folding changes its letters is still lower case ("straße")
    assert "strass" not in Features.of("Straße gesperrt", "die straße ist zu", 300).caps


@given(st.text(max_size=80))
def test_headline_key_is_idempotent(title: str) -> None:
    assert headline_key(headline_key(title)) == headline_key(title)


def test_rolling_idf_adds_and_removes_exactly() -> None:
    idf = RollingIdf()
    idf.add(["rafah", "strike"], ["rafah"], ["rafah", "strike"], new_story=True)
    idf.add(["strike", "tariff"], [], ["strike", "tariff"], new_story=True)
    assert (idf.docs, idf.stories, idf.df("strike"), idf.df("rafah"), len(idf)) == (2, 2, 2, 1, 3)
    assert idf.name_share("rafah") == 1.0
    assert idf.name_share("strike") == 0.0
    assert idf.name_share("unseen") == 0.0
    assert idf.name_share("strike", True) == pytest.approx(1 / 3)
    log_docs = idf.log_docs()
    assert log_docs == pytest.approx(math.log(MIN_DOCS + 1))  # floored while the corpus is small
    assert idf.weight("unseen", log_docs) == pytest.approx(log_docs)
    assert idf.weight("strike", log_docs) < idf.weight("rafah", log_docs)
    idf.remove(["rafah", "strike"], ["rafah"], ["rafah", "strike"], story_gone=True)
    idf.remove(["strike", "tariff"], [], ["strike", "tariff"], story_gone=True)
    assert (idf.docs, idf.stories, len(idf), idf.df("strike")) == (0, 0, 0, 0)


def test_the_items_of_one_story_count_once() -> None:
    """A burst of reports of one event does not make the event's own words common."""
    idf = RollingIdf()
    idf.add(["rafah", "strike"], [], ["rafah", "strike"], new_story=True)
    for _ in range(30):  # thirty more reports of the same story
        idf.add(["rafah", "strike"], [], [], new_story=False)
    idf.add(["strike", "tariff"], [], ["strike", "tariff"], new_story=True)
    assert (idf.items("rafah"), idf.df("rafah"), idf.df("strike"), idf.stories) == (31, 1, 2, 2)
    idf.shift(["tariff"], ["rafah"], 0)  # an item of the first story moved to the second
    assert (idf.df("rafah"), idf.df("tariff"), idf.stories) == (0, 2, 2)


def test_idf_weight_is_never_negative_and_handles_large_counts() -> None:
    idf = RollingIdf()
    for _ in range(5_000):
        idf.add(["says"], [], ["says"], new_story=True)
    assert idf.weight("says", idf.log_docs()) == 0.0
    assert idf.weight("says", 20.0) == pytest.approx(20.0 - math.log(5_001))


def test_centroid_overlap_of_a_story_with_itself_is_high() -> None:
    from bot.core.evidence import Probe

    members = [
        Features.of("Hamas fires rockets at Tel Aviv", "Sirens sounded in Tel Aviv.", 300),
        Features.of("Sirens in Tel Aviv as rockets fired", "Hamas fired rockets.", 300),
    ]
    probe = Probe.of(members[0], 0.0, False, lambda t: 1.0, 1.0, bool, bool)
    assert centroid_overlap(probe, members) > 0.8
    assert centroid_overlap(probe, [Features.of("Stock markets", "", 300)]) == 0.0
    assert centroid_overlap(probe, []) == 0.0


LANGUAGES = [  # (title, lead, language by function words)
    ("Litwa. Gitanas Nauseda deklasuje rywali",
     "Po podliczeniu głosów prezydent ma 83,8 proc., a rywalka nie wygrała w okręgu", "pl"),
    ("Lithuanian President re-elected",
     "His opponent conceded defeat and congratulated the winner", "en"),
    ("Syrie : un attentat fait 19 morts",
     "La déflagration s’est produite sur un marché du nord", "fr"),
    ("Anschlag in Syrien",
     "Die Explosion ereignete sich auf einem Markt und nicht in der Stadt", "de"),
    ("Atentado en Siria",
     "Los heridos fueron trasladados al hospital por los servicios, como dijo el gobierno", "es"),
    ("Atentado na Síria", "A explosão ocorreu num mercado dos arredores da cidade", "pt"),
    ("Atak na Tel Awiw", "", ""),  # "na" is Polish and Portuguese: unsure
    ("Syria talks", "", ""),  # no function word at all
]  # fmt: skip


@pytest.mark.parametrize(
    ("title", "lead", "lang"), LANGUAGES, ids=[c[2] or "unsure" for c in LANGUAGES]
)
def test_features_tell_the_language_by_function_words(title: str, lead: str, lang: str) -> None:
    assert Features.of(title, lead, 300).lang == lang


@given(
    st.lists(
        st.tuples(
            st.text(alphabet="abcABC éÉ.,'-1 Thesıund", max_size=40),
            st.text(alphabet="abcABC éÉ.,'-1 Thesıund", max_size=60),
        ),
        min_size=1,
        max_size=6,
    )
)
def test_the_word_cache_never_changes_features(texts: list[tuple[str, str]]) -> None:
    """Features computed through a warm, a cold and an overflowing word cache are the same."""
    warm = [Features.of(t, s, 300) for t, s in texts]
    saved = similarity._WORDS_MAX
    try:
        similarity._WORDS.clear()
        cold = [Features.of(t, s, 300) for t, s in texts]
        similarity._WORDS.clear()
        similarity._WORDS_MAX = 2  # starts over after every second new spelling
        tight = [Features.of(t, s, 300) for t, s in texts]
        assert len(similarity._WORDS) <= 2
    finally:
        similarity._WORDS_MAX = saved
    assert warm == cold == tight


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Someone said one thing", {"1"}),  # "one" inside "Someone" does not count
        ("Ten killed, 2,000 flee", {"10", "2000"}),
        ("Nothing here", set()),
        ("٣ قتلى", {"٣"}),  # a digit of another script still counts
        ("Shooter used AR-15-style rifle", set()),  # a model name, not a count
        ("F-16s, G7 and Covid-19", set()),
        ("Suspect is a 33-year-old man; 9 dead", {"9"}),  # an age describes, 9 counts
        ("A twelve-year-old and two others hurt", {"2"}),  # so does a spelled one
        ("Two-day strike ends; three-time champion out", set()),
        ("Leeds win 2-1 in 15th game", {"2", "1", "15"}),  # scores and ordinals still count
        ("$5bn deal, 3.5% rise", {"5", "3.5"}),
    ],
    ids=[
        "inside-a-word",
        "words-and-digits",
        "none",
        "arabic-digit",
        "model-name",
        "names",
        "age",
        "age-spelled",
        "spelled-descriptions",
        "score-and-ordinal",
        "amounts",
    ],
)
def test_numbers_need_a_digit_or_a_number_word_standing_alone(
    text: str, expected: set[str]
) -> None:
    assert numbers(text) == expected


@pytest.mark.parametrize(
    ("title", "roundup"),
    [
        ("FirstFT: Biden bans US investment in Chinese tech sectors", True),
        ("Biden defends refusal to call for ceasefire in Gaza | First Thing", True),
        ("Tuesday briefing: How a deal that could mean a truce in Gaza became possible", True),
        ("Your Thursday Briefing: A U.S.-South Korea Nuclear Agreement", True),
        ("Wednesday Briefing", True),
        ("Morning Briefing: Markets slide", True),
        ("White House briefing on Gaza hostages", False),  # a briefing is news
        ("Pentagon press briefing: US to send more air defences", False),
        ("First thing Biden did after landing in Israel", False),
        ("Thursday's vote: MPs back the bill", False),
        ("Middle East round-up: Civilians flee Sudan", True),
        ("Tech, Media & Telecom Roundup: Market Talk", True),
        ("European roundup: Jude Bellingham inspires Real Madrid to comeback win", True),
        ("A survivor of the Vél' d'Hiv roundup reconnects with his past", False),
        ("Fact-checking the first GOP debate: Roundup from PolitiFact", False),
        ("Russia-Ukraine war: List of key events, day 386", True),
        ("Russia-Ukraine war at a glance: what we know on day 345 of the invasion", True),
        ("Trump arraignment at a glance: what we know so far", False),
        ("Ukraine live briefing: Drone attacks on Moscow and Kyiv escalate tensions", True),
        ("Watch live: Pentagon briefing on Ukraine aid", False),
    ],
    ids=[
        "first-ft", "first-thing", "weekday-briefing", "your-weekday-briefing", "bare-briefing",
        "morning-briefing", "white-house-briefing", "press-briefing", "first-thing-in-a-sentence",
        "weekday-not-briefing", "round-up-column", "market-talk-column", "sports-roundup",
        "police-roundup", "roundup-after-the-colon", "key-events-of-a-day", "war-at-a-glance",
        "one-event-at-a-glance", "live-briefing-of-a-war", "a-briefing-watched-live",
    ],
)  # fmt: skip
def test_newsletter_and_briefing_titles(title: str, roundup: bool) -> None:
    assert similarity.is_roundup(title) is roundup
    assert Features.of(title, "", 300).roundup is roundup


_TRICKY_WORDS = [
    "one", "One's", "someone", "often", "TEN", "twelve-year-old", "dozen", "beat", "Beats",
    "beat’s", "DEFEATED", "ſtun", "rose", "up-down", "win-win", "Lower", "2beat", "Ｂｅａｔｓ",
    "closed", "won't", "Spirit", "Northern", "as", "after", "by", ",", ":", "|",
]  # fmt: skip


@given(st.lists(st.sampled_from(_TRICKY_WORDS) | st.text(max_size=6), max_size=12))
def test_the_word_shortcuts_of_features_find_what_the_full_checks_find(words: list[str]) -> None:
    """``Features.of`` runs the number, antonym and result checks only on a text that holds one
    of their words as ``_scan`` reads it; that must never lose a number, antonym or result."""
    text = similarity.clean_title(" ".join(words))
    spelled: set[str] = set()
    similarity._scan(text, {}, spelled=spelled)
    assert numbers(text, spelled) == numbers(text)
    features = Features.of(text, text, 300)
    assert features.polar == similarity.polar_words(text)
    assert features.result == similarity.result_sides(text)
    assert features.head_numbers == numbers(text)
