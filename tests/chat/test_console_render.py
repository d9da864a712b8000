"""The console's plain-text digest: what each story shows, in which order."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.chat.console import render_text
from bot.core.model import ChannelRef, Digest, DigestEntry, DigestSection, Source

AT = datetime(2024, 5, 27, 9, 30, tzinfo=UTC)


def _entry(story_id: int, title: str, terms: tuple[str, ...]) -> DigestEntry:
    return DigestEntry(
        story_id=story_id,
        title=title,
        url=f"https://news.example/{story_id}",
        summary="",
        outlets=("Wire",),
        published_at=AT,
        matched_terms=terms,
        sources=(Source("Wire", f"https://news.example/{story_id}"),),
    )


def _digest(more: int) -> Digest:
    entries = (
        _entry(1, "Japan and South Korea hold talks", ("japan", "korea")),
        _entry(2, "Seoul and Tokyo agree on a hotline", ("seoul", "tokyo")),
    )
    section = DigestSection("japan-korea", entries, more=more)
    return Digest("d1", ChannelRef("console", "desk"), AT, None, "UTC", (section,))


@pytest.mark.parametrize("more", [0, 3])
def test_every_story_says_which_terms_matched_under_its_own_title(more: int) -> None:
    """The matched terms belong to each story, with or without stories cut by the caps (they
    were shown only for the last story, and only when the caps cut some)."""
    lines = render_text(_digest(more)).splitlines()
    first = lines.index(" 1. Japan and South Korea hold talks")
    second = lines.index(" 2. Seoul and Tokyo agree on a hotline")
    assert lines.index("    matched: japan, korea") in range(first, second)
    assert lines.index("    matched: seoul, tokyo") > second
    cut = [line for line in lines if "more stories on this topic" in line]
    assert cut == (["    …and 3 more stories on this topic"] if more else [])
    if more:
        assert lines[-1] == cut[0]  # the count closes the topic, after its last story


def test_a_story_shows_each_matched_word_once() -> None:
    """A topic lists a word, its possessive and its prefix; one mention matched all three."""
    entry = _entry(1, "Russia strikes Kharkiv", ("Kharkiv", "Ukraine", "Ukraine's", "Ukrain*"))
    section = DigestSection("russia-ukraine", (entry,), more=0)
    digest = Digest("d2", ChannelRef("console", "desk"), AT, None, "UTC", (section,))
    assert "    matched: Kharkiv, Ukraine" in render_text(digest).splitlines()
