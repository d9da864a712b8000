"""The port of the digest stage: what every chat platform adapter provides to the runner.

It lives here, with the layer that calls it (the runner and the alerts), so the digest stage
never imports the chat package; the chat adapters implement it (issue 17).

A ``Deliverer`` sends one recorded ``Digest`` to one channel. A renderer turns a digest into an
ordered list of messages ("parts") deterministically, so a resend after a crash produces the same
parts. The deliverer sends ``parts[skip_parts:]`` in order and awaits ``on_part(index, message_id)``
after the platform accepted each one; the service records that progress, so a crash in the middle
of a long digest resumes at the first unsent part instead of repeating the ones already posted.

On failure it raises ``DeliveryError`` (``permanent=True`` pauses the subscription, ``disable=True``
means the channel is gone). The Protocol exists because there are three real implementations
(console, Discord, Slack).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Protocol, TypeAlias

from bot.core.model import ChannelRef, Digest

PartCallback: TypeAlias = Callable[[int, str], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class Receipt:
    """Proof that the platform accepted a digest: the ids of the messages it created, in order."""

    message_ids: tuple[str, ...]


class Deliverer(Protocol):
    platform: str

    async def deliver(
        self,
        channel: ChannelRef,
        digest: Digest,
        *,
        skip_parts: int = 0,
        on_part: PartCallback | None = None,
    ) -> Receipt:
        """Send ``digest``'s parts from ``skip_parts`` on, in order; raise ``DeliveryError``."""
        ...
