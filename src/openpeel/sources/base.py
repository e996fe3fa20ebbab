"""What every reader shares: the registry, the file probe used to detect formats, and errors."""

from __future__ import annotations

import hashlib
from abc import ABC, abstractmethod
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import ClassVar

from openpeel.errors import OpenpeelError
from openpeel.store import Batch

SHOWN_CHARACTERS = 60  # a value quoted in a message is cut to this length


def shorten(value, limit: int = SHOWN_CHARACTERS) -> str:
    """A value as a message quotes it: repr, cut in the middle of a long text, on one line."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 6] + "..." + text[-3:]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file, located as precisely as we can.

    ``warning`` problems do not stop a load: they are listed in the ingest summary and kept with
    the load's record (see :mod:`openpeel.sources.plausible`).
    """

    path: str
    message: str
    row: int | None = None
    column: str | None = None
    sheet: str | None = None
    warning: bool = False

    def __str__(self) -> str:
        where = [Path(self.path).name]
        if self.sheet is not None:
            where.append(f"sheet {self.sheet}")
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column {self.column!r}")
        return f"{', '.join(where)}: {self.message}"


class SourceError(OpenpeelError, ValueError):
    """Input that cannot be loaded; carries every problem found, so users fix them in one go."""

    def __init__(self, problems: list[Problem] | Problem):
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


@dataclass
class Probe:
    """A file as readers first see it: name, suffix, and (for text) the header line."""

    path: Path

    @property
    def suffix(self) -> str:
        return self.path.suffix.lower()

    @property
    def location(self) -> str:
        """What DuckDB opens to read the file."""
        return str(self.path)

    @cached_property
    def size(self) -> int:
        return self.path.stat().st_size

    @cached_property
    def raw(self) -> bytes:
        """The whole file; only for formats read whole anyway (spreadsheets). CSV is streamed."""
        return self.path.read_bytes()

    @cached_property
    def sha256(self) -> str:
        with self.path.open("rb") as stream:
            return hashlib.file_digest(stream, "sha256").hexdigest()

    @cached_property
    def head(self) -> bytes:
        """The first bytes of the file: enough for its header line."""
        with self.path.open("rb") as stream:
            return stream.read(HEAD_BYTES)

    @cached_property
    def newline(self) -> str:
        """The line ending the header uses: '\\r\\n', '\\n' or (old Mac files) '\\r'."""
        end = self.head.find(b"\n")
        cr = self.head.find(b"\r")
        if cr >= 0 and (end < 0 or cr < end - 1):
            return "\r"
        return "\r\n" if end > 0 and self.head[end - 1 : end] == b"\r" else "\n"

    @cached_property
    def header(self) -> str | None:
        """The first line of a text file, without BOM or line ending; None for binary files."""
        if self.suffix not in {".csv", ".txt"}:
            return None
        first = self.head.split(b"\r" if self.newline == "\r" else b"\n", 1)[0].rstrip(b"\r")
        try:
            return first.decode("utf-8-sig")
        except UnicodeDecodeError:
            return first.decode("latin-1")

    @cached_property
    def header_fields(self) -> list[str]:
        import csv

        if not self.header:
            return []
        try:
            return [f.strip() for f in next(csv.reader([self.header]))]
        except csv.Error:  # e.g. a NUL byte in the header: not a CSV any reader knows
            return []

    @cached_property
    def sheets(self) -> dict:
        """Every sheet of a spreadsheet as a headerless DataFrame (opened once per process, each
        sheet parsed when first used, shared by readers): see :mod:`openpeel.sources.sheets`."""
        from openpeel.sources.sheets import read_workbook

        return read_workbook(self.path)


class Reader(ABC):
    """A reader turns one publisher file into validated, standardised :class:`Batch` es."""

    name: ClassVar[str]
    title: ClassVar[str]
    tables: ClassVar[tuple[str, ...]]
    needs_force: ClassVar[bool] = False

    @abstractmethod
    def detect(self, probe: Probe) -> bool:
        """Whether this file is in this reader's format (from its name, header or sheets)."""

    @abstractmethod
    def read(self, probe: Probe, *, force: str | None = None) -> list[Batch]:
        """Validated, standardised rows; raises :class:`SourceError` naming file, row and column."""

    def read_many(self, probes: list[Probe], *, force: str | None = None) -> list[Batch]:
        """Read several files of this format. Readers whose checks cost most per file (not per
        row) override this to check all the files' rows together."""
        batches: list[Batch] = []
        problems: list[Problem] = []
        for probe in probes:
            try:
                batches.extend(self.read(probe, force=force))
            except SourceError as exc:
                problems.extend(exc.problems)
        if problems:
            raise SourceError(problems)
        return batches

    def batch(self, probe: Probe, table: str, source_key: str, data, warnings: tuple = ()) -> Batch:
        return Batch(table, source_key, data, str(probe.path), probe.sha256, self.name, tuple(warnings))


HEAD_BYTES = 1 << 16

_READERS: dict[str, Reader] = {}


def register(cls: type[Reader]) -> type[Reader]:
    _READERS[cls.name] = cls()
    return cls


def readers() -> list[Reader]:
    return list(_READERS.values())


def detect(probe: Probe) -> Reader:
    from openpeel import tables

    tables.all_tables()  # import every package that registers readers (sources, evidence, records)
    if not probe.size:
        raise SourceError(Problem(str(probe.path), "file is empty"))
    matches = [r for r in _READERS.values() if r.detect(probe)]
    if len(matches) == 1:
        return matches[0]
    if matches:
        names = ", ".join(r.name for r in matches)
        raise SourceError(Problem(str(probe.path), f"more than one reader recognises this file: {names}"))
    seen = probe.header if probe.header is not None else f"a {probe.suffix or 'suffix-less'} file"
    known = "; ".join(f"{r.title}" for r in _READERS.values())
    raise SourceError(
        Problem(str(probe.path), f"no reader recognises this file (header: {seen[:120]!r}). Known formats: {known}")
    )
