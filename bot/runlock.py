"""One ``run`` per SQLite database (issue 12): an OS lock on a file beside the database.

SQLite serves one bot process well, and two running bots on one file would both poll every feed
and both send every digest slot. ``RunLock`` takes an exclusive, non-blocking ``flock`` on
``<database>.run-lock`` for as long as ``run`` lives and writes its pid there for the message a
second ``run`` prints. The kernel drops the lock when the process dies, however it dies, so a
crash never leaves a stale lock. CLI commands do not take it: they are meant to work beside a
running bot (the store's single-writer transactions keep them safe).
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path
from types import TracebackType
from typing import IO, Self

from bot.errors import BotError


class AlreadyRunningError(BotError):
    """Another bot process holds this database."""


class RunLock:
    def __init__(self, database: Path) -> None:
        self.path = database.with_name(database.name + ".run-lock")
        self._file: IO[str] | None = None

    def __enter__(self) -> Self:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = self.path.open("a+", encoding="utf-8")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "unknown"
            handle.close()
            raise AlreadyRunningError(
                f"another bot (pid {holder}) is already running on {self.path.with_suffix('')}; "
                "one `run` per SQLite database (stop it first, or use PostgreSQL for several)"
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        self._file = handle
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._file is not None:
            fcntl.flock(self._file, fcntl.LOCK_UN)
            self._file.close()
            self._file = None
