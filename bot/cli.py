"""The command line: one more frontend over ``DigestService``.

``build_parser`` defines every subcommand; ``run_cli`` opens the app, dispatches to a handler that
makes one service call and renders the result with rich (tables and a progress bar on a terminal,
plain lines when piped). Exit codes: 0 ok, 1 runtime failure, 2 bad usage, config or input.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import re
import sys
from collections.abc import Awaitable, Callable
from dataclasses import asdict
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, TextIO
from zoneinfo import ZoneInfo

import aiohttp
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from bot import __version__
from bot.app import App, open_app, run_bot, system_clock
from bot.chat.console import render_text
from bot.config import Config
from bot.core.model import ChannelRef, Feed, FeedStatus
from bot.core.policy import health_problems
from bot.demo import run_demo
from bot.errors import UserError
from bot.ingest import PollResult
from bot.runner import DigestOutcome
from bot.service import HEARTBEAT_KEY, LAST_POLL_KEY, TopicTest
from bot.storage import Store

log = logging.getLogger(__name__)

EXIT_OK, EXIT_FAILURE, EXIT_USAGE = 0, 1, 2

Handler = Callable[[App, argparse.Namespace, Console], Awaitable[int]]


class UsageError(UserError):
    """Bad command-line usage; exits 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:  # argparse's hook; exits 2 like argparse does
        self.print_usage(sys.stderr)
        raise UsageError(f"{self.prog}: {message}")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m bot", description="News Digest Bot")
    parser.add_argument("--version", action="version", version=f"news-digest-bot {__version__}")
    parser.add_argument(
        "--config",
        type=Path,
        help="config file (default: ./config.toml if present, else built-in defaults)",
    )
    parser.add_argument("--db", help="database file (overrides database.path)")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    sub.add_parser("check-config", help="validate the config; exit 2 naming the bad key")
    sub.add_parser("poll", help="poll every due feed once")
    status = sub.add_parser("status", help="feeds, items, last poll")
    status.add_argument("--json", action="store_true", help="machine-readable output")

    feeds = sub.add_parser("feeds", help="manage feeds").add_subparsers(
        dest="feeds_command", required=True, parser_class=_Parser
    )
    add = feeds.add_parser("add", help="add a feed")
    add.add_argument("url")
    add.add_argument("--name", default="")
    lst = feeds.add_parser("list", help="list feeds with their health")
    lst.add_argument("--json", action="store_true")
    rm = feeds.add_parser("remove", help="remove a feed (its items stay)")
    rm.add_argument("feed_id", type=int)
    resume = feeds.add_parser("resume", help="resume a paused feed")
    resume.add_argument("feed_id", type=int)
    imp = feeds.add_parser("import", help="add the feeds of an OPML file")
    imp.add_argument("file", type=Path)
    feeds.add_parser("export", help="print the feeds as OPML 2.0")

    topics = sub.add_parser("topics", help="manage topics").add_subparsers(
        dest="topics_command", required=True, parser_class=_Parser
    )
    tadd = topics.add_parser("add", help="create or replace a topic")
    tadd.add_argument("name")
    tadd.add_argument("query")
    tadd.add_argument("--description", default="")
    topics.add_parser("list", help="list topics and their queries")
    trm = topics.add_parser("remove", help="remove a topic")
    trm.add_argument("name")
    ttest = topics.add_parser("test", help="show stored items a query would match")
    ttest.add_argument("query")
    ttest.add_argument("--since", default="7d", type=_duration, help="e.g. 12h, 7d (default 7d)")
    ttest.add_argument("--json", action="store_true", help="machine-readable output")

    subscribe = sub.add_parser("subscribe", help="subscribe a channel to topics")
    subscribe.add_argument("channel", type=_channel)
    subscribe.add_argument("topics", nargs="+")
    unsubscribe = sub.add_parser("unsubscribe", help="unsubscribe a channel from topics")
    unsubscribe.add_argument("channel", type=_channel)
    unsubscribe.add_argument("topics", nargs="+")
    schedule = sub.add_parser("schedule", help='set a channel\'s schedule, e.g. "08:00 mon-fri"')
    schedule.add_argument("channel", type=_channel)
    schedule.add_argument("when")
    schedule.add_argument("timezone", nargs="?")
    digest = sub.add_parser("digest", help="build and deliver a channel's digest now")
    digest.add_argument("channel", type=_channel)
    digest.add_argument("--dry-run", action="store_true", help="print it, record nothing")
    why = sub.add_parser("why", help="why an item was or wasn't in a channel's digest")
    why.add_argument("channel", type=_channel)
    why.add_argument("item", help="item id or article URL")
    resume = sub.add_parser("resume", help="resume a channel paused by a delivery error")
    resume.add_argument("channel", type=_channel)
    sub.add_parser("run", help="run the bot (console mode when no chat token is set)")
    sub.add_parser("healthcheck", help="exit 0 if the running bot is healthy, 1 if not")
    sync = sub.add_parser("sync-commands", help="upload Discord slash commands now")
    sync.add_argument("--guild", type=int, help="sync to one server only (instant; for testing)")
    sub.add_parser("demo", help="no network, no token: bundled captures -> a digest")
    return parser


def _duration(text: str) -> timedelta:
    match = re.fullmatch(r"\s*(\d+)\s*([mhdw])\s*", text.lower())
    if not match:
        raise argparse.ArgumentTypeError(f"{text!r} is not a duration; write e.g. 30m, 12h, 7d, 2w")
    unit = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}[match.group(2)]
    return timedelta(**{unit: int(match.group(1))})


def _channel(text: str) -> ChannelRef:
    try:
        return ChannelRef.parse(text)
    except ValueError as e:
        raise argparse.ArgumentTypeError(str(e)) from e


def _when(value: datetime | None) -> str:
    return "-" if value is None else value.strftime("%Y-%m-%d %H:%M UTC")


def feed_status_text(feed: Feed) -> str:
    if feed.status is FeedStatus.OK:
        return "ok"
    if feed.status is FeedStatus.PAUSED:
        return f"paused: {feed.last_error or 'by an operator'}"
    return f"failing: {feed.last_error or feed.error_kind or 'unknown'}"


def _feed_json(feed: Feed) -> dict[str, Any]:
    data = asdict(feed)
    data["status"] = feed.status.value
    data["status_text"] = feed_status_text(feed)
    return {k: (v.isoformat() if isinstance(v, datetime) else v) for k, v in data.items()}


async def _poll(app: App, args: argparse.Namespace, out: Console) -> int:
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

            summary = await app.service.poll(on_result=advance)
    else:
        summary = await app.service.poll()
    for result in summary.results:
        if result.error is not None:
            out.print(
                f"failed: {result.url}: {result.error.message}", markup=False, highlight=False
            )
    out.print(summary.line(), markup=False, highlight=False)
    return EXIT_OK


async def _status(app: App, args: argparse.Namespace, out: Console) -> int:
    status = await app.service.status()
    if args.json:
        data = asdict(status)
        data["failing_feeds"] = [_feed_json(f) for f in status.failing_feeds]
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
        out.print_json(json.dumps(data, default=str))
        return EXIT_OK
    out.print(f"database: {status.database} (schema {status.schema_version})", markup=False)
    f = status.feeds
    out.print(f"feeds: {f.total} ({f.ok} ok, {f.failing} failing, {f.paused} paused)")
    out.print(
        f"items: {status.items}; stories: {status.stories}; "
        f"last successful fetch: {_when(status.last_success_at)}"
    )
    for feed in status.failing_feeds:
        out.print(f"  {feed.id} {feed.name}: {feed_status_text(feed)}", markup=False)
    out.print(f"channels: {len(status.channels)}; pending deliveries: {status.pending_digests}")
    for state in status.channels:
        ch = state.channel
        health = ch.status.value + (f": {ch.status_reason}" if ch.status_reason else "")
        out.print(
            f"  {ch.ref} [{health}] topics: {', '.join(t.rpartition('/')[2] for t in ch.topics)}; "
            f"schedule: {ch.schedule} {ch.timezone}; "
            f"last digest: {_when(state.last_delivered_at)}; "
            f"next: {_when(state.next_at)}" + ("; a digest is pending" if state.pending else ""),
            markup=False,
        )
    return EXIT_OK


async def _feeds(app: App, args: argparse.Namespace, out: Console) -> int:
    cmd = args.feeds_command
    if cmd == "add":
        feed = await app.service.add_feed(args.url, args.name)
        out.print(f"added feed {feed.id}: {feed.name} <{feed.url}>", markup=False)
    elif cmd == "list":
        feeds = await app.service.list_feeds()
        if args.json:
            out.print_json(json.dumps([_feed_json(f) for f in feeds]))
            return EXIT_OK
        table = Table("id", "name", "url", "status", "items", "last fetch", "next fetch")
        table.columns[2].overflow = "fold"  # a URL is shown whole, never cut with "…"
        for feed in feeds:
            table.add_row(
                str(feed.id),
                feed.name,
                feed.url,
                feed_status_text(feed),
                str(feed.item_count),
                _when(feed.last_fetch_at),
                "-" if feed.status is FeedStatus.PAUSED else _when(feed.next_fetch_at),
            )
        out.print(table)
    elif cmd == "remove":
        feed = await app.service.remove_feed(args.feed_id)
        out.print(f"removed feed {feed.id}: {feed.name}", markup=False)
    elif cmd == "resume":
        feed = await app.service.resume_feed(args.feed_id)
        out.print(f"resumed feed {feed.id}: {feed.name}", markup=False)
    elif cmd == "import":
        try:
            data = args.file.read_bytes()
        except OSError as e:
            raise UserError(f"{args.file}: cannot read: {e.strerror}") from e
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


async def _topics(app: App, args: argparse.Namespace, out: Console) -> int:
    cmd = args.topics_command
    service = app.service
    if cmd == "add":
        topic = await service.create_topic(args.name, args.query, description=args.description)
        out.print(f"saved topic {topic.name}: {topic.query}", markup=False, highlight=False)
    elif cmd == "list":
        table = Table("name", "origin", "query")
        for topic in await service.list_topics():
            table.add_row(topic.name, topic.origin, Text(topic.query))
        out.print(table)
    elif cmd == "remove":
        topic = await service.remove_topic(args.name)
        out.print(f"removed topic {topic.name}", markup=False)
    else:
        result = await service.test_topic(args.query, since=args.since)
        if args.json:
            out.print_json(json.dumps(_topic_test_json(result), default=str, ensure_ascii=False))
            return EXIT_OK
        out.print(f"query: {result.query}", markup=False, highlight=False)
        for match in result.matches:
            item = match.item.item
            title = Text(item.title)
            for term in match.terms:
                title.highlight_words([term], style="bold yellow", case_sensitive=False)
            out.print(Text(f"{item.published_at:%Y-%m-%d %H:%M} ") + title)
            out.print(f"    {item.url}  [matched: {', '.join(match.terms)}]", markup=False)
            out.print(f"    why ({match.language}): {'; '.join(match.why)}", markup=False)
        out.print(f"{len(result.matches)} of {result.scanned} items matched", markup=False)
        per_language = ", ".join(f"{lang} {m}/{n}" for lang, m, n in result.languages)
        out.print(f"matched per language (matched/stored): {per_language or 'none'}", markup=False)
    return EXIT_OK


def _topic_test_json(result: TopicTest) -> dict[str, Any]:
    return {
        "query": result.query,
        "scanned": result.scanned,
        "matched": len(result.matches),
        "languages": [
            {"language": lang, "matched": m, "scanned": n} for lang, m, n in result.languages
        ],
        "matches": [
            {
                "id": m.item.id,
                "title": m.item.item.title,
                "url": m.item.item.url,
                "published_at": m.item.item.published_at.isoformat(),
                "language": m.language,
                "terms": list(m.terms),
                "why": list(m.why),
            }
            for m in result.matches
        ],
    }


async def _channels(app: App, args: argparse.Namespace, out: Console) -> int:
    service, ref = app.service, args.channel
    if args.command == "subscribe":
        added = await service.subscribe(ref, args.topics)
        now = await service.channel_topics(ref)
        out.print(f"{ref}: added {', '.join(added) or 'nothing new'}; topics: {', '.join(now)}")
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
        result = await service.send_now(ref)
        out.print(f"{ref}: {result.outcome.value}" + (f" ({result.error})" if result.error else ""))
        return EXIT_OK if result.outcome is not DigestOutcome.FAILED else EXIT_FAILURE
    return EXIT_OK


async def _sync_commands(app: App, args: argparse.Namespace, out: Console) -> int:
    token = app.config.secrets.discord_token
    if not token:
        raise UserError("set DISCORD_TOKEN to sync Discord slash commands")
    from bot.chat.discord_bot import sync_commands  # discord.py loads only when needed

    count = await sync_commands(token, app.service, args.guild)
    where = (
        f"server {args.guild}" if args.guild else "every server (global; may take up to an hour)"
    )
    out.print(f"synced {count} commands to {where}", markup=False)
    return EXIT_OK


HANDLERS: dict[str, Handler] = {
    "poll": _poll,
    "status": _status,
    "feeds": _feeds,
    "topics": _topics,
    "subscribe": _channels,
    "unsubscribe": _channels,
    "schedule": _channels,
    "digest": _channels,
    "why": _channels,
    "resume": _channels,
    "sync-commands": _sync_commands,
}


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
        if not await asyncio.to_thread(path.exists):
            out.print(f"unhealthy: no database at {path}; the bot has not run", markup=False)
            return EXIT_FAILURE
        async with await Store.open(path) as store:
            beat = await store.get_meta(HEARTBEAT_KEY)
            polled = await store.get_meta(LAST_POLL_KEY)
        problems = health_problems(
            system_clock(),
            heartbeat_at=None if beat is None else datetime.fromisoformat(beat),
            last_poll_at=None if polled is None else datetime.fromisoformat(polled),
            poll_interval=interval,
        )
        healthy = not problems
    out.print("healthy" if healthy else "unhealthy: " + "; ".join(problems), markup=False)
    return EXIT_OK if healthy else EXIT_FAILURE


async def run_cli(config: Config, args: argparse.Namespace, *, stdout: TextIO | None = None) -> int:
    out = Console(file=stdout or sys.stdout, soft_wrap=True)
    if args.command == "demo":
        return await run_demo(out)
    if args.command == "healthcheck":
        return await healthcheck(config, out)
    async with open_app(config) as app:
        if args.command == "run":
            await run_bot(app)
            return EXIT_OK
        return await HANDLERS[args.command](app, args, out)
