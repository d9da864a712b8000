"""Operating the bot from the command line: poll now, status, health, slash-command sync."""

from __future__ import annotations

import argparse
import asyncio
import logging
from dataclasses import asdict
from datetime import timedelta
from pathlib import Path

import aiohttp
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from bot.app import App, system_clock
from bot.cli.output import (
    EXIT_FAILURE,
    EXIT_OK,
    feed_json,
    feed_status_text,
    print_json,
    say,
    when_text,
)
from bot.config import Config
from bot.core.model import FeedStatus
from bot.errors import UserError
from bot.ingest.poller import PollResult
from bot.runlock import RunLock
from bot.service import read_health
from bot.storage import (
    POSTGRES_INSTALL,
    StoreError,
    is_postgres_url,
    open_store,
    postgres_driver_installed,
    redact_url,
)

log = logging.getLogger(__name__)


async def poll(app: App, args: argparse.Namespace, out: Console) -> int:
    every_feed = bool(args.all)
    feed_ids: list[int] | None = args.feed
    if every_feed:
        due = [f for f in await app.store.list_feeds() if f.status is not FeedStatus.PAUSED]
    elif feed_ids:
        due = [f for f in await app.store.list_feeds() if f.id in feed_ids]
    else:
        due = await app.store.due_feeds(app.clock())
    if out.is_terminal and due:
        columns = (
            TextColumn("polling"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TextColumn("{task.description}"),
        )
        with Progress(*columns, console=out, transient=True) as progress:
            task = progress.add_task("", total=len(due))

            def advance(result: PollResult) -> None:
                progress.update(task, advance=1, description=result.url[:60])

            summary = await app.service.poll(
                feed_ids=feed_ids, every_feed=every_feed, on_result=advance
            )
    else:
        summary = await app.service.poll(feed_ids=feed_ids, every_feed=every_feed)
    for result in summary.results:
        if result.error is not None:
            say(out, f"failed: {result.url}: {result.error.message}")
    say(out, summary.line())
    return EXIT_OK


async def status(app: App, args: argparse.Namespace, out: Console) -> int:
    status = await app.service.status()
    if args.json:
        data = asdict(status)
        data["failing_feeds"] = [feed_json(f) for f in status.failing_feeds]
        data["channels"] = [
            {
                "id": str(st.channel.ref),
                "status": st.channel.status.value,
                "status_reason": st.channel.status_reason,
                "topics": list(st.channel.topics),
                "schedule": st.channel.schedule,
                "timezone": st.channel.timezone,
                "last_delivered_at": st.last_delivered_at,
                "next_at": st.next_at,
                "pending": st.pending,
            }
            for st in status.channels
        ]
        print_json(out, data)
        return EXIT_OK
    say(
        out,
        f"database: {status.database} (schema {status.schema_version}, "
        f"{status.database_bytes / 1_000_000:.1f} MB, "
        f"oldest item {when_text(status.oldest_item_at)})",
    )
    f = status.feeds
    out.print(f"feeds: {f.total} ({f.ok} ok, {f.failing} failing, {f.paused} paused)")
    out.print(
        f"items: {status.items}; stories: {status.stories}; "
        f"last successful fetch: {when_text(status.last_success_at)}"
    )
    for feed in status.failing_feeds:
        say(out, f"  {feed.id} {feed.name}: {feed_status_text(feed)}")
    out.print(f"channels: {len(status.channels)}; pending deliveries: {status.pending_digests}")
    for state in status.channels:
        ch = state.channel
        health = ch.status.value + (f": {ch.status_reason}" if ch.status_reason else "")
        say(
            out,
            f"  {ch.ref} [{health}] topics: {', '.join(t.rpartition('/')[2] for t in ch.topics)}; "
            f"schedule: {ch.schedule} {ch.timezone}; "
            f"last digest: {when_text(state.last_delivered_at)}; "
            f"next: {when_text(state.next_at)}"
            + ("; a digest is pending" if state.pending else ""),
        )
    return EXIT_OK


async def sync_commands_now(app: App, args: argparse.Namespace, out: Console) -> int:
    token = app.config.secrets.discord_token
    if not token:
        raise UserError("set DISCORD_TOKEN to sync Discord slash commands")
    from bot.chat.discord.frontend import sync_commands  # discord.py loads only when needed

    count = await sync_commands(token, app.service, args.guild)
    where = (
        f"server {args.guild}" if args.guild else "every server (global; may take up to an hour)"
    )
    out.print(f"synced {count} commands to {where}", markup=False)
    return EXIT_OK


async def healthcheck(config: Config, out: Console) -> int:
    """Ask the running bot: its /healthz when metrics are on, else the heartbeat it records.

    Read-only: it neither seeds nor migrates the database of the bot it checks.
    """
    interval = timedelta(seconds=config.fetch.poll_interval_s)
    if config.metrics.enabled:
        url = f"http://{config.metrics.host}:{config.metrics.port}/healthz"
        try:
            timeout = aiohttp.ClientTimeout(total=5)
            async with aiohttp.ClientSession(timeout=timeout) as http, http.get(url) as resp:
                problems = (await resp.json(content_type=None)).get("problems", [])
                healthy = resp.status == 200
        except (aiohttp.ClientError, TimeoutError, ValueError) as e:
            out.print(f"unhealthy: the bot does not answer on {url} ({e})", markup=False)
            return EXIT_FAILURE
    else:
        path = Path(config.database.path)
        if not config.database.url and not await asyncio.to_thread(path.exists):
            out.print(f"unhealthy: no database at {path}; the bot has not run", markup=False)
            return EXIT_FAILURE
        try:
            async with await open_store(config.database_target) as store:
                problems = await read_health(store, system_clock(), interval)
        except StoreError as e:
            out.print(f"unhealthy: {e}", markup=False)
            return EXIT_FAILURE
        healthy = not problems
    out.print("healthy" if healthy else "unhealthy: " + "; ".join(problems), markup=False)
    return EXIT_OK if healthy else EXIT_FAILURE


async def migrate_db(config: Config, url: str, out: Console) -> int:
    """``migrate-db --to URL``: copy the SQLite database into PostgreSQL (issue 18).

    The bot must be stopped: the copy holds the file's run lock, so a ``run`` on it cannot
    start meanwhile, and one already running makes this refuse. Safe to run again (see
    ``bot.storage.postgres.from_sqlite``).
    """
    if not is_postgres_url(url):
        raise UserError(f"--to: expected a postgresql:// URL, got {redact_url(url)!r}")
    source = Path(config.database.path)
    if config.database.path == ":memory:" or not await asyncio.to_thread(source.is_file):
        raise UserError(f"no SQLite database at {source} to copy (name it with --db PATH)")
    if not postgres_driver_installed():
        raise UserError(f"PostgreSQL needs its driver, which is not installed: {POSTGRES_INSTALL}")
    from bot.storage.postgres.from_sqlite import copy_sqlite_to_postgres  # the [postgres] extra

    with RunLock(source):
        result = await copy_sqlite_to_postgres(source, url)
    total = sum(result.rows.values())
    verb = "copied" if result.copied else "already copied (nothing written; checked equal)"
    say(out, f"{verb}: {total} rows from {source} to {redact_url(url)}")
    for table, count in result.rows.items():
        say(out, f"  {table}: {count}")
    say(out, f'next: set [database] url = "{redact_url(url)}" in the config')
    return EXIT_OK
