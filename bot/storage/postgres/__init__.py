"""The PostgreSQL backend: several bot processes on one database (issue 18).

Optional: ``pip install 'news-digest-bot[postgres]'`` brings the driver, and nothing imports this
package unless ``[database] url`` (or ``--db``) names a ``postgresql://`` database
(``bot.storage.backends``). ``store.py`` is the store, ``driver.py`` the thin layer over the
driver, ``from_sqlite.py`` the copy of a SQLite file into PostgreSQL (the move to scale out).

Why asyncpg rather than psycopg 3 (both maintained and async, measured on these 2-core
machines against a local PostgreSQL 15, best of three runs, ``/tmp``-style scratch table of six
columns: bigint, three texts, timestamptz, boolean; asyncpg 0.32.0, psycopg 3.3.9 with its
binary package):

| | asyncpg | psycopg 3 |
|---|---|---|
| ``executemany`` 20,000 rows in one transaction | 0.33 s | 0.52 s |
| fetch 20,000 rows | 0.12 s | 0.09 s |
| 2,000 point queries, one round trip each | 0.30 s | 0.57 s |
| 500 one-statement transactions | 0.18 s | 0.36 s |
| import | 0.07 s | 0.23 s |
| wheel, installed | 3.3 MB, 12 MB, no libpq | 4.2 MB, 13 MB (binary part with libpq) |

The store's hot paths are many short statements and ``executemany`` batches (a poll writes one
small transaction per feed), where asyncpg is about twice as fast; the one bulk fetch psycopg
wins is close. asyncpg needs no system libpq and caches one prepared statement per query text
and connection. What it lacks is types: ``asyncpg-stubs`` (a dev dependency) gives mypy strict
what it needs. Its own placeholders are ``$n``: ``driver.numbered`` turns the shared SQL's ``?``
into them.
"""

from __future__ import annotations

from bot.storage.postgres.store import PostgresStore

__all__ = ["PostgresStore"]
