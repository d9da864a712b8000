"""``why``: which topic and terms put an item in a channel's digest, or which stage dropped it.

Every stage records or can recompute its reason: the merge decision stored with the item
(``bot.core.dedupe``), the topic hits stored with its story, the delivered digests that carried
it, and for everything else the pure builder's ``dropped`` map for the channel's next digest.
"""

from __future__ import annotations

from datetime import datetime

from bot.core.digest import Drop
from bot.core.model import Channel, ChannelRef
from bot.core.normalize import canonical_url
from bot.digests.runner import DigestRunner
from bot.errors import UserError
from bot.storage import Store, StoryRow


async def explain_item(
    store: Store, runner: DigestRunner, now: datetime, ref: ChannelRef, item_or_url: str
) -> list[str]:
    """Lines explaining each stored item whose id, canonical URL or URL is ``item_or_url``."""
    ref_text = item_or_url.strip()
    if ref_text.isdigit():
        traces = await store.trace_items(int(ref_text), None)
    else:  # the same canonical form the item was stored under (tracking params, AMP, …)
        traces = await store.trace_items(None, canonical_url(ref_text) or ref_text)
    if not traces:
        raise UserError(f"no stored item has the id or URL {item_or_url!r}")
    channel = await store.get_channel(ref)
    lines: list[str] = []
    for trace in traces:
        lines.append(f"item {trace.item_id}: {trace.title} ({trace.outlet})")
        if trace.story_id is None:
            lines.append("  not yet placed in a story")
            continue
        decision, _, evidence = (trace.note or trace.rule or "").partition("; log-odds ")
        lines.append(f"  story {trace.story_id}: {decision}")
        if evidence:  # the score breakdown of the merge (bot.core.evidence), one term each
            lines.append(f"  evidence: log-odds {evidence}")
        story = await store.get_story(trace.story_id)
        if story is None or channel is None:
            lines.append(f"  {ref} has no subscriptions")
            continue
        if story.lead_item_id != trace.item_id:
            lines.append(
                f"  merged into story {story.id}, listed under its lead item {story.lead_item_id}"
            )
        matched = {k: v for k, v in story.topics.items() if k in channel.topics}
        if not matched:
            lines.append(
                f"  dropped: no topic of {ref} matched ({', '.join(channel.topics) or 'none'})"
            )
            continue
        for key, terms in matched.items():
            lines.append(f"  matched topic {key.rpartition('/')[2]} on: {', '.join(terms)}")
        lines.extend(await _digest_fate(store, runner, now, channel, story))
    return lines


async def _digest_fate(
    store: Store, runner: DigestRunner, now: datetime, channel: Channel, story: StoryRow
) -> list[str]:
    """Where a story matching the channel's topics went: a digest, the next one, or a drop."""
    considered = await store.story_in_digests(channel.ref, story.id)
    for record, dropped in considered:
        if dropped is None:
            return [
                f"  included in digest {record.id} "
                f"({record.status}, {record.created_at:%Y-%m-%d %H:%M} UTC)"
            ]
    build = await runner.build(channel, now)
    if story.id in build.placed:
        return [f"  will be in the next digest under {build.placed[story.id]}"]
    if story.id in build.dropped:
        return [f"  dropped from the next digest: {build.dropped[story.id]}"]
    if considered:
        record, dropped = considered[-1]
        return [
            f"  dropped from digest {record.id} ({record.created_at:%Y-%m-%d %H:%M} UTC): {dropped}"
        ]
    limits = runner.limits_for(channel)
    if story.published_at < now - limits.max_age:
        hours = limits.max_age.total_seconds() / 3600
        return [f"  dropped: {Drop.TOO_OLD} (published over {hours:g} h ago)"]
    return ["  considered by an earlier digest of this channel, recorded before reasons were kept"]
