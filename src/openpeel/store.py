"""The embedded DuckDB store.

One DuckDB file (default ``./openpeel.duckdb``; ``--db`` or ``OPENPEEL_DB`` to change) holds the
standardised tables and the results computed from them. Every row carries the ``source_key`` of
what it came from (for example ``police-uk/stop-and-search/city-of-london/2016-01``): loading a
newer download of the same thing replaces those rows, and loading the very same file again changes
nothing.

Loads are copy-on-write. A load takes the writer lock (a second load waits, then is refused with a
clear message), copies the store, writes the copy, brings the stored results up to date in it, and
only then renames the copy over the store. So a failed load (a bad file, a kill, a full disk)
leaves the store exactly as it was, and anyone reading (another command, the web service) sees the
store before the load or after it, never half of it. Readers open the current version read-only
through a link of their own, so a process that read an old version never mistakes it for the new.
"""

from __future__ import annotations

import fcntl
import itertools
import os
import shutil
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

from openpeel import duck, store_schema, tables
from openpeel.errors import StoreError

if TYPE_CHECKING:
    import pyarrow as pa

DEFAULT_PATH = "openpeel.duckdb"
DUCKDB_MAGIC = b"DUCK"  # a DuckDB database file carries these bytes at offset 8
DATA_SUFFIXES = {".csv", ".ods", ".xlsx", ".parquet", ".zip", ".yaml", ".yml", ".json", ".txt", ".pdf", ".html"}
LOCK_WAIT_SECONDS = 600.0  # how long a load waits for another to finish (OPENPEEL_LOCK_WAIT to change)


def default_path() -> Path:
    return Path(os.environ.get("OPENPEEL_DB", DEFAULT_PATH))


@dataclass(eq=False)
class Rows:
    """Rows not yet read: a SELECT the store runs inside its own transaction and streams into the
    table, so a load never holds its files in memory.

    ``sql`` selects the table's columns and ``_part``, the number of the :class:`Part` (the batch)
    each row belongs to; ``tables`` are small lookup tables it joins, registered by name; ``prepare``
    readies a connection (e.g. to read inside a zip archive). Several batches, one per source key,
    share one ``Rows``: they are all written in one statement when the first of them is written,
    and each write then returns its own batch's outcome.
    """

    sql: str
    counts: dict[int, int]  # rows in each part, counted when the rows were checked
    tables: dict[str, pa.Table] = field(default_factory=dict)
    prepare: Callable[[duckdb.DuckDBPyConnection], None] | None = None
    batches: list["Batch"] = field(default_factory=list)
    outcomes: dict[int, "LoadOutcome"] | None = None


@dataclass(frozen=True)
class Part:
    """One batch's share of a :class:`Rows`."""

    rows: Rows
    number: int

    @property
    def num_rows(self) -> int:
        return self.rows.counts.get(self.number, 0)


@dataclass(frozen=True)
class Batch:
    """Rows for one table from one source file, replacing earlier rows with the same key.

    ``data`` is an Arrow table, or a :class:`Part` of rows streamed at write time. ``warnings``
    are plausibility warnings (:class:`openpeel.sources.base.Problem`) kept with the load's record.
    """

    table: str
    source_key: str
    data: pa.Table | Part
    path: str
    sha256: str
    reader: str
    warnings: tuple = ()

    @property
    def num_rows(self) -> int:
        return self.data.num_rows


@dataclass(frozen=True)
class LoadOutcome:
    table: str
    source_key: str
    path: str
    rows: int
    status: str  # "loaded", "replaced" or "unchanged"


@dataclass
class Changes:
    """What a load changed: per table, the dates its added and removed rows span.

    ``None`` for a table means "every period" (a table with no dates, such as a census).
    """

    spans: dict[str, tuple[date, date] | None] = field(default_factory=dict)

    def add(self, table: str, first: date | None, last: date | None, *, timeless: bool = False) -> None:
        if timeless:
            self.spans[table] = None
            return
        if first is None or last is None or (table in self.spans and self.spans[table] is None):
            return
        if table in self.spans:
            a, b = self.spans[table]
            first, last = min(a, first), max(b, last)
        self.spans[table] = (first, last)

    def __bool__(self) -> bool:
        return bool(self.spans)


# Steps run on the written copy before it replaces the store (the stored results' refresh):
# each is called with the open connection and the load's changes.
Derivation = Callable[[duckdb.DuckDBPyConnection, Changes], None]


def _default_derivations() -> list[Derivation]:
    from openpeel.results.refresh import (
        refresh_after_load,  # the layer above keeps results current
    )

    return [refresh_after_load]


_aliases = itertools.count()
_UP_TO_DATE: set = set()  # (path, version) of stores already found to need no column renames


class Store:
    def __init__(self, path: str | os.PathLike | None = None, *, derivations: list[Derivation] | None = None):
        self.path = Path(path) if path is not None else default_path()
        self._derivations = derivations

    @property
    def derivations(self) -> list[Derivation]:
        return _default_derivations() if self._derivations is None else self._derivations

    def exists(self) -> bool:
        return self.path.is_file()

    # -- reading -----------------------------------------------------------------------------
    def connect(self, *, read_only: bool = True) -> duckdb.DuckDBPyConnection:
        """A read-only connection to the store as it is now (created empty if it does not exist).

        The connection goes through a hard link of its own, so DuckDB, which shares one database
        per path within a process, never hands back a version the store has since moved on from.
        """
        if not read_only:
            raise StoreError("the store is written only through Store.transaction()")
        if not self.path.exists():
            self.ensure_schema()
        self.check_path()
        alias = self.path.with_name(f".{self.path.name}.read-{os.getpid()}-{next(_aliases)}")
        try:
            os.link(self.path, alias)
            target = alias
        except OSError:
            target = self.path  # no hard links here: read the path itself
        try:
            con = duck.connect(str(target), read_only=True)
        except duckdb.Error as exc:
            raise StoreError(f"cannot open store {self.path}: {exc}") from None
        finally:
            if target is alias:
                alias.unlink(missing_ok=True)
        if self._upgrade_needed(con):
            con.close()
            with self.transaction():  # renames the columns and recomputes the results they feed
                pass
            return self.connect()
        return con

    def _upgrade_needed(self, con: duckdb.DuckDBPyConnection) -> bool:
        """Whether the store, as this connection sees it, was made before a column rename (asked once
        per version of the store in a process)."""
        version = self.version()
        if (self.path, version) in _UP_TO_DATE:
            return False
        if store_schema.columns_to_rename(con):
            return True
        _UP_TO_DATE.add((self.path, version))
        return False

    @contextmanager
    def reading(self) -> Iterator[duckdb.DuckDBPyConnection]:
        con = self.connect()
        try:
            yield con
        finally:
            con.close()

    def ibis(self):
        """An Ibis DuckDB backend over the store as it is now, read only."""
        import ibis

        con = self.connect()
        backend = ibis.duckdb.from_connection(con)
        return backend

    def version(self) -> tuple[int, int] | None:
        """What identifies the store's current version (inode and modification time), or None."""
        try:
            st = self.path.stat()
        except FileNotFoundError:
            return None
        return st.st_ino, st.st_mtime_ns

    def check_path(self) -> None:
        """Refuse a path that cannot be a store, before DuckDB opens it: DuckDB opens a folder with an
        I/O error, another format with another, and may take a small text file for an empty
        database and overwrite it."""
        path = self.path
        if path.is_dir():
            raise StoreError(f"the store {path} is a folder; give a file name, e.g. {path / 'openpeel.duckdb'}")
        if not path.parent.exists():
            raise StoreError(f"the store's folder {path.parent} does not exist")
        if path.exists():
            with path.open("rb") as stream:
                head = stream.read(12)
            if head and head[8:12] != DUCKDB_MAGIC:
                raise StoreError(
                    f"{path} is not an openpeel store (a DuckDB database file); it is left untouched. "
                    "Give a new file name to make a store, or the store you made before"
                )
        elif path.suffix.lower() in DATA_SUFFIXES:
            raise StoreError(
                f"the store {path} would be named like a data file ({path.suffix}); "
                "name it .duckdb, e.g. openpeel.duckdb"
            )

    def ensure_schema(self, names: Iterable[str] | None = None) -> None:
        """Create the store if it does not exist yet (a transaction that writes nothing)."""
        if self.path.exists():
            return
        with self.transaction():
            pass

    # -- writing -----------------------------------------------------------------------------
    def load(self, batches: Sequence[Batch]) -> list[LoadOutcome]:
        """Write all batches in one transaction; on any error nothing is written."""
        with self.transaction() as write:
            return [write(batch) for batch in batches]

    @contextmanager
    def transaction(self, *, derivations: list[Derivation] | None = None) -> Iterator[Writer]:
        """A writer for batches that all land together or not at all.

        Batches can be written as they are read, so a large load never holds every file in
        memory. Any exception inside the block, or in the refresh of the results after it, leaves
        the store as it was. ``derivations`` replaces the store's own steps after the writes.
        """
        self.check_path()
        with self._writer_lock():
            self._sweep()
            copy = self.path.with_name(f".{self.path.name}.load-{os.getpid()}.tmp")
            if self.path.exists():
                try:
                    shutil.copyfile(self.path, copy)
                except OSError as exc:
                    copy.unlink(missing_ok=True)
                    raise StoreError(
                        f"could not copy the store {self.path} to load into it ({exc}); it is unchanged"
                    ) from None
            con = None
            try:
                try:
                    con = duck.connect(str(copy))
                except duckdb.Error as exc:
                    raise StoreError(f"cannot open store {self.path}: {exc}") from None
                store_schema.create(con, self.path)
                writer = Writer(self, con)
                yield writer
                for derive in self.derivations if derivations is None else derivations:
                    derive(con, writer.changes)
                try:
                    con.execute("CHECKPOINT").fetchall()
                    con.close()
                    con = None
                    _fsync(copy)
                    os.replace(copy, self.path)
                    _fsync(self.path.parent)
                except (OSError, duckdb.IOException) as exc:
                    raise StoreError(f"could not write the store {self.path} ({exc}); it is unchanged") from None
            finally:
                if con is not None:
                    con.close()
                for leftover in (copy, copy.with_name(copy.name + ".wal")):
                    leftover.unlink(missing_ok=True)

    @contextmanager
    def _writer_lock(self) -> Iterator[None]:
        lock = self.path.with_name(f".{self.path.name}.lock")
        patience = float(os.environ.get("OPENPEEL_LOCK_WAIT", LOCK_WAIT_SECONDS))
        with lock.open("a") as handle:
            waited = 0.0
            while True:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if waited >= patience:
                        raise StoreError(
                            f"another load into {self.path} is still running after {waited:.0f} s; "
                            "try again when it has finished"
                        ) from None
                    time.sleep(0.2)
                    waited += 0.2
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def _sweep(self) -> None:
        """Remove what killed loads left behind (only ever called holding the writer lock)."""
        for leftover in self.path.parent.glob(f".{self.path.name}.load-*.tmp*"):
            leftover.unlink(missing_ok=True)
        for alias in self.path.parent.glob(f".{self.path.name}.read-*"):
            pid = alias.name.rsplit(".read-", 1)[1].split("-")[0]
            if pid.isdigit() and not _alive(int(pid)):
                alias.unlink(missing_ok=True)

    def _write(self, con: duckdb.DuckDBPyConnection, batch: Batch, changes: Changes) -> LoadOutcome:
        """Write one batch (or, for streamed rows, every batch sharing its :class:`Rows`)."""
        if isinstance(batch.data, Part):
            rows = batch.data.rows
            if rows.outcomes is None:
                rows.outcomes = self._write_parts(con, rows, changes)
            return rows.outcomes[batch.data.number]
        spec = tables.get(batch.table)
        missing = [c for c in spec.columns if c not in batch.data.column_names]
        if missing:
            raise StoreError(f"{batch.path}: rows for {batch.table} lack columns {missing}")
        view = "_incoming"
        con.register(view, batch.data)
        try:
            (outcome,) = self._insert(con, spec, [batch], f"SELECT *, 0 AS _part FROM {view}", changes)
        finally:
            con.unregister(view)
        return outcome

    def _write_parts(self, con: duckdb.DuckDBPyConnection, rows: Rows, changes: Changes) -> dict[int, LoadOutcome]:
        spec = tables.get(rows.batches[0].table)
        if rows.prepare is not None:
            rows.prepare(con)
        for name, table in rows.tables.items():
            con.register(name, table)
        try:
            outcomes = self._insert(con, spec, rows.batches, rows.sql, changes)
        finally:
            for name in rows.tables:
                con.unregister(name)
        return {batch.data.number: outcome for batch, outcome in zip(rows.batches, outcomes)}

    def _insert(
        self,
        con: duckdb.DuckDBPyConnection,
        spec: tables.TableSpec,
        batches: Sequence[Batch],
        select: str,
        changes: Changes,
    ) -> list[LoadOutcome]:
        """Insert the rows ``select`` gives (with ``_part``: the index of their batch) in one
        statement, skipping batches already loaded and replacing earlier rows of the same keys."""
        keys = [[b.table, b.source_key] for b in batches]
        con.execute('CREATE OR REPLACE TEMP TABLE _batch_keys ("table" VARCHAR, source_key VARCHAR)')
        con.executemany("INSERT INTO _batch_keys VALUES (?, ?)", keys)
        previous: dict[str, set[str]] = {}
        for key, sha in con.execute(
            'SELECT l.source_key, l.sha256 FROM _loads l JOIN _batch_keys k USING ("table", source_key)'
        ).fetchall():
            previous.setdefault(key, set()).add(sha)
        outcomes: list[LoadOutcome | None] = []
        parts: list[tuple[int, str, int]] = []
        now = datetime.now(timezone.utc).replace(tzinfo=None)
        for index, batch in enumerate(batches):
            before = previous.get(batch.source_key)
            if before and before == {batch.sha256}:
                outcomes.append(LoadOutcome(batch.table, batch.source_key, batch.path, 0, "unchanged"))
                continue
            outcomes.append(None)
            part = batch.data.number if isinstance(batch.data, Part) else index
            parts.append((part, batch.source_key, con.execute("SELECT nextval('load_ids')").fetchall()[0][0]))
        replaced = [k for _, k, _ in parts if k in previous]
        if replaced:  # rows only ever carry a key that _loads records, so a new key has none to remove
            con.execute(
                "CREATE OR REPLACE TEMP TABLE _replaced AS SELECT unnest(?::VARCHAR[]) AS source_key", [replaced]
            )
            _note_dates(
                con, spec, f'FROM "{spec.name}" WHERE source_key IN (SELECT source_key FROM _replaced)', [], changes
            )
            con.execute(f'DELETE FROM "{spec.name}" WHERE source_key IN (SELECT source_key FROM _replaced)').fetchall()
            con.execute(
                'DELETE FROM _loads WHERE "table" = ? AND source_key IN (SELECT source_key FROM _replaced)', [spec.name]
            ).fetchall()
        if parts:
            con.execute("CREATE OR REPLACE TEMP TABLE _parts (part INTEGER, source_key VARCHAR, load_id BIGINT)")
            con.executemany("INSERT INTO _parts VALUES (?, ?, ?)", parts)
            cols = ", ".join(f'"{c}"' for c in spec.columns)
            casts = ", ".join(f'CAST(r."{c}" AS {t}) AS "{c}"' for c, t in spec.columns.items())
            incoming = f"SELECT {casts}, p.source_key, p.load_id FROM ({select}) r JOIN _parts p ON r._part = p.part"
            if spec.key:
                con.execute(f"CREATE OR REPLACE TEMP TABLE _keyed AS {incoming}")
                self._replace_by_key(con, spec, batches[0], "_keyed", changes)
                incoming = "SELECT * FROM _keyed"
            con.execute(f'INSERT INTO "{spec.name}" ({cols}, source_key, load_id) {incoming}').fetchall()
            _note_dates(con, spec, f'FROM "{spec.name}" WHERE load_id IN (SELECT load_id FROM _parts)', [], changes)
        written = iter(parts)
        for index, batch in enumerate(batches):
            if outcomes[index] is not None:
                continue
            _, key, load_id = next(written)
            con.execute(
                "INSERT INTO _loads VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [load_id, batch.table, key, batch.path, batch.sha256, batch.reader, batch.num_rows, now],
            ).fetchall()
            self._keep_warnings(con, load_id, batch)
            outcomes[index] = LoadOutcome(
                batch.table, key, batch.path, batch.num_rows, "replaced" if key in previous else "loaded"
            )
        return outcomes

    @staticmethod
    def _keep_warnings(con: duckdb.DuckDBPyConnection, load_id: int, batch: Batch) -> None:
        """Plausibility warnings a batch was loaded with, kept beside its row in ``_loads``."""
        if not batch.warnings:
            return
        con.executemany(
            "INSERT INTO _load_warnings VALUES (?, ?, ?, ?, ?, ?)",
            [[load_id, w.path, w.sheet, w.row, w.column, w.message] for w in batch.warnings],
        )

    @staticmethod
    def _replace_by_key(
        con: duckdb.DuckDBPyConnection, spec: tables.TableSpec, batch: Batch, view: str, changes: Changes
    ) -> None:
        cols = ", ".join(f'"{c}"' for c in spec.key)
        dupes = con.execute(f"SELECT {cols}, count(*) FROM {view} GROUP BY ALL HAVING count(*) > 1 LIMIT 3").fetchall()
        if dupes:  # readers refuse these naming the rows; this guards the store against any other caller
            shown = "; ".join(", ".join(map(str, d[:-1])) for d in dupes)
            raise StoreError(f"{batch.path}: more than one row for the same {', '.join(spec.key)} ({shown})")
        match = " AND ".join(f'"{spec.name}"."{c}" = i."{c}"' for c in spec.key)
        _note_dates(con, spec, f'FROM "{spec.name}" JOIN {view} AS i ON {match}', [], changes, prefix=f'"{spec.name}".')
        con.execute(f'DELETE FROM "{spec.name}" USING {view} AS i WHERE {match}').fetchall()

    # -- reading -----------------------------------------------------------------------------
    def loads(self) -> list[dict]:
        with self.reading() as con:
            cur = con.execute("SELECT * FROM _loads ORDER BY load_id")
            names = [d[0] for d in cur.description]
            return [dict(zip(names, row)) for row in cur.fetchall()]

    def loaded_hashes(self) -> set[str]:
        """The sha256 of every file whose rows are in the store."""
        if not self.path.exists():
            return set()
        with self.reading() as con:
            return {r[0] for r in con.execute("SELECT DISTINCT sha256 FROM _loads").fetchall()}

    def count(self, table: str) -> int:
        with self.reading() as con:
            return con.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]


class Writer:
    """Writes batches into the copy a transaction works on, noting what each changes."""

    def __init__(self, store: Store, con: duckdb.DuckDBPyConnection):
        self.store = store
        self.con = con
        self.changes = Changes()

    def __call__(self, batch: Batch) -> LoadOutcome:
        return self.store._write(self.con, batch, self.changes)


def _note_dates(con, spec: tables.TableSpec, rows_sql: str, params: list, changes: Changes, prefix: str = "") -> None:
    """Record in ``changes`` the dates spanned by the rows ``rows_sql`` selects (FROM ... WHERE ...)."""
    if spec.time is tables.TimeRule.TIMELESS:
        changes.add(spec.name, None, None, timeless=True)
        return
    cols = [c for c, kind in spec.columns.items() if kind.upper().startswith(("DATE", "TIMESTAMP"))]
    lows = ", ".join(f'min({prefix}"{c}")::DATE' for c in cols)
    highs = ", ".join(f'max({prefix}"{c}")::DATE' for c in cols)
    first, last = con.execute(f"SELECT least({lows}), greatest({highs}) {rows_sql}", params).fetchone()
    changes.add(spec.name, first, last)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
