"""The command line's grammar: every subcommand, its options, a description and an example.

Global options are accepted before or after the subcommand; topic and feed are aliases of
topics and feeds. Bad usage raises UsageError (exit 2), never SystemExit from argparse.
"""

from __future__ import annotations

import argparse
import logging
import re
import sys
from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path
from typing import Any

from bot import __version__
from bot.core.model import ChannelRef
from bot.errors import UserError

log = logging.getLogger(__name__)


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
    parser.add_argument(
        "--db",
        default=default,
        help="SQLite file or postgresql:// URL (overrides the config's database)",
    )


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
    tlist = _command(
        topics, "list", "list topics and their queries", "python -m bot topics list --full"
    )
    _json_flag(tlist)
    tlist.add_argument(
        "--full", action="store_true", help="show whole queries on a terminal (piped: always)"
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
        "show stored items a query (or a saved topic, by name) would match",
        "python -m bot topics test 'Japan NEAR/8 Korea' --since 3d\n"
        "  python -m bot topics test japan-korea",
    )
    ttest.add_argument(
        "query",
        help="a query, or the name of a saved or built-in topic to test its query "
        "(quote a name to search the words: '\"china-us\"')",
    )
    ttest.add_argument(
        "--since", default="7d", type=parse_duration, help="e.g. 12h, 7d (default 7d)"
    )
    ttest.add_argument("--json", action="store_true", help="machine-readable output")

    subscribe = _command(
        sub,
        "subscribe",
        "subscribe a channel to topics",
        "python -m bot subscribe console:desk japan-korea taiwan",
    )
    subscribe.add_argument("channel", type=parse_channel)
    subscribe.add_argument("topics", nargs="+")
    unsubscribe = _command(
        sub,
        "unsubscribe",
        "unsubscribe a channel from topics",
        "python -m bot unsubscribe console:desk taiwan",
    )
    unsubscribe.add_argument("channel", type=parse_channel)
    unsubscribe.add_argument("topics", nargs="+")
    schedule = _command(
        sub,
        "schedule",
        "set a channel's schedule and time zone",
        'python -m bot schedule console:desk "08:00 mon-fri Asia/Seoul"',
    )
    schedule.add_argument("channel", type=parse_channel)
    schedule.add_argument("when")
    schedule.add_argument("timezone", nargs="?")
    digest = _command(
        sub,
        "digest",
        "build and deliver a channel's digest now",
        "python -m bot digest discord:8138478876:8138478877 --dry-run",
    )
    digest.add_argument("channel", type=parse_channel)
    digest.add_argument("--dry-run", action="store_true", help="print it, record nothing")
    why = _command(
        sub,
        "why",
        "why an item was or wasn't in a channel's digest",
        "python -m bot why console:desk https://example.com/news/1",
    )
    why.add_argument("channel", type=parse_channel)
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
    resume.add_argument("channel", type=parse_channel)
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
    migrate = _command(
        sub,
        "migrate-db",
        "copy the SQLite database into PostgreSQL (every table; safe to run again)",
        "python -m bot --db news-digest.db migrate-db --to postgresql://bot@db:5432/newsbot",
    )
    migrate.add_argument(
        "--to", required=True, metavar="URL", help="the PostgreSQL database (postgresql://…)"
    )
    _command(
        sub, "demo", "no network, no token: bundled captures -> a digest", "python -m bot demo"
    )
    return parser


def parse_duration(text: str) -> timedelta:
    match = re.fullmatch(r"\s*(\d+)\s*([mhdw])\s*", text.lower())
    if not match:
        raise argparse.ArgumentTypeError(f"{text!r} is not a duration; write e.g. 30m, 12h, 7d, 2w")
    unit = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}[match.group(2)]
    return timedelta(**{unit: int(match.group(1))})


def parse_channel(text: str) -> ChannelRef:
    try:
        return ChannelRef.parse(text)
    except ValueError as e:
        raise argparse.ArgumentTypeError(str(e)) from e
