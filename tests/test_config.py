from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import Config, config_fields, load_config, parse_config
from bot.errors import ConfigError
from tests.paths import ROOT


def load(toml: str, tmp_path: Path, env: dict[str, str] | None = None) -> Config:
    path = tmp_path / "config.toml"
    path.write_text(toml, encoding="utf-8")
    return load_config(path, env or {})


def test_defaults_without_a_file() -> None:
    config = load_config(None, {})
    assert config.fetch.allow_private_addresses is False
    assert config.database.path == "news-digest.db"
    assert config.source == "built-in defaults"


def test_values_are_read_and_typed(tmp_path: Path) -> None:
    config = load(
        """
        [fetch]
        total_timeout_s = 12
        allow_private_addresses = true
        [[feeds]]
        url = "https://www.foreignaffairs.com/rss.xml"
        name = "Foreign Affairs"
        [[channels]]
        id = "console:desk"
        topics = ["taiwan", "japan-korea"]
        """,
        tmp_path,
    )
    assert config.fetch.total_timeout_s == 12.0
    assert isinstance(config.fetch.total_timeout_s, float)
    assert config.fetch.allow_private_addresses is True
    assert config.feeds[0].name == "Foreign Affairs"
    assert config.channels[0].topics == ("taiwan", "japan-korea")


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ("[fetch]\ntimeout = 3", "fetch.timeout: unknown key"),
        ('[fetch]\ntotal_timeout_s = "ten"', "fetch.total_timeout_s: expected a number, got 'ten'"),
        ("[fetch]\ntotal_timeout_s = -1", "fetch.total_timeout_s: expected a value between"),
        ("[fetch]\nmax_redirects = 2.5", "fetch.max_redirects: expected a whole number"),
        (
            "[fetch]\nallow_private_addresses = 1",
            "fetch.allow_private_addresses: expected true or false",
        ),
        ("[fetch]\nper_host_limit = true", "fetch.per_host_limit: expected a whole number"),
        ('[bot]\nlog_level = "LOUD"', "bot.log_level: expected one of DEBUG"),
        ("[nope]\nx = 1", "nope: unknown section"),
        ("fetch = 3", "fetch: expected a table"),
        ('[discord]\ntoken = "abc"', "discord.token: secrets are read only from the environment"),
        ('[bot]\nslack_bot_token = "xoxb"', "bot.slack_bot_token: secrets are read only"),
        ('[[feeds]]\nname = "x"', "feeds[0].url: required key is missing"),
        ('[[feeds]]\nurl = "ftp://x"', "feeds[0].url: expected an http:// or https:// URL"),
        ('[[feeds]]\nurl = "https://a/"\n[[feeds]]\nurl = "https://a/"', "feeds[1].url: duplicate"),
        ('[feeds]\nurl = "https://a/"', "feeds: expected an array of tables"),
        (
            '[[channels]]\nid = "console:x"\ntopics = "taiwan"',
            "channels[0].topics: expected a list",
        ),
        ("[fetch\n", "invalid TOML"),
    ],
    ids=[
        "unknown-key",
        "wrong-type",
        "out-of-range",
        "float-for-int",
        "int-for-bool",
        "bool-for-int",
        "bad-choice",
        "unknown-section",
        "section-not-table",
        "token-in-toml",
        "token-like-key",
        "missing-required",
        "bad-scheme",
        "duplicate-feed",
        "feeds-not-array",
        "list-type",
        "bad-toml",
    ],
)
def test_bad_config_names_the_key(toml: str, message: str, tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=None) as info:
        load(toml, tmp_path)
    assert message in str(info.value)


def test_secrets_only_from_env_and_never_in_repr() -> None:
    config = parse_config({}, {"DISCORD_TOKEN": "sekrit-token", "SLACK_BOT_TOKEN": " "}, "t")
    assert config.secrets.discord_token == "sekrit-token"
    assert config.secrets.slack_bot_token is None
    assert "sekrit" not in repr(config)
    assert "sekrit" not in repr(config.secrets)


def test_missing_and_unreadable_files(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="config file not found"):
        load_config(tmp_path / "absent.toml", {})
    bad = tmp_path / "latin1.toml"
    bad.write_bytes(b'[bot]\ndefault_timezone = "\xe9"\n')
    with pytest.raises(ConfigError, match="not UTF-8"):
        load_config(bad, {})


def test_every_field_is_documented_in_the_example() -> None:
    example = ROOT / "config.example.toml"
    config = load_config(example, {})
    assert config.feeds, "the example ships a starter list of feeds"
    text = example.read_text(encoding="utf-8")
    for section, names in config_fields().items():
        header = f"[[{section}]]" if section in ("feeds", "topics", "channels") else f"[{section}]"
        assert header in text, f"{header} is not in config.example.toml"
        for name in names:
            assert f"{name} =" in text, f"{section}.{name} is not documented in config.example.toml"
