"""The story book over a real SQLite file: item time, the same-link rule, splits (issue 14).

Everything here is real: the store is a file in ``tmp_path`` (reopened to prove what is kept),
the story book is the one the bot runs, and the CLI is called through ``main()``.
"""

from __future__ import annotations

import asyncio
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.__main__ import main
from bot.core.dedupe import DedupeSettings
from bot.core.model import FeedStatus, Item
from bot.core.query import parse_query
from bot.errors import UserError
from bot.storage import FeedUpdate, Store, load_migrations
from bot.stories.book import StoryBook

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
LONG_AGO = NOW - timedelta(days=400)  # every item is far older than the window when it arrives

# Real reports of one event from three outlets (tests/data/stories_dev, 26 May 2024), and an
# unrelated one from the first outlet.
REPORTS = {
    "al-jazeera": [
        ("Twelve injured as Qatar Airways flight from Doha to Dublin hits turbulence",
         "Dublin airport authorities say six passengers and six crew members were injured.", 0),
        ("Lithuania's Gitanas Nauseda declares victory in presidential election",
         "Prime Minister Ingrida Simonyte conceded defeat in the final round.", 1),
    ],
    "le-monde": [
        ("12 injured in turbulence during Doha-Dublin flight",
         "The Qatar Airways flight endured turbulence over Turkey. Six passengers and six crew "
         "members were injured.", 2),
    ],
    "japan-today": [
        ("12 people injured after Qatar Airways plane hits turbulence on flight to Dublin",
         "Twelve people were injured when a Qatar Airways plane flying from Doha to Dublin hit "
         "turbulence over Turkey.", 3),
    ],
}  # fmt: skip


def ok(now: datetime) -> FeedUpdate:
    return FeedUpdate(now, now + timedelta(minutes=15), FeedStatus.OK)


def item(outlet: str, n: int, title: str, summary: str, hours: float, url: str = "") -> Item:
    return Item(
        identity=f"guid:{outlet}-{n}",
        url=url or f"https://{outlet}.example/{n}",
        title=title,
        summary=summary,
        published_at=LONG_AGO + timedelta(hours=hours),
        first_seen_at=NOW,
        date_estimated=False,
        title_key=title.casefold(),
    )


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> datetime:
        return self.now


async def seed(path: Path, clock: Clock) -> dict[str, int]:
    """Store and place every report, one feed after another; returns title -> item id."""
    ids: dict[str, int] = {}
    async with await Store.open(path) as store:
        book = StoryBook(store, DedupeSettings(), clock)
        book.set_topics({"aviation": parse_query("turbulence OR airline*")})
        for outlet, reports in REPORTS.items():
            feed = await store.add_feed(f"https://{outlet}.example/rss", outlet, clock())
            items = [item(outlet, n, *r) for n, r in enumerate(reports)]
            saved = await store.save_fetch(feed.id, items, ok(clock()))
            await book.place(saved.new_items)
            ids.update((s.item.title, s.id) for s in saved.new_items)
    return ids


async def story_of(store: Store, item_id: int) -> int:
    traces = await store.trace_items(item_id, None)
    story = traces[0].story_id
    assert story is not None
    return story


async def test_old_items_arriving_today_group_by_their_own_times(tmp_path: Path) -> None:
    clock = Clock()
    ids = await seed(tmp_path / "bot.db", clock)
    turbulence = [ids[r[0]] for reports in REPORTS.values() for r in reports if "rbulence" in r[0]]
    async with await Store.open(tmp_path / "bot.db") as store:
        stories = {await story_of(store, i) for i in turbulence}
        assert len(stories) == 1, "three outlets, one story"
        (story,) = stories
        members = await store.story_members(story)
        assert sorted(m.outlet for m in members) == sorted(REPORTS)
        assert all(m.url.startswith(f"https://{m.outlet}.example/") for m in members)
        row = await store.get_story(story)
        assert row is not None
        assert row.lead_item_id == members[0].item_id, "the lead comes first"
        assert row.topics == {"aviation": ("turbulence",)}
        other = await story_of(store, ids[REPORTS["al-jazeera"][1][0]])
        assert other != story
        trace = (await store.trace_items(turbulence[1], None))[0]
        assert trace.note is not None
        assert trace.note.startswith(f"joined story {story} via item ")
        assert "containment +" in trace.note, "the stored note carries the evidence"


async def test_the_index_is_rebuilt_from_items_that_arrived_inside_the_window(
    tmp_path: Path,
) -> None:
    clock = Clock()
    await seed(tmp_path / "bot.db", clock)
    clock.now = NOW + timedelta(hours=1)
    async with await Store.open(tmp_path / "bot.db") as store:
        book = StoryBook(store, DedupeSettings(), clock)
        await book.ensure_loaded()
        assert len(book.index) == 4, "published a year ago, but arrived an hour ago"
        feed = await store.add_feed("https://nbc.example/rss", "nbc", clock())
        late = item(
            "nbc", 1, "Twelve passengers and crew injured as turbulence rocks Qatar Airways flight",
            "Six passengers and six crew members aboard a Qatar Airways flight from Doha to "
            "Dublin were injured.", 12,
        )  # fmt: skip
        saved = await store.save_fetch(feed.id, [late], ok(clock()))
        await book.place(saved.new_items)
        first = (await store.trace_items(None, "https://le-monde.example/0"))[0]
        assert await story_of(store, saved.new_items[0].id) == first.story_id
    clock.now = NOW + timedelta(days=4)
    async with await Store.open(tmp_path / "bot.db") as store:
        book = StoryBook(store, DedupeSettings(), clock)
        await book.ensure_loaded()
        assert len(book.index) == 0, "four days later everything is out of the window"


async def test_distinct_items_of_one_feed_sharing_a_link_stay_apart(tmp_path: Path) -> None:
    """A podcast whose every <link> is its home page: its episodes are not one story, while
    another feed's item under that link still joins. The ingest change that stores such items
    separately is another branch's; the file is edited here to hold what it will store."""
    clock = Clock()
    home = "https://pod.example/"
    async with await Store.open(tmp_path / "bot.db") as store:
        book = StoryBook(store, DedupeSettings(), clock)
        await store._db.execute("DROP INDEX items_url")

        async def stored_under_home(feed_id: int, items: list[Item]) -> list[int]:
            saved = await store.save_fetch(feed_id, items, ok(clock()))
            ids = [s.id for s in saved.new_items]
            marks = ",".join("?" * len(ids))
            sql = f"UPDATE items SET url = ? WHERE id IN ({marks})"  # noqa: S608 - marks are "?"s
            await store._db.execute(sql, [home, *ids])
            await store._db.commit()
            await book.place(await store.get_items(ids))
            return ids

        pod = await store.add_feed("https://pod.example/rss", "pod", clock())
        episodes = await stored_under_home(
            pod.id,
            [
                item("pod", 1, "Episode 41: the election explained", "", 0),
                item("pod", 2, "Episode 42: markets and tariffs", "", 1),
                item("pod", 3, "Episode 43: a week in Seoul", "", 2),
            ],
        )
        assert len({await story_of(store, i) for i in episodes}) == 3
        relay = await store.add_feed("https://relay.example/rss", "relay", clock())
        (copy,) = await stored_under_home(
            relay.id, [item("relay", 1, "Seoul week, the podcast", "", 2.5)]
        )
        trace = (await store.trace_items(copy, None))[0]
        assert trace.rule == "same_link"
        assert trace.story_id == await story_of(store, episodes[-1])


async def test_a_split_is_stored_respected_in_memory_and_after_a_restart(tmp_path: Path) -> None:
    clock = Clock()
    ids = await seed(tmp_path / "bot.db", clock)
    lemonde = ids[REPORTS["le-monde"][0][0]]
    async with await Store.open(tmp_path / "bot.db") as store:
        book = StoryBook(store, DedupeSettings(), clock)
        book.set_topics({"aviation": parse_query("turbulence OR airline*")})
        old = await story_of(store, lemonde)
        before = await store.get_story(old)
        assert before is not None
        split = await book.split(lemonde)
        assert (split.item_id, split.old_story_id) == (lemonde, old)
        assert await story_of(store, lemonde) == split.new_story_id
        assert book.index.story_of(lemonde) == split.new_story_id
        assert book.index.blocked(lemonde) == {old}
        after = await store.get_story(old)
        new = await store.get_story(split.new_story_id)
        assert after is not None
        assert new is not None
        assert "le-monde" not in after.outlets
        assert new.outlets == ("le-monde",)
        assert after.lead_item_id != lemonde
        assert new.topics == {"aviation": ("turbulence",)}
        assert await store.story_splits() == [(lemonde, old)]
        trace = (await store.trace_items(lemonde, None))[0]
        assert (trace.rule, trace.note) == (
            "split",
            f"split out of story {old} by an admin; never rejoins it",
        )
        with pytest.raises(UserError, match="alone in story"):
            await book.split(lemonde)
        with pytest.raises(UserError, match="no stored item"):
            await book.split(9_999)
    async with await Store.open(tmp_path / "bot.db") as store:
        book = StoryBook(store, DedupeSettings(), clock)
        await book.ensure_loaded()
        assert book.index.blocked(lemonde) == {old}, "remembered across a restart"
        assert book.index.story_of(lemonde) == split.new_story_id


def _create_version(path: Path, version: int) -> None:
    con = sqlite3.connect(path, isolation_level=None)
    for migration in load_migrations()[:version]:
        con.executescript(migration.sql)
    con.close()


async def test_splits_upgrade_a_release_database_without_losing_anything(tmp_path: Path) -> None:
    """A file written by the current release (schema 3) opens, keeps its stories, and splits."""
    path = tmp_path / "old.db"
    _create_version(path, 3)
    con = sqlite3.connect(path)
    stamp = NOW.isoformat()
    con.execute(
        "INSERT INTO feeds (id, url, name, added_at, next_fetch_at) VALUES (1, 'u', 'A', ?, ?)",
        (stamp, stamp),
    )
    for n in (1, 2):
        con.execute(
            "INSERT INTO items (id, url, title, summary, title_key, published_at, first_seen_at) "
            "VALUES (?, ?, ?, '', ?, ?, ?)",
            (n, f"https://a.example/{n}", f"Headline {n}", f"headline {n}", stamp, stamp),
        )
        con.execute("INSERT INTO item_sources VALUES (1, ?, ?, ?)", (f"guid:{n}", n, stamp))
    con.execute(
        "INSERT INTO stories (id, lead_item_id, first_seen_at, last_updated_at, published_at, "
        "outlets) VALUES (1, 1, ?, ?, ?, 'A')",
        (stamp, stamp, stamp),
    )
    con.execute("UPDATE items SET story_id = 1, merge_rule = 'same_headline'")
    con.commit()
    con.close()
    clock = Clock()
    async with await Store.open(path) as store:
        assert await store.schema_version() == load_migrations()[-1].version
        assert await store.count_stories() == 1
        assert [m.item_id for m in await store.story_members(1)] == [1, 2]
        book = StoryBook(store, DedupeSettings(), clock)
        split = await book.split(2)
        assert await store.count_stories() == 2
        assert split.old_outlets == ("A",)
        assert await store.item_feeds([1, 2]) == {1: 1, 2: 1}


def test_cli_stories_split(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bot.db"
    ids = asyncio.run(seed(path, Clock()))
    lemonde = ids[REPORTS["le-monde"][0][0]]
    db = ["--db", str(path)]
    assert main([*db, "stories", "split", str(lemonde)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"item {lemonde}: now story ")
    assert "it will not rejoin story" in out
    assert main([*db, "stories", "split", str(lemonde)]) == 2
    assert "alone in story" in capsys.readouterr().err
    assert main([*db, "stories", "split", "https://nowhere.example/x"]) == 2
    assert "matches items: none" in capsys.readouterr().err
    url = "https://japan-today.example/0"
    assert main([*db, "stories", "split", url]) == 0
    assert "now story" in capsys.readouterr().out
    assert main([*db, "stories"]) == 2


async def test_a_running_bot_learns_of_a_split_made_from_the_command_line(tmp_path: Path) -> None:
    clock = Clock()
    ids = await seed(tmp_path / "bot.db", clock)
    lemonde = ids[REPORTS["le-monde"][0][0]]
    async with await Store.open(tmp_path / "bot.db") as store:
        running = StoryBook(store, DedupeSettings(), clock)
        await running.ensure_loaded()
        old = running.index.story_of(lemonde)
        clock.now += timedelta(minutes=1)
        split = await StoryBook(store, DedupeSettings(), clock).split(lemonde)  # the CLI's book
        assert running.index.story_of(lemonde) == old, "not yet: the bot has not looked"
        clock.now += timedelta(minutes=1)
        feed = await store.add_feed("https://nbc.example/rss", "nbc", clock())
        saved = await store.save_fetch(
            feed.id, [item("nbc", 1, *REPORTS["le-monde"][0][:2], 5)], ok(clock())
        )
        await running.place(saved.new_items)
        assert running.index.story_of(lemonde) == split.new_story_id
        assert running.index.blocked(lemonde) == {old}
