"""Problems found in layout files, in the shape every pack checker uses."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem in a file: where it is and what is wrong, in Japanese."""

    file: str
    line: int | None
    message: str


def describe(problem: Problem) -> str:
    """Return the problem as one line: 'file:line: message'."""
    where = f"{problem.file}:{problem.line}" if problem.line is not None else problem.file
    return f"{where}: {problem.message}"
