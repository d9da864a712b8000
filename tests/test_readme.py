"""The README shows only what exists: every command, target, key, slash command and example.

Issue 9: "every command the README shows is run by a test, or at least checked to exist with the
same arguments". Each check reads the README itself, so a renamed option, a removed make target
or a new config key without documentation fails here:

- every ``python -m bot …`` line in a fenced code block parses with ``bot.cli.build_parser()``
  (placeholders such as ``CHANNEL`` are replaced by valid values), and every CLI command and
  option the parser defines is shown;
- every ``make TARGET`` exists in the Makefile;
- the configuration tables name exactly the keys of ``config_fields()``, with their defaults;
- the Discord table lists exactly the command tree (with parameters), the Slack table exactly
  ``USAGE``;
- the query, schedule and matching examples parse and behave as shown.
"""

from __future__ import annotations

import argparse
import dataclasses
import re
import shlex
import subprocess
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast

import discord
import pytest
from discord import app_commands

from bot.chat.discord.commands import DigestCommands, FeedCommands, TopicCommands
from bot.chat.slack.commands import USAGE
from bot.cli import build_parser
from bot.config import Config, config_fields
from bot.core.cadence import parse_schedule
from bot.core.match import TopicIndex
from bot.core.query import QueryError, parse_query
from bot.topics.builtin import load_builtin_topic_details
from tests.paths import ROOT

README = (ROOT / "README.md").read_text("utf-8")
FENCE = re.compile(r"^```(\w*)\n(.*?)^```", re.MULTILINE | re.DOTALL)
# Placeholders the README's command synopses use, and a valid value for each.
PLACEHOLDERS = {
    "URL": "https://www.example.com/feed.xml",
    "NAME": "example",
    "TEXT": "a description",
    "FEED_ID": "3",
    "FILE.opml": "feeds.opml",
    "QUERY": "Taiwan OR 台湾",
    "DURATION": "12h",
    "CHANNEL": "console:desk",
    "TOPIC...": "taiwan",
    "WHEN": "08:00 mon-fri",
    "TIMEZONE": "Asia/Seoul",
    "ITEM_OR_URL": "42",
    "GUILD_ID": "123456789012345678",
}
PLACEHOLDER_SHAPE = re.compile(r"^[A-Z][A-Z_]*(?:\.\.\.|\.opml)?$")
GLOBAL_OPTIONS = ("--config", "--db")


def code_blocks(language: str | None = None) -> Iterator[str]:
    for match in FENCE.finditer(README):
        if language is None or match.group(1) == language:
            yield match.group(2)


def section(title: str) -> str:
    """The README text under the heading ``title`` up to the next heading of the same level."""
    match = re.search(rf"^(#+) {re.escape(title)}\n", README, re.MULTILINE)
    assert match, f"README has no section {title!r}"
    level = len(match.group(1))
    rest = README[match.end() :]
    end = re.search(rf"^#{{1,{level}}} ", rest, re.MULTILINE)
    return rest[: end.start()] if end else rest


def table_rows(text: str) -> list[list[str]]:
    """The cells of each body row of the Markdown tables in ``text`` (| in cells as ``\\|``)."""
    lines = text.splitlines()
    rows = []
    for i, line in enumerate(lines):
        if not line.startswith("|") or set(line) <= set("|-: "):
            continue
        if i + 1 < len(lines) and lines[i + 1].startswith("|---"):
            continue  # the header row
        cells = [c.strip().replace("\\|", "|") for c in re.split(r"(?<!\\)\|", line)[1:-1]]
        rows.append(cells)
    return rows


def unquote(cell: str) -> str:
    assert cell.startswith("`"), cell
    assert cell.endswith("`"), cell
    return cell[1:-1]


# -- the command line ---------------------------------------------------------------------------


def cli_lines() -> list[str]:
    """Every ``python -m bot …`` command in a code block, comment stripped (``docker exec`` too)."""
    lines = []
    for block in code_blocks():
        for line in block.splitlines():
            _, found, rest = line.partition("python -m bot ")
            if found:
                lines.append(re.split(r"\s+#\s", rest)[0].strip())
    return lines


def cli_args(line: str) -> list[str]:
    """The argv after ``python -m bot``: global options dropped, placeholders given values."""
    args: list[str] = []
    for token in shlex.split(line):
        bare = token.strip("[]")
        if PLACEHOLDER_SHAPE.match(bare):
            assert bare in PLACEHOLDERS, f"unknown placeholder {bare!r} in {line!r}"
            args.append(PLACEHOLDERS[bare])
        elif bare:
            args.append(bare)
    while args and args[0] in GLOBAL_OPTIONS:
        args = args[2:]
    return args


def subcommands(parser: argparse.ArgumentParser, prefix: str = "") -> Iterator[tuple[str, Any]]:
    """(``"feeds add"``, its parser) for every leaf command of the CLI."""
    for action in parser._actions:  # argparse keeps subparsers only here
        if isinstance(action, argparse._SubParsersAction):
            seen: set[int] = set()
            for name, sub in action.choices.items():
                if id(sub) in seen:
                    continue  # an alias (``feed`` for ``feeds``): the same parser again
                seen.add(id(sub))
                path = f"{prefix} {name}".strip()
                nested = any(isinstance(a, argparse._SubParsersAction) for a in sub._actions)
                if nested:
                    yield from subcommands(sub, path)
                else:
                    yield path, sub


LINES = cli_lines()


def test_the_readme_shows_command_lines() -> None:
    assert len(LINES) >= 30


@pytest.mark.parametrize("line", LINES, ids=[line[:60] for line in LINES])
def test_cli_line_parses(line: str) -> None:
    args = cli_args(line)
    parsed = build_parser().parse_args(args)  # raises UsageError (exit 2) if the README is wrong
    assert parsed.command == args[0]


def test_every_cli_command_and_option_is_shown() -> None:
    shown = [cli_args(line) for line in LINES]
    for path, parser in subcommands(build_parser()):
        words = path.split()
        uses = [args for args in shown if args[: len(words)] == words]
        assert uses, f"README shows no `python -m bot {path}`"
        for action in parser._actions:
            for option in action.option_strings:
                if option in ("-h", "--help") or (path and option in ("--config", "--db")):
                    continue  # the global options, also accepted after a subcommand
                assert any(option in args for args in uses), f"{path} {option} is not shown"
    shown_globals = set(re.findall(r"`(--[a-z]+)", section("Command line")))
    assert {"--config", "--db", "--version"} <= shown_globals


def test_readme_exit_codes_are_the_cli_ones() -> None:
    from bot.cli import EXIT_FAILURE, EXIT_OK, EXIT_USAGE

    text = " ".join(section("Command line").split())
    for code, meaning in ((EXIT_OK, "success"), (EXIT_FAILURE, "a runtime"), (EXIT_USAGE, "bad")):
        assert f"**{code}** {meaning}" in text


# -- make targets -------------------------------------------------------------------------------


def makefile_targets() -> set[str]:
    text = (ROOT / "Makefile").read_text("utf-8")
    return set(re.findall(r"^([A-Za-z][\w-]*):", text, re.MULTILINE))


def test_every_make_target_shown_exists() -> None:
    in_code = [*code_blocks(), *re.findall(r"`([^`\n]+)`", README)]
    shown = {m for code in in_code for m in re.findall(r"(?:^|\s)make ([a-z][\w-]*)", code, re.M)}
    assert {"run", "test", "demo", "bench", "check"} <= shown
    assert shown <= makefile_targets(), shown - makefile_targets()


def test_make_run_works_without_a_config_toml(tmp_path: Path) -> None:
    """The quickstart's `make run` on a fresh clone: the config it passes must exist."""
    for name in ("Makefile", "pyproject.toml", "config.example.toml"):
        (tmp_path / name).write_bytes((ROOT / name).read_bytes())
    result = subprocess.run(
        ["make", "-n", "run", "VENV=.venv-none"],  # noqa: S607 - make from PATH, as a user runs it
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    command = next(line for line in result.stdout.splitlines() if "-m bot" in line)
    args = shlex.split(command.partition("-m bot")[2])
    if "--config" in args:
        config = tmp_path / args[args.index("--config") + 1]
        assert config.exists(), f"`make run` on a fresh clone uses a missing {config.name}"
    assert args[-1] == "run"


# -- configuration ------------------------------------------------------------------------------


def config_tables() -> dict[str, dict[str, str]]:
    """Section -> {key: default cell} from the ``### `[section]` `` tables of the README."""
    tables: dict[str, dict[str, str]] = {}
    text = section("Configuration reference")
    for match in re.finditer(r"^### `\[\[?(\w+)\]\]?`\n(.*?)(?=^### |\Z)", text, re.M | re.S):
        rows = table_rows(match.group(2))
        tables[match.group(1)] = {unquote(row[0]): row[1] for row in rows}
    return tables


def test_config_tables_name_exactly_the_config_keys() -> None:
    tables = config_tables()
    fields = config_fields()
    assert set(tables) == set(fields)
    for name, keys in fields.items():
        assert set(tables[name]) == set(keys), f"[{name}]"


def test_config_tables_show_the_real_defaults() -> None:
    defaults = Config()
    checked = 0
    for name, table in config_tables().items():
        for key, cell in table.items():
            if cell == "required":
                continue
            shown = tomllib.loads(f"value = {unquote(cell)}")["value"]
            if hasattr(defaults, name) and dataclasses.is_dataclass(getattr(defaults, name)):
                real = getattr(getattr(defaults, name), key)
            else:  # [[feeds]] etc.: the entry class's field default
                entry = {"feeds": "FeedEntry", "topics": "TopicEntry", "channels": "ChannelEntry"}
                import bot.config

                cls = getattr(bot.config, entry[name])
                real = {f.name: f.default for f in dataclasses.fields(cls)}[key]
            if isinstance(real, tuple):
                real = list(real)
            assert shown == real, f"[{name}] {key}: README {cell}, code {real!r}"
            checked += 1
    assert checked >= 40


def test_environment_variables_are_the_secrets_read() -> None:
    from bot.config import SECRET_ENV

    shown = {unquote(row[0]) for row in table_rows(section("Environment variables"))}
    assert shown == set(SECRET_ENV)


# -- chat commands ------------------------------------------------------------------------------


def discord_commands() -> dict[str, list[tuple[str, bool]]]:
    """``"digest subscribe"`` -> [(parameter, required)], from the real groups (no login)."""
    none = cast(Any, None)
    commands: dict[str, list[tuple[str, bool]]] = {}
    for group_class in (DigestCommands, TopicCommands, FeedCommands):
        group = group_class(none, none, [])
        for command in group.walk_commands():
            assert isinstance(command, app_commands.Command)  # the groups nest no groups
            params = [(p.name, p.required) for p in command.parameters]
            commands[command.qualified_name] = params
    return commands


def test_discord_table_lists_exactly_the_slash_commands_with_their_parameters() -> None:
    shown: dict[str, list[tuple[str, bool]]] = {}
    for row in table_rows(section("Discord slash commands")):
        words = unquote(row[0]).removeprefix("/").split()
        name = " ".join(words[:2])
        shown[name] = [(w.strip("[]"), not w.startswith("[")) for w in words[2:]]
    assert shown == discord_commands()


def test_discord_invite_permissions_are_view_send_embed() -> None:
    value = discord.Permissions(view_channel=True, send_messages=True, embed_links=True).value
    assert value == 19456
    assert f"permissions={value}" in section("Discord setup")
    assert "scope=bot+applications.commands" in section("Discord setup")


def test_slack_table_lists_exactly_the_verbs_with_their_usage() -> None:
    shown = {}
    for row in table_rows(section("Slack `/digest` verbs")):
        usage = unquote(row[0])
        verb = " ".join(w for w in usage.split()[1:] if w.islower())
        shown[verb] = usage
    assert shown == {verb: line.partition(":")[0] for verb, line in USAGE.items()}


# -- topics, queries and schedules --------------------------------------------------------------

QUERIES = [line for block in code_blocks("query") for line in block.splitlines() if line]
SCHEDULES = [line for block in code_blocks("schedule") for line in block.splitlines() if line]
MATCHES = table_rows(section("Topic query language"))
MATCH_ROWS = [row for row in MATCHES if len(row) == 3 and row[2] in ("yes", "no")]


@pytest.mark.parametrize("query", QUERIES, ids=[q[:40] for q in QUERIES])
def test_query_example_parses_and_round_trips(query: str) -> None:
    parsed = parse_query(query)
    assert parse_query(str(parsed)) == parsed


@pytest.mark.parametrize("schedule", SCHEDULES, ids=SCHEDULES)
def test_schedule_example_parses(schedule: str) -> None:
    parsed = parse_schedule(schedule)
    assert parse_schedule(str(parsed)) == parsed


@pytest.mark.parametrize(
    ("query", "headline", "expected"),
    [(unquote(q), h, e == "yes") for q, h, e in MATCH_ROWS],
    ids=[f"{q[:30]}-{h[:20]}" for q, h, _ in MATCH_ROWS],
)
def test_matching_example_behaves_as_shown(query: str, headline: str, expected: bool) -> None:
    index = TopicIndex.compile({"example": parse_query(query)})
    assert bool(index.match(headline, "")) is expected


def test_the_examples_cover_the_cjk_rules() -> None:
    assert len(QUERIES) >= 5
    assert len(SCHEDULES) >= 5
    assert len(MATCH_ROWS) >= 10
    text = " ".join(QUERIES) + " ".join(h for _, h, _ in MATCH_ROWS)
    for script_sample in ("日本", "한국", "韓国", "台湾", "臺灣"):
        assert script_sample in text


def test_query_error_example_is_the_real_message() -> None:
    match = re.search(r"`(Japan OR)` gets\s+`([^`]+)`", section("Topic query language"))
    assert match
    with pytest.raises(QueryError) as error:
        parse_query(match.group(1))
    assert str(error.value) == " ".join(match.group(2).split())


def test_builtin_topics_table_matches_topics_toml() -> None:
    shown = {unquote(row[0]): row[1] for row in table_rows(section("Built-in topics"))}
    details = load_builtin_topic_details()
    assert shown == {name: description for name, (_, description) in details.items()}
