"""The error hierarchy shared by every layer.

``UserError`` carries a message that is shown to a user exactly as written; it is never used for
bugs. ``FeedError`` is a value inside a ``PollResult`` and never escapes ingestion.
``DeliveryError`` tells the service whether a failed send is permanent (pause the subscription) or
transient (leave the digest pending). Anything else is a bug and is not wrapped.
"""

from __future__ import annotations


class BotError(Exception):
    """Base of every error this package raises on purpose."""


class UserError(BotError):
    """Bad input from a user; ``str(err)`` is shown to them as written."""


class ConfigError(BotError):
    """The configuration file or environment is invalid; the message names the key."""


class FeedError(BotError):
    """Fetching or parsing one feed failed.

    ``kind`` is a short stable code stored in the database and used by the backoff policy
    (``http_404``, ``timeout``, ``too_large``, ``private_address``, ``not_a_feed``, ...);
    ``message`` is the human-readable reason shown in ``feeds list`` and ``status``.
    """

    def __init__(
        self,
        url: str,
        kind: str,
        message: str,
        *,
        status: int | None = None,
        retry_after_s: float | None = None,
    ) -> None:
        super().__init__(f"{url}: {message}")
        self.url = url
        self.kind = kind
        self.message = message
        self.status = status
        self.retry_after_s = retry_after_s

    def __reduce__(self) -> tuple[object, ...]:
        # picklable with its fields: it crosses the parser worker-process boundary
        return (
            _rebuild_feed_error,
            (self.url, self.kind, self.message, self.status, self.retry_after_s),
        )


def _rebuild_feed_error(
    url: str, kind: str, message: str, status: int | None, retry_after_s: float | None
) -> FeedError:
    return FeedError(url, kind, message, status=status, retry_after_s=retry_after_s)


class DeliveryError(BotError):
    """Sending a digest to a chat platform failed.

    ``permanent`` failures (channel gone, access revoked) pause the subscription with ``reason``;
    transient ones leave the digest pending for the next attempt.
    """

    def __init__(self, reason: str, *, permanent: bool, disable: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.permanent = permanent
        self.disable = disable
