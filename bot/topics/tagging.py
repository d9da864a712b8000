"""Tagging stored stories with a topic that was just created or changed (issue 5).

New items are tagged as they are placed (``bot.stories.book``); a new or changed topic is matched
once against the stories of the last ``RETAG_WINDOW`` so its recent news reaches the digests that
subscribe to it. Stories that matched before keep their hit numbers (``replace_topic_hits``), so
nothing already considered by a digest comes back.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.core.match import TopicIndex
from bot.core.query import Query
from bot.storage import Store

RETAG_WINDOW = timedelta(days=7)
"""How far back a new or changed topic is matched against stored stories."""


async def retag_topic(store: Store, key: str, query: Query | None, now: datetime) -> int:
    """Recompute one topic's hits over recent stories (it was created, changed or removed)."""
    if query is None:
        await store.delete_topic_hits(key)
        return 0
    single = TopicIndex.compile({key: query})
    found: dict[int, list[str]] = {}
    for story_id, title, summary in await store.recent_story_texts(now - RETAG_WINDOW):
        for terms in single.match(title, summary).values():
            bucket = found.setdefault(story_id, [])
            bucket.extend(t for t in terms if t not in bucket)
    await store.replace_topic_hits(key, [(s, tuple(t)) for s, t in found.items()])
    return len(found)
