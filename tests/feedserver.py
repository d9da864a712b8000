"""A loopback feed server for fetch, ingest and bench: real files plus hostile ``/fault/*`` answers.

``GET /<path under root>`` serves a real capture with a stable ETag (hash of the bytes) and a fixed
Last-Modified, answering 304 to matching validators; ``/copy/<n>/<path>`` serves the same file
under many distinct URLs for the bench. ``/fault/<name>`` answers like a broken or hostile server
(see ``FAULTS``). Huge bodies are generated lazily, never held in memory. Binds 127.0.0.1 only.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import hashlib
import random
import struct
import time
import urllib.parse
import zlib
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime, parsedate_to_datetime
from pathlib import Path
from types import TracebackType
from typing import Self

from aiohttp import web
from aiohttp.test_utils import TestServer

DATA = Path(__file__).parent / "data"
LAST_MODIFIED_AT = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)
LAST_MODIFIED = format_datetime(LAST_MODIFIED_AT, usegmt=True)
SLOW_S = 30.0  # far beyond any test's total timeout (~0.2 s); cancelled on disconnect
TRICKLE_EVERY_S = 0.02
TRICKLE_MAX_S = 300.0  # "forever", but every loop here stops by itself
HUGE_BYTES = 200 * 1024 * 1024
BOMB_BYTES = 1 << 30  # the gzip bomb expands to 1 GiB of zeros
DELAY_MAX_MS = 1000
CONTENT_TYPES = {
    ".xml": "application/xml",
    ".rss": "application/rss+xml",
    ".atom": "application/atom+xml",
    ".json": "application/json",
    ".html": "text/html",
    ".txt": "text/plain",
}
RSS_TYPE = "application/rss+xml"

TINY_FEED = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Tiny</title><link>http://example.com/</link>
<description>d</description>
<item><title>Hello</title><link>http://example.com/a</link><guid>a</guid></item>
</channel></rss>
"""
HTML_PAGE = b"""<!DOCTYPE html>
<html><head><title>Not a feed</title></head>
<body><h1>Welcome</h1><p>This page is HTML, not RSS or Atom.</p></body></html>
"""
BROKEN_XML = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Broken</title>
<item><title>First</title><link>http://example.com/1</link></item>
<item><title>Second <b>unclosed</title><link>http://example.com/2
"""
BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0"><channel><title>&lol9;</title>
<item><title>&lol9;</title><link>http://example.com/lol</link></item>
</channel></rss>
"""
XXE = b"""<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE rss [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
<rss version="2.0"><channel><title>XXE</title><link>http://example.com/</link>
<item><title>&xxe;</title><link>http://example.com/x</link><description>&xxe;</description></item>
</channel></rss>
"""
CYRILLIC_FALLBACK = (
    '<?xml version="1.0" encoding="windows-1251"?>\n<rss version="2.0"><channel>'
    "<title>Новости</title><item><title>Главные новости дня</title>"
    "<link>http://example.com/ru</link></item></channel></rss>\n"
).encode("cp1251")


def etag_for(body: bytes) -> str:
    """The strong ETag the server sends for ``body``."""
    return '"' + hashlib.sha256(body).hexdigest()[:20] + '"'


@functools.cache
def gzip_bomb() -> bytes:
    """A ~1 MB gzip body expanding to 1 GiB of zeros, built in milliseconds.

    After a full flush, deflate of the same input from a reset state is byte-identical, so one
    compressed MiB is repeated 1024 times; the CRC is accumulated over the zero block.
    """
    block = bytes(1 << 20)
    deflate = zlib.compressobj(9, zlib.DEFLATED, -15)
    part = deflate.compress(block) + deflate.flush(zlib.Z_FULL_FLUSH)
    final = deflate.flush(zlib.Z_FINISH)
    crc = 0
    for _ in range(BOMB_BYTES // len(block)):
        crc = zlib.crc32(block, crc)
    header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"
    trailer = struct.pack("<II", crc, BOMB_BYTES & 0xFFFFFFFF)
    return header + part * (BOMB_BYTES // len(block)) + final + trailer


@functools.cache
def _filler_block() -> bytes:
    """64 KiB of feed-looking bytes, reused for every chunk of the huge responses."""
    line = b"<item><title>filler</title><link>http://example.com/f</link></item>\n"
    return (line * (65536 // len(line) + 1))[:65536]


Handler = Callable[[web.Request, str], Awaitable[web.StreamResponse]]


class FeedServer:
    """``async with FeedServer() as server``: serves ``root`` and ``/fault/*`` on 127.0.0.1.

    ``requests`` lists ``(method, path)`` of every request in order (``request_headers`` their
    headers); ``in_flight`` / ``max_in_flight`` count concurrent requests.
    """

    def __init__(self, root: Path = DATA) -> None:
        self.root = root.resolve()
        self.base_url = ""
        self.requests: list[tuple[str, str]] = []
        self.request_times: list[float] = []
        """When each request arrived (``time.monotonic``), in the order of ``requests``."""
        self.request_headers: list[dict[str, str]] = []
        self.in_flight = 0
        self.max_in_flight = 0
        self._bodies: dict[str, tuple[bytes, str]] = {}
        self._files: dict[str, bytes] = {}
        self._closing = asyncio.Event()
        self._server: TestServer | None = None
        self._faults: dict[str, Handler] = {
            "500": self._status,
            "404": self._status,
            "410": self._status,
            "429": self._status,
            "503": self._status,
            "redirect-loop": self._redirect_loop,
            "redirect-chain": self._redirect_chain,
            "redirect-to": self._redirect_to,
            "slow": self._slow,
            "delay": self._delay,
            "max-age": self._max_age,
            "status": self._any_status,
            "disconnect": self._disconnect,
            "truncated": self._truncated,
            "trickle": self._trickle,
            "huge": self._huge,
            "huge-declared": self._huge,
            "gzip-bomb": self._gzip_bomb,
            "html": self._fixed,
            "empty": self._fixed,
            "broken-xml": self._fixed,
            "binary": self._fixed,
            "billion-laughs": self._fixed,
            "xxe": self._fixed,
            "wrong-charset": self._wrong_charset,
        }

    async def __aenter__(self) -> Self:
        app = web.Application(middlewares=[self._record])
        app.router.add_route("*", "/{tail:.*}", self._dispatch)
        self._server = TestServer(app, host="127.0.0.1")
        await self._server.start_server()
        self.base_url = str(self._server.make_url("/")).rstrip("/")
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._closing.set()
        if self._server is not None:
            await self._server.close()

    def url(self, path: str) -> str:
        """Absolute URL of ``path`` (``"outlets/bbc-news-1.xml"``, ``"fault/500"``)."""
        return f"{self.base_url}/{path.lstrip('/')}"

    def set_body(self, path: str, body: bytes, content_type: str = RSS_TYPE) -> None:
        """Serve ``body`` at ``path`` from now on (overrides files and faults)."""
        self._bodies[path.lstrip("/")] = (body, content_type)

    @web.middleware
    async def _record(
        self, request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
    ) -> web.StreamResponse:
        self.requests.append((request.method, request.path))
        self.request_times.append(time.monotonic())
        self.request_headers.append(dict(request.headers))
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            return await handler(request)
        finally:
            self.in_flight -= 1

    async def _dispatch(self, request: web.Request) -> web.StreamResponse:
        raw = request.rel_url.raw_path.lstrip("/")
        path = urllib.parse.unquote(raw)
        if path in self._bodies:
            body, content_type = self._bodies[path]
            return self._conditional(request, body, content_type)
        first, _, rest = path.partition("/")
        if first == "fault":
            name, _, arg = raw.partition("/")[2].partition("/")
            fault = self._faults.get(name)
            if fault is None:
                raise web.HTTPNotFound(text=f"no fault {name}\n")
            return await fault(request, arg if name == "redirect-to" else urllib.parse.unquote(arg))
        if first == "copy":
            count, _, rest = rest.partition("/")
            if not count.isdigit():
                raise web.HTTPNotFound(text="copy/<n>/<path>\n")
            path = rest
        body = self._file(path)
        return self._conditional(request, body, self._type_of(path))

    def _file(self, path: str) -> bytes:
        cached = self._files.get(path)
        if cached is not None:
            return cached
        candidate = (self.root / path).resolve()
        if not candidate.is_relative_to(self.root) or not candidate.is_file():
            raise web.HTTPNotFound(text=f"not found: {path}\n")
        body = self._files[path] = candidate.read_bytes()
        return body

    @staticmethod
    def _type_of(path: str) -> str:
        return CONTENT_TYPES.get(Path(path).suffix.lower(), "application/octet-stream")

    @staticmethod
    def _conditional(request: web.Request, body: bytes, content_type: str) -> web.Response:
        etag = etag_for(body)
        headers = {"ETag": etag, "Last-Modified": LAST_MODIFIED}
        if_none_match = request.headers.get("If-None-Match")
        if if_none_match is not None:
            tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
            if etag in tags or "*" in tags:
                return web.Response(status=304, headers=headers)
        else:
            since = request.headers.get("If-Modified-Since")
            try:
                since_at = parsedate_to_datetime(since) if since else None
            except (TypeError, ValueError):
                since_at = None
            if since_at is not None and since_at.tzinfo and since_at >= LAST_MODIFIED_AT:
                return web.Response(status=304, headers=headers)
        headers["Content-Type"] = content_type
        return web.Response(body=body, headers=headers)

    # --- faults ------------------------------------------------------------------------------

    async def _status(self, request: web.Request, _arg: str) -> web.Response:
        status = int(request.path.rsplit("/", 1)[1])
        headers: dict[str, str] = {}
        if status == 429:
            headers["Retry-After"] = "120"
        elif status == 503:
            retry_at = datetime.now(UTC) + timedelta(seconds=120)
            headers["Retry-After"] = format_datetime(retry_at, usegmt=True)
        return web.Response(status=status, text=f"fault {status}\n", headers=headers)

    async def _redirect_loop(self, _request: web.Request, _arg: str) -> web.Response:
        raise web.HTTPFound("/fault/redirect-loop")

    async def _redirect_chain(self, _request: web.Request, arg: str) -> web.Response:
        remaining = int(arg) if arg.isdigit() else 0
        if remaining <= 0:
            return web.Response(body=TINY_FEED, content_type=RSS_TYPE)
        raise web.HTTPFound(f"/fault/redirect-chain/{remaining - 1}")

    async def _redirect_to(self, _request: web.Request, arg: str) -> web.Response:
        # A raw Location header, sent as given: hostile servers send malformed ones too.
        return web.Response(status=302, headers={"Location": urllib.parse.unquote(arg)})

    async def _slow(self, _request: web.Request, _arg: str) -> web.Response:
        # The long wait is the point; answer normally if anyone is still listening.
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._closing.wait(), SLOW_S)
        return web.Response(body=TINY_FEED, content_type=RSS_TYPE)

    async def _delay(self, _request: web.Request, arg: str) -> web.Response:
        """``/fault/delay/<ms>``: a short, bounded wait (the concurrency tests use it)."""
        ms = min(int(arg), DELAY_MAX_MS) if arg.isdigit() else 0
        await asyncio.sleep(ms / 1000)
        return web.Response(body=TINY_FEED, content_type=RSS_TYPE)

    async def _max_age(self, _request: web.Request, arg: str) -> web.Response:
        """``/fault/max-age/<n>``: a small feed sent with ``Cache-Control: max-age=<n>``."""
        return web.Response(
            body=TINY_FEED,
            headers={"Content-Type": RSS_TYPE, "Cache-Control": f"public, max-age={arg}"},
        )

    async def _any_status(self, _request: web.Request, arg: str) -> web.Response:
        """``/fault/status/<code>``: that bare status, no Location or Retry-After."""
        return web.Response(status=int(arg) if arg.isdigit() else 500, text="status\n")

    async def _disconnect(self, request: web.Request, _arg: str) -> web.Response:
        """Close the connection before answering anything."""
        if request.transport is not None:
            request.transport.close()
        return web.Response(text="never sent\n")

    async def _truncated(self, request: web.Request, _arg: str) -> web.StreamResponse:
        """Declare 1000 bytes, send 10, then hang up."""
        response = web.StreamResponse(headers={"Content-Type": RSS_TYPE})
        response.content_length = 1000
        await response.prepare(request)
        await response.write(b"<rss>short")
        if request.transport is not None:
            request.transport.close()
        return response

    async def _trickle(self, request: web.Request, _arg: str) -> web.StreamResponse:
        response = web.StreamResponse(headers={"Content-Type": RSS_TYPE})
        await response.prepare(request)
        loop = asyncio.get_running_loop()
        stop_at = loop.time() + TRICKLE_MAX_S
        try:
            while loop.time() < stop_at and not self._closing.is_set():
                await response.write(b" ")
                await asyncio.sleep(TRICKLE_EVERY_S)
        except (ConnectionError, RuntimeError):
            return response  # the client gave up: that is the expected end
        return response

    async def _huge(self, request: web.Request, _arg: str) -> web.StreamResponse:
        response = web.StreamResponse(headers={"Content-Type": RSS_TYPE})
        if request.path.endswith("huge-declared"):
            response.content_length = HUGE_BYTES
        else:
            response.enable_chunked_encoding()
        await response.prepare(request)
        block = _filler_block()
        sent = 0
        try:
            while sent < HUGE_BYTES and not self._closing.is_set():
                await response.write(block[: HUGE_BYTES - sent])
                sent += len(block)
        except (ConnectionError, RuntimeError):
            return response  # the client stopped reading at its cap
        return response

    async def _gzip_bomb(self, _request: web.Request, _arg: str) -> web.Response:
        return web.Response(
            body=gzip_bomb(),
            headers={"Content-Type": RSS_TYPE, "Content-Encoding": "gzip"},
        )

    async def _fixed(self, request: web.Request, _arg: str) -> web.Response:
        name = request.path.rsplit("/", 1)[1]
        if name == "binary":
            noise = random.Random(1337).randbytes(8192)
            return web.Response(body=b"\x89PNG\r\n\x1a\n" + noise, content_type="image/png")
        body, content_type = {
            "html": (HTML_PAGE, "text/html"),
            "empty": (b"", RSS_TYPE),
            "broken-xml": (BROKEN_XML, RSS_TYPE),
            "billion-laughs": (BILLION_LAUGHS, RSS_TYPE),
            "xxe": (XXE, RSS_TYPE),
        }[name]
        return web.Response(body=body, content_type=content_type)

    async def _wrong_charset(self, _request: web.Request, _arg: str) -> web.Response:
        capture = self.root / "outlets" / "newsru-1.xml"
        body = capture.read_bytes() if capture.is_file() else CYRILLIC_FALLBACK
        return web.Response(body=body, headers={"Content-Type": f"{RSS_TYPE}; charset=utf-8"})
