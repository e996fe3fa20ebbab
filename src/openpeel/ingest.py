"""Loading publisher files into the store: find the files, detect each format, read and validate
them all, then write everything in one transaction.

Every file is checked before anything is committed, so a bad file anywhere in a load stops the
whole load with every problem listed and the store untouched. Rows are streamed: files are checked
a chunk at a time and each chunk's rows go into the store in one statement, so memory stays flat
however large the load. A data.police.uk archive (.zip) is read in place, member by member.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from openpeel.sources import Problem, SourceError, detect
from openpeel.sources.archive import Archive, is_archive, unknown_forces_note
from openpeel.sources.base import Probe, Reader
from openpeel.store import Batch, LoadOutcome, Part, Store

SUFFIXES = {".csv", ".ods", ".xlsx", ".parquet", ".zip"}


@dataclass
class IngestReport:
    outcomes: list[LoadOutcome] = field(default_factory=list)
    files: int = 0
    skipped: list[Path] = field(default_factory=list)  # files already in the store, not read again
    warnings: list[Problem] = field(default_factory=list)  # plausibility warnings the files loaded with
    notes: list[str] = field(default_factory=list)  # e.g. files of an archive left out

    @property
    def rows(self) -> int:
        return sum(o.rows for o in self.outcomes)


@dataclass(frozen=True)
class Progress:
    """How far a load has got: files and bytes checked, rows written."""

    files: int
    files_total: int
    bytes: int
    bytes_total: int
    rows: int
    current: str


def find_files(paths: Iterable[str | Path]) -> list[Path]:
    """Files named directly, and every readable file under folders named, in a stable order."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            inside = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
            if not inside:
                raise SourceError(
                    Problem(str(path), f"is a folder with no readable files in it ({', '.join(sorted(SUFFIXES))})")
                )
            found.extend(inside)
        elif path.is_file():
            found.append(path)
        else:
            raise SourceError(Problem(str(path), "no such file or folder"))
    return found


def probes_of(files: list[Path], notes: list[str] | None = None) -> list[Probe]:
    """A probe per file, and per CSV inside each archive."""
    probes: list[Probe] = []
    for path in files:
        if is_archive(path):
            members, left_out = Archive(path).members()
            if not members:
                raise SourceError(Problem(str(path), "the archive holds no data.police.uk CSV files"))
            probes.extend(members)
            note = unknown_forces_note(left_out)
            if note and notes is not None:
                notes.append(f"{path.name}: {note}")
        else:
            probes.append(Probe(path))
    return probes


# Files of one format are read together, up to this many bytes at a time: enough to share the
# cost of each check across files, few enough that a national year is never checked at once.
CHUNK_BYTES = 256 << 20


def read_chunks(
    probes: list[Probe],
    *,
    force: str | None = None,
    on_file: Callable[[Probe], None] | None = None,
    known: set[str] = frozenset(),
    skipped: list[Path] | None = None,
) -> Iterator[list[Batch] | SourceError]:
    """Batches of rows, a chunk of same-format files at a time, or the error a chunk raised.

    Files whose content (sha256) is in ``known`` are already loaded and are not read again.
    """
    groups: dict[str, tuple[Reader, list[Probe]]] = {}
    for probe in probes:
        try:
            if probe.size and probe.sha256 in known:
                if skipped is not None:
                    skipped.append(probe.path)
                if on_file:
                    on_file(probe)
                continue
            reader = detect(probe)
            groups.setdefault(reader.name, (reader, []))[1].append(probe)
        except SourceError as exc:
            if on_file:
                on_file(probe)
            yield exc
    for reader, members in groups.values():
        for chunk in _chunks(members):
            try:
                yield reader.read_many(chunk, force=force)
            except SourceError as exc:
                yield exc
            finally:
                for probe in chunk:
                    if on_file:
                        on_file(probe)


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
    for part in read_chunks(probes_of(files), force=force):
        if isinstance(part, SourceError):
            problems.extend(part.problems)
        else:
            batches.extend(part)
    if problems:
        raise SourceError(problems)
    return batches


class _Conflicts:
    """Two files in one load holding the same rows (the same force and month, say): refused,
    naming both, unless they are the same content."""

    def __init__(self) -> None:
        self.seen: dict[tuple[str, str], Batch] = {}

    def check(self, batches: list[Batch]) -> tuple[list[Batch], list[Problem]]:
        keep, problems = [], []
        for batch in batches:
            key = (batch.table, batch.source_key)
            first = self.seen.setdefault(key, batch)
            if first is batch:
                keep.append(batch)
                continue
            if isinstance(batch.data, Part):  # rows shared with other files' batches: leave this one's out
                batch.data.rows.batches.remove(batch)
            if first.sha256 != batch.sha256:
                problems.append(
                    Problem(
                        batch.path,
                        f"holds the same rows ({batch.source_key}) as {first.path}, "
                        "with different content: load one of them",
                    )
                )
        return keep, problems


def ingest(
    paths: Iterable[str | Path],
    store: Store,
    *,
    force: str | None = None,
    on_file: Callable[[Path], None] | None = None,
    on_progress: Callable[[Progress], None] | None = None,
) -> IngestReport:
    """Load files in one transaction: rows are written as each chunk is read and checked, and
    if any file has a problem everything is rolled back, after every file has been checked so
    that all problems are reported together."""
    paths = list(paths)
    report = IngestReport()
    probes = probes_of(find_files(paths), report.notes)
    if not probes:
        raise SourceError(Problem(", ".join(str(p) for p in paths), "no readable files found"))
    report.files = len(probes)
    # With --force the same file can mean another force, so it is read again.
    known = store.loaded_hashes() if force is None else set()
    total = sum(p.size for p in probes)
    done = {"files": 0, "bytes": 0}

    def advance(probe: Probe) -> None:
        done["files"] += 1
        done["bytes"] += probe.size
        if on_file:
            on_file(probe.path)
        if on_progress:
            on_progress(Progress(done["files"], len(probes), done["bytes"], total, report.rows, probe.path.name))

    problems: list[Problem] = []
    conflicts = _Conflicts()
    with store.transaction() as write:
        for part in read_chunks(probes, force=force, on_file=advance, known=known, skipped=report.skipped):
            if isinstance(part, SourceError):
                problems.extend(part.problems)
                continue
            part, clashes = conflicts.check(part)
            problems.extend(clashes)
            if not problems:
                report.outcomes.extend(write(batch) for batch in part)
                report.warnings.extend(w for batch in part for w in batch.warnings)
        if problems:
            raise SourceError(problems)
    return report
