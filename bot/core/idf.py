"""The bot's own rolling corpus statistics: how many *stories* in the window use each word.

Why: whether a shared word is evidence depends on how many other events use it *now*. "Kishida",
"le Carré" or "melioidosis" are in a handful of the last days' stories and weigh a lot; "says",
"new", "Gaza" during a war are everywhere and weigh little. A fixed word list cannot know that,
and an IDF table trained elsewhere goes stale in a week. So the counts are kept incrementally:
``add`` when an item enters the story index, ``remove`` when it is evicted, nothing else. The
store's window rebuilds them at start (``bot.stories.StoryBook``).

Why stories and not items (issue 14, measured in ``bench/story_quality.py``): a big event makes
its own words common. On the day of the Rafah strike forty items say "Rafah"; counted per item,
the word that identifies the event looks as weak as "Israel", and two reports of it stop looking
alike exactly when most reports are written. Counted per story, the burst is one or a few
stories, so "Rafah" stays rare while "Israel", used by dozens of different stories, stays common.
``bot.core.story_memory`` tells this class when a story gains its first holder of a word or loses
its last. On the development corpus this raised recall at equal precision by several points.

``caps`` counts, per token, the items that write it only with a capital letter: the share
``caps / items`` says how name-like a token is across outlets (see ``bot.core.similarity``).

IDF is ``ln((N + 1) / (sf + 1))`` over the N stories holding items in the window, N floored at
``MIN_DOCS`` so that the first items after a start (an empty corpus) are not all "rare": until
the corpus is big enough a token seen once weighs like one seen once in ``MIN_DOCS`` stories.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import NamedTuple


class Table(NamedTuple):
    """The weights of one decision, for loops that inline ``RollingIdf.weight``.

    A token's weight is ``log_docs - ln(sf + 1)``, never below 0; ``ell`` holds ``ln(sf + 1)``
    of every token in the window (0 for any other), kept as the counts change, so that sums of
    weights over a token list run in C (``bot.core.evidence.measure``). ``sf <= N`` (a token is
    in at most every story), so the floor at 0 only holds a weight at 0, never lifts one.
    """

    sf: Mapping[str, int]  # stories per token
    log_docs: float
    ell: Mapping[str, float]


MIN_DOCS = 500  # below this, every item would look rare; ~ one busy hour of a few dozen feeds
_LOG_CACHE = 4096


class RollingIdf:
    """Per token: items holding it, stories holding it, items writing it capitalized."""

    __slots__ = ("_caps", "_df", "_ell", "_logs", "_sf", "docs", "stories")

    def __init__(self) -> None:
        self._df: dict[str, int] = {}
        self._sf: dict[str, int] = {}
        self._ell: dict[str, float] = {}  # ln(sf + 1) of every token with sf > 0 (``table``)
        self._caps: dict[str, int] = {}
        self.docs = 0
        self.stories = 0
        self._logs = [math.log(n + 1) for n in range(_LOG_CACHE)]

    def add(
        self,
        tokens: Iterable[str],
        caps: Iterable[str],
        story_gains: Iterable[str],
        new_story: bool,
    ) -> None:
        """One item enters: its tokens, its capitalized ones, the tokens its story gains."""
        df = self._df
        for token in tokens:
            df[token] = df.get(token, 0) + 1
        counts = self._caps
        for token in caps:
            counts[token] = counts.get(token, 0) + 1
        self._gain(story_gains)
        self.docs += 1
        self.stories += new_story

    def remove(
        self,
        tokens: Iterable[str],
        caps: Iterable[str],
        story_losses: Iterable[str],
        story_gone: bool,
    ) -> None:
        """The reverse of ``add``."""
        for counts, keys in ((self._df, tokens), (self._caps, caps)):
            for token in keys:
                left = counts[token] - 1
                if left:
                    counts[token] = left
                else:
                    del counts[token]
        self._lose(story_losses)
        self.docs -= 1
        self.stories -= story_gone

    def shift(self, story_gains: Iterable[str], story_losses: Iterable[str], stories: int) -> None:
        """An item moved between stories: one story gains tokens, another loses them, and the
        number of stories changes by ``stories``."""
        self._gain(story_gains)
        self._lose(story_losses)
        self.stories += stories

    def _gain(self, tokens: Iterable[str]) -> None:
        sf, ell, logs = self._sf, self._ell, self._logs
        for token in tokens:
            n = sf.get(token, 0) + 1
            sf[token] = n
            ell[token] = logs[n] if n < _LOG_CACHE else math.log(n + 1)

    def _lose(self, tokens: Iterable[str]) -> None:
        sf, ell, logs = self._sf, self._ell, self._logs
        for token in tokens:
            n = sf[token] - 1
            if n:
                sf[token] = n
                ell[token] = logs[n] if n < _LOG_CACHE else math.log(n + 1)
            else:
                del sf[token], ell[token]

    def table(self, log_docs: float) -> Table:
        """What a hot loop needs to inline ``weight`` (``Table``)."""
        return Table(self._sf, log_docs, self._ell)

    def df(self, token: str) -> int:
        """Stories holding ``token`` (the count the weights use)."""
        return self._sf.get(token, 0)

    def items(self, token: str) -> int:
        """Items holding ``token``."""
        return self._df.get(token, 0)

    def log_docs(self) -> float:
        """``ln(N + 1)``: call once per decision, then ``weight(token, log_docs)``."""
        return math.log(max(self.stories, MIN_DOCS) + 1)

    def weight(self, token: str, log_docs: float) -> float:
        """IDF of ``token`` given ``log_docs`` from ``log_docs()``; never below 0."""
        log_df = self._ell.get(token, 0.0)
        return log_docs - log_df if log_docs > log_df else 0.0

    def name_share(self, token: str, capitalized: bool | None = None) -> float:
        """Share of the items holding ``token`` that write it only capitalized.

        ``capitalized`` counts one more item, not yet in the corpus, that writes it so (True)
        or not (False); None counts only the corpus (0 for an unseen token).
        """
        n = self._df.get(token, 0)
        caps = self._caps.get(token, 0)
        if capitalized is not None:
            n, caps = n + 1, caps + capitalized
        return caps / n if n else 0.0

    def __len__(self) -> int:
        return len(self._df)
