"""How the Discord frontend answers: inert text, clipped replies, ephemeral by default, and the
outcome of a digest run in words. Every send passes ``AllowedMentions.none()``; text from users
and feeds goes through ``safe`` (markdown shown literally, no mention can form).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

import discord
from discord import app_commands

from bot.chat.discord.render import CONTENT_MAX
from bot.core.model import ChannelRef
from bot.core.text import cut
from bot.digests.runner import DigestOutcome, RunResult
from bot.errors import UserError

log = logging.getLogger(__name__)


TEST_MATCHES_SHOWN = 10
CODE_SHOWN = 400  # characters of a query or URL echoed in a reply
FAILING_FEEDS_SHOWN = 8
MANAGE_SERVER = discord.Permissions(manage_guild=True)
NONE = discord.AllowedMentions.none()
GENERIC_ERROR = "Something went wrong on our side; it was logged. Please try again later."
NEEDS_MANAGE_SERVER = "You need the **Manage Server** permission to change the digest settings."
manage_server_only = app_commands.checks.has_permissions(manage_guild=True)


def safe(text: str) -> str:
    """User or feed text made inert: markdown shown literally, no mention can form."""
    return discord.utils.escape_mentions(discord.utils.escape_markdown(text))


def clip(lines: Iterable[str], limit: int = CONTENT_MAX) -> str:
    """Join whole lines within ``limit`` characters; if some do not fit, say how many."""
    rows = [cut(line, limit // 2) for line in lines]
    text = "\n".join(rows)
    if len(text) <= limit:
        return text
    kept: list[str] = []
    used = 0
    for index, line in enumerate(rows):
        rest = len(rows) - index - 1
        if rest == 0 or used + len(line) + 1 + len(f"… and {rest} more") > limit:
            break
        kept.append(line)
        used += len(line) + 1
    return "\n".join([*kept, f"… and {len(rows) - len(kept)} more"])


def stamp(at: datetime | None, missing: str = "never") -> str:
    """A Discord timestamp, shown in each reader's own time zone."""
    if at is None:
        return missing
    return f"{discord.utils.format_dt(at, 'f')} ({discord.utils.format_dt(at, 'R')})"


def guild_scope(interaction: discord.Interaction[Any]) -> str:
    return f"discord:{_guild_id(interaction)}"


def channel_ref(interaction: discord.Interaction[Any]) -> ChannelRef:
    if interaction.channel_id is None:
        raise UserError("Use this command in a text channel of a server.")
    return ChannelRef("discord", f"{_guild_id(interaction)}:{interaction.channel_id}")


def _guild_id(interaction: discord.Interaction[Any]) -> int:
    if interaction.guild_id is None:
        raise UserError("Use this command in a server channel, not in a direct message.")
    return interaction.guild_id


async def reply(
    interaction: discord.Interaction[Any],
    content: str,
    *,
    ephemeral: bool = True,
    embeds: Sequence[discord.Embed] = (),
) -> None:
    """Answer the interaction, or follow up when it was already answered or deferred."""
    if interaction.response.is_done():
        await interaction.followup.send(
            content, embeds=list(embeds), ephemeral=ephemeral, allowed_mentions=NONE
        )
    else:
        await interaction.response.send_message(
            content, embeds=list(embeds), ephemeral=ephemeral, allowed_mentions=NONE
        )


async def defer(interaction: discord.Interaction[Any], *, ephemeral: bool = True) -> None:
    await interaction.response.defer(ephemeral=ephemeral, thinking=True)


def outcome_text(result: RunResult) -> str:
    count = 0 if result.digest is None else len(result.digest.story_ids)
    resent = " (a digest left pending earlier was sent first)" if result.resent_pending else ""
    match result.outcome:
        case DigestOutcome.DELIVERED:
            return f"📰 Digest posted: {count} {'story' if count == 1 else 'stories'}{resent}."
        case DigestOutcome.EMPTY | DigestOutcome.ALREADY_SENT:
            return f"Nothing new since the last digest{resent}."
        case DigestOutcome.PAUSED:
            reason = safe(result.error or "no reason recorded")
            return f"Digests here are paused: {reason}. Fix it, then `/digest resume`."
        case DigestOutcome.FAILED:
            reason = safe(result.error or "unknown error")
            return f"The digest could not be posted: {reason}. It will be retried."
        case DigestOutcome.BUSY:
            return "Another bot process is posting this channel's digest right now."
        case DigestOutcome.SKIPPED:
            reason = safe(result.error or "this process cannot reach the channel")
            return f"No digest was built: {reason}."


def code_span(text: str, limit: int = CODE_SHOWN) -> str:
    """Text as an inline code span, backticks and all: a backtick in it cannot end the span early,
    and text longer than ``limit`` is cut inside the span ("…" before the closing backtick), so
    a 4,000-character query neither leaves a span open when a reply is clipped nor pushes a reply
    past Discord's 2,000 characters (the topic would be saved and the answer refused)."""
    return f"`{cut(text, limit).replace('`', 'ˋ')}`"
