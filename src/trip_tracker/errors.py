"""The project's exceptions, free of any CLI framework.

The CLI's one error boundary turns these into messages on stderr and exit codes:
`DataError` (bad or unreadable data) exits 1, `UsageError` (bad options or arguments) exits 2.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file, located as precisely as is known."""

    file: str
    message: str
    line: int | None = None
    column: int | None = None
    path: str = ""

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}:{self.column or 1}"
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


def field_path(loc: Sequence[str | int]) -> str:
    """`('events', 3, 'when')` -> `events[3].when`."""
    path = ""
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path


class TripError(Exception):
    """Base of every error the CLI reports as a message rather than a traceback."""

    exit_code = 1

    def messages(self) -> list[str]:
        return [str(self)]


class DataError(TripError):
    """The itinerary (or another input file) is missing, unreadable or invalid."""

    exit_code = 1

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))

    def messages(self) -> list[str]:
        return [str(problem) for problem in self.problems]


class UsageError(TripError):
    """The command line asks for something that cannot be done: bad value, ambiguous name."""

    exit_code = 2


class Terminated(BaseException):
    """The process was asked to end (SIGTERM, SIGHUP): raised where it stands, like Ctrl-C's
    KeyboardInterrupt, so that what is half done is undone (a temporary file removed)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


class OutputError(TripError):
    """An output file could not be written; nothing was changed."""

    exit_code = 1
