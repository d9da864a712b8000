"""Post a recorded digest to a Discord channel through discord.py's public API (issue #7).

``DiscordDeliverer`` renders the digest (``discord_render``, deterministic) and sends the parts
from ``skip_parts`` on, in order, with ``client.get_partial_messageable(id).send(...)``: plain
REST, no gateway connection and no channel cache needed. Every send passes
``AllowedMentions.none()`` (the client is built with it too) so nothing from a feed can ping.

Idempotency: each part is sent with a stable ``nonce`` derived from the digest id and the part
index (24 hex characters; Discord allows 25). discord.py sets ``enforce_nonce`` whenever a nonce is
given (``handle_message_parameters`` in ``discord/http.py``), and Discord then answers a resend of
the same part by the same bot within a few minutes with the message it already created instead of
posting a second one. That closes the gap between "Discord accepted the part" and "``on_part``
recorded it" when a crash or timeout falls in between.

Rate limits are discord.py's: its ``HTTPClient.request`` keeps per-bucket state from the
``X-RateLimit-*`` headers, waits out 429s (``retry_after``) and retries 500/502/504/524 a few times
(sleeping 1, 3, 5… seconds). This module adds no retry loop. It only bounds the time one part may
take (``send_timeout_s``, generous by default so normal rate-limit waits fit inside it) and the
number of digests in flight (``max_concurrency``).

Errors become ``DeliveryError``: Unknown Channel (404, code 10003) is permanent and disables the
subscription; 403 (Missing Access 50001, Missing Permissions 50013, anything else) is permanent
with a reason a server admin can act on; 5xx, rate limits longer than the client accepts,
connection errors and timeouts are transient and leave the digest pending. Other HTTP errors (a
400 means our renderer broke a rule) are bugs and are not wrapped.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections.abc import Sequence

import aiohttp
import discord

from bot.chat.discord.render import DiscordMessage, render_digest
from bot.core.model import ChannelRef, Digest
from bot.digests.deliverer import PartCallback, Receipt
from bot.errors import DeliveryError

log = logging.getLogger(__name__)

MAX_CONCURRENCY = 8  # digests in flight at once, across channels
SEND_TIMEOUT_S = 120.0  # per part, including discord.py's own rate-limit waits and 5xx retries
NONCE_BYTES = 12  # 24 hex characters: Discord nonces are at most 25 characters

# Discord JSON error codes: https://discord.com/developers/docs/topics/opcodes-and-status-codes
UNKNOWN_CHANNEL = 10003
MISSING_ACCESS = 50001
MISSING_PERMISSIONS = 50013


class DiscordDeliverer:
    """The Discord ``Deliverer``; safe to call concurrently (one digest at a time per channel)."""

    platform = "discord"

    def __init__(
        self,
        client: discord.Client,
        *,
        max_concurrency: int = MAX_CONCURRENCY,
        send_timeout_s: float = SEND_TIMEOUT_S,
    ) -> None:
        if max_concurrency < 1:
            raise ValueError("max_concurrency must be at least 1")
        self.client = client
        self.send_timeout_s = send_timeout_s
        self._slots = asyncio.Semaphore(max_concurrency)
        self._locks: dict[str, asyncio.Lock] = {}

    async def deliver(
        self,
        channel: ChannelRef,
        digest: Digest,
        *,
        skip_parts: int = 0,
        on_part: PartCallback | None = None,
    ) -> Receipt:
        """Send the parts from ``skip_parts`` on; the receipt holds the new messages' ids."""
        guild_id, channel_id = discord_channel_ids(channel)
        parts = render_digest(digest)
        target = self.client.get_partial_messageable(channel_id, guild_id=guild_id)
        sent: list[str] = []
        async with self._locks.setdefault(str(channel), asyncio.Lock()), self._slots:
            for index, part in enumerate(parts):
                if index < skip_parts:
                    continue
                try:
                    message_id = await self._send(target, part, part_nonce(digest.id, index))
                except DeliveryError as e:
                    log.error(
                        "discord delivery failed channel=%s digest=%s part=%d permanent=%s "
                        "reason=%s",
                        channel,
                        digest.id,
                        index,
                        e.permanent,
                        e.reason,
                    )
                    raise
                sent.append(message_id)
                if on_part is not None:
                    await on_part(index, message_id)
        log.info(
            "discord digest delivered channel=%s digest=%s parts=%d", channel, digest.id, len(sent)
        )
        return Receipt(tuple(sent))

    async def deliver_many(
        self, items: Sequence[tuple[ChannelRef, Digest]]
    ) -> list[Receipt | DeliveryError]:
        """Deliver several digests concurrently (bounded by ``max_concurrency``), results in order.

        A ``DeliveryError`` is returned in its slot; anything else is a bug and propagates.
        """

        async def one(channel: ChannelRef, digest: Digest) -> Receipt | DeliveryError:
            try:
                return await self.deliver(channel, digest)
            except DeliveryError as e:
                return e

        async with asyncio.TaskGroup() as group:
            tasks = [group.create_task(one(channel, digest)) for channel, digest in items]
        return [task.result() for task in tasks]

    async def _send(
        self, target: discord.PartialMessageable, part: DiscordMessage, nonce: str
    ) -> str:
        try:
            async with asyncio.timeout(self.send_timeout_s):
                message = await target.send(
                    content=part.content,
                    embeds=list(part.embeds),
                    allowed_mentions=discord.AllowedMentions.none(),
                    nonce=nonce,
                )
        except (discord.NotFound, discord.Forbidden, discord.DiscordServerError) as e:
            raise delivery_error(e, target.id) from e
        except discord.RateLimited as e:
            raise DeliveryError(
                f"Discord rate limit of {e.retry_after:.0f} s is longer than the bot waits; "
                "will retry",
                permanent=False,
            ) from e
        except TimeoutError as e:
            raise DeliveryError(
                f"Discord did not answer within {self.send_timeout_s:g} s; will retry",
                permanent=False,
            ) from e
        except (aiohttp.ClientError, OSError) as e:
            raise DeliveryError(
                f"Discord could not be reached ({type(e).__name__}); will retry", permanent=False
            ) from e
        return str(message.id)


def delivery_error(
    error: discord.NotFound | discord.Forbidden | discord.DiscordServerError, channel_id: int
) -> DeliveryError:
    """Translate a Discord HTTP error into the ``DeliveryError`` the service acts on."""
    where = f"<#{channel_id}>"
    if isinstance(error, discord.NotFound):
        if error.code == UNKNOWN_CHANNEL:
            return DeliveryError(
                f"channel {where} no longer exists or the bot left its server (Unknown Channel)",
                permanent=True,
                disable=True,
            )
        return DeliveryError(
            f"Discord could not find channel {where}: {error.text} (code {error.code})",
            permanent=True,
        )
    if isinstance(error, discord.Forbidden):
        if error.code == MISSING_ACCESS:
            reason = (
                f"the bot cannot see {where} (Missing Access): give it View Channel and "
                "Send Messages there, then /digest resume"
            )
        elif error.code == MISSING_PERMISSIONS:
            reason = (
                f"the bot lacks Send Messages / Embed Links in {where} (Missing Permissions): "
                "grant them, then /digest resume"
            )
        else:
            reason = f"Discord refused to post in {where}: {error.text} (code {error.code})"
        return DeliveryError(reason, permanent=True)
    return DeliveryError(
        f"Discord server error {error.status} while posting in {where}; will retry",
        permanent=False,
    )


def discord_channel_ids(channel: ChannelRef) -> tuple[int, int]:
    """``(guild_id, channel_id)`` of ``ChannelRef("discord", "GUILD:CHANNEL")``."""
    if channel.platform != DiscordDeliverer.platform:
        raise ValueError(f"DiscordDeliverer cannot deliver to {channel}")
    guild, sep, ident = channel.id.partition(":")
    if not (sep and _is_snowflake(guild) and _is_snowflake(ident)):
        raise DeliveryError(
            f"{channel} is not a Discord channel (expected discord:GUILD_ID:CHANNEL_ID)",
            permanent=True,
            disable=True,
        )
    return int(guild), int(ident)


def part_nonce(digest_id: str, index: int) -> str:
    """The stable nonce of one part of one digest: 24 hex characters."""
    return hashlib.blake2b(f"{digest_id}:{index}".encode(), digest_size=NONCE_BYTES).hexdigest()


def _is_snowflake(text: str) -> bool:
    return text.isascii() and text.isdecimal()
