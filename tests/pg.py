"""A real PostgreSQL server for the tests, started and stopped by them (issue 18).

``pg_server`` (one per test session) runs the machine's PostgreSQL server binaries
(``/usr/lib/postgresql/<version>/bin``, or ``NEWS_DIGEST_PG_BINDIR``) on a fresh data directory
in ``/tmp``, listening on 127.0.0.1 only, with durability off (``fsync``, ``synchronous_commit``,
``full_page_writes``: nothing here must survive a power cut, and it makes the suite fast).
``initdb`` and ``postgres`` refuse to run as root, so as root they run as the ``postgres``
system user (the Debian package creates it); pytest-postgresql, the well-kept plugin for this,
has no such option (dbfixtures/pytest-postgresql issues 341 and 455), hence this small module.
``pg_url`` gives each test an empty database of its own and drops it afterwards.

``NEWS_DIGEST_TEST_PG_URL`` points the tests at a server you run instead (a user allowed to
create databases). Without either, PostgreSQL tests are skipped with the reason, except in CI
(``CI`` set), where they fail: ``.ci/run`` installs the server, so a skip there would hide a
broken install.
"""

from __future__ import annotations

import importlib.util
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

BINDIR_ENV = "NEWS_DIGEST_PG_BINDIR"
URL_ENV = "NEWS_DIGEST_TEST_PG_URL"
SERVER_USER = "postgres"
SETTINGS = (
    "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
    "-c max_connections=200 -c shared_buffers=32MB"
)


def find_bindir() -> Path | None:
    """The newest installed server's binaries, or ``NEWS_DIGEST_PG_BINDIR``."""
    if os.environ.get(BINDIR_ENV):
        return Path(os.environ[BINDIR_ENV])
    found = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"),
        key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0,
    )
    return found[-1].parent if found else None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class PgServer:
    """A running server; ``url(db)`` names one of its databases."""

    base_url: str  # ends with "/" before the database name
    admin_db: str
    home: Path | None = None  # the data directory's parent, removed on stop
    bindir: Path | None = None

    def url(self, database: str) -> str:
        return f"{self.base_url}{database}"

    def stop(self) -> None:
        if self.home is None or self.bindir is None:
            return
        _run_as_server_user(
            [str(self.bindir / "pg_ctl"), "-D", str(self.home / "data"), "-m", "immediate", "stop"]
        )
        shutil.rmtree(self.home, ignore_errors=True)


def _run_as_server_user(argv: list[str]) -> subprocess.CompletedProcess[str]:
    """Run a server binary, as the ``postgres`` user when we are root (initdb refuses root)."""
    user = SERVER_USER if os.geteuid() == 0 else None
    return subprocess.run(  # noqa: S603 - our own argv: the server binaries and a temp dir
        argv, user=user, group=user, capture_output=True, text=True, check=True, timeout=120
    )


def start_server(bindir: Path) -> PgServer:
    """initdb a fresh data directory under /tmp and start the server on a free loopback port."""
    home = Path(tempfile.mkdtemp(prefix="news-digest-pg-"))
    if os.geteuid() == 0:
        entry = pwd.getpwnam(SERVER_USER)  # KeyError: no such user, reported by the fixture
        os.chown(home, entry.pw_uid, entry.pw_gid)
    port = _free_port()
    try:
        _run_as_server_user(
            [str(bindir / "initdb"), "-D", str(home / "data"), "-U", "postgres", "-A", "trust",
             "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]
        )  # fmt: skip
        _run_as_server_user(
            [str(bindir / "pg_ctl"), "-D", str(home / "data"), "-l", str(home / "server.log"),
             "-w", "-t", "60", "-o", f"-p {port} -h 127.0.0.1 -k {home} {SETTINGS}", "start"]
        )  # fmt: skip
    except subprocess.CalledProcessError as e:
        log = home / "server.log"
        detail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
        shutil.rmtree(home, ignore_errors=True)
        raise RuntimeError(f"PostgreSQL did not start: {e.stderr}\n{detail}") from e
    return PgServer(f"postgresql://postgres@127.0.0.1:{port}/", "postgres", home, bindir)


def _server_or_reason() -> PgServer | str:
    if importlib.util.find_spec("asyncpg") is None:
        return "the [postgres] extra is not installed (make install installs it)"
    if os.environ.get(URL_ENV):
        url = os.environ[URL_ENV]
        base, _, admin = url.rpartition("/")
        return PgServer(base + "/", admin or "postgres")
    bindir = find_bindir()
    if bindir is None or not (bindir / "initdb").exists():
        return (
            f"PostgreSQL server binaries not found ({bindir or '/usr/lib/postgresql/*/bin'}): "
            f"apt-get install postgresql, or set {BINDIR_ENV} or {URL_ENV}"
        )
    if os.geteuid() == 0:
        try:
            pwd.getpwnam(SERVER_USER)
        except KeyError:
            return f"running as root and there is no {SERVER_USER!r} user to run the server as"
    return start_server(bindir)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    server = _server_or_reason()
    if isinstance(server, str):
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL tests cannot run in CI: {server}")
        pytest.skip(server)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
async def pg_url(pg_server: PgServer) -> AsyncIterator[str]:
    """A fresh, empty database of its own for one test (dropped afterwards)."""
    import asyncpg  # here: the [postgres] extra; the skip above explains a missing server

    name = f"test_{uuid.uuid4().hex[:12]}"
    admin = await asyncpg.connect(pg_server.url(pg_server.admin_db))
    try:
        await admin.execute(f'CREATE DATABASE "{name}" TEMPLATE template0')
        yield pg_server.url(name)
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await admin.close()
