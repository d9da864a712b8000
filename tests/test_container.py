"""The container image's contract, tested without a Docker engine (these machines have none).

The Dockerfile's ENTRYPOINT, CMD and HEALTHCHECK are parsed from the file itself and run as
subprocesses, with the image's paths mapped onto a temporary directory: ``/data`` (the volume and
working directory) and the example config the image ships. So what the image runs is what these
tests run: first start on an empty volume, a clean stop on SIGTERM, and a health check that asks
the bot rather than the process table.
"""

from __future__ import annotations

import fnmatch
import json
import os
import shlex
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import pytest

from tests.paths import ROOT

DOCKERFILE = ROOT / "Dockerfile"
IMAGE_EXAMPLE = "/usr/local/share/news-digest-bot/config.example.toml"
START_TIMEOUT_S = 60.0
STOP_TIMEOUT_S = 10.0  # docker stop's default grace period before SIGKILL
# A config with no feeds: the bot starts, polls nothing (no network) and waits for SIGTERM.
QUIET_CONFIG = '[bot]\nlog_level = "INFO"\n\n[digest]\ndefault_schedule = "08:00"\n'


def instructions(text: str) -> list[tuple[str, str]]:
    """(KEYWORD, arguments) of each Dockerfile instruction, continuations joined."""
    result: list[tuple[str, str]] = []
    current = ""
    for raw in text.splitlines():
        line = raw.strip()
        if not current and (not line or line.startswith("#")):
            continue
        if line.startswith("#"):  # a comment inside a continued instruction
            continue
        if line.endswith("\\"):
            current += line[:-1] + " "
            continue
        current += line
        keyword, _, args = current.strip().partition(" ")
        result.append((keyword.upper(), args.strip()))
        current = ""
    return result


def instruction(keyword: str) -> str:
    found = [args for key, args in instructions(DOCKERFILE.read_text("utf-8")) if key == keyword]
    assert found, f"Dockerfile has no {keyword}"
    return found[-1]  # Docker uses the last one


def exec_form(keyword: str) -> list[str]:
    value = json.loads(instruction(keyword))
    assert isinstance(value, list), f"{keyword} should use the exec (JSON) form"
    return [str(v) for v in value]


def healthcheck_command() -> str:
    """The shell command of ``HEALTHCHECK [--options] CMD command``."""
    _, found, command = instruction("HEALTHCHECK").partition("CMD ")
    assert found, "HEALTHCHECK should run a command"
    return command.strip()


def localize(args: Sequence[str], data: Path) -> list[str]:
    """The image's argv with its paths on this machine: /data, the shipped example, python."""
    example = str(ROOT / "config.example.toml")
    out = [a.replace(IMAGE_EXAMPLE, example).replace("/data", str(data)) for a in args]
    return [sys.executable if a == "python" else a for a in out]


def container_env() -> dict[str, str]:
    """No chat tokens (console mode), and the venv's python first on PATH, as in the image."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "SLACK_"))}
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env["PYTHONPATH"] = str(ROOT)  # the image has the package installed; here it is the checkout
    env["PYTHONUNBUFFERED"] = "1"
    return env


def start(command: Sequence[str], data: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(  # noqa: S603 - the Dockerfile's own command, our interpreter
        list(command),
        cwd=data,  # WORKDIR /data
        env=container_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def run_healthcheck(data: Path) -> subprocess.CompletedProcess[str]:
    command = localize([healthcheck_command()], data)[0]
    command = command.replace("python ", f"{shlex.quote(sys.executable)} ", 1)
    return subprocess.run(  # noqa: S603 - Docker runs HEALTHCHECK CMD with /bin/sh -c
        ["/bin/sh", "-c", command],
        cwd=data,
        env=container_env(),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize(
    ("keyword", "expected"),
    [
        ("FROM", "python:3.11-slim"),
        ("VOLUME", "/data"),
        ("WORKDIR", "/data"),
        ("STOPSIGNAL", "SIGTERM"),
    ],
    ids=["slim-python-3.11", "data-volume", "workdir-data", "sigterm"],
)
def test_dockerfile_instruction(keyword: str, expected: str) -> None:
    assert instruction(keyword) == expected


def test_dockerfile_runs_as_a_non_root_user_and_installs_the_package() -> None:
    user = instruction("USER")
    assert user.split(":")[0] not in ("root", "0"), user
    steps = instructions(DOCKERFILE.read_text("utf-8"))
    assert "pip install --no-cache-dir ." in " ".join(a for key, a in steps if key == "RUN")
    # issue 15: the image always has the CJK segmenters
    assert "pip install --no-cache-dir .[cjk]" in " ".join(a for key, a in steps if key == "RUN")
    assert any(key == "ENV" and "PYTHONUNBUFFERED=1" in a for key, a in steps)
    assert exec_form("CMD") == ["python", "-m", "bot", "--config", "/data/config.toml", "run"]
    assert "python -m bot --config /data/config.toml healthcheck" in healthcheck_command()


def test_dockerignore_keeps_local_state_out_of_the_image() -> None:
    lines = (ROOT / ".dockerignore").read_text("utf-8").splitlines()
    patterns = {line.strip() for line in lines if line.strip() and not line.startswith("#")}
    assert {".git", ".venv", "tests", "bench", "**/*.db", "**/__pycache__"} <= patterns
    for needed in ("pyproject.toml", "README.md", "config.example.toml", "bot", "bot/data"):
        ignored = [p for p in patterns if fnmatch.fnmatch(needed, p.lstrip("/"))]
        assert not ignored, f"the build needs {needed}, ignored by {ignored}"


def test_first_start_on_an_empty_volume_copies_the_example_config(tmp_path: Path) -> None:
    command = [*exec_form("ENTRYPOINT"), *exec_form("CMD")]
    assert command[-1] == "run"
    check = localize([*command[:-1], "check-config"], tmp_path)
    proc = start(check, tmp_path)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    config = tmp_path / "config.toml"
    assert config.read_bytes() == (ROOT / "config.example.toml").read_bytes()
    assert f"config ok: {config}" in out


def test_run_keeps_an_existing_config_and_stops_cleanly_on_sigterm(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text(QUIET_CONFIG, encoding="utf-8")
    proc = start(localize([*exec_form("ENTRYPOINT"), *exec_form("CMD")], tmp_path), tmp_path)
    assert proc.stderr is not None
    lines: list[str] = []
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        line = proc.stderr.readline()
        lines.append(line)
        if "bot started" in line or not line:
            break
    try:
        assert any("bot started mode=console" in line for line in lines), "".join(lines)
        healthy = run_healthcheck(tmp_path)  # the HEALTHCHECK asks the running bot
        assert healthy.returncode == 0, healthy.stdout + healthy.stderr
    finally:
        proc.send_signal(signal.SIGTERM)
        stopped_at = time.monotonic()
        _, rest = proc.communicate(timeout=STOP_TIMEOUT_S)
    assert proc.returncode == 0, "".join(lines) + rest
    assert time.monotonic() - stopped_at < STOP_TIMEOUT_S
    assert "shutting down" in rest
    assert config.read_text("utf-8") == QUIET_CONFIG, "an existing config is never replaced"
    assert (tmp_path / "news-digest.db").exists(), "database.path is relative to WORKDIR /data"


@pytest.mark.parametrize(
    "config_text",
    [QUIET_CONFIG, None],
    ids=["no-heartbeat", "no-config-is-1-not-2"],
)
def test_healthcheck_is_unhealthy_when_no_bot_has_run(
    tmp_path: Path, config_text: str | None
) -> None:
    if config_text is not None:
        (tmp_path / "config.toml").write_text(config_text, encoding="utf-8")
    result = run_healthcheck(tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "unhealthy" in result.stdout or "config error" in result.stderr
