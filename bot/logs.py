"""Logging, set up once by the entry point: one line per event, key=value (or one JSON object
per line), tokens redacted whoever logs them. Never discord.py's own handler (client.run() is
never called).
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import (
    Sequence,
)
from typing import Any

log = logging.getLogger(__name__)


class _StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever ``sys.stderr`` is at the time of each record."""

    @property
    def stream(self) -> Any:
        return sys.stderr

    @stream.setter
    def stream(self, value: Any) -> None:
        return


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message (``event key=value``), error."""

    def format(self, record: logging.LogRecord) -> str:
        data = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            data["error"] = self.formatException(record.exc_info)
        return json.dumps(data, ensure_ascii=False)


class RedactSecrets(logging.Filter):
    """Defence in depth: a token value never reaches a log line, whoever logs it."""

    def __init__(self, secrets: Sequence[str]) -> None:
        super().__init__()
        self.secrets = [s for s in secrets if len(s) >= 8]

    def filter(self, record: logging.LogRecord) -> bool:
        if self.secrets:
            message = record.getMessage()
            if any(secret in message for secret in self.secrets):
                for secret in self.secrets:
                    message = message.replace(secret, "[redacted]")
                record.msg, record.args = message, None
        return True


def configure_logging(
    level: str = "INFO", *, fmt: str = "text", secrets: Sequence[str | None] = ()
) -> None:
    """Set up the root logger once: one line per event, ``event key=value`` messages."""
    root = logging.getLogger()
    handler = _StderrHandler()
    if fmt == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(
            logging.Formatter(
                "%(asctime)s %(levelname)s %(name)s %(message)s", "%Y-%m-%dT%H:%M:%S%z"
            )
        )
    handler.addFilter(RedactSecrets([s for s in secrets if s]))
    root.handlers[:] = [handler]
    root.setLevel(level)
    for noisy in ("discord", "slack_bolt", "slack_sdk", "apscheduler", "aiosqlite"):
        logging.getLogger(noisy).setLevel(max(logging.getLevelName(level), logging.WARNING))
