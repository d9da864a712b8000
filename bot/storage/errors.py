"""The errors every store raises, whichever backend holds the data (issue 18).

``StoreError`` is one line an operator can act on (the database, then what is wrong), never a
traceback: each backend turns its driver's errors into it. ``ConstraintError`` is the one the
shared code catches: a unique key another writer took first, which the domain methods turn into
what it means (a feed already added, a digest recorded by another process).
"""

from __future__ import annotations

from bot.errors import BotError


class SchemaError(BotError):
    """The database cannot be used by this version of the bot (its schema is newer)."""


class StoreError(BotError):
    """The database cannot be used (read-only, not SQLite, damaged, unreachable): one line
    saying which database and what is wrong, never a traceback (issue 13)."""


class ConstraintError(StoreError):
    """A write broke a unique key: another writer (a process or a connection) got there first."""


class DigestConflictError(BotError):
    """Another process recorded a digest for this channel (or this slot) first."""
