"""What is wrong with a YAML file: each problem at its line, all raised together, within limits."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpeel.errors import OpenpeelError


@dataclass(frozen=True)
class Limits:
    """How big a YAML file may be. The defaults are far above anything written by hand."""

    max_bytes: int = 8 * 1024 * 1024  # the whole file
    max_depth: int = 40  # mappings and lists inside each other
    max_aliases: int = 100  # uses of an anchor (``*name``)
    max_values: int = 200_000  # values once aliases are expanded (a billion laughs file needs billions)
    max_problems: int = 200  # problems listed for one file; the rest are counted


LIMITS = Limits()


# ---- problems --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    path: Path
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class FileError(OpenpeelError, ValueError):
    """One or more problems in a file; ``problems`` lists them in line order."""

    def __init__(self, problems: Sequence[Problem], more: int = 0) -> None:
        self.problems = tuple(sorted(problems, key=lambda p: (str(p.path), p.line)))
        self.more = more
        count = len(self.problems) + more
        head = f"{count:,} problem{'s' if count != 1 else ''} in {self.problems[0].path}" if count else "no problems"
        lines = [head, *(f"  {p}" for p in self.problems)]
        if more:
            lines.append(f"  ... and {more:,} more")
        super().__init__("\n".join(lines))

    @property
    def path(self) -> Path | None:
        return self.problems[0].path if self.problems else None

    @property
    def line(self) -> int | None:
        return self.problems[0].line if self.problems else None


class Problems:
    """Collects the problems found while reading one file (at most ``limits.max_problems`` kept)."""

    def __init__(self, path: str | Path, limits: Limits = LIMITS) -> None:
        self.path = Path(path)
        self.items: list[Problem] = []
        self.more = 0
        self._limit = limits.max_problems

    def add(self, line: int, message: str) -> None:
        if len(self.items) >= self._limit:
            self.more += 1
            return
        self.items.append(Problem(self.path, max(int(line), 1), message))

    def __len__(self) -> int:
        return len(self.items) + self.more

    @property
    def room(self) -> int:
        """How many more problems will be listed (beyond that they are only counted)."""
        return max(self._limit - len(self.items), 0)

    def __bool__(self) -> bool:
        return bool(self.items)

    def raise_if_any(self, error: type[FileError] = FileError) -> None:
        if self.items:
            raise error(self.items, self.more)


def shown(value: Any, limit: int = 60) -> str:
    """A value as a message quotes it: short, whatever its size."""
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 4] + "...'"
