"""The development steps a headline names (bot.core.events, issue 14)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.core.events import STEP_OF, headline_steps, steps
from bot.core.similarity import Features

HEADLINES = [  # (id, headline, steps)
    ("apology", "Vatican apologises after Pope uses derogatory term for gay men", {"apology"}),
    ("apology-us-spelling", "Pope Apologizes After Reports He Used Offensive Word", {"apology"}),
    ("condemnation", "Seoul slams failed North Korea spy satellite launch", {"condemnation"}),
    ("condemnation-last-word", "Opposition leader slams", {"condemnation"}),
    ("not-a-condemnation", "Cyclone Remal slams into Bangladesh coast as thousands flee", set()),
    ("slams-into-then-slams", "Storm slams into coast; mayor slams response", {"condemnation"}),
    ("plan", "North Korea Tells Japan It Plans to Launch Satellite", {"plan"}),
    ("delay", "Israel-Hamas hostage-for-prisoner swap 'delayed' as truce nears", {"delay"}),
    ("arrival", "Kishida arrives in Seoul for summit with S Korea, China leaders", {"arrival"}),
    ("continuation", "Israel continues striking Rafah despite outrage over camp bombing",
     {"continuation"}),
    ("veto", "Georgian parliament overrides presidential veto", {"veto"}),
    ("two-steps", "Minister resigns and apologises for remarks", {"resignation", "apology"}),
    ("withdrawal", "West Ham midfielder withdrawn from Brazil squad amid betting investigation",
     {"withdrawal"}),
    ("withdrawal-phrase", "Candidate pulls out of race after scandal", {"withdrawal"}),
    ("charge-is-no-step", "Barnes & Noble 'sniffer' won't be charged for failure to register",
     set()),  # a charge is reported with the arrest it follows; "indicted" neither
    ("arrest-phrase", "Saints' Jimmy Graham taken into custody following 'medical episode'",
     {"arrest"}),
    ("apology-sorry", "Stephen Nolan 'deeply sorry' after explicit image allegations",
     {"apology"}),
    ("ban-bars", "World chess federation bars transgender women from women's events", {"ban"}),
    ("ban-outlaw", "The Taliban say they are outlawing women's beauty salons in Afghanistan",
     {"ban"}),  # the same step as "Taliban ban women's beauty salons" (4-5 July 2023)
    ("ban-prohibit", "Sri Lanka prohibits imports of single-use plastics", {"ban"}),
    ("behind-bars-is-no-ban",
     "Canadian woman who attempted to assassinate Trump sentenced to 22 years behind bars",
     set()),  # nor is a sentence a step: it is reported with the verdict
    ("planned-adjective", "Trump calls off planned 'news conference' to push fraud claims", set()),
    ("the-planned", "Biden skips the planned summit", set()),
    ("planned-verb", "North Korea planned to launch a satellite, Japan says", {"plan"}),
    ("demand-phrase", "Minister faces calls to quit over remarks", {"demand"}),
    ("conviction-verdict", "Jury reaches verdict in trial of former RCMP official",
     {"conviction"}),
    ("none-in-a-report", "Israeli airstrike kills 35 in Rafah, officials say", set()),
    ("police-shooting", "Police shoot dead suspected extremist accused of killing 2 Swedes",
     {"arrest"}),
    ("police-kill", "Police Kill Suspect in Brussels Terror Shooting, Official Says", {"arrest"}),
    ("killed-is-no-step", "Two killed in Brussels shooting described as act of terrorism", set()),
    ("police-as-victims", "India: Ten police killed in Maoist rebel attack", set()),
    ("no-word-inside-a-word", "Planetary scientists in Banff study a planchette", set()),
    ("cause-clause-is-told", "UN suspends services at refugee camp after clashes",
     {"suspension", "riot"}),

]  # fmt: skip


@pytest.mark.parametrize(
    ("title", "named"), [h[1:] for h in HEADLINES], ids=[h[0] for h in HEADLINES]
)
def test_steps_named_by_a_headline(title: str, named: set[str]) -> None:
    assert steps(title) == named


HEADLINE_STEPS = [  # (id, headline, steps it names, steps it tells as their background)
    ("no-cause", "Vatican apologises for Pope's slur", {"apology"}, set()),
    ("step-before-after", "Vatican apologises after Pope uses slur", {"apology"}, set()),
    ("step-after-after", "UN suspends services at refugee camp after clashes",
     {"suspension"}, {"riot"}),
    ("amid", "Minister resigns amid protests over arrests", {"resignation"}, {"arrest"}),
    ("following", "Talks delayed following arrest of envoy", {"delay"}, {"arrest"}),
    ("despite", "Israel continues striking Rafah despite outrage", {"continuation"}, set()),
    ("only-background", "Protests after arrest of opposition leader", set(), {"arrest"}),
    ("as", "Musk sues Media Matters as advertising exodus continues", {"lawsuit"},
     {"continuation"}),
    ("while", "Troops withdraw while talks continue", {"withdrawal"}, {"continuation"}),
]  # fmt: skip


@pytest.mark.parametrize(
    ("title", "named", "background"),
    [h[1:] for h in HEADLINE_STEPS],
    ids=[h[0] for h in HEADLINE_STEPS],
)
def test_a_cause_clause_tells_its_steps_without_naming_them(
    title: str, named: set[str], background: set[str]
) -> None:
    assert headline_steps(title) == (frozenset(named), frozenset(background))
    features = Features.of(title, "", 300)
    assert features.steps == named
    assert features.lead_steps == named | background


def test_every_step_word_is_lower_case_and_unique() -> None:
    assert all(word == word.casefold() for word in STEP_OF)
    assert steps(" ".join(STEP_OF)) == set(STEP_OF.values())


WORDS = sorted(
    {
        *STEP_OF,
        "the",
        "Calls",
        "Rafah",
        "deal",
        "Israel-Hamas",
        "a",
        "talks",
        "after",
        "Amid",
        "into",
        "Into",
        "Slams",
        "behind",
        "off",
        "as",
        "While",
        "台湾",
        "42",
    }
)


@given(
    st.lists(
        st.tuples(st.sampled_from(WORDS), st.sampled_from([" ", "  ", ", ", "-", ": ", "\n"])),
        max_size=12,
    )
)
def test_the_tokenizer_finds_the_same_steps(parts: list[tuple[str, str]]) -> None:
    """``Features`` names the steps while it tokenizes (one pass); ``steps`` is the reference."""
    text = "".join(word + sep for word, sep in parts)
    features = Features.of(text, "", 300)
    named, background = headline_steps(text)
    assert features.steps == named
    assert features.lead_steps == named | background
    assert Features.of("Report", text, 300).lead_steps == steps(text)
