"""Configs that ``run`` refuses are refused by ``check-config`` first, naming the key.

Issues 12 and 13. Each bad config goes through the real CLI (``python -m bot --config …
check-config``, exit 2); start-up (``open_app``) refuses the same and leaves the database as it
was.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from bot.__main__ import main
from bot.app import open_app
from bot.config import load_config
from bot.core.model import ChannelRef
from bot.errors import ConfigError
from tests.paths import ROOT

CHANNEL = '[[channels]]\nid = "console:desk"\ntopics = ["taiwan"]\n'


# (id, TOML with {tmp} and {dir} for paths, the start of the message naming the key)
CASES = [
    (
        "unknown-zone",
        CHANNEL + 'timezone = "Asia/Seol"\n',
        "channels[0].timezone: unknown time zone 'Asia/Seol'",
    ),
    ("bad-schedule", CHANNEL + 'schedule = "25:00"\n', "channels[0].schedule: '25:00' is not"),
    ("bad-query", '[[topics]]\nname = "chips"\nquery = "(chip* OR"\n', "topics[0].query (chips):"),
    (
        "unknown-topic",
        '[[channels]]\nid = "console:desk"\ntopics = ["tiawan"]\n',
        "channels[0].topics: no topic named 'tiawan'",
    ),
    (
        "malformed-channel",
        '[[channels]]\nid = "discord:abc:def"\ntopics = ["taiwan"]\n',
        "channels[0].id: bad discord channel 'discord:abc:def'",
    ),
    (
        "bad-default-zone",
        '[bot]\ndefault_timezone = "Mars/Base"\n',
        "bot.default_timezone: unknown",
    ),
    (
        "nan-interval",
        "[fetch]\npoll_interval_s = nan\n",
        "fetch.poll_interval_s: expected a finite",
    ),
    ("nan-jitter", "[fetch]\njitter_s = nan\n", "fetch.jitter_s: expected a finite"),
    ("inf-backoff", "[fetch]\nmax_backoff_s = inf\n", "fetch.max_backoff_s: expected a finite"),
    ("nan-timeout", "[fetch]\ntotal_timeout_s = nan\n", "fetch.total_timeout_s: expected a finite"),
    (
        "user-agent-crlf",
        '[fetch]\nuser_agent = "bot\\r\\nX-Evil: 1"\n',
        "fetch.user_agent: control characters",
    ),
    (
        "console-output-missing-dir",
        '[bot]\nconsole_output = "{tmp}/missing/digests.txt"\n',
        "bot.console_output: the directory",
    ),
    ("console-output-is-a-dir", '[bot]\nconsole_output = "{dir}"\n', "bot.console_output: "),
    ("database-nul", '[database]\npath = "a\\u0000b.db"\n', "database.path: the path contains"),
    ("database-dir", '[database]\npath = "{dir}"\n', "database.path: "),
    ("database-device", '[database]\npath = "/dev/null"\n', "database.path: /dev/null is not a"),
    ("deep-nesting", "x = " + "[" * 5000 + "]" * 5000 + "\n", "invalid TOML: arrays or tables"),
    ("duplicate-channel", CHANNEL + CHANNEL, "channels[1].id: console:desk is configured twice"),
]


@pytest.mark.parametrize(("toml", "message"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_check_config_refuses_what_run_refuses(
    toml: str, message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    directory = tmp_path / "a-directory"
    directory.mkdir()
    toml = toml.replace("{tmp}", str(tmp_path)).replace("{dir}", str(directory))
    if "[database]" not in toml:
        toml = f'[database]\npath = "{tmp_path / "bot.db"}"\n' + toml
    path = tmp_path / "config.toml"
    path.write_text(toml, encoding="utf-8")
    code = main(["--config", str(path), "check-config"])
    err = capsys.readouterr().err
    assert code == 2, err
    assert message in err
    assert "Traceback" not in err


async def test_a_refused_config_changes_nothing_at_start(tmp_path: Path) -> None:
    """Issue 13: a mistyped zone created the channel with the default schedule, then failed."""
    path = tmp_path / "config.toml"
    db = tmp_path / "bot.db"
    path.write_text(
        f'[database]\npath = "{db}"\n'
        '[[channels]]\nid = "console:desk"\ntopics = ["taiwan"]\ntimezone = "Asia/Seol"\n',
        encoding="utf-8",
    )
    config = load_config(path, {})
    with pytest.raises(ConfigError, match=r"channels\[0\]\.timezone"):
        async with open_app(config):
            pass
    assert not db.exists() or sqlite3.connect(db).execute(
        "SELECT count(*) FROM sqlite_master WHERE name = 'channels'"
    ).fetchone() == (0,)
    path.write_text(
        f'[database]\npath = "{db}"\n'
        '[[channels]]\nid = "console:desk"\ntopics = ["taiwan"]\ntimezone = "Asia/Seoul"\n',
        encoding="utf-8",
    )
    async with open_app(load_config(path, {})) as app:
        channel = await app.store.get_channel(ChannelRef("console", "desk"))
        assert channel is not None
        assert channel.timezone == "Asia/Seoul", "the fixed zone, not a default kept from before"


def test_the_example_config_passes(capsys: pytest.CaptureFixture[str]) -> None:
    root = ROOT
    assert main(["--config", str(root / "config.example.toml"), "check-config"]) == 0
    assert "config ok" in capsys.readouterr().out
