"""Loading publisher files into the store: find the files, detect each format, read and validate
them all, then write everything in one transaction.

Reading happens before writing, so a bad file anywhere in a load stops the whole load with every
problem listed and the store untouched.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from openpeel.sources import Problem, SourceError, detect
from openpeel.sources.base import Probe
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


def read_files(
    files: list[Path], *, force: str | None = None, on_file: Callable[[Path], None] | None = None,
    known: set[str] = frozenset(), skipped: list[Path] | None = None,
) -> list[Batch]:
    """Read and validate every file; raise one :class:`SourceError` listing all problems.

    Files whose content (sha256) is in ``known`` are already loaded and are not read again.
    """
    batches: list[Batch] = []
    problems: list[Problem] = []
    for path in files:
        try:
            probe = Probe(path)
            if probe.raw and probe.sha256 in known:
                if skipped is not None:
                    skipped.append(path)
                continue
            reader = detect(probe)
            batches.extend(reader.read(probe, force=force))
        except SourceError as exc:
            problems.extend(exc.problems)
        finally:
            if on_file:
                on_file(path)
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
    paths = list(paths)
    files = find_files(paths)
    if not files:
        raise SourceError(Problem(", ".join(str(p) for p in paths), "no readable files found"))
    # With --force the same file can mean another force, so it is read again.
    known = store.loaded_hashes() if force is None else set()
    skipped: list[Path] = []
    batches = read_files(files, force=force, on_file=on_file, known=known, skipped=skipped)
    return IngestReport(outcomes=store.load(batches) if batches else [], files=len(files), skipped=skipped)
