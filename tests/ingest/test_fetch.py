"""Fetcher against a real loopback FeedServer: validators, faults, caps, redirects, address guard.

The tests treat exactly ``127.0.0.1/32`` as public (``AddressGuard.allow_networks``) so the guard
stays on everywhere and a hop to any *other* loopback address must still be refused.
"""

from __future__ import annotations

import asyncio
import re
import socket
import time
import tracemalloc
import urllib.parse
from datetime import UTC, datetime, timedelta
from ipaddress import ip_network

import aiohttp.abc
import pytest

from bot.errors import FeedError, UserError
from bot.ingest.fetch import Fetched, Fetcher, FetchSettings, NotModified, retry_after_delay
from bot.ingest.netguard import (
    AddressGuard,
    AddressRefusedError,
    GuardedSocketFactory,
    numeric_host,
)
from tests.feedserver import LAST_MODIFIED, TINY_FEED, FeedServer, etag_for, gzip_bomb

TEST_GUARD = AddressGuard(False, allow_networks=(ip_network("127.0.0.1/32"),))
FAST = FetchSettings(connect_timeout_s=0.2, total_timeout_s=5.0)
SHORT = FetchSettings(connect_timeout_s=0.2, total_timeout_s=0.2)
MiB = 1024 * 1024
BBC = "outlets/bbc-news-1.xml"


class MappingResolver(aiohttp.abc.AbstractResolver):
    """Resolves a fixed table of names, so tests never send a DNS query."""

    def __init__(self, table: dict[str, str]) -> None:
        self.table = table
        self.asked: list[str] = []

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[aiohttp.abc.ResolveResult]:
        self.asked.append(host)
        if host not in self.table:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        address = self.table[host]
        family = socket.AF_INET6 if ":" in address else socket.AF_INET
        return [
            {
                "hostname": host,
                "host": address,
                "port": port,
                "family": family,
                "proto": 0,
                "flags": socket.AI_NUMERICHOST,
            }
        ]

    async def close(self) -> None:
        return None


@pytest.fixture
async def server(data_dir):
    async with FeedServer(data_dir) as feed_server:
        yield feed_server


@pytest.fixture
async def fetcher():
    async with Fetcher(FAST, guard=TEST_GUARD) as active:
        yield active


async def fetch_error(fetcher: Fetcher, url: str, **kwargs: str | None) -> FeedError:
    with pytest.raises(FeedError) as info:
        await fetcher.fetch(url, **kwargs)
    return info.value


# --- success, validators, 304 ------------------------------------------------------------------


async def test_fetch_returns_body_and_validators(server, fetcher, data_dir):
    url = server.url(BBC)
    result = await fetcher.fetch(url)
    body = (data_dir / BBC).read_bytes()
    assert isinstance(result, Fetched)
    assert (result.url, result.final_url, result.status) == (url, url, 200)
    assert result.body == body
    assert result.etag == etag_for(body)
    assert result.last_modified == LAST_MODIFIED
    assert result.headers["content-type"] == "application/xml"
    assert all(key == key.lower() for key in result.headers)
    assert result.max_age is None
    sent = server.request_headers[-1]
    assert sent["User-Agent"] == FAST.user_agent
    assert "If-None-Match" not in sent


@pytest.mark.parametrize(
    ("use_etag", "use_last_modified"),
    [(True, False), (False, True), (True, True)],
    ids=["etag", "last-modified", "both"],
)
async def test_conditional_get_round_trip(server, fetcher, use_etag, use_last_modified):
    url = server.url(BBC)
    first = await fetcher.fetch(url)
    assert isinstance(first, Fetched)
    etag = first.etag if use_etag else None
    last_modified = first.last_modified if use_last_modified else None
    second = await fetcher.fetch(url, etag=etag, last_modified=last_modified)
    assert second == NotModified(
        url=url, etag=first.etag, last_modified=first.last_modified, max_age=None
    )
    sent = server.request_headers[-1]
    assert sent.get("If-None-Match") == etag
    assert sent.get("If-Modified-Since") == last_modified


async def test_changed_body_is_fetched_again(server, fetcher):
    server.set_body("feed.xml", TINY_FEED)
    first = await fetcher.fetch(server.url("feed.xml"))
    assert isinstance(first, Fetched)
    server.set_body("feed.xml", TINY_FEED.replace(b"Hello", b"Changed"))
    second = await fetcher.fetch(server.url("feed.xml"), etag=first.etag)
    assert isinstance(second, Fetched)
    assert b"Changed" in second.body
    assert second.etag != first.etag


async def test_stale_validator_sent_verbatim(server, fetcher):
    weird = 'W/"not-the-current-one"'
    result = await fetcher.fetch(server.url(BBC), etag=weird)
    assert isinstance(result, Fetched)
    assert server.request_headers[-1]["If-None-Match"] == weird


async def test_copy_serves_same_file_under_distinct_urls(server, fetcher, data_dir):
    bodies = {(await fetcher.fetch(server.url(f"copy/{n}/{BBC}"))).body for n in range(3)}
    assert bodies == {(data_dir / BBC).read_bytes()}
    assert [path for _, path in server.requests] == [f"/copy/{n}/{BBC}" for n in range(3)]


async def test_cache_control_max_age_is_returned(server, fetcher):
    result = await fetcher.fetch(server.url("fault/max-age/900"))
    assert isinstance(result, Fetched)
    assert result.max_age == timedelta(seconds=900)


# --- status faults ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "kind", "message", "retry_range"),
    [
        ("fault/500", "http_500", "HTTP 500 Internal Server Error", None),
        ("fault/404", "http_404", "HTTP 404 Not Found", None),
        ("fault/410", "http_410", "HTTP 410 Gone", None),
        ("fault/429", "http_429", "HTTP 429 Too Many Requests", (120, 120)),
        ("fault/503", "http_503", "HTTP 503 Service Unavailable", (110, 121)),
        ("no/such/file.xml", "http_404", "HTTP 404 Not Found", None),
    ],
    ids=["500", "404", "410", "429-seconds", "503-http-date", "missing-file"],
)
async def test_status_faults(server, fetcher, path, kind, message, retry_range):
    err = await fetch_error(fetcher, server.url(path))
    assert (err.kind, err.message, err.status) == (kind, message, int(kind[5:]))
    if retry_range is None:
        assert err.retry_after_s is None
    else:
        low, high = retry_range
        assert err.retry_after_s is not None
        assert low <= err.retry_after_s <= high


@pytest.mark.parametrize(
    ("path", "kind", "message"),
    [
        ("fault/status/418", "http_418", "HTTP 418 I'm a Teapot"),
        ("fault/status/599", "http_599", "HTTP 599"),
        ("fault/status/302", "bad_redirect", "HTTP 302 without a Location"),
        ("fault/status/300", "http_300", "HTTP 300 Multiple Choices"),
        ("fault/disconnect", "connect_error", "127.0.0.1 closed the connection"),
        ("fault/truncated", "bad_response", "broken response body from 127.0.0.1"),
    ],
    ids=["418", "unknown-code", "302-without-location", "300", "disconnect", "truncated"],
)
async def test_odd_responses(server, fetcher, path, kind, message):
    err = await fetch_error(fetcher, server.url(path))
    assert (err.kind, err.message) == (kind, message)
    assert not isinstance(err.__cause__, FeedError)


AT = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("value", "date_header", "now", "expected"),
    [
        ("120", None, None, 120.0),
        ("Wed, 25 Nov 2026 09:02:00 GMT", None, None, None),
        (None, None, None, None),
        ("Wed, 25 Nov 2026 09:02:00 GMT", None, AT, 120.0),
        ("Wed, 25 Nov 2026 09:02:00 GMT", "Wed, 25 Nov 2026 09:01:00 GMT", AT, 60.0),
        ("Wed, 25 Nov 2026 09:02:00 GMT", "garbage", AT, 120.0),
        ("Wed, 25 Nov 2026 09:02:00 GMT", "Wed, 25 Nov 2026 09:01:00 -0000", None, 60.0),
    ],
    ids=[
        "seconds-need-no-clock",
        "date-without-reference",
        "absent",
        "date-against-clock",
        "server-date-wins",
        "bad-server-date-uses-clock",
        "naive-server-date",
    ],
)
def test_retry_after_delay(value, date_header, now, expected):
    delay = retry_after_delay(value, date_header, now)
    assert (delay.total_seconds() if delay is not None else None) == expected


# --- redirects --------------------------------------------------------------------------------


async def test_redirect_chain_within_limit_is_followed(server, fetcher):
    result = await fetcher.fetch(server.url("fault/redirect-chain/5"))
    assert isinstance(result, Fetched)
    assert result.final_url == server.url("fault/redirect-chain/0")
    assert result.body == TINY_FEED
    assert len(server.requests) == 6


@pytest.mark.parametrize(
    ("path", "kind", "requests"),
    [
        ("fault/redirect-chain/6", "too_many_redirects", 6),
        ("fault/redirect-loop", "redirect_loop", 1),
    ],
    ids=["chain-too-long", "loop"],
)
async def test_redirect_limits(server, fetcher, path, kind, requests):
    err = await fetch_error(fetcher, server.url(path))
    assert err.kind == kind
    assert len(server.requests) == requests


async def test_relative_redirect_is_resolved(server, fetcher):
    target = urllib.parse.quote("../../outlets/bbc-news-1.xml", safe="")
    result = await fetcher.fetch(server.url(f"fault/redirect-to/{target}"))
    assert isinstance(result, Fetched)
    assert result.final_url == server.url("outlets/bbc-news-1.xml")


@pytest.mark.parametrize(
    "target",
    ["file:///etc/passwd", "ftp://127.0.0.1/feed.xml", "gopher://127.0.0.1:70/"],
    ids=["file", "ftp", "gopher"],
)
async def test_redirect_to_other_scheme_is_refused(server, fetcher, target):
    err = await fetch_error(fetcher, server.url("fault/redirect-to/" + urllib.parse.quote(target)))
    assert err.kind == "bad_url"
    assert len(server.requests) == 1


# --- timeouts and caps ------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["fault/slow", "fault/trickle"], ids=["slow", "trickle"])
async def test_timeouts_cut_off_within_the_deadline(server, path):
    async with Fetcher(SHORT, guard=TEST_GUARD) as fetcher:
        started = time.monotonic()
        err = await fetch_error(fetcher, server.url(path))
        elapsed = time.monotonic() - started
    assert err.kind == "timeout"
    assert err.message == "timed out after 0.2 s"
    assert elapsed < 1.5


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("fault/huge", "body exceeds 5242880 bytes"),
        ("fault/gzip-bomb", "body exceeds 5242880 bytes"),
        ("fault/huge-declared", "body of 209715200 bytes exceeds 5242880 bytes"),
    ],
    ids=["huge-streamed", "gzip-bomb", "huge-declared"],
)
async def test_body_cap_stops_streaming(server, fetcher, path, message):
    gzip_bomb()  # built and cached before measuring
    tracemalloc.start()
    try:
        err = await fetch_error(fetcher, server.url(path))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert (err.kind, err.message) == ("too_large", message)
    assert peak < 50 * MiB


async def test_body_cap_is_counted_after_decompression(server):
    settings = FetchSettings(connect_timeout_s=0.2, total_timeout_s=5.0, max_body_bytes=2 * MiB)
    async with Fetcher(settings, guard=TEST_GUARD) as fetcher:
        err = await fetch_error(fetcher, server.url("fault/gzip-bomb"))
    # The compressed body (~1 MiB) fits the cap; only the decompressed stream exceeds it.
    assert len(gzip_bomb()) < settings.max_body_bytes
    assert (err.kind, err.message) == ("too_large", "body exceeds 2097152 bytes")


@pytest.mark.parametrize(
    ("path", "content_type"),
    [
        ("fault/html", "text/html"),
        ("fault/empty", "application/rss+xml"),
        ("fault/broken-xml", "application/rss+xml"),
        ("fault/binary", "image/png"),
        ("fault/billion-laughs", "application/rss+xml"),
        ("fault/xxe", "application/rss+xml"),
        ("fault/wrong-charset", "application/rss+xml; charset=utf-8"),
    ],
    ids=["html", "empty", "broken-xml", "binary", "billion-laughs", "xxe", "wrong-charset"],
)
async def test_parse_level_faults_are_served_as_200(server, fetcher, path, content_type):
    result = await fetcher.fetch(server.url(path))
    assert isinstance(result, Fetched)
    assert result.headers["content-type"] == content_type
    assert (len(result.body) == 0) == (path == "fault/empty")


async def test_wrong_charset_serves_windows_1251_bytes(server, fetcher):
    result = await fetcher.fetch(server.url("fault/wrong-charset"))
    assert isinstance(result, Fetched)
    with pytest.raises(UnicodeDecodeError):
        result.body.decode("utf-8")
    assert "Новости".encode("cp1251") in result.body or "Главн".encode("cp1251") in result.body


# --- bad URLs and connection errors ----------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "ftp://127.0.0.1/feed.xml",
        "file:///etc/passwd",
        "feeds.example/rss",
        "http:///no-host",
        "",
        "http://[::1/feed",
        "http://2130706433:{port}/",
        "http://127.1:{port}/",
    ],
    ids=["ftp", "file", "no-scheme", "no-host", "empty", "bad-ipv6", "integer-ip", "short-ip"],
)
async def test_bad_urls_are_refused(server, fetcher, url):
    url = url.format(port=server.base_url.rsplit(":", 1)[1])
    err = await fetch_error(fetcher, url)
    assert err.kind == "bad_url"
    assert err.url == url
    assert server.requests == []


async def test_closed_port_is_a_short_connect_error(fetcher):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    err = await fetch_error(fetcher, f"http://127.0.0.1:{port}/feed.xml")
    assert err.kind == "connect_error"
    assert err.message.startswith("cannot connect to 127.0.0.1")
    assert "Error(" not in err.message
    assert len(err.message) < 120
    assert err.__cause__ is not None


async def test_unresolvable_name_is_a_connect_error(server):
    resolver = MappingResolver({})
    async with Fetcher(FAST, guard=TEST_GUARD, resolver=resolver) as fetcher:
        err = await fetch_error(fetcher, "http://feeds.nowhere.test/rss")
    assert (err.kind, err.message) == ("connect_error", "cannot resolve feeds.nowhere.test")
    assert resolver.asked == ["feeds.nowhere.test"]
    assert server.requests == []


async def test_fetch_outside_context_is_a_bug():
    fetcher = Fetcher(FAST)
    with pytest.raises(RuntimeError, match="async with"):
        await fetcher.fetch("http://feeds.example/")


# --- address guard, end to end ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("http://127.0.0.1:{port}/outlets/bbc-news-1.xml", "127.0.0.1, a loopback address"),
        ("http://[::1]:{port}/", "::1, a loopback address"),
        ("http://[::ffff:127.0.0.1]:{port}/", "refused: 127.0.0.1, a loopback address"),
        ("http://10.0.0.1/feed.xml", "10.0.0.1, a private address"),
        ("http://169.254.169.254/latest/meta-data/", "169.254.169.254, a link-local address"),
        ("http://[fe80::1]:{port}/", "fe80::1, a link-local address"),
        ("http://0.0.0.0:{port}/", "0.0.0.0, an unspecified address"),
    ],
    ids=["loopback", "ipv6-loopback", "mapped-loopback", "rfc1918", "metadata", "ipv6-ll", "any"],
)
async def test_default_settings_refuse_literal_private_hosts(server, url, shown):
    port = server.base_url.rsplit(":", 1)[1]
    async with Fetcher(FetchSettings()) as fetcher:
        err = await fetch_error(fetcher, url.format(port=port))
    assert err.kind == "private_address"
    assert shown in err.message
    assert "fetch.allow_private_addresses = true" in err.message
    assert server.requests == []  # refused before any connection


async def test_default_settings_refuse_localhost_by_name(server):
    port = server.base_url.rsplit(":", 1)[1]
    async with Fetcher(FetchSettings()) as fetcher:
        err = await fetch_error(fetcher, f"http://localhost:{port}/outlets/bbc-news-1.xml")
    assert err.kind == "private_address"
    assert err.message.startswith("refused: localhost resolves to ")
    assert server.requests == []


async def test_allow_private_addresses_setting_allows_loopback(server):
    settings = FetchSettings(total_timeout_s=5.0, allow_private_addresses=True)
    async with Fetcher(settings) as fetcher:
        result = await fetcher.fetch(server.url(BBC))
    assert isinstance(result, Fetched)


@pytest.mark.parametrize(
    ("target", "shown"),
    [
        ("http://127.0.0.2:{port}/outlets/bbc-news-1.xml", "127.0.0.2, a loopback address"),
        ("http://[::1]:{port}/outlets/bbc-news-1.xml", "::1, a loopback address"),
        ("http://internal.test:{port}/x", "internal.test resolves to 127.0.0.3"),
        ("http://metadata.test/latest", "metadata.test resolves to 169.254.169.254"),
    ],
    ids=["other-loopback-v4", "loopback-v6", "name-to-loopback", "name-to-metadata"],
)
async def test_redirect_to_private_address_is_refused(server, target, shown):
    port = server.base_url.rsplit(":", 1)[1]
    resolver = MappingResolver({"internal.test": "127.0.0.3", "metadata.test": "169.254.169.254"})
    location = urllib.parse.quote(target.format(port=port), safe="")
    async with Fetcher(FAST, guard=TEST_GUARD, resolver=resolver) as fetcher:
        err = await fetch_error(fetcher, server.url(f"fault/redirect-to/{location}"))
    assert err.kind == "private_address"
    assert shown in err.message
    assert [path for _, path in server.requests] == [
        "/fault/redirect-to/" + target.format(port=port)
    ]


async def test_resolver_mapped_public_name_is_fetched(server, data_dir):
    port = server.base_url.rsplit(":", 1)[1]
    resolver = MappingResolver({"feeds.example.test": "127.0.0.1"})
    async with Fetcher(FAST, guard=TEST_GUARD, resolver=resolver) as fetcher:
        result = await fetcher.fetch(f"http://feeds.example.test:{port}/{BBC}")
    assert isinstance(result, Fetched)
    assert result.body == (data_dir / BBC).read_bytes()
    assert server.request_headers[-1]["Host"] == f"feeds.example.test:{port}"


async def test_socket_factory_checks_connections_made_from_dns_cache(server):
    """aiohttp's DNS cache skips the resolver; the socket factory still applies the guard."""
    port = server.base_url.rsplit(":", 1)[1]
    resolver = MappingResolver({"feeds.example.test": "127.0.0.1"})
    async with Fetcher(FAST, guard=TEST_GUARD, resolver=resolver) as fetcher:
        base = f"http://feeds.example.test:{port}"
        first = await fetch_error(fetcher, f"{base}/fault/disconnect")  # no pooled connection
        assert first.kind == "connect_error"
        fetcher.guard = AddressGuard(False)  # the resolver keeps the old guard
        err = await fetch_error(fetcher, f"{base}/{BBC}")
    assert err.kind == "private_address"
    assert "refused: 127.0.0.1, a loopback address" in err.message
    assert resolver.asked == ["feeds.example.test"]
    assert {path for _, path in server.requests} == {"/fault/disconnect"}  # aiohttp retries once


@pytest.mark.parametrize(
    ("sockaddr", "family", "refused"),
    [
        (("8.8.8.8", 443), socket.AF_INET, False),
        (("127.0.0.1", 80), socket.AF_INET, False),
        (("127.0.0.2", 80), socket.AF_INET, True),
        (("fe80::1%lo", 80, 0, 1), socket.AF_INET6, True),
        (("2001:4860:4860::8888", 443, 0, 0), socket.AF_INET6, False),
    ],
    ids=["public", "allowed-test-address", "other-loopback", "ipv6-zone", "public-v6"],
)
def test_guarded_socket_factory(sockaddr, family, refused):
    factory = GuardedSocketFactory(lambda: TEST_GUARD)
    addr_info = (family, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", sockaddr)
    if refused:
        with pytest.raises(AddressRefusedError):
            factory(addr_info)
    else:
        with factory(addr_info) as sock:  # created, never connected
            assert sock.family == family


async def test_name_with_any_private_answer_is_refused(server):
    class TwoAnswers(MappingResolver):
        async def resolve(self, host, port=0, family=socket.AF_INET):
            public = await super().resolve(host, port, family)
            return [*public, {**public[0], "host": "10.1.2.3"}]

    port = server.base_url.rsplit(":", 1)[1]
    resolver = TwoAnswers({"mixed.test": "127.0.0.1"})
    async with Fetcher(FAST, guard=TEST_GUARD, resolver=resolver) as fetcher:
        err = await fetch_error(fetcher, f"http://mixed.test:{port}/{BBC}")
    assert err.kind == "private_address"
    assert "mixed.test resolves to 10.1.2.3, a private address" in err.message
    assert server.requests == []


# --- address guard, pure -----------------------------------------------------------------------

GUARD_CASES = [
    ("8.8.8.8", None),
    ("1.1.1.1", None),
    ("93.184.216.34", None),
    ("2001:4860:4860::8888", None),
    ("2606:4700:4700::1111", None),
    ("::ffff:8.8.8.8", None),
    ("2002:0808:0808::1", None),
    ("127.0.0.1", "a loopback address"),
    ("127.255.255.254", "a loopback address"),
    ("::1", "a loopback address"),
    ("0.0.0.0", "an unspecified address"),  # noqa: S104 - an address under test, not a bind
    ("::", "an unspecified address"),
    ("10.0.0.1", "a private address"),
    ("172.16.5.4", "a private address"),
    ("172.31.255.255", "a private address"),
    ("192.168.1.1", "a private address"),
    ("fc00::1", "a private address"),
    ("fd12:3456::1", "a private address"),
    ("169.254.169.254", "a link-local address"),
    ("fe80::1", "a link-local address"),
    ("224.0.0.1", "a multicast address"),
    ("ff02::1", "a multicast address"),
    ("100.64.0.1", "a shared (CGNAT) address"),
    ("100.127.255.254", "a shared (CGNAT) address"),
    ("240.0.0.1", "a private address"),
    ("255.255.255.255", "a private address"),
    ("192.0.2.10", "a private address"),
    ("2001:db8::1", "a private address"),
    ("::ffff:127.0.0.1", "a loopback address (IPv4-mapped 127.0.0.1)"),
    ("::ffff:10.0.0.1", "a private address (IPv4-mapped 10.0.0.1)"),
    ("::ffff:169.254.169.254", "a link-local address (IPv4-mapped 169.254.169.254)"),
    ("2002:7f00:1::", "a loopback address (6to4 for 127.0.0.1)"),
    ("2002:a9fe:a9fe::1", "a link-local address (6to4 for 169.254.169.254)"),
    ("2001:0:4136:e378:8000:63bf:80ff:fffe", "a loopback address (Teredo for 127.0.0.1)"),
    ("64:ff9b::a00:1", "a private address (NAT64 for 10.0.0.1)"),
    ("64:ff9b::808:808", None),
    ("::7f00:1", "a reserved address"),
    ("feeds.example", "not an IP address"),
]


@pytest.mark.parametrize(("address", "reason"), GUARD_CASES, ids=[a for a, _ in GUARD_CASES])
def test_address_guard_table(address, reason):
    assert AddressGuard(False).refusal(address) == reason
    assert AddressGuard(True).refusal(address) is None


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("127.0.0.1", None),
        ("127.0.0.2", "a loopback address"),
        ("::1", "a loopback address"),
        ("::ffff:127.0.0.1", None),
        ("::ffff:127.0.0.3", "a loopback address (IPv4-mapped 127.0.0.3)"),
    ],
    ids=["allowed-exact", "neighbour", "v6-loopback", "mapped-allowed", "mapped-neighbour"],
)
def test_allow_networks_is_exact(address, reason):
    assert TEST_GUARD.refusal(address) == reason


def test_guard_check_raises_feed_error():
    with pytest.raises(FeedError) as info:
        AddressGuard(False).check("http://x.test/", "x.test", "10.0.0.7")
    assert info.value.kind == "private_address"
    assert info.value.message == (
        "refused: x.test resolves to 10.0.0.7, a private address "
        "(set fetch.allow_private_addresses = true to allow private hosts)"
    )


# --- concurrency ------------------------------------------------------------------------------


@pytest.mark.parametrize("limit", [1, 2, 3], ids=["one", "two-default", "three"])
async def test_per_host_limit_holds(server, limit):
    settings = FetchSettings(connect_timeout_s=0.2, total_timeout_s=5.0, per_host_limit=limit)
    async with Fetcher(settings, guard=TEST_GUARD) as fetcher:
        results = await asyncio.gather(
            *(fetcher.fetch(server.url(f"fault/delay/30?n={n}")) for n in range(6))
        )
    assert all(isinstance(result, Fetched) for result in results)
    assert len(server.requests) == 6
    assert server.max_in_flight == limit


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://127.0.0.1/feed", "a loopback address"),
        ("http://[::1]/feed", "a loopback address"),
        ("http://localhost/feed", "localhost is a local host name"),
        ("http://metadata.google.internal/x", "a local host name"),
        ("http://router/feed", "router is a local host name"),
        ("http://169.254.169.254/latest", "a link-local address"),
        ("ftp://example.com/feed", "only http and https"),
    ],
    ids=[
        "ipv4-loopback",
        "ipv6-loopback",
        "localhost",
        "internal",
        "one-label",
        "metadata",
        "scheme",
    ],
)
async def test_check_url_refuses_at_add_time(url: str, message: str) -> None:
    async with Fetcher(FetchSettings()) as fetcher:
        with pytest.raises(UserError, match=message):
            await fetcher.check_url(url)


async def test_check_url_accepts_public_names_without_any_dns_lookup() -> None:
    class NoDns(aiohttp.abc.AbstractResolver):
        async def resolve(self, host, port=0, family=0):
            raise AssertionError(f"check_url looked up {host}")

        async def close(self) -> None:
            return None

    async with Fetcher(FetchSettings(), resolver=NoDns()) as fetcher:
        await fetcher.check_url("https://www.foreignaffairs.com/rss.xml")
        await fetcher.check_url("http://8.8.8.8/feed")


async def test_check_url_allows_private_when_configured() -> None:
    async with Fetcher(FetchSettings(allow_private_addresses=True)) as fetcher:
        await fetcher.check_url("http://localhost/feed")
        await fetcher.check_url("http://10.0.0.1/feed")


# Spellings that browsers and curl read as an IPv4 (or IPv4-mapped) literal (issue 16).
LOOPBACK_SPELLINGS = [
    ("short", "http://127.1/"),
    ("short-3", "http://127.0.1/"),
    ("hex-whole", "http://0x7f000001/"),
    ("hex-part", "http://0x7f.0.0.1/"),
    ("decimal-whole", "http://2130706433/"),
    ("octal-part", "http://0177.0.0.1/"),
    ("octal-whole", "http://017700000001/"),
    ("zero-padded", "http://127.000.000.001/"),
    ("trailing-dot", "http://127.0.0.1./"),
    ("ipv4-mapped", "http://[::ffff:127.0.0.1]/"),
    ("ipv4-mapped-hex", "http://[0:0:0:0:0:ffff:7f00:1]/"),
    ("with-port", "http://0x7f000001:8080/feed"),
]


@pytest.mark.parametrize(
    "url", [u for _, u in LOOPBACK_SPELLINGS], ids=[i for i, _ in LOOPBACK_SPELLINGS]
)
async def test_every_spelling_of_loopback_is_refused_at_add_like_127_0_0_1(url: str) -> None:
    async with Fetcher(FetchSettings()) as fetcher:
        with pytest.raises(UserError) as plain:
            await fetcher.check_url("http://127.0.0.1/")
        with pytest.raises(UserError) as spelled:
            await fetcher.check_url(url)
    assert str(spelled.value) == str(plain.value)
    assert str(spelled.value).startswith("refused: 127.0.0.1, a loopback address")


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://[::1]/", "refused: ::1, a loopback address"),
        ("http://0/", "refused: 0.0.0.0, an unspecified address"),
        ("http://0xa.1/", "refused: 10.0.0.1, a private address"),
    ],
    ids=["ipv6-loopback", "zero", "hex-private"],
)
async def test_other_numeric_spellings_are_refused_as_their_address(url: str, message: str) -> None:
    async with Fetcher(FetchSettings()) as fetcher:
        with pytest.raises(UserError, match=re.escape(message)):
            await fetcher.check_url(url)


@pytest.mark.parametrize(
    ("host", "address"),
    [
        ("8.8.8.8", "8.8.8.8"),
        ("134744072", "8.8.8.8"),
        ("example.com", None),
        ("1.2.3.4.5", None),
        ("256.1.1.1", None),
        ("127.0.0.256", None),
        ("08.0.0.1", None),
        ("1e1", None),
        ("a..b", None),
    ],
    ids=[
        "public",
        "public-decimal",
        "name",
        "five-parts",
        "part-over-255",
        "last-over-255",
        "bad-octal",
        "not-digits",
        "empty-part",
    ],
)
def test_numeric_host(host: str, address: str | None) -> None:
    found = numeric_host(host)
    assert (None if found is None else str(found)) == address
