"""SlackDeliverer through a real AsyncWebClient against the loopback Slack Web API fake."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient

from bot.chat.slack.delivery import SlackDeliverer
from bot.chat.slack.render import render_digest
from bot.core.model import ChannelRef, Digest, DigestEntry, DigestSection
from bot.errors import DeliveryError
from tests.clock import FixedClock
from tests.fakes.slack_api import (
    TOKEN,
    Answer,
    FakeSlackApi,
    api_error,
    rate_limited,
    server_error,
    stall,
)

CHANNEL = ChannelRef("slack", "T0TEST:C1")
OTHER = ChannelRef("slack", "T0TEST:C2")
PUBLISHED_AT = datetime(2026, 11, 25, 7, 0, tzinfo=UTC)


def make_digest(stories: int = 1, channel: ChannelRef = CHANNEL) -> Digest:
    entries = tuple(
        DigestEntry(i, f"Story {i} <!channel>", f"https://example.com/{i}", "Sum.", ("BBC",),
                    PUBLISHED_AT)
        for i in range(1, stories + 1)
    )  # fmt: skip
    created = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
    return Digest("d1", channel, created, None, "UTC", (DigestSection("World", entries),))


class RecordingSleep:
    """Records requested waits and moves the clock instead of sleeping."""

    def __init__(self, clock: FixedClock) -> None:
        self.clock = clock
        self.waits: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)
        self.clock.advance(seconds=seconds)


class Progress:
    def __init__(self) -> None:
        self.parts: list[tuple[int, str]] = []

    async def __call__(self, index: int, message_id: str) -> None:
        self.parts.append((index, message_id))


@pytest.fixture
async def fake() -> AsyncIterator[FakeSlackApi]:
    async with FakeSlackApi() as api:
        yield api


@pytest.fixture
def sleep(clock: FixedClock) -> RecordingSleep:
    return RecordingSleep(clock)


@pytest.fixture
def deliverer(fake: FakeSlackApi, clock: FixedClock, sleep: RecordingSleep) -> SlackDeliverer:
    client = AsyncWebClient(token=TOKEN, base_url=fake.url + "/")
    return SlackDeliverer(client, clock=clock, sleep=sleep)


async def test_posts_one_part_with_fallback_blocks_and_no_unfurls(
    fake: FakeSlackApi, deliverer: SlackDeliverer, sleep: RecordingSleep
) -> None:
    progress = Progress()
    receipt = await deliverer.deliver(CHANNEL, make_digest(), on_part=progress)
    [post] = fake.posts
    [part] = render_digest(make_digest())
    assert post.token == TOKEN
    assert post.headers["Content-Type"].startswith("application/json")
    assert post.body["channel"] == "C1"
    assert post.body["text"] == part.text
    assert post.body["blocks"] == json.loads(json.dumps(list(part.blocks)))
    assert post.body["unfurl_links"] is False
    assert post.body["unfurl_media"] is False
    assert "link_names" not in post.body
    assert "parse" not in post.body
    assert "<!channel>" not in json.dumps(post.body)
    assert receipt.message_ids == ("1700000000.000100",)
    assert progress.parts == [(0, "1700000000.000100")]
    assert sleep.waits == []


async def test_parts_go_in_order_one_per_second(
    fake: FakeSlackApi, deliverer: SlackDeliverer, sleep: RecordingSleep
) -> None:
    digest = make_digest(120)
    progress = Progress()
    receipt = await deliverer.deliver(CHANNEL, digest, on_part=progress)
    parts = render_digest(digest)
    assert len(parts) == 3
    assert [p.body["text"] for p in fake.posts] == [p.text for p in parts]
    assert receipt.message_ids == tuple(f"1700000000.000{n}00" for n in (1, 2, 3))
    assert progress.parts == list(enumerate(receipt.message_ids))
    assert sleep.waits == [1.0, 1.0]


async def test_skip_parts_resumes_at_the_first_unsent_part(
    fake: FakeSlackApi, deliverer: SlackDeliverer
) -> None:
    digest = make_digest(120)
    progress = Progress()
    receipt = await deliverer.deliver(CHANNEL, digest, skip_parts=2, on_part=progress)
    assert [p.body["text"] for p in fake.posts] == [render_digest(digest)[2].text]
    assert progress.parts == [(2, receipt.message_ids[0])]


@pytest.mark.parametrize(
    ("elapsed_s", "channel", "waits"),
    [(0.0, CHANNEL, [1.0]), (0.4, CHANNEL, [0.6]), (1.5, CHANNEL, []), (0.0, OTHER, [])],
    ids=["same-channel-at-once", "same-channel-later", "after-a-second", "other-channel"],
)
async def test_pacing_spans_deliveries_per_channel(
    deliverer: SlackDeliverer,
    clock: FixedClock,
    sleep: RecordingSleep,
    elapsed_s: float,
    channel: ChannelRef,
    waits: list[float],
) -> None:
    await deliverer.deliver(CHANNEL, make_digest())
    clock.advance(seconds=elapsed_s)
    await deliverer.deliver(channel, make_digest(channel=channel))
    assert sleep.waits == pytest.approx(waits)


async def test_pacing_survives_a_clock_stepping_back(
    deliverer: SlackDeliverer, clock: FixedClock, sleep: RecordingSleep
) -> None:
    await deliverer.deliver(CHANNEL, make_digest())
    clock.advance(hours=-1)
    await deliverer.deliver(CHANNEL, make_digest())
    assert sleep.waits == [1.0]


@pytest.mark.parametrize("retry_after", [1, 7], ids=["retry-after-1", "retry-after-7"])
async def test_rate_limit_is_waited_out_then_retried(
    fake: FakeSlackApi, deliverer: SlackDeliverer, sleep: RecordingSleep, retry_after: int
) -> None:
    fake.script("C1", rate_limited(retry_after))
    receipt = await deliverer.deliver(CHANNEL, make_digest())
    assert len(fake.posts) == 2
    assert fake.posts[0].body == fake.posts[1].body
    assert sleep.waits == [float(retry_after)]  # the pacing second is already covered
    assert receipt.message_ids == ("1700000000.000100",)


@pytest.mark.parametrize(
    ("headers", "wait"),
    [({"Retry-After": "soon"}, 1.0), ({}, 1.0), ({"retry-after": "-5"}, 0.0)],
    ids=["not-a-number", "missing", "negative"],
)
async def test_an_unusable_retry_after_waits_the_default(
    fake: FakeSlackApi,
    deliverer: SlackDeliverer,
    sleep: RecordingSleep,
    headers: dict[str, str],
    wait: float,
) -> None:
    fake.script("C1", Answer(429, {"ok": False, "error": "ratelimited"}, headers))
    await deliverer.deliver(CHANNEL, make_digest())
    assert sleep.waits[0] == wait
    assert len(fake.posts) == 2


async def test_rate_limit_retries_are_bounded_then_transient(
    fake: FakeSlackApi, deliverer: SlackDeliverer, sleep: RecordingSleep
) -> None:
    fake.script("C1", *[rate_limited(2)] * 4)
    with pytest.raises(DeliveryError) as caught:
        await deliverer.deliver(CHANNEL, make_digest())
    assert caught.value.permanent is False
    assert "rate limiting" in caught.value.reason
    assert len(fake.posts) == 4  # first try + 3 retries
    assert sleep.waits == [2.0, 2.0, 2.0]


async def test_a_long_retry_after_is_left_for_the_next_tick(
    fake: FakeSlackApi, deliverer: SlackDeliverer, sleep: RecordingSleep
) -> None:
    fake.script("C1", rate_limited(3600))
    with pytest.raises(DeliveryError) as caught:
        await deliverer.deliver(CHANNEL, make_digest())
    assert caught.value.permanent is False
    assert sleep.waits == []
    assert len(fake.posts) == 1


async def test_a_failure_mid_digest_keeps_the_progress_of_sent_parts(
    fake: FakeSlackApi, deliverer: SlackDeliverer
) -> None:
    fake.script("C1", None, api_error("is_archived"))  # part 0 goes through, part 1 fails
    progress = Progress()
    with pytest.raises(DeliveryError) as caught:
        await deliverer.deliver(CHANNEL, make_digest(120), on_part=progress)
    assert caught.value.permanent is True
    assert progress.parts == [(0, "1700000000.000100")]
    assert len(fake.posts) == 2


PERMANENT = [
    ("not_in_channel", False, "invite it"),
    ("channel_not_found", True, "deleted"),
    ("is_archived", True, "archived"),
    ("token_revoked", False, "revoked"),
    ("account_inactive", False, "deactivated"),
    ("invalid_auth", False, "SLACK_BOT_TOKEN"),
    ("missing_scope", False, "permission"),
]


@pytest.mark.parametrize(
    ("code", "disable", "reason"), PERMANENT, ids=[code for code, _, _ in PERMANENT]
)
async def test_access_errors_are_permanent(
    fake: FakeSlackApi, deliverer: SlackDeliverer, code: str, disable: bool, reason: str
) -> None:
    fake.fail("C1", code)
    with pytest.raises(DeliveryError) as caught:
        await deliverer.deliver(CHANNEL, make_digest())
    assert caught.value.permanent is True
    assert caught.value.disable is disable
    assert reason in caught.value.reason
    assert len(fake.posts) == 1


async def test_missing_scope_names_the_scope(fake: FakeSlackApi, deliverer: SlackDeliverer) -> None:
    fake.script("C1", api_error("missing_scope", needed="chat:write", provided="commands"))
    with pytest.raises(DeliveryError) as caught:
        await deliverer.deliver(CHANNEL, make_digest())
    assert caught.value.reason.endswith("(needs chat:write)")


async def test_a_wrong_token_is_refused_by_slack_and_permanent(fake: FakeSlackApi) -> None:
    client = AsyncWebClient(token="xoxb-revoked", base_url=fake.url + "/")
    deliverer = SlackDeliverer(client, clock=FixedClock(), sleep=RecordingSleep(FixedClock()))
    with pytest.raises(DeliveryError) as caught:
        await deliverer.deliver(CHANNEL, make_digest())
    assert caught.value.permanent is True
    assert fake.posts[0].token == "xoxb-revoked"


@pytest.mark.parametrize(
    ("answer", "reason"),
    [
        (server_error(500), "HTTP 500"),
        (server_error(503), "HTTP 503"),
        (api_error("internal_error"), "internal_error"),
        (api_error("invalid_blocks"), "invalid_blocks"),
    ],
    ids=["500", "503", "internal-error", "unknown-code"],
)
async def test_server_and_unknown_errors_are_transient(
    fake: FakeSlackApi, deliverer: SlackDeliverer, answer: Answer, reason: str
) -> None:
    fake.script("C1", answer)
    with pytest.raises(DeliveryError) as caught:
        await deliverer.deliver(CHANNEL, make_digest())
    assert caught.value.permanent is False
    assert reason in caught.value.reason
    assert len(fake.posts) == 1


async def test_a_server_that_is_down_is_transient(clock: FixedClock) -> None:
    async with FakeSlackApi() as gone:
        url = gone.url
    # retry_handlers=[]: slack_sdk's default connection retry would really sleep its backoff
    client = AsyncWebClient(token=TOKEN, base_url=url + "/", retry_handlers=[])
    deliverer = SlackDeliverer(client, clock=clock, sleep=RecordingSleep(clock))
    with pytest.raises(DeliveryError) as caught:
        await deliverer.deliver(CHANNEL, make_digest())
    assert caught.value.permanent is False
    assert "could not be reached" in caught.value.reason


async def test_a_timeout_is_transient(fake: FakeSlackApi, clock: FixedClock) -> None:
    fake.script("C1", stall())
    timeout_s = 0.03
    # aiohttp takes float seconds; slack_sdk's int hint is narrower than what it passes on
    client = AsyncWebClient(token=TOKEN, base_url=fake.url + "/", timeout=timeout_s)  # type: ignore[arg-type]
    deliverer = SlackDeliverer(client, clock=clock, sleep=RecordingSleep(clock))
    with pytest.raises(DeliveryError) as caught:
        await deliverer.deliver(CHANNEL, make_digest())
    assert caught.value.permanent is False
    assert "TimeoutError" in caught.value.reason


async def test_other_platforms_are_a_bug(deliverer: SlackDeliverer) -> None:
    with pytest.raises(ValueError, match="discord:1"):
        await deliverer.deliver(ChannelRef("discord", "1"), make_digest())


async def test_fake_answers_auth_test_users_info_and_response_url(fake: FakeSlackApi) -> None:
    client = AsyncWebClient(token=TOKEN, base_url=fake.url + "/")
    auth = await client.auth_test()
    assert auth["team_id"] == "T0TEST"
    assert auth["user_id"] == "U0BOT"
    fake.add_user("U1", is_admin=True)
    fake.add_user("U2", is_owner=True)
    fake.add_user("U3")
    users = [(await client.users_info(user=u))["user"] for u in ("U1", "U2", "U3")]
    assert [(u["is_admin"], u["is_owner"]) for u in users] == [
        (True, False),
        (False, True),
        (False, False),
    ]
    webhook = AsyncWebhookClient(fake.response_url("cmd1"))
    sent = await webhook.send(text="done", response_type="ephemeral")
    assert sent.status_code == 200
    assert fake.responses["cmd1"] == [{"text": "done", "response_type": "ephemeral"}]
    assert [c.method for c in fake.calls] == [
        "auth.test",
        "users.info",
        "users.info",
        "users.info",
        "response_url",
    ]


async def test_fake_refuses_what_slack_refuses(fake: FakeSlackApi) -> None:
    client = AsyncWebClient(token=TOKEN, base_url=fake.url + "/")
    too_many = [{"type": "divider"}] * 51
    long_header = [{"type": "header", "text": {"type": "plain_text", "text": "h" * 151}}]
    for blocks in (too_many, long_header):
        with pytest.raises(SlackApiError, match="invalid_blocks"):
            await client.chat_postMessage(channel="C1", text="x", blocks=blocks)
    assert len(fake.posts) == 2


async def test_timestamps_increase_across_channels(
    fake: FakeSlackApi, deliverer: SlackDeliverer
) -> None:
    a = await deliverer.deliver(CHANNEL, make_digest())
    b = await deliverer.deliver(OTHER, make_digest(channel=OTHER))
    assert a.message_ids[0] < b.message_ids[0]
    assert [p.body["channel"] for p in fake.posts] == ["C1", "C2"]
