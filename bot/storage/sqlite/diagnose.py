"""What a SQLite error means for an operator: one line naming the file (issue 13).

Anything SQLite raises becomes a ``StoreError`` saying which file and what is wrong (read-only,
not SQLite, damaged, full), never a traceback; a broken unique key becomes ``ConstraintError``,
which the domain methods turn into what it means.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from bot.storage.errors import ConstraintError, StoreError

_SQLITE_HINTS = (
    ("file is not a database", "is not a SQLite database, or its header is damaged"),
    ("malformed", "is damaged (corrupted pages); restore a backup"),
    ("readonly", "is read-only for this user"),
    ("read-only", "is read-only for this user"),
    ("unable to open", "cannot be opened (check the path and the directory's permissions)"),
    ("no such table", "is missing a table (damaged, or not this bot's database)"),
    ("no such column", "is missing a column (damaged, or not this bot's database)"),
    ("disk i/o error", "cannot be read or written (disk I/O error)"),
    ("database or disk is full", "cannot grow: the disk is full"),
)


def store_error(path: Path, error: sqlite3.Error) -> StoreError:
    """``error`` as one line an operator can act on, naming the file."""
    text = str(error)
    lowered = text.lower()
    if isinstance(error, sqlite3.IntegrityError) and "unique" in lowered:
        return ConstraintError(f"database {path}: {text}")
    cannot_write = not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK))
    if ("unable to open" in lowered or "readonly" in lowered) and path.exists() and cannot_write:
        # WAL needs to write the file and create -wal/-shm beside it
        return StoreError(
            f"database {path} is read-only for this user (the file, its directory or the "
            f"file system cannot be written) ({text})"
        )
    for needle, meaning in _SQLITE_HINTS:
        if needle in lowered:
            return StoreError(f"database {path} {meaning} ({text})")
    return StoreError(f"database {path}: {text}")
