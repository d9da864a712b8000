"""The command line: one more frontend over ``DigestService``.

``parser`` defines every subcommand (with a description and an example each); ``main.run_cli``
opens the app and dispatches to one handler per command group (``feeds``, ``topics``,
``channels``, ``operations``), each a service call rendered by ``output`` (tables and a progress
bar on a terminal, plain lines when piped, JSON with ``--json``). Exit codes: 0 ok, 1 runtime
failure, 2 bad usage, config or input.
"""

from bot.cli.main import run_cli
from bot.cli.output import EXIT_FAILURE, EXIT_OK, EXIT_USAGE
from bot.cli.parser import UsageError, build_parser

__all__ = ["EXIT_FAILURE", "EXIT_OK", "EXIT_USAGE", "UsageError", "build_parser", "run_cli"]
