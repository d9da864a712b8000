"""Feed-failure notices: a channel hears once when a feed it reads has failed for a day.

"Reads" means the feed's stories were in digests delivered to the channel, or the feed was
added from the channel's own server. The notice is a note-only digest sent through the
channel's deliverer (never recorded as a digest); the failure episode (the feed's
``failing_since_at``) is remembered in the metadata table, so it is sent once per episode.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import datetime

from bot.core import policy
from bot.core.model import Channel, ChannelRef, ChannelStatus, Digest, Feed, FeedStatus
from bot.digests.deliverer import Deliverer
from bot.errors import DeliveryError
from bot.storage import Store

log = logging.getLogger(__name__)


async def notify_failing_feeds(
    store: Store, deliverers: Mapping[str, Deliverer], now: datetime
) -> list[tuple[ChannelRef, Feed]]:
    """Send the notices that are due; returns (channel, feed) of each one sent."""
    sent: list[tuple[ChannelRef, Feed]] = []
    for feed in await store.list_feeds():
        if feed.status is FeedStatus.OK or not policy.feed_alert_due(feed.failing_since_at, now):
            continue
        key, episode = f"feed_alert:{feed.id}", str(feed.failing_since_at)
        if await store.get_meta(key) == episode:
            continue
        for ref in await store.channels_fed_by(feed.id, feed.scope):
            channel = await store.get_channel(ref)
            if channel is None or channel.status is not ChannelStatus.ACTIVE:
                continue
            if await _notify(deliverers, channel, feed, now):
                sent.append((ref, feed))
        await store.set_meta(key, episode)
    return sent


async def _notify(
    deliverers: Mapping[str, Deliverer], channel: Channel, feed: Feed, now: datetime
) -> bool:
    deliverer = deliverers.get(channel.ref.platform)
    if deliverer is None:
        return False
    since = feed.failing_since_at or now
    note = (
        f"Feed {feed.name!r} has been failing since {since:%Y-%m-%d %H:%M} UTC: "
        f"{feed.last_error or feed.error_kind}. Its stories are missing from digests "
        "until it recovers."
    )
    notice = Digest(
        id=f"notice-{feed.id}-{int(since.timestamp())}",
        channel=channel.ref,
        created_at=now,
        since_at=None,
        timezone=channel.timezone,
        sections=(),
        note=note,
    )
    try:
        await deliverer.deliver(channel.ref, notice)
    except DeliveryError as e:
        log.warning("feed notice not delivered channel=%s reason=%s", channel.ref, e.reason)
        return False
    log.info("feed notice sent channel=%s feed=%d", channel.ref, feed.id)
    return True
