"""data.police.uk archives read in place: a zip of one folder per month, all forces.

data.police.uk's custom and bulk downloads are laid out ``YYYY-MM/YYYY-MM-<force>-street.csv``,
``-outcomes.csv`` and ``-stop-and-search.csv``. Each CSV inside the zip is a :class:`Member`, a
:class:`~openpeel.sources.base.Probe` that DuckDB reads through an fsspec file system over the
archive, so nothing is unpacked to disk and only the member being read is in memory.

Archives also hold forces openpeel does not assess (British Transport Police, the Police Service
of Northern Ireland); their files are left out and counted, not refused.
"""

from __future__ import annotations

import hashlib
import itertools
import zipfile
from functools import cached_property
from pathlib import Path, PurePosixPath

import duckdb

from openpeel.sources.base import HEAD_BYTES, Probe, Problem, SourceError

SUFFIXES = {".csv"}
NOT_ASSESSED = {"btp", "british-transport-police", "northern-ireland", "police-service-of-northern-ireland"}
_numbers = itertools.count()


class Archive:
    """An open zip archive and the fsspec file system DuckDB reads its members through."""

    def __init__(self, path: Path):
        self.path = path
        try:
            self.zip = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError) as exc:
            raise SourceError(Problem(str(path), f"is not a readable zip archive ({exc})")) from None
        self.protocol = f"openpeelzip{next(_numbers)}"

    @cached_property
    def filesystem(self):
        from fsspec.implementations.zip import ZipFileSystem

        cls = type(f"ZipFileSystem_{self.protocol}", (ZipFileSystem,), {"protocol": self.protocol})
        return cls(fo=str(self.path), skip_instance_cache=True)

    def prepare(self, con: duckdb.DuckDBPyConnection) -> None:
        if self.protocol not in con.list_filesystems():
            con.register_filesystem(self.filesystem)

    def members(self) -> tuple[list["Member"], list[str]]:
        """The CSV members openpeel reads, and the names of those left out (forces not assessed)."""
        read, left_out = [], []
        for info in sorted(self.zip.infolist(), key=lambda i: i.filename):
            name = PurePosixPath(info.filename)
            if info.is_dir() or name.suffix.lower() not in SUFFIXES or name.name.startswith("."):
                continue
            if _force_part(name.name) in NOT_ASSESSED:
                left_out.append(info.filename)
                continue
            read.append(Member(self, info))
        return read, left_out


def _force_part(name: str) -> str | None:
    """'2024-01-kent-street.csv' -> 'kent'."""
    stem = name.rsplit(".", 1)[0]
    for kind in ("-stop-and-search", "-street", "-outcomes"):
        if stem.endswith(kind) and len(stem) > 8 + len(kind):
            return stem[8 : -len(kind)]
    return None


class Member(Probe):
    """One CSV inside an archive, shown as ``archive.zip/2024-01/2024-01-kent-street.csv``."""

    def __init__(self, archive: Archive, info: zipfile.ZipInfo):
        super().__init__(archive.path / info.filename)
        self.archive = archive
        self.info = info

    @property
    def location(self) -> str:
        return f"{self.archive.protocol}://{self.info.filename}"

    @property
    def prepare(self):
        return self.archive.prepare

    @cached_property
    def size(self) -> int:
        return self.info.file_size

    @cached_property
    def raw(self) -> bytes:
        return self.archive.zip.read(self.info)

    @cached_property
    def sha256(self) -> str:
        digest = hashlib.sha256()
        with self.archive.zip.open(self.info) as stream:
            for block in iter(lambda: stream.read(1 << 20), b""):
                digest.update(block)
        return digest.hexdigest()

    @cached_property
    def head(self) -> bytes:
        with self.archive.zip.open(self.info) as stream:
            return stream.read(HEAD_BYTES)


def is_archive(path: Path) -> bool:
    return path.suffix.lower() == ".zip"


def unknown_forces_note(left_out: list[str]) -> str | None:
    if not left_out:
        return None
    bodies = sorted({_force_part(PurePosixPath(n).name) or "?" for n in left_out})
    return f"{len(left_out)} files of bodies openpeel does not assess were left out ({', '.join(bodies)})"
