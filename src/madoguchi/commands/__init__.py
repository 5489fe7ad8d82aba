"""Command-line tools that need no Django; `madoguchi <name>` calls `<name>.run(argv)`.

Shared here: an argument parser whose usage errors are Japanese and return exit code 2 instead of
exiting the process, so `run(argv)` never raises SystemExit or prints a traceback; the error every
command prints with exit code 1; and the readers of the inputs several commands take.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path
from typing import Any, NoReturn

from madoguchi.domain.packs import Facts, FactsError, Pack, PackError, load_pack


class CommandError(Exception):
    """A problem to show the user in Japanese, with exit code 1."""


def read_json(path: str, what: str) -> dict[str, Any]:
    """Read a JSON object from a file; every problem becomes a Japanese CommandError."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        raise CommandError(f"{what}のファイル {path} を UTF-8 で読めません") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise CommandError(f"{path}:{err.lineno}行{err.colno}列: JSON の書き方が正しくありません") from None
    if not isinstance(data, dict):
        raise CommandError(
            f'{path}: {what}は {{"deceased": {{…}}}} のような JSON オブジェクトで書いてください'
        )
    return data


def facts_or_fail(pack: Pack, raw: dict[str, Any]) -> Facts:
    """Return the facts of a JSON file checked against the pack, or fail with the Japanese problems."""
    try:
        return Facts.checked(pack.facts, raw)
    except FactsError as err:
        raise CommandError(f"事実の値が正しくありません: {err}") from None


def on_date(text: str | None) -> dt.date:
    """Return the date of --on, or today."""
    if not text:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--on {text}: YYYY-MM-DD の正しい日付ではありません") from None


def load_pack_or_fail(directory: str | Path) -> Pack:
    """Load the pack; its problems, one per line, become a CommandError."""
    try:
        return load_pack(directory)
    except PackError as err:
        lines = "\n".join(str(problem) for problem in err.problems)
        raise CommandError(f"手続パックに問題があります。\n{lines}") from None


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
