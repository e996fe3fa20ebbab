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
from dataclasses import dataclass, field
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


# Plausibility warnings a load was accepted with (see openpeel.sources.plausible), one row each.
_LOAD_WARNINGS_DDL = """
CREATE TABLE IF NOT EXISTS _load_warnings (
    load_id BIGINT NOT NULL,
    path VARCHAR NOT NULL,
    sheet VARCHAR,
    "row" BIGINT,
    "column" VARCHAR,
    message VARCHAR NOT NULL
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
        """Write one batch (or, for streamed rows, every batch sharing its :class:`Rows`)."""
        if isinstance(batch.data, Part):
            rows = batch.data.rows
            if rows.outcomes is None:
                rows.outcomes = self._write_parts(con, rows)
            return rows.outcomes[batch.data.number]
        spec = tables.get(batch.table)
        missing = [c for c in spec.columns if c not in batch.data.column_names]
        if missing:
            raise StoreError(f"{batch.path}: rows for {batch.table} lack columns {missing}")
        view = "_incoming"
        con.register(view, batch.data)
        try:
            (outcome,) = self._insert(con, spec, [batch], f"SELECT *, 0 AS _part FROM {view}")
        finally:
            con.unregister(view)
        return outcome

    def _write_parts(self, con: duckdb.DuckDBPyConnection, rows: Rows) -> dict[int, LoadOutcome]:
        spec = tables.get(rows.batches[0].table)
        if rows.prepare is not None:
            rows.prepare(con)
        for name, table in rows.tables.items():
            con.register(name, table)
        try:
            outcomes = self._insert(con, spec, rows.batches, rows.sql)
        finally:
            for name in rows.tables:
                con.unregister(name)
        return {batch.data.number: outcome for batch, outcome in zip(rows.batches, outcomes)}

    def _insert(self, con: duckdb.DuckDBPyConnection, spec: tables.TableSpec, batches: Sequence[Batch],
                select: str) -> list[LoadOutcome]:
        """Insert the rows ``select`` gives (with ``_part``: the index of their batch) in one
        statement, skipping batches already loaded and replacing earlier rows of the same keys."""
        keys = [[b.table, b.source_key] for b in batches]
        con.execute("CREATE OR REPLACE TEMP TABLE _batch_keys (\"table\" VARCHAR, source_key VARCHAR)")
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
            con.execute("CREATE OR REPLACE TEMP TABLE _replaced AS SELECT unnest(?::VARCHAR[]) AS source_key", [replaced])
            con.execute(f'DELETE FROM "{spec.name}" WHERE source_key IN (SELECT source_key FROM _replaced)').fetchall()
            con.execute('DELETE FROM _loads WHERE "table" = ? AND source_key IN (SELECT source_key FROM _replaced)',
                        [spec.name]).fetchall()
        if parts:
            con.execute("CREATE OR REPLACE TEMP TABLE _parts (part INTEGER, source_key VARCHAR, load_id BIGINT)")
            con.executemany("INSERT INTO _parts VALUES (?, ?, ?)", parts)
            cols = ", ".join(f'"{c}"' for c in spec.columns)
            casts = ", ".join(f'CAST(r."{c}" AS {t}) AS "{c}"' for c, t in spec.columns.items())
            incoming = f"SELECT {casts}, p.source_key, p.load_id FROM ({select}) r JOIN _parts p ON r._part = p.part"
            if spec.key:
                con.execute(f"CREATE OR REPLACE TEMP TABLE _keyed AS {incoming}")
                self._replace_by_key(con, spec, batches[0], "_keyed")
                incoming = "SELECT * FROM _keyed"
            con.execute(f'INSERT INTO "{spec.name}" ({cols}, source_key, load_id) {incoming}').fetchall()
        written = iter(parts)
        for index, batch in enumerate(batches):
            if outcomes[index] is not None:
                continue
            _, key, load_id = next(written)
            con.execute("INSERT INTO _loads VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        [load_id, batch.table, key, batch.path, batch.sha256, batch.reader, batch.num_rows, now]).fetchall()
            self._keep_warnings(con, load_id, batch)
            outcomes[index] = LoadOutcome(batch.table, key, batch.path, batch.num_rows,
                                          "replaced" if key in previous else "loaded")
        return outcomes

    @staticmethod
    def _keep_warnings(con: duckdb.DuckDBPyConnection, load_id: int, batch: Batch) -> None:
        """Plausibility warnings a batch was loaded with, kept beside its row in ``_loads``."""
        if not batch.warnings:
            return
        con.execute(_LOAD_WARNINGS_DDL)
        con.executemany(
            "INSERT INTO _load_warnings VALUES (?, ?, ?, ?, ?, ?)",
            [[load_id, w.path, w.sheet, w.row, w.column, w.message] for w in batch.warnings],
        )

    @staticmethod
    def _replace_by_key(con: duckdb.DuckDBPyConnection, spec: tables.TableSpec, batch: Batch, view: str) -> None:
        cols = ", ".join(f'"{c}"' for c in spec.key)
        dupes = con.execute(
            f"SELECT {cols}, count(*) FROM {view} GROUP BY ALL HAVING count(*) > 1 LIMIT 3"
        ).fetchall()
        if dupes:  # readers refuse these naming the rows; this guards the store against any other caller
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
