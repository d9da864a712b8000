"""Ingest fidelity on real files nobody here wrote (issue 16): what the real pipeline keeps.

Feeds (``tests/data/readers/<source>/…``, copied from other feed readers' test suites; see the
SOURCES.md there): every file goes through ``parse_document`` (parse + normalize, exactly what a
poll runs) and ``Store.save_fetch`` into a real SQLite file, each file as its own feed in one
database, so cross-feed dedupe is live as in production. Then, per file:

- ``expected``: the entries that carry their own identity, counted independently of our code:
  distinct guids (``<guid>``, ``<id>``, JSON Feed ``id``), else distinct raw links (fragment
  included); entries with neither are not counted. XML is read by feedparser itself, JSON by
  ``json``.
- ``stored``: distinct items the feed's sources point at after the save.
- ``failed``: our pipeline raised a ``FeedError`` although feedparser (or, for JSON, ``json``)
  reads entries from the file.

OPML (``tests/data/opml/…``): each file is imported through ``DigestService.import_opml`` into a
fresh database (default config: the address guard on). Outlines with an ``xmlUrl`` attribute are
counted with a regex over the raw text (no XML parser, so a broken file still counts); each is
added, skipped as a duplicate, or refused with a reason. The import is then exported, imported
into another fresh database and exported again: the round trip is identical when both feed lists
and both documents match.

Run ``python -m bench.fidelity [FEEDS_DIR] [OPML_DIR]``; it prints one JSON line per figure
(``make bench`` runs it too). It asserts nothing: the tests hold the thresholds.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import re
import sys
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import feedparser

from bot.app import open_app
from bot.config import Config, DatabaseSection
from bot.core.model import FeedStatus
from bot.errors import FeedError, UserError
from bot.ingest.parser_pool import parse_document
from bot.storage import FeedUpdate, open_store

ROOT = Path(__file__).resolve().parent.parent
FEEDS = ROOT / "tests" / "data" / "readers"
OPML = ROOT / "tests" / "data" / "opml"
NOW = datetime(2030, 1, 1, tzinfo=UTC)  # after every fixture, so no date is "in the future"
MAX_ENTRIES = 100_000
# xmlUrl attributes, counted on the raw bytes: only outlines carry them, and broken quoting
# (a raw '"' or '>' inside a description) cannot hide one from this count
_XML_URL = re.compile(rb"\sxmlurl\s*=", re.IGNORECASE)
LOOPBACK_SPELLINGS = (
    "http://127.0.0.1/",
    "http://127.1/",
    "http://127.0.1/",
    "http://0x7f000001/",
    "http://0x7f.0.0.1/",
    "http://2130706433/",
    "http://0177.0.0.1/",
    "http://017700000001/",
    "http://0/",
    "http://[::1]/",
    "http://[::ffff:127.0.0.1]/",
    "http://[0:0:0:0:0:ffff:7f00:1]/",
    "http://127.000.000.001/",
    "http://localhost./",
)


def feed_files(root: Path) -> Iterator[Path]:
    """Files one folder down (``<source>/…``): the copied corpus, not our own samples beside it."""
    for path in sorted(root.rglob("*")):
        if path.is_file() and path.name != "SOURCES.md" and len(path.relative_to(root).parts) > 1:
            yield path


def is_json(body: bytes) -> bool:
    return body.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{")


def expected_identities(body: bytes) -> tuple[int, int]:
    """(entries read by the reference reader, distinct own identities among them)."""
    if is_json(body):
        try:
            doc = json.loads(body.decode("utf-8-sig"))
        except ValueError:
            return 0, 0
        items = doc.get("items") if isinstance(doc, dict) else None
        if isinstance(doc, dict) and isinstance(doc.get("rss"), dict):  # RSS-in-JSON
            items = (doc["rss"].get("channel") or {}).get("item")
        entries = [i for i in items or () if isinstance(i, dict)]
        keys = {
            str(i.get("id") or i.get("guid") or "").strip()
            or str(i.get("url") or i.get("link") or "")
            for i in entries
        }
        return len(entries), len(keys - {""})
    parsed = feedparser.parse(body)  # noqa: TID251 - the reference count, independent of bot/
    keys = set()
    for entry in parsed.entries:
        guid = str(dict.get(entry, "id") or "").strip()
        keys.add(guid or str(dict.get(entry, "link") or ""))
    return len(parsed.entries), len(keys - {""})


async def measure_feeds(root: Path, db: Path) -> dict[str, Any]:
    rows: list[dict[str, Any]] = []
    async with await open_store(db) as store:
        for number, path in enumerate(feed_files(root)):
            body = path.read_bytes()
            name = path.relative_to(root).as_posix()
            reference, expected = expected_identities(body)
            url = f"https://fixtures{number}.example/{name}"
            row: dict[str, Any] = {"file": name, "json": is_json(body), "reference": reference}
            row["expected"] = expected
            try:
                doc = parse_document(body, {}, url, NOW, MAX_ENTRIES)
            except FeedError as e:
                row.update(stored=0, error=f"{e.kind}: {e.message}")
                rows.append(row)
                continue
            feed = await store.add_feed(url, name, NOW)
            update = FeedUpdate(fetched_at=NOW, next_fetch_at=NOW, status=FeedStatus.OK)
            await store.save_fetch(feed.id, doc.items, update)
            row["stored"] = len(set(await store.item_ids_for_feed(feed.id)))
            row["undated"] = sum(item.date_estimated for item in doc.items)
            rows.append(row)
    expected = sum(r["expected"] for r in rows)
    stored = sum(min(r["stored"], r["expected"]) for r in rows)
    json_rows = [r for r in rows if r["json"]]
    return {
        "figure": "feeds",
        "files": len(rows),
        "entries_with_identity": expected,
        "stored": stored,
        "lost": expected - stored,
        "loss_pct": round(100 * (expected - stored) / expected, 2) if expected else 0.0,
        "json_files": len(json_rows),
        "json_read": sum(1 for r in json_rows if r.get("stored", 0) > 0),
        "failed_where_reference_reads": sum(1 for r in rows if "error" in r and r["reference"]),
        "undated_items": sum(r.get("undated", 0) for r in rows),
        "worst": sorted(
            (
                {k: r[k] for k in ("file", "expected", "stored")} | {"error": r.get("error")}
                for r in rows
                if r["stored"] < r["expected"]
            ),
            key=lambda r: r["stored"] - r["expected"],
        )[:15],
    }


def config_at(db: Path) -> Config:
    return dataclasses.replace(Config(), database=DatabaseSection(path=str(db)))


def _clock() -> datetime:
    return NOW


async def _import(db: Path, data: bytes) -> tuple[Any, str, list[tuple[str, str]]]:
    async with open_app(config_at(db), clock=_clock) as app:
        report = await app.service.import_opml(data)
        exported = await app.service.export_opml()
        feeds = [(f.url, f.name) for f in await app.store.list_feeds()]
    return report, exported, feeds


async def measure_opml(root: Path, tmp: Path) -> dict[str, Any]:
    totals = {"outlines": 0, "added": 0, "duplicates": 0, "refused": 0, "unexplained": 0}
    rejected: list[str] = []
    round_trip_failures: list[str] = []
    refusals: dict[str, int] = {}
    files = [p for p in feed_files(root) if p.suffix.lower() in (".opml", ".xml")]
    for number, path in enumerate(files):
        data = path.read_bytes()
        totals["outlines"] += len(_XML_URL.findall(data))
        try:
            report, exported, feeds = await _import(tmp / f"o{number}.db", data)
        except UserError as e:
            rejected.append(f"{path.name}: {e}")
            continue
        totals["added"] += len(report.added)
        totals["duplicates"] += len(report.skipped)
        totals["refused"] += len(report.refused)
        totals["unexplained"] += sum(1 for _, reason in report.refused if not reason.strip())
        for _, reason in report.refused:
            key = re.sub(r"\S*://\S*|'[^']*'", "…", reason)[:70]
            refusals[key] = refusals.get(key, 0) + 1
        try:
            again, second_export, second_feeds = await _import(
                tmp / f"r{number}.db", exported.encode()
            )
        except UserError as e:
            round_trip_failures.append(f"{path.name}: {e}")
            continue
        if second_feeds != feeds or second_export != exported or again.refused:
            round_trip_failures.append(path.name)
    outlines = totals["outlines"]
    kept = totals["added"] + totals["duplicates"]
    return {
        "figure": "opml",
        "files": len(files),
        **totals,
        "kept_pct": round(100 * kept / outlines, 2) if outlines else 0.0,
        "rejected_whole": len(rejected),
        "rejected_examples": rejected[:10],
        "round_trip_failures": round_trip_failures[:10],
        "round_trips_identical": len(files) - len(rejected) - len(round_trip_failures),
        "refusal_reasons": dict(sorted(refusals.items(), key=lambda kv: -kv[1])[:10]),
    }


async def measure_loopback(tmp: Path) -> dict[str, Any]:
    refused: dict[str, str] = {}
    async with open_app(config_at(tmp / "loop.db"), clock=_clock) as app:
        try:
            await app.service.add_feed("http://127.0.0.1/")
        except UserError as e:
            plain = str(e)
        for url in LOOPBACK_SPELLINGS:
            try:
                await app.service.add_feed(url)
            except UserError as e:
                refused[url] = str(e)
            else:
                refused[url] = ""
    return {
        "figure": "loopback_at_add",
        "spellings": len(LOOPBACK_SPELLINGS),
        "refused": sum(1 for reason in refused.values() if reason),
        "same_message_as_127_0_0_1": sum(1 for reason in refused.values() if reason == plain),
        "accepted": [url for url, reason in refused.items() if not reason],
        "other_messages": {u: r for u, r in refused.items() if r and r != plain},
    }


async def measure(feeds: Path = FEEDS, opml: Path = OPML) -> list[dict[str, Any]]:
    with tempfile.TemporaryDirectory() as tmp_dir:
        tmp = Path(tmp_dir)
        return [
            await measure_feeds(feeds, tmp / "feeds.db"),
            await measure_opml(opml, tmp),
            await measure_loopback(tmp),
        ]


def run() -> list[dict[str, Any]]:
    return asyncio.run(measure())


def main(argv: list[str]) -> None:
    feeds = Path(argv[0]) if argv else FEEDS
    opml = Path(argv[1]) if len(argv) > 1 else OPML
    for row in asyncio.run(measure(feeds, opml)):
        sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main(sys.argv[1:])
