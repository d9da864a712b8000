"""Post a recorded digest to a Slack channel with ``chat.postMessage``, one part after another.

Pacing: Slack allows about one message per second per channel (chat.postMessage "Rate limits":
https://docs.slack.dev/reference/methods/chat.postMessage), so posts to one channel are spaced by
``min_interval_s`` using the injected clock and sleep, and serialized by a per-channel lock.

429s are handled by our own bounded loop, not slack_sdk's ``AsyncRateLimitErrorRetryHandler``:
that handler calls ``asyncio.sleep`` itself with random jitter (not injectable, so tests would
really wait and could not assert durations) and applies to every call of the shared client. Here
``Retry-After`` is waited out through the injected ``sleep``, at most ``max_rate_limit_retries``
times and never longer than ``max_retry_after_s``; after that the failure is transient and the
digest stays pending. The app should therefore not add that handler to the client it passes in.

Errors map onto ``DeliveryError``: missing access, a gone or archived channel and a dead token
are permanent (the service pauses the subscription and shows ``reason`` in status; a gone or
archived channel also sets ``disable``); 5xx, timeouts, connection errors, exhausted rate limits
and unknown API errors are transient (the digest stays pending: exactly-once rule). Messages are
posted with ``unfurl_links``/``unfurl_media`` off and never with ``link_names`` or ``parse``.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.chat.slack.render import SlackMessage, render_digest
from bot.core.model import ChannelRef, Clock, Digest
from bot.digests.deliverer import PartCallback, Receipt
from bot.errors import DeliveryError

log = logging.getLogger(__name__)

Sleep = Callable[[float], Awaitable[None]]

MIN_INTERVAL_S = 1.0  # one message per second per channel (chat.postMessage rate limits)
MAX_RATE_LIMIT_RETRIES = 3
MAX_RETRY_AFTER_S = 60.0  # a longer ban is better retried at the next digest tick
DEFAULT_RETRY_AFTER_S = 1.0  # when a 429 carries no usable Retry-After

# Slack error code → (reason shown in /digest status, disable the channel?)
PERMANENT_ERRORS: dict[str, tuple[str, bool]] = {
    "not_in_channel": ("the app is not a member of this channel: invite it with /invite", False),
    "channel_not_found": ("the channel was deleted or the app can no longer see it", True),
    "is_archived": ("the channel is archived", True),
    "token_revoked": ("the app's Slack token was revoked: reinstall the app", False),
    "token_expired": ("the app's Slack token expired: reinstall the app", False),
    "account_inactive": ("the app's Slack account was deactivated: reinstall the app", False),
    "invalid_auth": ("Slack rejected the bot token: check SLACK_BOT_TOKEN", False),
    "not_authed": ("no Slack bot token was sent: check SLACK_BOT_TOKEN", False),
    "missing_scope": ("the app lacks a Slack permission: reinstall it from the manifest", False),
    "restricted_action": ("workspace settings do not let the app post in this channel", False),
}


class SlackDeliverer:
    """The Slack ``Deliverer``: renders a digest and posts its parts in order."""

    platform = "slack"

    def __init__(
        self,
        client: AsyncWebClient,
        *,
        clock: Clock,
        sleep: Sleep = asyncio.sleep,
        min_interval_s: float = MIN_INTERVAL_S,
        max_rate_limit_retries: int = MAX_RATE_LIMIT_RETRIES,
        max_retry_after_s: float = MAX_RETRY_AFTER_S,
    ) -> None:
        self.client = client
        self.clock = clock
        self.sleep = sleep
        self.min_interval_s = min_interval_s
        self.max_rate_limit_retries = max_rate_limit_retries
        self.max_retry_after_s = max_retry_after_s
        self._last_post: dict[str, float] = {}
        self._locks: dict[str, asyncio.Lock] = {}

    async def deliver(
        self,
        channel: ChannelRef,
        digest: Digest,
        *,
        skip_parts: int = 0,
        on_part: PartCallback | None = None,
    ) -> Receipt:
        """Post the parts from ``skip_parts`` on; the receipt holds the new parts' ``ts``."""
        if channel.platform != self.platform:
            raise ValueError(f"SlackDeliverer cannot deliver to {channel}")
        channel_id = slack_channel_id(channel)
        parts = render_digest(digest)
        posted: list[str] = []
        async with self._locks.setdefault(str(channel), asyncio.Lock()):
            for index, part in enumerate(parts):
                if index < skip_parts:
                    continue
                ts = await self._post(str(channel), channel_id, part)
                posted.append(ts)
                if on_part is not None:
                    await on_part(index, ts)
        log.info("slack digest delivered channel=%s parts=%d", channel, len(posted))
        return Receipt(tuple(posted))

    async def _post(self, key: str, channel_id: str, part: SlackMessage) -> str:
        attempt = 0
        while True:
            await self._pace(key)
            try:
                response = await self.client.chat_postMessage(
                    channel=channel_id,
                    text=part.text,
                    blocks=list(part.blocks),
                    unfurl_links=False,
                    unfurl_media=False,
                )
            except SlackApiError as e:
                self._last_post[key] = self._now_s()
                wait = self._retry_wait(e, attempt)
                if wait is None:
                    raise delivery_error(e, key) from e
                log.warning("slack rate limited channel=%s retry_after_s=%.1f", key, wait)
                attempt += 1
                await self.sleep(wait)
                continue
            except (aiohttp.ClientError, TimeoutError) as e:
                log.error("slack unreachable channel=%s error=%s", key, type(e).__name__)
                raise DeliveryError(
                    f"Slack could not be reached ({type(e).__name__}); will retry",
                    permanent=False,
                ) from e
            self._last_post[key] = self._now_s()
            return str(response["ts"])

    def _retry_wait(self, error: SlackApiError, attempt: int) -> float | None:
        """Seconds to wait before retrying a rate-limited post, or None to give up now."""
        if not is_rate_limited(error) or attempt >= self.max_rate_limit_retries:
            return None
        wait = retry_after_s(error)
        return wait if wait <= self.max_retry_after_s else None

    async def _pace(self, key: str) -> None:
        last = self._last_post.get(key)
        if last is None:
            return
        wait = min(self.min_interval_s, self.min_interval_s - (self._now_s() - last))
        if wait > 0:
            await self.sleep(wait)

    def _now_s(self) -> float:
        return self.clock().timestamp()


def slack_channel_id(channel: ChannelRef) -> str:
    """``slack:TEAM:CHANNEL`` → ``CHANNEL`` (the bot token already names the workspace)."""
    return channel.id.rpartition(":")[2]


def is_rate_limited(error: SlackApiError) -> bool:
    return error.response.status_code == 429 or _data(error).get("error") == "ratelimited"


def retry_after_s(error: SlackApiError) -> float:
    """Slack's ``Retry-After`` header in seconds (case-insensitive), else a 1 s default."""
    headers = error.response.headers or {}
    value = next((v for k, v in headers.items() if k.lower() == "retry-after"), None)
    try:
        seconds = float(value) if value is not None else DEFAULT_RETRY_AFTER_S
    except ValueError:
        return DEFAULT_RETRY_AFTER_S
    return max(seconds, 0.0)


def delivery_error(error: SlackApiError, channel: str) -> DeliveryError:
    """Map a failed ``chat.postMessage`` onto a permanent or transient ``DeliveryError``."""
    status = error.response.status_code
    code = str(_data(error).get("error") or f"http_{status}")
    known = PERMANENT_ERRORS.get(code)
    if known is not None:
        reason, disable = known
        needed = _data(error).get("needed")
        if code == "missing_scope" and needed:
            reason = f"{reason} (needs {needed})"
        log.error("slack delivery refused channel=%s error=%s", channel, code)
        return DeliveryError(f"Slack: {reason}", permanent=True, disable=disable)
    if is_rate_limited(error):
        reason = "Slack is rate limiting the app; will retry"
    elif status >= 500:
        reason = f"Slack had a server error (HTTP {status}); will retry"
    else:
        reason = f"Slack refused the message ({code}); will retry"
    log.error("slack delivery failed channel=%s error=%s status=%d", channel, code, status)
    return DeliveryError(reason, permanent=False)


def _data(error: SlackApiError) -> dict[str, Any]:
    data = error.response.data
    return data if isinstance(data, dict) else {}
