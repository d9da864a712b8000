"""How the command line answers: exit codes, literal lines (never rich markup), tables that
degrade to tab-separated lines when piped, and JSON with ISO-8601 times.
"""

from __future__ import annotations

import argparse
import json
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import asdict
from datetime import datetime
from enum import Enum
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from bot.app import App
from bot.core.model import Feed, FeedStatus

log = logging.getLogger(__name__)


EXIT_OK, EXIT_FAILURE, EXIT_USAGE = 0, 1, 2

Handler = Callable[[App, argparse.Namespace, Console], Awaitable[int]]


def when_text(value: datetime | None) -> str:
    return "-" if value is None else value.strftime("%Y-%m-%d %H:%M UTC")


def feed_status_text(feed: Feed) -> str:
    if feed.status is FeedStatus.OK:
        return "ok"
    if feed.status is FeedStatus.PAUSED:
        return f"paused: {feed.last_error or 'by an operator'}"
    return f"failing: {feed.last_error or feed.error_kind or 'unknown'}"


def feed_json(feed: Feed) -> dict[str, Any]:
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
