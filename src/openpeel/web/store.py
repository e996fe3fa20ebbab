"""The store as the server sees it: opened read-only, and reopened when a load has replaced it.

Loads write a copy of the store and rename it over the old file, so the file at the path is always
a whole store. The holder notes the file's inode, modification time and size when it opens it;
when any of them changes it opens the new file for the next request, while a request already
running keeps the connection it started with. A page therefore sees the old store or the new one,
never half a load. The server never writes to the store.

A DuckDB connection serves one thread at a time, so requests take turns with it (the lock).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from openpeel.assess import Assessor
from openpeel.backends import duckdb_backend
from openpeel.errors import OpenpeelError
from openpeel.settings import ComparisonSettings
from openpeel.store import Store, StoreError


class StoreUnavailable(OpenpeelError, RuntimeError):
    """The store cannot be read just now (missing, or locked by a writer); the message says which."""


class StoreHolder:
    def __init__(self, path: str | Path, settings: ComparisonSettings | None = None):
        self.path = Path(path)
        self.settings = settings or ComparisonSettings()
        self._lock = threading.Lock()
        self._stamp: tuple[int, int, int] | None = None
        self._con = None
        self._assessor: Assessor | None = None
        self.generation = 0  # how many times a store has been opened: changes when a load lands

    def _current(self) -> tuple[int, int, int]:
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            raise StoreUnavailable(
                f"no store at {self.path}: load data first (openpeel demo, or openpeel ingest)"
            ) from None
        return st.st_ino, st.st_mtime_ns, st.st_size

    def _open(self, stamp: tuple[int, int, int]) -> None:
        # DuckDB hands out the database already open at a path, so the old one is closed first
        # (no request is using it: they take turns under the lock)
        if self._con is not None:
            self._con.disconnect()
            self._con = self._assessor = self._stamp = None
        try:
            backend = duckdb_backend(Store(self.path))  # with the results stored in it
        except (duckdb.Error, StoreError) as exc:
            raise StoreUnavailable(f"the store {self.path} cannot be opened just now: {exc}") from exc
        self._con = backend.con
        self._assessor = Assessor(backend, self.settings)
        self._stamp = stamp
        self.generation += 1

    @contextmanager
    def assessor(self) -> Iterator[Assessor]:
        """The Assessor over the store as it is now, for the length of one request."""
        with self._lock:
            stamp = self._current()
            if stamp != self._stamp:
                self._open(stamp)
            yield self._assessor

    def close(self) -> None:
        with self._lock:
            if self._con is not None:
                self._con.disconnect()
            self._con = self._assessor = self._stamp = None
