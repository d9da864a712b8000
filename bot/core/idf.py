"""The bot's own rolling corpus statistics: document frequencies over the items in the window.

Why: whether a shared word is evidence depends on how many other items use it *now*. "Kishida",
"le Carré" or "melioidosis" are in a handful of the last days' items and weigh a lot; "says",
"new", "Gaza" during a war are everywhere and weigh little. A fixed word list cannot know that,
and an IDF table trained elsewhere goes stale in a week. So the counts are kept incrementally:
``add`` when an item enters the story index, ``remove`` when it is evicted, nothing else. The
store's window rebuilds them at start (``bot.stories.StoryBook``).

``caps`` counts, per token, the items that write it only with a capital letter: the share
``caps / df`` says how name-like a token is across outlets (see ``bot.core.similarity``).

IDF is ``ln((N + 1) / (df + 1))`` with N floored at ``MIN_DOCS`` so that the first items after a
start (an empty corpus) are not all "rare": until the corpus is big enough a token seen once
weighs like one seen once in ``MIN_DOCS`` items.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence

MIN_DOCS = 500  # below this, every item would look rare; ~ one busy hour of a few dozen feeds
_LOG_CACHE = 4096


class RollingIdf:
    """Document frequencies of tokens over the items currently in the window."""

    __slots__ = ("_caps", "_df", "_logs", "docs")

    def __init__(self) -> None:
        self._df: dict[str, int] = {}
        self._caps: dict[str, int] = {}
        self.docs = 0
        self._logs = [math.log(n + 1) for n in range(_LOG_CACHE)]

    def add(self, tokens: Iterable[str], caps: Iterable[str]) -> None:
        df = self._df
        for token in tokens:
            df[token] = df.get(token, 0) + 1
        counts = self._caps
        for token in caps:
            counts[token] = counts.get(token, 0) + 1
        self.docs += 1

    def remove(self, tokens: Iterable[str], caps: Iterable[str]) -> None:
        for counts, keys in ((self._df, tokens), (self._caps, caps)):
            for token in keys:
                left = counts[token] - 1
                if left:
                    counts[token] = left
                else:
                    del counts[token]
        self.docs -= 1

    def table(self, log_docs: float) -> tuple[Mapping[str, int], Sequence[float], float]:
        """(df, ln(n + 1) for small n, ``log_docs``): for a hot loop that inlines ``weight``."""
        return self._df, self._logs, log_docs

    def df(self, token: str) -> int:
        return self._df.get(token, 0)

    def log_docs(self) -> float:
        """``ln(N + 1)``: call once per decision, then ``weight(token, log_docs)``."""
        return math.log(max(self.docs, MIN_DOCS) + 1)

    def weight(self, token: str, log_docs: float) -> float:
        """IDF of ``token`` given ``log_docs`` from ``log_docs()``; never below 0."""
        n = self._df.get(token, 0)
        log_df = self._logs[n] if n < _LOG_CACHE else math.log(n + 1)
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
