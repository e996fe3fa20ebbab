"""The embedded DuckDB store.

One DuckDB file (default ``./openpeel.duckdb``; ``--db`` or ``OPENPEEL_DB`` to change) holds the
standardised tables. Every row carries the ``source_key`` of what it came from (for example
``police-uk/stop-and-search/city-of-london/2016-01``): loading a newer download of the same thing
replaces those rows, loading the very same file again changes nothing, and all the files of one
load go in one transaction, so a failed load leaves the store exactly as it was.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import duckdb
import pyarrow as pa

from openpeel import duck, tables
from openpeel.errors import OpenpeelError

DEFAULT_PATH = "openpeel.duckdb"
SCHEMA_VERSION = "1"


class StoreError(OpenpeelError, RuntimeError):
    """The store cannot do what was asked; the message says why and what to do."""


def default_path() -> Path:
    return Path(os.environ.get("OPENPEEL_DB", DEFAULT_PATH))


@dataclass(frozen=True)
class Batch:
    """Rows for one table from one source file, replacing earlier rows with the same key."""

    table: str
    source_key: str
    data: pa.Table
    path: str
    sha256: str
    reader: str


@dataclass(frozen=True)
class LoadOutcome:
    table: str
    source_key: str
    path: str
    rows: int
    status: str  # "loaded", "replaced" or "unchanged"


_LOADS_DDL = """
CREATE TABLE IF NOT EXISTS _loads (
    load_id BIGINT NOT NULL,
    "table" VARCHAR NOT NULL,
    source_key VARCHAR NOT NULL,
    path VARCHAR NOT NULL,
    sha256 VARCHAR NOT NULL,
    reader VARCHAR NOT NULL,
    rows BIGINT NOT NULL,
    loaded_at TIMESTAMP NOT NULL
)
"""


class Store:
    def __init__(self, path: str | os.PathLike | None = None):
        self.path = Path(path) if path is not None else default_path()

    # -- connections -------------------------------------------------------------------------
    def connect(self, *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
        if read_only and not self.path.exists():
            self.ensure_schema()
        try:
            con = duck.connect(str(self.path), read_only=read_only)
        except duckdb.IOException as exc:
            raise StoreError(f"cannot open store {self.path}: {exc}") from exc
        return con

    def ibis(self):
        """An Ibis DuckDB backend over this store, read only."""

        self.ensure_schema()
        return duck.ibis_connect(str(self.path), read_only=True)

    def ensure_schema(self, names: Iterable[str] | None = None) -> None:
        specs = tables.all_tables() if names is None else [tables.get(n) for n in names]
        con = duck.connect(str(self.path))
        try:
            con.execute("CREATE TABLE IF NOT EXISTS _meta (key VARCHAR PRIMARY KEY, value VARCHAR)")
            found = con.execute("SELECT value FROM _meta WHERE key = 'schema_version'").fetchone()
            if found is None:
                con.execute("INSERT INTO _meta VALUES ('schema_version', ?)", [SCHEMA_VERSION])
            elif found[0] != SCHEMA_VERSION:
                raise StoreError(
                    f"store {self.path} has schema version {found[0]}, this openpeel writes "
                    f"{SCHEMA_VERSION}: load your files into a new store (--db)"
                )
            con.execute(_LOADS_DDL)
            con.execute("CREATE SEQUENCE IF NOT EXISTS load_ids")
            for spec in specs:
                con.execute(spec.ddl())
                self._check_columns(con, spec)
        finally:
            con.close()

    def _check_columns(self, con: duckdb.DuckDBPyConnection, spec: tables.TableSpec) -> None:
        have = [r[0] for r in con.execute(f'DESCRIBE "{spec.name}"').fetchall()]
        want = [*spec.columns, "source_key", "load_id"]
        if have != want:
            raise StoreError(
                f"table {spec.name} in {self.path} has columns {have}, this openpeel expects "
                f"{want}: load your files into a new store (--db)"
            )

    # -- writing -----------------------------------------------------------------------------
    def load(self, batches: Sequence[Batch]) -> list[LoadOutcome]:
        """Write all batches in one transaction; on any error nothing is written."""
        with self.transaction() as write:
            return [write(batch) for batch in batches]

    @contextmanager
    def transaction(self) -> Iterator[Callable[[Batch], LoadOutcome]]:
        """A writer for batches that all land together or not at all.

        Batches can be written as they are read, so a large load never holds every file in
        memory; any exception inside the block rolls back everything written in it.
        """
        self.ensure_schema()
        con = self.connect()
        try:
            con.execute("BEGIN TRANSACTION").fetchall()
            yield lambda batch: self._write(con, batch)
            con.execute("COMMIT").fetchall()
        except BaseException:
            con.execute("ROLLBACK").fetchall()
            raise
        finally:
            con.close()

    def _write(self, con: duckdb.DuckDBPyConnection, batch: Batch) -> LoadOutcome:
        spec = tables.get(batch.table)
        missing = [c for c in spec.columns if c not in batch.data.column_names]
        if missing:
            raise StoreError(f"{batch.path}: rows for {batch.table} lack columns {missing}")
        previous = con.execute(
            'SELECT sha256 FROM _loads WHERE "table" = ? AND source_key = ?',
            [batch.table, batch.source_key],
        ).fetchall()
        if previous and all(p[0] == batch.sha256 for p in previous):
            return LoadOutcome(batch.table, batch.source_key, batch.path, 0, "unchanged")
        if previous:  # rows only ever carry a key that _loads records, so a new key has none to remove
            con.execute(f'DELETE FROM "{batch.table}" WHERE source_key = ?', [batch.source_key]).fetchall()
            con.execute('DELETE FROM _loads WHERE "table" = ? AND source_key = ?', [batch.table, batch.source_key]).fetchall()
        load_id = con.execute("SELECT nextval('load_ids')").fetchall()[0][0]
        view = "_incoming"
        con.register(view, batch.data)
        try:
            if spec.key:
                self._replace_by_key(con, spec, batch, view)
            cols = ", ".join(f'"{c}"' for c in spec.columns)
            casts = ", ".join(f'CAST("{c}" AS {t})' for c, t in spec.columns.items())
            con.execute(
                f'INSERT INTO "{batch.table}" ({cols}, source_key, load_id) '
                f"SELECT {casts}, ?, ? FROM {view}",
                [batch.source_key, load_id],
            ).fetchall()
        finally:
            con.unregister(view)
        con.execute(
            "INSERT INTO _loads VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                load_id, batch.table, batch.source_key, batch.path, batch.sha256, batch.reader,
                batch.data.num_rows, datetime.now(timezone.utc).replace(tzinfo=None),
            ],
        ).fetchall()
        return LoadOutcome(
            batch.table, batch.source_key, batch.path, batch.data.num_rows,
            "replaced" if previous else "loaded",
        )

    @staticmethod
    def _replace_by_key(con: duckdb.DuckDBPyConnection, spec: tables.TableSpec, batch: Batch, view: str) -> None:
        cols = ", ".join(f'"{c}"' for c in spec.key)
        dupes = con.execute(
            f"SELECT {cols}, count(*) FROM {view} GROUP BY ALL HAVING count(*) > 1 LIMIT 3"
        ).fetchall()
        if dupes:
            shown = "; ".join(", ".join(map(str, d[:-1])) for d in dupes)
            raise StoreError(f"{batch.path}: more than one row for the same {', '.join(spec.key)} ({shown})")
        match = " AND ".join(f'"{spec.name}"."{c}" = i."{c}"' for c in spec.key)
        con.execute(f'DELETE FROM "{spec.name}" USING {view} AS i WHERE {match}').fetchall()

    # -- reading -----------------------------------------------------------------------------
    def loads(self) -> list[dict]:
        self.ensure_schema()
        con = self.connect(read_only=True)
        try:
            cur = con.execute('SELECT * FROM _loads ORDER BY load_id')
            names = [d[0] for d in cur.description]
            return [dict(zip(names, row)) for row in cur.fetchall()]
        finally:
            con.close()

    def loaded_hashes(self) -> set[str]:
        """The sha256 of every file whose rows are in the store."""
        if not self.path.exists():
            return set()
        self.ensure_schema([])
        con = self.connect(read_only=True)
        try:
            return {r[0] for r in con.execute("SELECT DISTINCT sha256 FROM _loads").fetchall()}
        finally:
            con.close()

    def count(self, table: str) -> int:
        self.ensure_schema([table])
        con = self.connect(read_only=True)
        try:
            return con.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
        finally:
            con.close()
