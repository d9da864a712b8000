"""Moving to PostgreSQL: every table of a SQLite file copied, and safe to run again (issue 18).

The file is a real one (``tests/data/db/release-dd6353c.sqlite``: 89 items the release before
issue 16 stored from real feeds), upgraded by opening it, with stories, topic hits, a channel,
digests, a split, a merge and metadata added through the store, so every table holds rows.
"""

from __future__ import annotations

import os
import shutil
from datetime import timedelta
from pathlib import Path

import pytest

from bot.core.model import ChannelRef, TopicRecord
from bot.storage import DigestClaim, Store, StoreError, StoryAssignment, StorySplit, open_store
from tests.conftest import DATA
from tests.storage.rig import NOW

if not os.environ.get("CI"):  # in CI a missing driver fails here instead (tests/pg.py)
    pytest.importorskip("asyncpg", reason="the [postgres] extra is not installed")
from bot.storage.postgres import from_sqlite
from bot.storage.postgres.from_sqlite import TABLES, copy_sqlite_to_postgres

DESK = ChannelRef("console", "desk")
TOPIC = TopicRecord("apple", "apple", "", "apple OR mac*", "", "user")


def _placed(item_id: int, story_id: int, lead: int, n: int, outlet: str) -> StoryAssignment:
    joined = item_id != lead
    return StoryAssignment(
        item_id=item_id, story_id=story_id, new_story=not joined, lead_item_id=lead,
        rule="same event" if joined else "new", score=0.5 + n / 10,
        matched_item_id=lead if joined else None, note=f"note {n}", first_seen_at=NOW,
        published_at=NOW - timedelta(hours=n), backlog=n % 2 == 0, outlet=outlet,
        lead_outlet=outlet,
    )  # fmt: skip


async def _fill(store: Store) -> None:
    """Stories for every item (one per feed), hits, a channel, digests, a split, a merge, meta."""
    feeds = await store.list_feeds()
    items = {f.id: await store.item_ids_for_feed(f.id) for f in feeds}
    first = await store.reserve_story_ids(len(feeds))
    assignments = [
        _placed(item_id, first + n, items[feed.id][0], n, feed.name)
        for n, feed in enumerate(feeds)
        for item_id in items[feed.id]
    ]
    hits = [(first + n, TOPIC.key, ("apple", "mac")) for n in range(len(feeds))]
    await store.save_story_assignments(assignments, hits, NOW)
    await store.upsert_topic(TOPIC, NOW)
    await store.ensure_channel(DESK, timezone="Asia/Seoul", schedule="08:00", now=NOW)
    await store.subscribe(DESK, [TOPIC.key], NOW)
    seq = await store.last_hit_seq()
    await store.record_digest(
        "d1", DESK, slot_key="2026-11-25T08:00", created_at=NOW, until_seq=seq, content='{"a":1}',
        story_ids=[first], dropped={first + 1: "too old"}, after_n=0,
    )  # fmt: skip
    await store.mark_part_sent("d1", 0, "m1")
    await store.mark_delivered("d1", NOW + timedelta(minutes=1))
    await store.record_digest(
        "d2", DESK, slot_key=None, created_at=NOW, until_seq=seq, content="{}",
        story_ids=[first + 2], after_n=1, claim=DigestClaim("bot-1", NOW + timedelta(minutes=5)),
    )  # fmt: skip
    lead, split_item = items[feeds[0].id][:2]
    split = StorySplit(
        item_id=split_item, old_story_id=first, new_story_id=await store.reserve_story_ids(1),
        old_lead_item_id=lead, old_outlets=(feeds[0].name,), new_outlets=(feeds[0].name,),
    )  # fmt: skip
    await store.split_story_item(split, "split", NOW)
    if len(feeds) > 4:  # an item bridged two stories
        await store.save_story_assignments([], [], NOW, merges=[(first + 4, first + 3)])
    await store.set_meta("heartbeat", NOW.isoformat())


async def _view(store: Store) -> list[object]:
    """What the bot reads, through the contract: equal on both sides after a copy."""
    feeds = await store.list_feeds()
    ids = [i for f in feeds for i in await store.item_ids_for_feed(f.id)]
    story_ids = sorted(
        {t.story_id for i in ids for t in await store.trace_items(i, None) if t.story_id}
    )
    return [
        feeds,
        await store.get_items(ids),
        [await store.get_story(s) for s in story_ids],
        await store.story_sources(story_ids),
        await store.list_topics(),
        await store.list_channels(),
        await store.pending_digests(),
        await store.last_delivered(DESK),
        await store.story_in_digests(DESK, story_ids[1]),
        await store.story_splits(),
        await store.last_hit_seq(),
        await store.settings_version(),
        await store.get_meta("heartbeat"),
        await store.window_items(NOW - timedelta(days=3650)),
    ]


@pytest.fixture
async def source(tmp_path: Path) -> Path:
    path = tmp_path / "bot.db"
    shutil.copyfile(DATA / "db" / "release-dd6353c.sqlite", path)
    async with await open_store(path) as store:
        await _fill(store)
    return path


async def test_every_table_is_copied_and_reads_the_same(source: Path, pg_url: str) -> None:
    result = await copy_sqlite_to_postgres(source, pg_url)
    assert result.copied
    assert set(result.rows) == set(TABLES)
    assert all(result.rows[t] > 0 for t in TABLES), result.rows
    assert result.rows["items"] == 89
    async with await open_store(source) as lite, await open_store(pg_url) as pg:
        assert await _view(pg) == await _view(lite)
        # PostgreSQL goes on from there: new ids come after the copied ones
        feed = await pg.add_feed("https://new.example/rss", "New", NOW)
        assert feed.id == max(f.id for f in await lite.list_feeds()) + 1
        assert await pg.reserve_story_ids(1) == await lite.next_story_id()


async def test_running_it_again_copies_nothing_and_refuses_other_data(
    source: Path, pg_url: str
) -> None:
    first = await copy_sqlite_to_postgres(source, pg_url)
    again = await copy_sqlite_to_postgres(source, pg_url)
    assert (again.copied, again.rows) == (False, first.rows)
    async with await open_store(pg_url) as pg:
        await pg.add_feed("https://new.example/rss", "New", NOW)
    with pytest.raises(StoreError, match=r"already holds other data than .* in table feeds"):
        await copy_sqlite_to_postgres(source, pg_url)


async def test_a_copy_that_fails_leaves_the_database_empty_for_the_next_run(
    source: Path, pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(_value: object) -> float:
        raise RuntimeError("the copy dies here")

    monkeypatch.setitem(from_sqlite._TO_POSTGRES, "double precision", broken)
    with pytest.raises(RuntimeError, match="dies here"):
        await copy_sqlite_to_postgres(source, pg_url)  # after feeds, inside items
    async with await open_store(pg_url) as pg:
        assert (await pg.list_feeds(), await pg.count_items()) == ([], 0)
    monkeypatch.undo()
    assert (await copy_sqlite_to_postgres(source, pg_url)).copied
