"""The address guard: which IP addresses a feed may be fetched from (issue 3).

A feed URL can come from any chat user, so a URL that resolves to a loopback, private, link-local,
CGNAT, multicast, reserved or unspecified address (IPv4 or IPv6, including the IPv4 address carried
inside IPv4-mapped, 6to4, Teredo and NAT64 addresses) is refused, unless the operator sets
``fetch.allow_private_addresses``. ``bot.ingest.fetch`` applies it to literal IPs, to every DNS
answer (``GuardedResolver``), to every redirect hop and to every socket the connector opens
(``GuardedSocketFactory``); ``check_url`` applies it when a feed is added, so a chat user gets
the refusal at once instead of on the first poll.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable
from dataclasses import dataclass
from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network

import aiohttp.abc
from aiohappyeyeballs import AddrInfoType

from bot.errors import FeedError

CGNAT = IPv4Network("100.64.0.0/10")  # RFC 6598 shared address space; not "private" to ipaddress
NAT64 = IPv6Network("64:ff9b::/96")  # RFC 6052: the last 32 bits are an IPv4 address
ALLOW_HINT = "set fetch.allow_private_addresses = true to allow private hosts"

IPAddress = IPv4Address | IPv6Address
IPNetwork = IPv4Network | IPv6Network


@dataclass(frozen=True, slots=True)
class AddressGuard:
    """Decides which IP addresses a feed may be fetched from.

    With ``allow_private`` every address is allowed (an operator running feeds on their own
    network). ``allow_networks`` exists ONLY for tests: it lets the test server's exact address
    (``127.0.0.1/32``) count as public so a test can prove that a redirect to *another* loopback
    address is refused. Configuration never sets it.
    """

    allow_private: bool = False
    allow_networks: tuple[IPNetwork, ...] = ()

    def refusal(self, address: str | IPAddress) -> str | None:
        """Why ``address`` is refused (e.g. ``"a loopback address"``), or None if allowed.

        A string that is not an IP address is refused: only resolved addresses reach here.
        """
        if self.allow_private:
            return None
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            return "not an IP address"
        if any(ip in network for network in self.allow_networks):
            return None
        if isinstance(ip, IPv6Address):
            embedded = _embedded_ipv4(ip)
            if embedded is not None:  # the IPv4 address carried inside is where traffic goes
                kind, v4 = embedded
                if any(v4 in network for network in self.allow_networks):
                    return None
                inner = _classify(v4)
                return None if inner is None else f"{inner} ({kind} {v4})"
        return _classify(ip)

    def check(self, url: str, host: str, address: str | IPAddress) -> None:
        """Raise ``FeedError(kind="private_address")`` when ``address`` is refused."""
        reason = self.refusal(address)
        if reason is not None:
            raise private_error(url, host, str(address), reason)


def _embedded_ipv4(ip: IPv6Address) -> tuple[str, IPv4Address] | None:
    """The IPv4 address an IPv6 address carries (mapped, 6to4, Teredo client, NAT64), if any."""
    if ip.ipv4_mapped is not None:
        return "IPv4-mapped", ip.ipv4_mapped
    if ip.sixtofour is not None:
        return "6to4 for", ip.sixtofour
    if ip.teredo is not None:
        return "Teredo for", ip.teredo[1]
    if ip in NAT64:
        return "NAT64 for", IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def _classify(ip: IPAddress) -> str | None:
    """A human label for a non-public address, or None for a public one."""
    checks: tuple[tuple[bool, str], ...] = (
        (ip.is_loopback, "a loopback address"),
        (ip.is_unspecified, "an unspecified address"),
        (ip.is_link_local, "a link-local address"),
        (ip.is_multicast, "a multicast address"),
        (isinstance(ip, IPv4Address) and ip in CGNAT, "a shared (CGNAT) address"),
        (ip.is_private, "a private address"),
        (ip.is_reserved, "a reserved address"),
        (not ip.is_global, "a non-public address"),
    )
    return next((label for hit, label in checks if hit), None)


def _ipv4_number(part: str) -> int | None:
    """One dotted part as browsers read it: ``0x`` hex, a leading ``0`` octal, else decimal."""
    if part[:2].lower() == "0x":
        digits, base = part[2:] or "0", 16
    elif len(part) > 1 and part.startswith("0"):
        digits, base = part[1:], 8
    else:
        digits, base = part, 10
    try:
        return int(digits, base) if digits.isalnum() and digits.isascii() else None
    except ValueError:
        return None


def numeric_host(host: str) -> IPAddress | None:
    """The IP address a browser or curl connects to for ``host``, or None for a name.

    Besides the usual forms this reads the IPv4 spellings of the WHATWG URL standard's host
    parser (what browsers and curl do): ``127.1``, ``0x7f000001``, ``2130706433``,
    ``0177.0.0.1``, ``0x7f.1``. An IPv4-mapped IPv6 address (``::ffff:127.0.0.1``) is its IPv4
    address, so every spelling of one address is refused with one message (issue 16).
    """
    host = host.strip().strip("[]")
    try:
        ip = ipaddress.ip_address(host.partition("%")[0])
    except ValueError:
        pass
    else:
        mapped = ip.ipv4_mapped if isinstance(ip, IPv6Address) else None
        return mapped or ip
    parts = host.split(".")
    if len(parts) > 1 and parts[-1] == "":
        parts.pop()  # "127.0.0.1." is the same host
    if not 1 <= len(parts) <= 4 or not all(parts):
        return None
    numbers = [_ipv4_number(part) for part in parts]
    if any(n is None for n in numbers):
        return None
    *head, last = [n for n in numbers if n is not None]
    if any(n > 255 for n in head) or last >= 256 ** (5 - len(parts)):
        return None
    value = last + sum(n << (8 * (3 - i)) for i, n in enumerate(head))
    return IPv4Address(value)


def private_error(url: str, host: str, address: str, reason: str) -> FeedError:
    where = f"{host} resolves to {address}" if host != address else address
    return FeedError(url, "private_address", f"refused: {where}, {reason} ({ALLOW_HINT})")


class AddressRefusedError(Exception):
    """Raised inside the resolver; carries the refusal out through aiohttp's connector."""

    def __init__(self, host: str, address: str, reason: str) -> None:
        super().__init__(f"{host} resolves to {address}, {reason}")
        self.host = host
        self.address = address
        self.reason = reason


class GuardedResolver(aiohttp.abc.AbstractResolver):
    """Wraps a resolver and refuses any answer the guard refuses.

    Refusing the whole answer when any address is refused (rather than filtering) keeps a name
    that mixes public and private records from ever reaching a private host.
    """

    def __init__(self, inner: aiohttp.abc.AbstractResolver, guard: AddressGuard) -> None:
        self._inner = inner
        self._guard = guard

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[aiohttp.abc.ResolveResult]:
        answers = await self._inner.resolve(host, port, family)
        for answer in answers:
            reason = self._guard.refusal(answer["host"])
            if reason is not None:
                raise AddressRefusedError(host, answer["host"], reason)
        return answers

    async def close(self) -> None:
        await self._inner.close()


class GuardedSocketFactory:
    """Creates every socket the connector opens, refusing a guarded destination first.

    This is the last check, on the address actually about to be connected: it also covers
    connections made from aiohttp's DNS cache without asking the resolver again. It reads
    ``fetcher.guard`` at call time.
    """

    def __init__(self, guard: Callable[[], AddressGuard]) -> None:
        self._guard = guard

    def __call__(self, addr_info: AddrInfoType) -> socket.socket:
        family, type_, proto, _, sockaddr = addr_info
        address = str(sockaddr[0]).partition("%")[0]  # drop an IPv6 zone id
        reason = self._guard().refusal(address)
        if reason is not None:
            raise AddressRefusedError(address, address, reason)
        return socket.socket(family=family, type=type_, proto=proto)
