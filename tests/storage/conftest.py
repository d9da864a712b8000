"""One store suite, two real backends (issue 18): a SQLite file in ``tmp_path`` and an empty
database on the PostgreSQL server ``tests/pg.py`` starts. ``target`` is what ``open_store``
takes (a path or a URL); a test that opens it twice gets two connections, as two processes would.
"""

from __future__ import annotations

from pathlib import Path

import pytest

BACKENDS = ["sqlite", "postgres"]


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def target(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    """A fresh database of ``backend``: a file path, or a ``postgresql://`` URL."""
    if backend == "sqlite":
        return str(tmp_path / "bot.db")
    return str(request.getfixturevalue("pg_url"))
