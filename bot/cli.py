"""The command line: one more frontend over ``DigestService``.

``build_parser`` defines every subcommand; ``run_cli`` opens the app, dispatches to a handler that
makes one service call and renders the result with rich (tables and a progress bar on a terminal,
plain lines when piped). Exit codes: 0 ok, 1 runtime failure, 2 bad usage, config or input.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import logging
import re
import sys
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import asdict
from datetime import datetime, timedelta
from enum import Enum
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
from bot.chat.rest import rest_deliverers
from bot.config import Config
from bot.core.model import ChannelRef, Feed, FeedStatus
from bot.demo import run_demo
from bot.digests.runner import DigestOutcome
from bot.errors import UserError
from bot.ingest.opml import read_opml_file
from bot.ingest.poller import PollResult
from bot.runlock import RunLock
from bot.service import TopicTest, read_health
from bot.storage import Store

log = logging.getLogger(__name__)

EXIT_OK, EXIT_FAILURE, EXIT_USAGE = 0, 1, 2

Handler = Callable[[App, argparse.Namespace, Console], Awaitable[int]]


class UsageError(UserError):
    """Bad command-line usage; exits 2."""


ALIASES = {"topic": "topics", "feed": "feeds"}


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:  # argparse's hook; exits 2 like argparse does
        self.print_usage(sys.stderr)
        raise UsageError(f"{self.prog}: {message}")

    def parse_known_args(  # type: ignore[override]  # same contract, aliases resolved
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        parsed, rest = super().parse_known_args(args, namespace)
        command = getattr(parsed, "command", None)
        if command in ALIASES:
            parsed.command = ALIASES[command]
        return parsed, rest


def _common(parser: argparse.ArgumentParser, *, top: bool) -> None:
    """--config and --db, accepted before or after the subcommand (``poll --db x.db``)."""
    default: Any = None if top else argparse.SUPPRESS  # a subcommand's copy never resets it
    parser.add_argument(
        "--config",
        type=Path,
        default=default,
        help="config file (default: ./config.toml if present, else built-in defaults)",
    )
    parser.add_argument("--db", default=default, help="database file (overrides database.path)")


def _command(
    sub: Any, name: str, summary: str, example: str, *, aliases: tuple[str, ...] = ()
) -> argparse.ArgumentParser:
    """A subcommand whose --help has a description and an example."""
    parser: argparse.ArgumentParser = sub.add_parser(
        name,
        aliases=list(aliases),
        help=summary,
        description=summary[0].upper() + summary[1:] + ".",
        epilog=f"example:\n  {example}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _common(parser, top=False)
    return parser


def _json_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="machine-readable output (JSON)")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="python -m bot",
        description="News Digest Bot: feeds in, ranked topic digests out (Discord, Slack).",
        epilog="Run `python -m bot COMMAND --help` for a command's options and an example.",
    )
    parser.add_argument("--version", action="version", version=f"news-digest-bot {__version__}")
    _common(parser, top=True)
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    _command(
        sub,
        "check-config",
        "validate the config; exit 2 naming the bad key",
        "python -m bot --config config.toml check-config",
    )
    poll = _command(
        sub,
        "poll",
        "poll the feeds that are due (or --all, or --feed ID) now",
        "python -m bot poll --feed 3",
    )
    which = poll.add_mutually_exclusive_group()
    which.add_argument("--all", action="store_true", help="every feed that is not paused")
    which.add_argument("--feed", type=int, action="append", metavar="ID", help="this feed (repeat)")
    _json_flag(
        _command(
            sub,
            "status",
            "feeds, channels, next digests, pending deliveries",
            "python -m bot status --json",
        )
    )

    feeds = _command(
        sub, "feeds", "manage feeds", "python -m bot feeds list", aliases=("feed",)
    ).add_subparsers(dest="feeds_command", required=True, parser_class=_Parser)
    add = _command(
        feeds,
        "add",
        "add a feed (it is fetched once to check it is one)",
        "python -m bot feeds add https://www.japantimes.co.jp/feed/",
    )
    add.add_argument("url")
    add.add_argument("--name", default="", help="a short name (default: the feed's own title)")
    _json_flag(_command(feeds, "list", "list feeds with their health", "python -m bot feeds list"))
    rm = _command(feeds, "remove", "remove a feed (its items stay)", "python -m bot feeds remove 3")
    rm.add_argument("feed_id", type=int)
    resume = _command(feeds, "resume", "resume a paused feed", "python -m bot feeds resume 3")
    resume.add_argument("feed_id", type=int)
    imp = _command(
        feeds,
        "import",
        "add the feeds of an OPML file",
        "python -m bot feeds import subscriptions.opml",
    )
    imp.add_argument("file", type=Path)
    _command(
        feeds, "export", "print the feeds as OPML 2.0", "python -m bot feeds export > feeds.opml"
    )

    topics = _command(
        sub, "topics", "manage topics", "python -m bot topics list", aliases=("topic",)
    ).add_subparsers(dest="topics_command", required=True, parser_class=_Parser)
    tadd = _command(
        topics,
        "add",
        "create or replace a topic",
        "python -m bot topics add chips '(chip* OR 半導体) AND export*'",
    )
    tadd.add_argument("name")
    tadd.add_argument("query")
    tadd.add_argument("--description", default="")
    _json_flag(
        _command(
            topics, "list", "list topics and their queries", "python -m bot topics list --json"
        )
    )
    trm = _command(
        topics,
        "remove",
        "remove a topic (refused while channels use it)",
        "python -m bot topics remove chips",
    )
    trm.add_argument("name")
    ttest = _command(
        topics,
        "test",
        "show stored items a query would match",
        "python -m bot topics test 'Japan NEAR/8 Korea' --since 3d",
    )
    ttest.add_argument("query")
    ttest.add_argument("--since", default="7d", type=_duration, help="e.g. 12h, 7d (default 7d)")
    ttest.add_argument("--json", action="store_true", help="machine-readable output")

    subscribe = _command(
        sub,
        "subscribe",
        "subscribe a channel to topics",
        "python -m bot subscribe console:desk japan-korea taiwan",
    )
    subscribe.add_argument("channel", type=_channel)
    subscribe.add_argument("topics", nargs="+")
    unsubscribe = _command(
        sub,
        "unsubscribe",
        "unsubscribe a channel from topics",
        "python -m bot unsubscribe console:desk taiwan",
    )
    unsubscribe.add_argument("channel", type=_channel)
    unsubscribe.add_argument("topics", nargs="+")
    schedule = _command(
        sub,
        "schedule",
        "set a channel's schedule and time zone",
        'python -m bot schedule console:desk "08:00 mon-fri Asia/Seoul"',
    )
    schedule.add_argument("channel", type=_channel)
    schedule.add_argument("when")
    schedule.add_argument("timezone", nargs="?")
    digest = _command(
        sub,
        "digest",
        "build and deliver a channel's digest now",
        "python -m bot digest discord:8138478876:8138478877 --dry-run",
    )
    digest.add_argument("channel", type=_channel)
    digest.add_argument("--dry-run", action="store_true", help="print it, record nothing")
    why = _command(
        sub,
        "why",
        "why an item was or wasn't in a channel's digest",
        "python -m bot why console:desk https://example.com/news/1",
    )
    why.add_argument("channel", type=_channel)
    why.add_argument("item", help="item id or article URL")
    stories = _command(
        sub, "stories", "undo a wrong story merge", "python -m bot stories split 1234"
    ).add_subparsers(dest="stories_command", required=True, parser_class=_Parser)
    split = _command(
        stories,
        "split",
        "take an item out of its story for good",
        "python -m bot stories split https://example.com/news/1",
    )
    split.add_argument("item", help="item id or article URL")
    resume = _command(
        sub,
        "resume",
        "resume a channel paused by a delivery error",
        "python -m bot resume discord:8138478876:8138478877",
    )
    resume.add_argument("channel", type=_channel)
    _command(
        sub,
        "run",
        "run the bot (console mode when no chat token is set)",
        "python -m bot --config config.toml run",
    )
    _command(
        sub,
        "healthcheck",
        "exit 0 if the running bot is healthy, 1 if not",
        "python -m bot healthcheck",
    )
    sync = _command(
        sub,
        "sync-commands",
        "upload Discord slash commands now",
        "DISCORD_TOKEN=… python -m bot sync-commands --guild 8138478876",
    )
    sync.add_argument("--guild", type=int, help="sync to one server only (instant; for testing)")
    _command(
        sub, "demo", "no network, no token: bundled captures -> a digest", "python -m bot demo"
    )
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


def _json_value(value: object) -> object:
    """JSON for what ``json`` does not know: ISO-8601 times, enum values, tuples as lists."""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    raise TypeError(f"not JSON serializable: {type(value).__name__}")


def print_json(out: Console, data: object) -> None:
    """Machine-readable output: printed verbatim, never through rich's markup or highlighting."""
    out.file.write(json.dumps(data, default=_json_value, ensure_ascii=False, indent=2) + "\n")


def say(out: Console, text: str) -> None:
    """One line of output, printed literally: feed names and reasons are never rich markup."""
    out.print(text, markup=False, highlight=False, emoji=False)


def print_table(out: Console, headers: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    """A table on a terminal; tab-separated plain lines (header first) when piped."""
    if not out.is_terminal:
        for row in [headers, *rows]:
            out.file.write("\t".join(" ".join(cell.split()) for cell in row) + "\n")
        return
    table = Table(*headers)
    for column in table.columns:
        column.overflow = "fold"  # shown whole (a URL is never cut with "…")
    for row in rows:
        table.add_row(*(Text(cell) for cell in row))  # Text: literal, never markup
    out.print(table)


async def _poll(app: App, args: argparse.Namespace, out: Console) -> int:
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
        print_json(out, data)
        return EXIT_OK
    say(
        out,
        f"database: {status.database} (schema {status.schema_version}, "
        f"{status.database_bytes / 1_000_000:.1f} MB, oldest item {_when(status.oldest_item_at)})",
    )
    f = status.feeds
    out.print(f"feeds: {f.total} ({f.ok} ok, {f.failing} failing, {f.paused} paused)")
    out.print(
        f"items: {status.items}; stories: {status.stories}; "
        f"last successful fetch: {_when(status.last_success_at)}"
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
            f"last digest: {_when(state.last_delivered_at)}; "
            f"next: {_when(state.next_at)}" + ("; a digest is pending" if state.pending else ""),
        )
    return EXIT_OK


async def _feeds(app: App, args: argparse.Namespace, out: Console) -> int:
    cmd = args.feeds_command
    if cmd == "add":
        feed = await app.service.add_feed(args.url, args.name, fetch_now=True)
        say(out, f"added feed {feed.id}: {feed.name} <{feed.url}> ({feed.item_count} items)")
    elif cmd == "list":
        feeds = await app.service.list_feeds()
        if args.json:
            print_json(out, [_feed_json(f) for f in feeds])
            return EXIT_OK
        rows = [
            (
                str(feed.id),
                feed.name,
                feed.url,
                feed_status_text(feed),
                str(feed.item_count),
                _when(feed.last_fetch_at),
                "-" if feed.status is FeedStatus.PAUSED else _when(feed.next_fetch_at),
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


async def _topics(app: App, args: argparse.Namespace, out: Console) -> int:
    cmd = args.topics_command
    service = app.service
    if cmd == "add":
        topic = await service.create_topic(args.name, args.query, description=args.description)
        say(out, f"saved topic {topic.name}: {topic.query}")
    elif cmd == "list":
        topics = await service.list_topics()
        if args.json:
            fields = ("name", "query", "description", "origin")
            print_json(out, [{f: getattr(t, f) for f in fields} for t in topics])
            return EXIT_OK
        print_table(out, ("name", "origin", "query"), [(t.name, t.origin, t.query) for t in topics])
    elif cmd == "remove":
        topic = await service.remove_topic(args.name)
        say(out, f"removed topic {topic.name}")
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


async def _stories(app: App, args: argparse.Namespace, out: Console) -> int:
    split = await app.service.split_story_item(args.item)
    out.print(
        f"item {split.item_id}: now story {split.new_story_id}; it will not rejoin story "
        f"{split.old_story_id} (led by item {split.old_lead_item_id})",
        markup=False,
        highlight=False,
    )
    return EXIT_OK


async def _sync_commands(app: App, args: argparse.Namespace, out: Console) -> int:
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
    "stories": _stories,
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
            problems = await read_health(store, system_clock(), interval)
        healthy = not problems
    out.print("healthy" if healthy else "unhealthy: " + "; ".join(problems), markup=False)
    return EXIT_OK if healthy else EXIT_FAILURE


async def run_cli(config: Config, args: argparse.Namespace, *, stdout: TextIO | None = None) -> int:
    out = Console(file=stdout or sys.stdout, soft_wrap=True, emoji=False, highlight=False)
    if args.command == "demo":
        return await run_demo(out)
    if args.command == "healthcheck":
        return await healthcheck(config, out)
    if args.command == "run":
        database = config.database.path
        with RunLock(Path(database)) if database != ":memory:" else contextlib.nullcontext():
            async with open_app(config) as app:
                await run_bot(app)
        return EXIT_OK
    async with open_app(config) as app:
        return await HANDLERS[args.command](app, args, out)
