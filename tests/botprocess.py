"""``python -m tests.botprocess CONFIG INTERVAL_S``: what ``python -m bot --config CONFIG run``
does, with the poll interval set below the config's 60-second floor (the floor protects outlets,
not tests). The end-to-end tests of several bot processes start it as a real child process."""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import sys
from collections.abc import Sequence
from pathlib import Path

from bot.cli import run_cli
from bot.config import load_config
from bot.logs import configure_logging


def main(argv: Sequence[str]) -> int:
    config = load_config(Path(argv[0]))
    fetch = dataclasses.replace(config.fetch, poll_interval_s=float(argv[1]))
    configure_logging("INFO")
    return asyncio.run(
        run_cli(dataclasses.replace(config, fetch=fetch), argparse.Namespace(command="run"))
    )


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
