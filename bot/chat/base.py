"""What every chat platform adapter provides to the service.

A ``Deliverer`` sends one recorded ``Digest`` to one channel and returns a ``Receipt`` only after the
platform accepted every message; on failure it raises ``DeliveryError`` (``permanent=True`` pauses
the subscription, ``disable=True`` means the channel is gone). The Protocol exists because there are
three real implementations (console, Discord, Slack).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from bot.core.model import ChannelRef, Digest


@dataclass(frozen=True, slots=True)
class Receipt:
    """Proof that the platform accepted a digest: the ids of the messages it created, in order."""

    message_ids: tuple[str, ...]


class Deliverer(Protocol):
    platform: str

    async def deliver(self, channel: ChannelRef, digest: Digest) -> Receipt:
        """Send every message of ``digest`` in order; raise ``DeliveryError`` on failure."""
        ...
