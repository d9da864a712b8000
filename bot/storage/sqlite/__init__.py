"""The SQLite backend: the embedded default, one process per file (``store.py`` says how)."""

from __future__ import annotations

from bot.storage.sqlite.store import SqliteStore

__all__ = ["SqliteStore"]
