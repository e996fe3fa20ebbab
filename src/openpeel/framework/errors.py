"""Errors in framework, inspection and grading-rule files.

Every problem names the file and the line it is on. A file is read whole and every problem in it
is reported together; when there is any, nothing from the file is returned.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from openpeel.errors import OpenpeelError


@dataclass(frozen=True)
class Problem:
    path: Path
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class InputError(OpenpeelError, ValueError):
    """One or more problems in a file; ``problems`` lists them in file order."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = tuple(sorted(problems, key=lambda p: (str(p.path), p.line)))
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} in {self.problems[0].path}" if count else "no problems"
        super().__init__("\n".join([head, *(f"  {p}" for p in self.problems)]))


class FrameworkFileError(InputError):
    """A framework file (or a grading-rules file) that cannot be used."""


class InspectionFileError(InputError):
    """An inspection (findings) file that cannot be used."""


class Problems:
    """Collects the problems found while reading one file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.items: list[Problem] = []

    def add(self, line: int, message: str) -> None:
        self.items.append(Problem(self.path, line, message))

    def __bool__(self) -> bool:
        return bool(self.items)

    def raise_if_any(self, error: type[InputError]) -> None:
        if self.items:
            raise error(self.items)
