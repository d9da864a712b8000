"""``DigestService``: the one application service every frontend calls.

The CLI, the console, Discord and Slack only translate their input into these calls and the
results into their output; they hold no logic. One method per command, grouped by what the
commands are about (``feeds``, ``topics``, ``channels``, ``digests``, ``health``) over the shared
state in ``base``. Input errors raise ``UserError`` whose message is shown to the user as
written. ``scope`` is the chat server a call comes from (``discord:GUILD``, ``slack:TEAM``;
empty for the operator's CLI): feeds and topics created there belong to it, and a command can
only change what belongs to its own scope.
"""

from bot.service.channels import ChannelCommands, ScheduleChange
from bot.service.digests import DigestCommands
from bot.service.feeds import FeedCommands, ImportReport, check_feed_url, same_feed_key
from bot.service.health import (
    HEARTBEAT_KEY,
    LAST_POLL_KEY,
    ChannelState,
    FeedCounts,
    HealthCommands,
    Status,
    read_health,
)
from bot.service.topics import TopicCommands, TopicMatch, TopicTest, removed_builtin_key


class DigestService(FeedCommands, TopicCommands, ChannelCommands, DigestCommands, HealthCommands):
    """Every command of every frontend, as one object (see the module docstring)."""


__all__ = [
    "HEARTBEAT_KEY",
    "LAST_POLL_KEY",
    "ChannelState",
    "DigestService",
    "FeedCounts",
    "ImportReport",
    "ScheduleChange",
    "Status",
    "TopicMatch",
    "TopicTest",
    "check_feed_url",
    "read_health",
    "removed_builtin_key",
    "same_feed_key",
]
