"""HTTP fetching of feeds: the only module that talks aiohttp.

A feed URL can come from any chat user, so fetching is treated as hostile input both ways:

- the address guard refuses loopback, private, link-local, CGNAT and other non-public targets for
  literal IPs, for every DNS answer (a resolver wrapper, so the connector only ever connects to
  checked addresses: this closes DNS rebinding), for every redirect hop, and once more for the
  address of every socket the connector opens (a socket factory; stronger than reading the peer
  name after the fact, which aiohttp no longer exposes once a small body is fully buffered);
- bodies are capped while streaming, after decompression, so a gzip bomb is cut off, never buffered;
- redirects are followed by hand so each hop is re-checked, and one deadline covers all hops and
  the body, so a server trickling one byte at a time is cut off too;
- concurrency is bounded per host (a semaphore) and globally (the connector's limit).

Every aiohttp or OS error leaves this module as a ``FeedError`` with a stable ``kind`` and a short
human message; nothing from aiohttp crosses the boundary (STYLE.md, "Values cross layers").

Why about 400 lines: one idea, a guarded fetch. The redirect loop, the per-hop address check, the
one deadline and the error mapping must be read together to see that no hop escapes the guard or
the timeout; splitting them would scatter that argument across files.
"""

from __future__ import annotations

import asyncio
import email.utils
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from http import HTTPStatus
from types import TracebackType
from typing import Self

import aiohttp
import aiohttp.abc
import aiohttp.resolver
from yarl import URL

from bot.core import policy
from bot.core.model import Clock
from bot.errors import FeedError, UserError
from bot.ingest.netguard import (
    ALLOW_HINT,
    AddressGuard,
    AddressRefusedError,
    GuardedResolver,
    GuardedSocketFactory,
    numeric_host,
    private_error,
)

log = logging.getLogger(__name__)

ALLOWED_SCHEMES = frozenset({"http", "https"})
LOCAL_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"})
# RFC 6761/6762/8375 special-use and common private-network suffixes
LOCAL_SUFFIXES = (
    ".localhost",
    ".local",
    ".localdomain",
    ".internal",
    ".intranet",
    ".lan",
    ".home",
    ".corp",
    ".private",
    ".home.arpa",
    ".in-addr.arpa",
    ".ip6.arpa",
    ".onion",
)
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
CHUNK_BYTES = 64 * 1024
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class FetchSettings:
    """Limits for fetching; ``config.py`` builds this from the ``[fetch]`` table."""

    connect_timeout_s: float = 10.0
    total_timeout_s: float = 30.0
    max_body_bytes: int = 5 * 1024 * 1024
    max_redirects: int = 5
    per_host_limit: int = 2
    global_limit: int = 20
    user_agent: str = "news-digest-bot/0.2 (+https://github.com/news-digest-bot/news-digest-bot)"
    allow_private_addresses: bool = False


@dataclass(frozen=True, slots=True)
class Fetched:
    """A 2xx response. ``headers`` keys are lower-cased; validators are kept verbatim."""

    url: str
    final_url: str
    status: int
    body: bytes
    headers: dict[str, str]
    etag: str | None
    last_modified: str | None
    max_age: timedelta | None


@dataclass(frozen=True, slots=True)
class NotModified:
    """A 304: the stored copy is current. Validators are the server's, else the ones sent."""

    url: str
    etag: str | None
    last_modified: str | None
    max_age: timedelta | None


@dataclass(frozen=True, slots=True)
class _Redirect:
    location: str


class Fetcher:
    """Owns the app's one ``aiohttp.ClientSession``; use as ``async with Fetcher(...) as f``.

    ``resolver`` replaces aiohttp's default DNS resolver (tests map names to loopback addresses);
    it is always wrapped by the guard and is closed with the Fetcher. ``clock`` is only used to
    evaluate an HTTP-date Retry-After when the response carries no Date header.
    """

    def __init__(
        self,
        settings: FetchSettings,
        *,
        guard: AddressGuard | None = None,
        resolver: aiohttp.abc.AbstractResolver | None = None,
        clock: Clock | None = None,
    ) -> None:
        self.settings = settings
        self.guard = guard or AddressGuard(settings.allow_private_addresses)
        self._resolver = resolver
        self._clock = clock
        self._session: aiohttp.ClientSession | None = None
        self._guarded_resolver: GuardedResolver | None = None
        # One semaphore per host ever fetched: bounded by the number of configured feeds.
        self._host_slots: dict[str, asyncio.Semaphore] = {}

    async def __aenter__(self) -> Self:
        inner = self._resolver or aiohttp.resolver.DefaultResolver()
        self._guarded_resolver = GuardedResolver(inner, self.guard)
        connector = aiohttp.TCPConnector(
            limit=self.settings.global_limit,
            limit_per_host=self.settings.per_host_limit,
            resolver=self._guarded_resolver,
            socket_factory=GuardedSocketFactory(lambda: self.guard),
        )
        timeout = aiohttp.ClientTimeout(
            total=self.settings.total_timeout_s,
            connect=self.settings.connect_timeout_s,
            sock_connect=self.settings.connect_timeout_s,
            sock_read=self.settings.total_timeout_s,
        )
        self._session = aiohttp.ClientSession(
            connector=connector,
            timeout=timeout,
            headers={"User-Agent": self.settings.user_agent},
            trust_env=False,
            cookie_jar=aiohttp.DummyCookieJar(),
            auto_decompress=True,
        )
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._session is not None:
            await self._session.close()  # the connector does not close a resolver it was given
            self._session = None
        if self._guarded_resolver is not None:
            await self._guarded_resolver.close()
            self._guarded_resolver = None

    async def fetch(
        self, url: str, *, etag: str | None = None, last_modified: str | None = None
    ) -> Fetched | NotModified:
        """GET ``url`` conditionally; raises ``FeedError`` for anything but 2xx or 304."""
        if self._session is None:
            raise RuntimeError("Fetcher.fetch() called outside 'async with Fetcher(...)'")
        session = self._session
        headers: dict[str, str] = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        loop = asyncio.get_running_loop()
        deadline: float | None = None
        seen: set[str] = set()
        current = url
        for _hop in range(self.settings.max_redirects + 1):
            target = self._checked_url(url, current)
            seen.add(str(target))
            async with self._host_slot(target.host or ""):
                if deadline is None:  # queueing for a slot does not eat the time budget
                    deadline = loop.time() + self.settings.total_timeout_s
                outcome = await self._guarded_hop(session, url, target, headers, deadline)
            if not isinstance(outcome, _Redirect):
                return outcome
            try:
                current = str(target.join(URL(outcome.location)))
            except (ValueError, TypeError, UnicodeError) as e:  # yarl/idna on a hostile Location
                raise FeedError(
                    url, "bad_redirect", f"redirected to a malformed URL: {outcome.location[:200]}"
                ) from e
            if current in seen:
                raise FeedError(url, "redirect_loop", f"redirect loop at {current}")
            log.debug("redirect url=%s to=%s", url, current)
        raise FeedError(
            url,
            "too_many_redirects",
            f"more than {self.settings.max_redirects} redirects (last to {current})",
        )

    async def check_url(self, url: str) -> None:
        """Refuse at once, as a ``UserError``, a URL that can only reach a non-public host.

        No DNS here: adding a feed must not wait on the network (a Discord command has 3 s)
        nor send traffic anywhere. Literal IPs go through the guard; names that are local by
        definition (``localhost``, ``*.internal``, one-label names, …) are refused. A public-
        looking name that resolves to a private address is refused by the guard when fetched,
        on every connection, and the reason shows in the feed list.
        """
        try:
            target = self._checked_url(url, url)
        except FeedError as e:
            raise UserError(e.message) from e
        host = (target.host or "").rstrip(".").lower()
        if self.guard.allow_private or numeric_host(host) is not None:
            return
        if "." not in host or host.endswith(LOCAL_SUFFIXES) or host in LOCAL_NAMES:
            raise UserError(
                f"refused: {host} is a local host name, not a public one ({ALLOW_HINT})"
            )

    def _host_slot(self, host: str) -> asyncio.Semaphore:
        slot = self._host_slots.get(host)
        if slot is None:
            slot = self._host_slots[host] = asyncio.Semaphore(self.settings.per_host_limit)
        return slot

    def _checked_url(self, url: str, current: str) -> URL:
        """Parse one hop's URL; refuse bad schemes and guarded literal IPs before connecting."""
        try:
            target = URL(current)
            host = target.host
        except (ValueError, TypeError) as e:
            raise FeedError(url, "bad_url", f"not a valid URL: {current}") from e
        if target.scheme not in ALLOWED_SCHEMES:
            scheme = target.scheme or "none"
            raise FeedError(url, "bad_url", f"only http and https URLs are fetched, not {scheme}")
        if not host:
            raise FeedError(url, "bad_url", f"URL has no host: {current}")
        try:
            host.encode("idna")  # labels of 1-63 characters, as the resolver will need
        except UnicodeError as e:
            raise FeedError(url, "bad_url", f"not a valid host name: {host[:100]}") from e
        literal = numeric_host(host)
        if literal is None:
            return target  # a name: the resolver wrapper checks what it resolves to
        # every spelling of an address (127.1, 0x7f000001, ::ffff:127.0.0.1) reads as that
        # address, so it gets that address's refusal (issue 16)
        self.guard.check(url, str(literal), literal)
        return target

    async def _guarded_hop(
        self,
        session: aiohttp.ClientSession,
        url: str,
        target: URL,
        headers: Mapping[str, str],
        deadline: float,
    ) -> Fetched | NotModified | _Redirect:
        """One request under the shared deadline, with every library error made a FeedError."""
        host = target.host or ""
        try:
            async with asyncio.timeout_at(deadline):
                return await self._hop(session, url, target, headers)
        except AddressRefusedError as e:
            raise private_error(url, e.host, e.address, e.reason) from e
        except TimeoutError as e:
            limit = self.settings.total_timeout_s
            raise FeedError(url, "timeout", f"timed out after {limit:g} s") from e
        except aiohttp.InvalidURL as e:
            raise FeedError(url, "bad_url", f"not a valid URL: {target}") from e
        except aiohttp.ClientConnectorDNSError as e:
            raise FeedError(url, "connect_error", f"cannot resolve {host}") from e
        except aiohttp.ClientConnectorError as e:
            reason = e.os_error.strerror or type(e.os_error).__name__
            raise FeedError(url, "connect_error", f"cannot connect to {host}: {reason}") from e
        except aiohttp.ServerDisconnectedError as e:
            raise FeedError(url, "connect_error", f"{host} closed the connection") from e
        except aiohttp.ClientPayloadError as e:
            raise FeedError(url, "bad_response", f"broken response body from {host}") from e
        except aiohttp.ClientResponseError as e:
            raise FeedError(url, "bad_response", f"malformed HTTP response from {host}") from e
        except (aiohttp.ClientError, OSError) as e:
            name = type(e).__name__
            raise FeedError(url, "connect_error", f"connection to {host} failed ({name})") from e

    async def _hop(
        self, session: aiohttp.ClientSession, url: str, target: URL, headers: Mapping[str, str]
    ) -> Fetched | NotModified | _Redirect:
        async with session.get(target, headers=headers, allow_redirects=False) as resp:
            status = resp.status
            max_age = policy.parse_cache_max_age(resp.headers.get("Cache-Control"))
            if status == HTTPStatus.NOT_MODIFIED:
                return NotModified(
                    url=url,
                    etag=resp.headers.get("ETag") or headers.get("If-None-Match"),
                    last_modified=resp.headers.get("Last-Modified")
                    or headers.get("If-Modified-Since"),
                    max_age=max_age,
                )
            if status in REDIRECT_STATUSES:
                location = resp.headers.get("Location")
                if not location:
                    raise FeedError(url, "bad_redirect", f"HTTP {status} without a Location")
                return _Redirect(location)
            if not 200 <= status < 300:
                raise self._status_error(url, resp)
            body = await self._read_capped(url, resp)
            return Fetched(
                url=url,
                final_url=str(target),
                status=status,
                body=body,
                headers={key.lower(): value for key, value in resp.headers.items()},
                etag=resp.headers.get("ETag"),
                last_modified=resp.headers.get("Last-Modified"),
                max_age=max_age,
            )

    async def _read_capped(self, url: str, resp: aiohttp.ClientResponse) -> bytes:
        cap = self.settings.max_body_bytes
        declared = resp.content_length
        if declared is not None and declared > cap:
            resp.close()
            raise FeedError(url, "too_large", f"body of {declared} bytes exceeds {cap} bytes")
        chunks: list[bytes] = []
        size = 0
        async for chunk in resp.content.iter_chunked(CHUNK_BYTES):
            size += len(chunk)
            if size > cap:
                resp.close()
                raise FeedError(url, "too_large", f"body exceeds {cap} bytes")
            chunks.append(chunk)
        return b"".join(chunks)

    def _status_error(self, url: str, resp: aiohttp.ClientResponse) -> FeedError:
        status = resp.status
        try:
            phrase = HTTPStatus(status).phrase
        except ValueError:
            phrase = resp.reason or ""
        retry_after_s: float | None = None
        if status in (HTTPStatus.TOO_MANY_REQUESTS, HTTPStatus.SERVICE_UNAVAILABLE):
            now = self._clock() if self._clock is not None else None
            delay = retry_after_delay(
                resp.headers.get("Retry-After"), resp.headers.get("Date"), now
            )
            retry_after_s = delay.total_seconds() if delay is not None else None
        return FeedError(
            url,
            f"http_{status}",
            f"HTTP {status} {phrase}".rstrip(),
            status=status,
            retry_after_s=retry_after_s,
        )


def retry_after_delay(
    value: str | None, date_header: str | None, now: datetime | None
) -> timedelta | None:
    """Parse Retry-After against the server's own Date (no clock skew), else ``now``.

    Without either reference time only the delta-seconds form can be understood.
    """
    reference = _parse_http_date(date_header) or now
    if reference is None:
        if value is None or not value.strip().isdigit():
            return None
        reference = _EPOCH
    return policy.parse_retry_after(value, reference)


def _parse_http_date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return when if when.tzinfo is not None else when.replace(tzinfo=UTC)
