"""The channel commands: subscribe, unsubscribe, schedule, digest (now or dry run), why, resume."""

from __future__ import annotations

import argparse
import logging
from zoneinfo import ZoneInfo

from rich.console import Console

from bot.app import App
from bot.chat.console import render_text
from bot.chat.rest import rest_deliverers
from bot.cli.output import EXIT_FAILURE, EXIT_OK, say
from bot.digests.runner import DigestOutcome

log = logging.getLogger(__name__)


async def channels(app: App, args: argparse.Namespace, out: Console) -> int:
    service, ref = app.service, args.channel
    if args.command == "subscribe":
        added = await service.subscribe(ref, args.topics)
        now = await service.channel_topics(ref)
        say(out, f"{ref}: added {', '.join(added) or 'nothing new'}; topics: {', '.join(now)}")
    elif args.command == "unsubscribe":
        removed = await service.unsubscribe(ref, args.topics)
        out.print(f"{ref}: removed {', '.join(removed)}", markup=False)
    elif args.command == "schedule":
        change = await service.set_schedule(ref, args.when, args.timezone)
        zone = ZoneInfo(change.channel.timezone)
        out.print(
            f"{ref}: {change.schedule} {zone.key}; next digest "
            f"{change.next_at.astimezone(zone):%a %Y-%m-%d %H:%M %Z}",
            markup=False,
        )
    elif args.command == "resume":
        channel = await service.resume_channel(ref)
        out.print(f"{channel.ref}: resumed", markup=False)
    elif args.command == "why":
        for line in await service.why(ref, args.item):
            out.print(line, markup=False, highlight=False)
    elif args.dry_run:
        digest = await service.preview(ref)
        if digest.is_empty:
            out.print(f"{ref}: nothing new for its topics", markup=False)
        else:
            out.print(render_text(digest), markup=False, highlight=False)
    else:
        async with rest_deliverers(app.config, {ref.platform} - {"console"}, app.clock) as chat:
            service.runner.deliverers.update(chat)
            result = await service.send_now(ref)
        out.print(
            f"{ref}: {result.outcome.value}" + (f" ({result.error})" if result.error else ""),
            markup=False,
            highlight=False,
        )
        failed = (DigestOutcome.FAILED, DigestOutcome.BUSY, DigestOutcome.SKIPPED)
        return EXIT_FAILURE if result.outcome in failed else EXIT_OK
    return EXIT_OK
