"""``python -m bot``: argv → config → one CLI command. ConfigError and UserError exit 2."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Sequence
from pathlib import Path

from bot.cli import EXIT_FAILURE, EXIT_OK, EXIT_USAGE, build_parser, run_cli
from bot.config import load_config
from bot.config_check import check_config
from bot.errors import BotError, ConfigError, UserError
from bot.logs import configure_logging

DEFAULT_CONFIG = Path("config.toml")


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except UserError as e:
        sys.stderr.write(f"{e}\n")
        return EXIT_USAGE
    path: Path | None = args.config
    if path is None and DEFAULT_CONFIG.exists():
        path = DEFAULT_CONFIG
    try:
        config = load_config(path)
    except ConfigError as e:
        sys.stderr.write(f"config error: {e}\n")
        return EXIT_USAGE
    if args.db:
        config = config.with_database(args.db)
    if args.command == "check-config":
        try:
            check_config(config)
        except ConfigError as e:
            sys.stderr.write(f"config error: {e}\n")
            return EXIT_USAGE
        sys.stdout.write(f"config ok: {config.source}\n")
        return EXIT_OK
    s = config.secrets
    configure_logging(
        # one-shot commands print their result; their INFO lines would only be noise
        config.bot.log_level
        if args.command == "run" or config.bot.log_level == "DEBUG"
        else "WARNING",
        fmt=config.bot.log_format,
        secrets=(s.discord_token, s.slack_bot_token, s.slack_app_token, s.slack_signing_secret),
    )
    try:
        return asyncio.run(run_cli(config, args))
    except (UserError, ConfigError) as e:
        sys.stderr.write(f"error: {e}\n")
        return EXIT_USAGE
    except BotError as e:
        sys.stderr.write(f"error: {e}\n")
        return EXIT_FAILURE
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
