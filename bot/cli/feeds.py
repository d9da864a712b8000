"""The feeds commands: add (fetched once), list, remove, resume, OPML import and export."""

from __future__ import annotations

import argparse
import logging

from rich.console import Console

from bot.app import App
from bot.cli.output import (
    EXIT_OK,
    feed_json,
    feed_status_text,
    print_json,
    print_table,
    say,
    when_text,
)
from bot.core.model import FeedStatus
from bot.ingest.opml import read_opml_file

log = logging.getLogger(__name__)


async def feeds(app: App, args: argparse.Namespace, out: Console) -> int:
    cmd = args.feeds_command
    if cmd == "add":
        feed = await app.service.add_feed(args.url, args.name, fetch_now=True)
        say(out, f"added feed {feed.id}: {feed.name} <{feed.url}> ({feed.item_count} items)")
    elif cmd == "list":
        feeds = await app.service.list_feeds()
        if args.json:
            print_json(out, [feed_json(f) for f in feeds])
            return EXIT_OK
        rows = [
            (
                str(feed.id),
                feed.name,
                feed.url,
                feed_status_text(feed),
                str(feed.item_count),
                when_text(feed.last_fetch_at),
                "-" if feed.status is FeedStatus.PAUSED else when_text(feed.next_fetch_at),
            )
            for feed in feeds
        ]
        print_table(out, ("id", "name", "url", "status", "items", "last fetch", "next fetch"), rows)
    elif cmd == "remove":
        feed = await app.service.remove_feed(args.feed_id)
        say(out, f"removed feed {feed.id}: {feed.name}")
    elif cmd == "resume":
        feed = await app.service.resume_feed(args.feed_id)
        say(out, f"resumed feed {feed.id}: {feed.name}")
    elif cmd == "import":
        data = read_opml_file(args.file)  # reads at most the size cap (issue 13)
        report = await app.service.import_opml(data)
        for feed in report.added:
            out.print(f"added   {feed.id}: {feed.name} <{feed.url}>", markup=False)
        for url, reason in report.skipped:
            out.print(f"skipped {url}: {reason}", markup=False)
        for url, reason in report.refused:
            out.print(f"refused {url}: {reason}", markup=False)
        out.print(
            f"{len(report.added)} added, {len(report.skipped)} skipped, "
            f"{len(report.refused)} refused"
        )
    else:  # export
        out.file.write(await app.service.export_opml())
    return EXIT_OK
