"""The command line's entry: open the app and run one command's handler (see ``bot.cli``).

``run`` takes the one-run-per-database lock first; ``demo`` and ``healthcheck`` need no app.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import sys
from pathlib import Path
from typing import TextIO

from rich.console import Console

from bot.app import open_app
from bot.cli.channels import channels
from bot.cli.demo import run_demo
from bot.cli.feeds import feeds
from bot.cli.operations import healthcheck, poll, status, sync_commands_now
from bot.cli.output import EXIT_OK, Handler
from bot.cli.topics import stories, topics
from bot.config import Config
from bot.runlock import RunLock
from bot.runtime import run_bot

log = logging.getLogger(__name__)


HANDLERS: dict[str, Handler] = {
    "poll": poll,
    "status": status,
    "feeds": feeds,
    "topics": topics,
    "subscribe": channels,
    "unsubscribe": channels,
    "schedule": channels,
    "digest": channels,
    "why": channels,
    "resume": channels,
    "stories": stories,
    "sync-commands": sync_commands_now,
}


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
