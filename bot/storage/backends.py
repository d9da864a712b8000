"""``open_store``: the backend a database target names, opened (issue 18).

A ``postgresql://`` (or ``postgres://``) URL opens PostgreSQL, anything else is a SQLite file
path. The PostgreSQL backend needs the optional ``[postgres]`` extra (asyncpg), so it is imported
only when a URL asks for it: the default install never loads it, and a missing extra is one line
saying what to install.
"""

from __future__ import annotations

import importlib.util
import os
from typing import TYPE_CHECKING
from urllib.parse import urlsplit, urlunsplit

from bot.storage.errors import StoreError

if TYPE_CHECKING:
    from bot.storage.contract import Store

POSTGRES_SCHEMES = ("postgresql", "postgres")
POSTGRES_INSTALL = "pip install 'news-digest-bot[postgres]'"


def postgres_driver_installed() -> bool:
    """Whether the ``[postgres]`` extra (asyncpg) is installed, without importing it."""
    return importlib.util.find_spec("asyncpg") is not None


def is_postgres_url(target: str | os.PathLike[str]) -> bool:
    return isinstance(target, str) and urlsplit(target).scheme in POSTGRES_SCHEMES


def redact_url(url: str) -> str:
    """``url`` without its password, for logs and messages."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.rpartition("@")[2]
    user = parts.username or ""
    return urlunsplit(parts._replace(netloc=f"{user}:***@{netloc}"))


async def open_store(target: str | os.PathLike[str], *, busy_timeout_ms: int = 5000) -> Store:
    """Open (creating and migrating) the database ``target`` names."""
    if not is_postgres_url(target):
        from bot.storage.sqlite import SqliteStore

        return await SqliteStore.open(target, busy_timeout_ms=busy_timeout_ms)
    if not postgres_driver_installed():
        raise StoreError(
            f"{redact_url(str(target))}: PostgreSQL needs its driver, which is not installed: "
            f"{POSTGRES_INSTALL}"
        )
    from bot.storage.postgres import PostgresStore

    return await PostgresStore.open(target, busy_timeout_ms=busy_timeout_ms)
