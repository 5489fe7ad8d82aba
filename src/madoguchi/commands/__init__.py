"""Command-line tools that need no Django; `madoguchi <name>` calls `<name>.run(argv)`.

Shared here: an argument parser whose usage errors are Japanese and return exit code 2 instead of
exiting the process, so `run(argv)` never raises SystemExit or prints a traceback.
"""

from __future__ import annotations

import argparse
from typing import NoReturn


class UsageError(Exception):
    """The command line was wrong; the message is Japanese."""


class JapaneseArgumentParser(argparse.ArgumentParser):
    """An ArgumentParser that raises UsageError instead of exiting the process."""

    def error(self, message: str) -> NoReturn:
        """Raise the usage problem so `run` can print it and return 2."""
        raise UsageError(f"{self.format_usage().rstrip()}\n{self.prog}: 引数の誤り: {message}")


def parse(parser: argparse.ArgumentParser, argv: list[str]) -> argparse.Namespace | int:
    """Return the parsed arguments, or an exit code when help was shown (0) or usage was wrong (2)."""
    try:
        return parser.parse_args(argv)
    except UsageError as err:
        print(err)
        return 2
    except SystemExit as exit_:
        # --help exits with 0 after printing; keep the process alive for callers.
        return int(exit_.code or 0)
