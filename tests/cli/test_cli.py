"""The command line as a user runs it: ``python -m bot …`` through ``main()``."""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from bot.__main__ import main
from bot.ingest.opml import parse_opml
from tests.paths import DATA, ROOT


@pytest.fixture
def db(tmp_path: Path) -> list[str]:
    return ["--db", str(tmp_path / "bot.db")]


def test_check_config_ok_and_bad_key(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--config", str(ROOT / "config.example.toml"), "check-config"]) == 0
    assert "config ok" in capsys.readouterr().out
    bad = tmp_path / "bad.toml"
    bad.write_text("[fetch]\ntotal_timeout_s = 'ten'\n", encoding="utf-8")
    assert main(["--config", str(bad), "check-config"]) == 2
    assert "fetch.total_timeout_s: expected a number, got 'ten'" in capsys.readouterr().err


def test_bad_usage_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["feeds", "frobnicate"]) == 2
    assert main(["subscribe", "nope", "taiwan"]) == 2
    assert "bad channel 'nope'" in capsys.readouterr().err


def test_feeds_add_list_import_export_remove(
    db: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([*db, "feeds", "add", "http://127.0.0.1:8080/x"]) == 2
    assert "a loopback address" in capsys.readouterr().err, "the guard refuses before fetching"
    loopback = tmp_path / "loopback.toml"
    loopback.write_text(
        "[fetch]\nallow_private_addresses = true\nparse_workers = 0\n", encoding="utf-8"
    )
    local = ["--config", str(loopback), *db]
    with served(DATA / "outlets") as base:
        url = f"{base}/japan-times-1.xml"
        assert main([*local, "feeds", "add", url]) == 0
        added = capsys.readouterr().out
        assert added.startswith("added feed 1: Japan Times latest articles <"), "its own title"
        assert main([*local, "feeds", "add", url.replace("http://", "HTTP://")]) == 2
        assert "already added" in capsys.readouterr().err
        assert main([*local, "feeds", "add", f"{base}/missing.xml"]) == 2
        assert "HTTP 404" in capsys.readouterr().err
        assert main([*local, "feed", "remove", "1"]) == 0  # `feed` is an alias of `feeds`
        capsys.readouterr()
    assert main([*db, "feeds", "import", str(DATA / "opml/nested-export.opml")]) == 0
    out = capsys.readouterr().out
    assert "4 added, 1 skipped, 2 refused" in out
    assert "refused http://127.0.0.1:8080/feed.xml" in out
    assert main([*db, "feeds", "list", "--json"]) == 0
    feeds = json.loads(capsys.readouterr().out)
    assert [f["name"] for f in feeds][:1] == ["The Diplomat"]
    assert all(f["status_text"] == "ok" for f in feeds)
    assert main([*db, "feeds", "export"]) == 0
    exported = parse_opml(capsys.readouterr().out.encode())
    assert [f.url for f in exported.feeds] == [f["url"] for f in feeds]
    assert main([*db, "feeds", "remove", "2"]) == 0
    assert main([*db, "feeds", "remove", "2"]) == 2


def test_topics_subscribe_schedule_status(
    db: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([*db, "topics", "add", "chips", "(chip* OR 半導体) export"]) == 0
    assert "saved topic chips: (chip* OR 半導体) export" in capsys.readouterr().out
    assert main([*db, "topics", "add", "broken", "(Japan"]) == 2
    assert "position" in capsys.readouterr().err
    assert main([*db, "topics", "list"]) == 0
    assert "japan-korea" in capsys.readouterr().out
    assert main([*db, "subscribe", "console:desk", "chips", "taiwan"]) == 0
    assert "topics: chips, taiwan" in capsys.readouterr().out
    assert main([*db, "schedule", "console:desk", "07:30 mon-fri", "Asia/Seoul"]) == 0
    assert "07:30 mon-fri Asia/Seoul; next digest" in capsys.readouterr().out
    assert main([*db, "schedule", "console:desk", "25:00"]) == 2
    assert "is not a time of day" in capsys.readouterr().err
    assert main([*db, "digest", "console:desk", "--dry-run"]) == 0
    assert "nothing new" in capsys.readouterr().out
    assert main([*db, "topics", "test", "Taiwan", "--since", "7d"]) == 0
    assert "0 of 0 items matched" in capsys.readouterr().out
    assert main([*db, "topics", "test", "chips"]) == 0  # a topic's name tests its query
    out = capsys.readouterr().out
    assert "topic chips (" in out
    assert "query: (chip* OR 半導体) export" in out
    assert main([*db, "topics", "test", '"chips"']) == 0  # quoted: the word itself
    out = capsys.readouterr().out
    assert out.startswith('query: "chips"\n')
    assert "topic chips" not in out
    assert main([*db, "topics", "test", "Japan NEAR/8 Korea", "--json"]) == 0
    tested = json.loads(capsys.readouterr().out)
    assert tested == {
        "query": "Japan NEAR/8 Korea",
        "scanned": 0,
        "matched": 0,
        "languages": [],
        "matches": [],
    }
    assert main([*db, "status", "--json"]) == 0
    status = json.loads(capsys.readouterr().out)
    [channel] = status["channels"]
    assert channel["id"] == "console:desk"
    assert channel["timezone"] == "Asia/Seoul"
    assert channel["topics"] == ["chips", "taiwan"]
    assert main([*db, "unsubscribe", "console:desk", "chips"]) == 0
    assert main([*db, "topics", "remove", "chips"]) == 0


def test_demo_prints_a_digest_without_network(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo"]) == 0
    out = capsys.readouterr().out
    assert "=== Digest for console:demo" in out
    assert "## japan-korea" in out
    assert "Japan recalls envoys over new ‘comfort women’ statue in Busan" in out
    assert "The Japan Times, The Indian Express" in out, "one story, two outlets"
    assert "â€" not in out, "mojibake in the captures is repaired"


def test_run_starts_in_console_mode_and_stops_on_sigterm(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text(f'[database]\npath = "{tmp_path / "bot.db"}"\n', encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "SLACK_"))}
    proc = subprocess.Popen(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "bot", "--config", str(config), "run"],
        cwd=ROOT,
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stderr is not None
    lines: list[str] = []
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        line = proc.stderr.readline()
        lines.append(line)
        if "bot started" in line or not line:
            break
    proc.send_signal(signal.SIGTERM)
    _, rest = proc.communicate(timeout=30)
    assert proc.returncode == 0, "".join(lines) + rest
    assert any("bot started mode=console" in line for line in lines), lines
    assert "shutting down" in rest


async def test_sync_commands_uploads_to_one_guild(tmp_path: Path) -> None:
    from bot.cli import build_parser, run_cli
    from bot.config import load_config
    from tests.fakes.discord_api import TOKEN, FakeDiscordApi

    config = load_config(None, {"DISCORD_TOKEN": TOKEN}).with_database(str(tmp_path / "bot.db"))
    args = build_parser().parse_args(["sync-commands", "--guild", "4242"])
    async with FakeDiscordApi() as fake:
        assert await run_cli(config, args) == 0
        puts = [r for r in fake.requests if r.method == "PUT"]
    assert len(puts) == 1
    assert puts[0].path.endswith("/guilds/4242/commands")
    assert {c["name"] for c in puts[0].json} == {"digest", "topic", "feed"}


async def test_sync_commands_without_token_is_a_user_error(tmp_path: Path) -> None:
    from bot.cli import build_parser, run_cli
    from bot.config import load_config
    from bot.errors import UserError

    config = load_config(None, {}).with_database(str(tmp_path / "bot.db"))
    with pytest.raises(UserError, match="DISCORD_TOKEN"):
        await run_cli(config, build_parser().parse_args(["sync-commands"]))


def test_logs_are_json_when_asked_and_never_show_a_token(
    capsys: pytest.CaptureFixture[str],
) -> None:
    import logging

    from bot.logs import configure_logging

    configure_logging("INFO", fmt="json", secrets=("xoxb-very-secret-token", None))
    try:
        logging.getLogger("bot.test").info("connecting token=%s", "xoxb-very-secret-token")
        line = capsys.readouterr().err.strip().splitlines()[-1]
        record = json.loads(line)
        assert record["level"] == "INFO"
        assert record["logger"] == "bot.test"
        assert record["message"] == "connecting token=[redacted]"
    finally:
        logging.getLogger().handlers.clear()


class RunningBot:
    """``python -m bot run`` as a subprocess in its own process group, like a terminal job."""

    def __init__(self, config: Path) -> None:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "SLACK_"))}
        self.proc = subprocess.Popen(  # noqa: S603 - our own interpreter and module
            [sys.executable, "-m", "bot", "--config", str(config), "run"],
            cwd=ROOT,
            env=env,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        self.lines: list[str] = []

    def wait_started(self) -> None:
        assert self.proc.stderr is not None
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            line = self.proc.stderr.readline()
            self.lines.append(line)
            if "bot started" in line or not line:
                return
        raise AssertionError("".join(self.lines))

    def stop(self, sig: int) -> str:
        os.killpg(self.proc.pid, sig)  # to the whole group, as a terminal's Ctrl-C does
        _, rest = self.proc.communicate(timeout=60)
        return "".join(self.lines) + rest


@contextlib.contextmanager
def served(folder: Path) -> Iterator[str]:
    """A plain HTTP server on 127.0.0.1 serving ``folder`` (for subprocess tests), its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        return


@pytest.mark.parametrize(
    "stop_with",
    [signal.SIGINT, signal.SIGTERM],
    ids=["ctrl-c", "sigterm-to-the-group"],  # a terminal; systemd, timeout(1), a supervisor
)
def test_one_run_per_database_and_the_cli_works_beside_it(tmp_path: Path, stop_with: int) -> None:
    config = tmp_path / "config.toml"
    with served(ROOT / "tests" / "data" / "outlets") as base:
        config.write_text(
            f'[database]\npath = "{tmp_path / "bot.db"}"\n'
            "[fetch]\nparse_workers = 2\nallow_private_addresses = true\n"
            f'[[feeds]]\nurl = "{base}/bbc-news-1.xml"\n',
            encoding="utf-8",
        )
        bot = RunningBot(config)
        try:
            bot.wait_started()
            _one_run_and_the_cli_beside_it(bot, config)
        finally:
            log = bot.stop(stop_with)
    assert bot.proc.returncode == 0, log
    assert "poll done feeds=1" in log, "the parse workers ran"
    assert "Traceback" not in log, "stopping prints no traceback, from the workers either"
    if stop_with == signal.SIGINT:  # SIGTERM also reaches the workers, which then just exit
        assert "leaked" not in log, "the workers were shut down by the bot, not killed under it"
    assert "shutting down" in log


def _one_run_and_the_cli_beside_it(bot: RunningBot, config: Path) -> None:
    deadline = time.monotonic() + 60
    while not any("poll done" in line for line in bot.lines) and time.monotonic() < deadline:
        assert bot.proc.stderr is not None
        bot.lines.append(bot.proc.stderr.readline())
    second = subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "bot", "--config", str(config), "run"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert second.returncode == 1
    assert f"another bot (pid {bot.proc.pid}) is already running" in second.stderr
    assert "Traceback" not in second.stderr
    status = subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "bot", "--config", str(config), "status", "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert status.returncode == 0, status.stderr
    assert json.loads(status.stdout)["feeds"]["total"] == 1
    assert bot.proc.poll() is None, "the first bot keeps running"


def test_operator_conveniences(db: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    """Issue 12: ids printed verbatim, --json lists with ISO times, options after the command,
    aliases, plain lines when piped, help pages with an example, channel ids validated."""
    assert main(["topic", "list", "--json", *db]) == 0  # alias, and --db after the command
    topics = json.loads(capsys.readouterr().out)
    assert {"name", "query", "description", "origin"} == set(topics[0])
    assert "taiwan" in {t["name"] for t in topics}
    assert main([*db, "subscribe", "console:thumbs_up", "taiwan"]) == 0
    assert capsys.readouterr().out.startswith("console:thumbs_up: added taiwan"), "no emoji"
    assert main([*db, "subscribe", "discord:abc:def", "taiwan"]) == 2
    assert "bad discord channel 'discord:abc:def'" in capsys.readouterr().err
    assert main([*db, "subscribe", "slack:team:chan", "taiwan"]) == 2
    capsys.readouterr()
    assert main([*db, "status", "--json"]) == 0
    status = json.loads(capsys.readouterr().out)
    (channel,) = status["channels"]
    assert datetime.fromisoformat(status["now"]).tzinfo is not None
    assert "T" in channel["next_at"], "ISO-8601, not str(datetime)"
    assert main([*db, "topics", "list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "name\torigin\tquery", "a table degrades to plain lines when piped"
    assert any(line.startswith("taiwan\tbuiltin\t") for line in lines)
    with pytest.raises(SystemExit):
        main(["poll", "--help"])
    help_text = capsys.readouterr().out
    assert "example:" in help_text
    assert "--feed ID" in help_text


def test_topics_list_on_a_terminal_cuts_long_queries_unless_full(
    db: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The built-ins' queries run to thousands of characters: a terminal shows the start of
    each and says how to see them whole; piped output (above) keeps them whole."""
    monkeypatch.setenv("TTY_COMPATIBLE", "1")  # rich treats stdout as a terminal
    monkeypatch.setenv("COLUMNS", "400")
    monkeypatch.setenv("NO_COLOR", "1")
    assert main([*db, "topics", "list"]) == 0
    shown = capsys.readouterr().out
    assert "queries cut at 100 characters: --full shows them whole" in shown
    assert '"Taiwan Strait" OR "Taiwan Straits"' in shown
    assert "quarterly" not in shown  # the last word of the taiwan query
    assert main([*db, "topics", "list", "--full"]) == 0
    whole = capsys.readouterr().out
    assert "quarterly" in whole  # one word: a wrapped cell breaks lines at spaces
    assert "--full shows them whole" not in whole
