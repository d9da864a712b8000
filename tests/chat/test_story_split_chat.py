"""Undoing a wrong merge from chat, beside ``why`` (issue 14): Discord ``/digest split`` and the
Slack ``split`` verb, each through the real frontend over the real service and SQLite file, with
the platform faked at its HTTP boundary (tests/fakes). Admins only, like every changing command.
"""

from __future__ import annotations

from datetime import timedelta

from bot.core.model import FeedStatus, Item
from bot.service import DigestService
from bot.storage import FeedUpdate
from tests.chat.discord.test_commands import (  # the Discord rig: fixtures and helpers
    ADMIN as DISCORD_ADMIN,
)
from tests.chat.discord.test_commands import (
    CALLBACK_DEFERRED,
    EPHEMERAL,
    REF,
    api,
    app,
    frontend,
    run,
)
from tests.chat.discord.test_commands import (
    MEMBER as DISCORD_MEMBER,
)
from tests.chat.slack.test_frontend import ADMIN, MEMBER, Slack, fake, slack

__all__ = ["api", "app", "fake", "frontend", "slack"]  # fixtures, used by name

REPORTS = [
    ("Twelve injured as Qatar Airways flight from Doha to Dublin hits turbulence",
     "Dublin airport authorities say six passengers and six crew members were injured."),
    ("12 injured in turbulence during Doha-Dublin flight",
     "The Qatar Airways flight endured turbulence over Turkey. Six passengers and six crew "
     "members were injured."),
]  # fmt: skip


async def merged(service: DigestService) -> tuple[int, int]:
    """Two outlets' reports of one event, placed into one story; returns their item ids."""
    now = service.clock()
    ids = []
    for n, (title, summary) in enumerate(REPORTS):
        feed = await service.store.add_feed(f"https://outlet{n}.example/rss", f"Outlet {n}", now)
        report = Item(
            identity=f"guid:{n}",
            url=f"https://outlet{n}.example/turbulence",
            title=title,
            summary=summary,
            published_at=now - timedelta(hours=3 - n),
            first_seen_at=now,
            date_estimated=False,
            title_key=title.casefold(),
        )
        update = FeedUpdate(now, now + timedelta(minutes=15), FeedStatus.OK)
        saved = await service.store.save_fetch(feed.id, [report], update)
        await service.stories.place(saved.new_items)
        ids.append(saved.new_items[0].id)
    stories = {(await service.store.trace_items(i, None))[0].story_id for i in ids}
    assert len(stories) == 1, "the two reports start as one story"
    return ids[0], ids[1]


async def test_discord_admin_splits_an_item_members_may_not(api, app, frontend) -> None:
    first, second = await merged(app.service)
    why = await app.service.why(REF, str(second))
    story = (await app.service.store.trace_items(first, None))[0].story_id
    assert why[1].startswith(f"  story {story}: joined story {story} via item {first}: score ")
    assert why[2].startswith("  evidence: log-odds +")
    assert "containment +" in why[2]
    payload = await run(
        frontend, "digest", "split", {"item": str(second)}, permissions=DISCORD_MEMBER
    )
    (refusal,) = api.replies(payload)
    assert "Manage Server" in refusal.json["data"]["content"]
    assert (await app.service.store.trace_items(second, None))[0].rule == "similar"

    payload = await run(
        frontend, "digest", "split", {"item": str(second)}, permissions=DISCORD_ADMIN
    )
    deferred, *followups = api.replies(payload)
    assert deferred.json == {"type": CALLBACK_DEFERRED, "data": {"flags": EPHEMERAL}}
    body = followups[-1].json
    assert body["flags"] == EPHEMERAL
    assert body["allowed_mentions"] == {"parse": []}
    trace = (await app.service.store.trace_items(second, None))[0]
    old = (await app.service.store.trace_items(first, None))[0].story_id
    assert body["content"] == (
        f"Item {second} is now a story of its own and will not rejoin story {old}."
    )
    assert trace.rule == "split"
    assert trace.story_id != old
    lines = await app.service.why(REF, str(second))
    assert any("split out of story" in line for line in lines)


async def test_slack_admin_splits_an_item_members_may_not(slack: Slack) -> None:
    service = slack.frontend.service
    first, second = await merged(service)
    refusal = await slack.reply(f"split {second}", MEMBER)
    assert refusal.startswith("Only workspace admins/owners")
    assert (await service.store.trace_items(second, None))[0].rule == "similar"
    old = (await service.store.trace_items(first, None))[0].story_id
    reply = await slack.reply(f"split {second}", ADMIN)
    assert reply == f"Item {second} is now a story of its own and will not rejoin story {old}."
    assert (await service.store.trace_items(second, None))[0].story_id != old
    again = await slack.reply(f"split {second}", ADMIN)
    assert "alone in story" in again
    usage = await slack.reply("split", ADMIN)
    assert "/digest split ITEM" in usage
