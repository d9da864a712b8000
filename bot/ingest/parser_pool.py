"""Parsing and normalizing feeds in worker processes, so the event loop keeps its core.

feedparser and HTML-to-text are pure CPU. In a thread they still hold the GIL in long bursts,
which delays everything on the event loop (the Discord gateway heartbeat included) and keeps a
cold poll on one core. ``ParserPool(workers=N)`` runs ``parse + normalize`` in N spawned
processes (``spawn``, never ``fork``: the parent has threads); ``workers=0`` runs them in a
thread instead (tests, tiny deployments). A worker that dies (a crash inside the parser on a
hostile document) fails only that feed, with kind ``parser_crashed``, and the pool is rebuilt.

A worker lives only as long as the bot. It ignores Ctrl-C, which a terminal sends to the whole
process group: the bot decides to stop and shuts the pool down. It keeps SIGTERM's default,
because that is how the executor stops the other workers of a broken pool (``terminate()``, then
``join()``: a worker that ignored it would hang the bot at exit). And it exits by itself when the
bot process is gone without shutting it down (SIGKILL, the OOM killer): a thread waits on
``multiprocessing.parent_process().sentinel``, the pipe end the standard library provides for
exactly this. Without it, every hard kill of the bot left its workers (and their resource
tracker) running forever, blocked on a queue nobody would write to.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import multiprocessing.connection
import os
import signal
import threading
from collections.abc import Mapping
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace
from datetime import datetime
from types import TracebackType
from typing import Self

from bot.core.model import Item, ParsedFeed
from bot.core.normalize import normalize_document
from bot.errors import FeedError
from bot.ingest.parse import parse_feed_bytes

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class ParsedDocument:
    """A parsed feed's metadata (``feed.entries`` left empty) and its normalized items.

    ``dropped`` says which entries were left out and why; the pool logs it at DEBUG in the main
    process (a spawned worker has no logging set up).
    """

    feed: ParsedFeed
    items: tuple[Item, ...]
    dropped: tuple[tuple[str, str], ...] = ()


def parse_document(
    body: bytes, headers: Mapping[str, str], url: str, now: datetime, max_entries: int
) -> ParsedDocument:
    """Bytes → items; runs in a worker process (or thread), so it must stay picklable."""
    parsed = parse_feed_bytes(body, dict(headers), url, max_entries=max_entries)
    document = normalize_document(parsed.entries, feed_url=url, now=now)
    return ParsedDocument(replace(parsed, entries=()), document.items, document.dropped)


def _log_dropped(url: str, document: ParsedDocument) -> ParsedDocument:
    for what, reason in document.dropped:
        log.debug("entry dropped url=%s entry=%s reason=%s", url, what[:200], reason)
    return document


def _start_worker() -> None:
    """In a worker: Ctrl-C reaches the whole process group, but only the bot decides to stop
    (it then shuts the pool down), so a worker never dies with a KeyboardInterrupt traceback;
    and it never outlives the bot (module docstring)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    parent = multiprocessing.parent_process()
    if parent is not None:  # always, in a spawned worker
        threading.Thread(
            target=_exit_with_parent, args=(parent.sentinel,), name="parent-watch", daemon=True
        ).start()


def _exit_with_parent(sentinel: int) -> None:
    multiprocessing.connection.wait([sentinel])  # readable only once the bot process is gone
    os._exit(0)  # no cleanup to do: the bot owned every resource, and it is gone


class ParserPool:
    def __init__(self, workers: int = 1) -> None:
        self.workers = workers
        self._executor: ProcessPoolExecutor | None = None

    def _start(self) -> ProcessPoolExecutor:
        if self._executor is None:
            self._executor = ProcessPoolExecutor(
                max_workers=self.workers,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_start_worker,
            )
        return self._executor

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    async def close(self) -> None:
        if self._executor is not None:
            executor, self._executor = self._executor, None
            await asyncio.to_thread(executor.shutdown, wait=True, cancel_futures=True)

    async def parse(
        self, body: bytes, headers: Mapping[str, str], url: str, now: datetime, max_entries: int
    ) -> ParsedDocument:
        if self.workers <= 0:
            document = await asyncio.to_thread(parse_document, body, headers, url, now, max_entries)
            return _log_dropped(url, document)
        loop = asyncio.get_running_loop()
        executor = self._start()
        try:
            document = await loop.run_in_executor(
                executor, parse_document, body, dict(headers), url, now, max_entries
            )
            return _log_dropped(url, document)
        except BrokenProcessPool as e:
            log.error("parser worker died url=%s; restarting the pool", url)
            if self._executor is executor:
                self._executor = None
                executor.shutdown(wait=False, cancel_futures=True)
            raise FeedError(url, "parser_crashed", "the parser crashed on this document") from e
