"""The topics commands (add, list, remove, test) and stories split."""

from __future__ import annotations

import argparse
import json
import logging
from typing import Any

from rich.console import Console
from rich.text import Text

from bot.app import App
from bot.cli.output import EXIT_OK, print_json, print_table, say
from bot.service import TopicTest

log = logging.getLogger(__name__)
QUERY_SHOWN = 100  # characters of a query `topics list` shows on a terminal without --full


def shorten(query: str) -> str:
    """``query`` on one line, cut at ``QUERY_SHOWN`` characters with "…"."""
    flat = " ".join(query.split())
    return flat if len(flat) <= QUERY_SHOWN else flat[: QUERY_SHOWN - 1].rstrip() + "…"


async def topics(app: App, args: argparse.Namespace, out: Console) -> int:
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
        # on a terminal, a built-in's 3,000-character query would bury the list; piped output
        # (scripts) and --json keep every query whole
        cut = out.is_terminal and not args.full
        rows = [(t.name, t.origin, shorten(t.query) if cut else t.query) for t in topics]
        print_table(out, ("name", "origin", "query"), rows)
        if cut and any(len(t.query) > QUERY_SHOWN for t in topics):
            say(out, f"queries cut at {QUERY_SHOWN} characters: --full shows them whole")
    elif cmd == "remove":
        topic = await service.remove_topic(args.name)
        say(out, f"removed topic {topic.name}")
    else:
        result = await service.test_topic(args.query, since=args.since)
        named = result.topic  # a topic's name means its query (quoted, the words)
        if named is not None and not args.json:
            say(out, f"topic {named.name} ({named.origin}); quote the name to search the words")
        if args.json:
            out.print_json(json.dumps(topic_test_json(result), default=str, ensure_ascii=False))
            return EXIT_OK
        shown = shorten(result.query) if named is not None and out.is_terminal else result.query
        out.print(f"query: {shown}", markup=False, highlight=False)
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


def topic_test_json(result: TopicTest) -> dict[str, Any]:
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


async def stories(app: App, args: argparse.Namespace, out: Console) -> int:
    split = await app.service.split_story_item(args.item)
    out.print(
        f"item {split.item_id}: now story {split.new_story_id}; it will not rejoin story "
        f"{split.old_story_id} (led by item {split.old_lead_item_id})",
        markup=False,
        highlight=False,
    )
    return EXIT_OK
