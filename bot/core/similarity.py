"""Text features for grouping the same story from different outlets (issue 4).

Why a module of its own: ``dedupe`` decides *which* stored item a new one joins; this module only
says how alike two headlines (plus lead paragraphs) are, and whether they contradict each other.

- **Tokens.** Latin, Cyrillic, Greek, ... text is split into words, accents stripped, lightly
  stemmed ("dies"/"died" -> "di"), stopwords dropped. Chinese, Japanese and Korean runs have no
  spaces, so they become character bigrams ("徐才厚去世" -> 徐才 才厚 厚去 去世); a one-character
  run is kept as itself.
- **Similarity** is a weighted Jaccard over those tokens, the weights being IDF-like values the
  caller computes from its own document frequencies, so words every headline shares ("covid",
  "trump", "says") count little and names count a lot. rapidfuzz's ``token_sort_ratio`` on the
  headline keys adds the string-similarity view (word order, near-identical rewrites).
- **Conflicts veto a merge** however similar the wording: different numbers ("dies aged 73" vs
  "dies aged 89"), opposite verbs ("stocks rise" vs "stocks fall"), or names each headline has and
  the other item never mentions ("Earthquake hits Japan" vs "Earthquake hits Taiwan").
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from rapidfuzz import fuzz

_CJK = "\u1100-\u11ff\u3040-\u30ff\u3131-\u318e\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
_RUN = re.compile(rf"(?P<cjk>[{_CJK}]+)|(?P<word>[^\W\d_{_CJK}]+)")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_WORD = re.compile(rf"[^\W\d_{_CJK}][\w'’]*")
# A trailing " - Reuters", " | BBC News", " — The Associated Press": at most 5 capitalized words
# after a dash or bar, as Google News and outlets append (tests/data/outlets/google-news-1.xml).
_OUTLET_SUFFIX = re.compile(
    r"\s+[-–—|]\s+(?:(?:[A-Z0-9][^\s\-–—|?!]*|and|of|the|de|&)\s?){1,5}$"
)  # capitalized words only, so "Brexit - what next?" keeps its tail

_STOPWORD_TEXT = """a about after again against all also am amid an and any are as at be been
    before being but by can could did do does for from had has have he her his how i if in into
    is it its just may more most new no not of off on once only or other our out over says said
    she so some such than that the their them then there these they this those to too under up upon
    us was we were what when where which while who whom why will with would you your
    le la les de des du un une et en au aux pour par sur est der die das und ein eine mit von zu"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())
_NUMBER_WORDS = {
    "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7",
    "eight": "8", "nine": "9", "ten": "10", "eleven": "11", "twelve": "12",
}  # fmt: skip
# Opposite-meaning word families: a headline using one side and another using the other side
# report different events even when every other word is shared.
ANTONYMS: tuple[tuple[frozenset[str], frozenset[str]], ...] = tuple(
    (frozenset(a.split()), frozenset(b.split()))
    for a, b in (
        ("rise rises rising rose risen", "fall falls falling fell fallen drop drops dropped"),
        ("up", "down"),
        ("win wins winning won victory", "lose loses losing lost defeat"),
        ("approve approves approved approval", "reject rejects rejected rejection"),
        ("gain gains gained", "loss losses"),
        ("increase increases increased", "decrease decreases decreased"),
        ("higher", "lower"),
        ("open opens opened reopen reopens", "close closes closed shut"),
        ("pass passes passed", "fail fails failed"),
        ("acquit acquits acquitted", "convict convicts convicted"),
        ("surge surges surged soar soars", "plunge plunges plunged slump slumps"),
        ("cool cools cooled cooling", "heat heats heated heating"),
        ("raise raises raised hike hikes", "cut cuts lower lowers"),
        ("lift lifts lifted", "impose imposes imposed"),
        ("resume resumes resumed", "suspend suspends suspended halt halts halted"),
    )
)


def headline_key(title: str) -> str:
    """Normalized headline: NFKC, casefold, outlet suffix and punctuation removed.

    The contract of ``bot.core.normalize.headline_key``; idempotent because the suffix rule needs
    a dash or bar, and the first pass removes them all.
    """
    text = unicodedata.normalize("NFKC", title).strip()
    text = _OUTLET_SUFFIX.sub("", text).casefold()
    text = "".join(" " if unicodedata.category(ch)[0] in "PSZC" else ch for ch in text)
    return " ".join(text.split())


def _fold(word: str) -> str:
    if word.isascii():
        return word
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _stem(word: str) -> str:
    for suffix, keep in (("ies", 3), ("ing", 4), ("ed", 4), ("es", 4), ("s", 3)):
        if word.endswith(suffix) and len(word) - len(suffix) >= keep and not word.endswith("ss"):
            return word[: -len(suffix)]
    return word


def tokens(text: str) -> frozenset[str]:
    """Content tokens of ``text``: stemmed words, CJK character bigrams; stopwords dropped."""
    out: set[str] = set()
    for match in _RUN.finditer(unicodedata.normalize("NFKC", text).casefold()):
        run = match.group()
        if match.lastgroup == "cjk":
            out.update(run[i : i + 2] for i in range(max(1, len(run) - 1)))
        elif len(run) > 1 and run not in STOPWORDS:
            out.add(_stem(_fold(run)))
    return frozenset(map(sys.intern, out))  # one copy of each token across 100k indexed docs


def numbers(text: str) -> frozenset[str]:
    """Numbers in ``text`` (digits, and English number words up to twelve)."""
    found = {
        m.group().replace(",", "") for m in _NUMBER.finditer(unicodedata.normalize("NFKC", text))
    }
    words = (w.casefold() for w in _WORD.findall(text))
    found.update(_NUMBER_WORDS[w] for w in words if w in _NUMBER_WORDS)
    return frozenset(found)


def names(title: str) -> frozenset[str]:
    """Capitalized words not at the start of the headline or of a clause, as tokens.

    Title-case headlines ("Oil Tanker at Saudi Port Is Attacked") capitalize everything, so they
    yield no names rather than treating every word as one.
    """
    text = unicodedata.normalize("NFKC", title)
    found: set[str] = set()
    long_words = capitalized = 0
    for clause in re.split(r"[:;?!.|–—]\s|\s-\s|['‘’\"“”]", text):
        for position, word in enumerate(_WORD.findall(clause)):
            upper = word[0].isupper()
            if len(word) > 3:
                long_words += 1
                capitalized += upper
            if position and upper and word.casefold() not in STOPWORDS:
                found.update(tokens(word))
    if long_words and capitalized / long_words >= 0.7:
        return frozenset()
    return frozenset(found)


def antonym_words(title: str) -> frozenset[str]:
    """The casefolded words of ``title`` that belong to an antonym family."""
    families = {word for pair in ANTONYMS for side in pair for word in side}
    return frozenset(w for w in (x.casefold() for x in _WORD.findall(title)) if w in families)


@dataclass(frozen=True, slots=True)
class Features:
    """What similarity needs of one item; small, so an index can hold 100k of them."""

    key: str
    head: frozenset[str]
    body: frozenset[str]  # headline and lead tokens together
    numbers: frozenset[str]
    names: frozenset[str]
    polar: frozenset[str]

    @classmethod
    def of(cls, title: str, summary: str, lead_chars: int) -> Features:
        title = _OUTLET_SUFFIX.sub("", unicodedata.normalize("NFKC", title).strip())
        key = headline_key(title)
        head = tokens(title)
        lead = summary[:lead_chars]
        return cls(
            key, head, head | tokens(lead), numbers(title), names(title), antonym_words(title)
        )


Weight = Callable[[str], float]


def weighted_jaccard(a: frozenset[str], b: frozenset[str], weight: Weight) -> float:
    """Sum of weights of shared tokens over the sum of weights of all tokens (0 when empty)."""
    shared = union = 0.0
    for token in a | b:
        value = weight(token)
        union += value
        if token in a and token in b:
            shared += value
    return shared / union if union else 0.0


def similarity(
    a: Features, b: Features, weight: Weight, min_head_tokens: int = 4, floor: float = 0.0
) -> float:
    """Headline-plus-lead similarity in [0, 1].

    The mean of three views: weighted overlap of the headlines, weighted overlap of headline and
    lead together, and rapidfuzz's token-sort ratio of the two headline keys. When a headline has
    fewer than ``min_head_tokens`` tokens it is likely a rubric ("Opinion", "Live updates"), so
    only the headline-plus-lead overlap counts. When even a perfect string match could not lift
    the score to ``floor``, the string view is skipped and the lower bound returned.
    """
    if min(len(a.head), len(b.head)) < min_head_tokens:
        return weighted_jaccard(a.body, b.body, weight)
    head = weighted_jaccard(a.head, b.head, weight)
    body = weighted_jaccard(a.body, b.body, weight)
    if (head + body + 1.0) / 3.0 < floor:
        return (head + body) / 3.0
    text = fuzz.token_sort_ratio(a.key, b.key) / 100.0
    return (head + body + text) / 3.0


def conflict(a: Features, b: Features) -> str | None:
    """Why ``a`` and ``b`` cannot be the same story, or None when nothing contradicts."""
    if a.numbers and b.numbers and not a.numbers & b.numbers:
        return f"numbers differ: {' '.join(sorted(a.numbers))} vs {' '.join(sorted(b.numbers))}"
    for left, right in ANTONYMS:
        for x, y in ((a.polar, b.polar), (b.polar, a.polar)):
            if x & left and y & right and not x & right and not y & left:
                return f"opposite words: {min(x & left)} vs {min(y & right)}"
    only_a, only_b = a.names - b.body, b.names - a.body
    if only_a and only_b:
        return f"different names: {min(only_a)} vs {min(only_b)}"
    return None
