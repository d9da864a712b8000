"""Story grouping: rules, look-alike pairs, CJK, window, explain(), and properties (issue 4)."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.core.dedupe import (
    DedupeSettings,
    MergeDecision,
    StoryDoc,
    StoryIndex,
    choose_lead,
    group,
)
from bot.core.similarity import conflict, headline_key, names, numbers, tokens

T0 = datetime(2020, 12, 14, 12, 0, tzinfo=UTC)
SETTINGS = DedupeSettings()


def doc(
    item_id: int,
    title: str,
    summary: str = "",
    *,
    url: str = "",
    hours: float = 0.0,
    outlet: str = "outlet",
) -> StoryDoc:
    url = url or f"https://{outlet}.example/{item_id}"
    return StoryDoc(item_id, outlet, url, title, summary, T0 + timedelta(hours=hours))


# (id, first headline + lead, second headline + lead, same story?) — look-alikes from the issue
# and real pairs from tests/data/outlets (2020-12-14, 2017-01-07, 2015-03-16 captures).
PAIRS = [
    ("quake-country", ("Earthquake hits Japan", "A strong earthquake struck Japan on Monday."),
     ("Earthquake hits Taiwan", "A strong earthquake struck Taiwan on Monday."), False),
    ("stocks-direction", ("Stocks rise as inflation cools", "Markets gained on Friday."),
     ("Stocks fall as inflation heats up", "Markets lost ground on Friday."), False),
    ("age-differs", ("Former Liverpool manager Houllier dies aged 73", "He was a coach."),
     ("British spy novelist John le Carre dies aged 89", "He wrote thrillers."), False),
    ("draw-kind", ("Chelsea play Atletico in Champions League draw", "Last 16 draw made."),
     ("Man Utd face Sociedad in Europa League draw", "Last 32 draw made."), False),
    ("houllier", ("Former Liverpool manager Houllier dies aged 73",
                  "Former Liverpool manager Gerard Houllier has died at the age of 73."),
     ("Gérard Houllier, former Liverpool and France manager, dies aged 73",
      "Former Liverpool and France manager Gérard Houllier has died aged 73."), True),
    ("wall", ("Trump says Mexico would repay U.S. funds spent on border wall",
              "President-elect Donald Trump said Mexico would reimburse the United States."),
     ("World › Trump says Mexico would repay U.S. funds spent on border wall",
      "U.S. President-elect Donald Trump said on Friday Mexico would reimburse the U.S."), True),
    ("xu-caihou-cjk", ("中国前中央军委副主席徐才厚去世", "新华社报道，徐才厚因膀胱癌去世。"),
     ("中央军委原副主席徐才厚去世", "徐才厚因膀胱癌医治无效去世。"), True),
    ("programme-series-cjk", ("节目重温：记者来鸿（粤语）", "粤语节目。"),
     ("节目重温：科技脉搏（粤语）", "粤语节目。"), False),
    ("korean", ("북한 미사일 발사, 합참 발표", "합동참모본부는 북한이 미사일을 발사했다고 밝혔다."),
     ("합참 \"북한, 동해상으로 미사일 발사\"",
      "합참은 북한이 단거리 미사일을 발사했다고 밝혔다."), True),
    ("japanese", ("東京で震度5強の地震", "気象庁によると東京で震度5強を観測した。"),
     ("大阪で震度4の地震", "気象庁によると大阪で震度4を観測した。"), False),
]  # fmt: skip


@pytest.mark.parametrize(
    ("first", "second", "same"), [p[1:] for p in PAIRS], ids=[p[0] for p in PAIRS]
)
def test_look_alike_and_same_story_pairs(
    first: tuple[str, str], second: tuple[str, str], same: bool
) -> None:
    index = StoryIndex(SETTINGS)
    index.add(doc(1, *first, outlet="a"), story_id=7)
    decision = index.decide(doc(2, *second, outlet="b", hours=2))
    assert (decision.story_id == 7) is same, decision.explain()
    assert decision.rule == ("similar" if same else "new"), decision.explain()


SUFFIXES = [
    ("reuters", "Fed raises rates again to curb inflation - Reuters"),
    ("bbc-bar", "Fed raises rates again to curb inflation | BBC News"),
    ("ap-dash", "Fed raises rates again to curb inflation — The Associated Press"),
    ("case-punct", "FED RAISES RATES AGAIN, TO CURB INFLATION!"),
]


@pytest.mark.parametrize("title", [s[1] for s in SUFFIXES], ids=[s[0] for s in SUFFIXES])
def test_outlet_suffix_and_case_variants_share_the_headline(title: str) -> None:
    index = StoryIndex(SETTINGS)
    index.add(doc(1, "Fed raises rates again to curb inflation - WRAL News"), story_id=3)
    decision = index.decide(doc(2, title, hours=1))
    assert decision == MergeDecision(3, "same_headline", 1.0, 1)
    assert decision.explain() == "joined story 3: same headline as item 1"


def test_short_equal_headlines_do_not_merge_on_equality_alone() -> None:
    index = StoryIndex(SETTINGS)
    index.add(doc(1, "Opinion", "About taxes."), story_id=1)
    assert index.decide(doc(2, "Opinion", "About football.", hours=1)).rule == "new"


def test_same_link_with_a_different_headline_joins() -> None:
    index = StoryIndex(SETTINGS)
    url = "https://www.bbc.co.uk/news/uk-54373904"
    index.add(doc(1, "Postcode check: What are the rules in your area?", url=url), story_id=5)
    decision = index.decide(doc(2, "Lockdown rules: What Covid tier is your area in?", url=url))
    assert decision == MergeDecision(5, "same_link", 1.0, 1)
    assert decision.explain() == "joined story 5: same link as item 1"


WINDOW = [
    ("inside", 71.0, "same_headline"),
    ("edge", 72.0, "same_headline"),
    ("outside", 73.0, "new"),
    ("earlier-outside", -73.0, "new"),
]


@pytest.mark.parametrize(("hours", "rule"), [w[1:] for w in WINDOW], ids=[w[0] for w in WINDOW])
def test_headline_rule_is_limited_to_the_window(hours: float, rule: str) -> None:
    index = StoryIndex(SETTINGS)
    index.add(doc(1, "Electoral College voting begins across the US"), story_id=1)
    assert (
        index.decide(doc(2, "Electoral College voting begins across the US", hours=hours)).rule
        == rule
    )


def test_similar_rule_is_limited_to_the_window() -> None:
    first = ("Former Liverpool manager Houllier dies aged 73", "Gerard Houllier has died.")
    second = (
        "Gérard Houllier, former Liverpool and France manager, dies aged 73",
        "Houllier died.",
    )
    index = StoryIndex(SETTINGS)
    index.add(doc(1, *first), story_id=1)
    assert index.decide(doc(2, *second, hours=10)).rule == "similar"
    decision = index.decide(doc(2, *second, hours=100))
    assert decision.rule == "new"
    assert decision.explain() == "new story: no candidate within the window"


def test_explain_similar_and_below_threshold() -> None:
    index = StoryIndex(SETTINGS)
    index.add(doc(1, "Tilikum, 'Blackfish' orca that killed trainer, dies at SeaWorld"), story_id=4)
    joined = index.decide(doc(2, "Tilikum, the Blackfish orca that killed a trainer, dies"))
    assert joined.rule == "similar"
    assert joined.explain() == (
        f"joined story 4: headline+lead similarity {joined.score:.2f} ≥ 0.50 with item 1"
    )
    weak = index.decide(doc(3, "SeaWorld attendance falls in Orlando parks"))
    assert weak.rule == "new"
    assert weak.score < 0.5
    assert weak.explain() == f"new story: best similarity {weak.score:.2f} < 0.50 (item 1)"


def test_explain_names_the_veto() -> None:
    index = StoryIndex(SETTINGS)
    index.add(doc(1, "Former Liverpool manager Houllier dies aged 73"), story_id=1)
    decision = index.decide(doc(2, "Former Liverpool manager Houllier dies aged 74"))
    assert decision.rule == "new"
    assert decision.veto == "numbers differ: 74 vs 73"
    assert decision.explain() == (
        f"new story: item 1 scored {decision.score:.2f} but numbers differ: 74 vs 73"
    )


def test_best_candidate_wins_and_vetoed_one_is_skipped() -> None:
    index = StoryIndex(SETTINGS)
    index.add(doc(1, "Stocks fall sharply as bank shares slide on Wall Street"), story_id=1)
    index.add(doc(2, "Stocks rise sharply as bank shares climb on Wall Street"), story_id=2)
    index.add(doc(3, "Weather forecast for the weekend"), story_id=3)
    decision = index.decide(doc(4, "Stocks rise sharply as bank shares climb on Wall Street today"))
    assert decision.story_id == 2
    assert decision.matched_item_id == 2


CONFLICTS = [
    ("numbers", "Five dead in airport shooting", "Six dead in airport shooting", "numbers differ"),
    ("antonym", "Stocks rise as inflation cools", "Stocks fall as inflation heats up", "opposite"),
    ("antonym-reverse", "Court rejects appeal", "Court approves appeal", "opposite"),
    (
        "names",
        "Earthquake hits northern Japan",
        "Earthquake hits northern Taiwan",
        "different names",
    ),
    (
        "same-number",
        "5 dead in Fort Lauderdale shooting",
        "Five dead in Fort Lauderdale airport shooting",
        None,
    ),
    ("title-case", "Oil Tanker at Saudi Port Is Attacked", "Tanker Attacked in Jeddah Port", None),
]


@pytest.mark.parametrize(
    ("a", "b", "reason"), [c[1:] for c in CONFLICTS], ids=[c[0] for c in CONFLICTS]
)
def test_conflict_rules(a: str, b: str, reason: str | None) -> None:
    from bot.core.similarity import Features

    found = conflict(Features.of(a, "", 300), Features.of(b, "", 300))
    assert (found is None) if reason is None else (found is not None and found.startswith(reason))


def test_headline_key_keeps_a_lowercase_tail() -> None:
    assert headline_key("Brexit - what next?") == "brexit what next"
    assert headline_key("Fed raises rates - The Associated Press") == "fed raises rates"


def test_text_features() -> None:
    assert tokens("徐才厚去世") == {"徐才", "才厚", "厚去", "去世"}
    assert tokens("中 国") == {"中", "国"}
    assert tokens("The Stories of Gérard") == {"stor", "gerard"}
    assert numbers("3,000 people and twelve boats, 1.5%") == {"3000", "12", "1.5"}
    assert names("Earthquake hits Japan: Tokyo shaken, says Kishida") == {"japan", "kishida"}
    assert names("Oil Tanker at Saudi Port Is Attacked") == frozenset()


def test_evict_older_than_drops_docs_and_their_lookups() -> None:
    index = StoryIndex(SETTINGS)
    index.add(doc(1, "Electoral College voting begins across the US", hours=-100), story_id=1)
    index.add(doc(2, "Electoral College voting begins across the US", hours=-99.5), story_id=1)
    index.add(doc(3, "Another story about something else entirely", hours=0), story_id=2)
    assert len(index) == 3
    assert index.evict_older_than(T0 - timedelta(hours=99.7)) == 1
    assert index.evict_older_than(T0 - timedelta(hours=72)) == 1
    assert len(index) == 1
    assert index.decide(doc(4, "x", url="https://outlet.example/1", hours=-99)).rule == "new"
    assert index.evict_older_than(T0 - timedelta(hours=72)) == 0


def test_link_survives_eviction_of_its_first_item_and_empty_links_never_match() -> None:
    index = StoryIndex(SETTINGS)
    url = "https://outlet.example/story"
    index.add(doc(1, "First version of the headline here", url=url, hours=-80), story_id=1)
    index.add(doc(2, "Second version of that headline", url=url, hours=-1), story_id=1)
    index.add(StoryDoc(3, "feed", "", "A headline with no link at all", "", T0), story_id=2)
    assert index.evict_older_than(T0 - timedelta(hours=72)) == 1
    assert index.decide(doc(4, "Third version", url=url)).matched_item_id == 2
    blank = index.decide(StoryDoc(5, "feed", "", "Unrelated words entirely", "", T0))
    assert blank.rule == "new"
    assert index.evict_older_than(T0 + timedelta(hours=1)) == 2
    assert len(index) == 0


def test_re_adding_an_item_replaces_it() -> None:
    index = StoryIndex(SETTINGS)
    index.add(doc(1, "Electoral College voting begins across the US"), story_id=1)
    index.add(doc(1, "Electoral College voting begins across the US"), story_id=9)
    assert len(index) == 1
    assert index.decide(doc(2, "Electoral College voting begins across the US")).story_id == 9


def test_candidate_lookup_is_capped() -> None:
    index = StoryIndex(DedupeSettings(max_candidates=3))
    for n in range(10):
        index.add(doc(n, f"Storm report number {n} from the coast", hours=n / 10), story_id=n)
    decision = index.decide(doc(99, "Storm report from the coast today", hours=1))
    assert decision.matched_item_id in {7, 8, 9}


FULL = "x" * 80
LEADS = [
    ("complete-beats-earlier",
     [(1, "Short", "", 0), (2, "A complete headline here", FULL, 1)], 2),
    ("earlier-on-tie",
     [(1, "A complete headline here", FULL, 2), (2, "A complete headline too", FULL, 1)], 2),
    ("mojibake-loses",
     [(1, "Japan â€º a headline here", FULL, 0), (2, "Japan: a headline here", FULL, 1)], 2),
]  # fmt: skip


@pytest.mark.parametrize(("rows", "lead"), [c[1:] for c in LEADS], ids=[c[0] for c in LEADS])
def test_choose_lead(rows: list[tuple[int, str, str, int]], lead: int) -> None:
    docs = [doc(i, title, summary, hours=h) for i, title, summary, h in rows]
    assert choose_lead(docs) == lead


def test_choose_lead_needs_docs() -> None:
    with pytest.raises(ValueError, match="at least one"):
        choose_lead([])


def test_group_gives_fresh_ids_in_order() -> None:
    docs = [
        doc(10, "Electoral College voting begins across the US"),
        doc(11, "Weather forecast for the weekend ahead", hours=1),
        doc(12, "Electoral College voting begins across the US - CNN", hours=2),
    ]
    assert group(docs, SETTINGS) == {10: 1, 11: 2, 12: 1}


# --- properties -----------------------------------------------------------------------------

WORDS = ["storm", "Japan", "vote", "rates", "court", "Paris", "fire", "talks", "deal", "strike"]
titles = st.lists(st.sampled_from(WORDS), min_size=1, max_size=7).map(" ".join)
docs_strategy = st.lists(
    st.tuples(titles, st.integers(0, 4), st.integers(0, 200)), min_size=1, max_size=25
)


def _docs(rows: list[tuple[str, int, int]]) -> list[StoryDoc]:
    return [
        doc(n, title, url=f"https://x.example/{link}", hours=hour)
        for n, (title, link, hour) in enumerate(rows)
    ]


@given(docs_strategy)
def test_every_item_lands_in_exactly_one_story(rows: list[tuple[str, int, int]]) -> None:
    docs = _docs(rows)
    stories = group(docs, SETTINGS)
    assert sorted(stories) == [d.item_id for d in docs]
    assert set(stories.values()) == set(range(1, len(set(stories.values())) + 1))


def _partition(stories: dict[int, int]) -> set[frozenset[int]]:
    members: dict[int, set[int]] = {}
    for item_id, story in stories.items():
        members.setdefault(story, set()).add(item_id)
    return {frozenset(m) for m in members.values()}


@given(
    st.lists(st.tuples(st.integers(0, 5), st.integers(0, 5)), min_size=1, max_size=20), st.randoms()
)
def test_exact_key_grouping_ignores_arrival_order(
    pairs: list[tuple[int, int]], rnd: random.Random
) -> None:
    """With only links and distinct long headlines, groups are the connected components."""
    headlines = [f"Headline number {k} about topic {k} in full {k}" for k in range(6)]
    docs = [
        doc(n, headlines[h], url=f"https://x.example/{link}", hours=n % 3)
        for n, (link, h) in enumerate(pairs)
    ]
    shuffled = docs[:]
    rnd.shuffle(shuffled)
    assert _partition(group(docs, SETTINGS)) == _partition(group(shuffled, SETTINGS))


@given(st.text(max_size=80))
def test_headline_key_is_idempotent(title: str) -> None:
    assert headline_key(headline_key(title)) == headline_key(title)
