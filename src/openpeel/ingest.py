"""Loading publisher files into the store: find the files, detect each format, read and validate
them all, then write everything in one transaction.

Reading happens before writing, so a bad file anywhere in a load stops the whole load with every
problem listed and the store untouched.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from openpeel.sources import Problem, SourceError, detect
from openpeel.sources.base import Probe, Reader
from openpeel.store import Batch, LoadOutcome, Store

SUFFIXES = {".csv", ".ods", ".xlsx", ".parquet"}


@dataclass
class IngestReport:
    outcomes: list[LoadOutcome] = field(default_factory=list)
    files: int = 0
    skipped: list[Path] = field(default_factory=list)  # files already in the store, not read again

    @property
    def rows(self) -> int:
        return sum(o.rows for o in self.outcomes)


def find_files(paths: Iterable[str | Path]) -> list[Path]:
    """Files named directly, and every readable file under folders named, in a stable order."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES))
        elif path.is_file():
            found.append(path)
        else:
            raise SourceError(Problem(str(path), "no such file or folder"))
    return found


# Files of one format are read together, up to this many bytes at a time: enough to share the
# cost of each check across files, few enough that a national year never sits in memory at once.
CHUNK_BYTES = 256 << 20


def read_chunks(
    files: list[Path], *, force: str | None = None, on_file: Callable[[Path], None] | None = None,
    known: set[str] = frozenset(), skipped: list[Path] | None = None,
) -> Iterator[list[Batch] | SourceError]:
    """Batches of rows, a chunk of same-format files at a time, or the error a chunk raised.

    Files whose content (sha256) is in ``known`` are already loaded and are not read again.
    """
    groups: dict[str, tuple[Reader, list[Probe]]] = {}
    for path in files:
        try:
            probe = Probe(path)
            if probe.size and probe.sha256 in known:
                if skipped is not None:
                    skipped.append(path)
                if on_file:
                    on_file(path)
                continue
            reader = detect(probe)
            groups.setdefault(reader.name, (reader, []))[1].append(probe)
        except SourceError as exc:
            if on_file:
                on_file(path)
            yield exc
    for reader, probes in groups.values():
        for chunk in _chunks(probes):
            try:
                yield reader.read_many(chunk, force=force)
            except SourceError as exc:
                yield exc
            finally:
                for probe in chunk:
                    if on_file:
                        on_file(probe.path)


def _chunks(probes: list[Probe]) -> Iterator[list[Probe]]:
    chunk, size = [], 0
    for probe in probes:
        if chunk and size + probe.size > CHUNK_BYTES:
            yield chunk
            chunk, size = [], 0
        chunk.append(probe)
        size += probe.size
    if chunk:
        yield chunk


def read_files(files: list[Path], *, force: str | None = None) -> list[Batch]:
    """Every batch of every file; one :class:`SourceError` listing all problems."""
    batches, problems = [], []
    for part in read_chunks(files, force=force):
        if isinstance(part, SourceError):
            problems.extend(part.problems)
        else:
            batches.extend(part)
    if problems:
        raise SourceError(problems)
    return batches


def ingest(
    paths: Iterable[str | Path],
    store: Store,
    *,
    force: str | None = None,
    on_file: Callable[[Path], None] | None = None,
) -> IngestReport:
    """Load files in one transaction: rows are written as each chunk is read and checked, and
    if any file has a problem everything is rolled back, after every file has been checked so
    that all problems are reported together."""
    paths = list(paths)
    files = find_files(paths)
    if not files:
        raise SourceError(Problem(", ".join(str(p) for p in paths), "no readable files found"))
    # With --force the same file can mean another force, so it is read again.
    known = store.loaded_hashes() if force is None else set()
    report = IngestReport(files=len(files))
    problems: list[Problem] = []
    with store.transaction() as write:
        for part in read_chunks(files, force=force, on_file=on_file, known=known, skipped=report.skipped):
            if isinstance(part, SourceError):
                problems.extend(part.problems)
            elif not problems:
                report.outcomes.extend(write(batch) for batch in part)
        if problems:
            raise SourceError(problems)
    return report
