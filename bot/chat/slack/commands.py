"""The text after ``/digest`` → ``SlackCommand(verb, args)``: a small pure parser (issue 8).

Slack sends a slash command's text as one string, with ``&``, ``<`` and ``>`` entity-escaped and
links wrapped as ``<https://x|x>``, so every argument is decoded here: a URL argument takes the
link's target, free text takes what the user typed (the label). Arguments may be quoted with
``"…"`` or Slack's smart quotes ``“…”``. The last free-text parameter of a verb takes the rest of
the line: a QUERY is kept verbatim (its own quotes and spacing belong to the query language), a
TOPIC or NAME loses one pair of surrounding quotes. ``schedule WHEN [ZONE]`` splits a trailing IANA
zone (``Europe/Paris``, ``UTC``) off the WHEN text, or takes a quoted WHEN then a zone.

An unknown verb or a bad argument raises ``UserError`` whose message ends with the usage line of
that verb (``USAGE``), so the Bolt handler can show it as written. The message may quote the
user's own input: the handler escapes it like any other text it sends.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from bot.errors import UserError

COMMAND = "/digest"
USAGE: dict[str, str] = {
    "subscribe": f"{COMMAND} subscribe TOPIC: post TOPIC's stories in this channel",
    "unsubscribe": f"{COMMAND} unsubscribe TOPIC: stop posting TOPIC here",
    "topics": f"{COMMAND} topics: list this channel's subscriptions",
    "schedule": f'{COMMAND} schedule WHEN [ZONE]: e.g. "daily 08:00" Europe/Paris',
    "preview": f"{COMMAND} preview: show the next digest to you only",
    "now": f"{COMMAND} now: post the digest now",
    "status": f"{COMMAND} status: schedule, last digest, paused reason",
    "why": f"{COMMAND} why URL: why a story was (or was not) in a digest",
    "resume": f"{COMMAND} resume: resume a paused subscription",
    "split": f"{COMMAND} split ITEM: take an item (id or URL) out of a wrongly merged story",
    "topic create": f"{COMMAND} topic create NAME QUERY: define a topic by a query",
    "topic test": f"{COMMAND} topic test QUERY: show recent stories a query matches",
    "topic list": f"{COMMAND} topic list: list the workspace's topics",
    "topic delete": f"{COMMAND} topic delete NAME: delete a topic",
    "feed add": f"{COMMAND} feed add URL [NAME]: poll another feed",
    "feed remove": f"{COMMAND} feed remove ID: stop polling a feed",
    "feed list": f"{COMMAND} feed list: list the feeds and their health",
    "help": f"{COMMAND} help: this list",
}
GROUPS = ("topic", "feed")
MAX_ECHO = 40  # how much of an unknown verb the error message quotes back

_QUOTES = '"“”'  # straight quotes and the smart quotes Slack clients substitute
_SLACK_LINK = re.compile(r"<((?:https?|mailto):[^<>|\s]*)(?:\|([^<>]*))?>")
_ZONE = re.compile(
    r"(?:Africa|America|Antarctica|Arctic|Asia|Atlantic|Australia|Europe|Indian|Pacific|Etc)"
    r"/[A-Za-z0-9_+\-/]+|UTC|GMT",
    re.IGNORECASE,
)


class _UnclosedQuoteError(ValueError):
    """A quote opened in the text is never closed; reported with the verb's usage line."""


@dataclass(frozen=True, slots=True)
class SlackCommand:
    """A parsed ``/digest`` command: ``verb`` is a key of ``USAGE``; ``args`` are decoded text."""

    verb: str
    args: tuple[str, ...] = ()


def help_text() -> str:
    """Every verb's usage line, one per line."""
    return "Commands:\n" + "\n".join(USAGE.values())


def parse_slack_command(text: str) -> SlackCommand:
    """Parse the text Slack sent after ``/digest``; raise ``UserError`` with the usage line."""
    try:
        verb, rest = _verb(text)
    except _UnclosedQuoteError as e:
        raise UserError(f"{e}\n{help_text()}") from None
    parser = _PARSERS.get(verb)
    if parser is None:
        raise UserError(f"Unknown command “{verb[:MAX_ECHO]}”.\n{help_text()}")
    try:
        return SlackCommand(verb, parser(verb, rest))
    except _UnclosedQuoteError as e:
        raise _usage_error(verb, str(e)) from None


def _verb(text: str) -> tuple[str, str]:
    """The verb (``topic create`` for a group) and the raw text after it."""
    first = _next_token(text)
    if first is None:
        return "help", ""
    word, rest = first
    verb = _decode(word, prefer_url=False).lower()
    if verb in GROUPS:
        second = _next_token(rest)
        sub = "" if second is None else _decode(second[0], prefer_url=False).lower()
        if f"{verb} {sub}" not in USAGE:
            lines = "\n".join(line for key, line in USAGE.items() if key.startswith(f"{verb} "))
            what = f"Unknown {verb} command “{sub[:MAX_ECHO]}”." if sub else f"{verb} needs a verb."
            raise UserError(f"{what}\nUsage:\n{lines}")
        verb = f"{verb} {sub}"
        rest = second[1] if second is not None else ""
    return verb, rest


def _usage_error(verb: str, problem: str) -> UserError:
    return UserError(f"{problem}\nUsage: {USAGE[verb]}")


def _next_token(text: str) -> tuple[str, str] | None:
    """The next raw token (unquoted, still Slack-escaped) and the text after it."""
    text = text.lstrip()
    if not text:
        return None
    if text[0] in _QUOTES:
        end = next((i for i, ch in enumerate(text[1:], start=1) if ch in _QUOTES), None)
        if end is None:
            raise _UnclosedQuoteError(f"A quote is not closed: {text[:MAX_ECHO]}")
        return text[1:end], text[end + 1 :]
    i = 0
    while i < len(text) and not text[i].isspace():
        if text[i] == "<":  # a Slack link or mention is one token even if its label has spaces
            close = text.find(">", i)
            i = close if close != -1 else i
        i += 1
    return text[:i], text[i:]


def _decode(raw: str, *, prefer_url: bool) -> str:
    """Undo Slack's transport encoding: unwrap ``<url|label>`` links, then unescape entities."""

    def unwrap(match: re.Match[str]) -> str:
        url, label = match[1], match[2]
        return url if prefer_url or not label else label

    unwrapped = _SLACK_LINK.sub(unwrap, raw)
    return unwrapped.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _rest_name(verb: str, rest: str, what: str) -> str:
    """A TOPIC or NAME taking the rest of the line, one pair of surrounding quotes removed."""
    text = rest.strip()
    token = _next_token(text)
    if token is not None and text[0] in _QUOTES and not token[1].strip():
        text = token[0]
    name = " ".join(_decode(text, prefer_url=False).split())
    if not name:
        raise _usage_error(verb, f"Give a {what}.")
    return name


def _query(verb: str, rest: str) -> str:
    query = _decode(rest, prefer_url=False).strip()
    if not query:
        raise _usage_error(verb, "Give a query.")
    return query


def _url(verb: str, rest: str) -> tuple[str, str]:
    token = _next_token(rest)
    if token is None:
        raise _usage_error(verb, "Give a URL.")
    url = _decode(token[0], prefer_url=True).strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        parts = None
    if parts is None or parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise _usage_error(verb, f"Not an http(s) URL: {url[:MAX_ECHO]}")
    return url, token[1]


def _no_args(verb: str, rest: str) -> tuple[str, ...]:
    if rest.strip():
        raise _usage_error(verb, f"“{verb}” takes no arguments.")
    return ()


def _one_name(what: str) -> Callable[[str, str], tuple[str, ...]]:
    def parse(verb: str, rest: str) -> tuple[str, ...]:
        return (_rest_name(verb, rest, what),)

    return parse


def _why(verb: str, rest: str) -> tuple[str, ...]:
    url, after = _url(verb, rest)
    if after.strip():
        raise _usage_error(verb, "Give one URL.")
    return (url,)


def _split(verb: str, rest: str) -> tuple[str, ...]:
    words = _decode(rest, prefer_url=False).split()
    if len(words) == 1 and words[0].isascii() and words[0].isdigit() and int(words[0]) > 0:
        return (str(int(words[0])),)
    return _why(verb, rest)


def _schedule(verb: str, rest: str) -> tuple[str, ...]:
    text = rest.strip()
    if text and text[0] in _QUOTES:
        quoted, after = _next_token(text) or ("", "")
        when = " ".join(_decode(quoted, prefer_url=False).split())
        zone = after.split()
        if len(zone) > 1 or (zone and not _ZONE.fullmatch(zone[0])):
            raise _usage_error(verb, f"Not a time zone: {after.strip()[:MAX_ECHO]}")
        if not when:
            raise _usage_error(verb, "Say when, e.g. daily 08:00.")
        return (when, *zone)
    words = _decode(text, prefer_url=False).split()
    if not words:
        raise _usage_error(verb, "Say when, e.g. daily 08:00.")
    if len(words) > 1 and _ZONE.fullmatch(words[-1]):
        return " ".join(words[:-1]), words[-1]
    return (" ".join(words),)


def _topic_create(verb: str, rest: str) -> tuple[str, ...]:
    token = _next_token(rest)
    name = "" if token is None else " ".join(_decode(token[0], prefer_url=False).split())
    if token is None or not name:
        raise _usage_error(verb, "Give a topic name and a query.")
    return name, _query(verb, token[1])


def _topic_test(verb: str, rest: str) -> tuple[str, ...]:
    return (_query(verb, rest),)


def _feed_add(verb: str, rest: str) -> tuple[str, ...]:
    url, after = _url(verb, rest)
    if not after.strip():
        return (url,)
    return url, _rest_name(verb, after, "feed name")


def _feed_remove(verb: str, rest: str) -> tuple[str, ...]:
    words = _decode(rest, prefer_url=False).split()
    if len(words) != 1 or not words[0].isascii() or not words[0].isdigit() or int(words[0]) < 1:
        raise _usage_error(verb, "Give the feed's ID number from “feed list”.")
    return (str(int(words[0])),)


_PARSERS: dict[str, Callable[[str, str], tuple[str, ...]]] = {
    "subscribe": _one_name("topic"),
    "unsubscribe": _one_name("topic"),
    "topics": _no_args,
    "schedule": _schedule,
    "preview": _no_args,
    "now": _no_args,
    "status": _no_args,
    "why": _why,
    "split": _split,
    "resume": _no_args,
    "topic create": _topic_create,
    "topic test": _topic_test,
    "topic list": _no_args,
    "topic delete": _one_name("topic name"),
    "feed add": _feed_add,
    "feed remove": _feed_remove,
    "feed list": _no_args,
    "help": _no_args,
}
