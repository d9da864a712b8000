"""A feed server for the benchmarks, run in its own process so it never competes for our GIL.

``/feed/<n>.xml`` serves capture ``n % len(captures)`` with every article link and guid made
unique to copy ``n`` (a ``/c<n>`` path segment after the host), so N copies are N distinct feeds
of distinct articles: our cross-feed dedupe gets no unfair advantage over a library that stores
entries per feed. ETag / If-None-Match → 304, like a well-behaved publisher.

Run: ``python -m bench.feedserver`` prints ``PORT <n>`` on stdout, serves until stdin closes.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

from aiohttp import web

CAPTURES = sorted((Path(__file__).resolve().parent.parent / "tests/data/outlets").glob("*.xml"))
_LINKS = re.compile(
    rb"(<(?:link|guid|id|feedburner:origLink)(?:\s[^>]*)?>\s*(?:<!\[CDATA\[)?\s*https?://[^/<\s\]\"]+)"
    rb"|(<link\b[^>]*?href=\"https?://[^/\"]+)"
)


def unique_copy(body: bytes, n: int) -> bytes:
    tag = f"/c{n}".encode()
    return _LINKS.sub(lambda m: (m.group(1) or m.group(2)) + tag, body)


def build(count: int) -> dict[int, tuple[bytes, str]]:
    raw = [p.read_bytes() for p in CAPTURES]
    out: dict[int, tuple[bytes, str]] = {}
    for n in range(count):
        body = unique_copy(raw[n % len(raw)], n)
        out[n] = (body, '"' + hashlib.sha1(body).hexdigest() + '"')  # noqa: S324 - an ETag
    return out


@contextlib.contextmanager
def serving(count: int) -> Iterator[int]:
    """Run this server in a child process for ``count`` feeds; yields its port."""
    server = subprocess.Popen(
        [sys.executable, "-m", "bench.feedserver", str(count)],
        cwd=Path(__file__).resolve().parent.parent,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stdout is not None
        yield int(server.stdout.readline().split()[1])
    finally:
        if server.stdin is not None:
            server.stdin.close()
        server.wait(timeout=10)


def vmhwm_mb(pid: int | str = "self") -> float:
    """Peak resident memory of a process, from /proc. Not ru_maxrss: Linux carries that over
    fork+exec from the parent (the bench runner), so every child would report its peak."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


async def serve(count: int) -> None:
    feeds = build(count)

    async def handle(request: web.Request) -> web.StreamResponse:
        n = int(request.match_info["n"])
        if n not in feeds:
            raise web.HTTPNotFound
        body, etag = feeds[n]
        if request.headers.get("If-None-Match") == etag:
            return web.Response(status=304, headers={"ETag": etag})
        return web.Response(
            body=body, headers={"ETag": etag, "Content-Type": "application/rss+xml"}
        )

    app = web.Application()
    app.router.add_get("/feed/{n:\\d+}.xml", handle)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0, backlog=1024)
    await site.start()
    port = runner.addresses[0][1]
    sys.stdout.write(f"PORT {port}\n")
    sys.stdout.flush()
    await asyncio.to_thread(sys.stdin.read)
    await runner.cleanup()


if __name__ == "__main__":
    asyncio.run(serve(int(sys.argv[1])))
