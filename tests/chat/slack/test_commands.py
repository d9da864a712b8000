"""parse_slack_command: every verb, quoting, Slack's link wrapping and the usage errors."""

from __future__ import annotations

import pytest

from bot.chat.slack.commands import USAGE, SlackCommand, help_text, parse_slack_command
from bot.errors import UserError

PARSED = [
    ("", "help", ()),
    ("   ", "help", ()),
    ("help", "help", ()),
    ("HELP", "help", ()),
    ("subscribe climate", "subscribe", ("climate",)),
    ("subscribe climate change", "subscribe", ("climate change",)),
    ('subscribe "climate  change"', "subscribe", ("climate change",)),
    ("subscribe “climate change”", "subscribe", ("climate change",)),
    ("subscribe R&amp;D", "subscribe", ("R&D",)),
    ("unsubscribe climate", "unsubscribe", ("climate",)),
    ("topics", "topics", ()),
    ("schedule daily 08:00", "schedule", ("daily 08:00",)),
    ("schedule daily 08:00 Europe/Paris", "schedule", ("daily 08:00", "Europe/Paris")),
    ("schedule weekdays 7:30 America/Argentina/Buenos_Aires", "schedule",
     ("weekdays 7:30", "America/Argentina/Buenos_Aires")),
    ("schedule daily 08:00 utc", "schedule", ("daily 08:00", "utc")),
    ('schedule "mon,wed 09:00" Asia/Tokyo', "schedule", ("mon,wed 09:00", "Asia/Tokyo")),
    ("schedule “every 6h”", "schedule", ("every 6h",)),
    ("schedule 08:00 mon/fri", "schedule", ("08:00 mon/fri",)),  # not an IANA area
    ("schedule UTC", "schedule", ("UTC",)),  # a lone word is the WHEN
    ("preview", "preview", ()),
    ("now", "now", ()),
    ("status", "status", ()),
    ("resume", "resume", ()),
    ("why https://example.com/a", "why", ("https://example.com/a",)),
    ("why <https://example.com/a?x=1&amp;y=2>", "why", ("https://example.com/a?x=1&y=2",)),
    ("why <http://example.com/a|example.com/a>", "why", ("http://example.com/a",)),
    ("topic create heat climate AND (\"heat wave\" OR  flood)", "topic create",
     ("heat", 'climate AND ("heat wave" OR  flood)')),
    ('topic create "Heat Waves" heat', "topic create", ("Heat Waves", "heat")),
    ("topic create eu site:<http://europa.eu|europa.eu> &amp; &lt;law&gt;", "topic create",
     ("eu", "site:europa.eu & <law>")),
    ("Topic Create x y", "topic create", ("x", "y")),
    ("topic test “quoted phrase” -sports", "topic test", ("“quoted phrase” -sports",)),
    ("topic list", "topic list", ()),
    ("topic delete Heat Waves", "topic delete", ("Heat Waves",)),
    ('topic delete "Heat Waves"', "topic delete", ("Heat Waves",)),
    ('topic delete "a" "b"', "topic delete", ('"a" "b"',)),  # not one quoted name: as typed
    ("feed add https://example.com/feed.xml", "feed add", ("https://example.com/feed.xml",)),
    ("feed add <https://example.com/f.xml> BBC  World", "feed add",
     ("https://example.com/f.xml", "BBC World")),
    ('feed add <https://example.com/f.xml|example.com/f.xml> "Le Monde"', "feed add",
     ("https://example.com/f.xml", "Le Monde")),
    ("feed remove 12", "feed remove", ("12",)),
    ("feed remove 007", "feed remove", ("7",)),
    ("feed list", "feed list", ()),
]  # fmt: skip


@pytest.mark.parametrize(("text", "verb", "args"), PARSED, ids=[p[0] or "empty" for p in PARSED])
def test_parses(text: str, verb: str, args: tuple[str, ...]) -> None:
    assert parse_slack_command(text) == SlackCommand(verb, args)


ERRORS = [
    ("subscribe", "subscribe", "Give a topic."),
    ('subscribe ""', "subscribe", "Give a topic."),
    ('subscribe "climate', "subscribe", "A quote is not closed"),
    ("unsubscribe", "unsubscribe", "Give a topic."),
    ("topics now", "topics", "takes no arguments"),
    ("schedule", "schedule", "Say when"),
    ('schedule "" UTC', "schedule", "Say when"),
    ('schedule "daily 08:00" Paris', "schedule", "Not a time zone: Paris"),
    ('schedule "daily 08:00" UTC extra', "schedule", "Not a time zone"),
    ("preview please", "preview", "takes no arguments"),
    ("why", "why", "Give a URL."),
    ("why example.com", "why", "Not an http(s) URL: example.com"),
    ("why javascript:alert(1)", "why", "Not an http(s) URL"),
    ("why http://[::1/x", "why", "Not an http(s) URL"),
    ("why https://a.example https://b.example", "why", "Give one URL."),
    ("topic create", "topic create", "Give a topic name and a query."),
    ("topic create onlyname", "topic create", "Give a query."),
    ('topic create "" query', "topic create", "Give a topic name and a query."),
    ('topic create "unclosed query', "topic create", "A quote is not closed"),
    ("topic test", "topic test", "Give a query."),
    ("topic delete", "topic delete", "Give a topic name."),
    ("topic list all", "topic list", "takes no arguments"),
    ("feed add", "feed add", "Give a URL."),
    ("feed add ftp://example.com/f", "feed add", "Not an http(s) URL"),
    ("feed remove", "feed remove", "feed list"),
    ("feed remove abc", "feed remove", "feed list"),
    ("feed remove 0", "feed remove", "feed list"),
    ("feed remove 1 2", "feed remove", "feed list"),
    ("feed remove ١٢", "feed remove", "feed list"),  # Arabic-Indic digits are not an ID
    ("feed list x", "feed list", "takes no arguments"),
    ("help me", "help", "takes no arguments"),
]


@pytest.mark.parametrize(("text", "verb", "problem"), ERRORS, ids=[e[0] for e in ERRORS])
def test_bad_arguments_carry_the_verbs_usage(text: str, verb: str, problem: str) -> None:
    with pytest.raises(UserError) as caught:
        parse_slack_command(text)
    message = str(caught.value)
    assert problem in message
    assert message.endswith(f"Usage: {USAGE[verb]}")


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("frobnicate", "Unknown command “frobnicate”."),
        ("x" * 100, "Unknown command “" + "x" * 40 + "”."),
        ('"unclosed verb', "A quote is not closed"),
    ],
    ids=["unknown", "long-unknown-is-truncated", "unclosed-quote-in-verb"],
)
def test_unknown_verbs_get_the_help_text(text: str, shown: str) -> None:
    with pytest.raises(UserError) as caught:
        parse_slack_command(text)
    assert str(caught.value).startswith(shown)
    assert str(caught.value).endswith(help_text())


@pytest.mark.parametrize(
    ("text", "shown", "group"),
    [
        ("topic", "topic needs a verb.", "topic"),
        ("topic rename a b", "Unknown topic command “rename”.", "topic"),
        ("feed", "feed needs a verb.", "feed"),
        ("feed delete 3", "Unknown feed command “delete”.", "feed"),
    ],
    ids=["topic-alone", "topic-unknown", "feed-alone", "feed-unknown"],
)
def test_group_without_a_known_verb_lists_its_usages(text: str, shown: str, group: str) -> None:
    with pytest.raises(UserError) as caught:
        parse_slack_command(text)
    message = str(caught.value)
    assert message.startswith(shown)
    group_lines = [line for verb, line in USAGE.items() if verb.startswith(group + " ")]
    assert message.endswith("\n".join(group_lines))
    assert len(group_lines) >= 3


def test_help_lists_every_verb_once() -> None:
    lines = help_text().splitlines()
    assert lines[0] == "Commands:"
    assert lines[1:] == list(USAGE.values())
    assert all(line.startswith(f"/digest {verb}") for verb, line in USAGE.items())
    expected = {"subscribe", "unsubscribe", "topics", "schedule", "preview", "now", "status", "why",
                "resume", "split", "topic create", "topic test", "topic list", "topic delete",
                "feed add", "feed remove", "feed list", "help"}  # fmt: skip
    assert set(USAGE) == expected


def test_every_usage_verb_parses() -> None:
    samples = {
        "subscribe": "t",
        "unsubscribe": "t",
        "schedule": "daily 08:00",
        "why": "https://x.example",
        "split": "12",
        "topic create": "n q",
        "topic test": "q",
        "topic delete": "n",
        "feed add": "https://x.example/f",
        "feed remove": "1",
    }
    for verb in USAGE:
        assert parse_slack_command(f"{verb} {samples.get(verb, '')}").verb == verb
