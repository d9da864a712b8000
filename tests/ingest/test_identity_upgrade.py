"""Issue 16's identity rules reach a database written by the release before them.

``tests/data/db/release-dd6353c.sqlite`` was written by that release's own code (see the README
beside it). Opened by this code it migrates to the relaxed link index; re-saving the same
documents recognizes every item stored then (same item ids, no second copy) and only adds the
entries the old rules had merged away.
"""

from __future__ import annotations

import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.core.model import FeedStatus
from bot.ingest.parser_pool import parse_document
from bot.storage import FeedUpdate, Store, load_migrations
from tests.paths import DATA

RELEASE_DB = DATA / "db" / "release-dd6353c.sqlite"
NOW = datetime(2030, 1, 1, tzinfo=UTC)
FRAGMENTS = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
<item><title>Morning post</title><link>http://log.example/2017/06/26.html#a1</link></item>
<item><title>Evening post</title><link>http://log.example/2017/06/26.html#a2</link></item>
</channel></rss>"""
# (feed id in the release DB, document, entries with their own identity)
DOCUMENTS = [
    (1, "readers/netnewswire/scriptingNews.rss", 48),
    (2, "readers/rss-parser/itunes-missing-image.rss", 130),
    (3, "readers/netnewswire/DaringFireball.atom", 48),
    # the release stored one listing as a second source of its same-titled neighbour: that
    # source keeps pointing where it did (a stored identity is never re-read as new)
    (4, "readers/rss-parser/craigslist.rss", 24),
    (5, "readers/feed-rs/rss_2.0_spec_1.xml", 2),
    (6, None, 2),
]


def ok(at: datetime) -> FeedUpdate:
    return FeedUpdate(fetched_at=at, next_fetch_at=at, status=FeedStatus.OK)


@pytest.fixture
def release_db(tmp_path: Path) -> Path:
    path = tmp_path / "bot.db"
    shutil.copyfile(RELEASE_DB, path)
    return path


async def test_the_release_database_migrates_and_keeps_every_source(release_db: Path) -> None:
    async with await Store.open(release_db) as store:
        assert await store.schema_version() == load_migrations()[-1].version
        assert await store.count_items() == 89
        sources = await store._fetchall("SELECT feed_id, identity, item_id FROM item_sources")
        assert len(sources) == 90


@pytest.mark.parametrize(
    ("feed_id", "document", "expected"), DOCUMENTS, ids=[str(d[1]) for d in DOCUMENTS]
)
async def test_upgrade_stores_what_was_lost_and_nothing_twice(
    release_db: Path, feed_id: int, document: str | None, expected: int
) -> None:
    body = FRAGMENTS if document is None else (DATA / document).read_bytes()
    async with await Store.open(release_db) as store:
        feed = await store.get_feed(feed_id)
        assert feed is not None
        before = {
            (r[0], r[1])
            for r in await store._fetchall(
                "SELECT identity, item_id FROM item_sources WHERE feed_id = ?", (feed_id,)
            )
        }
        later = NOW + timedelta(days=30)  # far past the 48 h title window: identity must match
        doc = parse_document(body, {}, feed.url, later, 100_000)
        saved = await store.save_fetch(feed_id, doc.items, ok(later))
        after = {
            (r[0], r[1])
            for r in await store._fetchall(
                "SELECT identity, item_id FROM item_sources WHERE feed_id = ?", (feed_id,)
            )
        }
        old_items = {item_id for _, item_id in before}
        assert before <= after, "every source written by the release still points where it did"
        assert not {s.id for s in saved.new_items} & old_items
        assert len({item_id for _, item_id in after}) == expected
        assert saved.known + len(saved.new_items) == len(doc.items)
        again = await store.save_fetch(feed_id, doc.items, ok(later + timedelta(hours=1)))
        assert again.new_items == ()
