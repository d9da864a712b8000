"""Canonical article links: absolute, lower-case scheme and host, default port dropped, dot
segments resolved, percent-escapes normalized, tracking parameters and AMP variants removed.

Two links to the same article become one string, so the store can dedupe by it. Pure and
idempotent (tests/core/test_normalize.py checks it with hypothesis). Split from ``normalize``
(issue 17).
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

# Query parameters that only say where a click came from (campaign, click id, referrer).
TRACKING_PARAMS = frozenset(
    {
        "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "igshid", "yclid",
        "_hsenc", "_hsmi", "__hstc", "__hssc", "__hsfp", "hsctatracking", "ref_src",
        "ref_url", "cmpid", "cmp", "ocid", "xtor", "maca", "emc", "smid", "mkt_tok",
        "_ga", "_gl", "s_cid", "spm",
    }
)  # fmt: skip
TRACKING_PREFIXES = ("utm_", "mc_", "ns_", "at_", "pk_", "piwik_", "matomo_")
TRACKING_PAIRS = frozenset({("partner", "rss"), ("from", "rss"), ("ref", "rss")})
# AMP variants: a query flag, an output type, and hosts that serve the AMP copy of a site.
AMP_PAIRS = frozenset({("amp", "1"), ("amp", "true"), ("amp", ""), ("outputtype", "amp")})
AMP_HOSTS = {
    "amp.theguardian.com": "www.theguardian.com",  # same paths on both hosts
}
DEFAULT_PORTS = {"http": 80, "https": 443}

_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
_ALLOWED = _UNRESERVED | frozenset("!$&'()*+,;=:@/?%")
_PCT = re.compile(r"(%[0-9A-Fa-f]{2})")
URL_JUNK = re.compile(r"[\t\n\r\x00-\x1f\x7f]")


def normalize_percent(part: str) -> str:
    """Decode escapes of unreserved characters, upper-case the rest, escape what must be."""

    out: list[str] = []
    for index, piece in enumerate(_PCT.split(part)):
        if index % 2:  # an escape "%XX" kept by the capturing split
            char = chr(int(piece[1:], 16))
            out.append(char if char in _UNRESERVED else piece.upper())
            continue
        for char in piece:
            if char in _ALLOWED and char != "%":
                out.append(char)
            else:
                out.extend(f"%{byte:02X}" for byte in char.encode("utf-8"))
    return "".join(out)


def _remove_dot_segments(path: str) -> str:
    output: list[str] = []
    segments = path.split("/")
    for segment in segments[1:]:
        if segment == "..":
            if output:
                output.pop()
        elif segment != ".":
            output.append(segment)
    if segments[-1] in (".", ".."):
        output.append("")
    return "/" + "/".join(output)


def _fold_amp_path(path: str) -> str:
    segments = path.split("/")
    kept = [s for s in segments if s.lower() != "amp"]
    if len(kept) == len(segments):
        return path
    folded = "/".join(kept)
    return folded if folded.startswith("/") else "/" + folded


def _keep_param(piece: str) -> bool:
    key, _, value = piece.partition("=")
    key, value = key.lower(), value.lower()
    if key in TRACKING_PARAMS or key.startswith(TRACKING_PREFIXES):
        return False
    return (key, value) not in TRACKING_PAIRS and (key, value) not in AMP_PAIRS


def _host(hostname: str) -> str | None:
    host = hostname.rstrip(".")
    if not host:
        return None
    if ":" in host:  # IPv6 literal, already lower-cased by urlsplit
        return f"[{host}]"
    try:
        ascii_host = host.encode("idna").decode("ascii").lower()
    except UnicodeError:
        return None
    return AMP_HOSTS.get(ascii_host, ascii_host)


def canonical_url(url: str | None, base: str | None = None) -> str | None:
    """The one absolute http(s) form of a link, or None when it is not a web link.

    Lower-cased scheme and host (IDNA), no default port, userinfo or fragment, tracking
    parameters and AMP variants removed, other parameters kept in order, escapes normalized.
    """
    if not url or not url.strip():
        return None
    raw = URL_JUNK.sub("", url.strip())
    if base:
        raw = urljoin(URL_JUNK.sub("", base.strip()), raw)
    try:
        parts = urlsplit(raw)
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS or not parts.hostname:
        return None
    host = _host(parts.hostname)
    if host is None:
        return None
    netloc = host if port in (None, DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    path = _fold_amp_path(_remove_dot_segments(normalize_percent(parts.path or "/")))
    pieces = (normalize_percent(piece) for piece in parts.query.split("&") if piece)
    query = "&".join(piece for piece in pieces if _keep_param(piece))
    return f"{scheme}://{netloc}{path}" + (f"?{query}" if query else "")
